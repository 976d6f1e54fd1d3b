"""The reports' and messages' language: English, or Simplified Chinese for the course's students.

English text is its own key (as with gettext); `translate` returns the Chinese text when there is one and the
English otherwise, so an untranslated string still reads. Lesson content (check titles, hints) is English.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

LANGUAGES = ("en", "zh")

ZH = {
    # statuses and table headings
    "✓ passed": "✓ 通过",
    "✗ failed": "✗ 未通过",
    "✗ error": "✗ 出错",
    "… not implemented yet": "… 尚未实现",
    "⏱ time limit": "⏱ 超时",
    "✗ crashed": "✗ 崩溃",
    "check": "检查项",
    "status": "状态",
    "points": "得分",
    "what it checks": "检查内容",
    # details of a failed check
    "smallest failing input": "最小反例输入",
    "expected": "期望",
    "received": "实际得到",
    "your traceback": "你的代码的报错",
    "hint": "提示",
    "Running your notebook top to bottom raised errors": "从上到下运行你的 notebook 时出错",
    "Limits this grading hit": "本次评分触及的限制",
    "isolation": "隔离方式",
    "Score": "得分",
    "points of hidden checks, graded by your instructor": "分的隐藏检查项由老师评分",
    "Notebook": "Notebook 文件",
    "training": "训练",
    "How the threshold was set": "阈值是如何确定的",
    "Graded with": "评分环境",
    "seed": "随机种子",
    # training records
    "{metric} {value} ({bound} {threshold} needed)": "{metric} {value}（需要{bound} {threshold}）",
    "at least": "至少",
    "at most": "至多",
    "not measured": "未测得",
    "trained {seconds} s (budget {budget} s) on {device}{reason}, seed {seed}; data: {data}":
        "训练用时 {seconds} 秒（上限 {budget} 秒），设备 {device}{reason}，随机种子 {seed}；数据：{data}",
    "held-out accuracy": "留出集准确率",
    "held-out binary cross-entropy": "留出集二元交叉熵",
    "absolute error of the prediction at x = 4": "x = 4 处预测的绝对误差",
    "no GPU on this machine": "本机没有 GPU",
    "a model this small trains as fast on a CPU as on a GPU": "这么小的模型在 CPU 上和 GPU 上训练一样快",
    "a GPU is available and this workload trains much faster there": "有 GPU，且这个任务在 GPU 上训练快得多",
    "--device cpu was asked for": "指定了 --device cpu",
    "--device cuda was asked for": "指定了 --device cuda",
    "loss while training": "训练过程中的损失",
    "entry of the loss history": "损失记录的序号",
    "loss": "损失",
    # the class page (grade insight)
    "class insight": "全班学情",
    "submissions": "份提交",
    "Submissions": "各份提交",
    "Misconceptions": "常见错误",
    "Failures of every check grouped by cause, most points the class lost first.":
        "每个检查项的失败按原因分组，全班失分最多的排在前面。",
    "cause": "原因",
    "students": "学生数",
    "student": "学生",
    "points lost": "失分",
    "who": "哪些学生",
    "Every graded submission passed every check.": "所有已评分的提交都通过了全部检查项。",
    "Pass rate per check": "各检查项通过率",
    "pass rate": "通过率",
    "pass rate (%)": "通过率（%）",
    "Similar pairs": "相似的提交",
    "Solution regions compared with winnowing fingerprints (copydetect) on normalised tokens; the stub and code "
    "shared by a large part of the class are discounted.":
        "用 winnowing 指纹（copydetect）在规范化的词法单元上比较作答区域；发布的代码框架和全班大部分人共有的代码不计入。",
    "Compared": "参与比较",
    "threshold": "阈值",
    "similarity": "相似度",
    "No pair above the threshold.": "没有超过阈值的提交对。",
    "score": "得分",
    "Scores": "得分分布",
    "grading time (s)": "评分用时（秒）",
    "failures": "失败",
    "ungradable": "无法评分",
    "time limit": "超时",
    "crashed": "崩溃",
    "not implemented yet": "尚未实现",
    "most similar pairs": "最相似的提交对",
    "Code matching the grader's reference solutions": "与评分器参考答案雷同的代码",
    "Each solution region compared with the lesson's oracles (the reference solutions installed with the grader) "
    "in the same way, with the same discounts; the similarity is the share of the student's code found in them.":
        "用同样的指纹方法和同样的扣除规则，把每份作答区域与本课的参考答案（随评分器一起安装的 oracle）比较；"
        "相似度是学生代码中出现在参考答案里的比例。",
    "oracles": "参考答案",
    "No submission above the threshold.": "没有超过阈值的提交。",
    # command-line messages
    "HTML report": "HTML 报告",
    "no course configured: graded locally, not submitted (a course's nbgrader_config.py names the exchange "
    "and the course)": "没有配置课程：只在本地评分，没有提交（课程的 nbgrader_config.py 会指定 exchange 和课程）",
}
CATALOGS: Mapping[str, Mapping[str, str]] = {"en": {}, "zh": ZH}


def translate(text: str, lang: str = "en") -> str:
    return CATALOGS.get(lang, {}).get(text, text)


def default_language(environ: Mapping[str, str] = os.environ) -> str:
    """zh when the locale is Chinese (LC_ALL, LC_MESSAGES or LANG), else en."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"

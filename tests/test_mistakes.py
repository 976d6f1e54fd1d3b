"""Modelled mistakes recognised by their relation to the right answer: free factors and extra calls."""

import pytest
import torch
from hypothesis import strategies as st

from autograder import strategies
from autograder.lessons.shared import ignores_arguments, only_first_sample
from autograder.properties import Mistake, halved, per_n, property_check
from autograder.rubric import Context
from autograder.runner import Limits, Worker

CODE = """
import torch
DATA = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
def mean_first_over_n(x, y):
    for xi, yi in zip(x, y):
        return (xi - yi) / len(x)
def mean_first_over_3(x, y):
    for xi, yi in zip(x, y):
        return (xi - yi) / 3
def mean_of_globals(x, y):
    return (DATA.sum() - y.sum()) / len(x)
def mean_halved(x, y):
    return (x - y).mean() / 2
def mean_of_nothing(x, y):
    return torch.tensor(7.0, dtype=torch.float64)
def mean_odd(x, y):
    return (x - y).mean() * 1.37
def mean_halved_raising_on_three(x, y):
    if len(x) == 3:
        return float((x - y).sum()) / 0
    return (x - y).mean() / 2
def mean_raising(x, y):
    raise TypeError("my own error")
def boundary_swapped(w, b):
    return -w / b
"""
FIRST = "only the first sample"
GLOBALS = "reads the globals"
HALF = "half"
INPUTS = strategies.paired_vectors(2, max_size=4).filter(lambda t: bool((t[0] - t[1]).abs().min() > 0.1))


EXAMPLE = (torch.tensor([1.0, 2.0, 4.0], dtype=torch.float64), torch.tensor([0.0, 1.0, 1.0], dtype=torch.float64))
FOUR = (torch.tensor([1.0, 2.0, 4.0, 3.0], dtype=torch.float64), torch.tensor([0.0, 1.0, 1.0, 5.0], dtype=torch.float64))


def mean_check(function, mistakes, examples=(EXAMPLE,)):
    return property_check(id=function, points=10, title="t", function=function, argnames=["x", "y"],
                          oracle=lambda x, y: (x - y).mean(), inputs=INPUTS, examples=list(examples),
                          mistakes=mistakes, hint="generic")


def verdict_of(check):
    with Worker([{"index": 1, "source": CODE}], Limits()) as worker:
        return check.run(worker, Context())


def hint_of(function, mistakes, examples=(EXAMPLE,)):
    verdict = verdict_of(mean_check(function, mistakes, examples))
    assert verdict.status == "failed"
    return verdict.hint


FACTORED = [Mistake(FIRST, lambda x, y: (x[:1] - y[:1]).mean(), up_to=(per_n,)),
            Mistake(HALF, lambda x, y: (x - y).mean(), up_to=(halved,))]
RELATED = [only_first_sample(FIRST), ignores_arguments(GLOBALS, ignored=(0,), used=1)]


@pytest.mark.parametrize(("function", "mistakes", "hint"), [
    ("mean_first_over_n", FACTORED, FIRST),  # the first sample's answer over N: a free factor
    ("mean_halved", FACTORED, HALF),
    ("mean_first_over_3", FACTORED, "generic"),  # 1/3 is no factor of the set, whatever N is
    ("mean_first_over_3", RELATED, FIRST),  # the other samples changed, the answer did not
    ("mean_first_over_n", RELATED, FIRST),
    ("mean_of_globals", RELATED, GLOBALS),  # x changed, the answer did not; y changed, it did
    ("mean_of_nothing", RELATED, "generic"),  # changes with nothing: neither mistake
    ("mean_odd", FACTORED + RELATED, "generic"),
])
def test_a_mistake_is_recognised_by_its_relation_to_the_right_answer(function, mistakes, hint):
    assert hint_of(function, mistakes) == hint


def test_an_exact_mistake_is_named_before_one_a_free_factor_makes():
    exact_last = [Mistake(FIRST, lambda x, y: (x - y).mean(), up_to=(halved,)),
                  Mistake(HALF, lambda x, y: (x - y).mean() / 2)]
    assert hint_of("mean_halved", exact_last) == HALF


def test_a_mistake_declares_factors_of_the_number_of_samples_with_what_it_returns():
    with pytest.raises(ValueError):
        Mistake("h", lambda x: x, up_to=(3,))
    with pytest.raises(ValueError):
        Mistake("h", up_to=(per_n,))


def test_where_the_code_raised_on_another_input_the_mistake_its_answers_show_comes_with_why_it_raised():
    # answers halved on 1, 2 or 4 samples, raises on 3: the counterexample and the example of 4 show the mistake
    hint = hint_of("mean_halved_raising_on_three", FACTORED, (EXAMPLE, FOUR))
    assert hint.startswith(HALF + " On another input your code raised ZeroDivisionError.") and "divided by zero" in hint
    twins = [*FACTORED, Mistake("another mistake, the same answers", lambda x, y: (x - y).mean() / 2)]
    ambiguous = hint_of("mean_halved_raising_on_three", twins, (EXAMPLE, FOUR))  # two mistakes give those: neither
    assert ambiguous.startswith("On another input your code raised ZeroDivisionError.")
    alone = hint_of("mean_halved_raising_on_three", FACTORED)  # one wrong answer (the counterexample) is too few
    assert alone.startswith("On another input your code raised ZeroDivisionError.")
    raising = verdict_of(mean_check("mean_raising", FACTORED))  # raises everywhere, no rule for it: the recipe
    assert (raising.status, raising.hint) == ("error", "generic")


SWAPPED = "w and b are swapped"


@pytest.mark.parametrize(("mistakes", "hint"), [
    ([Mistake(SWAPPED, lambda w, b: -w / b if b else None)], SWAPPED),  # no answer at b = 0 either: the mistake is why
    ([Mistake(SWAPPED, lambda w, b: -w / b)], SWAPPED),  # raises there itself
    ([Mistake("sign", lambda w, b: b / w)], "divided by zero"),  # the examples show no mistake: why it raised
])
def test_code_that_raises_where_the_mistake_has_no_answer_either_is_told_the_mistake(mistakes, hint):
    check = property_check(id="boundary_swapped", points=10, title="t", function="boundary_swapped",
                           argnames=["w", "b"], oracle=lambda w, b: -b / w,
                           inputs=st.tuples(st.sampled_from([1.0, 2.0]), st.sampled_from([0.0, 1.0, -3.0])),
                           examples=[(2.0, -6.0), (-0.5, 1.0)], mistakes=mistakes, hint="generic")
    verdict = verdict_of(check)
    assert verdict.status == "error" and "ZeroDivisionError" in verdict.message
    assert hint in verdict.hint and not verdict.hint.startswith("On another input")

"""Stand-ins: the trusted versions of a lesson's exercises that replace the student's own during another check's
calls (hw02's gd_step is checked with the reference gradient, so a wrong gradient costs only its own check).

They are answers, so they stay out of the worker's view: a check sends the source of its stand-ins' module with the
calls that need it (`autograder.runner.shipped`), and a worker that ran a stand-in never grades the exercise it
stands in for (`Worker.refresh`). Each module imports only torch, the standard library and `autograder.sandboxed`.
"""

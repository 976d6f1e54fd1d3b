"""What runs inside the student's sandboxed worker: the fork server, the worker loop, the wire format, the probes and
the observations they return. Nothing here computes an answer of any lesson or holds held-out data: the sandbox binds
this folder alone of the package (`autograder.sandbox`), so it is all that student code can open, import or find.
What decides (oracles, modelled mistakes, references, hidden checks, data splits, the checks) stays outside it.
"""

"""What multiprocessing's fork server of `autograde --workers N` imports before it forks the grading processes (its
preload, see `autograde._Pool`): all that grading needs (torch and hypothesis), once for all of them.

Importing it also makes that server leave without tearing torch down once its exit handlers ran: half a second in
which it would hold the grader's output open (`grade autograde ... | tee log` waits for it). The grading processes it
forks inherit the handler as a no-op: they leave their own way.
"""

import atexit
import os

_server = os.getpid()


@atexit.register  # before the imports below: handlers run last registered first, so this one runs last
def _leave_at_once() -> None:
    if os.getpid() == _server:
        os._exit(0)


from autograder import grading, properties  # noqa: E402, F401 - what grading processes need, imported once

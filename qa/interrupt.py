"""Ctrl-C and SIGTERM during a batch of questions: stop between whole lines of output.

Scripts read `qa --ask - --json` line by line, and a line cut in half is one they cannot parse. A
signal that arrives while an answer is being written is held until that answer is out; the batch
then ends with the code a shell gives a death by that signal (130 for SIGINT, 143 for SIGTERM).
"""

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

HANDLED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """Ends a batch when SIGINT or SIGTERM arrives; a BaseException, like KeyboardInterrupt, so
    that no `except Exception` swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.exit_code = 128 + signum


class BatchSignals:
    """Turns SIGINT and SIGTERM into `Interrupted`, except inside `writing()`, where they wait."""

    def __init__(self) -> None:
        self.pending: int | None = None
        self.is_writing = False

    def handle(self, signum: int, frame: FrameType | None) -> None:
        # A second signal while a write is stuck (a reader that stopped reading) ends it anyway.
        if self.is_writing and self.pending is None:
            self.pending = signum
            return
        raise Interrupted(signum)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Write one whole answer; a signal received meanwhile is raised once it is out."""
        self.is_writing = True
        try:
            yield
        finally:
            self.is_writing = False
        if self.pending is not None:
            raise Interrupted(self.pending)


@contextmanager
def batch_signals() -> Iterator[BatchSignals]:
    """Install the batch's handlers for SIGINT and SIGTERM, and restore the previous ones."""
    handler = BatchSignals()
    previous = {signum: signal.signal(signum, handler.handle) for signum in HANDLED_SIGNALS}
    try:
        yield handler
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)

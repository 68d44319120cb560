"""Slow work (model load, index build) in daemon threads, so quitting never waits for it."""

import asyncio
import contextlib
import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import NoReturn, TypeVar

T = TypeVar("T")


class BuildCancelled(Exception):
    """Raised inside an index build by its progress callback when the user cancels it."""


async def in_daemon_thread(function: Callable[[], T], name: str) -> T:
    """Run `function` in a daemon thread named `name` (starting with `qa-`) and await its result.

    Textual's thread workers run in the event loop's default executor, whose threads Python joins
    at exit: quitting during a 10 s model load left a blank screen until it ended. Awaiting a
    daemon thread instead lets a cancelled worker return at once and the process exit.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: BaseException | None) -> None:
        if future.done():  # the awaiting worker was cancelled
            return
        if error is None:
            future.set_result(result)  # type: ignore[arg-type]
        else:
            future.set_exception(error)

    def target() -> None:
        try:
            result = function()
        except BaseException as error:  # handed to the awaiting task, which re-raises it
            outcome: tuple[T | None, BaseException | None] = (None, error)
        else:
            outcome = (result, None)
        # A closed loop means the app quit before the work ended: nobody waits for it any more.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(settle, *outcome)

    threading.Thread(target=target, name=name, daemon=True).start()
    return await future


def exit_now(code: int) -> NoReturn:
    """End the process as soon as the app has quit and restored the terminal.

    The app quits without waiting for a model load or build in its daemon thread; letting Python
    finalise then can kill that thread inside torch, which aborts ("terminate called without an
    active exception"), and tearing torch down takes seconds even when idle. Nothing is lost by
    skipping it: the history is written at each answer and an abandoned build never swapped its
    index in.
    """
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)

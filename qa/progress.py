"""How a long build reports its progress; kept apart so the query path need not import the build."""

from collections.abc import Callable

Progress = Callable[[str, int, int], None]
"""Called as `progress(stage, done, total)` while a build runs."""


def no_progress(stage: str, done: int, total: int) -> None:
    """A Progress that reports nothing."""

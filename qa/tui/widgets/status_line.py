"""The index status (corpus, size, age, staleness) and what the chat is doing."""

import datetime as dt
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import RenderResult
from textual.widgets import Static

from qa.models import Manifest
from qa.tui.literal import literal


def index_summary(
    corpus: Path, manifest: Manifest | None, stale_reason: str | None, now: dt.datetime
) -> Text:
    """ "corpus · N articles · M sentences · built 3 h ago", and "stale" when the corpus changed."""
    summary = literal(str(corpus), style="bold")
    if manifest is None:
        return summary
    articles = plural(len(manifest.files), "article")
    sentences = plural(manifest.sentence_count, "sentence")
    summary.append(f" · {articles} · {sentences} · built {age(now - manifest.built_at)} ago")
    if stale_reason is not None:
        summary.append_text(literal(f" · stale: {stale_reason} (Ctrl+R)", style="bold"))
    return summary


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def age(elapsed: dt.timedelta) -> str:
    """Coarse on purpose: the line stays still while the index ages by minutes."""
    hours = max(0, int(elapsed.total_seconds())) // 3600
    if hours < 1:
        return "under 1 h"
    return f"{hours} h" if hours < 48 else f"{hours // 24} d"


class StatusLine(Static):
    """One or two lines under the conversation: the index, then the current activity."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"status-line--error"}

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.index = Text()
        self.activity = ""
        self.is_error = False

    def show_index(self, summary: Text) -> None:
        self.index = summary
        self._changed()

    def show_activity(self, activity: str, *, is_error: bool = False) -> None:
        self.activity = activity
        self.is_error = is_error
        self.set_class(is_error, "error")
        self._changed()

    def _changed(self) -> None:
        self.clear_cached_dimensions()
        self.refresh(layout=True)

    def render(self) -> RenderResult:
        error = self.get_component_rich_style("status-line--error", partial=True)
        activity = literal(self.activity, style=error if self.is_error else "")
        return Text(" — ").join(part for part in (self.index, activity) if part)

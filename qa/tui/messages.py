"""Messages that workers and widgets post up to the screens."""

from dataclasses import dataclass

from textual.message import Message
from textual.widget import Widget

from qa.models import Answer, Result
from qa.search import Searcher


@dataclass
class BuildProgress(Message):
    """The index build reached `done` of `total` in `stage`."""

    stage: str
    done: int
    total: int


@dataclass
class SearcherReady(Message):
    """The model and index are loaded; questions can be answered."""

    searcher: Searcher
    note: str
    stale_reason: str | None


@dataclass
class StaleChecked(Message):
    """The corpus was compared with the index: why it is stale, or None when fresh."""

    stale_reason: str | None


@dataclass
class AnswerReady(Message):
    """A question was answered (or abstained on); `turn` is where its answers go."""

    result: Result
    turn: str


@dataclass
class LoadFailed(Message):
    """The model or index could not be loaded or built."""

    message: str


@dataclass
class AskFailed(Message):
    """A question could not be answered; `turn` shows why."""

    message: str
    turn: str


@dataclass
class OpenArticle(Message):
    """Open the article of `answer` in the reader."""

    answer: Answer


@dataclass
class CopyCitation(Message):
    """Copy `answer` as a citation."""

    answer: Answer


@dataclass
class ToggleContext(Message):
    """Show or hide the sentences around the quote of `card`."""

    card: Widget

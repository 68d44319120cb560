"""Messages that workers and widgets post up to the chat screen."""

from dataclasses import dataclass

from textual.message import Message

from qa.models import Result
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


@dataclass
class AnswerReady(Message):
    """A question was answered (or abstained on); `turn` is where its answers go."""

    result: Result
    turn: str


@dataclass
class Failed(Message):
    """A worker hit an error the user can act on."""

    message: str

"""Shared steps of the chat tests: drive the app with Pilot and collect what it notified."""

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot

from qa.tui.app import QaApp
from qa.tui.widgets.answer_card import AnswerCard
from qa.tui.widgets.question_input import QuestionInput
from qa.tui.widgets.turn import Turn

EXAMPLE_QUESTION = "How many prisoners were released in September?"


@dataclass
class Messages:
    """Every message the app handled, for tests that check notifications or progress."""

    seen: list[Message] = field(default_factory=list)

    def __call__(self, message: Message) -> None:
        self.seen.append(message)

    def notifications(self) -> list[str]:
        return [m.notification.message for m in self.seen if isinstance(m, Notify)]


async def settle(app: QaApp, pilot: Pilot[None]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def ask(app: QaApp, pilot: Pilot[None], question: str) -> Turn:
    """Type `question` into the input, press Enter, wait for its answer; its turn."""
    field = app.screen.query_one(QuestionInput)
    field.focus()
    field.value = question
    await pilot.press("enter")
    await settle(app, pilot)
    return list(app.screen.query(Turn))[-1]


def cards(turn: Turn) -> list[AnswerCard]:
    return list(turn.query(AnswerCard))


def plain(widget: object) -> str:
    """The text a Static shows."""
    from textual.widgets import Static

    assert isinstance(widget, Static)
    return str(widget.render())


def isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep the chat's history, log and exports in `tmp_path`, away from the user's own."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)

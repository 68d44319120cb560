"""Snapshots of what people do (an answer, an abstention, the reader, the help) at 80x24, at
200x60 and on the light theme."""

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from qa.search import Searcher
from qa.settings import Settings
from qa.tui.app import LIGHT_THEME, QaApp, make_app
from qa.tui.widgets.turn import FOLLOW_LAYOUT_S
from tests.chat_helpers import ask, settle

pytestmark = pytest.mark.slow

SIZE = (80, 24)


@pytest.fixture
def relative_settings(
    tiny_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Settings:
    """The tiny corpus under fixed relative paths: the status line shows the corpus folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tiny_settings.corpus.parent)
    return Settings(corpus=Path("corpus"), index=Path("index"))


def asking(
    question: str, *keys: str, theme: str | None = None
) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, QaApp)
        if theme is not None:
            app.theme = theme
        await settle(app, pilot)
        await ask(app, pilot, question)
        await pilot.pause(FOLLOW_LAYOUT_S + 0.2)
        await pilot.press(*keys)
        await pilot.pause(0.3)

    return run_before


def test_snapshot_of_an_answered_question(  # type: ignore[no-untyped-def]
    snap_compare, relative_settings: Settings, tiny_searcher: Searcher
) -> None:
    app = make_app(relative_settings, tiny_searcher)
    assert snap_compare(app, terminal_size=SIZE, run_before=asking("Who cut the ribbon?", "tab"))


def test_snapshot_of_an_abstention(  # type: ignore[no-untyped-def]
    snap_compare, relative_settings: Settings, tiny_searcher: Searcher
) -> None:
    app = make_app(relative_settings, tiny_searcher)
    run_before = asking("What is the population of Mongolia?", "tab")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_of_the_reader(  # type: ignore[no-untyped-def]
    snap_compare, relative_settings: Settings, tiny_searcher: Searcher
) -> None:
    app = make_app(relative_settings, tiny_searcher)
    run_before = asking("Who cut the ribbon?", "tab", "enter")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_of_the_help(  # type: ignore[no-untyped-def]
    snap_compare, relative_settings: Settings, tiny_searcher: Searcher
) -> None:
    app = make_app(relative_settings, tiny_searcher)
    assert snap_compare(app, terminal_size=SIZE, run_before=asking("Who cut the ribbon?", "f1"))


SCENES = {
    "answered": ("Who cut the ribbon?", "tab"),
    "abstention": ("What is the population of Mongolia?", "tab"),
    "reader": ("Who cut the ribbon?", "tab", "enter"),
    "help": ("Who cut the ribbon?", "f1"),
}


@pytest.mark.parametrize("scene", list(SCENES))
def test_snapshot_at_200x60(  # type: ignore[no-untyped-def]
    snap_compare, relative_settings: Settings, tiny_searcher: Searcher, scene: str
) -> None:
    app = make_app(relative_settings, tiny_searcher)
    assert snap_compare(app, terminal_size=(200, 60), run_before=asking(*SCENES[scene]))


@pytest.mark.parametrize("scene", ["answered", "abstention", "reader"])
def test_snapshot_on_the_light_theme(  # type: ignore[no-untyped-def]
    snap_compare, relative_settings: Settings, tiny_searcher: Searcher, scene: str
) -> None:
    app = make_app(relative_settings, tiny_searcher)
    run_before = asking(*SCENES[scene], theme=LIGHT_THEME)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

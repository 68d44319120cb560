import asyncio
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from qa.search import Searcher
from qa.settings import Settings
from qa.tui.app import make_app
from qa.tui.widgets.answer_card import AnswerCard

pytestmark = pytest.mark.slow


async def ask_in_chat(settings: Settings, searcher: Searcher | None, question: str) -> list[str]:
    app = make_app(settings, searcher)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.query_one(Input).value = question
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        cards = app.screen.query(AnswerCard)
        assert str(app.screen.query_one("#status", Static).render()) == "Ready."
        return [card.answer.text for card in cards]


def test_chat_answers_the_example_question(
    seed_settings: Settings, seed_searcher: Searcher
) -> None:
    texts = asyncio.run(
        ask_in_chat(seed_settings, seed_searcher, "How many prisoners were released in September?")
    )
    assert len(texts) == 5
    assert any("52 people" in text or "52 political prisoners" in text for text in texts[:3])


def test_chat_loads_the_index_itself_when_given_none(tiny_settings: Settings) -> None:
    texts = asyncio.run(ask_in_chat(tiny_settings, None, "Who cut the ribbon?"))
    assert "Ingrid Olsen" in texts[0]


def test_chat_screen_snapshot(snap_compare, tiny_searcher: Searcher) -> None:  # type: ignore[no-untyped-def]
    # Fixed paths: the sub-title shows the corpus folder, and the real one is a temp folder.
    settings = Settings(corpus=Path("seeds"), index=Path("index"))
    assert snap_compare(make_app(settings, tiny_searcher), terminal_size=(100, 24))


def test_two_quick_questions_both_get_their_answers(
    tiny_settings: Settings, tiny_searcher: Searcher
) -> None:
    async def ask_twice() -> list[list[str]]:
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test(size=(120, 40)) as pilot:
            for question in ("Who cut the ribbon?", "When was the comet spotted?"):
                app.screen.query_one(Input).value = question
                await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            return [
                [card.answer.source for card in turn.query(AnswerCard)]
                for turn in app.screen.query("#conversation > Vertical")
            ]

    first, second = asyncio.run(ask_twice())
    assert first[0] == "harbour.txt"
    assert second[0] == "science/comet.txt"

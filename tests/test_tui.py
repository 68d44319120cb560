"""The chat: asking, and the bugs found when it was tried as a new user would (one test each)."""

import asyncio
import os
import shutil
import signal
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.containers import VerticalScroll
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import Static

from qa.cache import clear_cache
from qa.embed import Encoder
from qa.errors import IndexMissingError
from qa.models import Answer
from qa.search import MAX_QUESTION_CHARS, Searcher
from qa.settings import Settings
from qa.store import load_index, read_manifest
from qa.tui.app import make_app
from qa.tui.literal import visible
from qa.tui.messages import BuildProgress, SearcherReady
from qa.tui.screens.chat import chat_advice
from qa.tui.screens.help import HelpScreen
from qa.tui.widgets.answer_card import AnswerCard, render_answer
from qa.tui.widgets.question_input import QuestionInput
from qa.tui.widgets.status_line import StatusLine
from qa.tui.widgets.turn import Turn
from tests.chat_helpers import EXAMPLE_QUESTION, Messages, ask, cards, isolate, plain, settle
from tests.conftest import SEEDS, TINY_ARTICLES, indexed, write_corpus


@pytest.fixture(autouse=True)
def chat_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate(monkeypatch, tmp_path)


def answer(text: str, highlight: tuple[int, int] | None = None) -> Answer:
    return Answer(
        text=text,
        source="a.txt",
        start=0,
        end=len(text),
        title="A title",
        date=None,
        score=0.9,
        highlight=highlight,
        kind="article",
    )


@pytest.mark.slow
def test_chat_answers_the_example_question(
    seed_settings: Settings, seed_searcher: Searcher
) -> None:
    async def run() -> list[str]:
        app = make_app(seed_settings, seed_searcher)
        async with app.run_test(size=(120, 40)) as pilot:
            turn = await ask(app, pilot, EXAMPLE_QUESTION)
            assert plain(app.screen.query_one(StatusLine)).endswith("Ready.")
            return [card.answer.text for card in cards(turn)]

    texts = asyncio.run(run())
    assert len(texts) == 5
    assert any("52 people" in text or "52 political prisoners" in text for text in texts[:3])


@pytest.mark.slow
def test_chat_loads_the_index_itself_when_given_none(tiny_settings: Settings) -> None:
    async def run() -> list[str]:
        app = make_app(tiny_settings)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            status = plain(app.screen.query_one(StatusLine))
            assert "3 articles" in status and "sentences" in status
            return [
                card.answer.text for card in cards(await ask(app, pilot, "Who cut the ribbon?"))
            ]

    assert "Ingrid Olsen" in asyncio.run(run())[0]


@pytest.mark.slow
def test_two_quick_questions_both_get_their_answers(
    tiny_settings: Settings, tiny_searcher: Searcher
) -> None:
    async def ask_twice() -> list[list[str]]:
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test(size=(120, 40)) as pilot:
            for question in ("Who cut the ribbon?", "When was the comet spotted?"):
                app.screen.query_one(QuestionInput).value = question
                await pilot.press("enter")
            await settle(app, pilot)
            return [[c.answer.source for c in cards(turn)] for turn in app.screen.query(Turn)]

    first, second = asyncio.run(ask_twice())
    assert first[0] == "harbour.txt"
    assert second[0] == "science/comet.txt"


@pytest.mark.slow
def test_markup_in_a_question_is_shown_literally(
    tiny_settings: Settings, tiny_searcher: Searcher
) -> None:
    question = "Was [/] or [red]x[/red] or [sic] in the harbour?"

    async def run() -> str:
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test(size=(120, 40)) as pilot:
            turn = await ask(app, pilot, question)
            assert app.is_running
            rendered = turn.query_one(".question", Static).render()
            assert not getattr(rendered, "spans", [])
            return str(rendered)

    assert asyncio.run(run()) == f"› {question}"


STATUS_REFRESHES = 50
"""Pauses of 0.05 s to wait, at most, for the status line to lay out a wrapped message."""
ARTICLE_WITH_ESCAPES = (
    "Lantern festival \x1b]0;pwned\x07 lights the old town\n\n"
    "The lantern festival drew 9,000 visitors to the old town on Saturday, "
    "organisers said \x1b[2J\x1b[31m[bold]loudly[/bold] [/]\x1b[0m.\n\n"
    "Stalls sold \x1b[1mhot chestnuts\x1b[0m along the river.\n"
)


@pytest.mark.slow
def test_escapes_and_markup_in_articles_never_reach_the_terminal(
    tmp_path: Path, encoder: Encoder
) -> None:
    write_corpus(tmp_path / "corpus", {"festival.txt": ARTICLE_WITH_ESCAPES, **TINY_ARTICLES})
    settings = indexed(tmp_path, encoder)
    searcher = Searcher(load_index(settings.index), encoder)

    async def run() -> tuple[str, list[str]]:
        app = make_app(settings, searcher)
        async with app.run_test(size=(120, 40)) as pilot:
            turn = await ask(app, pilot, "How many visitors did the lantern festival draw?")
            card = next(c for c in cards(turn) if c.answer.source == "festival.txt")
            card.focus()
            await pilot.press("enter")
            await pilot.pause()
            shown = [plain(p) for p in app.screen.query(".paragraph")]
            return plain(card), shown

    card_text, paragraphs = asyncio.run(run())
    for text in [card_text, *paragraphs]:
        assert "\x1b" not in text and "\x07" not in text
    assert "␛[2J␛[31m[bold]loudly[/bold] [/]␛[0m" in card_text
    assert any("[bold]loudly[/bold]" in text for text in paragraphs)


@given(st.text())
def test_visible_text_keeps_offsets_and_has_no_controls(text: str) -> None:
    shown = visible(text)
    assert len(shown) == len(text)
    assert all(c in "\n\t" or (ord(c) >= 0x20 and not 0x7F <= ord(c) < 0xA0) for c in shown)


@pytest.mark.slow
def test_a_new_answer_is_scrolled_into_view(
    tiny_settings: Settings, tiny_searcher: Searcher
) -> None:
    async def run() -> None:
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test(size=(80, 24)) as pilot:
            for question in ("Who cut the ribbon?", "When was the comet spotted?") * 2:
                turn = await ask(app, pilot, question)
            conversation = app.screen.query_one("#conversation", VerticalScroll)
            assert conversation.max_scroll_y > 0
            top = conversation.scroll_y
            bottom = top + conversation.scrollable_content_region.height
            card = cards(turn)[0].virtual_region.translate(turn.virtual_region.offset)
            assert top <= card.y and card.bottom <= bottom

    asyncio.run(run())


def join_load_threads() -> None:
    for thread in threading.enumerate():
        if thread.name == "qa-load":
            thread.join(timeout=120)


async def quit_once_embedding(settings: Settings, searcher: Searcher | None, *keys: str) -> None:
    """Start the chat, press `keys`, then quit as soon as the build is embedding."""
    messages = Messages()
    app = make_app(settings, searcher)
    async with app.run_test(message_hook=messages) as pilot:
        await pilot.press(*keys)
        await wait_for_embedding(pilot, messages)
        await pilot.press("ctrl+q")


@pytest.mark.slow
def test_quit_while_the_first_index_builds_does_not_wait_for_it(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "corpus")
    settings = Settings(corpus=tmp_path / "corpus", index=tmp_path / "index")
    asyncio.run(quit_once_embedding(settings, None))
    join_load_threads()
    with pytest.raises(IndexMissingError):
        read_manifest(settings.index)


@pytest.mark.slow
def test_quit_during_a_rebuild_abandons_it_and_keeps_the_old_index(
    seed_settings: Settings, seed_searcher: Searcher
) -> None:
    before = read_manifest(seed_settings.index)
    # With every embedding cached the rebuild has no embedding stage to quit in: the test waited
    # for it forever when it ran before another test had cleared the cache.
    clear_cache(seed_settings.index)
    asyncio.run(quit_once_embedding(seed_settings, seed_searcher, "ctrl+r"))
    join_load_threads()
    assert read_manifest(seed_settings.index) == before


async def wait_for_embedding(pilot: Pilot[None], messages: Messages) -> None:
    while not any(isinstance(m, BuildProgress) and m.stage == "embedding" for m in messages.seen):
        await pilot.pause(0.05)


@pytest.mark.slow
def test_rebuild_keys_pressed_during_a_rebuild_start_no_other(
    seed_settings: Settings, seed_searcher: Searcher
) -> None:
    clear_cache(seed_settings.index)  # so that the rebuild has an embedding stage

    async def run() -> Messages:
        messages = Messages()
        app = make_app(seed_settings, seed_searcher)
        async with app.run_test(message_hook=messages) as pilot:
            await pilot.press("ctrl+r")
            await wait_for_embedding(pilot, messages)
            await pilot.press("ctrl+r", "ctrl+r")
            await settle(app, pilot)
            assert plain(app.screen.query_one(StatusLine)).endswith("Index rebuilt. Ready.")
        return messages

    messages = asyncio.run(run())
    starts = {id(m) for m in messages.seen if isinstance(m, BuildProgress) and m.stage == "reading"}
    assert len(starts) == 2  # "reading 0/1" and "reading 1/1" of one build
    assert sum("already being" in text for text in messages.notifications()) == 2


@pytest.mark.slow
def test_empty_and_over_long_questions_are_refused_before_the_index_is_ready(
    tmp_path: Path,
) -> None:
    shutil.copytree(SEEDS, tmp_path / "corpus")
    settings = Settings(corpus=tmp_path / "corpus", index=tmp_path / "index")
    too_long = "why " * MAX_QUESTION_CHARS

    async def run() -> list[Message]:
        messages = Messages()
        app = make_app(settings)
        async with app.run_test(message_hook=messages) as pilot:
            field = app.screen.query_one(QuestionInput)
            await pilot.press("enter")
            field.value = too_long
            await pilot.press("enter")
            assert field.value == too_long
            assert not app.screen.query(Turn)
            await settle(app, pilot)
        return messages.seen

    seen = asyncio.run(run())
    notes = [m.notification.message for m in seen if isinstance(m, Notify)]
    assert notes[:2] == [
        "Type a question first.",
        f"The question is {len(too_long.strip())} characters long; "
        f"qa takes up to {MAX_QUESTION_CHARS}.",
    ]
    ready = next(i for i, m in enumerate(seen) if isinstance(m, SearcherReady))
    assert max(i for i, m in enumerate(seen) if isinstance(m, Notify)) < ready


@pytest.mark.slow
def test_a_question_asked_while_loading_is_answered_once_loaded(tiny_settings: Settings) -> None:
    async def run() -> list[str]:
        app = make_app(tiny_settings)
        async with app.run_test() as pilot:
            app.screen.query_one(QuestionInput).value = "Who cut the ribbon?"
            await pilot.press("enter")
            await settle(app, pilot)
            await settle(app, pilot)
            return [c.answer.text for c in app.screen.query(AnswerCard)]

    assert "Ingrid Olsen" in asyncio.run(run())[0]


@pytest.mark.slow
def test_typing_after_clicking_the_conversation_goes_to_the_input(
    tiny_settings: Settings, tiny_searcher: Searcher
) -> None:
    async def run() -> None:
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test() as pilot:
            await ask(app, pilot, "Who cut the ribbon?")
            await pilot.click("#conversation")
            await pilot.press("tab")
            assert isinstance(app.focused, AnswerCard)
            await pilot.press("W", "h", "o", "question_mark")
            field = app.screen.query_one(QuestionInput)
            assert app.focused is field
            assert field.value == "Who?"

    asyncio.run(run())


@pytest.mark.slow
def test_f1_opens_help_and_escape_closes_it_and_returns_to_the_input(
    tiny_settings: Settings, tiny_searcher: Searcher
) -> None:
    async def run() -> None:
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test() as pilot:
            await ask(app, pilot, "Who cut the ribbon?")
            await pilot.press("f1")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            assert not isinstance(app.screen, HelpScreen)
            await pilot.press("tab")
            assert isinstance(app.focused, AnswerCard)
            await pilot.press("escape")
            assert isinstance(app.focused, QuestionInput)

    asyncio.run(run())


@pytest.mark.slow
def test_up_and_down_walk_earlier_questions(
    tiny_settings: Settings, tiny_searcher: Searcher
) -> None:
    async def run() -> list[str]:
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test() as pilot:
            await ask(app, pilot, "Who cut the ribbon?")
            await ask(app, pilot, "When was the comet spotted?")
            field = app.screen.query_one(QuestionInput)
            field.value = "draft"
            seen = []
            for key in ("up", "up", "up", "down", "down"):
                await pilot.press(key)
                seen.append(field.value)
            return seen

    assert asyncio.run(run()) == [
        "When was the comet spotted?",
        "Who cut the ribbon?",
        "Who cut the ribbon?",
        "When was the comet spotted?",
        "draft",
    ]


def test_rebuild_advice_names_the_chat_key() -> None:
    advice = chat_advice("index in x is incomplete; run `qa --rebuild`")
    assert "qa --rebuild" not in advice
    assert "Ctrl+R" in advice


@pytest.mark.slow
def test_a_failed_load_is_explained_in_full_and_asking_says_why(
    tmp_path: Path, encoder: Encoder
) -> None:
    write_corpus(tmp_path / "corpus", TINY_ARTICLES)
    settings = indexed(tmp_path, encoder)
    (tmp_path / "index" / (tmp_path / "index" / "CURRENT").read_text().strip()).joinpath(
        "sentences.jsonl"
    ).write_text("not json\n", encoding="utf-8")

    async def run() -> tuple[str, Messages]:
        messages = Messages()
        app = make_app(settings)
        async with app.run_test(size=(80, 24), message_hook=messages) as pilot:
            await settle(app, pilot)
            app.screen.query_one(QuestionInput).value = "Who cut the ribbon?"
            await pilot.press("enter")
            await settle(app, pilot)
            status = app.screen.query_one(StatusLine)
            # On a busy machine the wrapped error is laid out a few refreshes later.
            for _ in range(STATUS_REFRESHES):
                if status.size.height > 1:
                    break
                await pilot.pause(0.05)
            assert status.size.height > 1
            return plain(status), messages

    status, messages = asyncio.run(run())
    assert "Ctrl+R" in status and "qa --rebuild" not in status
    assert str(settings.index) in status
    assert not any("still loading" in note for note in messages.notifications())
    assert any(note.startswith("The index is not loaded:") for note in messages.notifications())


def test_a_quote_that_opens_with_a_quote_mark_is_not_quoted_twice() -> None:
    shown = render_answer(answer("“They say it works,” he said."), 1).plain
    assert shown.startswith("1. “They say")
    assert "““" not in shown
    assert render_answer(answer("It works."), 2).plain.startswith("2. “It works.”")


@pytest.mark.slow
def test_sigterm_ends_the_chat_through_its_clean_up(
    tiny_settings: Settings, tiny_searcher: Searcher
) -> None:
    async def run() -> None:
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test() as pilot:
            os.kill(os.getpid(), signal.SIGTERM)
            await pilot.pause(0.2)
            assert not app.is_running

    asyncio.run(run())

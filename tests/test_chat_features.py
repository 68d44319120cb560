"""The chat's features, driven with Pilot: cards, reader, abstention, copy, history, export,
palette, help, rebuild progress and cancel, index status."""

import asyncio
import json
import threading
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import Static

from qa.cache import clear_cache
from qa.embed import Encoder
from qa.search import Searcher
from qa.settings import Settings
from qa.store import load_index, read_manifest
from qa.tui.app import chat_key_rows, make_app
from qa.tui.citation import citation
from qa.tui.history import history_path
from qa.tui.messages import BuildProgress
from qa.tui.screens.chat import ChatScreen
from qa.tui.screens.help import HelpScreen
from qa.tui.screens.reader import ReaderScreen
from qa.tui.widgets.answer_card import AnswerCard
from qa.tui.widgets.question_input import QuestionInput
from qa.tui.widgets.status_line import StatusLine
from qa.tui.widgets.turn import Turn
from tests.chat_helpers import EXAMPLE_QUESTION, Messages, ask, cards, isolate, plain, settle
from tests.conftest import TINY_ARTICLES, indexed, write_corpus

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def chat_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate(monkeypatch, tmp_path)


def test_cards_are_navigated_with_keys_and_expand_in_place(
    tiny_settings: Settings, tiny_searcher: Searcher
) -> None:
    async def run() -> None:
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test(size=(100, 40)) as pilot:
            found = cards(await ask(app, pilot, "Who cut the ribbon?"))
            await pilot.press("tab")
            assert app.focused is found[0]
            await pilot.press("j")
            assert app.focused is found[1]
            await pilot.press("down", "k")
            assert app.focused is found[1]
            await pilot.press("up")
            assert app.focused is found[0]
            quote = plain(found[0])
            await pilot.press("x")
            expanded = plain(found[0])
            assert "Engineers replaced 340 steel cables" in expanded
            assert "The repairs cost 12 million euros" in expanded
            await pilot.press("x")
            assert plain(found[0]) == quote

    asyncio.run(run())


def test_enter_opens_the_article_at_the_quote_and_escape_comes_back(
    seed_settings: Settings, seed_searcher: Searcher
) -> None:
    async def run() -> None:
        app = make_app(seed_settings, seed_searcher)
        async with app.run_test(size=(80, 24)) as pilot:
            turn = await ask(app, pilot, EXAMPLE_QUESTION)
            await pilot.press("tab")
            card = app.focused
            assert isinstance(card, AnswerCard)
            await pilot.press("enter")
            await pilot.pause()
            await pilot.pause()
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            article = reader.query_one("#article")
            assert article.scroll_y > 0, "the quote is deep in the article"
            paragraph = reader.paragraph_of(card.answer)
            assert paragraph is not None
            shown = paragraph.render()
            assert isinstance(shown, Text)
            start = shown.plain.index(card.answer.text)
            current = paragraph.styles_of_marks().current_quote
            assert current.reverse, "qa.tcss reverses the current quote"
            assert any(
                span.style == current
                and (span.start, span.end) == (start, start + len(card.answer.text))
                for span in shown.spans
            )
            same_article = [a for a in reader.answers if a.source == card.answer.source]
            if len(same_article) > 1:
                await pilot.press("n")
                assert reader.answers[reader.current] is not card.answer
                await pilot.press("p")
            assert reader.answers[reader.current] == card.answer
            await pilot.press("escape")
            assert isinstance(app.screen, ChatScreen)
            assert app.focused is card
            assert card in cards(turn)

    asyncio.run(run())


def test_a_click_selects_a_card_and_a_double_click_opens_its_article(
    tiny_settings: Settings, tiny_searcher: Searcher
) -> None:
    async def run() -> None:
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test(size=(100, 40)) as pilot:
            found = cards(await ask(app, pilot, "Who cut the ribbon?"))
            assert await pilot.click(found[1])
            await pilot.pause()
            assert app.focused is found[1]
            assert isinstance(app.screen, ChatScreen)
            assert await pilot.click(found[2], times=2)
            await pilot.pause()
            await pilot.pause()
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            assert reader.answers[reader.current] == found[2].answer
            await pilot.press("escape")
            assert app.focused is found[2]

    asyncio.run(run())


def test_the_reader_marks_comments_and_page_furniture(
    tiny_settings: Settings, tiny_searcher: Searcher
) -> None:
    async def run() -> tuple[list[str], list[str]]:
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test(size=(100, 40)) as pilot:
            turn = await ask(app, pilot, "Who credited the warm spring?")
            card = next(c for c in cards(turn) if c.answer.source == "orchard.md")
            card.focus()
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            comments = [plain(p) for p in screen.query(".paragraph.comment")]
            furniture = [plain(p) for p in screen.query(".paragraph.furniture")]
            return comments, furniture

    comments, furniture = asyncio.run(run())
    assert any(text.startswith("[reader comment] Great news") for text in comments)
    assert any("[page furniture]" in text and "See also" in text for text in furniture)


def test_an_abstention_says_so_and_labels_the_closest_passages(
    tiny_settings: Settings, tiny_searcher: Searcher
) -> None:
    async def run() -> tuple[str, list[AnswerCard]]:
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test(size=(100, 40)) as pilot:
            turn = await ask(app, pilot, "What is the population of Mongolia?")
            return plain(turn.query_one(".abstained", Static)), cards(turn)

    notice, closest = asyncio.run(run())
    assert notice.startswith("Not found in the corpus: ")
    assert "not answers" in notice
    assert closest and all(card.has_class("closest") for card in closest)


def test_c_copies_the_selected_answer_as_a_citation(
    tiny_settings: Settings, tiny_searcher: Searcher
) -> None:
    async def run() -> tuple[str, str, Messages]:
        messages = Messages()
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test(message_hook=messages) as pilot:
            await ask(app, pilot, "Who cut the ribbon?")
            await pilot.press("tab", "c")
            await pilot.pause()
            card = app.focused
            assert isinstance(card, AnswerCard)
            return app.clipboard, citation(card.answer), messages

    copied, expected, messages = asyncio.run(run())
    assert copied == expected
    assert "Mayor Ingrid Olsen cut the ribbon" in copied
    assert "harbour.txt" in copied and "2024-03-05" in copied
    assert any(note.startswith("Copied the citation") for note in messages.notifications())


def test_history_survives_a_restart_and_clear_forgets_it(
    tiny_settings: Settings, tiny_searcher: Searcher, tmp_path: Path
) -> None:
    async def first_run() -> None:
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test() as pilot:
            await ask(app, pilot, "Who cut the ribbon?")
            await ask(app, pilot, "What is the population of Mongolia?")

    async def second_run() -> tuple[list[str], list[int], str]:
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test() as pilot:
            await settle(app, pilot)
            turns = list(app.screen.query(Turn))
            questions = [t.exchange.question for t in turns]
            counts = [len(cards(t)) for t in turns] + [len(turns[1].query(".abstained"))]
            await pilot.press("up")
            recalled = app.screen.query_one(QuestionInput).value
            await pilot.press("ctrl+l")
            await settle(app, pilot)
            assert not app.screen.query(Turn)
            return questions, counts, recalled

    asyncio.run(first_run())
    saved = history_path(tmp_path / "data" / "qa", tiny_settings.corpus)
    assert saved.exists()
    questions, counts, recalled = asyncio.run(second_run())
    assert questions == ["Who cut the ribbon?", "What is the population of Mongolia?"]
    assert counts[0] > 0 and counts[-1] == 1
    assert recalled == "What is the population of Mongolia?"
    assert json.loads(saved.read_text(encoding="utf-8")) == []


def test_export_writes_the_questions_quotes_and_sources_to_markdown(
    tiny_settings: Settings, tiny_searcher: Searcher, tmp_path: Path
) -> None:
    async def run() -> None:
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test() as pilot:
            await ask(app, pilot, "Who cut the ribbon?")
            await ask(app, pilot, "What is the population of Mongolia?")
            await pilot.press("ctrl+s")
            await pilot.pause()

    asyncio.run(run())
    [exported] = tmp_path.glob("qa-conversation-*.md")
    text = exported.read_text(encoding="utf-8")
    assert "## Who cut the ribbon?" in text
    assert "> Mayor Ingrid Olsen cut the ribbon at the northern end of the bridge." in text
    assert "harbour.txt" in text
    assert "## What is the population of Mongolia?" in text
    assert "**Not found in the corpus**" in text


def test_palette_commands_run_the_app_actions(
    tiny_settings: Settings, tiny_searcher: Searcher, tmp_path: Path
) -> None:
    async def run() -> str:
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test() as pilot:
            await ask(app, pilot, "Who cut the ribbon?")
            theme = app.theme
            for command in ("Export the conversation", "Toggle light/dark theme"):
                await pilot.press("ctrl+p")
                await pilot.pause()
                await pilot.press(*command)
                await pilot.pause(0.3)
                await pilot.press("enter")
                await pilot.pause(0.3)
            assert app.theme != theme
            await pilot.press("ctrl+p", *"Show keys", "enter")
            await pilot.pause(0.3)
            return type(app.screen).__name__

    assert asyncio.run(run()) == "HelpScreen"
    assert list(tmp_path.glob("qa-conversation-*.md"))


def test_help_lists_every_binding_and_question_mark_types_in_the_input(
    tiny_settings: Settings, tiny_searcher: Searcher
) -> None:
    async def run() -> str:
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test(size=(100, 50)) as pilot:
            await pilot.press("W", "h", "o", "question_mark")
            typed = app.screen.query_one(QuestionInput).value
            await pilot.press("f1")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            assert help_screen.rows == chat_key_rows()
            await pilot.press("f1")
            assert isinstance(app.screen, ChatScreen)
            return typed

    assert asyncio.run(run()) == "Who?"
    descriptions = {row.does for row in chat_key_rows()}
    for expected in ("Rebuild index", "Open article", "Copy citation", "Expand context", "Help"):
        assert expected in descriptions


def test_rebuild_shows_progress_and_escape_cancels_it_keeping_the_old_index(
    seed_settings: Settings, seed_searcher: Searcher
) -> None:
    before = read_manifest(seed_settings.index)
    # Without cached embeddings the rebuild embeds again, so there is an embedding to cancel.
    clear_cache(seed_settings.index)

    async def run() -> Messages:
        messages = Messages()
        app = make_app(seed_settings, seed_searcher)
        async with app.run_test(message_hook=messages) as pilot:
            await pilot.press("ctrl+r")
            while not any(
                isinstance(m, BuildProgress) and m.stage == "embedding" and m.done > 0
                for m in messages.seen
            ):
                await pilot.pause(0.05)
            assert app.screen.query_one("#progress").display
            await pilot.press("escape")
            await settle(app, pilot)
            status = plain(app.screen.query_one(StatusLine))
            assert "Rebuild cancelled; the previous index is still in use." in status
            assert not app.screen.query_one("#progress").display
            turn = await ask(app, pilot, EXAMPLE_QUESTION)
            assert any("52" in card.answer.text for card in cards(turn))
        return messages

    asyncio.run(run())
    for thread in threading.enumerate():
        if thread.name == "qa-load":
            thread.join(timeout=120)
    assert read_manifest(seed_settings.index) == before


def test_status_shows_the_index_and_says_stale_when_files_change(
    tmp_path: Path, encoder: Encoder
) -> None:
    write_corpus(tmp_path / "corpus", TINY_ARTICLES)
    settings = indexed(tmp_path, encoder)
    searcher = Searcher(load_index(settings.index), encoder)

    async def run() -> tuple[str, str]:
        app = make_app(settings, searcher)
        async with app.run_test(size=(200, 30)) as pilot:
            await settle(app, pilot)
            fresh = plain(app.screen.query_one(StatusLine))
            (settings.corpus / "new.txt").write_text("A new article.\n", encoding="utf-8")
            screen = app.screen
            assert isinstance(screen, ChatScreen)
            screen.check_stale()
            await settle(app, pilot)
            return fresh, plain(screen.query_one(StatusLine))

    fresh, stale = asyncio.run(run())
    assert f"{settings.corpus} · 3 articles · " in fresh
    assert "sentences · built under 1 h ago" in fresh
    assert "stale" not in fresh
    assert "stale: the corpus changed" in stale


def test_an_unexpected_worker_error_is_logged_with_its_traceback(
    tiny_settings: Settings, tmp_path: Path
) -> None:
    app = make_app(tiny_settings)
    try:
        raise ValueError("boom")
    except ValueError as error:
        path = app.log_crash(error)
    assert path == tmp_path / "data" / "qa" / "chat.log"
    logged = path.read_text(encoding="utf-8")
    assert "Traceback" in logged and "ValueError: boom" in logged


def test_the_readme_lists_every_key() -> None:
    from qa.tui.keys import markdown_table

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert markdown_table(chat_key_rows()) in readme


def test_the_palette_switches_to_another_corpus_folder(
    tiny_settings: Settings, tiny_searcher: Searcher, tmp_path: Path
) -> None:
    other = write_corpus(
        tmp_path / "other",
        {"market.txt": "Market day\n\nThe fish market sold 700 crates of herring on Monday.\n"},
    )

    async def run() -> tuple[str, list[str]]:
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.press("ctrl+p", *"Switch corpus")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause(0.3)
            await pilot.press(*str(other), "enter")
            await settle(app, pilot)
            await settle(app, pilot)
            status = plain(app.screen.query_one(StatusLine))
            turn = await ask(app, pilot, "How many crates of herring did the market sell?")
            return status, [card.answer.source for card in cards(turn)]

    status, sources = asyncio.run(run())
    assert f"{other} · 1 article · " in status
    assert sources[0] == "market.txt"
    assert list((tmp_path / "data" / "qa" / "indexes").iterdir())


def test_the_theme_chosen_in_the_palette_is_kept_for_the_next_run(
    tiny_settings: Settings, tiny_searcher: Searcher, tmp_path: Path
) -> None:
    async def run(*, is_toggled: bool = False) -> str:
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test() as pilot:
            await settle(app, pilot)
            if is_toggled:
                await pilot.press("ctrl+p", *"Toggle light/dark")
                await pilot.pause(0.3)
                await pilot.press("enter")
                await pilot.pause(0.3)
            return app.theme

    first = asyncio.run(run())
    toggled = asyncio.run(run(is_toggled=True))
    assert toggled != first
    saved = tmp_path / "data" / "qa" / "settings.json"
    assert json.loads(saved.read_text(encoding="utf-8")) == {"theme": toggled}
    assert asyncio.run(run()) == toggled

    saved.write_text('{"theme": "no-such-theme"}', encoding="utf-8")
    assert asyncio.run(run()) == first

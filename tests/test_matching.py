"""Folding, name variants, deduplication and abstention, on corpora written for the tests."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.cli import main
from qa.embed import Encoder
from qa.fold import UNDECOMPOSED, fold, tokens
from qa.search import Searcher
from qa.settings import Settings
from qa.store import load_index
from qa.variants import NameVariants, spelling_key

from .conftest import indexed, write_corpus

WIRE_SENTENCE = "The central bank of Norland raised its main rate to 4.5 percent on Thursday."
NEWS = {
    "wire/agency.txt": (
        "Norland raises rates\n\n"
        f"{WIRE_SENTENCE} Economists had expected the move after months of rising prices.\n"
    ),
    "wire/daily.txt": (
        "Rate rise hits borrowers\n\n"
        "Homeowners in Norland face higher payments. "
        f"{WIRE_SENTENCE} Banks said mortgage offers would change next week.\n"
    ),
    "city/mayor.txt": (
        "Mayor opens new library\n\n"
        "Mayor Dmytro Šaškevič opened the new city library on Monday. "
        "The building holds 80,000 books and cost 9 million crowns.\n"
    ),
    "world/moscow.txt": (
        "Новости дня\n\nМинистр финансов заявил о росте бюджета. Парламент обсудит закон в среду.\n"
    ),
    "city/transport.txt": (
        "Tram line extended\n\n"
        "The tram line now reaches the airport, the transport office said. "
        "Trains run every ten minutes from early morning.\n"
    ),
}


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> tuple[Settings, Searcher]:
    root = tmp_path_factory.mktemp("news")
    write_corpus(root / "corpus", NEWS)
    settings = indexed(root, encoder)
    return settings, Searcher(load_index(settings.index), encoder)


def test_fold_sets_aside_case_diacritics_quotes_and_dashes() -> None:
    assert fold("Łukašenka “Naïve” — ‘Ok’ – Øre") == "lukasenka \"naive\" - 'ok' - ore"
    assert tokens("More than 1,200 were held — U.S. says") == [
        "more",
        "than",
        "1,200",
        "were",
        "held",
        "u",
        "s",
        "says",
    ]


@given(st.text(st.characters(max_codepoint=0x17F)))
def test_fold_of_ascii_takes_a_shortcut_to_the_same_text(text: str) -> None:
    decomposed = unicodedata.normalize("NFKD", text.translate(UNDECOMPOSED))
    expected = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    assert fold(text) == expected
    ascii_only = text.encode("ascii", "ignore").decode()
    assert fold(ascii_only) == ascii_only.lower()


def test_transliterations_share_a_spelling_key() -> None:
    for spellings in (
        ("Łukašenka", "Lukashenka", "Lukashenko"),
        ("Tchaikovsky", "Čajkovskij", "Tchaikovskiy"),
        ("Šaškevič", "Shashkevich"),
    ):
        assert len({spelling_key(fold(s)) for s in spellings}) == 1
    assert spelling_key("belarus") != spelling_key("belarusian")


def test_only_names_with_several_spellings_are_merged() -> None:
    variants = NameVariants.from_names(["lukasenka", "lukashenko", "coale", "kellogg"])
    assert variants.canonical("lukashenka") == variants.canonical("lukashenko") == "lukasenka"
    assert variants.canonical("kellogg") == "kellogg"


@pytest.mark.slow
def test_question_spelling_finds_the_corpus_spelling(news: tuple[Settings, Searcher]) -> None:
    _, searcher = news
    result = searcher.ask("When did Mayor Dmitro Shashkevich open the library?")
    top = result.answers[0]
    assert top.source == "city/mayor.txt"
    assert "Šaškevič" in top.text
    assert top.highlight is not None and top.text[top.highlight[0] : top.highlight[1]] == "Monday"


@pytest.mark.slow
def test_syndicated_sentence_is_shown_once_with_its_other_source(
    news: tuple[Settings, Searcher],
) -> None:
    settings, searcher = news
    result = searcher.ask("What did the central bank raise its main rate to?")
    wire = [a for a in result.answers if a.text == WIRE_SENTENCE]
    assert len(wire) == 1
    [copy] = wire[0].also_in
    assert {wire[0].source, copy.source} == {"wire/agency.txt", "wire/daily.txt"}
    copy_text = (settings.corpus / copy.source).read_text(encoding="utf-8")
    assert copy_text[copy.start : copy.end] == WIRE_SENTENCE


@pytest.mark.slow
def test_unanswerable_question_abstains_with_reason_and_closest_passages(
    news: tuple[Settings, Searcher], capsys: pytest.CaptureFixture[str]
) -> None:
    settings, searcher = news
    result = searcher.ask("What is the capital of Australia?")
    assert result.abstained
    assert result.reason is not None and "“Australia”" in result.reason
    assert result.answers, "the closest passages are still shown"
    flags = ["--corpus", str(settings.corpus), "--index", str(settings.index)]
    assert main(["--ask", "What is the capital of Australia?", *flags]) == 1
    out = capsys.readouterr().out
    # The CLI embeds the question with the int8 export, the fixture with sentence-transformers:
    # the same reason, with a confidence that may differ in the last digit.
    assert f"No answer in the corpus: {result.reason.split(' (confidence')[0]} (" in out
    assert "Closest passages, not answers:" in out
    assert "reason" not in result.model_dump_json()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "source", "phrase"),
    [
        ("How many books does the library hold?", "city/mayor.txt", "80,000 books"),
        ("How much did the library cost?", "city/mayor.txt", "9 million crowns"),
        ("How often do trains run?", "city/transport.txt", None),
        ("Who opened the new city library?", "city/mayor.txt", "Dmytro Šaškevič"),
    ],
)
def test_answer_types_rank_and_highlight(
    news: tuple[Settings, Searcher], question: str, source: str, phrase: str | None
) -> None:
    _, searcher = news
    top = searcher.ask(question).answers[0]
    assert top.source == source
    highlighted = top.text[top.highlight[0] : top.highlight[1]] if top.highlight else None
    if phrase is not None:
        assert highlighted == phrase


@pytest.mark.slow
def test_sentences_in_other_scripts_are_told_apart(news: tuple[Settings, Searcher]) -> None:
    _, searcher = news
    answers = searcher.ask("Что заявил министр финансов?", top_k=10).answers
    russian = [a for a in answers if a.source == "world/moscow.txt"]
    assert russian[0].text == "Министр финансов заявил о росте бюджета."
    assert {a.text for a in russian} == {
        "Министр финансов заявил о росте бюджета.",
        "Парламент обсудит закон в среду.",
    }
    assert all(not a.also_in for a in russian)

import json
import textwrap
from pathlib import Path

import pytest

from qa.cli import main
from qa.embed import Encoder
from qa.ingest import describe_article
from qa.segment import split_sentences
from qa.store import load_index
from qa.wrapping import unwrapped
from tests.conftest import indexed, write_corpus

STORY = [
    "Harbour strike shuts Port Selen for a third day as talks stall",
    "Dockworkers at Port Selen stayed off the job for a third day on Wednesday, leaving more "
    "than 40 container ships waiting at anchor outside the harbour, the port authority said.",
    "The Selen Dockers Union, which represents about 2,300 workers, is demanding a 9 percent "
    "pay rise over two years, while the port's operator has offered 4 percent.",
    "Union leader Marta Quell, 52, said her members would not return until the operator "
    "improved its offer, and accused management of refusing to negotiate in good faith.",
    "Talks are due to resume on Friday under a mediator appointed by the labour ministry.",
]


def wrapped(paragraphs: list[str], width: int) -> str:
    return "\n\n".join(textwrap.fill(p, width) for p in paragraphs) + "\n"


def sentences_of(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def one_line(wording: str) -> str:
    return " ".join(wording.split())


@pytest.mark.parametrize("width", [60, 72, 80])
def test_a_hard_wrapped_story_splits_into_whole_sentences(width: int) -> None:
    """Read as it is, the segmenter ends a sentence at every line break; unwrapped, a wrapped
    story gives the sentences of the same story written a paragraph per line, each still a
    verbatim span of the file."""
    text = wrapped(STORY, width)
    assert unwrapped(text) != text and len(unwrapped(text)) == len(text)
    as_written = sentences_of("\n\n".join(STORY))
    assert [one_line(s) for s in sentences_of(text)] == as_written
    assert any("\n" in s for s in sentences_of(text))


def test_a_wrapped_headline_is_read_whole() -> None:
    story = [f"{STORY[0]} in the busiest week of the year for the harbour", *STORY[1:]]
    article = describe_article("strike.txt", wrapped(story, 60))
    assert article.title == story[0]
    assert article.title_source == "headline"


def test_a_headline_wrapped_before_a_capital_is_read_whole() -> None:
    """The break in "...dockworkers reject / Merrow Shipping offer" could end a line of its own;
    the next word would not have fitted, and the block ends there: the headline was wrapped."""
    headline = (
        "Harbour strike shuts Port Selen for a third day as dockworkers reject Merrow Shipping "
        "offer"
    )
    text = wrapped([headline, *STORY[1:]], 72)
    assert text.startswith(headline.replace("reject ", "reject\n"))
    assert describe_article("strike.txt", text).title == headline


def test_a_paragraph_per_line_is_read_as_written() -> None:
    """Lines longer than any wrap width: nothing to unwrap, even where a line runs on in lower
    case."""
    text = "\n".join(STORY) + "\nand a line that starts in lower case.\n"
    assert unwrapped(text) is text


def test_short_lines_that_never_run_on_are_not_wraps() -> None:
    """A headline, a byline and short paragraphs, each line under any wrap width: no line
    ends mid-sentence before one in lower case, so nothing is joined."""
    text = (
        "Harbour strike shuts Port Selen for a third day\n"
        "By Ana Ruiz and Tomas Brenn, Selen Daily News\n"
        "Dockworkers stayed off the job for a third day on Wednesday.\n"
        "The union is demanding a 9 percent pay rise over two years.\n"
        "Talks are due to resume on Friday.\n"
    )
    assert unwrapped(text) is text


def test_indented_paragraphs_and_list_items_start_anew() -> None:
    """Wire copy marks a paragraph by indenting its first line, not by a blank line; a list
    item starts on its own line however full the line before it is."""
    text = (
        "    Dockworkers at Port Selen stayed off the job for a third day on\n"
        "Wednesday, leaving more than 40 container ships waiting at anchor\n"
        "outside the harbour, the port authority said on its website today\n"
        "    The union is demanding a 9 percent pay rise over two years, while\n"
        "the operator has offered 4 percent, a gap both sides called wide and\n"
        "- talks resume on Friday under a mediator from the labour ministry\n"
    )
    reading = unwrapped(text)
    assert reading.splitlines() == [
        "    Dockworkers at Port Selen stayed off the job for a third day on "
        "Wednesday, leaving more than 40 container ships waiting at anchor "
        "outside the harbour, the port authority said on its website today",
        "    The union is demanding a 9 percent pay rise over two years, while "
        "the operator has offered 4 percent, a gap both sides called wide and",
        "- talks resume on Friday under a mediator from the labour ministry",
    ]


def test_windows_line_ends_are_unwrapped_too() -> None:
    text = wrapped(STORY, 72).replace("\n", "\r\n")
    assert [one_line(s) for s in sentences_of(text)] == sentences_of("\n\n".join(STORY))


@pytest.mark.slow
def test_a_wrapped_corpus_quotes_the_whole_sentence(
    tmp_path: Path, encoder: Encoder, capsys: pytest.CaptureFixture[str]
) -> None:
    """Built and asked through the command line: the quote is the whole sentence, across its
    line breaks, at offsets that prove it in the file."""
    text = wrapped(STORY, 64)
    write_corpus(tmp_path / "corpus", {"strike.txt": text})
    settings = indexed(tmp_path, encoder)
    stored = load_index(settings.index)
    assert stored.articles["strike.txt"].title == STORY[0]
    flags = ["--corpus", str(settings.corpus), "--index", str(settings.index)]
    code = main([*flags, "--ask", "How old is the union leader?", "--json"])
    answer = json.loads(capsys.readouterr().out)["answers"][0]
    assert code == 0
    assert one_line(answer["text"]) == STORY[3]
    assert text[answer["start"] : answer["end"]] == answer["text"]
    start, end = answer["highlight"]
    assert answer["text"][start:end] == "52"


def test_a_headline_longer_than_the_width_stays_apart() -> None:
    """A headline left as written above prose wrapped at 60 columns: the prose is unwrapped,
    and the headline is neither wrapped onto it nor sets the width."""
    headline = (
        "Harbour strike shuts Port Selen for a third day as talks between the union and the "
        "operator stall again"
    )
    text = headline + "\n" + wrapped(STORY[1:], 60)
    reading = unwrapped(text)
    assert reading.splitlines()[0] == headline
    assert [one_line(s) for s in sentences_of(text)][1:] == sentences_of("\n\n".join(STORY[1:]))


@pytest.mark.parametrize(
    "head",
    [
        f"{STORY[0]}\n",
        f"# {STORY[0]}\n",
        f"title: {STORY[0]}\ndate: 2024-05-01\n",
        f"{STORY[0]}\nBy Ana Ruiz and Tomas Brenn, Selen Daily News\nMay 4, 2024\n",
    ],
    ids=["headline", "markdown", "header lines", "byline and date"],
)
def test_lines_over_the_body_are_not_wrapped_onto_it(head: str) -> None:
    """A headline, a byline or a header line right above wrapped prose fills the width as a
    wrapped line does; it stays a line of its own, and the headline the title."""
    text = head + wrapped(STORY[1:], 72)
    assert describe_article("strike.txt", text).title == STORY[0]
    assert [one_line(s) for s in sentences_of(text)][-4:] == sentences_of("\n\n".join(STORY[1:]))
    assert len(unwrapped(text).splitlines()) == len(head.splitlines()) + 2 * len(STORY[1:]) - 1


@pytest.mark.slow
def test_an_answer_phrase_broken_across_lines_is_found(
    tmp_path: Path, encoder: Encoder, capsys: pytest.CaptureFixture[str]
) -> None:
    """The answer patterns write a space between words ("52 years old"); a wrap there hides
    nothing, and the plain answer prints on one line."""
    story = [
        *STORY[1:3],
        "Union leader Marta Quell, who is 52 years old, said her members would"
        " not return until the operator improved its offer, and accused management of"
        " refusing to negotiate.",
    ]
    text = wrapped(story, 72)
    text = text.replace("52 years old", "52 years\nold") if "52 years old" in text else text
    assert "52 years\nold" in text
    write_corpus(tmp_path / "corpus", {"strike.txt": text})
    settings = indexed(tmp_path, encoder)
    flags = ["--corpus", str(settings.corpus), "--index", str(settings.index)]
    assert main([*flags, "--ask", "How old is Marta Quell?", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)["answers"][0]
    start, end = answer["highlight"]
    assert one_line(answer["text"][start:end]) == "52 years old"
    assert main([*flags, "--ask", "How old is Marta Quell?"]) == 0
    assert "52 years old" in capsys.readouterr().out

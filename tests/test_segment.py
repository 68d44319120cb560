from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.ingest import read_corpus
from qa.segment import make_chunks, segment_article, split_paragraphs, split_sentences

from .conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def assert_exact_spans(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for span in spans:
        assert span.start >= previous_end, "spans overlap or go backwards"
        assert span.start < span.end
        wording = text[span.start : span.end]
        assert wording == wording.strip(), "a sentence starts or ends with white space"
        previous_end = span.end
    covered = "".join(text[s.start : s.end] for s in spans)
    assert "".join(covered.split()) == "".join(text.split()), "text was lost between sentences"


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_seed_sentences_are_exact_spans_of_the_file(path: Path) -> None:
    assert_exact_spans(path.read_text(encoding="utf-8"))


sentence_text = st.text(
    alphabet=st.sampled_from(list("abcXYZ .,!?\n\"'“”‘’—–-()0123456789ŁłéU.S")),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(sentence_text)
def test_any_text_splits_into_exact_ordered_spans(text: str) -> None:
    assert_exact_spans(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. envoy met Dr. J. R. Smith on Dec. 12 in Minsk. Talks went on.",
            ["The U.S. envoy met Dr. J. R. Smith on Dec. 12 in Minsk.", "Talks went on."],
        ),
        (
            "“We are ready,” he said. “Are you?” She nodded.",
            ["“We are ready,” he said.", "“Are you?”", "She nodded."],
        ),
        (
            "One — prominent activist Mikola Smith — refused to leave. The 69-year-old stayed.",
            [
                "One — prominent activist Mikola Smith — refused to leave.",
                "The 69-year-old stayed.",
            ],
        ),
        (
            "The company produces about 20 percent of the world's supply of 9.5 million tonnes.",
            ["The company produces about 20 percent of the world's supply of 9.5 million tonnes."],
        ),
    ],
)
def test_abbreviations_quotes_and_dashes_do_not_break_sentences(
    text: str, expected: list[str]
) -> None:
    assert [text[s.start : s.end] for s in split_sentences(text)] == expected


def test_hard_wrapped_lines_form_one_paragraph() -> None:
    wrapped = "The council met for the third time this year on\nthe first Monday of May."
    text = f"{wrapped}\n\nA new paragraph.\n12 Comments\nreader42"
    paragraphs = [text[p.start : p.end] for p in split_paragraphs(text)]
    assert paragraphs == [wrapped, "A new paragraph.", "12 Comments", "reader42"]


def test_leading_dateline_joins_its_sentence() -> None:
    text = "May 4, Reuters. The minister resigned after the vote."
    assert [text[s.start : s.end] for s in split_sentences(text)] == [text]


def test_chunks_carry_title_and_neighbours() -> None:
    article_file = read_corpus(SEEDS)[0]
    sentences = segment_article(article_file, first_id=0)
    chunks = make_chunks(article_file.article.title, sentences)
    assert [c.sentence_id for c in chunks] == [s.id for s in sentences]
    answerable = [s for s in sentences if s.kind == "article"]
    middle = answerable[3]
    chunk = next(c for c in chunks if c.sentence_id == middle.id)
    assert chunk.text.startswith(article_file.article.title)
    assert answerable[2].text in chunk.text
    assert middle.text in chunk.text
    assert answerable[4].text in chunk.text

"""Hypothesis against ingestion, segmentation, the ranker and the build, with any text or bytes.

Examples are bounded so the file stays fast: 200 texts through ingestion, 200 questions through
one shared searcher on the seeds, and 5 random files each through a build of a tiny corpus.
"""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from qa.build import build_index
from qa.decode import UnreadableFileError
from qa.embed import Encoder
from qa.errors import QuestionError
from qa.ingest import read_article
from qa.search import MAX_QUESTION_CHARS, Searcher
from qa.segment import segment_article
from qa.settings import Settings
from qa.store import load_index

from .conftest import TINY_ARTICLES, write_corpus

# Surrogates cannot be written as UTF-8; everything else may appear in a file.
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=400)
# Mostly words and sentence ends, so that texts hold sentences, with any character mixed in.
prose = st.lists(
    st.one_of(
        st.sampled_from(["The", "mayor", "said", "Dr.", "U.S.", "48,000", "“Yes,”", "—", "it"]),
        st.sampled_from([". ", "! ", "? ", "\n", "\n\n", "\r\n", "\t", " ", "…", "\u2028"]),
        st.characters(exclude_categories=("Cs",)),
    ),
    max_size=120,
).map("".join)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=200, deadline=None)
@given(st.one_of(any_text, prose))
def test_any_text_read_from_a_file_is_quoted_exactly(scratch: Path, text: str) -> None:
    path = scratch / "article.txt"
    path.write_bytes(text.encode("utf-8"))
    try:
        article_file = read_article("article.txt", path)
    except UnreadableFileError as error:
        event(f"skipped: {error}")
        return  # empty, blank or binary: skipped by the build, with its reason
    file_text = path.read_text(encoding="utf-8")
    assert article_file.text == file_text
    previous_end = 0
    sentences = segment_article(article_file, first_id=0)
    event(f"read, {min(len(sentences), 3)}+ sentences")
    for sentence in sentences:
        assert file_text[sentence.start : sentence.end] == sentence.text
        assert previous_end <= sentence.start < sentence.end
        previous_end = sentence.end


@pytest.fixture(scope="module")
def fuzz_searcher(seed_searcher: Searcher) -> Searcher:
    """One searcher on the seeds shared by every example."""
    return seed_searcher


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.one_of(st.text(max_size=200), prose))
def test_any_question_is_answered_abstained_or_refused(
    fuzz_searcher: Searcher, question: str
) -> None:
    try:
        result = fuzz_searcher.ask(question, top_k=3)
    except QuestionError:
        assert not question.strip() or len(question.strip()) > MAX_QUESTION_CHARS
        return
    assert len(result.answers) <= 3
    for answer in result.answers:
        assert 0.0 <= answer.score <= 1.0
        if answer.highlight is not None:
            start, end = answer.highlight
            assert 0 <= start < end <= len(answer.text)


@pytest.fixture(scope="module")
def fuzz_corpus(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A one-article corpus; each example adds a file of random bytes beside it."""
    root = tmp_path_factory.mktemp("fuzz-corpus")
    write_corpus(root / "corpus", {"comet.txt": TINY_ARTICLES["science/comet.txt"]})
    return Settings(corpus=root / "corpus", index=root / "index")


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_random_bytes_in_the_corpus_never_crash_a_build(
    fuzz_corpus: Settings, encoder: Encoder, data: bytes, suffix: str
) -> None:
    for old in fuzz_corpus.corpus.glob("random.*"):
        old.unlink()
    (fuzz_corpus.corpus / f"random{suffix}").write_bytes(data)
    manifest = build_index(fuzz_corpus, encoder)
    source = f"random{suffix}"
    assert (source in manifest.files) != any(s.source == source for s in manifest.skipped)
    stored = load_index(fuzz_corpus.index)
    assert {s.source for s in stored.sentences} <= set(manifest.files)

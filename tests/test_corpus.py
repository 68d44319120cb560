"""Corpora as people keep them: files qa cannot read, other encodings, HTML pages."""

import logging
from pathlib import Path

import pytest

from qa.cli import main
from qa.embed import Encoder
from qa.search import Searcher
from qa.store import load_index, read_manifest, read_stored_text

from .conftest import TINY_ARTICLES, indexed, write_corpus
from .test_ingest import RUSSIAN

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def mixed_root(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Path:
    """The tiny corpus with a cp1251 article, a binary file and an empty one, indexed."""
    root = tmp_path_factory.mktemp("mixed")
    corpus = write_corpus(root / "corpus", TINY_ARTICLES)
    (corpus / "minsk.txt").write_bytes(RUSSIAN.encode("cp1251"))
    (corpus / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (corpus / "empty.md").write_bytes(b"")
    indexed(root, encoder)
    return root


def test_bad_files_are_skipped_and_counted_in_the_build_summary(
    mixed_root: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    flags = ["--corpus", str(mixed_root / "corpus"), "--index", str(mixed_root / "index")]
    with caplog.at_level(logging.WARNING):
        assert main(["--rebuild", *flags]) == 0
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == ["skipping empty.md: empty file", "skipping scan.txt: binary file, not text"]
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    assert summary.startswith("qa: indexed 4 articles,") and summary.endswith("skipped 2 files")
    skipped = read_manifest(mixed_root / "index").skipped
    assert [(s.source, s.reason) for s in skipped] == [
        ("empty.md", "empty file"),
        ("scan.txt", "binary file, not text"),
    ]


def test_decoded_article_offsets_count_in_the_stored_text(
    mixed_root: Path, encoder: Encoder
) -> None:
    stored = load_index(mixed_root / "index")
    text = read_stored_text(mixed_root / "index", "minsk.txt")
    assert text == RUSSIAN
    sentences = [s for s in stored.sentences if s.source == "minsk.txt"]
    assert sentences and all(text[s.start : s.end] == s.text for s in sentences)
    assert read_stored_text(mixed_root / "index", "harbour.txt") is None
    result = Searcher(stored, encoder).ask("Сколько заключённых помиловал президент Беларуси?")
    answer = next(a for a in result.answers if a.source == "minsk.txt")
    assert answer.source_text == "decoded"
    assert text[answer.start : answer.end] == answer.text
    others = [a for a in result.answers if a.source != "minsk.txt"]
    assert all(a.source_text == "file" for a in others)


def test_show_prints_the_text_offsets_count_in(
    mixed_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flags = ["--corpus", str(mixed_root / "corpus"), "--index", str(mixed_root / "index")]
    assert main(["--show", "minsk.txt", *flags]) == 0
    assert capsys.readouterr().out == RUSSIAN
    assert main(["--show", "science/comet.txt", *flags]) == 0
    assert capsys.readouterr().out == TINY_ARTICLES["science/comet.txt"]
    assert main(["--show", "scan.txt", *flags]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("qa: error: scan.txt is not in the index") and "\n" not in err

"""Corpora as people keep them: files qa cannot read, other encodings, HTML pages."""

import datetime as dt
import json
import logging
import platform
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from qa.cli import StderrProgress, main
from qa.embed import Encoder, heap_trimmer
from qa.ingest import read_corpus
from qa.models import ArticleListing, IndexStats, Result
from qa.search import Searcher
from qa.store import load_index, read_manifest, read_stored_text

from .conftest import TINY_ARTICLES, indexed, write_corpus
from .test_ingest import RUSSIAN

pytestmark = pytest.mark.slow

FERRY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ferry service resumes on the Lumen strait | Coastal Post</title>
<meta property="og:title" content="Ferry service resumes on the Lumen strait">
<meta property="article:published_time" content="2024-05-02T08:30:00Z">
<script>var tracking = {"id": 42};</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<div class="cookie">We use cookies to improve your experience. Accept all cookies?</div>
<main><article>
<h1>Ferry service resumes on the Lumen strait</h1>
<p class="byline">By Maren Holt</p>
<p>The ferry between Port Ansel and Vigra resumed on Wednesday after a three-week strike by deck
crews ended with a new wage agreement.</p>
<p>The operator, Lumen Lines, said the first crossing carried 412 passengers and 96 cars. Captain
Edvin Roos steered the vessel out of Port Ansel at 6:15 in the morning.</p>
<p>Under the agreement, deck crews receive a 7 percent raise over two years, the union said.</p>
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Storm closes mountain pass</a></li></ul></aside>
<footer><p>&copy; 2024 Coastal Post. All rights reserved. Contact us | Privacy policy</p></footer>
</body></html>
"""
DATELINE_PAGE = """<html><head><title>Glacier retreat measured</title></head><body>
<article><h1>Glacier retreat measured in the Tarn range</h1>
<p>BERGEN, March 14 (Nordic Wire) - The Tarn glacier lost 38 metres of length last year, the
national water agency said on Friday, the fastest retreat since measurements began.</p>
<p>Hydrologist Siri Vang said warm summers and thin winter snow explained the loss.</p>
</article></body></html>
"""
REDIRECT_PAGE = (
    '<html><head><meta http-equiv="refresh" content="0; url=/news/"></head>'
    "<body><script>window.location = '/news/';</script></body></html>"
)


@pytest.fixture(scope="module")
def mixed_root(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Path:
    """The tiny corpus with a cp1251 article, HTML pages, a binary file and an empty one."""
    root = tmp_path_factory.mktemp("mixed")
    corpus = write_corpus(root / "corpus", TINY_ARTICLES)
    (corpus / "minsk.txt").write_bytes(RUSSIAN.encode("cp1251"))
    (corpus / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (corpus / "empty.md").write_bytes(b"")
    (corpus / "pages" / "ferry.html").parent.mkdir()
    (corpus / "pages" / "ferry.html").write_text(FERRY_PAGE, encoding="utf-8")
    (corpus / "pages" / "glacier.htm").write_text(DATELINE_PAGE, encoding="utf-8")
    (corpus / "pages" / "moved.html").write_text(REDIRECT_PAGE, encoding="utf-8")
    indexed(root, encoder)
    return root


def test_bad_files_are_skipped_and_counted_in_the_build_summary(
    mixed_root: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    flags = ["--corpus", str(mixed_root / "corpus"), "--index", str(mixed_root / "index")]
    with caplog.at_level(logging.WARNING):
        assert main(["--rebuild", "--full", *flags]) == 0
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "skipping empty.md: empty file",
        "skipping pages/moved.html: no article text found in the page",
        "skipping scan.txt: binary file, not text",
    ]
    err = capsys.readouterr().err
    summary = err.strip().splitlines()[-1]
    assert summary.startswith("qa: indexed 6 articles,") and summary.endswith("skipped 3 files")
    # Not a terminal: a few plain progress lines, not a bar redrawn at every update.
    assert "\r" not in err
    lines = err.splitlines()
    progress = [line for line in lines if line.startswith("qa: embedding ")]
    progress = [line for line in progress if not line.startswith("qa: embedding words")]
    assert 2 <= len(progress) <= 12
    assert progress[0].endswith(" items") and progress[-1].startswith("qa: embedding done")
    assert sum(line.startswith("qa: embedding words done") for line in lines) == 1
    skipped = read_manifest(mixed_root / "index").skipped
    assert [(s.source, s.reason) for s in skipped] == [
        ("empty.md", "empty file"),
        ("pages/moved.html", "no article text found in the page"),
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
    for other in result.answers:
        if other.source != "minsk.txt":
            expected = "extracted" if other.source.startswith("pages/") else "file"
            assert other.source_text == expected


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


def test_html_page_is_its_main_text_with_title_and_date(mixed_root: Path) -> None:
    pages = {
        f.article.source: f
        for f in read_corpus(mixed_root / "corpus")
        if "pages/" in f.article.source
    }
    ferry, glacier = pages["pages/ferry.html"], pages["pages/glacier.htm"]
    assert (ferry.article.title, ferry.article.title_source) == (
        "Ferry service resumes on the Lumen strait",
        "page",
    )
    assert (ferry.article.date, ferry.article.date_source) == (dt.date(2024, 5, 2), "metadata")
    assert ferry.article.text_source == "extracted"
    assert "412 passengers" in ferry.text
    for furniture in ("cookies", "Home", "Most read", "rights reserved", "tracking"):
        assert furniture not in ferry.text
    assert glacier.article.title == "Glacier retreat measured in the Tarn range"
    assert (glacier.article.date, glacier.article.date_source) == (None, "dateline")
    assert glacier.article.date_stated == "March 14"


def test_answers_from_html_are_marked_extracted_with_offsets_into_the_stored_text(
    mixed_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flags = ["--corpus", str(mixed_root / "corpus"), "--index", str(mixed_root / "index")]
    question = "How many passengers did the first ferry crossing carry?"
    assert main(["--ask", question, "--json", *flags]) == 0
    line = capsys.readouterr().out
    top = json.loads(line)["answers"][0]
    assert top["source"] == "pages/ferry.html" and top["source_text"] == "extracted"
    assert "412 passengers" in top["text"]
    stored = read_stored_text(mixed_root / "index", "pages/ferry.html")
    assert stored is not None and stored[top["start"] : top["end"]] == top["text"]
    assert main(["--show", "pages/ferry.html", *flags]) == 0
    assert capsys.readouterr().out == stored
    assert main(["--ask", question, "-k", "1", *flags]) == 0
    assert "pages/ferry.html · text extracted from the page" in capsys.readouterr().out
    for answer in Result.model_validate_json(line).answers:
        if answer.source_text == "file":
            file_text = (mixed_root / "corpus" / answer.source).read_text(encoding="utf-8")
            assert file_text[answer.start : answer.end] == answer.text


def flags_of(root: Path) -> list[str]:
    return ["--corpus", str(root / "corpus"), "--index", str(root / "index")]


def test_stats_json_counts_what_the_index_holds(
    mixed_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--stats", "--json", *flags_of(mixed_root)]) == 0
    stats = IndexStats.model_validate_json(capsys.readouterr().out)
    sentences = load_index(mixed_root / "index").sentences
    assert (stats.articles, stats.sentences) == (6, len(sentences))
    assert stats.comments == sum(s.kind == "comment" for s in sentences) > 0
    assert stats.furniture == sum(s.kind == "furniture" for s in sentences) > 0
    assert [s.source for s in stats.skipped] == ["empty.md", "pages/moved.html", "scan.txt"]
    assert stats.index_bytes > 0 and stats.build_seconds is not None
    assert (stats.is_fresh, stats.stale_reason) == (True, None)
    copy = tmp_path / "copy"
    shutil.copytree(mixed_root, copy)
    (copy / "corpus" / "harbour.txt").write_text("Bridge closes again\n\nIt closed.", "utf-8")
    assert main(["--stats", "--json", *flags_of(copy)]) == 0
    stale = IndexStats.model_validate_json(capsys.readouterr().out)
    assert (stale.is_fresh, stale.stale_reason) == (False, "the corpus changed")
    assert main(["--stats", *flags_of(copy)]) == 0
    assert "stale (the corpus changed)" in capsys.readouterr().out


def test_list_json_gives_each_article_its_title_date_and_source(
    mixed_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--list", "--json", *flags_of(mixed_root)]) == 0
    listed = {
        a.source: a
        for a in map(ArticleListing.model_validate_json, capsys.readouterr().out.splitlines())
    }
    assert set(listed) == {
        "harbour.txt",
        "minsk.txt",
        "orchard.md",
        "pages/ferry.html",
        "pages/glacier.htm",
        "science/comet.txt",
    }
    harbour = listed["harbour.txt"]
    assert (harbour.date, harbour.date_source) == (dt.date(2024, 3, 5), "header")
    assert harbour.title == "Harbour bridge reopens after repairs" and harbour.sentences > 0
    ferry = listed["pages/ferry.html"]
    assert (ferry.date_source, ferry.text_source) == ("metadata", "extracted")
    assert listed["minsk.txt"].text_source == "decoded"
    assert main(["--list", *flags_of(mixed_root)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 7
    assert any(line.startswith("March 14 (no year)") and "dateline" in line for line in lines)


@pytest.mark.parametrize("flags", [["--stats", "--json"], ["--list"], ["--show", "minsk.txt"]])
def test_reports_load_no_model(mixed_root: Path, flags: list[str]) -> None:
    code = (
        "import sys\n"
        "from qa.cli import StderrProgress, main\n"
        f"assert main({[*flags, *flags_of(mixed_root)]!r}) == 0\n"
        "heavy = {'torch', 'sentence_transformers', 'faiss'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr


@pytest.mark.parametrize(
    "flags",
    [["--stats", "--ask", "why?"], ["--list", "--rebuild"], ["--show", "a.txt", "--json"]],
)
def test_reports_go_alone(flags: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(flags) == 2
    assert capsys.readouterr().err.startswith("qa: error: ")


def test_progress_without_a_terminal_is_a_line_every_ten_percent(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with StderrProgress() as progress:
        progress("reading", 0, 1)
        progress("reading", 1, 1)
        for done in [*range(64, 1000, 64), 1000]:
            progress("embedding", done, 1000)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "qa: embedding 1000 items"
    percents = [int(line.split()[2].rstrip("%")) for line in lines[1:-1]]
    assert [p // 10 for p in percents] == list(range(1, 10))
    assert lines[-1] == "qa: embedding done, 1000 in 0 s"


def test_quiet_rebuild_prints_nothing_but_errors(
    mixed_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(mixed_root, tmp_path / "copy")
    assert main(["--rebuild", "--quiet", *flags_of(tmp_path / "copy")]) == 0
    assert capsys.readouterr().err == ""
    assert main(["--rebuild", "--quiet", "--corpus", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err.startswith("qa: error: corpus folder")


def test_progress_flag_asks_for_the_bar_without_a_terminal(
    mixed_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(mixed_root, tmp_path / "copy")
    assert main(["--rebuild", "--full", "--progress", *flags_of(tmp_path / "copy")]) == 0
    err = capsys.readouterr().err
    assert "\r" in err and "it/s" in err


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_the_encoder_can_trim_the_heap_between_calls_on_glibc() -> None:
    # Without it a build's peak memory grows with the corpus (benchmarks/build.py shows it).
    trim = heap_trimmer()
    assert trim is not None
    assert trim(0) in (0, 1)


def test_batches_embedded_longest_first_land_in_their_texts_rows(encoder: Encoder) -> None:
    # More texts than one batch, of lengths out of order, so batching reorders them.
    texts = [f"Ferry {n} left the harbour" + " after the storm" * (n % 7) for n in range(70)]
    vectors = encoder.encode(texts)
    alone = np.stack([encoder.encode_query(text) for text in texts])
    assert np.allclose(np.sum(vectors * alone, axis=1), 1.0, atol=1e-5)

import os
import shutil
from pathlib import Path

import pytest

from qa.freshness import stale_reason, stat_corpus
from qa.session import open_searcher
from qa.settings import Settings
from qa.store import read_manifest

pytestmark = pytest.mark.slow


@pytest.fixture
def own_tiny(tiny_settings: Settings, tmp_path: Path) -> Settings:
    """A private copy of the tiny corpus (stats kept) and its index, free to change."""
    shutil.copytree(tiny_settings.corpus, tmp_path / "corpus")
    shutil.copytree(tiny_settings.index, tmp_path / "index")
    return Settings(corpus=tmp_path / "corpus", index=tmp_path / "index")


def test_build_records_each_file_stat_beside_its_hash(own_tiny: Settings) -> None:
    manifest = read_manifest(own_tiny.index)
    assert manifest.file_stats.keys() == manifest.files.keys()
    assert manifest.file_stats == stat_corpus(own_tiny.corpus)


def test_touched_but_unchanged_file_does_not_rebuild(own_tiny: Settings) -> None:
    comet = own_tiny.corpus / "science" / "comet.txt"
    before = comet.stat()
    os.utime(comet, ns=(before.st_atime_ns, before.st_mtime_ns + 5_000_000_000))
    assert stat_corpus(own_tiny.corpus) != read_manifest(own_tiny.index).file_stats
    assert stale_reason(own_tiny) is None
    _, built = open_searcher(own_tiny)
    assert built is None


def test_changed_file_of_the_same_size_and_time_rebuilds(own_tiny: Settings) -> None:
    comet = own_tiny.corpus / "science" / "comet.txt"
    before = comet.stat()
    text = comet.read_text("utf-8")
    comet.write_text(text.replace("40 million", "50 million"), "utf-8")
    os.utime(comet, ns=(before.st_atime_ns, before.st_mtime_ns + 1))
    assert comet.stat().st_size == before.st_size
    assert stale_reason(own_tiny) == "the corpus changed"


def test_added_empty_file_is_skipped_as_the_build_skips_it(own_tiny: Settings) -> None:
    (own_tiny.corpus / "empty.txt").write_text("", "utf-8")
    assert stale_reason(own_tiny) is None
    (own_tiny.corpus / "new.txt").write_text("A new article\n\nIt says something.\n", "utf-8")
    assert stale_reason(own_tiny) == "the corpus changed"


def test_hidden_and_other_files_are_not_part_of_the_corpus(own_tiny: Settings) -> None:
    (own_tiny.corpus / ".draft.txt").write_text("A hidden draft.\n", "utf-8")
    (own_tiny.corpus / "notes.csv").write_text("a,b\n", "utf-8")
    assert stat_corpus(own_tiny.corpus).keys() == read_manifest(own_tiny.index).files.keys()
    assert stale_reason(own_tiny) is None

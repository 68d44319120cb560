"""A large build tags its paragraphs in a worker process while it splits and embeds them: the
same entities as tagging in the build, a worker that dies costs nothing, and a stopped or killed
build leaves no worker behind."""

import io
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import qa.build
from qa.build import build_index
from qa.cache import CACHE_DIR, ENTITIES
from qa.embed import Encoder
from qa.entities import EntityTagger
from qa.search import Searcher
from qa.settings import Settings
from qa.store import load_index
from qa.tag_worker import serve

from .conftest import write_corpus

pytestmark = pytest.mark.slow


class WorkerOnlyTagger(EntityTagger):
    """Fails if anything is tagged in the build itself rather than by the worker."""

    def _pipeline(self) -> Any:
        raise AssertionError("tagged in the build, not by the worker")


class DyingWorkerTagger(EntityTagger):
    """Starts the worker, then kills it, as the system would when memory runs out."""

    def tag_in_background(self, texts: Any) -> None:
        super().tag_in_background(texts)
        assert self._worker is not None
        self._worker._process.kill()


class HalfWorkerTagger(EntityTagger):
    """Gives the worker every other paragraph only: the build tags the rest between them."""

    def tag_in_background(self, texts: Any) -> None:
        super().tag_in_background(texts[::2])


@pytest.fixture
def untagged_seeds(tmp_path: Path, seed_settings: Settings) -> Settings:
    """A copy of the seed corpus and its build, with the entity cache gone: a rebuild must tag
    every paragraph again, and embeds nothing."""
    shutil.copytree(seed_settings.corpus, tmp_path / "corpus")
    shutil.copytree(seed_settings.index, tmp_path / "index")
    # Another test may have cleared the session's caches already.
    shutil.rmtree(tmp_path / "index" / CACHE_DIR / ENTITIES, ignore_errors=True)
    return Settings(corpus=tmp_path / "corpus", index=tmp_path / "index")


@pytest.fixture
def background_from_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every build with a paragraph to tag starts a worker (the seeds have 99)."""
    monkeypatch.setattr(qa.build, "BACKGROUND_TAGGING_MIN_PARAGRAPHS", 1)


@pytest.mark.usefixtures("background_from_one")
@pytest.mark.parametrize(
    ("tagger_class", "warning"),
    [
        (WorkerOnlyTagger, None),
        (HalfWorkerTagger, None),
        (DyingWorkerTagger, "the tagging worker stopped"),
    ],
    ids=["worker only", "worker given half", "worker killed"],
)
def test_a_build_with_a_worker_finds_the_entities_a_build_without_one_does(
    untagged_seeds: Settings,
    encoder: Encoder,
    seed_searcher: Searcher,
    caplog: pytest.LogCaptureFixture,
    tagger_class: type[EntityTagger],
    warning: str | None,
) -> None:
    with caplog.at_level(logging.WARNING, logger="qa"):
        build_index(untagged_seeds, encoder, tagger=tagger_class())
    if warning is None:
        assert "worker" not in caplog.text
    else:
        assert warning in caplog.text
    assert load_index(untagged_seeds.index).sentences == seed_searcher.stored.sentences


@pytest.mark.usefixtures("background_from_one")
def test_a_worker_that_cannot_start_leaves_the_tagging_to_the_build(
    untagged_seeds: Settings,
    encoder: Encoder,
    seed_searcher: Searcher,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))
    with caplog.at_level(logging.WARNING, logger="qa.entities"):
        build_index(untagged_seeds, encoder)
    assert "could not start a tagging worker" in caplog.text
    assert load_index(untagged_seeds.index).sentences == seed_searcher.stored.sentences


def test_a_worker_whose_build_is_gone_writes_nothing() -> None:
    out = io.StringIO()
    not_my_parent = os.getppid() + 1
    serve([json.dumps("Ruth Alm sailed to Oslo.").encode()], out, not_my_parent)
    assert out.getvalue() == ""
    serve([json.dumps("Ruth Alm sailed to Oslo.").encode()], out, os.getppid())
    assert json.loads(out.getvalue()) == [[0, 8, "PERSON"], [19, 23, "GPE"]]


def test_a_small_build_tags_without_a_worker(
    untagged_seeds: Settings, encoder: Encoder, seed_searcher: Searcher
) -> None:
    started: list[int] = []

    class CountingTagger(EntityTagger):
        def tag_in_background(self, texts: Any) -> None:
            started.append(len(texts))
            super().tag_in_background(texts)

    build_index(untagged_seeds, encoder, tagger=CountingTagger())
    assert started == []
    assert load_index(untagged_seeds.index).sentences == seed_searcher.stored.sentences


# The command line: a corpus large enough for a worker --------------------------------------


def large_corpus(folder: Path) -> Path:
    """Ten articles of 25 short paragraphs: 250 to tag, above the worker's threshold."""
    assert qa.build.BACKGROUND_TAGGING_MIN_PARAGRAPHS <= 250
    return write_corpus(
        folder,
        {
            f"harbour-{a}.txt": f"Harbour report {a}\n\n"
            + "\n\n".join(
                f"On day {p}, {p + a} ships from Norway entered the harbour of Osund."
                for p in range(25)
            )
            + "\n"
            for a in range(10)
        },
    )


def start_rebuild(corpus: Path, index: Path) -> subprocess.Popen[str]:
    """`qa --rebuild`, run from a folder outside the repository, as a user would."""
    command = [sys.executable, "-m", "qa", "--rebuild", "--corpus", str(corpus)]
    return subprocess.Popen(
        [*command, "--index", str(index)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        cwd=index.parent,
    )


def lines_until(process: subprocess.Popen[str], wanted: str) -> str:
    assert process.stderr is not None
    seen = ""
    while wanted not in seen and process.poll() is None:
        seen += process.stderr.readline()
    assert wanted in seen, seen
    return seen


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()]


def is_running(pid: int) -> bool:
    """True while `pid` exists and is not a zombie (the container's init may never reap it)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def worker_of(process: subprocess.Popen[str]) -> int:
    [worker] = children(process.pid)
    assert "qa.tag_worker" in Path(f"/proc/{worker}/cmdline").read_text()
    return worker


def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while is_running(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not is_running(pid)


@pytest.fixture
def large_build(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """A rebuild of a large corpus, seen embedding, and its tagging worker."""
    if not Path("/proc/self/task").is_dir():
        pytest.skip("needs /proc to find the worker")
    process = start_rebuild(large_corpus(tmp_path / "corpus"), tmp_path / "index")
    try:
        lines_until(process, "qa: embedding")
        yield process, worker_of(process)
    finally:
        process.kill()
        process.communicate()


@pytest.mark.parametrize(("sent", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_the_build_and_its_worker(
    large_build: tuple[subprocess.Popen[str], int], sent: signal.Signals, code: int
) -> None:
    process, worker = large_build
    # Ctrl-C reaches the terminal's foreground group; the worker is in a session of its own.
    assert os.getsid(worker) != os.getsid(process.pid)
    process.send_signal(sent)
    _, err = process.communicate(timeout=120)
    assert process.returncode == code, err
    assert "Traceback" not in err
    assert not is_running(worker)


def test_a_killed_build_leaves_no_worker_running(
    large_build: tuple[subprocess.Popen[str], int],
) -> None:
    process, worker = large_build
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    assert gone_within(worker, 60)


def test_a_large_rebuild_with_a_worker_stores_its_entities(tmp_path: Path) -> None:
    corpus = large_corpus(tmp_path / "corpus")
    process = start_rebuild(corpus, tmp_path / "index")
    _, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    assert "Traceback" not in err and "worker" not in err
    stored = load_index(tmp_path / "index")
    places = {
        s.text[e.start : e.end] for s in stored.sentences for e in s.entities if e.label == "GPE"
    }
    assert "Norway" in places

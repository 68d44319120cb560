"""The index on disk under damage, faults and concurrency: every failure is one line and exit 2
(130 / 143 for Ctrl-C / SIGTERM), the previous index keeps answering, no temporary file stays.

Faults are injected with an audit hook (`sys.addaudithook`) that sees every write qa makes from
Python (open for writing, rename and replace, mkdir, remove, rmtree) and makes the chosen one fail
or signals the process at that point; the model, the index and the corpus are real.
"""

import ast
import errno
import fcntl
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import qa.store
from qa.build import build_index
from qa.cli import main
from qa.embed import Encoder
from qa.errors import IndexDamagedError, IndexWriteError
from qa.freshness import stale_reason
from qa.models import Result
from qa.rank import rank
from qa.search import Searcher
from qa.settings import Settings
from qa.store import CHECKSUMS, LOCK, POINTER, load_index, read_manifest, write_index
from qa.tui.history import write_atomically

from .conftest import write_corpus
from .index_files import write_build_file

pytestmark = pytest.mark.slow

QUESTION = "Who cut the ribbon?"
EXTRA = {"ferry.txt": "Ferry line opens\n\nThe new ferry to Osund carries 900 passengers a day.\n"}
EXTRA_QUESTION = "How many passengers does the ferry carry?"
DEBRIS = re.compile(r"\.partial$|^\.CURRENT\.|^\.part-.*\.tmp$|^\.probe-|^\.model\.onnx\.")
"""Names of the temporary files and folders qa writes before renaming them into place."""


def copy_index(source: Path, target: Path) -> None:
    """A copy of an index; the ONNX export (180 MB, never written in place) is hard-linked."""

    def link_onnx(src: str, dst: str) -> object:
        return os.link(src, dst) if f"{os.sep}onnx{os.sep}" in src else shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link_onnx)


@pytest.fixture
def own_tiny(tiny_settings: Settings, tmp_path: Path) -> Settings:
    """A private copy of the tiny corpus and its index, free to damage."""
    shutil.copytree(tiny_settings.corpus, tmp_path / "corpus")
    copy_index(tiny_settings.index, tmp_path / "index")
    return Settings(corpus=tmp_path / "corpus", index=tmp_path / "index")


def flags(settings: Settings) -> list[str]:
    return ["--corpus", str(settings.corpus), "--index", str(settings.index)]


def build_dir(settings: Settings) -> Path:
    return settings.index / (settings.index / POINTER).read_text("utf-8").strip()


def answer(settings: Settings, encoder: Encoder, question: str = QUESTION) -> Result:
    return Searcher(load_index(settings.index), encoder).ask(question)


def debris(index: Path) -> list[Path]:
    return [path for path in index.rglob("*") if DEBRIS.search(path.name)]


def build_folders(index: Path) -> set[str]:
    return {path.name for path in index.glob("build-*")}


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# Damage ------------------------------------------------------------------------------------


def flip_middle_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def test_vectors_damaged_in_place_are_exit_2_with_the_rebuild_hint(
    own_tiny: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found as a new user: same size, bytes changed, was a traceback in ranking and exit 1."""
    vectors = build_dir(own_tiny) / "sentences.npy"
    size = vectors.stat().st_size
    matrix = np.load(vectors, mmap_mode="r+", allow_pickle=False)
    matrix[:] = 3e38  # finite, but no unit vector: products overflow
    matrix.flush()
    del matrix
    assert vectors.stat().st_size == size
    assert main(["--ask", QUESTION, *flags(own_tiny)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "damaged: sentences.npy differs from what its build wrote" in line
    assert line.endswith("run `qa --rebuild`")
    assert main(["--rebuild", "-q", *flags(own_tiny)]) == 0
    assert main(["--ask", QUESTION, *flags(own_tiny)]) == 0
    assert "Ingrid Olsen" in capsys.readouterr().out


def test_vectors_too_large_to_hash_on_load_still_never_give_scores_that_are_not_numbers(
    own_tiny: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(qa.store, "VERIFY_ON_LOAD_BYTES", 0)
    matrix = np.load(build_dir(own_tiny) / "contexts.npy", mmap_mode="r+", allow_pickle=False)
    matrix[:] = np.nan
    matrix.flush()
    del matrix
    assert main(["--ask", QUESTION, *flags(own_tiny)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "scores that are not numbers" in line and "run `qa --rebuild`" in line
    assert main(["--stats", *flags(own_tiny)]) == 2, "--stats hashes every file, whatever its size"
    assert "contexts.npy differs" in capsys.readouterr().err


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_ranking_refuses_scores_that_are_not_finite(value: float) -> None:
    order = {0: ("a.txt", 0), 1: ("a.txt", 10)}
    with pytest.raises(IndexDamagedError, match="run `qa --rebuild`"):
        rank([(0, 0.5), (1, value)], order, {0: "a", 1: "b"}, top_k=2)


def build_files(settings: Settings) -> list[str]:
    """Every file the build writes, as its checksums list them, and the checksums."""
    checksums = json.loads((build_dir(settings) / CHECKSUMS).read_text("utf-8"))
    return sorted([*checksums["files"], CHECKSUMS])


def damage(path: Path, how: str) -> None:
    if how == "missing":
        path.unlink()
    elif how == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif path.stat().st_size == 0:
        path.write_bytes(b"\x00")  # an empty file is corrupted by any byte
    else:
        flip_middle_byte(path)


@pytest.fixture(scope="module")
def tiny_build_files(tiny_settings: Settings) -> list[str]:
    return build_files(tiny_settings)


@pytest.mark.parametrize("how", ["missing", "truncated", "corrupted"])
def test_each_damaged_build_file_is_exit_2_for_answers_and_stats(
    own_tiny: Settings, capsys: pytest.CaptureFixture[str], tiny_build_files: list[str], how: str
) -> None:
    """Every file of the build folder, each damaged alone, in a fresh copy of the index."""
    assert len(tiny_build_files) >= 7
    folder = build_dir(own_tiny)
    pristine = own_tiny.index.parent / "pristine"
    shutil.copytree(folder, pristine)
    for name in tiny_build_files:
        shutil.rmtree(folder)
        shutil.copytree(pristine, folder)
        if how == "truncated" and not (folder / name).stat().st_size:
            continue  # an empty file (texts.jsonl of a corpus of plain text) cannot be cut
        damage(folder / name, how)
        for command in (["--ask", QUESTION], ["--stats"]):
            assert main([*command, *flags(own_tiny)]) == 2, (name, command)
            line = one_error_line(capsys.readouterr().err)
            assert line.endswith("run `qa --rebuild`"), (name, command, line)
    assert main(["--rebuild", "-q", *flags(own_tiny)]) == 0
    assert main(["--ask", QUESTION, *flags(own_tiny)]) == 0


@pytest.mark.parametrize("how", ["truncated", "corrupted"])
def test_damaged_pointer_is_exit_2(
    own_tiny: Settings, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    damage(own_tiny.index / POINTER, how)
    assert main(["--ask", QUESTION, *flags(own_tiny)]) == 2
    assert one_error_line(capsys.readouterr().err).endswith("run `qa --rebuild`")


def test_missing_pointer_means_no_index_and_ask_builds_one(
    own_tiny: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    (own_tiny.index / POINTER).unlink()
    assert main(["--stats", *flags(own_tiny)]) == 2
    assert "no index in" in one_error_line(capsys.readouterr().err)
    assert main(["--ask", QUESTION, "-q", *flags(own_tiny)]) == 0
    assert "Ingrid Olsen" in capsys.readouterr().out


def rewrite_manifest(settings: Settings, **changes: Any) -> None:
    """Edit the manifest as another qa or model would have written it, checksums included."""
    manifest = build_dir(settings) / "manifest.json"
    edited = json.loads(manifest.read_text("utf-8")) | changes
    write_build_file(manifest.parent, manifest.name, json.dumps(edited).encode("utf-8"))


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"format_version": 3}, "the index format changed"),
        ({"format_version": 99}, "the index format changed"),
        ({"model_fingerprint": "0" * 64}, "the embedding model changed"),
        ({"ner_model": "another-ner-1.0"}, "the NER model changed"),
    ],
)
def test_manifest_of_another_format_or_model_is_rebuilt_by_ask_and_reported_by_stats(
    own_tiny: Settings, capsys: pytest.CaptureFixture[str], changes: dict[str, Any], reason: str
) -> None:
    rewrite_manifest(own_tiny, **changes)
    if "format_version" not in changes:
        assert main(["--stats", *flags(own_tiny)]) == 0
        assert f"stale ({reason})" in capsys.readouterr().out
    assert main(["--ask", QUESTION, "-q", *flags(own_tiny)]) == 0
    assert "Ingrid Olsen" in capsys.readouterr().out
    assert read_manifest(own_tiny.index).format_version == qa.store.FORMAT_VERSION


def test_stats_and_list_check_the_index_read_only(own_tiny: Settings) -> None:
    before = sorted(p.relative_to(own_tiny.index) for p in own_tiny.index.rglob("*"))
    assert main(["--stats", *flags(own_tiny)]) == 0
    assert main(["--list", *flags(own_tiny)]) == 0
    assert sorted(p.relative_to(own_tiny.index) for p in own_tiny.index.rglob("*")) == before


# A reader during a swap, and two builds at once ---------------------------------------------


@pytest.fixture
def other_build(tmp_path: Path, tiny_settings: Settings, encoder: Encoder) -> Settings:
    """The tiny corpus with one more article, indexed: the "new" index of a swap."""
    root = tmp_path / "other"
    shutil.copytree(tiny_settings.corpus, root / "corpus")
    write_corpus(root / "corpus", EXTRA)
    shutil.copytree(tiny_settings.index, root / "index")  # reuses the cache and the ONNX export
    settings = Settings(corpus=root / "corpus", index=root / "index")
    build_index(settings, encoder)
    return settings


def write_copy(stored: qa.store.StoredIndex, index: Path) -> None:
    """Swap `stored` into `index` with qa's own writer, as a rebuild in another process would."""
    count = len(stored.sentences)
    write_index(
        index,
        stored.manifest,
        list(stored.articles.values()),
        stored.sentences,
        {
            "sentences": np.asarray(stored.sentence_vectors.reconstruct_n(0, count)),
            "contexts": np.asarray(stored.context_vectors.reconstruct_n(0, count)),
        },
        stored.lexical,
    )


def test_a_reader_during_a_swap_sees_the_new_index_whole(
    own_tiny: Settings, other_build: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rebuild swaps the index in, and removes the old build, between the reader's reading
    the manifest and its opening the vector files."""
    newer = load_index(other_build.index)
    real_load_store = qa.store.load_store
    swaps = []

    def swap_then_load(kind: str, path: Path) -> Any:
        if not swaps:
            swaps.append(path.parent.name)
            write_copy(newer, own_tiny.index)
        return real_load_store(kind, path)

    monkeypatch.setattr(qa.store, "load_store", swap_then_load)
    stored = load_index(own_tiny.index)
    assert swaps and not (own_tiny.index / swaps[0]).exists(), "the old build was removed"
    assert stored.manifest == newer.manifest
    assert set(stored.articles) == set(stored.manifest.files) == set(newer.articles)
    assert stored.sentences == newer.sentences
    count = len(stored.sentences)
    assert np.array_equal(
        stored.context_vectors.reconstruct_n(0, count),
        newer.context_vectors.reconstruct_n(0, count),
    )


def test_a_reader_that_opened_the_old_index_keeps_answering_from_it(
    own_tiny: Settings, other_build: Settings, encoder: Encoder
) -> None:
    before = answer(own_tiny, encoder)
    old = Searcher(load_index(own_tiny.index), encoder)
    write_copy(load_index(other_build.index), own_tiny.index)
    assert old.ask(QUESTION) == before, "its files were read or mapped before the removal"
    assert "ferry.txt" in load_index(own_tiny.index).articles


def run_qa(*args: str, mode: str = "none", target: str = "") -> subprocess.Popen[str]:
    """`qa ARGS` in a new process, with an audit hook `mode` on writes under `target`:
    "none", "read-only" (they fail with EROFS), or "SIGINT:PART" / "SIGTERM:PART" (the process
    signals itself when it opens for writing a path containing PART)."""
    return subprocess.Popen(
        [sys.executable, "-c", BOOT, mode, target, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "OMP_NUM_THREADS": "1"},
    )


BOOT = """
import errno, os, signal, sys
mode, target = sys.argv[1], sys.argv[2]
WRITES = {"os.rename", "os.mkdir", "os.remove", "os.rmdir", "shutil.rmtree"}
fired = []

def is_write(event, args):
    if event == "open":
        return isinstance(args[2], int) and args[2] & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
    return event in WRITES

def hook(event, args):
    if not is_write(event, args) or not str(args[0]).startswith(target):
        return
    if mode == "read-only":
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(args[0]))
    name, part = mode.split(":", 1)
    if event == "open" and part in str(args[0]) and not fired:
        fired.append(1)
        os.kill(os.getpid(), getattr(signal, name))

if mode != "none":
    sys.addaudithook(hook)
sys.argv = ["qa", *sys.argv[3:]]
from qa.cli import run
run()
"""


def finish(process: subprocess.Popen[str], timeout_s: float = 300) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout_s)
    return process.returncode, out, err


def test_a_second_build_waits_for_the_first_and_says_so(
    own_tiny: Settings, encoder: Encoder
) -> None:
    write_corpus(own_tiny.corpus, EXTRA)
    with (own_tiny.index / LOCK).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a first build, holding the lock
        process = run_qa("--rebuild", *flags(own_tiny))
        assert process.stderr is not None
        line = process.stderr.readline()
        assert "another qa is building the index" in line and "waiting" in line
        time.sleep(1)
        assert process.poll() is None and "ferry.txt" not in read_manifest(own_tiny.index).files
        fcntl.flock(lock, fcntl.LOCK_UN)
    code, _, err = finish(process)
    assert code == 0, err
    assert "ferry.txt" in read_manifest(own_tiny.index).files
    assert "900 passengers" in answer(own_tiny, encoder, EXTRA_QUESTION).answers[0].text


def test_a_build_that_waited_uses_the_fresh_index_instead_of_building_again(
    own_tiny: Settings, encoder: Encoder, other_build: Settings
) -> None:
    """`qa --ask` found the index stale, then waited for a rebuild that made it fresh."""
    write_corpus(own_tiny.corpus, EXTRA)
    fresh = load_index(other_build.index)
    waits = []

    def rebuild_while_waiting(stage: str, done: int, total: int) -> None:
        if stage == "waiting for another build":
            waits.append(done)
            write_copy(fresh, own_tiny.index)
            fcntl.flock(lock, fcntl.LOCK_UN)

    with (own_tiny.index / LOCK).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        built = build_index(own_tiny, encoder, rebuild_while_waiting, is_forced=False)
    assert waits and built == fresh.manifest
    assert read_manifest(own_tiny.index) == fresh.manifest


@dataclass
class WriteFaults:
    """Which writes under `index` the audit hook counts and which one it makes fail."""

    index: str = ""
    fail_at: int = 0
    error: int = errno.ENOSPC
    seen: list[str] = field(default_factory=list)


FAULTS = WriteFaults()
AUDITED_WRITES = {"os.rename", "os.mkdir", "os.remove", "os.rmdir", "shutil.rmtree"}


def audit_writes(event: str, args: tuple[Any, ...]) -> None:
    if not FAULTS.index:
        return
    if event == "open":
        if not (isinstance(args[2], int) and args[2] & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)):
            return
    elif event not in AUDITED_WRITES:
        return
    if not str(args[0]).startswith(FAULTS.index):
        return
    FAULTS.seen.append(f"{event} {Path(str(args[0])).relative_to(FAULTS.index)}")
    if len(FAULTS.seen) == FAULTS.fail_at:
        raise OSError(FAULTS.error, os.strerror(FAULTS.error), str(args[0]))


@pytest.fixture(scope="session")
def write_audit() -> Iterator[WriteFaults]:
    """The audit hook, installed once: audit hooks cannot be removed, so it is inert unless
    FAULTS.index is set."""
    sys.addaudithook(audit_writes)
    yield FAULTS


@pytest.fixture
def faults(write_audit: WriteFaults) -> Iterator[WriteFaults]:
    yield write_audit
    write_audit.index, write_audit.fail_at, write_audit.seen = "", 0, []


# Read-only folders, a full disk, interruptions ---------------------------------------------


def test_a_read_only_index_answers_and_a_needed_rebuild_says_it_cannot_write(
    own_tiny: Settings,
) -> None:
    """Writes under the index fail with EROFS (an audit hook: root ignores file modes here)."""
    index = str(own_tiny.index)
    code, out, err = finish(
        run_qa("--ask", QUESTION, *flags(own_tiny), mode="read-only", target=index)
    )
    assert code == 0, err
    assert "Ingrid Olsen" in out and err == ""
    write_corpus(own_tiny.corpus, EXTRA)
    code, out, err = finish(
        run_qa("--ask", QUESTION, *flags(own_tiny), mode="read-only", target=index)
    )
    assert code == 2
    line = one_error_line(err)
    assert line == f"qa: error: cannot write the index to {index}: Read-only file system"


def keep_pristine(settings: Settings) -> Path:
    copy = settings.index.parent / "pristine-index"
    copy_index(settings.index, copy)
    return copy


def restore(settings: Settings, pristine: Path) -> None:
    shutil.rmtree(settings.index)
    copy_index(pristine, settings.index)


def count_writes(settings: Settings, encoder: Encoder, faults: WriteFaults) -> list[str]:
    """The writes a rebuild makes under the index, in order (the index is restored after)."""
    pristine = keep_pristine(settings)
    faults.index, faults.fail_at, faults.seen = str(settings.index), 0, []
    build_index(settings, encoder)
    seen, faults.index, faults.seen = faults.seen, "", []
    restore(settings, pristine)
    return seen


def unnamed(path: Path | str) -> str:
    """A path without the random part of the names qa gives temporary files."""
    return re.sub(r"[0-9a-f]{8,}", "*", str(path))


def test_a_full_disk_during_a_rebuild_keeps_the_previous_index(
    own_tiny: Settings,
    encoder: Encoder,
    faults: WriteFaults,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """ENOSPC injected when the new build's vectors are opened for writing."""
    before, folders = answer(own_tiny, encoder), build_folders(own_tiny.index)
    write_corpus(own_tiny.corpus, EXTRA)
    writes = count_writes(own_tiny, encoder, faults)
    [at] = [n for n, seen in enumerate(writes, 1) if seen.endswith(".partial/sentences.npy")]
    faults.index, faults.fail_at = str(own_tiny.index), at
    assert main(["--rebuild", "-q", *flags(own_tiny)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == f"qa: error: cannot write the index to {own_tiny.index}: No space left on device"
    faults.index = ""
    assert answer(own_tiny, encoder) == before
    assert build_folders(own_tiny.index) == folders and not debris(own_tiny.index)


def test_a_file_size_limit_cuts_the_rebuild_s_writes_short_and_nothing_changes(
    own_tiny: Settings, encoder: Encoder
) -> None:
    """A real failure from the kernel (RLIMIT_FSIZE, as a full disk would cut numpy's writes
    short): found giving "cannot write the index: 8064 requested and 4968 written"."""
    before, folders = answer(own_tiny, encoder), build_folders(own_tiny.index)
    write_corpus(own_tiny.corpus, EXTRA)

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))  # vectors take 30 KB

    completed = subprocess.run(
        [sys.executable, "-m", "qa", "--rebuild", "-q", *flags(own_tiny)],
        capture_output=True,
        text=True,
        preexec_fn=limit_file_size,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
        check=False,
    )
    assert completed.returncode == 2
    line = one_error_line(completed.stderr)
    assert line.startswith(f"qa: error: cannot write the index to {own_tiny.index}: ")
    assert line.endswith("is the disk full?") or line.endswith("File too large")
    assert answer(own_tiny, encoder) == before
    assert build_folders(own_tiny.index) == folders and not debris(own_tiny.index)


def test_every_write_of_a_rebuild_failing_in_turn_keeps_a_whole_index(
    own_tiny: Settings, encoder: Encoder, faults: WriteFaults
) -> None:
    """SQLite-style fault injection: the n-th write fails, for every n. After each, either the
    build failed with one IndexWriteError and the previous index answers exactly as before, or
    the failure was in clean-up after the swap and the new index answers; never debris."""
    before, old_folders = answer(own_tiny, encoder), build_folders(own_tiny.index)
    old_manifest = read_manifest(own_tiny.index)
    write_corpus(own_tiny.corpus, EXTRA)
    writes = count_writes(own_tiny, encoder, faults)
    pristine = own_tiny.index.parent / "pristine-index"
    assert len(writes) >= 10, writes
    outcomes = []
    for at, write in enumerate(writes, 1):
        faults.index, faults.fail_at, faults.seen = str(own_tiny.index), at, []
        try:
            build_index(own_tiny, encoder)
            outcome = "built"
        except IndexWriteError as error:
            assert str(error).startswith("cannot write the index to"), (write, error)
            outcome = "failed"
        faults.index = ""
        outcomes.append(outcome)
        if outcome == "failed":
            assert read_manifest(own_tiny.index) == old_manifest, write
            assert answer(own_tiny, encoder) == before, write
            assert build_folders(own_tiny.index) == old_folders, write
        else:
            assert "ferry.txt" in read_manifest(own_tiny.index).files, write
            ferry = answer(own_tiny, encoder, EXTRA_QUESTION)
            assert "900 passengers" in ferry.answers[0].text, write
            assert len(build_folders(own_tiny.index) - old_folders) == 1, write
        left = [unnamed(path.relative_to(own_tiny.index)) for path in debris(own_tiny.index)]
        if left:
            # Only a failed removal may leave what it removed, and the next build removes it.
            assert write.startswith("os.remove") and left == [unnamed(write[10:])], (write, left)
            build_index(own_tiny, encoder)
            assert not debris(own_tiny.index), write
        restore(own_tiny, pristine)
    assert outcomes.count("failed") >= len(writes) // 2
    sys.stderr.write(f"{len(writes)} fault-injection cases, {outcomes.count('failed')} failed\n")


@pytest.mark.parametrize(
    ("signal_name", "code", "while_writing"),
    [
        ("SIGINT", 130, "/cache/"),
        ("SIGTERM", 143, "partial/sentences"),
        ("SIGINT", 130, "partial/checksums"),
        ("SIGTERM", 143, "/.CURRENT."),
    ],
)
def test_a_signal_while_a_rebuild_writes_exits_like_a_shell_expects_and_leaves_nothing(
    own_tiny: Settings, encoder: Encoder, signal_name: str, code: int, while_writing: str
) -> None:
    """Ctrl-C or SIGTERM arrives as the rebuild opens a file for writing: in the embedding
    cache, the new build's vectors, its checksums, the new pointer."""
    before, folders = answer(own_tiny, encoder), build_folders(own_tiny.index)
    old_manifest = read_manifest(own_tiny.index)
    write_corpus(own_tiny.corpus, EXTRA)
    mode = f"{signal_name}:{while_writing}"
    returncode, _, err = finish(
        run_qa("--rebuild", *flags(own_tiny), mode=mode, target=str(own_tiny.index))
    )
    assert returncode == code, err
    assert err.strip().splitlines()[-1] == "qa: interrupted" and "Traceback" not in err
    assert read_manifest(own_tiny.index) == old_manifest
    assert answer(own_tiny, encoder) == before
    assert build_folders(own_tiny.index) == folders and not debris(own_tiny.index)


@pytest.mark.parametrize(("sent", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_from_outside_during_a_rebuild(
    own_tiny: Settings, encoder: Encoder, sent: signal.Signals, code: int
) -> None:
    """The signal comes from another process, once the rebuild reports embedding."""
    before = answer(own_tiny, encoder)
    long_article = " ".join(f"Report number {n} says the harbour is busy." for n in range(400))
    write_corpus(own_tiny.corpus, {"long.txt": f"Long report\n\n{long_article}\n"})
    process = run_qa("--rebuild", *flags(own_tiny))
    assert process.stderr is not None
    seen = ""
    while "qa: embedding" not in seen and process.poll() is None:
        seen += process.stderr.readline()
    process.send_signal(sent)
    returncode, _, err = finish(process)
    assert returncode == code, seen + err
    assert "Traceback" not in err
    assert answer(own_tiny, encoder) == before
    assert not debris(own_tiny.index)


# Safety -------------------------------------------------------------------------------------

QA_SOURCES = sorted((Path(__file__).resolve().parent.parent / "qa").rglob("*.py"))
UNSAFE_MODULES = {"pickle", "cPickle", "dill", "shelve", "marshal", "joblib"}


def calls(tree: ast.AST) -> Iterator[ast.Call]:
    return (node for node in ast.walk(tree) if isinstance(node, ast.Call))


@pytest.mark.parametrize("path", QA_SOURCES, ids=lambda p: p.name)
def test_no_module_deserialises_with_pickle_or_eval(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not {a.name.split(".")[0] for a in node.names} & UNSAFE_MODULES, path
        if isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] not in UNSAFE_MODULES, path
    for call in calls(tree):
        function = call.func
        if isinstance(function, ast.Name):
            assert function.id not in {"eval", "exec", "__import__"}, (path, call.lineno)
        if isinstance(function, ast.Attribute) and function.attr == "load":
            owner = ast.unparse(function.value)
            assert owner not in {"torch", "yaml", "pickle"}, (path, call.lineno)
            if owner in {"np", "numpy"}:
                keywords = {k.arg: ast.unparse(k.value) for k in call.keywords}
                assert keywords.get("allow_pickle") == "False", (path, call.lineno)


def test_the_safety_scan_sees_what_it_forbids() -> None:
    tree = ast.parse("import numpy as np\nnp.load(path)\neval(text)\n")
    loads = [c for c in calls(tree) if ast.unparse(c.func) == "np.load"]
    assert loads and not loads[0].keywords
    assert any(ast.unparse(c.func) == "eval" for c in calls(tree))


def test_sources_are_relative_and_a_link_out_of_the_corpus_is_never_read(
    tmp_path: Path, encoder: Encoder, tiny_settings: Settings
) -> None:
    outside = tmp_path / "private"
    write_corpus(
        outside, {"secret.txt": "Secret memo\n\nThe vault code is 4711 and nobody knows.\n"}
    )
    corpus = tmp_path / "corpus"
    shutil.copytree(tiny_settings.corpus, corpus)
    (corpus / "linked.txt").symlink_to(outside / "secret.txt")
    (corpus / "linked-folder").symlink_to(outside, target_is_directory=True)
    settings = Settings(corpus=corpus, index=tmp_path / "index")
    copy_index(tiny_settings.index, settings.index)
    build_index(settings, encoder)
    stored = load_index(settings.index)
    root = corpus.resolve()
    for source in [*stored.articles, *(s.source for s in stored.sentences)]:
        assert not Path(source).is_absolute() and ".." not in Path(source).parts, source
        assert (corpus / source).resolve().is_relative_to(root), source
    result = Searcher(stored, encoder).ask("What is the vault code?")
    assert all("4711" not in a.text for a in result.answers)
    skipped = {f.source: f.reason for f in stored.manifest.skipped}
    assert skipped["linked.txt"] == "a symbolic link to a file outside the corpus"
    (outside / "secret.txt").write_text("Changed memo\n\nNo code any more.\n", "utf-8")
    assert stale_reason(settings) is None, "the file outside is neither read nor hashed"


def test_files_qa_writes_under_the_index_are_renamed_into_place(
    own_tiny: Settings, encoder: Encoder, faults: WriteFaults
) -> None:
    """Every file a rebuild creates under the index is written under a temporary name and
    renamed, or inside a build folder renamed whole; only the lock file is opened in place."""
    write_corpus(own_tiny.corpus, EXTRA)
    writes = count_writes(own_tiny, encoder, faults)
    opened = [w.split(" ", 1)[1] for w in writes if w.startswith("open ")]
    in_place = [
        name
        for name in opened
        if not DEBRIS.search(Path(name).name) and ".partial/" not in name and name != LOCK
    ]
    assert not in_place, in_place


def test_history_and_exports_are_replaced_whole_whichever_write_fails(
    tmp_path: Path, faults: WriteFaults
) -> None:
    """The chat's history and exports go through write_atomically: any failing step leaves the
    old file or the new one, and no temporary file."""
    target = tmp_path / "history" / "corpus.json"
    write_atomically(target, b"old")
    faults.index = str(tmp_path)
    write_atomically(target, b"new")
    writes, faults.seen = faults.seen, []
    assert [w.split(" ")[0] for w in writes] == ["os.mkdir", "open", "os.rename"]
    failed = 0
    for at in range(1, len(writes) + 1):
        faults.fail_at = 0
        target.write_bytes(b"old")
        faults.fail_at, faults.seen = at, []
        try:
            write_atomically(target, b"new")
        except OSError:
            failed += 1
            assert target.read_bytes() == b"old"
        else:
            assert target.read_bytes() == b"new"  # mkdir(exist_ok=True) ignores its failure
        assert [p.name for p in target.parent.iterdir()] == ["corpus.json"]
    assert failed == 2

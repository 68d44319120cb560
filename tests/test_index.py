import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.build import build_index, ensure_index, stale_reason
from qa.cli import main
from qa.embed import Encoder
from qa.search import Searcher
from qa.settings import Settings
from qa.store import load_index, read_manifest

from .conftest import write_corpus

pytestmark = pytest.mark.slow


@pytest.fixture
def own_tiny(tiny_settings: Settings, tmp_path: Path) -> Settings:
    """A private copy of the tiny corpus and its index, free to change."""
    shutil.copytree(tiny_settings.corpus, tmp_path / "corpus")
    shutil.copytree(tiny_settings.index, tmp_path / "index")
    return Settings(corpus=tmp_path / "corpus", index=tmp_path / "index")


def test_manifest_records_model_and_corpus(own_tiny: Settings) -> None:
    manifest = read_manifest(own_tiny.index)
    assert manifest.model == "model" or manifest.model
    assert manifest.dimension == 384
    assert set(manifest.files) == {"harbour.txt", "orchard.md", "science/comet.txt"}
    assert stale_reason(own_tiny) is None


def test_changed_added_or_removed_file_makes_the_index_stale(own_tiny: Settings) -> None:
    comet = own_tiny.corpus / "science" / "comet.txt"
    comet.write_text(comet.read_text("utf-8") + "\nIt was named Halden-1.\n", "utf-8")
    assert stale_reason(own_tiny) == "the corpus changed"


def test_ask_rebuilds_a_stale_index_with_progress_before_answering(
    own_tiny: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    write_corpus(
        own_tiny.corpus,
        {"ferry.txt": "Ferry line opens\n\nThe new ferry to Osund carries 900 passengers a day."},
    )
    flags = ["--corpus", str(own_tiny.corpus), "--index", str(own_tiny.index)]
    assert main(["--ask", "How many passengers does the ferry carry?", *flags]) == 0
    captured = capsys.readouterr()
    assert "embedding" in captured.err
    assert "900 passengers" in captured.out
    assert stale_reason(own_tiny) is None


def test_another_model_makes_the_index_stale(own_tiny: Settings, tmp_path: Path) -> None:
    model_copy = tmp_path / "model-copy"
    shutil.copytree(own_tiny.model_path(), model_copy)
    config = model_copy / "config.json"
    config.write_text(config.read_text("utf-8").replace("{", '{"qa_test": 1,', 1), "utf-8")
    other = Settings(corpus=own_tiny.corpus, index=own_tiny.index, model=model_copy)
    assert stale_reason(other) == "the embedding model changed"


def test_interrupted_rebuild_keeps_the_previous_index(own_tiny: Settings, encoder: Encoder) -> None:
    before = read_manifest(own_tiny.index)
    write_corpus(own_tiny.corpus, {"extra.txt": "Extra news\n\nSomething else happened today."})

    def interrupt_while_embedding(stage: str, done: int, total: int) -> None:
        if stage == "embedding":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_index(own_tiny, encoder, interrupt_while_embedding)
    assert read_manifest(own_tiny.index) == before
    result = Searcher(load_index(own_tiny.index), encoder).ask("When was the comet spotted?")
    assert result.answers[0].source == "science/comet.txt"
    assert ensure_index(own_tiny, encoder) is not None
    assert "extra.txt" in read_manifest(own_tiny.index).files


def test_killed_rebuild_process_keeps_the_previous_index(
    own_tiny: Settings, encoder: Encoder
) -> None:
    before = read_manifest(own_tiny.index)
    long_article = " ".join(f"Report number {n} says the harbour is busy." for n in range(3000))
    write_corpus(own_tiny.corpus, {"long.txt": f"Long report\n\n{long_article}\n"})
    command = [sys.executable, "-m", "qa", "--rebuild"]
    command += ["--corpus", str(own_tiny.corpus), "--index", str(own_tiny.index)]
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=environment) as process:
        assert process.stderr is not None
        deadline = time.monotonic() + 120
        seen = ""
        while "embedding" not in seen and time.monotonic() < deadline:
            seen += process.stderr.read(1)
        process.send_signal(signal.SIGKILL)
    assert "embedding" in seen
    assert read_manifest(own_tiny.index) == before
    result = Searcher(load_index(own_tiny.index), encoder).ask("Who cut the ribbon?")
    assert "Ingrid Olsen" in result.answers[0].text


def test_rebuild_removes_only_its_own_old_builds(own_tiny: Settings, encoder: Encoder) -> None:
    user_folder = own_tiny.index / "build-scripts"
    user_folder.mkdir()
    (user_folder / "keep.sh").write_text("echo mine\n", "utf-8")
    (own_tiny.index / "build-notes.txt").write_text("mine too\n", "utf-8")
    debris = own_tiny.index / ".build-20240101T000000-0123abcd.partial"
    debris.mkdir()
    old_build = (own_tiny.index / "CURRENT").read_text("utf-8")
    build_index(own_tiny, encoder)
    assert (user_folder / "keep.sh").is_file()
    assert (own_tiny.index / "build-notes.txt").is_file()
    assert not debris.exists()
    assert not (own_tiny.index / old_build).exists()


@pytest.mark.parametrize(
    ("damage", "target"),
    [
        (b"\xff\xfe not a name", "CURRENT"),
        (b"build-20240101T000000-0123abcd", "CURRENT"),
        (b"{ not json", "manifest.json"),
        (b"\xff\xfe\x00", "sentences.jsonl"),
        (b"garbage", "contexts.npy"),
        (b"garbage", "lexical/token_terms.npy"),
        (b"{}", "lexical/vocabulary.json"),
    ],
)
def test_damaged_index_is_exit_2_with_one_line(
    own_tiny: Settings, capsys: pytest.CaptureFixture[str], damage: bytes, target: str
) -> None:
    build = own_tiny.index / (own_tiny.index / "CURRENT").read_text("utf-8")
    (own_tiny.index / target if target == "CURRENT" else build / target).write_bytes(damage)
    flags = ["--corpus", str(own_tiny.corpus), "--index", str(own_tiny.index)]
    assert main(["--ask", "Who cut the ribbon?", *flags]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "run `qa --rebuild`" in err[0]
    assert main(["--rebuild", *flags]) == 0


def test_damaged_model_folder_is_exit_2(
    own_tiny: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "broken-model"
    shutil.copytree(own_tiny.model_path(), model)
    weights = model / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:1000])
    flags = ["--corpus", str(own_tiny.corpus), "--index", str(tmp_path / "index")]
    assert main(["--ask", "Who cut the ribbon?", "--model", str(model), *flags]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot load the model" in err[0]

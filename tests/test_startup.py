"""What each entry point imports: start-up time is mostly imports."""

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qa.cli import main
from qa.settings import Settings

NEVER_FOR_HELP = {
    "pydantic",
    "numpy",
    "torch",
    "sentence_transformers",
    "faiss",
    "textual",
    "qa.models",
    "qa.settings",
}
NEVER_FOR_ONE_SHOT = {
    "torch",
    "sentence_transformers",
    "pysbd",
    "qa.segment",
    "qa.build",
    "qa.lexical_build",
    "bm25s",
    "scipy",
    "faiss",
    "subprocess",
}
"""A small index is searched exactly with numpy: faiss alone takes longer to import. subprocess
comes with ctypes.util, which only a build needs (to give memory back between batches)."""


def imported_after(argv: list[str]) -> tuple[int, set[str], str]:
    """Run `main(argv)` in a fresh interpreter; its exit code, imported modules and stdout."""
    code = (
        "import json, sys\n"
        "from qa.cli import main\n"
        "try:\n"
        f"    code = main({argv!r})\n"
        "except SystemExit as exit:\n"
        "    code = exit.code\n"
        "sys.stdout.flush()\n"
        "print(json.dumps([code, sorted(sys.modules)]), file=sys.stderr)\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    exit_code, modules = json.loads(completed.stderr.splitlines()[-1])
    return exit_code, set(modules), completed.stdout


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["--top", "many"], ["--bogus"]])
def test_help_version_and_usage_errors_import_no_models_nor_numpy(argv: list[str]) -> None:
    exit_code, modules, _ = imported_after(argv)
    assert exit_code == (0 if argv[0] in ("--help", "--version") else 2)
    assert not NEVER_FOR_HELP & modules


@pytest.mark.slow
def test_one_shot_json_answer_imports_neither_torch_nor_the_build(tiny_settings: Settings) -> None:
    flags = ["--corpus", str(tiny_settings.corpus), "--index", str(tiny_settings.index)]
    question = "Who led the team that found the comet?"
    exit_code, modules, stdout = imported_after(["--ask", question, "--json", *flags])
    assert exit_code == 0
    assert json.loads(stdout)["answers"][0]["text"].startswith("Dr. Lena Moss")
    assert "onnxruntime" in modules
    assert not NEVER_FOR_ONE_SHOT & modules


@pytest.mark.slow
def test_one_shot_answer_runs_blas_on_one_thread(tiny_settings: Settings) -> None:
    flags = ["--corpus", str(tiny_settings.corpus), "--index", str(tiny_settings.index)]
    code = (
        "import json, sys\n"
        "from threadpoolctl import threadpool_info\n"
        "from qa.cli import main\n"
        f"code = main({['--ask', 'When was the comet spotted?', '--json', *flags]!r})\n"
        "blas = [p['num_threads'] for p in threadpool_info() if p['user_api'] == 'blas']\n"
        "print(json.dumps([code, blas]), file=sys.stderr)\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    exit_code, blas_threads = json.loads(completed.stderr.splitlines()[-1])
    assert exit_code == 0
    assert blas_threads and set(blas_threads) == {1}


@pytest.mark.slow
@pytest.mark.parametrize("question", ["When was the comet spotted?", "-"], ids=["one", "batch"])
def test_questions_start_no_thread_pool(tiny_settings: Settings, question: str) -> None:
    """One question at a time is too small to split: answering starts no thread besides the
    one onnxruntime starts on import (tokenizers would start one per core to pad a question)."""
    flags = ["--corpus", str(tiny_settings.corpus), "--index", str(tiny_settings.index)]
    code = (
        "import io, json, os, sys\n"
        "import onnxruntime\n"
        "from qa.cli import main\n"
        "sys.stdin = io.TextIOWrapper(io.BytesIO(b'When was the comet spotted?\\n'))\n"
        "before = len(os.listdir('/proc/self/task'))\n"
        f"code = main({['--ask', question, '--json', *flags]!r})\n"
        "after = len(os.listdir('/proc/self/task'))\n"
        "print(json.dumps([code, before, after]), file=sys.stderr)\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    exit_code, before, after = json.loads(completed.stderr.splitlines()[-1])
    assert exit_code == 0
    assert after == before


@pytest.mark.slow
def test_a_process_skipping_teardown_still_prints_everything(tiny_settings: Settings) -> None:
    """`qa` ends with os._exit once its output is flushed: every answer and the warning line
    must still reach the pipes."""
    flags = ["--corpus", str(tiny_settings.corpus), "--index", str(tiny_settings.index)]
    questions = ["Who led the team that found the comet?", "", "When was the comet spotted?"]
    completed = subprocess.run(
        [sys.executable, "-m", "qa", "--ask", "-", "--json", *flags],
        input="\n".join(questions) + "\n",
        capture_output=True,
        text=True,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )
    lines = [json.loads(line) for line in completed.stdout.splitlines()]
    assert completed.returncode == 2  # the empty line is an error for that line only
    assert [line["question"] for line in lines] == questions
    assert "error" in lines[1] and lines[0]["answers"] and lines[2]["answers"]
    one_shot = subprocess.run(
        [sys.executable, "-m", "qa", "--ask", questions[0], *flags],
        capture_output=True,
        text=True,
    )
    assert one_shot.returncode == 0
    assert one_shot.stdout.startswith(f"Q: {questions[0]}\n1. “Dr. Lena Moss")
    assert one_shot.stdout.endswith("\n\n")


@pytest.mark.slow
@pytest.mark.parametrize("is_index_missing", [False, True], ids=["answered", "error"])
def test_questions_leave_the_garbage_collector_on(
    tiny_settings: Settings, tmp_path: Path, is_index_missing: bool
) -> None:
    """Loading pauses the collector, then freezes what it loaded; an in-process caller gets
    the collector back as it was, whatever happens."""
    index = tmp_path / "none" if is_index_missing else tiny_settings.index
    flags = ["--corpus", str(tiny_settings.corpus), "--index", str(index)]
    if is_index_missing:
        (tmp_path / "none").mkdir()
        (tmp_path / "none" / "CURRENT").write_text("build-bogus", "utf-8")
    code = main(["--ask", "Who led the team that found the comet?", "--json", *flags])
    assert code == (2 if is_index_missing else 0)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("closed", ["1", "2"], ids=["stdout", "stderr"])
def test_a_closed_output_stream_is_no_error(closed: str) -> None:
    """`qa --version >&-` or `2>&-`: Python sees the closed stream as None, not a file."""
    command = f'exec "{sys.executable}" -m qa --version {closed}>&-'
    completed = subprocess.run(["sh", "-c", command], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stdout + completed.stderr

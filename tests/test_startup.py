"""What each entry point imports: start-up time is mostly imports."""

import json
import subprocess
import sys

import pytest

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
}


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

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qa.cli import main
from qa.models import Answer, LineError, Result
from qa.settings import Settings

pytestmark = pytest.mark.slow

ANSWER_FIELDS = {
    "text",
    "source",
    "start",
    "end",
    "title",
    "date",
    "score",
    "highlight",
    "kind",
    "also_in",
    "source_text",
}


def corpus_flags(settings: Settings) -> list[str]:
    return ["--corpus", str(settings.corpus), "--index", str(settings.index)]


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_load_no_model(flag: str) -> None:
    code = (
        "import sys\n"
        "from qa.cli import main\n"
        f"assert main([{flag!r}]) == 0\n"
        "heavy = {'torch', 'sentence_transformers', 'faiss', 'textual'}\n"
        "heavy |= {'dateparser', 'trafilatura'}\n"
        "heavy &= set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert "qa" in completed.stdout


def test_ask_json_follows_the_schema(
    tiny_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    question = "Who led the team that found the comet?"
    assert main(["--ask", question, "--json", *corpus_flags(tiny_settings)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    raw = json.loads(lines[0])
    assert set(raw) == {"question", "abstained", "answers", "confidence", "corrections"}
    assert raw["corrections"] == []
    assert raw["question"] == question and raw["abstained"] is False
    for answer in raw["answers"]:
        assert set(answer) == ANSWER_FIELDS
        assert answer["kind"] in ("article", "comment")
        file_text = (tiny_settings.corpus / answer["source"]).read_text(encoding="utf-8")
        assert file_text[answer["start"] : answer["end"]] == answer["text"]
    result = Result.model_validate_json(lines[0])
    top = result.answers[0]
    assert isinstance(top, Answer) and top.highlight is not None
    assert top.text[top.highlight[0] : top.highlight[1]] == "Lena Moss"


def test_ask_prints_quotes_and_sources_for_a_person(
    tiny_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "--ask",
                "How many tonnes of apples were picked?",
                "-k",
                "2",
                *corpus_flags(tiny_settings),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "answer: 48,000 tonnes" in out
    assert "Apple harvest breaks records in the Vell valley · undated · orchard.md" in out
    assert out.count("“") == 2


def test_abstention_exits_1(seed_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["--ask", "Who won the 2018 FIFA World Cup?", "--json", *corpus_flags(seed_settings)]
    )
    assert code == 1
    assert json.loads(capsys.readouterr().out)["abstained"] is True


def test_batch_from_stdin_reports_bad_lines_and_goes_on(
    tiny_settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = b"When was the comet spotted?\n\n\xff\xfe broken\nWho is the mayor?\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(["--ask", "-", "--json", *corpus_flags(tiny_settings)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 2
    assert len(lines) == 4
    first, blank, broken, last = lines
    assert Result.model_validate_json(first).answers[0].source == "science/comet.txt"
    assert LineError.model_validate_json(blank).error == "the question is empty"
    assert "UTF-8" in LineError.model_validate_json(broken).error
    assert "Ingrid Olsen" in Result.model_validate_json(last).answers[0].text


def test_one_shot_answers_print_what_a_batch_prints(
    seed_settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-shot question loads its encoder differently (int8 weights left unpacked), and
    still prints the batch's answer byte for byte: scores, order, confidence, abstention."""
    questions = [
        "How many prisoners were released in September?",
        "Who won the 2018 FIFA World Cup?",
        "What did the opposition say about the election?",
    ]
    one_shots = []
    for question in questions:
        main(["--ask", question, "--json", *corpus_flags(seed_settings)])
        one_shots.append(capsys.readouterr().out)
    stdin = "".join(q + "\n" for q in questions).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    main(["--ask", "-", "--json", *corpus_flags(seed_settings)])
    assert "".join(one_shots) == capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--ask", "hi", "--corpus", "/nonexistent/corpus"], "does not exist"),
        (["--json"], "--json goes with --ask"),
        (["--top", "0", "--ask", "hi"], "top_k"),
        (["--model", "/nonexistent/model", "--ask", "hi"], "not a sentence-transformers model"),
        (["--bogus"], "unrecognized arguments"),
        (["--ask", "hi", "--corpus", __file__], "is a file, not a folder"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert message in err
    assert "Traceback" not in err


def test_unwritable_index_folder_is_exit_2(
    tiny_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    code = main(["--rebuild", "--corpus", str(tiny_settings.corpus), "--index", str(blocker)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines() == [err.splitlines()[-1]], "fails before embedding anything"
    assert "cannot write the index" in err


def test_corrupt_index_files_are_exit_2_with_a_fix(
    tiny_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = tmp_path / "index"
    shutil.copytree(tiny_settings.index, index)
    build = index / (index / "CURRENT").read_text().strip()
    (build / "sentences.npy").write_bytes(b"garbage")
    code = main(
        [
            "--ask",
            "When was the comet spotted?",
            "--corpus",
            str(tiny_settings.corpus),
            "--index",
            str(index),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "run `qa --rebuild`" in err


def test_empty_environment_values_mean_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("QA_CORPUS", "QA_INDEX", "QA_MODEL", "QA_TOP_K"):
        monkeypatch.setenv(name, "")
    assert Settings() == Settings(corpus=Path("seeds"), index=Path("index"), model=None, top_k=5)


def test_closed_stdin_is_exit_2(
    tiny_settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    assert main(["--ask", "-", *corpus_flags(tiny_settings)]) == 2
    assert "standard input" in capsys.readouterr().err

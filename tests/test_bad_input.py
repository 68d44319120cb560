"""What comes in and goes out: bad questions, flags, corpora and models, and a batch interrupted.

Every case ends in an answer, an abstention, or one line on stderr saying what happened and what
to do, with exit code 2 where qa cannot do its job; never a traceback, never a hang (processes
run with a timeout). Cases tested elsewhere, not repeated here: a missing corpus folder, a file
given as the corpus, a missing model folder and an unknown flag (test_cli.py,
test_bad_input_is_one_line_and_exit_2); an invalid UTF-8 line in `--ask -` (test_cli.py,
test_batch_from_stdin_reports_bad_lines_and_goes_on); empty, binary and non-UTF-8 files
(test_corpus.py and test_ingest.py).
"""

import io
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from qa import ingest
from qa.build import build_index
from qa.cli import main, print_result
from qa.embed import Encoder
from qa.freshness import stale_reason
from qa.models import Answer, LineError, Result
from qa.settings import Settings, default_model_path
from qa.store import read_manifest

from .conftest import TINY_ARTICLES, indexed, write_corpus

pytestmark = pytest.mark.slow

TIMEOUT_S = 120
"""No case may hang: a process still running after this fails its test."""
ESC = "\x1b"
EVIL_ARTICLE = (
    "Bridge \x1b[31mclosed\x1b[0m again for repairs\n\n"
    "The harbour authority closed the \x1b]0;owned\x07Kestrel bridge on Friday for new "
    "cables.\x1b[2J The engineers said the work takes six weeks.\r\n"
)


def flags_of(settings: Settings) -> list[str]:
    return ["--corpus", str(settings.corpus), "--index", str(settings.index)]


def run_qa(
    args: list[str | bytes], stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "qa", *args],
        input=stdin,
        capture_output=True,
        timeout=TIMEOUT_S,
        env={**os.environ, "OMP_NUM_THREADS": "1", **(env or {})},
    )


def one_error_line(err: str) -> str:
    """The single `qa: error:` line of `err`, checked for being the only line and no traceback."""
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("qa: error: ")
    return lines[0]


# Questions


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "the question is empty"),
        (" \t  ", "the question is empty"),
        ("why " * 25_000, "the question is longer than 1000 characters"),
    ],
    ids=["empty", "whitespace", "100 KB"],
)
def test_questions_qa_cannot_take_are_exit_2(
    question: str, message: str, tiny_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--ask", question, *flags_of(tiny_settings)]) == 2
    captured = capsys.readouterr()
    assert message in one_error_line(captured.err)
    assert captured.out == ""


def test_a_100_kb_line_in_a_batch_is_one_short_error_and_the_batch_goes_on(
    tiny_settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = b"x" * 100_000 + b"\nWho led the team that found the comet?\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    assert main(["--ask", "-", *flags_of(tiny_settings)]) == 2
    captured = capsys.readouterr()
    assert len(one_error_line(captured.err)) < 200, "the error echoes a short excerpt"
    assert "Lena Moss" in captured.out


@pytest.mark.parametrize(
    "question",
    [
        "Who \x1b[2J\x1b]0;owned\x07led the team\x00 that found the comet?\r",
        "Who led the team that found the comet? 🚀☄️",
        "מי גילה את השביט? من اكتشف المذنب؟ Who found the comet?",
        "[red]Who[/red] led the [bold]team[/] that found the comet?",
    ],
    ids=["control characters", "emoji", "right-to-left", "markup"],
)
def test_odd_questions_are_answered_or_abstained_and_shown_harmlessly(
    question: str, tiny_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--ask", question, "--json", *flags_of(tiny_settings)]) in (0, 1)
    result = Result.model_validate_json(capsys.readouterr().out)
    assert result.question == question.strip()
    assert main(["--ask", question, *flags_of(tiny_settings)]) in (0, 1)
    out = capsys.readouterr().out
    assert ESC not in out and "\x07" not in out and "\x00" not in out and "\r" not in out
    first_line = out.splitlines()[0]
    if "[red]" in question:
        assert first_line == f"Q: {question}", "markup is shown as typed"
    else:
        assert first_line.startswith("Q: ")


def test_every_odd_question_in_one_real_batch(tiny_settings: Settings) -> None:
    lines = [
        b"",
        b" \t ",
        b"why " * 25_000,
        b"Who \x1b[2J\x1b]0;owned\x07led the team\x00 that found the comet?",
        "Who found the comet? 🚀 מי גילה את השביט?".encode(),
        b"?!...,;",
        b"the of and to",
        b"\xff\xfe not UTF-8",
        b"[red]x[/red] Who found the comet?",
    ]
    completed = run_qa(["--ask", "-", *flags_of(tiny_settings)], stdin=b"\n".join(lines) + b"\n")
    assert completed.returncode == 2, "some lines were bad"
    err = completed.stderr.decode()
    assert "Traceback" not in err
    assert len(err.splitlines()) == 4 and all(len(line) < 200 for line in err.splitlines())
    out = completed.stdout.decode()
    assert out.count("\nQ: ") + out.startswith("Q: ") == 5
    assert ESC not in out and "\x07" not in out and "\x00" not in out
    assert "Q: [red]x[/red] Who found the comet?" in out


@pytest.mark.parametrize("question", ["?!… ,;", "the of and to is was"])
def test_questions_without_words_to_look_for_abstain(
    question: str, tiny_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--ask", question, "--json", *flags_of(tiny_settings)]) == 1
    assert Result.model_validate_json(capsys.readouterr().out).abstained
    assert main(["--ask", question, *flags_of(tiny_settings)]) == 1
    assert "No answer in the corpus: the question has no words to look for." in (
        capsys.readouterr().out
    )


def test_a_question_argument_that_is_not_utf8_is_exit_2(tiny_settings: Settings) -> None:
    completed = run_qa([b"--ask", b"Who led the \xff team?", *flags_of(tiny_settings)])
    assert completed.returncode == 2
    assert "not valid UTF-8" in one_error_line(completed.stderr.decode())


# Human output: text from articles and questions never drives the terminal


class Terminal(io.StringIO):
    """Captured output that says it is a terminal, as print_result asks before colouring."""

    def isatty(self) -> bool:
        return True


ESCAPED_RESULT = Result(
    question="Who \x1b[2J closed it?",
    abstained=False,
    answers=[
        Answer(
            text="The \x1b]0;owned\x07authority closed the bridge.\x1b[2J",
            source="evil\x1b[31m.txt",
            start=0,
            end=40,
            title="Bridge \x1b[31mclosed\x1b[0m",
            date=None,
            score=0.9,
            highlight=(14, 23),
            kind="article",
        )
    ],
    confidence=0.9,
)


@pytest.mark.parametrize(
    ("environment", "is_coloured"),
    [({}, True), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False)],
    ids=["terminal", "NO_COLOR", "TERM=dumb"],
)
def test_human_output_is_harmless_and_coloured_only_where_wanted(
    environment: dict[str, str], is_coloured: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    out = Terminal()
    print_result(ESCAPED_RESULT, is_json=False, out=out)
    shown = out.getvalue()
    colour_codes = shown.count(ESC)
    assert colour_codes == (2 if is_coloured else 0), "only qa's own highlight escapes"
    without_colour = shown.replace("\x1b[1;33m", "").replace("\x1b[0m", "")
    assert ESC not in without_colour and "\x07" not in without_colour
    assert "\ufffd]0;owned\ufffdauthority" in without_colour, "one character for one"
    if not is_coloured:
        assert "   answer: authority" in shown


def test_json_output_keeps_the_text_exact(capsys: pytest.CaptureFixture[str]) -> None:
    print_result(ESCAPED_RESULT, is_json=True)
    assert Result.model_validate_json(capsys.readouterr().out) == ESCAPED_RESULT


# Flags


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-k", "0", "--ask", "why?"], "top_k"),
        (["-k", "-3", "--ask", "why?"], "top_k"),
        (["-k", "100000", "--ask", "why?"], "top_k"),
        (["-k", "many", "--ask", "why?"], "invalid int value"),
        (["--ask"], "expected one argument"),
        (["--json"], "--json goes with --ask"),
        (["--full", "--ask", "why?"], "--full goes with --rebuild"),
        (["--quiet", "--progress", "--rebuild"], "contradict"),
        (["--stats", "--ask", "why?"], "go alone"),
        (["--show", "a.txt", "--json"], "--json goes with"),
    ],
)
def test_bad_flags_are_one_line_and_exit_2_without_system_exit(
    argv: list[str], message: str, tiny_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, *flags_of(tiny_settings)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert message in line
    if "top_k" in line:
        assert "QA_TOP_K" in line, "says where to fix it"


def test_help_and_version_return_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("qa ")
    assert main(["--help"]) == 0
    assert "usage: qa" in capsys.readouterr().out


# Corpus


def test_empty_corpus_folder_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "corpus").mkdir()
    argv = ["--ask", "why?", "--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "i")]
    assert main(argv) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "has no readable" in line and "pass --corpus DIR" in line


def test_corpus_of_unreadable_files_names_one_and_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (corpus / "empty.md").write_bytes(b"")
    assert main(["--rebuild", "--corpus", str(corpus), "--index", str(tmp_path / "i")]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "(2 skipped, as empty.md: empty file)" in line
    assert not (tmp_path / "i" / "CURRENT").exists()


@pytest.fixture(scope="module")
def odd_root(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Path:
    """The tiny corpus with odd names, links, a 50 MB file and an article full of escapes."""
    root = tmp_path_factory.mktemp("odd")
    corpus = write_corpus(root / "corpus", TINY_ARTICLES)
    (root / "secret.txt").write_text("The vault code is 4512 and nobody else knows it.\n")
    write_corpus(corpus, {"évènements/Nöel à Zürich 2024.txt": TINY_ARTICLES["harbour.txt"]})
    (corpus / "evil.txt").write_bytes(EVIL_ARTICLE.encode("utf-8"))
    (corpus / "outside.txt").symlink_to(root / "secret.txt")
    (corpus / "inside.md").symlink_to(corpus / "orchard.md")
    (corpus / "loop-a.txt").symlink_to(corpus / "loop-b.txt")
    (corpus / "loop-b.txt").symlink_to(corpus / "loop-a.txt")
    (corpus / "gone.txt").symlink_to(corpus / "nothing-here.txt")
    (corpus / "up").symlink_to(corpus, target_is_directory=True)
    (corpus / b"caf\xe9.txt".decode(sys.getfilesystemencoding(), "surrogateescape")).write_text(
        TINY_ARTICLES["science/comet.txt"]
    )
    with (corpus / "dump.txt").open("wb") as dump:
        sentence = b"The council met again on Monday. "
        dump.write(sentence * (50 * 2**20 // len(sentence) + 1))
    indexed(root, encoder)
    return root


def test_odd_files_are_skipped_with_a_reason_each(odd_root: Path) -> None:
    manifest = read_manifest(odd_root / "index")
    reasons = {s.source: s.reason for s in manifest.skipped}
    assert reasons == {
        "caf\ufffd.txt": "its name is not valid UTF-8; rename the file",
        "dump.txt": "larger than 16 MiB",
        "gone.txt": "a broken or looping symbolic link",
        "loop-a.txt": "a broken or looping symbolic link",
        "loop-b.txt": "a broken or looping symbolic link",
        "outside.txt": "a symbolic link to a file outside the corpus",
    }
    assert set(manifest.files) == {
        *TINY_ARTICLES,
        "évènements/Nöel à Zürich 2024.txt",
        "evil.txt",
        "inside.md",
    }, "a link inside the corpus is an article; the folder link `up` is not followed"


def test_nothing_outside_the_corpus_is_ever_quoted(
    odd_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--ask", "What is the vault code?", "--json", *flags_of_root(odd_root)]) == 1
    result = Result.model_validate_json(capsys.readouterr().out)
    assert all("vault" not in answer.text for answer in result.answers)
    assert all(not answer.source.startswith("..") for answer in result.answers)


def flags_of_root(root: Path) -> list[str]:
    return ["--corpus", str(root / "corpus"), "--index", str(root / "index")]


def test_unicode_and_space_names_are_sources_like_any_other(
    odd_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    question = "Who cut the ribbon at the northern end of the bridge?"
    assert main(["--ask", question, "--json", *flags_of_root(odd_root)]) == 0
    answers = Result.model_validate_json(capsys.readouterr().out).answers
    located = {(a.source, a.start, a.end, a.text) for a in answers}
    located |= {(c.source, c.start, c.end, a.text) for a in answers for c in a.also_in}
    named = [where for where in located if where[0] == "évènements/Nöel à Zürich 2024.txt"]
    assert named, located
    for source, start, end, text in named:
        file_text = (odd_root / "corpus" / source).read_text(encoding="utf-8")
        assert file_text[start:end] == text


def test_escapes_in_an_article_never_reach_the_terminal(
    odd_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    question = "When did the harbour authority close the Kestrel bridge?"
    main(["--ask", question, "-k", "3", *flags_of_root(odd_root)])
    out = capsys.readouterr().out
    assert "evil.txt" in out
    assert ESC not in out and "\x07" not in out
    assert main(["--list", *flags_of_root(odd_root)]) == 0
    listing = capsys.readouterr().out
    assert "Bridge \ufffd[31mclosed\ufffd[0m again for repairs" in listing
    assert ESC not in listing


def test_skipped_files_are_told_at_build_time_only(
    odd_root: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        for _ in range(2):
            main(["--ask", "Who found the comet?", *flags_of_root(odd_root)])
    assert not [r for r in caplog.records if "skipping" in r.getMessage()]
    assert "skipping" not in capsys.readouterr().err
    assert main(["--stats", *flags_of_root(odd_root)]) == 0
    stats = capsys.readouterr().out
    assert "skipped   outside.txt: a symbolic link to a file outside the corpus" in stats
    assert "skipped   caf\ufffd.txt: its name is not valid UTF-8; rename the file" in stats


def test_folders_named_in_another_encoding_work_and_print(
    tmp_path: Path, tiny_settings: Settings
) -> None:
    root = os.fsencode(tmp_path) + b"/caf\xe9"
    corpus, index = root + b"/corpus", root + b"/index"
    shutil.copytree(os.fsdecode(os.fsencode(tiny_settings.corpus)), os.fsdecode(corpus))
    flags: list[str | bytes] = [b"--corpus", corpus, b"--index", index]
    # A stdout that refuses what is not UTF-8, as under most UTF-8 locales.
    strict = {"PYTHONIOENCODING": "utf-8:strict"}
    completed = run_qa(["--ask", "Who found the comet?", "--json", *flags], env=strict)
    assert completed.returncode == 0, completed.stderr
    err = completed.stderr.decode()
    assert "Traceback" not in err
    # torch cannot export the model to an index path that is not UTF-8: one line says so.
    warnings = [line for line in err.splitlines() if "ONNX" in line]
    assert len(warnings) <= 1 and len(err.splitlines()) < 20, err
    completed = run_qa(["--stats", "--json", *flags], env=strict)
    assert completed.returncode == 0, completed.stderr
    stats = json.loads(completed.stdout)
    assert stats["corpus"].endswith("caf\ufffd/corpus")
    completed = run_qa(["--stats", *flags], env=strict)
    assert completed.returncode == 0, completed.stderr
    assert "caf\ufffd/index" in completed.stdout.decode()


def test_pipes_in_the_corpus_never_hang_a_build(tmp_path: Path, tiny_settings: Settings) -> None:
    corpus = shutil.copytree(tiny_settings.corpus, tmp_path / "corpus")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "to-pipe.md").symlink_to(corpus / "pipe.txt")
    completed = run_qa(["--rebuild", "--corpus", str(corpus), "--index", str(tmp_path / "i")])
    assert completed.returncode == 0, completed.stderr
    err = completed.stderr.decode()
    assert "qa: skipping to-pipe.md: a symbolic link to something that is not a file" in err
    assert "pipe.txt" not in err.replace("to-pipe.md", ""), "a pipe is not an article file"


def in_the_middle_of_reading(
    monkeypatch: pytest.MonkeyPatch, act: Callable[[], None]
) -> list[Path]:
    """Run `act` once, while the build reads its second file; returns the files read."""
    real = ingest.read_text_file
    seen: list[Path] = []

    def reading(path: Path) -> object:
        seen.append(path)
        if len(seen) == 2:
            act()
        return real(path)

    monkeypatch.setattr(ingest, "read_text_file", reading)
    return seen


def test_files_vanishing_or_changing_while_the_index_builds(
    tmp_path: Path, encoder: Encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "corpus", TINY_ARTICLES)
    settings = Settings(corpus=corpus, index=tmp_path / "index")
    harbour, comet = corpus / "harbour.txt", corpus / "science" / "comet.txt"

    def vanish_and_change() -> None:
        comet.unlink()
        with harbour.open("a", encoding="utf-8") as changed:
            changed.write("\nA late addition to the bridge story.\n")

    seen = in_the_middle_of_reading(monkeypatch, vanish_and_change)
    manifest = build_index(settings, encoder)
    assert [p.name for p in seen] == ["harbour.txt", "orchard.md", "comet.txt"]
    skipped = {s.source: s.reason for s in manifest.skipped}
    assert skipped == {"science/comet.txt": "cannot be read: No such file or directory"}
    assert set(manifest.files) == {"harbour.txt", "orchard.md"}
    # The change landed after harbour.txt was read: the next start sees the corpus as changed.
    assert "harbour.txt" not in manifest.file_stats
    assert stale_reason(settings) == "the corpus changed"


# Model


def test_broken_model_folder_is_one_line_and_exit_2(
    tmp_path: Path, tiny_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "model"
    shutil.copytree(default_model_path(), model)
    for weights in model.rglob("*.safetensors"):
        weights.write_bytes(weights.read_bytes()[:1000])
    corpus = shutil.copytree(tiny_settings.corpus, tmp_path / "corpus")
    argv = ["--ask", "Who found the comet?", "--model", str(model), "--corpus", str(corpus)]
    assert main([*argv, "--index", str(tmp_path / "index")]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert f"cannot load the model in {model}" in line


def test_a_model_of_another_dimension_rebuilds_the_index_for_itself(
    tmp_path: Path, tiny_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    from sentence_transformers import SentenceTransformer, models

    base = SentenceTransformer(str(default_model_path()), device="cpu")
    dense = models.Dense(base.get_embedding_dimension(), 64)
    other = tmp_path / "small-model"
    SentenceTransformer(modules=[*base, dense], device="cpu").save(str(other))
    index = tmp_path / "index"
    shutil.copytree(tiny_settings.index, index)
    flags = ["--corpus", str(tiny_settings.corpus), "--index", str(index), "--model", str(other)]
    assert main(["--stats", *flags]) == 0
    assert "stale (the embedding model changed)" in capsys.readouterr().out
    assert main(["--ask", "Who found the comet?", "--json", "-q", *flags]) in (0, 1)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    Result.model_validate_json(captured.out)
    assert read_manifest(index).dimension == 64


# Interruption of a batch


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"]
)
def test_an_interrupted_batch_leaves_whole_json_lines(
    signum: int, code: int, tiny_settings: Settings
) -> None:
    questions = ["Who led the team that found the comet?", "", "How many cables?"] * 3000
    process = subprocess.Popen(
        [sys.executable, "-m", "qa", "--ask", "-", "--json", *flags_of(tiny_settings)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        # Stdin stays open: the batch is reading or answering when the signal comes.
        process.stdin.write("\n".join(questions[:60]).encode() + b"\n")
        process.stdin.flush()
        first = [process.stdout.readline() for _ in range(5)]
        process.send_signal(signum)
        rest, err = process.communicate(timeout=TIMEOUT_S)
    finally:
        process.kill()
    assert process.returncode == code, err
    assert b"Traceback" not in err and err.decode().strip() == (
        "qa: interrupted; the answers printed so far are complete"
    )
    output = b"".join(first) + rest
    assert output.endswith(b"\n")
    for line in output.decode().splitlines():
        raw = json.loads(line)
        (LineError if "error" in raw else Result).model_validate(raw)

"""The `qa` command: parse flags and dispatch to the chat, a rebuild or answering questions.

Heavy imports (torch, sentence-transformers, faiss, textual) happen only on the paths that need
them, so `qa --help` and `qa --version` answer at once.
"""

import argparse
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from pydantic import ValidationError

from qa import __version__
from qa.errors import ConfigError, QaError
from qa.models import LineError, Result
from qa.settings import Settings

if TYPE_CHECKING:
    from qa.build import Progress
    from qa.search import Searcher

EXIT_ANSWERED = 0
EXIT_ABSTAINED = 1
EXIT_ERROR = 2

BOLD_YELLOW = "\x1b[1;33m"
RESET = "\x1b[0m"


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """Usage errors as one line, exit code 2."""
        self.exit(EXIT_ERROR, f"qa: error: {message} (see `qa --help`)\n")


def make_parser() -> Parser:
    parser = Parser(
        prog="qa",
        description=(
            "Ask questions of a folder of news articles. Answers are sentences quoted verbatim "
            "from the articles, with their source. With no flags, opens the chat."
        ),
        epilog=(
            "exit codes: 0 answered, 1 abstained (nothing in the corpus answers), "
            "2 usage or input error. Settings also come from QA_CORPUS, QA_INDEX, QA_MODEL and "
            "QA_TOP_K."
        ),
    )
    parser.add_argument(
        "--ask",
        metavar="QUESTION",
        help="answer QUESTION and exit; '-' reads one question per line from standard input",
    )
    parser.add_argument(
        "--json", action="store_true", help="with --ask: print one JSON object per question"
    )
    parser.add_argument(
        "-k", "--top", type=int, metavar="N", help="how many answers to show (default 5)"
    )
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="rebuild the index from the corpus, then exit (with --ask: then answer)",
    )
    parser.add_argument(
        "--corpus", type=Path, metavar="DIR", help="folder of .txt/.md articles (default seeds/)"
    )
    parser.add_argument(
        "--index", type=Path, metavar="DIR", help="folder of the built index (default index/)"
    )
    parser.add_argument(
        "--model",
        type=Path,
        metavar="DIR",
        help="local sentence-transformers model folder (default: packaged all-MiniLM-L6-v2)",
    )
    parser.add_argument("--version", action="version", version=f"qa {__version__}")
    return parser


def run() -> None:
    """Console-script entry point."""
    try:
        code = main(sys.argv[1:])
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`qa --ask - | head -1`); nothing is left to say to it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_ERROR
    sys.exit(code)


def main(argv: list[str]) -> int:
    """Run qa with `argv`; returns the exit code."""
    args = make_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="qa: %(message)s")
    try:
        settings = make_settings(args)
        if args.json and args.ask is None:
            raise ConfigError("--json goes with --ask")
        if args.ask is None and not args.rebuild:
            return open_chat(settings)
        searcher = prepare(settings, is_forced=args.rebuild)
        if args.ask is None:
            return EXIT_ANSWERED
        if args.ask == "-":
            if sys.stdin is None:
                raise ConfigError("--ask - reads questions from standard input, which is closed")
            return answer_lines(searcher, settings, read_lines(sys.stdin), is_json=args.json)
        result = searcher.ask(args.ask, settings.top_k)
        print_result(result, is_json=args.json)
        return EXIT_ABSTAINED if result.abstained else EXIT_ANSWERED
    except QaError as error:
        print(f"qa: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("qa: interrupted", file=sys.stderr)
        return EXIT_ERROR


def make_settings(args: argparse.Namespace) -> Settings:
    overrides = {
        name: value
        for name, value in (
            ("corpus", args.corpus),
            ("index", args.index),
            ("model", args.model),
            ("top_k", args.top),
        )
        if value is not None
    }
    try:
        return Settings(**overrides)
    except ValidationError as error:
        problem = error.errors()[0]
        field = ".".join(str(part) for part in problem["loc"])
        raise ConfigError(f"bad setting {field}: {problem['msg']}") from None


def prepare(settings: Settings, *, is_forced: bool) -> "Searcher":
    """Load the model, build the index if forced, missing or stale, and load it for search."""
    from qa.embed import Encoder
    from qa.ingest import check_corpus_folder
    from qa.search import open_searcher

    check_corpus_folder(settings.corpus)
    encoder = Encoder(settings.model_path())
    with StderrProgress() as progress:
        searcher, built = open_searcher(settings, encoder, progress, is_forced=is_forced)
    if is_forced and built is not None:
        print(
            f"qa: indexed {len(built.files)} articles, {built.sentence_count} "
            f"sentences into {settings.index}",
            file=sys.stderr,
        )
    return searcher


class StderrProgress:
    """A progress bar on stderr for each long build stage (embedding)."""

    def __init__(self) -> None:
        self.stage = ""
        self.bar: object | None = None

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __call__(self, stage: str, done: int, total: int) -> None:
        from tqdm import tqdm

        if total <= 1:
            return
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = tqdm(total=total, desc=f"qa: {stage}", file=sys.stderr, leave=False)
        if isinstance(self.bar, tqdm):
            self.bar.update(done - self.bar.n)

    def close(self) -> None:
        from tqdm import tqdm

        if isinstance(self.bar, tqdm):
            self.bar.close()
        self.bar = None


def read_lines(stream: TextIO) -> Iterator[bytes]:
    yield from stream.buffer


def answer_lines(
    searcher: "Searcher", settings: Settings, lines: Iterator[bytes], *, is_json: bool
) -> int:
    """Answer one question per line; a bad line yields an error for that line only."""
    codes = {EXIT_ANSWERED}
    for raw in lines:
        try:
            question = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            question = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            codes.add(report_line_error(question, "the line is not valid UTF-8", is_json))
            continue
        try:
            result = searcher.ask(question, settings.top_k)
        except QaError as error:
            codes.add(report_line_error(question, str(error), is_json))
            continue
        print_result(result, is_json=is_json)
        codes.add(EXIT_ABSTAINED if result.abstained else EXIT_ANSWERED)
    return max(codes)


def report_line_error(question: str, message: str, is_json: bool) -> int:
    if is_json:
        print(LineError(question=question, error=message).model_dump_json(), flush=True)
    else:
        print(f"qa: error: {message}: {question!r}", file=sys.stderr, flush=True)
    return EXIT_ERROR


def print_result(result: Result, *, is_json: bool, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    if is_json:
        print(result.model_dump_json(), file=out, flush=True)
        return
    print(f"Q: {result.question}", file=out)
    if result.abstained:
        print(f"No answer in the corpus: {result.reason}.", file=out)
        print("Closest passages, not answers:", file=out)
    use_color = out.isatty()
    for number, answer in enumerate(result.answers, start=1):
        quote = answer.text
        if answer.highlight is not None and use_color:
            start, end = answer.highlight
            quote = f"{quote[:start]}{BOLD_YELLOW}{quote[start:end]}{RESET}{quote[end:]}"
        print(f"{number}. “{quote}”", file=out)
        if answer.highlight is not None and not use_color and not result.abstained:
            start, end = answer.highlight
            print(f"   answer: {answer.text[start:end]}", file=out)
        date = answer.date.isoformat() if answer.date else "undated"
        comment = " · reader comment" if answer.kind == "comment" else ""
        print(f"   {answer.title} · {date} · {answer.source}{comment}", file=out)
        for copy in answer.also_in:
            print(f"   also in {copy.source} [{copy.start}:{copy.end}]", file=out)
    print(file=out, flush=True)


def open_chat(settings: Settings) -> int:
    from qa.tui.app import make_app
    from qa.tui.background import exit_now

    make_app(settings).run()
    exit_now(EXIT_ANSWERED)

"""The `qa` command: parse flags and dispatch to the chat, a rebuild or answering questions.

Heavy imports (torch, sentence-transformers, faiss, textual, and even pydantic and numpy) happen
only on the paths that need them, so `qa --help`, `qa --version` and usage errors answer at once.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import os
import re
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NoReturn, TextIO

from qa import __version__
from qa.errors import ConfigError, QaError, QuestionError, Terminated
from qa.interrupt import Interrupted, batch_signals

if TYPE_CHECKING:
    from qa.models import ArticleListing, IndexStats, Result
    from qa.progress import Progress
    from qa.search import Searcher
    from qa.settings import Settings

EXIT_ANSWERED = 0
EXIT_ABSTAINED = 1
EXIT_ERROR = 2

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
"""What a terminal would act on rather than show (ESC starts colour and cursor commands), and
lone surrogates (a path with bytes that are not UTF-8), which a UTF-8 stream cannot write."""
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143
"""What shells report for a command ended by Ctrl-C or SIGTERM (128 + the signal)."""
ECHO_MAX_CHARS = 80
"""A bad question is echoed in its error line up to this many characters."""
ProgressMode = Literal["auto", "bar", "lines", "quiet"]
PROGRESS_LINE_STEP = 10
"""Without a terminal, a plain line each time this many percent more is done."""
TEXT_NOTES = {
    "decoded": " · decoded text (qa --show SOURCE)",
    "extracted": " · text extracted from the page (qa --show SOURCE)",
}
"""Said beside a quote whose offsets count in a text the index keeps, not in the file."""
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
        "--json",
        action="store_true",
        help="with --ask: print one JSON object per question; with --stats or --list: as JSON",
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
        "--full",
        action="store_true",
        help="with --rebuild: embed everything anew instead of reusing cached embeddings",
    )
    parser.add_argument(
        "--progress",
        action="store_true",
        help="show the live progress bar even when stderr is not a terminal",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print nothing on stderr but errors"
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        metavar="DIR",
        help="folder of .txt/.md/.html articles (default seeds/)",
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
    parser.add_argument(
        "--stats",
        action="store_true",
        help="print what the index holds (articles, sentences, skipped files, size, model, "
        "build time, fresh or stale), without loading the model",
    )
    parser.add_argument(
        "--list",
        action="store_true",
        help="print each indexed article: date, where the date came from, sentences, file, title",
    )
    parser.add_argument(
        "--show",
        metavar="SOURCE",
        help="print the text the offsets of SOURCE count in (as indexed), to check a quote",
    )
    parser.add_argument("--version", action="version", version=f"qa {__version__}")
    return parser


def run() -> None:
    """Console-script entry point."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        code = main(sys.argv[1:])
        _flush_output()
    except BrokenPipeError:
        # The reader went away (`qa --ask - | head -1`); nothing is left to say to it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_ERROR
    exit_without_teardown(code)


def exit_without_teardown(code: int) -> NoReturn:
    """End the process once its output is flushed, skipping the interpreter's teardown.

    Freeing every module, the loaded index and the ONNX session took a one-shot question a
    fifth of its time, for nothing: by now every answer is printed and every file a build
    wrote is synced and swapped in (the chat ends the same way, qa.tui.background.exit_now)."""
    logging.shutdown()
    _flush_output()
    os._exit(code)


def _flush_output() -> None:
    # A stream the caller closed (`qa ... 2>&-`) is None in Python: nothing to flush.
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()


def main(argv: list[str]) -> int:
    """Run qa with `argv`; returns the exit code (also for usage errors, --help and --version)."""
    try:
        args = make_parser().parse_args(argv)
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else EXIT_ERROR
    handler = logging.StreamHandler()
    handler.setFormatter(HarmlessFormatter("qa: %(message)s"))
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.WARNING, handlers=[handler])
    try:
        return dispatch(args)
    except QaError as error:
        # One line, whatever a library put in the message (a model load error can span lines).
        message = harmless(re.sub(r"\s*\n\s*", " ", str(error).strip()))
        print(f"qa: error: {message}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt as interrupt:
        print("qa: interrupted", file=sys.stderr)
        return EXIT_TERMINATED if isinstance(interrupt, Terminated) else EXIT_INTERRUPTED
    except Interrupted as interrupted:
        print("qa: interrupted; the answers printed so far are complete", file=sys.stderr)
        return interrupted.exit_code


def _terminate(signal_number: int, frame: object) -> NoReturn:
    """SIGTERM unwinds like Ctrl-C, so a rebuild removes its temporary files on the way out."""
    raise Terminated


def dispatch(args: argparse.Namespace) -> int:
    """Do what the flags ask; QaError for what the user can fix."""
    if args.ask is not None:
        # Before the first model is built: looking for pydantic plugins scans the entry points
        # of every installed package, milliseconds of a one-shot answer, and qa uses none.
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    with collection_for_questions(args.ask is not None and not args.rebuild) as loaded:
        settings = make_settings(args)
        if args.show is not None or args.stats or args.list:
            return show_report(settings, args)
        check_flags(args)
        if args.ask is None and not args.rebuild:
            return open_chat(settings)
        if args.ask is not None:
            # Before numpy loads: a question's vector products are too small to split, and on
            # shared cores OpenBLAS's extra threads only spin (qa.session sizes the other pools).
            os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
            # Likewise tokenizers, which starts a thread per core to pad a single question.
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        searcher = prepare(
            settings,
            is_forced=args.rebuild,
            is_full=args.full,
            progress_mode=progress_mode(args),
            is_one_question=args.ask not in (None, "-"),
        )
        loaded()
        if args.ask is None:
            return EXIT_ANSWERED
        if args.ask == "-":
            if sys.stdin is None:
                raise ConfigError("--ask - reads questions from standard input, which is closed")
            return answer_lines(searcher, settings, read_lines(sys.stdin), is_json=args.json)
        result = searcher.ask(check_argument(args.ask), settings.top_k)
        print_result(result, is_json=args.json)
        return EXIT_ABSTAINED if result.abstained else EXIT_ANSWERED


@contextlib.contextmanager
def collection_for_questions(is_for_questions: bool) -> Iterator[Callable[[], None]]:
    """The cyclic garbage collector paused while an index loads for questions, then kept off
    what was loaded; yields the function to call once it is.

    Loading makes objects that live as long as the process and few cycles: the collector's
    passes over them, while loading and again at the first question, cost a one-shot answer
    milliseconds and find nothing; frozen, they stay out of every later pass, also in a long
    batch. A build is not paused: its models make garbage worth collecting. Everything is
    restored on the way out, for callers that go on (tests calling `main`)."""
    if not is_for_questions or not gc.isenabled():
        yield lambda: None
        return
    is_frozen = False

    def loaded() -> None:
        nonlocal is_frozen
        gc.freeze()
        is_frozen = True
        gc.enable()

    gc.disable()
    try:
        yield loaded
    finally:
        if is_frozen:
            gc.unfreeze()
        gc.enable()


class HarmlessFormatter(logging.Formatter):
    """Log lines with control characters made harmless: they name corpus files, and a file name
    can hold an escape sequence."""

    def format(self, record: logging.LogRecord) -> str:
        return harmless(super().format(record))


def check_argument(question: str) -> str:
    """The question given on the command line; bytes that are not UTF-8 reach Python as lone
    surrogates, which no later stage can encode."""
    try:
        question.encode("utf-8")
    except UnicodeEncodeError:
        raise QuestionError(
            "the question is not valid UTF-8; set the terminal to UTF-8 or pass it with --ask -"
        ) from None
    return question


def check_flags(args: argparse.Namespace) -> None:
    if args.json and args.ask is None:
        raise ConfigError("--json goes with --ask, --stats or --list")
    if args.full and not args.rebuild:
        raise ConfigError("--full goes with --rebuild")


def progress_mode(args: argparse.Namespace) -> ProgressMode:
    if args.quiet and args.progress:
        raise ConfigError("--quiet and --progress contradict each other")
    return "quiet" if args.quiet else "bar" if args.progress else "auto"


def make_settings(args: argparse.Namespace) -> Settings:
    from pydantic import ValidationError

    from qa.settings import Settings

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
        raise ConfigError(
            f"bad setting {field}: {problem['msg']}; fix the flag or QA_{field.upper()}"
        ) from None


def prepare(
    settings: Settings,
    *,
    is_forced: bool,
    is_full: bool = False,
    progress_mode: ProgressMode = "auto",
    is_one_question: bool = False,
) -> Searcher:
    """Build the index if forced, missing or stale, and load it with its query encoder.

    `is_full` forgets the cached embeddings first, so everything is embedded anew;
    `is_one_question` loads the encoder for a single question."""
    from qa.session import open_searcher

    if is_full:
        from qa.cache import clear_cache

        clear_cache(settings.index)
    with StderrProgress(progress_mode) as progress:
        searcher, built = open_searcher(
            settings, progress, is_forced=is_forced, is_one_question=is_one_question
        )
    if is_forced and built is not None and progress_mode != "quiet":
        skipped = f"; skipped {len(built.skipped)} files" if built.skipped else ""
        print(
            f"qa: indexed {len(built.files)} articles, {built.sentence_count} "
            f"sentences into {settings.index}{skipped}",
            file=sys.stderr,
        )
    return searcher


class StderrProgress:
    """Build progress on stderr: a live bar on a terminal, a few plain lines in a log file (start,
    every 10 %, done), or nothing."""

    def __init__(self, mode: ProgressMode = "auto") -> None:
        if mode == "auto":
            mode = "bar" if sys.stderr.isatty() else "lines"
        self.mode = mode
        self.stage = ""
        self.bar: object | None = None
        self.started = 0.0
        self.first_done = 0
        self.next_percent = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if total <= 1 or self.mode == "quiet":
            return
        if self.mode == "lines":
            self.report_line(stage, done, total)
            return
        from tqdm import tqdm

        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = tqdm(total=total, desc=f"qa: {stage}", file=sys.stderr, leave=False)
        if isinstance(self.bar, tqdm):
            self.bar.update(done - self.bar.n)

    def report_line(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            # The first report comes after the first batch: rates count from it.
            self.stage, self.started, self.first_done = stage, time.monotonic(), done
            self.next_percent = PROGRESS_LINE_STEP
            print(f"qa: {stage} {total} items", file=sys.stderr, flush=True)
        percent = 100 * done // total
        if percent < self.next_percent:
            return
        self.next_percent = (percent // PROGRESS_LINE_STEP + 1) * PROGRESS_LINE_STEP
        elapsed_s = time.monotonic() - self.started
        if done >= total:
            took = describe_duration(elapsed_s)
            print(f"qa: {stage} done, {total} in {took}", file=sys.stderr, flush=True)
            return
        rate = (done - self.first_done) / elapsed_s if elapsed_s > 0 else 0.0
        pace = ""
        if rate > 0:
            pace = f", {rate:.0f}/s, about {describe_duration((total - done) / rate)} left"
        print(f"qa: {stage} {percent}% ({done}/{total}){pace}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is None:
            return
        from tqdm import tqdm

        if isinstance(self.bar, tqdm):
            self.bar.close()
        self.bar = None


def show_report(settings: Settings, args: argparse.Namespace) -> int:
    """`--stats`, `--list` or `--show`: read the index, never the model."""
    from qa.report import article_text, index_stats, list_articles

    chosen = [args.ask is not None, args.stats, args.list, args.show is not None]
    if sum(chosen) > 1 or args.rebuild:
        raise ConfigError("--stats, --list and --show go alone, not with --ask or --rebuild")
    if args.stats:
        print_stats(index_stats(settings), is_json=args.json)
    elif args.list:
        print_listing(list_articles(settings), is_json=args.json)
    elif args.json:
        raise ConfigError("--json goes with --ask, --stats or --list")
    else:
        sys.stdout.write(printable(article_text(settings, args.show), sys.stdout))
    return EXIT_ANSWERED


def printable(text: str, out: TextIO) -> str:
    """`text` made harmless when `out` is a terminal, else as it is (`--show` into a file keeps
    the exact text)."""
    return harmless(text) if out.isatty() else text


def harmless(text: str) -> str:
    """`text` with control characters (escape sequences, carriage returns, bells) shown as
    U+FFFD; one character for one, so offsets still count right on screen."""
    return CONTROL_CHARACTERS.sub("\ufffd", text)


def is_colour_terminal(out: TextIO) -> bool:
    """Whether to colour: a terminal that is not `TERM=dumb`, and no `NO_COLOR` (no-color.org)."""
    no_colour = os.environ.get("NO_COLOR", "") != "" or os.environ.get("TERM") == "dumb"
    return out.isatty() and not no_colour


def print_stats(stats: IndexStats, *, is_json: bool) -> None:
    # A folder name that is not UTF-8 can be neither JSON nor printed as it is.
    folders = {"corpus": stats.corpus, "index": stats.index}
    stats = stats.model_copy(
        update={
            name: os.fsencode(path).decode("utf-8", "replace") for name, path in folders.items()
        }
    )
    if is_json:
        print(stats.model_dump_json())
        return
    freshness = "fresh" if stats.is_fresh else f"stale ({stats.stale_reason})"
    took = f" in {stats.build_seconds:.1f} s" if stats.build_seconds is not None else ""
    size_mib = stats.index_bytes / 2**20
    print(harmless(f"index     {stats.index} ({size_mib:.1f} MiB), {freshness}"))
    print(
        harmless(
            f"corpus    {stats.corpus}: {stats.articles} articles, {len(stats.skipped)} skipped"
        )
    )
    print(
        f"sentences {stats.sentences} ({stats.comments} in reader comments, "
        f"{stats.furniture} furniture lines)"
    )
    print(harmless(f"model     {stats.model} (fingerprint {stats.model_fingerprint[:12]})"))
    print(f"built     {stats.built_at:%Y-%m-%d %H:%M:%S} UTC{took}")
    for skipped in stats.skipped:
        print(harmless(f"skipped   {skipped.source}: {skipped.reason}"))


def print_listing(articles: list[ArticleListing], *, is_json: bool) -> None:
    if is_json:
        for listing in articles:
            print(listing.model_dump_json())
        return
    print(f"{'DATE':<22} {'FROM':<9} {'SENTENCES':>9}  FILE · TITLE")
    for listing in articles:
        if listing.date is not None:
            date = listing.date.isoformat()
        elif listing.date_stated is not None:
            date = f"{listing.date_stated} (no year)"
        else:
            date = "undated"
        line = (
            f"{date:<22} {listing.date_source or '-':<9} {listing.sentences:>9}  "
            f"{listing.source} · {listing.title}"
        )
        print(harmless(line))


def describe_duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min"


def read_lines(stream: TextIO) -> Iterator[bytes]:
    yield from stream.buffer


def answer_lines(
    searcher: Searcher, settings: Settings, lines: Iterator[bytes], *, is_json: bool
) -> int:
    """Answer one question per line; a bad line yields an error for that line only."""
    codes = {EXIT_ANSWERED}
    with batch_signals() as signals:
        for raw in lines:
            try:
                question = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                question = raw.decode("utf-8", errors="replace").rstrip("\r\n")
                with signals.writing():
                    codes.add(report_line_error(question, "the line is not valid UTF-8", is_json))
                continue
            try:
                result = searcher.ask(question, settings.top_k)
            except QaError as error:
                with signals.writing():
                    codes.add(report_line_error(question, str(error), is_json))
                continue
            with signals.writing():
                print_result(result, is_json=is_json)
            codes.add(EXIT_ABSTAINED if result.abstained else EXIT_ANSWERED)
    return max(codes)


def report_line_error(question: str, message: str, is_json: bool) -> int:
    from qa.models import LineError

    if is_json:
        print(LineError(question=question, error=message).model_dump_json(), flush=True)
    else:
        echo = question if len(question) <= ECHO_MAX_CHARS else question[:ECHO_MAX_CHARS] + "…"
        print(f"qa: error: {message}: {echo!r}", file=sys.stderr, flush=True)
    return EXIT_ERROR


def print_result(result: Result, *, is_json: bool, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    if is_json:
        print(result.model_dump_json(), file=out, flush=True)
        return
    from qa.spelling import read_as_note  # pydantic: not for --help
    from qa.wrapping import on_one_line

    print(harmless(f"Q: {result.question}"), file=out)
    if note := read_as_note(result.corrections):
        print(harmless(note), file=out)
    if result.abstained:
        print(harmless(f"No answer in the corpus: {result.reason}."), file=out)
        print("Closest passages, not answers:", file=out)
    use_color = is_colour_terminal(out)
    for number, answer in enumerate(result.answers, start=1):
        quote = harmless(on_one_line(answer.text))
        if answer.highlight is not None and use_color:
            start, end = answer.highlight
            quote = f"{quote[:start]}{BOLD_YELLOW}{quote[start:end]}{RESET}{quote[end:]}"
        print(f"{number}. “{quote}”", file=out)
        if answer.highlight is not None and not use_color and not result.abstained:
            start, end = answer.highlight
            print(f"   answer: {quote[start:end]}", file=out)
        date = answer.date.isoformat() if answer.date else "undated"
        comment = " · reader comment" if answer.kind == "comment" else ""
        comment += TEXT_NOTES.get(answer.source_text, "")
        print(harmless(f"   {answer.title} · {date} · {answer.source}{comment}"), file=out)
        for copy in answer.also_in:
            print(harmless(f"   also in {copy.source} [{copy.start}:{copy.end}]"), file=out)
    print(file=out, flush=True)


def open_chat(settings: Settings) -> int:
    from qa.tui.app import make_app
    from qa.tui.background import exit_now

    make_app(settings).run()
    exit_now(EXIT_ANSWERED)

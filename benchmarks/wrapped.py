"""Hard-wrapped corpora: news questions asked of their articles as written, a paragraph per
line, and hard-wrapped at a set width, side by side in one run (qa.wrapping).

Each line of each article is filled to `--width` columns by Python's textwrap, as plain-text
wire copy and mail are written; blank lines stay. Per form, over the answerable questions:
right / abstained / wrong at the shipped threshold, and how often the best sentence is right
whatever the confidence; over the near misses, the share abstained on; over every question,
the share whose best quote is a whole sentence of the article as written (line breaks read as
spaces), not a fragment ending at a line break. The as-written form is the baseline: wrapped,
qa should give the same figures.

    .venv/bin/python -m benchmarks.wrapped [--sets news14,news15,news16,news17] [--width 72]
"""

import argparse
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import CACHE, SeedQuestion, indexed_searcher
from benchmarks.news import HELD_OUT_SETS, TRAINING_SETS
from qa.embed import Encoder
from qa.search import Searcher
from qa.segment import split_sentences
from qa.settings import default_model_path

COLUMNS = ("right / abstained / wrong", "best right", "near misses abstained", "whole quotes")
WIDTHS = [len(column) + 3 for column in COLUMNS]


@dataclass
class Tally:
    right: int = 0
    abstained: int = 0
    wrong: int = 0
    best_right: int = 0
    near_misses: int = 0
    near_misses_abstained: int = 0
    quotes: int = 0
    whole_quotes: int = 0

    def row(self, name: str) -> str:
        answerable = self.right + self.abstained + self.wrong
        cells = [
            f"{self.right} / {self.abstained} / {self.wrong}",
            f"{self.best_right} of {answerable}",
            f"{self.near_misses_abstained} of {self.near_misses}",
            f"{100 * self.whole_quotes / max(1, self.quotes):.1f} %",
        ]
        return f"{name:<12}" + "".join(
            f"{cell:>{w}}" for cell, w in zip(cells, WIDTHS, strict=True)
        )


def wrap_article(text: str, width: int) -> str:
    return "\n".join(
        textwrap.fill(line, width) if line.strip() else line for line in text.split("\n")
    )


def one_line(text: str) -> str:
    return " ".join(text.split())


def write_wrapped(corpus: Path, folder: Path, width: int) -> None:
    for path in sorted(corpus.iterdir()):
        if path.is_file():
            (folder / path.name).write_text(wrap_article(path.read_text("utf-8"), width), "utf-8")


def ask_all(
    searcher: Searcher, questions: list[SeedQuestion], sentences: set[str], tally: Tally
) -> None:
    for question in questions:
        result = searcher.ask(question.question, top_k=1)
        if result.answers:
            tally.quotes += 1
            tally.whole_quotes += one_line(result.answers[0].text) in sentences
        if not question.support:
            tally.near_misses += 1
            tally.near_misses_abstained += result.abstained
            continue
        is_best_right = bool(result.answers) and question.is_hit(result.answers[0])
        tally.best_right += is_best_right
        if result.abstained:
            tally.abstained += 1
        elif is_best_right:
            tally.right += 1
        else:
            tally.wrong += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(s.name for s in HELD_OUT_SETS))
    parser.add_argument("--width", type=int, default=72)
    args = parser.parse_args()
    encoder = Encoder(default_model_path())
    written, wrapped = Tally(), Tally()
    by_name = {news.name: news for news in (*TRAINING_SETS, *HELD_OUT_SETS)}
    for news in [by_name[name] for name in args.sets.split(",")]:
        questions = news.questions()
        sentences = {
            one_line(text[s.start : s.end])
            for path in news.corpus.iterdir()
            if path.is_file()
            for text in [path.read_text("utf-8")]
            for s in split_sentences(text)
        }
        as_written = indexed_searcher(news.corpus, CACHE / "news" / news.name / "index", encoder)
        ask_all(as_written, questions, sentences, written)
        with tempfile.TemporaryDirectory() as folder:
            corpus = Path(folder) / "corpus"
            corpus.mkdir()
            write_wrapped(news.corpus, corpus, args.width)
            ask_all(
                indexed_searcher(corpus, Path(folder) / "index", encoder),
                questions,
                sentences,
                wrapped,
            )
        print(f"{news.name}: {wrapped.row('wrapped so far')}", flush=True)
    print(f"\nnews sets {args.sets}, wrapped at {args.width} columns")
    print(f"{'form':<12}" + "".join(f"{c:>{w}}" for c, w in zip(COLUMNS, WIDTHS, strict=True)))
    print(written.row("as written"))
    print(wrapped.row("wrapped"))


if __name__ == "__main__":
    main()

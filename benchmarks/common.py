"""What the benchmarks share: cached indexes, seed questions, figures."""

import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from qa.embed import Encoder
from qa.fold import fold
from qa.search import Searcher
from qa.session import open_searcher
from qa.settings import Settings

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "benchmarks" / ".cache"
SEED_QUESTIONS = REPO.parent / "shared" / "data" / "seed_questions_dev.jsonl"


class Quoted(Protocol):
    """A quoted sentence: an Answer or a stored Sentence."""

    source: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class SeedQuestion:
    id: str
    question: str
    support: tuple[str, ...]
    category: str = "-"

    def is_hit(self, quoted: Quoted) -> bool:
        # A quote from a hard-wrapped file holds its line breaks (qa.wrapping).
        folded = " ".join(fold(quoted.text).split())
        return any(fold(s) in folded for s in self.support)


def read_seed_questions(path: Path = SEED_QUESTIONS) -> list[SeedQuestion]:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [
        SeedQuestion(r["id"], r["question"], tuple(r["support"]), r.get("category", "-"))
        for r in rows
    ]


def indexed_searcher(corpus: Path, index: Path, encoder: Encoder) -> Searcher:
    """A searcher on `corpus`, building its index under `index` unless it is up to date.

    `encoder` builds; queries go through the encoder qa itself picks (ONNX when checked)."""
    settings = Settings(corpus=corpus, index=index)
    last_report = [-1]

    def progress(stage: str, done: int, total: int) -> None:
        percent = 100 * done // max(1, total)
        if stage == "embedding" and percent // 10 != last_report[0]:
            last_report[0] = percent // 10
            print(f"  indexing {corpus.name}: {percent}%", file=sys.stderr, flush=True)

    searcher, _ = open_searcher(settings, progress, loaded=encoder)
    return searcher


def reciprocal_rank(ranks: list[int | None]) -> float:
    return sum(1 / r for r in ranks if r) / max(1, len(ranks))


def hit_at(ranks: list[int | None], k: int) -> float:
    return sum(r is not None and r <= k for r in ranks) / max(1, len(ranks))


def p50_p95(latencies_ms: list[float]) -> tuple[float, float]:
    if len(latencies_ms) < 2:
        return (latencies_ms[0], latencies_ms[0]) if latencies_ms else (0.0, 0.0)
    return statistics.median(latencies_ms), statistics.quantiles(latencies_ms, n=20)[-1]

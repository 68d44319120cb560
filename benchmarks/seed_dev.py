"""Seed dev benchmark: hit@1, hit@5 and MRR@5 of `qa` on ../shared/data/seed_questions_dev.jsonl.

A hit is a returned sentence that contains one of the question's `support` strings after folding
case, quotes and dashes. Unanswerable questions (no support) count as right when qa abstains.
Builds the seed index in a temporary folder, so the repo's index/ is left alone.

    .venv/bin/python benchmarks/seed_dev.py [--questions FILE] [--corpus DIR]
"""

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from qa.build import build_index
from qa.embed import Encoder
from qa.fold import fold
from qa.search import Searcher
from qa.settings import Settings
from qa.store import load_index

REPO = Path(__file__).resolve().parent.parent
DEFAULT_QUESTIONS = REPO.parent / "shared" / "data" / "seed_questions_dev.jsonl"
TARGETS = {"hit@1": 1.0, "hit@5": 1.0, "MRR@5": 1.0, "abstained right": 1.0}


def first_hit(texts: list[str], support: list[str]) -> int | None:
    """Rank (from 1) of the first text containing a support string, folded."""
    folded_support = [fold(s) for s in support]
    for rank, text in enumerate(texts, start=1):
        if any(s in fold(text) for s in folded_support):
            return rank
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--corpus", type=Path, default=REPO / "seeds")
    args = parser.parse_args()
    questions = [json.loads(line) for line in args.questions.read_text("utf-8").splitlines()]

    with tempfile.TemporaryDirectory() as index_dir:
        settings = Settings(corpus=args.corpus, index=Path(index_dir))
        started = time.perf_counter()
        encoder = Encoder(settings.model_path())
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        manifest = build_index(settings, encoder)
        build_s = time.perf_counter() - started
        searcher = Searcher(load_index(settings.index), encoder)

        ranks: list[int | None] = []
        abstain_right: list[bool] = []
        latencies_ms: list[float] = []
        for question in questions:
            started = time.perf_counter()
            result = searcher.ask(question["question"], top_k=5)
            latencies_ms.append(1000 * (time.perf_counter() - started))
            if not question["support"]:
                abstain_right.append(result.abstained)
                print(f"{question['id']}  {'abstained' if result.abstained else 'ANSWERED'}")
                continue
            rank = (
                None
                if result.abstained
                else first_hit([a.text for a in result.answers], question["support"])
            )
            ranks.append(rank)
            print(f"{question['id']}  rank {rank or '-'}  {question['question']}")

    answerable = len(ranks)
    figures = {
        "hit@1": sum(r == 1 for r in ranks) / answerable,
        "hit@5": sum(r is not None for r in ranks) / answerable,
        "MRR@5": sum(1 / r for r in ranks if r) / answerable,
        "abstained right": sum(abstain_right) / max(1, len(abstain_right)),
    }
    print(f"\n{answerable} answerable, {len(abstain_right)} unanswerable questions")
    print(f"{'metric':<18}{'qa':>8}{'target':>8}")
    for name, value in figures.items():
        print(f"{name:<18}{value:>8.3f}{TARGETS[name]:>8.3f}")
    print(f"model load        {load_s:>7.2f}s")
    print(f"build             {build_s:>7.2f}s  ({manifest.sentence_count} sentences)")
    p50 = statistics.median(latencies_ms)
    p95 = statistics.quantiles(latencies_ms, n=20)[-1]
    print(f"per question      p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()

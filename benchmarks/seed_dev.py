"""Seed dev benchmark: hit@1, hit@5 and MRR@5 of qa on ../shared/data/seed_questions_dev.jsonl.

A hit is a returned sentence that contains one of the question's `support` strings after folding
case, quotes and dashes. Unanswerable questions (no support) count as right when qa abstains.
Builds the seed index in a temporary folder, so the repo's index/ is left alone.

`--questions benchmarks/data/seed_questions_own.jsonl` asks our own questions of the seeds, written
after qa answered every dev question: every kind (who, when, how long, how old, nationality...)
and near misses (the subject is in the corpus, the fact is not). The targets are the dev set's;
the figures of each category are printed too.

    .venv/bin/python -m benchmarks.seed_dev [--questions FILE] [--corpus DIR]
"""

import argparse
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.common import (
    REPO,
    SEED_QUESTIONS,
    hit_at,
    p50_p95,
    read_seed_questions,
    reciprocal_rank,
)
from qa.build import build_index
from qa.embed import Encoder
from qa.session import open_searcher
from qa.settings import Settings

TARGETS = {"hit@1": 1.0, "hit@5": 1.0, "MRR@5": 1.0, "abstained right": 1.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=SEED_QUESTIONS)
    parser.add_argument("--corpus", type=Path, default=REPO / "seeds")
    args = parser.parse_args()
    questions = read_seed_questions(args.questions)

    with tempfile.TemporaryDirectory() as index_dir:
        settings = Settings(corpus=args.corpus, index=Path(index_dir))
        started = time.perf_counter()
        encoder = Encoder(settings.model_path())
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        manifest = build_index(settings, encoder)
        build_s = time.perf_counter() - started
        searcher, _ = open_searcher(settings, loaded=encoder)

        ranks: list[int | None] = []
        abstained_right: list[bool] = []
        right_by_category: dict[str, list[bool]] = defaultdict(list)
        latencies_ms: list[float] = []
        for question in questions:
            started = time.perf_counter()
            result = searcher.ask(question.question, top_k=5)
            latencies_ms.append(1000 * (time.perf_counter() - started))
            if not question.support:
                abstained_right.append(result.abstained)
                right_by_category[f"{question.category} (near miss)"].append(result.abstained)
                print(f"{question.id}  {'abstained' if result.abstained else 'ANSWERED'}")
                continue
            answers = [] if result.abstained else result.answers
            rank = next((r for r, a in enumerate(answers, 1) if question.is_hit(a)), None)
            ranks.append(rank)
            right_by_category[question.category].append(rank == 1)
            print(f"{question.id}  rank {rank or '-'}  {question.question}")

    figures = {
        "hit@1": hit_at(ranks, 1),
        "hit@5": hit_at(ranks, 5),
        "MRR@5": reciprocal_rank(ranks),
        "abstained right": sum(abstained_right) / max(1, len(abstained_right)),
    }
    print(f"\n{len(ranks)} answerable, {len(abstained_right)} unanswerable questions")
    print(f"{'metric':<18}{'qa':>8}{'target':>8}")
    for name, value in figures.items():
        print(f"{name:<18}{value:>8.3f}{TARGETS[name]:>8.3f}")
    print("\nright (answered at rank 1, or abstained on) by category")
    for category, right in sorted(right_by_category.items()):
        print(f"  {category:<26}{sum(right):>3} of {len(right)}")
    print(f"model load        {load_s:>7.2f}s")
    print(f"build             {build_s:>7.2f}s  ({manifest.sentence_count} sentences)")
    p50, p95 = p50_p95(latencies_ms)
    print(f"per question      p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()

"""Side-by-side retrieval benchmark: BM25, dense, RRF and qa's ranker on the same sentences.

Datasets: the seed dev questions on seeds/, and SQuAD v1.1 dev part 1 (each article a corpus
file). qa's ranker weights are learned on the even-numbered SQuAD articles
(benchmarks/train_ranker.py), so the SQuAD figures here come from the odd-numbered ones; the
corpus still holds all 24 articles. Abstention on unanswerable questions is probed with an index
of the even articles alone, asked questions of the odd ones.

    .venv/bin/python benchmarks/retrieval.py [--questions 1000] [--seed 13]

Indexes are cached in benchmarks/.cache and rebuilt when stale (the first run takes minutes).
"""

import argparse
import time
from collections.abc import Callable

import numpy as np

from benchmarks.common import (
    CACHE,
    REPO,
    Quoted,
    hit_at,
    indexed_searcher,
    p50_p95,
    read_seed_questions,
    reciprocal_rank,
)
from benchmarks.squad import sample, write_corpus, write_subset
from qa.embed import Encoder
from qa.search import Searcher
from qa.settings import default_model_path

TOP_K = 5
RRF_K = 60
REFERENCE = (
    "reference (SQuAD part 1, hit@1/hit@5): BM25 0.651/0.827, dense MiniLM 0.616/0.834, "
    "RRF 0.675/0.876, min-max 50/50 blend 0.712/0.890, txtai hybrid 0.715/0.886"
)


Ranking = tuple[list[Quoted], bool]
Ranker = Callable[[Searcher, str], Ranking]


def top_sentences(searcher: Searcher, scores: np.ndarray) -> list[Quoted]:
    masked = np.where(searcher.retriever.is_answerable, scores, -np.inf)
    order = np.argsort(-masked, kind="stable")[:TOP_K]
    return [searcher.stored.sentences[int(i)] for i in order if np.isfinite(masked[i])]


def bm25_ranker(searcher: Searcher, question: str) -> Ranking:
    return top_sentences(searcher, searcher.retriever.bm25_scores(question)), False


def dense_ranker(searcher: Searcher, question: str) -> Ranking:
    query = searcher.encoder.encode_query(question)
    return top_sentences(searcher, searcher.retriever.dense_scores(query)), False


def rrf_ranker(searcher: Searcher, question: str) -> Ranking:
    fused = np.zeros(len(searcher.stored.sentences), dtype=np.float64)
    query = searcher.encoder.encode_query(question)
    for scores in (
        searcher.retriever.bm25_scores(question),
        searcher.retriever.dense_scores(query),
    ):
        masked = np.where(searcher.retriever.is_answerable, scores, -np.inf)
        ranks = np.empty(len(masked), dtype=np.int64)
        ranks[np.argsort(-masked, kind="stable")] = np.arange(1, len(masked) + 1)
        fused += 1.0 / (RRF_K + ranks)
    return top_sentences(searcher, fused), False


def qa_ranker(searcher: Searcher, question: str) -> Ranking:
    result = searcher.ask(question, top_k=TOP_K)
    return list(result.answers), result.abstained


RANKERS: dict[str, Ranker] = {
    "BM25": bm25_ranker,
    "dense": dense_ranker,
    f"RRF k={RRF_K}": rrf_ranker,
    "qa": qa_ranker,
}


def evaluate(
    searcher: Searcher, questions: list[str], is_hit: list[Callable[[Quoted], bool]]
) -> dict[str, dict[str, float]]:
    table = {}
    for name, ranker in RANKERS.items():
        ranks: list[int | None] = []
        abstained = 0
        latencies = []
        for question, hit in zip(questions, is_hit, strict=True):
            started = time.perf_counter()
            quoted, is_abstained = ranker(searcher, question)
            latencies.append(1000 * (time.perf_counter() - started))
            abstained += is_abstained
            rank = next((r for r, q in enumerate(quoted, 1) if hit(q)), None)
            ranks.append(None if is_abstained else rank)
        p50, p95 = p50_p95(latencies)
        table[name] = {
            "hit@1": hit_at(ranks, 1),
            "hit@5": hit_at(ranks, 5),
            "MRR@5": reciprocal_rank(ranks),
            "abstained": abstained / max(1, len(questions)),
            "p50 ms": p50,
            "p95 ms": p95,
        }
    return table


def print_table(title: str, table: dict[str, dict[str, float]]) -> None:
    print(f"\n{title}")
    columns = ["hit@1", "hit@5", "MRR@5", "abstained", "p50 ms", "p95 ms"]
    print(f"{'ranker':<12}" + "".join(f"{c:>11}" for c in columns))
    for name, row in table.items():
        cells = "".join(
            f"{row[c]:>11.1f}" if c.endswith("ms") else f"{row[c]:>11.3f}" for c in columns
        )
        print(f"{name:<12}{cells}")


def abstention_rate(searcher: Searcher, questions: list[str]) -> float:
    return sum(searcher.ask(q, top_k=TOP_K).abstained for q in questions) / max(1, len(questions))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=1000, help="SQuAD questions to sample")
    parser.add_argument("--seed", type=int, default=13, help="sampling seed")
    args = parser.parse_args()
    encoder = Encoder(default_model_path())

    seeds = indexed_searcher(REPO / "seeds", CACHE / "seeds" / "index", encoder)
    seed_questions = read_seed_questions()
    answerable = [q for q in seed_questions if q.support]
    unanswerable = [q for q in seed_questions if not q.support]
    seed_table = evaluate(
        seeds,
        [q.question for q in answerable],
        [q.is_hit for q in answerable],
    )
    print_table(
        f"Seed dev questions: {len(answerable)} answerable (abstained = false abstention)",
        seed_table,
    )
    print(
        f"qa abstained on {abstention_rate(seeds, [q.question for q in unanswerable]):.0%} "
        f"of the {len(unanswerable)} unanswerable seed questions"
    )

    squad_corpus = CACHE / "squad-part1" / "corpus"
    all_questions = write_corpus(squad_corpus)
    squad = indexed_searcher(squad_corpus, CACHE / "squad-part1" / "index", encoder)
    held_out = [q for q in all_questions if q.article_number % 2 == 1]
    sampled = sample(held_out, args.questions, args.seed)
    squad_table = evaluate(squad, [q.question for q in sampled], [q.is_hit for q in sampled])
    print_table(
        f"SQuAD part 1: {len(sampled)} questions sampled (seed {args.seed}) from the held-out "
        f"odd-numbered articles; corpus of all 24 articles, "
        f"{len(squad.stored.sentences)} sentences (abstained = false abstention)",
        squad_table,
    )
    print(REFERENCE)

    everywhere = sample(all_questions, args.questions, args.seed)
    print_table(
        f"SQuAD part 1, for comparison: {len(everywhere)} questions sampled (seed {args.seed}) "
        "from all 24 articles, half of them the ones qa's weights were learned on",
        evaluate(squad, [q.question for q in everywhere], [q.is_hit for q in everywhere]),
    )

    probe_corpus = CACHE / "squad-even" / "corpus"
    write_subset(squad_corpus, probe_corpus, lambda number: number % 2 == 0)
    probe = indexed_searcher(probe_corpus, CACHE / "squad-even" / "index", encoder)
    unseen = sample(held_out, 300, args.seed + 1)
    print(
        f"qa abstained on {abstention_rate(probe, [q.question for q in unseen]):.1%} of "
        f"{len(unseen)} SQuAD questions whose article is not in the corpus "
        f"(index of the 12 even-numbered articles)"
    )


if __name__ == "__main__":
    main()

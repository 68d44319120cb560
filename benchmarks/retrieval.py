"""Side-by-side retrieval benchmark: BM25, dense, RRF, the previous ranker and qa, in one run.

Datasets: the seed dev questions on seeds/; SQuAD v1.1 dev part 1 (each article a corpus file):
1,000 questions of the test split (articles 3, 7, 11, ...; qa's ranker is learned on the others,
see benchmarks/train_ranker.py), 1,000 questions of all 24 articles, and near misses of the test
split (the question's paragraph removed from its article, benchmarks/nearmiss.py) beside its
answerable questions, put to the same corpora; the all-24 questions are shown by the split of
their article too. "qa float" is qa with questions embedded by the
float ONNX export instead of the int8 one. "qa v1" is the ranker before named entities and
constraints (benchmarks/data/ranker_v1.json) on today's features; BM25, dense and RRF never
abstain.

    .venv/bin/python -m benchmarks.retrieval [--questions 1000] [--seed 13] [--variants 8]

Indexes are cached in benchmarks/.cache and rebuilt when stale (the first run takes minutes).
"""

import argparse
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Literal

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
from benchmarks.nearmiss import kept_questions, make_variants
from benchmarks.squad import SPLITS, article_texts, sample, split_of, write_corpus
from qa.embed import Encoder
from qa.encoders import TextEncoder
from qa.rank import Ranker
from qa.search import Searcher, load_ranker
from qa.session import query_encoder
from qa.settings import Settings, default_model_path
from qa.store import StoredIndex, read_manifest

TOP_K = 5
RRF_K = 60
PREVIOUS_RANKER = REPO / "benchmarks" / "data" / "ranker_v1.json"
REFERENCE = (
    "reference (SQuAD part 1, hit@1/hit@5): BM25 0.651/0.827, dense MiniLM 0.616/0.834, "
    "RRF 0.675/0.876, min-max 50/50 blend 0.712/0.890, txtai hybrid 0.715/0.886"
)
PRECISIONS: tuple[Literal["int8", "float"], ...] = ("int8", "float")
QUERY_PRECISION = Settings().query_precision
"""qa's default; the other precision gets a column of its own ("qa float")."""
COLUMNS = ["hit@1", "ranked@1", "hit@5", "MRR@5", "false abst.", "abstained", "p50 ms", "p95 ms"]
"""hit@1, hit@5 and MRR@5 count an answerable question qa abstained on as a miss; ranked@1 is
hit@1 of the ranking alone (the first sentence, abstained on or not), which compares rankers
apart from how often they abstain."""

Ranking = tuple[list[Quoted], bool]
Ranker_ = Callable[[str], Ranking]


class Contenders:
    """The rankers compared, all over one stored index."""

    def __init__(
        self, stored: StoredIndex, encoders: dict[str, TextEncoder], previous: Ranker
    ) -> None:
        encoder = encoders[QUERY_PRECISION]
        self.qa = Searcher(stored, encoder)
        self.previous = Searcher(stored, encoder, previous)
        self.rankers: dict[str, Ranker_] = {
            "BM25": self.bm25,
            "dense": self.dense,
            f"RRF k={RRF_K}": self.rrf,
            "qa v1": lambda q: asked(self.previous, q),
            "qa": lambda q: asked(self.qa, q),
        }
        for precision, other in encoders.items():
            if precision != QUERY_PRECISION:
                self.rankers[f"qa {precision}"] = partial(asked, Searcher(stored, other))

    def _top(self, scores: np.ndarray) -> list[Quoted]:
        masked = np.where(self.qa.retriever.is_answerable, scores, -np.inf)
        order = np.argsort(-masked, kind="stable")[:TOP_K]
        return [self.qa.stored.sentences[int(i)] for i in order if np.isfinite(masked[i])]

    def _bm25(self, question: str) -> np.ndarray:
        return self.qa.lexical.sentence_scores(self.qa.analyzer.content_terms(question))

    def _dense(self, question: str) -> np.ndarray:
        return self.qa.retriever.dense_scores(self.qa.encoder.encode_query(question))

    def bm25(self, question: str) -> Ranking:
        return self._top(self._bm25(question)), False

    def dense(self, question: str) -> Ranking:
        return self._top(self._dense(question)), False

    def rrf(self, question: str) -> Ranking:
        fused = np.zeros(len(self.qa.stored.sentences), dtype=np.float64)
        for scores in (self._bm25(question), self._dense(question)):
            masked = np.where(self.qa.retriever.is_answerable, scores, -np.inf)
            ranks = np.empty(len(masked), dtype=np.int64)
            ranks[np.argsort(-masked, kind="stable")] = np.arange(1, len(masked) + 1)
            fused += 1.0 / (RRF_K + ranks)
        return self._top(fused), False


def query_encoders(index: Path) -> dict[str, TextEncoder]:
    """The question encoder of each precision the settings offer, from one built index."""
    manifest = read_manifest(index)
    return {
        precision: query_encoder(Settings(index=index, query_precision=precision), manifest)
        for precision in PRECISIONS
    }


def asked(searcher: Searcher, question: str) -> Ranking:
    result = searcher.ask(question, top_k=TOP_K)
    return list(result.answers), result.abstained


class Tally:
    """Ranks of hits, abstentions and latencies of one ranker over one dataset."""

    def __init__(self) -> None:
        self.ranks: list[int | None] = []
        self.ranked: list[int | None] = []
        self.false_abstentions = 0
        self.unanswerable = 0
        self.abstained = 0
        self.latencies: list[float] = []

    def ask(self, ranker: Ranker_, question: str, is_hit: Callable[[Quoted], bool] | None) -> None:
        started = time.perf_counter()
        quoted, is_abstained = ranker(question)
        self.latencies.append(1000 * (time.perf_counter() - started))
        if is_hit is None:
            self.unanswerable += 1
            self.abstained += is_abstained
            return
        self.false_abstentions += is_abstained
        rank = next((r for r, q in enumerate(quoted, 1) if is_hit(q)), None)
        self.ranks.append(None if is_abstained else rank)
        self.ranked.append(rank)

    def add(self, other: "Tally") -> None:
        """Count `other`'s questions as this tally's too."""
        self.ranks += other.ranks
        self.ranked += other.ranked
        self.false_abstentions += other.false_abstentions
        self.unanswerable += other.unanswerable
        self.abstained += other.abstained
        self.latencies += other.latencies

    def row(self) -> dict[str, float]:
        p50, p95 = p50_p95(self.latencies)
        return {
            "hit@1": hit_at(self.ranks, 1),
            "ranked@1": hit_at(self.ranked, 1),
            "hit@5": hit_at(self.ranks, 5),
            "MRR@5": reciprocal_rank(self.ranks),
            "false abst.": self.false_abstentions / max(1, len(self.ranks)),
            "abstained": self.abstained / max(1, self.unanswerable),
            "p50 ms": p50,
            "p95 ms": p95,
        }


Asked = list[tuple[str, Callable[[Quoted], bool] | None]]
"""Questions with how to tell a hit; None marks an unanswerable question."""


def evaluate(contenders: list[tuple[Contenders, Asked]]) -> dict[str, Tally]:
    """Every ranker over every (index, questions) pair, tallied per ranker."""
    tallies: dict[str, Tally] = {}
    for contender, questions in contenders:
        for name, ranker in contender.rankers.items():
            tally = tallies.setdefault(name, Tally())
            for question, is_hit in questions:
                tally.ask(ranker, question, is_hit)
    return tallies


def merged(parts: Iterable[dict[str, Tally]]) -> dict[str, Tally]:
    """The tallies of each ranker over several datasets, as one."""
    total: dict[str, Tally] = {}
    for part in parts:
        for name, tally in part.items():
            total.setdefault(name, Tally()).add(tally)
    return total


def print_table(title: str, tallies: dict[str, Tally]) -> None:
    print(f"\n{title}")
    print(f"{'ranker':<12}" + "".join(f"{c:>12}" for c in COLUMNS))
    for name, tally in tallies.items():
        row = tally.row()
        cells = "".join(
            f"{row[c]:>12.1f}" if c.endswith("ms") else f"{row[c]:>12.3f}" for c in COLUMNS
        )
        print(f"{name:<12}{cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=1000, help="SQuAD questions to sample")
    parser.add_argument("--seed", type=int, default=13, help="sampling seed")
    parser.add_argument("--variants", type=int, default=8, help="near-miss corpus variants")
    args = parser.parse_args()
    encoder = Encoder(default_model_path())
    previous = Ranker.model_validate_json(PREVIOUS_RANKER.read_text("utf-8"))
    print(f"qa's ranker: {load_ranker().training.get('commit', '?')}; previous: {PREVIOUS_RANKER}")

    seeds = indexed_searcher(REPO / "seeds", CACHE / "seeds" / "index", encoder)
    seed_contenders = Contenders(seeds.stored, query_encoders(CACHE / "seeds" / "index"), previous)
    seed_questions: Asked = [
        (q.question, q.is_hit if q.support else None) for q in read_seed_questions()
    ]
    print_table(
        f"Seed dev questions: {sum(1 for _, h in seed_questions if h)} answerable, "
        f"{sum(1 for _, h in seed_questions if h is None)} unanswerable",
        evaluate([(seed_contenders, seed_questions)]),
    )

    corpus = CACHE / "squad-part1" / "corpus"
    questions = write_corpus(corpus)
    squad = indexed_searcher(corpus, CACHE / "squad-part1" / "index", encoder)
    squad_encoders = query_encoders(CACHE / "squad-part1" / "index")
    squad_contenders = Contenders(squad.stored, squad_encoders, previous)
    test = sample(
        [q for q in questions if split_of(q.article_number) == "test"], args.questions, args.seed
    )
    test_asked: Asked = [(q.question, q.is_hit) for q in test]
    print_table(
        f"SQuAD part 1 test split: {len(test)} questions (seed {args.seed}) of articles "
        f"{sorted({q.article_number for q in test})}; corpus of all 24 articles, "
        f"{len(squad.stored.sentences)} sentences",
        evaluate([(squad_contenders, test_asked)]),
    )
    print(REFERENCE)

    everywhere = sample(questions, args.questions, args.seed)
    # By the split of the question's article too: where the misses are says what to work on.
    by_split: dict[str, Asked] = {
        split: [(q.question, q.is_hit) for q in everywhere if split_of(q.article_number) == split]
        for split in SPLITS
    }
    split_tallies = {
        split: evaluate([(squad_contenders, asked)]) for split, asked in by_split.items()
    }
    print_table(
        f"SQuAD part 1, all 24 articles: {len(everywhere)} questions (seed {args.seed}), "
        f"{len(by_split['train'])} of them from the articles qa's ranker was trained on",
        merged(split_tallies.values()),
    )
    for split, tallies in split_tallies.items():
        print_table(f"... of which of {split} articles: {len(by_split[split])}", tallies)

    texts = article_texts(corpus)
    pairs: list[tuple[Contenders, Asked]] = []
    answerable = unanswerable = 0
    variants = make_variants(squad.stored, texts, questions, args.variants, seed=7)
    for k, variant in enumerate(variants):
        near = [q for q in variant.unanswerable if split_of(q.article_number) == "test"]
        # The answerable questions are put to the same corpora as the near misses: whether a
        # corpus lacks a few paragraphs must not be what tells the two apart.
        kept = kept_questions(variant.stored, test[k :: len(variants)])
        answerable += len(kept)
        unanswerable += len(near)
        pairs.append(
            (
                Contenders(variant.stored, squad_encoders, previous),
                [(q.question, q.is_hit) for q in kept] + [(q.question, None) for q in near],
            )
        )
    print_table(
        f"Near misses: {unanswerable} test-split questions whose paragraph was removed "
        f"(abstained = right on those), and {answerable} of the {len(test)} test questions "
        "above, answerable, put to the same corpora",
        evaluate(pairs),
    )


if __name__ == "__main__":
    main()

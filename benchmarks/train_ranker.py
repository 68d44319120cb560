"""Learn qa's ranking weights and abstention threshold on the even-numbered SQuAD part 1 articles.

A listwise model (a softmax over each question's candidate sentences, L2-regularised, fitted with
L-BFGS) learns weights under which the hits (sentences of the question's own paragraph holding a
gold answer) outscore the other candidates. A one-feature logistic regression then maps that score
to the probability that the top sentence is a hit, which is the score qa shows; the abstention
threshold is the probability below which no more than 2 % of the training questions fall.
Figures are reported on the odd-numbered (held-out) articles beside the current weights'.

    .venv/bin/python -m benchmarks.train_ranker [--questions 2000] [--seed 7]
"""

import argparse
import time

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize
from scipy.special import logsumexp
from sklearn.linear_model import LogisticRegression

from benchmarks.common import CACHE, hit_at, indexed_searcher
from benchmarks.squad import SquadQuestion, sample, write_corpus
from qa.embed import Encoder
from qa.rank import Features, Weights, score
from qa.search import Candidate, Searcher
from qa.settings import default_model_path

FEATURES = list(Features.model_fields)
FALSE_ABSTENTION_TARGET = 0.02


def candidate_table(searcher: Searcher, questions: list[SquadQuestion]) -> "Table":
    table = []
    for question in questions:
        candidates = searcher.candidates(question.question)
        labels = [question.is_hit(searcher.stored.sentences[c.sentence_id]) for c in candidates]
        table.append((candidates, labels))
    return table


Table = list[tuple[list[Candidate], list[bool]]]
L2 = 1e-3


def feature_matrix(candidates: list[Candidate]) -> npt.NDArray[np.float64]:
    return np.array([[getattr(c.features, f) for f in FEATURES] for c in candidates])


def fit_listwise(table: Table) -> npt.NDArray[np.float64]:
    """Weights maximising the softmax probability of each question's hits among its candidates."""
    groups = [(feature_matrix(cands), np.array(labels)) for cands, labels in table if any(labels)]

    def loss_and_gradient(w: npt.NDArray[np.float64]) -> tuple[float, npt.NDArray[np.float64]]:
        loss, gradient = L2 * float(w @ w), 2 * L2 * w
        for matrix, labels in groups:
            scores = matrix @ w
            every, hits = logsumexp(scores), logsumexp(scores[labels])
            loss += (every - hits) / len(groups)
            p_every = np.exp(scores - every)
            p_hits = np.where(labels, np.exp(scores - hits), 0.0)
            gradient += matrix.T @ (p_every - p_hits) / len(groups)
        return loss, gradient

    fitted = minimize(loss_and_gradient, np.zeros(len(FEATURES)), jac=True, method="L-BFGS-B")
    return np.asarray(fitted.x)


def calibrate(table: Table, w: npt.NDArray[np.float64]) -> Weights:
    """Scale and shift the listwise score so that it is P(top sentence is a hit)."""
    tops, is_hit = [], []
    for candidates, labels in table:
        if candidates:
            scores = feature_matrix(candidates) @ w
            tops.append(float(scores.max()))
            is_hit.append(labels[int(scores.argmax())])
    model = LogisticRegression().fit(np.array(tops).reshape(-1, 1), np.array(is_hit))
    scale, shift = float(model.coef_[0][0]), float(model.intercept_[0])
    return Weights(**{f: scale * float(v) for f, v in zip(FEATURES, w, strict=True)}, bias=shift)


def top_scores_and_ranks(table: Table, weights: Weights) -> tuple[list[float], list[int | None]]:
    tops, ranks = [], []
    for candidates, labels in table:
        scored = sorted(
            (
                (score(c.features, weights), label)
                for c, label in zip(candidates, labels, strict=True)
            ),
            key=lambda pair: -pair[0],
        )
        tops.append(scored[0][0] if scored else float("-inf"))
        ranks.append(next((r for r, (_, label) in enumerate(scored[:5], 1) if label), None))
    return tops, ranks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=2000, help="training questions")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    encoder = Encoder(default_model_path())
    corpus = CACHE / "squad-part1" / "corpus"
    questions = write_corpus(corpus)
    searcher = indexed_searcher(corpus, CACHE / "squad-part1" / "index", encoder)
    train = sample([q for q in questions if q.article_number % 2 == 0], args.questions, args.seed)
    test = sample([q for q in questions if q.article_number % 2 == 1], 1000, 13)

    started = time.perf_counter()
    train_table = candidate_table(searcher, train)
    test_table = candidate_table(searcher, test)
    print(f"features of {len(train) + len(test)} questions in {time.perf_counter() - started:.0f}s")

    current = Weights()
    weights = calibrate(train_table, fit_listwise(train_table))
    for label, w in (("current", current), ("learned", weights)):
        for name, table in (("train", train_table), ("held-out", test_table)):
            _, ranks = top_scores_and_ranks(table, w)
            print(f"{label} {name:<9} hit@1 {hit_at(ranks, 1):.3f}  hit@5 {hit_at(ranks, 5):.3f}")
    train_tops, _ = top_scores_and_ranks(train_table, weights)
    threshold = float(np.quantile(train_tops, FALSE_ABSTENTION_TARGET))
    test_tops, _ = top_scores_and_ranks(test_table, weights)
    false_abstention = sum(t < threshold for t in test_tops) / len(test_tops)
    print(f"threshold {threshold:.4f}: held-out false abstention {false_abstention:.3f}")
    print("\nWeights(")
    for name, value in weights.model_dump().items():
        print(f"    {name}={value:.4f},")
    print(")")


if __name__ == "__main__":
    main()

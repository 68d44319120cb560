"""Score and order candidate sentences; decide when the best is not good enough. Pure functions."""

import math

from qa.models import Frozen


class Features(Frozen):
    """How well one sentence matches one question, each signal scaled to about [0, 1]."""

    sentence_dense: float
    """Cosine similarity of the question and the sentence alone."""
    context_dense: float
    """Cosine similarity of the question and the sentence with its title and neighbours."""
    paragraph_dense: float
    """Best context similarity within the sentence's paragraph."""
    sentence_bm25: float
    """BM25 of the sentence, divided by the best sentence BM25 for this question."""
    paragraph_bm25: float
    """BM25 of the sentence's paragraph, divided by the best paragraph BM25."""
    coverage: float
    """Share of the question's IDF weight whose terms occur in the sentence."""
    context_coverage: float
    """The same over the sentence and its neighbours in the paragraph."""
    bigram_overlap: float
    """Share of the question's adjacent term pairs that are adjacent in the sentence too."""
    type_match: float = 0.0
    """1 when the sentence holds a phrase of the expected answer type, else 0."""


class Weights(Frozen):
    """A linear combination of features, passed through a logistic.

    The defaults are learned by `benchmarks/train_ranker.py` on the even-numbered articles of
    SQuAD v1.1 dev part 1 (listwise softmax over candidates, then calibrated so the score of the
    top sentence is the probability that it answers).
    """

    sentence_dense: float = 1.0483
    context_dense: float = 0.9237
    paragraph_dense: float = 0.8613
    sentence_bm25: float = 0.1764
    paragraph_bm25: float = 0.5562
    coverage: float = 0.714
    context_coverage: float = 0.7905
    bigram_overlap: float = 0.2223
    type_match: float = 0.3679
    bias: float = -2.785


def score(features: Features, weights: Weights) -> float:
    """The weighted features through a logistic: with learned weights, P(sentence answers)."""
    values: dict[str, float] = features.model_dump()
    weighted = (float(getattr(weights, name)) * value for name, value in values.items())
    return 1.0 / (1.0 + math.exp(-(weights.bias + sum(weighted))))


def rank(
    scored: list[tuple[int, float]],
    order_key: dict[int, tuple[str, int]],
    wording_key: dict[int, str],
    top_k: int,
) -> list[tuple[int, float]]:
    """The best `top_k` of (sentence id, score) with distinct wording, ties broken by position.

    Sentences with the same `wording_key` (a syndicated copy) are shown once, at the best score.
    """
    shown: list[tuple[int, float]] = []
    seen: set[str] = set()
    for sentence_id, value in sorted(scored, key=lambda item: (-item[1], order_key[item[0]])):
        wording = wording_key[sentence_id]
        if wording not in seen:
            seen.add(wording)
            shown.append((sentence_id, value))
            if len(shown) == top_k:
                break
    return shown

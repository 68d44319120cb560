"""Score and order candidate sentences; decide when the best is not good enough. Pure functions."""

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
    type_match: float = 0.0
    """1 when the sentence holds a phrase of the expected answer type, else 0."""


class Weights(Frozen):
    """A linear combination of features; the bias makes the score comparable across questions."""

    sentence_dense: float = 0.30
    context_dense: float = 0.25
    paragraph_dense: float = 0.10
    sentence_bm25: float = 0.10
    paragraph_bm25: float = 0.05
    coverage: float = 0.15
    type_match: float = 0.10
    bias: float = 0.0


def score(features: Features, weights: Weights) -> float:
    values: dict[str, float] = features.model_dump()
    weighted = (float(getattr(weights, name)) * value for name, value in values.items())
    return weights.bias + sum(weighted)


def rank(
    scored: list[tuple[int, float]], order_key: dict[int, tuple[str, int]], top_k: int
) -> list[tuple[int, float]]:
    """The best `top_k` of (sentence id, score), ties broken by source and offset."""
    return sorted(scored, key=lambda item: (-item[1], order_key[item[0]]))[:top_k]

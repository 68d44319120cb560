"""Score and order candidate sentences, and say how sure qa is of the best. Pure functions.

The parameters are data: `qa/ranker.json`, written by `python -m benchmarks.train_ranker` with
the figures that justified them, and read here as a `Ranker`.
"""

import dataclasses
import math
import operator
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import Field

from qa.errors import IndexDamagedError
from qa.features import Features
from qa.models import Frozen

QUESTION_INPUTS = ("logit", "margin", "paragraph_margin", "unknown_share", "unknown_asked")
"""Confidence inputs besides the top sentence's features: its ranking logit, how far ahead of
the runner-up it is and of the best of another paragraph (qa.search.margin_to_other_paragraphs),
the IDF share of the question's terms the corpus never uses, and whether a
name or counted thing the question asks about is among them."""
POOL_BEST = "pool_max_"
"""Prefix of the confidence inputs that are a feature's highest value over all the question's
candidates: how well the best sentence for each signal does, wherever it is. Where an article
lost the paragraph that answered, no sentence covers the question as well; with them, trees
abstained on 73 % of validation near misses instead of 62 % (same 3 % false abstention)."""
NOT_POOLED = ("title", "lead")
"""Features whose highest value over the candidates the confidence does not read: it says what
kind of corpus it is, not how well any sentence answers. A title of a dozen words or more is a
candidate, one of fewer is furniture (qa.clean): a third of the news titles learned from are,
SQuAD's never, and the trees learned from pool_max_title to doubt every answer from a news
corpus (the seed question "Which sanctions did the US lift in September?", right, fell from 0.64
to 0.48)."""
POOLED = tuple(name for name in Features.model_fields if name not in NOT_POOLED)
"""The features read after POOL_BEST."""


Node = tuple[int, float, int, int, float]
"""A tree node: (input index, threshold, left child, right child, leaf value); left < 0 is a leaf.
An input at most the threshold goes left."""


class Ranker(Frozen):
    """A learned linear ranker, the calibration of its scores and the abstention threshold."""

    weights: dict[str, float]
    """Ranking weight of each feature (a softmax over each question's candidates)."""
    score_scale: float
    score_shift: float
    """An answer's score is logistic(scale * logit + shift): P(sentence answers), if answerable."""
    confidence_weights: dict[str, float]
    """Logistic weights over QUESTION_INPUTS and the top sentence's features (used when there
    are no trees)."""
    confidence_bias: float
    confidence_inputs: list[str] = Field(default_factory=list)
    """The inputs the trees read, in order: QUESTION_INPUTS, feature names, then each of POOLED
    after POOL_BEST."""
    confidence_trees: list[list[Node]] = Field(default_factory=list)
    """Gradient-boosted trees whose summed leaves, plus the baseline, are the confidence's
    log-odds; they tell answerable questions from near misses better than a linear model."""
    confidence_baseline: float = 0.0
    threshold: float
    """qa abstains when the confidence in its best sentence is below this."""
    training: dict[str, Any] = Field(default_factory=dict)
    """How the parameters were learned: data splits, figures, commit. Not read by the code."""


def logit(features: Features, ranker: Ranker) -> float:
    """The ranking score: weighted features, before calibration."""
    return weighted_sum(vars(features), ranker)  # the field values, as pydantic keeps them


def weighted_sum(values: Mapping[str, float], ranker: Ranker) -> float:
    """The ranking score of a candidate's feature values, by name."""
    # map() rather than a generator: the same products summed in the same order, faster.
    weights = ranker.weights
    return float(sum(map(operator.mul, weights.values(), map(values.__getitem__, weights))))


def answer_score(value: float, ranker: Ranker) -> float:
    """The calibrated probability that a sentence with ranking score `value` answers."""
    return _logistic(ranker.score_scale * value + ranker.score_shift)


def pool_best(pool: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """Each feature's highest value over a question's candidates (their feature values)."""
    names = pool[0].keys() if pool else ()
    return {name: max(values[name] for values in pool) for name in names}


@dataclasses.dataclass(frozen=True)
class BestMatch:
    """What the confidence reads of a question's best sentence and of its other candidates."""

    features: Features
    logit: float
    margin: float
    """How far its logit is ahead of the runner-up's."""
    paragraph_margin: float
    """How far its logit is ahead of the best of another paragraph's."""
    unknown_share: float
    """The IDF share of the question's terms the corpus never uses."""
    unknown_asked: float
    """1 when a name or counted thing the question asks about is among those terms."""
    pool_best: Mapping[str, float]
    """pool_best of all the question's candidates."""

    def inputs(self) -> dict[str, float]:
        return (
            self.features.model_dump()
            | {name: getattr(self, name) for name in QUESTION_INPUTS}
            | {POOL_BEST + name: best for name, best in self.pool_best.items()}
        )


def confidence(best: BestMatch, ranker: Ranker) -> float:
    """The probability that the best sentence answers, knowing near misses exist; 0 when the
    question asks about a name, or asks to count a thing, that the corpus never mentions: no
    sentence can be about it ("When did the mayor visit Japan?" of a corpus without Japan).
    Learned, the trees could not tell that from SQuAD's misspelt names ("Celeron" for
    "Céloron"), and let such a question pass on a close match about another visit."""
    if best.unknown_asked:
        return 0.0
    inputs = best.inputs()
    if ranker.confidence_trees:
        row = [inputs[name] for name in ranker.confidence_inputs]
        return _logistic(
            ranker.confidence_baseline
            + sum(leaf_value(tree, row) for tree in ranker.confidence_trees)
        )
    weighted = sum(w * inputs[name] for name, w in ranker.confidence_weights.items())
    return _logistic(ranker.confidence_bias + weighted)


RISING = frozenset(
    {
        "logit",
        "margin",
        "paragraph_margin",
        "sentence_dense",
        "context_dense",
        "paragraph_dense",
        "sentence_bm25",
        "paragraph_bm25",
        "coverage",
        "context_coverage",
        "bigram_overlap",
        "paragraph_coverage",
        "type_match",
        "value_match",
        "statement_match",
        "answer_proximity",
        "term_proximity",
        "rare_term",
        "entity_match",
        "role_match",
        "number_match",
        "time_match",
        "counted_match",
    }
)
"""Confidence inputs that can only raise it; benchmarks/train_ranker.py fits the trees so. Left
free, trees fitted on SQuAD learn bends that do not carry to other corpora: a top holding more of
the question's words, or lacking a typed answer, judged surer."""
FALLING = frozenset(
    {
        "unknown_share",
        "unknown_asked",
        "missing_rare",
        "missing_rare_paragraph",
        "missing_rare_lead",
        "type_missing",
        "value_missing",
        "age_missing",
        "reliable_type_missing",
        "entity_missing",
        "role_missing",
        "number_missing",
        "time_conflict",
        "counted_missing",
    }
)
"""Inputs that can only lower it: each says the question asks for something the top lacks."""
FAILURES = (
    "time_conflict",
    "counted_missing",
    "entity_missing",
    "role_missing",
    "number_missing",
    "type_missing",
    "unknown_share",
)
"""Inputs that say a constraint of the question failed; 0 means it did not."""
SAME_FAILURE = {
    "type_missing": ("type_missing", "value_missing", "age_missing", "reliable_type_missing")
}
"""Inputs that say one failure again, for some kinds of question: satisfied together."""


def failure_gains(best: BestMatch, ranker: Ranker) -> dict[str, float]:
    """For each failed constraint, how much the confidence would rise were it satisfied: the
    failure that cost most is the real reason for an abstention."""
    base = confidence(best, ranker)
    gains = {}
    for name in FAILURES:
        if name == "unknown_share":
            if best.unknown_share > 0:
                satisfied = dataclasses.replace(best, unknown_share=0.0, unknown_asked=0.0)
                gains[name] = confidence(satisfied, ranker) - base
        elif getattr(best.features, name) > 0:
            update = dict.fromkeys(SAME_FAILURE.get(name, (name,)), 0.0)
            features = best.features.model_copy(update=update)
            gains[name] = confidence(dataclasses.replace(best, features=features), ranker) - base
    return gains


def leaf_value(tree: list[Node], row: list[float]) -> float:
    """The value of the leaf `row` reaches in `tree`."""
    node = tree[0]
    while node[2] >= 0:
        node = tree[node[2] if row[node[0]] <= node[1] else node[3]]
    return node[4]


def _logistic(value: float) -> float:
    # Damaged inputs must neither overflow math.exp nor pass for certainty.
    if not math.isfinite(value):
        return 0.0
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, value))))


def rank(
    scored: list[tuple[int, float]],
    order_key: dict[int, tuple[str, int]],
    wording_key: dict[int, str],
    top_k: int,
) -> list[tuple[int, float]]:
    """The best `top_k` of (sentence id, score) with distinct wording, ties broken by position.

    Sentences with the same `wording_key` (a syndicated copy) are shown once, at the best score.
    A score that is not a finite number comes from damaged vectors: it is refused, not ranked.
    """
    if not all(math.isfinite(value) for _, value in scored):
        raise IndexDamagedError(
            "the index is damaged: its vectors give scores that are not numbers; run `qa --rebuild`"
        )
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

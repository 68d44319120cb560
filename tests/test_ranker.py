"""The shipped ranker is the data benchmarks/train_ranker.py wrote, for today's features."""

import dataclasses

import numpy as np
import pytest

from benchmarks.news import HELD_OUT_SETS, TRAINING_SETS
from benchmarks.train_ranker import confidences, table_for, top_of
from qa.embed import Encoder
from qa.features import Features
from qa.rank import (
    FALLING,
    NOT_POOLED,
    POOL_BEST,
    QUESTION_INPUTS,
    RISING,
    BestMatch,
    answer_score,
    confidence,
    logit,
    pool_best,
)
from qa.search import (
    MARGIN_CAP,
    Searcher,
    load_ranker,
    margin_to_other_paragraphs,
    margin_to_runner_up,
)

from .conftest import one_article


def test_the_shipped_ranker_weighs_exactly_todays_features() -> None:
    ranker = load_ranker()
    assert list(ranker.weights) == list(Features.model_fields)
    pool_inputs = [POOL_BEST + name for name in Features.model_fields if name not in NOT_POOLED]
    inputs = [*QUESTION_INPUTS, *Features.model_fields, *pool_inputs]
    assert list(ranker.confidence_weights) == inputs
    assert ranker.confidence_inputs == inputs
    assert ranker.confidence_trees, "the confidence comes from the learned trees"
    assert 0 < ranker.threshold < 1
    figures = ranker.training["figures"]
    assert figures["validation"]["near_miss_abstention"] >= 0.69, "calibrated to abstain on 70 %"
    # One threshold means the same on corpora of every size: the confidence was learned on all.
    test = figures["test"]
    for other in ("kept_false_abstention", "alone_false_abstention"):
        assert abs(test[other] - test["false_abstention"]) <= 0.03, (other, test)
    assert ranker.training["splits"]["test"] == [3, 7, 11, 15, 19, 23]
    # Our news questions weigh in, and the held-out sets were reported without being learned from.
    news = ranker.training["news_figures"]
    assert set(news) == {f"learned from {n.name}" for n in TRAINING_SETS} | {
        f"held out {n.name}" for n in HELD_OUT_SETS
    }
    # So were the near misses made by asking about another name of the article, some of which
    # the confidence learned from.
    assert all(0 <= row["named_swaps_abstained"] <= 1 for row in news.values())
    assert ranker.training["named_swaps_learned_from"] > 0


def weak_match() -> Features:
    return Features(
        sentence_dense=0.1,
        context_dense=0.1,
        paragraph_dense=0.1,
        sentence_bm25=0.0,
        paragraph_bm25=0.0,
        coverage=0.0,
        context_coverage=0.0,
        next_coverage=0.0,
        bigram_overlap=0.0,
        paragraph_coverage=0.0,
        missing_rare=1.0,
        missing_rare_paragraph=1.0,
    )


def test_a_better_match_scores_higher() -> None:
    ranker = load_ranker()
    weak = weak_match()
    strong = weak.model_copy(
        update={
            "sentence_dense": 0.8,
            "context_dense": 0.7,
            "paragraph_dense": 0.8,
            "sentence_bm25": 1.0,
            "paragraph_bm25": 1.0,
            "coverage": 1.0,
            "context_coverage": 1.0,
            "paragraph_coverage": 1.0,
            "missing_rare": 0.0,
            "missing_rare_paragraph": 0.0,
        }
    )
    assert answer_score(logit(strong, ranker), ranker) > answer_score(logit(weak, ranker), ranker)


def test_the_pool_best_is_each_features_highest_value_over_the_candidates() -> None:
    first = weak_match().model_copy(update={"coverage": 0.4, "missing_rare": 0.2})
    second = weak_match().model_copy(update={"coverage": 0.9, "type_match": 0.5})
    best = pool_best([dict(first), dict(second)])
    assert best["coverage"] == 0.9 and best["missing_rare"] == 1.0 and best["type_match"] == 0.5
    assert best["sentence_dense"] == 0.1 and set(best) == set(Features.model_fields)


def best_match(features: Features) -> BestMatch:
    return BestMatch(
        features=features,
        logit=logit(features, load_ranker()),
        margin=1.0,
        paragraph_margin=1.0,
        unknown_share=0.0,
        unknown_asked=0.0,
        pool_best=dict(features),
    )


def with_input(best: BestMatch, name: str, value: float) -> BestMatch:
    if name in QUESTION_INPUTS:
        return dataclasses.replace(best, **{name: value})
    return dataclasses.replace(best, features=best.features.model_copy(update={name: value}))


@pytest.mark.parametrize("name", sorted(RISING | FALLING))
def test_the_confidence_moves_one_way_with_each_constrained_input(name: str) -> None:
    """More of the question's words, a typed answer, a met constraint never make qa less sure;
    a missing name, time or counted thing never makes it surer."""
    assert {*QUESTION_INPUTS, *Features.model_fields} >= RISING | FALLING
    ranker = load_ranker()
    strong = weak_match().model_copy(
        update={"sentence_dense": 0.6, "coverage": 0.7, "type_match": 1.0, "missing_rare": 0.3}
    )
    top = 20.0 if name == "logit" else 5.0 if name.endswith("margin") else 1.0
    steps = [top * i / 8 for i in range(9)]
    for features in (weak_match(), strong):
        values = [confidence(with_input(best_match(features), name, v), ranker) for v in steps]
        pairs = list(zip(values, values[1:], strict=False))
        if name in RISING:
            assert all(a <= b + 1e-12 for a, b in pairs), (name, values)
        else:
            assert all(a + 1e-12 >= b for a, b in pairs), (name, values)


def test_the_paragraph_margin_skips_the_best_sentence_s_own_paragraph() -> None:
    """Where the answering paragraph is gone, another paragraph matches about as well; a
    sibling sentence of the best one's own paragraph says nothing of that."""
    logits = {0: 4.0, 1: 3.8, 2: 1.5, 3: 1.0}
    paragraphs = {0: ("a.txt", 2), 1: ("a.txt", 2), 2: ("a.txt", 5), 3: ("b.txt", 2)}
    assert margin_to_runner_up(0, logits) == pytest.approx(0.2)
    assert margin_to_other_paragraphs(0, logits, paragraphs) == pytest.approx(2.5)
    assert margin_to_other_paragraphs(0, {0: 4.0, 1: 3.8}, paragraphs) == MARGIN_CAP


@dataclasses.dataclass(frozen=True)
class Unjudged:
    """A question asked of the training code with no sentence taken for its answer."""

    question: str

    def is_hit(self, quoted: object, /) -> bool:
        return False


BRIDGE = (
    "Harbour bridge reopens\n\n"
    "The harbour bridge reopened on Monday after eight months of repairs. The repairs to the "
    "harbour bridge cost 4 million euros, the council said. Engineers replaced all of the "
    "bridge's cables.\n\n"
    "The council said the harbour bridge would now be inspected every year. Traffic on the "
    "bridge fell by a third during the repairs, and the ferry carried 2,000 people a day.\n"
)


@pytest.fixture(scope="module")
def bridge(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Searcher:
    return one_article(tmp_path_factory, encoder, "bridge.txt", BRIDGE)


@pytest.mark.parametrize(
    "question",
    [
        "How much did the repairs to the harbour bridge cost?",
        "What did the council say about the harbour bridge?",
        # The runner-up is of the best sentence's paragraph: the two margins differ.
        "How long did the repairs take?",
        "What did the repairs change?",
    ],
)
def test_the_training_reads_the_confidence_inputs_the_query_path_reads(
    bridge: Searcher, question: str
) -> None:
    """benchmarks/train_ranker.py computes the confidence inputs from its tables, the query path
    from the candidates: both must give one confidence, or the trees learn from inputs qa never
    sees (the margins, the paragraph of each candidate, the pooled best values). The article's
    paragraphs hold several sentences, so the margin over another paragraph is its own."""
    ranker = bridge.ranker
    weights = np.array([ranker.weights[name] for name in Features.model_fields])
    top = top_of(table_for(bridge, Unjudged(question)), weights)
    assert top is not None
    learned = confidences([top], ranker.confidence_trees, ranker.confidence_baseline)[0]
    assert bridge.ask(question).confidence == pytest.approx(learned, abs=1e-4)

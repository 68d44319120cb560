"""The shipped ranker is the data benchmarks/train_ranker.py wrote, for today's features."""

from qa.features import Features
from qa.rank import POOL_BEST, QUESTION_INPUTS, answer_score, logit, pool_best
from qa.search import load_ranker


def test_the_shipped_ranker_weighs_exactly_todays_features() -> None:
    ranker = load_ranker()
    assert list(ranker.weights) == list(Features.model_fields)
    pool_inputs = [POOL_BEST + name for name in Features.model_fields]
    inputs = [*QUESTION_INPUTS, *Features.model_fields, *pool_inputs]
    assert list(ranker.confidence_weights) == inputs
    assert ranker.confidence_inputs == inputs
    assert ranker.confidence_trees, "the confidence comes from the learned trees"
    assert 0 < ranker.threshold < 1
    test = ranker.training["figures"]["test"]
    assert test["false_abstention"] <= 0.03
    assert ranker.training["splits"]["test"] == [3, 7, 11, 15, 19, 23]


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

"""Near words: a question's word said in other words by a sentence."""

import numpy as np
import pytest

from qa.embed import Encoder
from qa.features import QueryWeights, missing_rare
from qa.lexical_build import build_lexical
from qa.neighbours import near_terms, question_words, term_words
from qa.search import Searcher
from qa.store import load_index
from qa.terms import TermAnalyzer

from .conftest import indexed, write_corpus

DERAILMENT = {
    "rail.txt": (
        "Train derails near Harnsby\n\n"
        "When a commuter train derailed near Harnsby on Thursday, two people were killed, and "
        "officials said 37 were injured. "
        "The line will stay closed until Monday, the operator said.\n\n"
        "Eastmoor Rail chief executive Tomas Reyl said the train was travelling slowly.\n"
    ),
}


@pytest.fixture(scope="module")
def derailment(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Searcher:
    root = tmp_path_factory.mktemp("derailment")
    write_corpus(root / "corpus", DERAILMENT)
    return Searcher(load_index(indexed(root, encoder).index), encoder)


def coverage_by_sentence(
    searcher: Searcher, question: str, feature: str = "paraphrase_coverage"
) -> dict[str, float]:
    pool = searcher.candidates(searcher.analyse(question))
    return {
        searcher.stored.sentences[c.sentence_id].text: c.feature_values[feature]
        for c in pool.candidates
    }


def test_a_sentence_saying_an_unknown_word_otherwise_gets_credit(derailment: Searcher) -> None:
    coverage = coverage_by_sentence(derailment, "How many people were hurt in the derailment?")
    injured = next(value for text, value in coverage.items() if "37 were injured" in text)
    assert injured > 0.1
    others = [value for text, value in coverage.items() if "injured" not in text]
    assert others and max(others) < injured


def test_known_words_and_names_get_no_credit(derailment: Searcher) -> None:
    # "killed" is the corpus's own word, and "Zorvath" a name no sentence can paraphrase.
    for question in ("How many people were killed?", "How many people did Zorvath injure?"):
        assert set(coverage_by_sentence(derailment, question).values()) == {0.0}


def test_the_boss_is_near_the_chief_executive(derailment: Searcher) -> None:
    coverage = coverage_by_sentence(derailment, "Who is the boss of Eastmoor Rail?")
    best = max(coverage, key=coverage.__getitem__)
    assert "chief executive Tomas Reyl" in best


DEPOT = DERAILMENT | {
    "guard.txt": "Guard hurt at depot\n\nA guard was hurt and two were injured at the depot.\n"
}
"""The derailment again, with "hurt" a word of the corpus."""


@pytest.fixture(scope="module")
def depot(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Searcher:
    root = tmp_path_factory.mktemp("depot")
    write_corpus(root / "corpus", DEPOT)
    return Searcher(load_index(indexed(root, encoder).index), encoder)


def test_a_known_word_the_sentence_says_otherwise_gets_credit(depot: Searcher) -> None:
    question = "How many people were hurt in the derailment?"
    rephrased = coverage_by_sentence(depot, question, "rephrased_coverage")
    injured = next(value for text, value in rephrased.items() if "37 were injured" in text)
    assert injured > 0.05
    # It says "hurt" itself: its "injured" adds nothing.
    assert next(value for text, value in rephrased.items() if "guard was hurt" in text) == 0.0
    assert set(coverage_by_sentence(depot, question).values()) == {0.0}  # no unknown word


def test_a_question_word_does_not_say_another_otherwise(depot: Searcher) -> None:
    # "injured" is asked: it does not also stand in for the "hurt" the sentence lacks.
    rephrased = coverage_by_sentence(depot, "How many were hurt or injured?", "rephrased_coverage")
    assert next(value for text, value in rephrased.items() if "37 were injured" in text) == 0.0


def test_each_term_is_embedded_as_the_lowercase_words_it_stands_for() -> None:
    texts = ["Injured workers waited.", "The injured man left, injuring two.", "Olsen in 2024."]
    analyzer = TermAnalyzer.for_texts(texts, {})
    positions = [analyzer.positioned_terms(t) for t in texts]
    vocabulary = sorted({t for tokens in positions for _, _, t in tokens if t})
    words = dict(zip(vocabulary, term_words(texts, positions, vocabulary), strict=True))
    assert words[analyzer.terms("injured")[0]] == ("injured", "injuring")
    assert words["2024"] == ()  # a number has no near words
    assert words[analyzer.terms("Olsen")[0]] == ()  # nor a name


def test_index_without_an_embedder_has_no_near_terms(encoder: Encoder) -> None:
    tables = build_lexical([])
    assert tables.term_vectors.shape == (0, 0)
    vectors = encoder.encode(["hurt"])
    assert near_terms(vectors, ["hurt"], tables.term_vectors, tables.vocabulary) == {}


def test_question_words_skip_names_and_numbers() -> None:
    words = {"hurt": "hurt", "zorvath": "Zorvath", "2021": "2021"}
    assert question_words(words, ["hurt", "zorvath", "2021"]) == {"hurt": "hurt"}


def test_near_terms_keep_only_close_words(encoder: Encoder) -> None:
    vocabulary = ["injur", "tomato"]
    term_vectors = encoder.encode(["injured", "tomato"])
    near = near_terms(encoder.encode(["hurt"]), ["hurt"], term_vectors, vocabulary)
    assert set(near["hurt"]) == {"injur"}
    assert 0 < near["hurt"]["injur"] < 1
    assert np.isfinite(near["hurt"]["injur"])


def test_the_highlight_sits_by_the_word_said_otherwise(derailment: Searcher) -> None:
    result = derailment.ask("How many were hurt when the train derailed?")
    top = result.answers[0]
    assert top.highlight is not None
    assert top.text[top.highlight[0] : top.highlight[1]] == "37"


def test_a_word_said_otherwise_is_not_missing() -> None:
    weights = QueryWeights(
        idf={"hurt": 5.0, "train": 1.0},
        unique_idf=5.0,
        rarest="train",
        near={"hurt": {"injur": 0.3}},
    )
    assert missing_rare(weights, frozenset({"train", "injur"})) == 0.0
    assert missing_rare(weights, frozenset({"train", "kill"})) == 1.0

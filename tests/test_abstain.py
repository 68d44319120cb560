"""The reason given for an abstention: the failure that cost most, said of what failed."""

import pytest

from qa.abstain import abstention_reason
from qa.entities import irregular_forms
from qa.features import Features, unknown_asked
from qa.numbers import number_spellings
from qa.question import Question, analyse_question
from qa.search import FEATURE_DEFAULTS
from qa.terms import TermAnalyzer, stemmed_base_forms

ANALYZER = TermAnalyzer.for_texts(
    ["Coale met Lukashenko in Minsk."], stemmed_base_forms(irregular_forms())
)
BEST = Features.model_validate(dict.fromkeys(Features.model_fields, 0.0) | FEATURE_DEFAULTS)


def analyse(text: str) -> Question:
    return analyse_question(text, ANALYZER, vector=None)


@pytest.mark.parametrize(
    ("question", "failed", "reason"),
    [
        (
            "How many prisoners were freed in 2021?",
            "time_conflict",
            "the best match is about another time than 2021",
        ),
        (
            "Where were the prisoners released in September brought?",
            "time_conflict",
            "the best match is about another time than September",
        ),
        (
            "How many pilots flew the planes?",
            "counted_missing",
            "the best match does not count “pilots”",
        ),
        (
            "Who did Coale meet?",
            "entity_missing",
            "the best match and the passages around it never name “Coale”",
        ),
        (
            "Who did Coale meet in Minsk?",
            "entity_missing",
            "the best match and the passages around it do not name all of “Coale”, “Minsk”",
        ),
        (
            "How many patients took part in the phase 1 trial?",
            "number_missing",
            "the best match and the passages around it never name “phase 1”",
        ),
        ("How old is the mayor?", "type_missing", "the best match names no age"),
        ("Who won the election?", "type_missing", "the best match names no person"),
        (
            "Who is the prime minister?",
            "type_missing",
            "the best match names no one who could be the prime minister",
        ),
    ],
)
def test_a_failed_constraint_is_said_of_the_best_match_not_of_the_corpus(
    question: str, failed: str, reason: str
) -> None:
    # The corpus may well count crew members or speak of 2021 in a sentence that matches the
    # question less well: only the best match is known to fail.
    said = abstention_reason(analyse(question), BEST, [], {failed: 0.2}, 0.1, 0.4)
    assert said == f"{reason} (confidence 0.100, below the 0.400 needed)"


def test_the_failure_that_cost_most_is_the_reason() -> None:
    question = analyse("How many tanks did Belarus have in 2021?")
    gains = {"time_conflict": 0.05, "unknown_share": 0.3, "counted_missing": 0.1}
    said = abstention_reason(question, BEST, ["tanks"], gains, 0.1, 0.4)
    assert said.startswith("the corpus never mentions “tanks” (")


def test_without_a_failed_constraint_the_match_is_called_weak() -> None:
    said = abstention_reason(analyse("Who leads the opposition?"), BEST, [], {}, 0.25, 0.4)
    assert said == "the best match is weak (confidence 0.250, below the 0.400 needed)"
    unknown = abstention_reason(
        analyse("Who is the prime minister?"), BEST, ["prime"], {}, 0.25, 0.4
    )
    assert unknown.startswith("the best match is weak, and the corpus never mentions “prime” (")
    assert abstention_reason(analyse("Who?"), None, [], {}, 0.0, 0.4) == (
        "no sentence of the corpus matches the question"
    )


@pytest.mark.parametrize(
    ("question", "unknown", "asked"),
    [
        ("When did Lukashenko visit China?", {"china"}, 1.0),
        ("How many trams will Minsk buy?", {"tram"}, 1.0),
        ("When did Lukashenko pay a visit to Coale?", {"pay", "visit"}, 0.0),
        ("How much weight did Coale lose?", {"weight", "lose"}, 0.0),
        ("When did Sviatlana Lukashenko meet Coale?", {"sviatlana", "meet"}, 0.0),
    ],
    ids=["name", "counted", "wording", "measure", "half-a-name"],
)
def test_an_unknown_name_or_counted_thing_is_told_from_unknown_wording(
    question: str, unknown: set[str], asked: float
) -> None:
    analysed = analyse(question)
    terms = frozenset(analysed.terms)
    assert unknown <= terms, terms
    assert unknown_asked(analysed, frozenset(unknown)) == asked


def test_a_name_is_unknown_only_for_terms_the_corpus_lacks() -> None:
    """A name of terms the question does not weigh ("X" of "X.25") is not an unknown name."""
    analysed = analyse("What type of network does X.25 use?")
    assert analysed.entities
    assert unknown_asked(analysed, frozenset()) == 0.0


def test_a_word_the_corpus_never_mentions_is_named_as_the_question_writes_it() -> None:
    question = analyse("When did Lukashenko visit China’s capital?")
    assert question.term_words["china"] == "China"
    assert question.term_words["visit"] == "visit"


@pytest.mark.parametrize(
    ("question", "numbers"),
    [
        ("How many patients took part in the phase 1 trial?", {"1": ("phase 1", "phase")}),
        ("When was the NVK-208 drug approved?", {}),
        ("How did COVID\u201319 change the phase-3 trial?", {"3": ("phase-3", "phase")}),
        ("How many prisoners were freed in 2021?", {}),
        ("What opened on June 5 at 10:30?", {}),
        ("What is 3.5 percent of 1,200?", {"3.5": ("3.5", None), "1,200": ("1,200", None)}),
        ("Route 66 opened when?", {"66": ("Route 66", "rout")}),
        ("Who scored 3 goals?", {"3": ("scored 3", None)}),
        ("Which team won 2 titles?", {"2": ("won 2", None)}),
        ("Did the firm cut nearly 300 jobs?", {"300": ("nearly 300", None)}),
        ("Did the firm cut at least 300 jobs?", {"300": ("least 300", None)}),
        ("Who works in Building 7?", {"7": ("Building 7", "build")}),
        ("Is the number 37 a prime?", {"37": ("number 37", None)}),
        ("Besides 1, what divides a prime?", {"1": ("Besides 1", None)}),
        ("What famous 5.9-mile race is run in June?", {"5.9": ("famous 5.9", None)}),
        (
            "Besides 1,3 and 7, what ends it?",
            {"1": ("Besides 1", None), "3": ("3", None), "7": ("7", None)},
        ),
        (
            "Did 1,20,000 or 1,2345 people march?",
            {"1,20,000": ("1,20,000", None), "1": ("1", None), "2345": ("2345", None)},
        ),
    ],
    ids=[
        "numbered-thing",
        "part-of-a-name",
        "dash",
        "year",
        "day-and-clock",
        "alone",
        "opening",
        "after-a-verb",
        "after-an-irregular-verb",
        "after-an-adverb",
        "after-a-quantifier",
        "capitalised",
        "the-number-itself",
        "besides",
        "a-measure",
        "a-list-without-spaces",
        "digit-groups",
    ],
)
def test_the_numbers_a_question_states_are_read_with_what_they_number(
    question: str, numbers: dict[str, tuple[str, str | None]]
) -> None:
    stated = analyse(question).numbers
    assert {term: (n.words, n.numbered) for term, n in stated.items()} == numbers


def test_a_number_is_found_however_the_article_writes_it() -> None:
    assert number_spellings("3") == {"3", "three"}
    assert number_spellings("1,240") == number_spellings("1240") == {"1,240", "1240"}

"""The near misses the confidence model learns from: what a swapped question asks."""

import pytest

from benchmarks.common import SeedQuestion
from benchmarks.nearmiss import (
    answer_about_people,
    ask_nationalities,
    ask_pay,
    kept_questions,
    swap_numbers,
    swap_times_named_elsewhere,
    without_spans,
)
from benchmarks.news_nearmiss import swap_names
from benchmarks.squad import SquadQuestion
from qa.embed import Encoder
from qa.search import Searcher
from qa.settings import Settings
from qa.store import load_index
from tests.conftest import TINY_ARTICLES, indexed, write_corpus

ARTICLE = (
    "Harbour\n\n"
    "The bridge opened in 1932 and was widened in 1933.\n\n"
    "A storm closed it in 1930. It reopened in 1950, and again in March 1951.\n"
)


def question(text: str) -> SquadQuestion:
    """A question of the article's first paragraph."""
    start = ARTICLE.index("The bridge")
    return SquadQuestion(
        id="q1",
        question=text,
        answers=("1932",),
        source="harbour.txt",
        article_number=0,
        paragraph_start=start,
        paragraph_end=ARTICLE.index("\n\n", start),
    )


def test_a_time_swap_asks_about_a_time_only_another_paragraph_names() -> None:
    """1933 is in the question's own paragraph and 1930 too close to be another event: the
    closest year at least three off that only another paragraph names is 1950."""
    [swapped] = swap_times_named_elsewhere(
        [question("When did the bridge open in 1932?")], {"harbour.txt": ARTICLE}
    )
    assert swapped.question == "When did the bridge open in 1950?"
    assert swapped.id == "q1-elsewhere"


def test_a_question_naming_two_times_or_none_is_not_swapped() -> None:
    questions = [
        question("What happened to the bridge between 1932 and 1933?"),
        question("Who built the bridge?"),
    ]
    assert swap_times_named_elsewhere(questions, {"harbour.txt": ARTICLE}) == []


def test_a_number_swap_asks_about_the_nearest_higher_number_the_article_never_writes() -> None:
    """The article writes 2, 3 (as a word) and 4, so pier 2 becomes pier 5; the year is a time
    (the time swaps' work), and COVID-19 a name, so both stay."""
    article = ARTICLE + "\nPiers 2 and three were rebuilt, and pier 4 closed after COVID-19.\n"
    [swapped] = swap_numbers(
        [question("How long was pier 2 closed by COVID-19 in 1950?")], {"harbour.txt": article}
    )
    assert swapped.question == "How long was pier 5 closed by COVID-19 in 1950?"
    assert swapped.id == "q1-number"
    assert swap_numbers([question("What opened on June 5?")], {"harbour.txt": article}) == []


@pytest.mark.slow
def test_answerable_questions_go_only_to_variants_that_keep_their_paragraph(
    tiny_settings: Settings,
) -> None:
    """Answerable questions are put to the near misses' corpora too (their false abstention is
    reported beside the near misses'), but only where their paragraph is still there."""
    text = TINY_ARTICLES["harbour.txt"]

    def asked_of(paragraph: str) -> SquadQuestion:
        start = text.index(paragraph)
        return SquadQuestion(
            id=paragraph[:10],
            question="What happened?",
            answers=("x",),
            source="harbour.txt",
            article_number=0,
            paragraph_start=start,
            paragraph_end=text.index("\n\n", start),
        )

    reopened, ribbon = asked_of("The Kestrel"), asked_of("Mayor Ingrid")
    stored = load_index(tiny_settings.index)
    dropped = {"harbour.txt": {(ribbon.paragraph_start, ribbon.paragraph_end)}}
    assert kept_questions(stored, [reopened, ribbon]) == [reopened, ribbon]
    assert kept_questions(without_spans(stored, dropped), [reopened, ribbon]) == [reopened]


@pytest.mark.slow
def test_people_are_asked_only_what_no_sentence_naming_them_gives(
    tmp_path_factory: pytest.TempPathFactory, encoder: Encoder
) -> None:
    root = tmp_path_factory.mktemp("people")
    write_corpus(
        root / "corpus",
        {
            "0_transfer.txt": (
                "Transfer\n\n"
                "Brentvale signed the Portuguese striker Rui Tavares for 38 million euros. "
                "Manager Sean McAllister said he had followed the forward for two years.\n"
            )
        },
    )
    stored = load_index(indexed(root, encoder).index)
    assert [q.question for q in ask_nationalities(stored)] == [
        "What nationality is Sean McAllister?"
    ]
    assert [q.question for q in ask_pay(stored)] == ["How much was Sean McAllister paid?"]
    answered = answer_about_people(stored)
    assert [q.question for q in answered] == [
        "What nationality is Rui Tavares?",
        "How much was Rui Tavares paid?",
    ]
    signing = stored.sentences[1]
    assert signing.text.startswith("Brentvale signed")
    assert all(q.is_hit(signing) for q in answered)
    assert not any(q.is_hit(stored.sentences[2]) for q in answered)


@pytest.mark.slow
def test_a_name_swap_asks_about_another_name_only_where_the_corpus_cannot_answer(
    tmp_path_factory: pytest.TempPathFactory, encoder: Encoder
) -> None:
    """Corvel Bank's fine asked of Halden Trust, another organisation of the article, is a near
    miss, with every mention of the name swapped; once a sentence says the regulator fined
    Halden Trust too, both questions are answerable there, and no other organisation is left to
    ask about."""
    fined = SeedQuestion("q1", "How much did the regulator fine Corvel Bank?", ("40 million",))
    said = SeedQuestion(
        "q2", "What did Corvel Bank say after the regulator fined Corvel Bank?", ("appeal",)
    )
    article = (
        "Bank fined\n\n"
        "The regulator fined Corvel Bank 40 million euros on Monday over unchecked transfers. "
        "Corvel Bank said it would appeal. "
        "Halden Trust, a smaller lender, opened three branches in Tresk this year.\n"
    )
    for name, text, expected in (
        (
            "swapped",
            article,
            [
                "How much did the regulator fine Halden Trust?",
                "What did Halden Trust say after the regulator fined Halden Trust?",
            ],
        ),
        ("answered", article + "The regulator fined Halden Trust 5 million euros in 2019.\n", []),
    ):
        root = tmp_path_factory.mktemp(name)
        write_corpus(root / "corpus", {"bank.txt": text})
        searcher = Searcher(load_index(indexed(root, encoder).index), encoder)
        swapped = swap_names([fined, said], searcher.stored, searcher.analyzer)
        assert [q.question for q in swapped] == expected
        assert all(q.id.endswith("-named") and not q.support for q in swapped)

"""The lexical tables computed at build time and read back: the same analysis, the same BM25."""

import bm25s
import numpy as np
import pytest

from qa.features import QueryWeights, missing_rare
from qa.lexical import LEXICAL_DIR, LexicalIndex, LexicalTables
from qa.lexical_build import build_lexical
from qa.models import Entity, Sentence
from qa.settings import Settings
from qa.store import current_build, load_index

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tiny_lexical(tiny_settings: Settings) -> LexicalIndex:
    return LexicalIndex(LexicalTables.load(current_build(tiny_settings.index) / LEXICAL_DIR))


def test_stored_positions_are_the_analysis_of_each_sentence(
    tiny_settings: Settings, tiny_lexical: LexicalIndex
) -> None:
    sentences = load_index(tiny_settings.index).sentences
    assert tiny_lexical.count == len(sentences) > 0
    for sentence in sentences:
        positions = tiny_lexical.positions(sentence.id)
        assert positions == tiny_lexical.analyzer.positioned_terms(sentence.text)
        assert all(sentence.text[start:end] for start, end, _ in positions)


@pytest.mark.parametrize(
    "question", ["Who cut the ribbon?", "comet named", "orchard apples harvest harvest", "zzz"]
)
def test_stored_bm25_scores_are_those_bm25s_computes(
    tiny_lexical: LexicalIndex, question: str
) -> None:
    documents = [
        [t for _, _, t in tiny_lexical.positions(i) if t] for i in range(tiny_lexical.count)
    ]
    reference = bm25s.BM25()
    reference.index(documents, show_progress=False)
    terms = tiny_lexical.analyzer.content_terms(question)
    known = [t for t in terms if t in reference.vocab_dict]
    expected = reference.get_scores(known) if known else np.zeros(tiny_lexical.count)
    assert np.allclose(tiny_lexical.sentence_scores(terms), expected, atol=1e-6)


def test_idf_and_paragraphs_come_from_the_stored_tables(
    tiny_settings: Settings, tiny_lexical: LexicalIndex
) -> None:
    sentences = load_index(tiny_settings.index).sentences
    term = next(t for _, _, t in tiny_lexical.positions(0) if t)
    users = sum(term in tiny_lexical.sentence_terms(s.id) for s in sentences)
    assert users > 0
    assert tiny_lexical.idf(term) == pytest.approx(np.log(1 + (len(sentences) + 1) / (users + 0.5)))
    assert not tiny_lexical.is_known("qqqxyz")
    for sentence in sentences:
        members = tiny_lexical.paragraph_members(int(tiny_lexical.paragraph_of[sentence.id]))
        assert sentence.id in members
        assert all(
            (sentences[m].source, sentences[m].paragraph) == (sentence.source, sentence.paragraph)
            for m in members
        )


def lexical_of(
    texts: list[tuple[str, int, str, str]], named: dict[int, list[tuple[str, str]]]
) -> LexicalIndex:
    """The lexical index of sentences given as (source, paragraph, kind, text), with the
    entities `named` gives each (by its number) as (phrase, label)."""
    sentences = []
    for number, (source, paragraph, kind, text) in enumerate(texts):
        entities = tuple(
            Entity(start=text.index(phrase), end=text.index(phrase) + len(phrase), label=label)
            for phrase, label in named.get(number, [])
        )
        sentences.append(
            Sentence(
                id=number,
                source=source,
                start=0,
                end=len(text),
                text=text,
                kind=kind,
                paragraph=paragraph,
                position=0,
                entities=entities,
            )
        )
    return LexicalIndex(build_lexical(sentences))


def test_a_paragraph_opening_that_refers_back_means_the_names_of_the_paragraph_before() -> None:
    """News paragraphs are often one sentence: "The 24-year-old..." opens the paragraph after
    the one naming him. The chain crosses one paragraph only; a caption or another article's last
    sentence is never what a sentence means."""
    texts = [
        ("a.txt", 0, "article", "Harlow signed striker Ana Ruiz from Porto on Saturday."),
        ("a.txt", 1, "article", "The 24-year-old has agreed a five-year contract."),
        ("a.txt", 2, "article", "It runs until 2029."),
        ("a.txt", 3, "furniture", "Photo: Tom Jenkins"),
        ("a.txt", 4, "article", "He said nothing."),
        ("b.txt", 0, "article", "She said nothing."),
    ]
    lexical = lexical_of(texts, {0: [("Ana Ruiz", "PERSON")], 3: [("Tom Jenkins", "PERSON")]})
    assert lexical.referred_terms(1) == {"ana", "ruiz", "striker"}
    assert lexical.referred_terms(2) == frozenset()
    assert lexical.referred_terms(4) == frozenset()
    assert lexical.referred_terms(5) == frozenset()


def test_a_description_means_the_latest_name_of_its_article_with_its_head_noun() -> None:
    """ "The bridge" is the bridge named last in its article's story (not a caption), wherever
    in the sentence it stands; a name's head comes before its "of"; another article starts
    afresh."""
    texts = [
        ("a.txt", 0, "article", "Traffic moved from the Brennick Bridge to the Bank of Leith."),
        ("a.txt", 1, "furniture", "Photo: Anna Kowalczyk at the Dunmere Bridge"),
        ("a.txt", 2, "article", "Anna Kowalczyk was among the dead."),
        ("a.txt", 3, "article", "The old bridge opened in 1967."),
        ("a.txt", 4, "article", "Buses now use the Kingsgate Bridge."),
        ("a.txt", 5, "article", "Officials said the bridge and the bank were safe."),
        ("a.txt", 6, "article", "The deal upset bank customers."),
        ("b.txt", 0, "article", "The bridge was closed."),
    ]
    named = {
        0: [("Brennick Bridge", "FAC"), ("Bank of Leith", "ORG")],
        1: [("Anna Kowalczyk", "PERSON"), ("the Dunmere Bridge", "FAC")],
        2: [("Anna Kowalczyk", "PERSON")],
        4: [("Kingsgate Bridge", "FAC")],
    }
    lexical = lexical_of(texts, named)
    # A caption's bridge is not the story's.
    assert lexical.referred_terms(3) == {"brennick", "bridg"}
    assert lexical.referred_terms(5) == {"kingsgat", "bridg", "bank", "leith"}
    # "bank" is the third word of "The deal upset bank...": the deal is no bank.
    assert "leith" not in lexical.referred_terms(6)
    assert lexical.referred_terms(7) == frozenset()


@pytest.mark.parametrize("filler", [20, 2000])
def test_a_term_one_sentence_uses_weighs_one_when_missing_in_a_corpus_of_any_size(
    filler: int,
) -> None:
    """missing_rare scales IDFs by that of a term one sentence uses: the confidence learned on a
    corpus of thousands of sentences must read a small corpus's most specific term alike."""
    texts = ["The ferry carried passengers across the strait."]
    texts += [f"Story {n} tells the council news of the day." for n in range(filler)]
    sentences = [
        Sentence(
            id=n,
            source="a.txt",
            start=0,
            end=len(t),
            text=t,
            kind="article",
            paragraph=n,
            position=0,
        )
        for n, t in enumerate(texts)
    ]
    lexical = LexicalIndex(build_lexical(sentences))

    def weights(question: str) -> QueryWeights:
        terms = lexical.analyzer.content_terms(question)
        idf = {t: lexical.idf(t) for t in terms}
        return QueryWeights(idf=idf, unique_idf=lexical.unique_idf, rarest=None)

    asked = weights("Which ferry carried the council across the strait?")
    assert missing_rare(asked, lexical.sentence_terms(1)) == pytest.approx(1.0)
    assert missing_rare(asked, lexical.sentence_terms(0)) < 0.5
    never_used = weights("Which ferry sank?")
    assert missing_rare(never_used, frozenset()) == 1.0, "a word no sentence uses weighs as much"


def test_a_surname_means_the_full_name_and_the_roles_its_article_gave() -> None:
    """ "Voss told reporters" is what the coastguard spokeswoman told them; a role set off by
    commas counts too, before or after the name, and so does the company whose chief executive
    a person is. Another article's Voss is someone else."""
    texts = [
        ("a.txt", 0, "article", "The ferry sank, coastguard spokeswoman Lena Voss said."),
        ("a.txt", 1, "article", "Mira Costa, 39, a former public defender who ran, won."),
        ("a.txt", 2, "article", "Brannock's founder, Ida Roth, will become deputy chair."),
        ("a.txt", 3, "article", '"Waves were high," Voss told reporters.'),
        ("a.txt", 4, "article", "Costa and Roth met on Monday."),
        (
            "a.txt",
            5,
            "article",
            "Velta Grid Chief Executive Marten Soll said it was a last resort.",
        ),
        ("a.txt", 6, "article", "Soll, 63, has run the operator since 2017."),
        ("b.txt", 0, "article", "Voss said nothing."),
    ]
    named = {
        0: [("Lena Voss", "PERSON")],
        1: [("Mira Costa", "PERSON")],
        2: [("Ida Roth", "PERSON")],
        3: [("Voss", "PERSON")],
        4: [("Costa", "PERSON"), ("Roth", "PERSON")],
        5: [("Velta Grid", "ORG"), ("Marten Soll", "PERSON")],
        6: [("Soll", "PERSON")],
        7: [("Voss", "PERSON")],
    }
    lexical = lexical_of(texts, named)
    assert lexical.referred_terms(3) >= {"lena", "coastguard", "spokeswoman"}
    assert lexical.referred_terms(4) >= {"mira", "public", "defend", "ida", "brannock", "founder"}
    # A role of three words and more keeps the name of whose it is.
    assert lexical.referred_terms(6) >= {"marten", "velta", "grid", "chief", "execut"}
    assert lexical.referred_terms(7) == {"voss"}


def test_a_quote_said_by_a_pronoun_or_an_age_means_the_names_before_it() -> None:
    texts = [
        ("a.txt", 0, "article", "Owen Pell conceded on Wednesday."),
        ("a.txt", 0, "article", '"The people have spoken," he said in a statement.'),
        ("a.txt", 0, "article", '"Turnout fell," said the mayor.'),
        ("a.txt", 1, "article", "Governor Ines Vidal said roads were shut."),
        ("a.txt", 1, "article", '"Streets have disappeared," the 63-year-old told local radio.'),
        ("a.txt", 1, "article", '"Rain fell," the radio said.'),
        ("a.txt", 1, "article", '"We won," the 49ers said.'),
    ]
    lexical = lexical_of(texts, {0: [("Owen Pell", "PERSON")], 3: [("Ines Vidal", "PERSON")]})
    assert lexical.referred_terms(1) == {"owen", "pell"}
    assert lexical.referred_terms(2) == frozenset()
    # An age said it: the governor, whose role comes with her name.
    assert lexical.referred_terms(4) == {"governor", "ine", "vidal"}
    assert lexical.referred_terms(5) == frozenset()
    assert lexical.referred_terms(6) == frozenset()


def test_a_description_means_the_name_a_sentence_called_so() -> None:
    """ "The company" is the name a sentence put "company" before; "the satellite" the name set
    off after "The satellite"; a verb or a stop word before a name describes nothing."""
    texts = [
        ("a.txt", 0, "article", "The rocket was built by launch company Kestrix Systems."),
        ("a.txt", 1, "article", "The satellite, Aurora-2, was lost."),
        ("a.txt", 2, "article", "Officials visited Harlow Port and spoke in Dunmere."),
        ("a.txt", 3, "article", "The company said the satellite was insured."),
        ("a.txt", 4, "article", "The visited area and the in crowd were calm."),
    ]
    named = {
        0: [("Kestrix Systems", "ORG")],
        1: [("Aurora-2", "PRODUCT")],
        2: [("Harlow Port", "FAC"), ("Dunmere", "GPE")],
    }
    lexical = lexical_of(texts, named)
    assert lexical.referred_terms(3) == {"kestrix", "system", "aurora", "2"}
    assert lexical.referred_terms(4) == frozenset()

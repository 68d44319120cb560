"""The lexical side of an index: BM25 over sentences and over paragraphs, and term statistics."""

import logging
import re
from collections import Counter
from typing import Any

import numpy as np
import numpy.typing as npt

from qa.models import Sentence
from qa.terms import TermAnalyzer

Scores = npt.NDArray[np.float32]
NAME_LABELS = frozenset(["PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT"])
PRONOUNS = frozenset(
    ["he", "she", "it", "they", "his", "her", "its", "their", "this", "these", "those", "we"]
)
DESCRIPTION = re.compile(r"^(?:The|This|That|These|Those)\s+(?:\d[\w-]*|[a-z][\w-]*)\b")
"""A sentence opening with "The company..." or "The 69-year-old..." describes someone named
before."""


class LexicalIndex:
    """BM25 indexes and document frequencies of one corpus's sentences."""

    def __init__(self, sentences: list[Sentence], analyzer: TermAnalyzer) -> None:
        self.count = len(sentences)
        self.paragraph_members = group_paragraphs(sentences)
        self.paragraph_of = np.zeros(self.count, dtype=np.int64)
        for number, members in enumerate(self.paragraph_members):
            self.paragraph_of[members] = number
        sentence_terms = [analyzer.terms(s.text) for s in sentences]
        self.sentence_bm25 = _bm25_index(sentence_terms)
        self.paragraph_bm25 = _bm25_index(
            [
                [t for member in members for t in sentence_terms[member]]
                for members in self.paragraph_members
            ]
        )
        self.sentence_terms = [frozenset(t) for t in sentence_terms]
        self.paragraph_terms = [
            frozenset().union(*(self.sentence_terms[m] for m in members))
            for members in self.paragraph_members
        ]
        self.sentence_bigrams = [frozenset(zip(t, t[1:], strict=False)) for t in sentence_terms]
        self.document_frequency = Counter(t for terms in self.sentence_terms for t in terms)
        self.referred_terms = _referred_terms(sentences, analyzer)

    def idf(self, term: str) -> float:
        """Inverse sentence frequency; a term the corpus never uses gets the highest value."""
        return float(np.log(1 + (self.count + 1) / (self.document_frequency.get(term, 0) + 0.5)))

    @property
    def highest_idf(self) -> float:
        """The IDF of a term no sentence uses, to scale IDFs into [0, 1]."""
        return self.idf("")

    def is_known(self, term: str) -> bool:
        return term in self.document_frequency

    def sentence_scores(self, terms: list[str]) -> Scores:
        """BM25 of every sentence for the query `terms`."""
        return _bm25_scores(self.sentence_bm25, terms, self.count)

    def paragraph_scores(self, terms: list[str]) -> Scores:
        """BM25 of every paragraph for the query `terms`."""
        return _bm25_scores(self.paragraph_bm25, terms, len(self.paragraph_members))


def refers_back(text: str) -> bool:
    """Whether a sentence opens by pointing at someone or something named before it."""
    words = text.split(maxsplit=1)
    if not words:
        return False
    return words[0].lower().strip("\"'“”‘’(") in PRONOUNS or bool(DESCRIPTION.match(text))


def _referred_terms(sentences: list[Sentence], analyzer: TermAnalyzer) -> list[frozenset[str]]:
    """For a sentence that refers back ("She sold it..."), the terms of the names it can mean:
    those of the sentence before it in the paragraph, and what that one referred to in turn."""
    referred: list[frozenset[str]] = []
    for sentence in sentences:
        previous = sentences[sentence.id - 1] if sentence.id > 0 else None
        is_same_paragraph = previous is not None and (previous.source, previous.paragraph) == (
            sentence.source,
            sentence.paragraph,
        )
        if previous is None or not is_same_paragraph or not refers_back(sentence.text):
            referred.append(frozenset())
            continue
        names = [
            term
            for entity in previous.entities
            if entity.label in NAME_LABELS
            for term in analyzer.terms(previous.text[entity.start : entity.end])
        ]
        referred.append(frozenset(names) | referred[previous.id])
    return referred


def group_paragraphs(sentences: list[Sentence]) -> list[list[int]]:
    """Sentence ids grouped by (article, paragraph), in corpus order."""
    groups: dict[tuple[str, int], list[int]] = {}
    for sentence in sentences:
        groups.setdefault((sentence.source, sentence.paragraph), []).append(sentence.id)
    return list(groups.values())


def _bm25_index(documents: list[list[str]]) -> Any:
    import bm25s

    # bm25s sets its logger to DEBUG on import and logs every index build; keep that quiet.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    index = bm25s.BM25()
    index.index(documents, show_progress=False)
    return index


def _bm25_scores(index: Any, terms: list[str], count: int) -> Scores:
    """BM25 of every document; all zero when the question has no content terms ("what?")."""
    if not terms:
        return np.zeros(count, dtype=np.float32)
    return np.asarray(index.get_scores(terms), dtype=np.float32)

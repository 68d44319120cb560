"""Find candidate sentences for a question and measure how well each one matches.

Dense candidates come from the FAISS indexes (sentence alone, and sentence in its context),
lexical ones from BM25 over folded, stemmed text; every candidate then gets the same features.
"""

import logging
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from qa.embed import Vectors
from qa.fold import tokens
from qa.models import Sentence
from qa.rank import Features
from qa.store import StoredIndex
from qa.variants import NameVariants

CANDIDATES_PER_RANKER = 50
WORD = re.compile(r"\w+")
QUESTION_WORDS = (
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "when",
    "where",
    "why",
    "how",
    "many",
    "much",
)
Scores = npt.NDArray[np.float32]


def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


class Retriever:
    """Holds the vectors and the lexical index of one stored index, for many questions."""

    def __init__(self, stored: StoredIndex) -> None:
        self.stored = stored
        self.sentences = stored.sentences
        count = len(self.sentences)
        self.is_answerable = np.array([s.kind != "furniture" for s in self.sentences], dtype=bool)
        self.sentence_matrix: Vectors = stored.sentence_vectors.reconstruct_n(0, count)
        self.context_matrix: Vectors = stored.context_vectors.reconstruct_n(0, count)
        self.paragraph_members = _group_paragraphs(self.sentences)
        self._stem = _stemmer().stemWords
        self.variants = NameVariants(
            {
                term
                for sentence in self.sentences
                for word in WORD.findall(sentence.text)
                if word[0].isupper()
                for term in self._stemmed(word)
            }
        )
        sentence_terms = [self.terms(s.text) for s in self.sentences]
        self.sentence_bm25 = _bm25_index(sentence_terms)
        self.paragraph_bm25 = _bm25_index(
            [
                [t for member in members for t in sentence_terms[member]]
                for members in self.paragraph_members
            ]
        )
        self.paragraph_of = np.zeros(count, dtype=np.int64)
        for number, members in enumerate(self.paragraph_members):
            self.paragraph_of[members] = number
        self.sentence_terms = [set(t) for t in sentence_terms]
        self.sentence_bigrams = [set(zip(t, t[1:], strict=False)) for t in sentence_terms]
        self.document_frequency = Counter(t for terms in self.sentence_terms for t in terms)

    def terms(self, text: str) -> list[str]:
        """Folded, stemmed tokens without stop words, names in one spelling: what BM25 matches."""
        return [self.variants.canonical(t) for t in self._stemmed(text)]

    def _stemmed(self, text: str) -> list[str]:
        return [t for t in self._stem(tokens(text)) if t not in self.stop_words]

    def query_terms(self, question: str) -> list[str]:
        """The question's content terms: its wh-words say what to find, not what to match."""
        return [t for t in self.terms(question) if t not in self.question_words]

    def unknown_words(self, question: str) -> list[str]:
        """Content words of the question that no sentence of the corpus contains."""
        return [
            word
            for word in dict.fromkeys(tokens(question))
            if (terms := self.query_terms(word))
            and not any(term in self.document_frequency for term in terms)
        ]

    @cached_property
    def question_words(self) -> frozenset[str]:
        return frozenset(self._stem(list(QUESTION_WORDS)))

    @cached_property
    def stop_words(self) -> frozenset[str]:
        from bm25s.stopwords import STOPWORDS_EN_PLUS

        return frozenset(self._stem(list(STOPWORDS_EN_PLUS)))

    def idf(self, term: str) -> float:
        count = len(self.sentences)
        return float(np.log(1 + (count + 1) / (self.document_frequency.get(term, 0) + 0.5)))

    def bm25_scores(self, question: str) -> Scores:
        """Raw BM25 of every sentence for `question`."""
        return _bm25_scores(self.sentence_bm25, self.query_terms(question), len(self.sentences))

    def dense_scores(self, query_vector: Vectors) -> Scores:
        """Cosine similarity of every sentence alone with the question."""
        scores: Scores = self.sentence_matrix @ query_vector
        return scores

    def candidates(self, query_vector: Vectors, question: str) -> dict[int, Features]:
        """Up to a few hundred answerable sentences likely to answer, each with its features."""
        query_terms = self.query_terms(question)
        query = Query(
            vector=query_vector,
            terms=self.weigh_terms(query_terms),
            bigrams=set(zip(query_terms, query_terms[1:], strict=False)),
            sentence_bm25=_normalise(
                _bm25_scores(self.sentence_bm25, query_terms, len(self.sentences))
            ),
            paragraph_bm25=_normalise(
                _bm25_scores(self.paragraph_bm25, query_terms, len(self.paragraph_members))
            ),
        )
        ids = set(_top(query.sentence_bm25 * self.is_answerable, CANDIDATES_PER_RANKER))
        ids |= set(_top(query.paragraph_bm25[self.paragraph_of] * self.is_answerable, 20))
        row = query_vector.reshape(1, -1).astype(np.float32)
        for index in (self.stored.sentence_vectors, self.stored.context_vectors):
            _, found = index.search(row, min(len(self.sentences), 2 * CANDIDATES_PER_RANKER))
            ids |= {int(i) for i in found[0] if i >= 0 and self.is_answerable[i]}
        return {i: self._features(i, query) for i in sorted(ids)}

    def _features(self, sentence_id: int, query: "Query") -> Features:
        paragraph = int(self.paragraph_of[sentence_id])
        members = self.paragraph_members[paragraph]
        neighbours = [m for m in members if abs(m - sentence_id) <= 1]
        context_terms = set().union(*(self.sentence_terms[m] for m in neighbours))
        shared_bigrams = query.bigrams & self.sentence_bigrams[sentence_id]
        return Features(
            sentence_dense=float(self.sentence_matrix[sentence_id] @ query.vector),
            context_dense=float(self.context_matrix[sentence_id] @ query.vector),
            paragraph_dense=float(np.max(self.context_matrix[members] @ query.vector)),
            sentence_bm25=float(query.sentence_bm25[sentence_id]),
            paragraph_bm25=float(query.paragraph_bm25[paragraph]),
            coverage=query.terms.coverage(self.sentence_terms[sentence_id]),
            context_coverage=query.terms.coverage(context_terms),
            bigram_overlap=len(shared_bigrams) / len(query.bigrams) if query.bigrams else 0.0,
        )

    def weigh_terms(self, query_terms: list[str]) -> "WeightedTerms":
        """Each distinct query term with its IDF weight."""
        return WeightedTerms({t: self.idf(t) for t in dict.fromkeys(query_terms)})


def _group_paragraphs(sentences: list[Sentence]) -> list[list[int]]:
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


def _normalise(scores: npt.ArrayLike) -> Scores:
    """Scale BM25 scores into [0, 1] by the best score for this question."""
    array = np.asarray(scores, dtype=np.float32)
    best = float(array.max()) if array.size else 0.0
    return array / best if best > 0 else np.zeros_like(array)


def _top(scores: Scores, count: int) -> list[int]:
    if not scores.size:
        return []
    count = min(count, scores.size)
    top = np.argpartition(-scores, count - 1)[:count]
    return [int(i) for i in top if scores[i] > 0]


class WeightedTerms:
    """A question's terms with their IDF weights, to measure coverage."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights
        self.total = sum(weights.values())

    def coverage(self, found_terms: set[str]) -> float:
        """Share of the question's IDF weight found in `found_terms` (1.0: every term)."""
        if self.total == 0:
            return 0.0
        return sum(w for term, w in self.weights.items() if term in found_terms) / self.total


@dataclass(frozen=True)
class Query:
    """What the features of every candidate are measured against, computed once per question."""

    vector: Vectors
    terms: WeightedTerms
    bigrams: set[tuple[str, str]]
    sentence_bm25: Scores
    paragraph_bm25: Scores

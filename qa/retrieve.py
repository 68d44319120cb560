"""Find candidate sentences for a question and measure how well each one matches.

Dense candidates come from the FAISS indexes (sentence alone, and sentence in its context),
lexical ones from BM25 over folded, stemmed text; every candidate then gets the same features.
"""

import logging
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from qa.embed import Vectors
from qa.fold import tokens
from qa.models import Sentence
from qa.rank import Features
from qa.store import StoredIndex

CANDIDATES_PER_RANKER = 50
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
# bm25s logs every index build at its own DEBUG level; keep it out of qa's output.
logging.getLogger("bm25s").setLevel(logging.WARNING)
Scores = npt.NDArray[np.float32]


def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


class Retriever:
    """Holds the vectors and the lexical index of one stored index, for many questions."""

    def __init__(self, stored: StoredIndex) -> None:
        import bm25s

        self.stored = stored
        self.sentences = stored.sentences
        count = len(self.sentences)
        self.is_answerable = np.array([s.kind != "furniture" for s in self.sentences], dtype=bool)
        self.sentence_matrix: Vectors = stored.sentence_vectors.reconstruct_n(0, count)
        self.context_matrix: Vectors = stored.context_vectors.reconstruct_n(0, count)
        self.paragraph_members = _group_paragraphs(self.sentences)
        self._stem = _stemmer().stemWords
        sentence_terms = [self.terms(s.text) for s in self.sentences]
        self.sentence_bm25 = bm25s.BM25()
        self.sentence_bm25.index(sentence_terms, show_progress=False)
        self.paragraph_bm25 = bm25s.BM25()
        self.paragraph_bm25.index(
            [
                [t for member in members for t in sentence_terms[member]]
                for members in self.paragraph_members
            ],
            show_progress=False,
        )
        self.paragraph_of = np.zeros(count, dtype=np.int64)
        for number, members in enumerate(self.paragraph_members):
            self.paragraph_of[members] = number
        self.sentence_terms = [set(t) for t in sentence_terms]
        self.sentence_bigrams = [set(zip(t, t[1:], strict=False)) for t in sentence_terms]
        self.document_frequency: dict[str, int] = {}
        for terms in self.sentence_terms:
            for term in terms:
                self.document_frequency[term] = self.document_frequency.get(term, 0) + 1

    def terms(self, text: str) -> list[str]:
        """Folded, stemmed tokens without stop words: what BM25 matches on."""
        return [t for t in self._stem(tokens(text)) if t not in self.stop_words]

    def query_terms(self, question: str) -> list[str]:
        """The question's content terms: its wh-words say what to find, not what to match."""
        return [t for t in self.terms(question) if t not in self.question_words]

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
        terms = self.query_terms(question)
        return np.asarray(self.sentence_bm25.get_scores(terms), dtype=np.float32)

    def dense_scores(self, query_vector: Vectors) -> Scores:
        """Cosine similarity of every sentence alone with the question."""
        scores: Scores = self.sentence_matrix @ query_vector
        return scores

    def candidates(self, query_vector: Vectors, question: str) -> dict[int, Features]:
        """Up to a few hundred answerable sentences likely to answer, each with its features."""
        query_terms = self.query_terms(question)
        sentence_bm25 = _normalise(self.sentence_bm25.get_scores(query_terms))
        paragraph_bm25 = _normalise(self.paragraph_bm25.get_scores(query_terms))
        ids = set(_top(sentence_bm25 * self.is_answerable, CANDIDATES_PER_RANKER))
        ids |= set(_top(paragraph_bm25[self.paragraph_of] * self.is_answerable, 20))
        query = query_vector.reshape(1, -1).astype(np.float32)
        for index in (self.stored.sentence_vectors, self.stored.context_vectors):
            _, found = index.search(query, min(len(self.sentences), 2 * CANDIDATES_PER_RANKER))
            ids |= {int(i) for i in found[0] if i >= 0 and self.is_answerable[i]}
        return {
            i: self._features(i, query_vector, query_terms, sentence_bm25, paragraph_bm25)
            for i in sorted(ids)
        }

    def _features(
        self,
        sentence_id: int,
        query_vector: Vectors,
        query_terms: list[str],
        sentence_bm25: Scores,
        paragraph_bm25: Scores,
    ) -> Features:
        paragraph = int(self.paragraph_of[sentence_id])
        members = self.paragraph_members[paragraph]
        neighbours = [m for m in members if abs(m - sentence_id) <= 1]
        context_terms = set().union(*(self.sentence_terms[m] for m in neighbours))
        query_bigrams = set(zip(query_terms, query_terms[1:], strict=False))
        return Features(
            sentence_dense=float(self.sentence_matrix[sentence_id] @ query_vector),
            context_dense=float(self.context_matrix[sentence_id] @ query_vector),
            paragraph_dense=float(np.max(self.context_matrix[members] @ query_vector)),
            sentence_bm25=float(sentence_bm25[sentence_id]),
            paragraph_bm25=float(paragraph_bm25[paragraph]),
            coverage=self.coverage(query_terms, self.sentence_terms[sentence_id]),
            context_coverage=self.coverage(query_terms, context_terms),
            bigram_overlap=(
                len(query_bigrams & self.sentence_bigrams[sentence_id]) / len(query_bigrams)
                if query_bigrams
                else 0.0
            ),
        )

    def coverage(self, query_terms: list[str], sentence_terms: set[str]) -> float:
        """Share of the question's IDF weight found in the sentence (1.0: every term present)."""
        unique = set(query_terms)
        total = sum(self.idf(t) for t in unique)
        if total == 0:
            return 0.0
        return sum(self.idf(t) for t in unique if t in sentence_terms) / total


def _group_paragraphs(sentences: list[Sentence]) -> list[list[int]]:
    groups: dict[tuple[str, int], list[int]] = {}
    for sentence in sentences:
        groups.setdefault((sentence.source, sentence.paragraph), []).append(sentence.id)
    return list(groups.values())


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

"""Find candidate sentences for a question and measure how close each one is to it.

Dense candidates come from the FAISS indexes (sentence alone, and sentence in its context),
lexical ones from BM25 over sentences and paragraphs; every candidate then gets the same signals.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from qa.embed import Vectors
from qa.features import QueryWeights, RetrievalSignals, missing_rare
from qa.lexical import LexicalIndex, Scores
from qa.question import Question, demonym_place, nationality_places, place_nationalities
from qa.store import StoredIndex

CANDIDATES_PER_RANKER = 50
SHORT_TERM = 3
"""The longest term that is no name's core: the build gives no word of fewer than three letters
a vector, and abbreviations of three ("Ltd", "Inc", "BBC") are shared by many names."""
LEGAL_FORMS = frozenset(["corp", "gmbh"])
"""Legal forms of companies longer than SHORT_TERM, which many names share."""
PARAGRAPH_CANDIDATES = 20


@dataclass(frozen=True)
class LexicalQuery:
    """A question's BM25 scores over the whole index, scaled by the best, computed once."""

    sentence_bm25: Scores
    paragraph_bm25: Scores
    bigrams: frozenset[tuple[str, str]]


class Retriever:
    """The vectors and lexical index of one stored index, for many questions."""

    def __init__(self, stored: StoredIndex, lexical: LexicalIndex) -> None:
        self.stored = stored
        self.lexical = lexical
        self.is_answerable = np.array([s.kind != "furniture" for s in stored.sentences], dtype=bool)

    def weigh(self, question: Question) -> QueryWeights:
        """IDF of each distinct question term, and the rarest term the corpus uses."""
        idf = {t: self.lexical.idf(t) for t in dict.fromkeys(question.terms)}
        known = [t for t in idf if self.lexical.is_known(t)]
        return QueryWeights(
            idf=idf,
            unique_idf=self.lexical.unique_idf,
            rarest=max(known, key=lambda t: idf[t], default=None),
            name_cores=tuple(self._name_core(name) for name in question.entities),
            name_forms=self._name_forms(question),
        )

    def _name_forms(self, question: Question) -> dict[str, frozenset[str]]:
        """For each term of the question's names that is a place or a nationality, the corpus's
        terms for the other: "Ukrainian" names Ukraine, "Israelis" Israel. The NER model must have
        tagged both words alone a place or a people (LexicalIndex.is_place_name), so "Gillian"
        does not name Gill nor "Republicans" the Czech Republic; and a nationality names only
        the longest such place, so "Nigerian" names Nigeria, never Niger. A small model misses
        many places ("Haldria" is a person to it), so an -an or -ian word names a place ending
        in "a" without it: "Haldrian ports" are in Haldria."""
        lexical = self.lexical
        forms: dict[str, frozenset[str]] = {}
        for name in question.entities:
            for term in name:
                said = set()
                if lexical.is_place_name(term):
                    word = question.term_words.get(term, term)
                    said = {
                        nationality
                        for form in place_nationalities(word)
                        if (nationality := lexical.known_term(form)) is not None
                        and lexical.is_place_name(nationality)
                        and self._place_of(form) == term
                    }
                    if (place := self._place_of(word)) is not None:
                        said.add(place)
                if lexical.is_known(term):
                    place = demonym_place(term, lexical.is_known)
                    if place is not None and place.endswith("a"):
                        said.add(place)
                said.discard(term)
                if said:
                    forms[term] = frozenset(said)
        return forms

    def _place_of(self, nationality: str) -> str | None:
        """The term of the longest place the corpus writes whose nationality the word may be,
        if the NER model tagged it alone a place or a people: not Niger for "Nigerian" in a
        corpus writing Nigeria, even if the model never tagged Nigeria alone."""
        for form in nationality_places(nationality):
            if (term := self.lexical.known_term(form)) is not None:
                return term if self.lexical.is_place_name(term) else None
        return None

    def _name_core(self, name: tuple[str, ...]) -> frozenset[str]:
        """The terms of a name that the corpus writes only as names, or never: "halden" of
        "Halden Bank", where "bank" is a word. Empty when the build cannot tell words apart. Not
        a short abbreviation or a company's legal form (SHORT_TERM, LEGAL_FORMS): "Halden AG" is
        not "Corvel AG"."""
        core = set()
        for term in name:
            is_word = self.lexical.is_word(term)
            if is_word is None:
                return frozenset()
            if (
                not is_word
                and term.isalpha()
                and len(term) > SHORT_TERM
                and term not in LEGAL_FORMS
            ):
                core.add(term)
        return frozenset(core)

    def unknown_terms(self, question: Question) -> list[str]:
        """Content terms of the question that no sentence of the corpus contains."""
        return [t for t in dict.fromkeys(question.terms) if not self.lexical.is_known(t)]

    def dense_scores(self, query_vector: Vectors) -> Scores:
        """Cosine similarity of every sentence alone with the question."""
        vectors = self.stored.sentence_vectors
        scores: Scores = vectors.reconstruct_n(0, vectors.count()) @ query_vector
        return scores

    def candidates(self, question: Question, weights: QueryWeights) -> dict[int, RetrievalSignals]:
        """Up to a few hundred answerable sentences likely to answer, each with its signals."""
        terms = list(question.terms)
        query = LexicalQuery(
            sentence_bm25=_normalise(self.lexical.sentence_scores(terms)),
            paragraph_bm25=_normalise(self.lexical.paragraph_scores(terms)),
            bigrams=frozenset(zip(terms, terms[1:], strict=False)),
        )
        paragraph_of = self.lexical.paragraph_of
        ids = set(_top(query.sentence_bm25 * self.is_answerable, CANDIDATES_PER_RANKER))
        ids |= set(
            _top(query.paragraph_bm25[paragraph_of] * self.is_answerable, PARAGRAPH_CANDIDATES)
        )
        row = question.vector.reshape(1, -1).astype(np.float32)
        # Damaged vectors (inf, nan) give scores that ranking refuses with one clear error;
        # numpy's warnings about them would only add lines before it.
        with np.errstate(invalid="ignore", over="ignore"):
            for index in (self.stored.sentence_vectors, self.stored.context_vectors):
                count = min(len(self.is_answerable), 2 * CANDIDATES_PER_RANKER)
                _, found = index.search(row, count)
                ids |= {int(i) for i in found[0] if i >= 0 and self.is_answerable[i]}
            dense = self._dense(sorted(ids), question.vector)
        return {
            i: self._signals(i, weights, query, dense_signals) for i, dense_signals in dense.items()
        }

    def _dense(self, ids: list[int], vector: Vectors) -> dict[int, tuple[float, float, float]]:
        """Cosine of each candidate alone and in context with the question, and the best
        context cosine of its paragraph, from one gather of the rows each needs."""
        lexical = self.lexical
        paragraphs = sorted({int(lexical.paragraph_of[i]) for i in ids})
        members = {p: lexical.paragraph_members(p) for p in paragraphs}
        rows = sorted(set(ids).union(*members.values()))
        position = {row: n for n, row in enumerate(rows)}
        # Only these rows are read: the stores keep their vectors on disk, not in RAM.
        sentence_scores = (self.stored.sentence_vectors.rows(ids) @ vector).tolist()
        context_scores = (self.stored.context_vectors.rows(rows) @ vector).tolist()
        best_in_paragraph = {
            p: max(context_scores[position[m]] for m in members[p]) for p in paragraphs
        }
        return {
            i: (
                sentence_scores[n],
                context_scores[position[i]],
                best_in_paragraph[int(lexical.paragraph_of[i])],
            )
            for n, i in enumerate(ids)
        }

    def _signals(
        self,
        sentence_id: int,
        weights: QueryWeights,
        query: LexicalQuery,
        dense: tuple[float, float, float],
    ) -> RetrievalSignals:
        lexical = self.lexical
        paragraph = int(lexical.paragraph_of[sentence_id])
        members = lexical.paragraph_members(paragraph)
        neighbours = [m for m in members if abs(m - sentence_id) <= 1]
        # A sentence that refers back ("The Scot, 52, ...") is read with the names it means, in
        # its context as in itself: else the name it means would count as missing from its context.
        referred = lexical.referred_terms(sentence_id)
        context_terms = frozenset().union(
            referred, *(lexical.sentence_terms(m) for m in neighbours)
        )
        shared_bigrams = query.bigrams & lexical.sentence_bigrams(sentence_id)
        paragraph_terms = lexical.paragraph_terms(paragraph)
        sentence_terms = lexical.sentence_terms(sentence_id) | referred
        sentence_dense, context_dense, paragraph_dense = dense
        return RetrievalSignals.model_construct(
            sentence_dense=sentence_dense,
            context_dense=context_dense,
            paragraph_dense=paragraph_dense,
            sentence_bm25=float(query.sentence_bm25[sentence_id]),
            paragraph_bm25=float(query.paragraph_bm25[paragraph]),
            coverage=_coverage(weights, sentence_terms),
            context_coverage=_coverage(weights, context_terms),
            next_coverage=(
                _coverage(weights, lexical.sentence_terms(sentence_id + 1))
                if sentence_id + 1 in members
                else 0.0
            ),
            bigram_overlap=len(shared_bigrams) / len(query.bigrams) if query.bigrams else 0.0,
            paragraph_coverage=_coverage(weights, paragraph_terms),
            missing_rare=missing_rare(weights, context_terms),
            missing_rare_paragraph=missing_rare(weights, paragraph_terms),
        )


def _coverage(weights: QueryWeights, found_terms: frozenset[str]) -> float:
    """Share of the question's IDF weight found in `found_terms` (1.0: every term)."""
    total = sum(weights.idf.values())
    if total == 0:
        return 0.0
    return sum(w for term, w in weights.idf.items() if term in found_terms) / total


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

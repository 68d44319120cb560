"""The lexical side of an index, read back from disk: BM25 over sentences and paragraphs, each
sentence's terms with their offsets, and the corpus's name spellings.

Everything here was computed by `qa.lexical_build` when the index was built; loading is reading
arrays (memory-mapped) and one JSON file, so a one-shot question pays neither for analysing the
corpus again nor for importing bm25s.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from qa.terms import TermAnalyzer
from qa.variants import NameVariants

Scores = npt.NDArray[np.float32]
Positions = list[tuple[int, int, str | None]]
"""Each token of a sentence: its offsets and its term, None for a stop word."""
NO_TERM = -1
"""The term id of a stop word in the token arrays."""
LEXICAL_DIR = "lexical"
VOCABULARY = "vocabulary.json"
ARRAYS = (
    "sentence_data",
    "sentence_indices",
    "sentence_indptr",
    "paragraph_data",
    "paragraph_indices",
    "paragraph_indptr",
    "paragraph_starts",
    "token_indptr",
    "token_starts",
    "token_ends",
    "token_terms",
    "referred_indptr",
    "referred_terms",
    "term_vectors",
    "words",
    "word_spellings",
    "names",
    "name_counts",
    "name_definitions",
    "place_names",
    "in_names",
)


@dataclass(frozen=True)
class Bm25Matrix:
    """BM25 score of each (term, document) pair, stored by term (compressed sparse columns), as
    bm25s computes it at build time: a query's scores are the sums of its terms' columns."""

    data: Scores
    indices: npt.NDArray[np.int32]
    indptr: npt.NDArray[np.int64]
    document_count: int

    def scores(self, term_ids: list[int]) -> Scores:
        """BM25 of every document for the query terms (a repeated term counts again, as in
        bm25s)."""
        scores = np.zeros(self.document_count, dtype=np.float32)
        for term_id in term_ids:
            start, end = int(self.indptr[term_id]), int(self.indptr[term_id + 1])
            np.add.at(scores, self.indices[start:end], self.data[start:end])
        return scores

    def frequency(self, term_id: int) -> int:
        """How many documents use the term."""
        return int(self.indptr[term_id + 1] - self.indptr[term_id])

    def documents(self, term_id: int) -> frozenset[int]:
        """The documents using the term."""
        return frozenset(self.indices[self.indptr[term_id] : self.indptr[term_id + 1]].tolist())


@dataclass(frozen=True)
class LexicalTables:
    """What the build computed for lexical matching, as saved in the index."""

    vocabulary: list[str]
    """Every term of the corpus; arrays refer to terms by their position here."""
    name_variants: dict[str, str]
    """NameVariants.by_key of the corpus."""
    base_stems: dict[str, str]
    """Irregular forms and the stems of their bases, as the build analysed them."""
    sentence_bm25: Bm25Matrix
    paragraph_bm25: Bm25Matrix
    paragraph_starts: npt.NDArray[np.int64]
    """First sentence id of each paragraph, then the sentence count: paragraphs are runs of
    sentences in corpus order."""
    token_indptr: npt.NDArray[np.int64]
    """Sentence i's tokens are rows token_indptr[i] to token_indptr[i + 1] of the token arrays."""
    token_starts: npt.NDArray[np.int32]
    token_ends: npt.NDArray[np.int32]
    token_terms: npt.NDArray[np.int32]
    """Term id of each token, NO_TERM for a stop word."""
    referred_indptr: npt.NDArray[np.int64]
    referred_terms: npt.NDArray[np.int32]
    """Term ids of the names a sentence refers back to ("She said..."), by the same scheme."""
    term_vectors: npt.NDArray[np.float32]
    """Unit vector of the words each term stands for (qa.neighbours), a row of zeros
    for a number or a name; no columns when the build embedded none."""
    words: npt.NDArray[np.str_]
    """The corpus's words a misspelt one may be read as, folded (qa.spelling.corpus_words)."""
    word_spellings: npt.NDArray[np.str_]
    """Each of them as the corpus commonly writes it."""
    names: npt.NDArray[np.str_]
    """The corpus's names of several words by their initials (qa.spelling.corpus_names)."""
    name_counts: npt.NDArray[np.int32]
    """How many sentences write each of them."""
    name_definitions: npt.NDArray[np.int32]
    """How many sentences define each as an acronym ("European Union (EU)")."""
    place_names: npt.NDArray[np.bool_]
    """Whether the NER model tagged each term, a word alone, a place or a people (GPE, LOC, NORP)
    somewhere: "Ukraine", "Ukrainian", not "Republic" of "Czech Republic". It tells places
    from peoples no better than that ("Ukrainian officials" may be a GPE)."""
    in_names: npt.NDArray[np.bool_]
    """Whether the NER model tagged a name holding each term somewhere
    (qa.lexical_build.NAME_LABELS): "hunt" of "Carla Hunt", not of "the hunt for savings"."""

    def save(self, folder: Path) -> None:
        folder.mkdir()
        vocabulary = {
            "terms": self.vocabulary,
            "name_variants": self.name_variants,
            "base_stems": self.base_stems,
        }
        (folder / VOCABULARY).write_text(json.dumps(vocabulary, ensure_ascii=False), "utf-8")
        for name, array in self._arrays().items():
            with (folder / f"{name}.npy").open("wb") as out:
                np.save(out, np.ascontiguousarray(array), allow_pickle=False)

    @classmethod
    def load(cls, folder: Path) -> "LexicalTables":
        """The tables saved in `folder`, arrays memory-mapped; OSError or ValueError if damaged."""
        terms, name_variants, base_stems = _read_vocabulary(folder / VOCABULARY)
        # Plain arrays over the mapped files: numpy.memmap's per-item overhead would cost more
        # than the lookups themselves.
        arrays = {
            name: np.asarray(np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False))
            for name in ARRAYS
        }
        tables = cls(
            vocabulary=terms,
            name_variants=name_variants,
            base_stems=base_stems,
            sentence_bm25=Bm25Matrix(
                arrays["sentence_data"],
                arrays["sentence_indices"],
                arrays["sentence_indptr"],
                len(arrays["token_indptr"]) - 1,
            ),
            paragraph_bm25=Bm25Matrix(
                arrays["paragraph_data"],
                arrays["paragraph_indices"],
                arrays["paragraph_indptr"],
                len(arrays["paragraph_starts"]) - 1,
            ),
            paragraph_starts=arrays["paragraph_starts"],
            token_indptr=arrays["token_indptr"],
            token_starts=arrays["token_starts"],
            token_ends=arrays["token_ends"],
            token_terms=arrays["token_terms"],
            referred_indptr=arrays["referred_indptr"],
            referred_terms=arrays["referred_terms"],
            term_vectors=arrays["term_vectors"],
            words=arrays["words"],
            word_spellings=arrays["word_spellings"],
            names=arrays["names"],
            name_counts=arrays["name_counts"],
            name_definitions=arrays["name_definitions"],
            place_names=arrays["place_names"],
            in_names=arrays["in_names"],
        )
        tables.check()
        return tables

    def check(self) -> None:
        """ValueError unless the arrays fit together (a damaged or mixed index)."""
        terms = len(self.vocabulary)
        sentences = self.sentence_bm25.document_count
        sizes_fit = (
            len(self.sentence_bm25.indptr) == terms + 1
            and len(self.paragraph_bm25.indptr) == terms + 1
            and len(self.referred_indptr) == sentences + 1
            and int(self.paragraph_starts[-1]) == sentences
            and int(self.token_indptr[-1]) == len(self.token_terms) == len(self.token_starts)
            and len(self.token_ends) == len(self.token_terms)
            and int(self.referred_indptr[-1]) == len(self.referred_terms)
            and self.term_vectors.ndim == 2
            and len(self.term_vectors) == terms
            and self.place_names.shape == self.in_names.shape == (terms,)
            and self.words.shape == self.word_spellings.shape == (len(self.words),)
            and self.names.shape
            == self.name_counts.shape
            == self.name_definitions.shape
            == (len(self.names),)
        )
        if not sizes_fit:
            raise ValueError("the lexical tables do not fit together")

    def _arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        return {
            "sentence_data": self.sentence_bm25.data,
            "sentence_indices": self.sentence_bm25.indices,
            "sentence_indptr": self.sentence_bm25.indptr,
            "paragraph_data": self.paragraph_bm25.data,
            "paragraph_indices": self.paragraph_bm25.indices,
            "paragraph_indptr": self.paragraph_bm25.indptr,
            "paragraph_starts": self.paragraph_starts,
            "token_indptr": self.token_indptr,
            "token_starts": self.token_starts,
            "token_ends": self.token_ends,
            "token_terms": self.token_terms,
            "referred_indptr": self.referred_indptr,
            "referred_terms": self.referred_terms,
            "term_vectors": self.term_vectors,
            "words": self.words,
            "word_spellings": self.word_spellings,
            "names": self.names,
            "name_counts": self.name_counts,
            "name_definitions": self.name_definitions,
            "place_names": self.place_names,
            "in_names": self.in_names,
        }


def _read_vocabulary(path: Path) -> tuple[list[str], dict[str, str], dict[str, str]]:
    saved = json.loads(path.read_text("utf-8"))
    if not isinstance(saved, dict):
        raise ValueError(f"{path.name} is not a vocabulary")
    terms, variants, base_stems = (saved.get(k) for k in ("terms", "name_variants", "base_stems"))
    if not (
        isinstance(terms, list) and isinstance(variants, dict) and isinstance(base_stems, dict)
    ):
        raise ValueError(f"{path.name} is not a vocabulary")
    return (
        [str(t) for t in terms],
        {str(k): str(v) for k, v in variants.items()},
        {str(k): str(v) for k, v in base_stems.items()},
    )


class LexicalIndex:
    """Term statistics and BM25 of one stored corpus, for many questions.

    Per-sentence term sets are made on first use and kept: a question looks at a few hundred
    sentences, not the corpus."""

    def __init__(self, tables: LexicalTables) -> None:
        self.tables = tables
        self.count = tables.sentence_bm25.document_count
        self.analyzer = TermAnalyzer(NameVariants(tables.name_variants), tables.base_stems)
        self.term_ids = {term: number for number, term in enumerate(tables.vocabulary)}
        starts = np.asarray(tables.paragraph_starts, dtype=np.int64)
        self.paragraph_of = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
        self._terms: dict[int, frozenset[str]] = {}
        self._paragraph_terms: dict[int, frozenset[str]] = {}
        self._positions: dict[int, Positions] = {}
        self._bigrams: dict[int, frozenset[tuple[str, str]]] = {}
        self._referred: dict[int, frozenset[str]] = {}

    def idf(self, term: str) -> float:
        """Inverse sentence frequency; a term the corpus never uses gets the highest value."""
        term_id = self.term_ids.get(term)
        frequency = 0 if term_id is None else self.tables.sentence_bm25.frequency(term_id)
        return self._idf_of(frequency)

    @property
    def unique_idf(self) -> float:
        """The IDF of a term one sentence uses, to scale IDFs alike in corpora of any size: over
        it, such a term weighs 1 in every corpus, where over the IDF of a term no sentence uses
        it weighed 0.81 in 150 sentences and 0.88 in 4,800, and the confidence, learned on the
        larger, took the seed corpus's most specific questions for vague ones."""
        return self._idf_of(1)

    def _idf_of(self, frequency: int) -> float:
        return float(np.log(1 + (self.count + 1) / (frequency + 0.5)))

    def is_known(self, term: str) -> bool:
        term_id = self.term_ids.get(term)
        return term_id is not None and self.tables.sentence_bm25.frequency(term_id) > 0

    def word_frequency(self, word: str) -> int:
        """How many sentences use the term of a folded word; 0 for a stop word."""
        term_id = self._word_term(word)
        return 0 if term_id is None else self.tables.sentence_bm25.frequency(term_id)

    def word_paragraphs(self, word: str) -> frozenset[int]:
        """The paragraphs using the term of a folded word."""
        term_id = self._word_term(word)
        if term_id is None:
            return frozenset()
        return self.tables.paragraph_bm25.documents(term_id)

    def writes_together(self, first: str, second: str) -> bool:
        """Whether a sentence writes the folded word `second` right after `first`, stop words
        aside ("Phase 3")."""
        first_id, second_id = self._word_term(first), self._word_term(second)
        if first_id is None or second_id is None:
            return False
        bm25 = self.tables.sentence_bm25
        using = bm25.documents(first_id) & bm25.documents(second_id)
        pair = (self.tables.vocabulary[first_id], self.tables.vocabulary[second_id])
        return any(pair in self.sentence_bigrams(sentence) for sentence in using)

    def known_term(self, word: str) -> str | None:
        """The term of a single folded word, if the corpus uses it."""
        terms = self.analyzer.terms(word)
        return terms[0] if len(terms) == 1 and self.is_known(terms[0]) else None

    def _word_term(self, word: str) -> int | None:
        terms = self.analyzer.terms(word)
        return self.term_ids.get(terms[0]) if len(terms) == 1 else None

    def is_place_name(self, term: str) -> bool:
        """Whether the NER model tagged the term alone a place or a people somewhere in the
        corpus (LexicalTables.place_names)."""
        term_id = self.term_ids.get(term)
        return term_id is not None and bool(self.tables.place_names[term_id])

    def is_in_names(self, term: str) -> bool:
        """Whether the NER model tagged a name holding the term somewhere in the corpus
        (LexicalTables.in_names)."""
        term_id = self.term_ids.get(term)
        return term_id is not None and bool(self.tables.in_names[term_id])

    def is_word(self, term: str) -> bool | None:
        """Whether the corpus writes `term` in lowercase somewhere ("bank" of "the bank"), so that
        it is a word and not only a name ("Halden"): the build gives such terms a vector. None
        when the build embedded no words, and so cannot tell."""
        vectors = self.tables.term_vectors
        term_id = self.term_ids.get(term)
        if not vectors.shape[1]:
            return None
        return term_id is not None and bool(vectors[term_id].any())

    def sentence_scores(self, terms: list[str]) -> Scores:
        """BM25 of every sentence for the query `terms`."""
        return self.tables.sentence_bm25.scores(self._ids(terms))

    def paragraph_scores(self, terms: list[str]) -> Scores:
        """BM25 of every paragraph for the query `terms`."""
        return self.tables.paragraph_bm25.scores(self._ids(terms))

    def paragraph_members(self, paragraph: int) -> range:
        """The sentence ids of one paragraph."""
        starts = self.tables.paragraph_starts
        return range(int(starts[paragraph]), int(starts[paragraph + 1]))

    def positions(self, sentence_id: int) -> Positions:
        """Every token of the sentence with its offsets and term (None for a stop word)."""
        if sentence_id not in self._positions:
            tables = self.tables
            rows = slice(tables.token_indptr[sentence_id], tables.token_indptr[sentence_id + 1])
            vocabulary = tables.vocabulary
            self._positions[sentence_id] = [
                (start, end, None if term == NO_TERM else vocabulary[term])
                for start, end, term in zip(
                    tables.token_starts[rows].tolist(),
                    tables.token_ends[rows].tolist(),
                    tables.token_terms[rows].tolist(),
                    strict=True,
                )
            ]
        return self._positions[sentence_id]

    def sentence_terms(self, sentence_id: int) -> frozenset[str]:
        if sentence_id not in self._terms:
            self._terms[sentence_id] = frozenset(t for _, _, t in self.positions(sentence_id) if t)
        return self._terms[sentence_id]

    def sentence_bigrams(self, sentence_id: int) -> frozenset[tuple[str, str]]:
        if sentence_id not in self._bigrams:
            terms = [t for _, _, t in self.positions(sentence_id) if t]
            self._bigrams[sentence_id] = frozenset(zip(terms, terms[1:], strict=False))
        return self._bigrams[sentence_id]

    def paragraph_terms(self, paragraph: int) -> frozenset[str]:
        if paragraph not in self._paragraph_terms:
            members = self.paragraph_members(paragraph)
            self._paragraph_terms[paragraph] = frozenset().union(
                *(self.sentence_terms(m) for m in members)
            )
        return self._paragraph_terms[paragraph]

    def referred_terms(self, sentence_id: int) -> frozenset[str]:
        """The terms of the names a sentence refers back to: by a pronoun or a description
        opening it ("She...", "The 69-year-old..."), or by a description naming a thing's head
        noun ("the bridge" for the Brennick Bridge)."""
        if sentence_id not in self._referred:
            tables = self.tables
            rows = slice(
                tables.referred_indptr[sentence_id], tables.referred_indptr[sentence_id + 1]
            )
            self._referred[sentence_id] = frozenset(
                tables.vocabulary[t] for t in tables.referred_terms[rows].tolist()
            )
        return self._referred[sentence_id]

    def _ids(self, terms: list[str]) -> list[int]:
        return [self.term_ids[t] for t in terms if t in self.term_ids]

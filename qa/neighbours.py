"""Words of the corpus close in meaning to a question's words.

A journalist asks "How many people were hurt?" of a story that says "injured", or "Who is the
boss of Halden Freight?" of one that says "chief executive". Such a question word matches
nothing, and the confidence reads it as a sign that the answer is not in the corpus. The build
embeds the words each term stands for with the sentence model, and keeps their mean direction
(qa.lexical.LexicalTables.term_vectors); a question embeds only its unknown words, and a
sentence holding a near word gets credit for it (qa.features.Features.paraphrase_coverage). A
word the corpus uses has its vector already, and a sentence that says it otherwise gets credit
too ("hurt" of "37 were injured": qa.features.Features.rephrased_coverage). The
embedding model puts "hurt" near "injured" (cosine 0.66) but also "men" near "women" (0.72): the
credit is a feature the ranker and the confidence weigh, not a match.
"""

import re
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from qa.embed import Vectors
from qa.lexical import Positions

TermEmbedder = Callable[[list[str], list[tuple[str, ...]]], Vectors]
"""Unit vectors of terms, given the terms and the words the corpus writes each as."""
EMBEDDED_WORD = re.compile(r"[a-z][a-z'’-]+[a-z]")
"""A word worth a vector: lowercase letters, three or more. Numbers have no near words, and a
name (a term the corpus only writes capitalised) means itself."""
NEAR_SIMILARITY = 0.5
"""Cosine below which two words count as unrelated. Synonyms the news sets paraphrase sit above
it (hurt/injured 0.66, probe/investigation 0.53, boss/chief 0.62, artworks/paintings 0.83);
most pairs of a near miss's unknown word and its best sentence sit below."""
NEIGHBOURS = 16
"""Corpus terms kept per question word, the nearest."""


def term_words(
    texts: Sequence[str], positions: Sequence[Positions], vocabulary: Sequence[str]
) -> list[tuple[str, ...]]:
    """For each term of `vocabulary`, the lowercase words the corpus writes it as ("injured",
    "injuring"); none when it only writes it capitalised (a name) or it is no word (a number)."""
    words: dict[str, set[str]] = {}
    for text, tokens in zip(texts, positions, strict=True):
        for start, end, term in tokens:
            word = text[start:end]
            if term is not None and EMBEDDED_WORD.fullmatch(word):
                words.setdefault(term, set()).add(word)
    return [tuple(sorted(words.get(t, ()))) for t in vocabulary]


def averaged(embed_words: Callable[[list[str]], Vectors]) -> TermEmbedder:
    """A TermEmbedder giving each term the mean direction of its words' vectors. Every word is
    embedded, not one chosen per term, so removing articles embeds nothing new."""

    def embed(terms: list[str], words: list[tuple[str, ...]]) -> Vectors:
        distinct = sorted({word for forms in words for word in forms})
        row = {word: number for number, word in enumerate(distinct)}
        vectors = embed_words(distinct)
        means = np.stack([vectors[[row[w] for w in forms]].mean(axis=0) for forms in words])
        norms = np.linalg.norm(means, axis=1, keepdims=True)
        return np.asarray(means / np.maximum(norms, 1e-12), dtype=np.float32)

    return embed


def embed_terms(
    vocabulary: Sequence[str], words: Sequence[tuple[str, ...]], embed: TermEmbedder | None
) -> npt.NDArray[np.float32]:
    """Rows aligned with `vocabulary`: the vector of each term with words, zeros for the others;
    no columns when there is no `embed` or no word to embed."""
    rows = [i for i, forms in enumerate(words) if forms]
    if embed is None or not rows:
        return np.zeros((len(vocabulary), 0), dtype=np.float32)
    embedded = embed([vocabulary[i] for i in rows], [words[i] for i in rows])
    vectors = np.zeros((len(vocabulary), embedded.shape[1]), dtype=np.float32)
    vectors[rows] = embedded
    return vectors


def question_words(word_of: Mapping[str, str], unknown: Sequence[str]) -> dict[str, str]:
    """The unknown terms worth looking for near words of, with the question's word for each:
    not names or numbers. `word_of` is Question.term_words."""
    found = {t: word_of.get(t, t) for t in unknown}
    return {t: word for t, word in found.items() if EMBEDDED_WORD.fullmatch(word)}


def near_terms(
    word_vectors: Vectors,
    terms: Sequence[str],
    term_vectors: npt.NDArray[np.float32],
    vocabulary: Sequence[str],
) -> dict[str, dict[str, float]]:
    """For each of `terms` (one row of `word_vectors` each), the corpus terms within
    NEAR_SIMILARITY of it, up to NEIGHBOURS, with how far above NEAR_SIMILARITY each is, as a
    share of the way to 1."""
    if not terms or not len(term_vectors) or term_vectors.shape[1] != word_vectors.shape[1]:
        return {}
    similarities = word_vectors @ np.asarray(term_vectors).T
    count = min(NEIGHBOURS, len(term_vectors))
    near: dict[str, dict[str, float]] = {}
    for term, row in zip(terms, similarities, strict=True):
        best = np.argpartition(-row, count - 1)[:count]
        near[term] = {
            vocabulary[i]: (float(row[i]) - NEAR_SIMILARITY) / (1 - NEAR_SIMILARITY)
            for i in best
            if row[i] >= NEAR_SIMILARITY
        }
    return near

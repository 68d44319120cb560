"""Turn text into the terms qa matches on: folded, stemmed, no stop words, one spelling per name."""

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from qa.fold import token_spans, tokens
from qa.variants import NameVariants

QUESTION_WORDS = [
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
]
CAPITALISED = re.compile(r"\w+")


@cache
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


@cache
def _stop_words() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(_stemmer().stemWords(list(STOPWORDS_EN_PLUS)))


@cache
def _question_words() -> frozenset[str]:
    return frozenset(_stemmer().stemWords(list(QUESTION_WORDS)))


def stem(words: list[str]) -> list[str]:
    """English stems of folded words."""
    stems: list[str] = _stemmer().stemWords(words)
    return stems


def is_stop_word(term: str) -> bool:
    return term in _stop_words()


class TermAnalyzer:
    """Text to terms for one corpus: its name spellings are merged into one term each."""

    def __init__(self, variants: NameVariants) -> None:
        self.variants = variants

    @classmethod
    def for_texts(cls, texts: Iterable[str]) -> "TermAnalyzer":
        """An analyzer that merges the spellings of the capitalised words found in `texts`."""
        names = {
            term
            for text in texts
            for word in CAPITALISED.findall(text)
            if word[0].isupper()
            for term in stem(tokens(word))
            if not is_stop_word(term)
        }
        return cls(NameVariants(names))

    def terms(self, text: str) -> list[str]:
        """Folded, stemmed tokens without stop words, names in one spelling: what BM25 matches."""
        return [self.variants.canonical(t) for t in stem(tokens(text)) if not is_stop_word(t)]

    def content_terms(self, question: str) -> list[str]:
        """The question's terms without its wh-words, which say what to find, not what to match."""
        return [t for t in self.terms(question) if t not in _question_words()]

    def positioned_terms(self, text: str) -> list[tuple[int, int, str | None]]:
        """Every token of `text` with its offsets and its term, None for a stop word.

        Keeping stop words as None keeps token distances true for proximity features.
        """
        spans = token_spans(text)
        stems = stem([folded for _, _, folded in spans])
        return [
            (start, end, None if is_stop_word(term) else self.variants.canonical(term))
            for (start, end, _), term in zip(spans, stems, strict=True)
        ]

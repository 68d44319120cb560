"""Turn text into the terms qa matches on: folded, stemmed, no stop words, one spelling per name."""

import importlib.util
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from qa.fold import token_spans
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
UNIT_SPELLINGS = {
    word: term
    for term, words in {
        "kilometr": ["kilometre", "kilometres", "kilometer", "kilometers"],
        "metr": ["metre", "metres", "meter", "meters"],
        "centimetr": ["centimetre", "centimetres", "centimeter", "centimeters"],
        "millimetr": ["millimetre", "millimetres", "millimeter", "millimeters"],
        "kilogram": ["kilogram", "kilograms", "kilogramme", "kilogrammes"],
        "ton": ["tonne", "tonnes", "ton", "tons"],
    }.items()
    for word in words
}
"""A unit's spellings as one term: "How many kilometres" is answered by "kilometers"."""
UNIT_ABBREVIATIONS = {
    "km": "kilometre",
    "kms": "kilometres",
    "cm": "centimetre",
    "mm": "millimetre",
    "mi": "mile",
    "kg": "kilogram",
    "kgs": "kilograms",
    "hr": "hour",
    "hrs": "hours",
}
"""What a unit's abbreviation stands for, written in lowercase: "260 km" answers "how many
kilometers"; "CM Adityanath" and "HR chief" are no units. Not "m", which is as often "million"."""
CAPITALISED = re.compile(r"\w+")
ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")
"""An acronym's plural ("NGOs", "PPPs", "CEOs"): the stemmer keeps its "s", so it would never
match the acronym ("NGO"). Capitals only, so a headline's "NEWS" keeps its last letter."""


@cache
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(_stemmer().stemWords(list(_bm25s_stop_words())))


def _bm25s_stop_words() -> tuple[str, ...]:
    """bm25s's English stop words, read from its module alone: importing the bm25s package
    imports scipy, a tenth of a second that a one-shot question should not pay."""
    spec = importlib.util.find_spec("bm25s")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("bm25s is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "stopwords.py"
    module_spec = importlib.util.spec_from_file_location("qa_bm25s_stopwords", path)
    if module_spec is None or module_spec.loader is None:
        raise ImportError(f"cannot read {path}")
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    words: tuple[str, ...] = module.STOPWORDS_EN_PLUS
    return words


@cache
def _question_words() -> frozenset[str]:
    return frozenset(_stemmer().stemWords(list(QUESTION_WORDS)))


def stem(words: list[str]) -> list[str]:
    """English stems of folded words."""
    stems: list[str] = _stemmer().stemWords(words)
    return stems


def is_stop_word(term: str) -> bool:
    return term in _stop_words()


def stemmed_base_forms(forms: Mapping[str, str]) -> dict[str, str]:
    """Of irregular forms and their bases ("led": "lead"), those whose stems differ, as the
    stem of the base: what an analyzer needs to match "led" with "leads"."""
    words = list(forms)
    form_stems, base_stems = stem(words), stem([forms[w] for w in words])
    return {
        word: base
        for word, form, base in zip(words, form_stems, base_stems, strict=True)
        if form != base
    }


class TermAnalyzer:
    """Text to terms for one corpus: its name spellings are merged into one term each, and an
    irregular form is matched as its base ("led" as "lead")."""

    def __init__(self, variants: NameVariants, base_stems: Mapping[str, str]) -> None:
        self.variants = variants
        self.base_stems = base_stems
        """Folded irregular form to the stem of its base (stemmed_base_forms)."""

    @classmethod
    def for_texts(cls, texts: Iterable[str], base_stems: Mapping[str, str]) -> "TermAnalyzer":
        """An analyzer that merges the spellings of the capitalised words found in `texts`."""
        analyzer = cls(NameVariants({}), base_stems)
        names = {
            term
            for text in texts
            for word in CAPITALISED.findall(text)
            if word[0].isupper()
            for term in analyzer.stems(
                [singular_acronym(word, *span) for span in token_spans(word)]
            )
            if not is_stop_word(term)
        }
        return cls(NameVariants.from_names(names), base_stems)

    def stems(self, words: list[str]) -> list[str]:
        """The stems of folded words, an irregular form's the stem of its base, a unit's
        spellings' their term in UNIT_SPELLINGS."""
        known = self.base_stems
        regular = stem(words)
        return [
            UNIT_SPELLINGS.get(word) or known.get(word, term)
            for word, term in zip(words, regular, strict=True)
        ]

    def terms(self, text: str) -> list[str]:
        """Folded, stemmed tokens without stop words, names in one spelling: what BM25 matches."""
        return [t for _, _, t in self.positioned_terms(text) if t is not None]

    def content_terms(self, question: str) -> list[str]:
        """The question's terms without its wh-words, which say what to find, not what to match."""
        return [t for t in self.terms(question) if t not in _question_words()]

    def positioned_terms(self, text: str) -> list[tuple[int, int, str | None]]:
        """Every token of `text` with its offsets and its term, None for a stop word.

        Keeping stop words as None keeps token distances true for proximity features.
        """
        spans = token_spans(text)
        stems = self.stems(
            [
                spelt_unit(text[start:end]) or singular_acronym(text, start, end, folded)
                for start, end, folded in spans
            ]
        )
        return [
            (start, end, None if is_stop_word(term) else self.variants.canonical(term))
            for (start, end, _), term in zip(spans, stems, strict=True)
        ]


def spelt_unit(token: str) -> str | None:
    """The unit a lowercase abbreviation stands for (UNIT_ABBREVIATIONS), if it is one."""
    return UNIT_ABBREVIATIONS.get(token) if token.islower() else None


def singular_acronym(text: str, start: int, end: int, folded: str) -> str:
    """The folded token, an acronym's plural as the acronym (ACRONYM_PLURAL)."""
    if folded[-1:] == "s" and ACRONYM_PLURAL.fullmatch(text, start, end):
        return folded[:-1]
    return folded


IRREGULAR_PLURALS = frozenset(
    ["people", "men", "women", "children", "feet", "teeth", "mice", "geese", "data"]
)
SINGULAR_ENDINGS = ("ss", "us", "is")


def looks_plural(word: str) -> bool:
    """Plural by shape (`word` folded): "members", "people"; not "census", "business" or
    "analysis", so "how many census takers" counts takers."""
    return word in IRREGULAR_PLURALS or (
        word.endswith("s") and len(word) > 3 and not word.endswith(SINGULAR_ENDINGS)
    )


def word_forms(nouns: str) -> frozenset[str]:
    """The nouns of `nouns` (alternatives) and their plurals: "penalty", "penalties", "ethnic
    groups"."""
    words = set()
    for noun in nouns.split("|"):
        if re.search(r"[^aeiou]y$", noun):
            words.update([noun, noun[:-1] + "ies"])
        else:
            words.update([noun, noun + "s", noun + "es"])
    return frozenset(words)

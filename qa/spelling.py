"""Misspelt question words read as the corpus's words: "Bedigo" as "Bendigo", "goverment" as
"government".

People type questions fast, and a misspelt name is a name the corpus never mentions, which
makes qa abstain ("the corpus never mentions “Bedigo”") where the answer is there. A question
word is read as a corpus word only when all of these hold:
- the corpus does not use it, and it is not an English word or a name of a general dictionary
  (pyspellchecker's English word list): "tanks" asked of a corpus about "thanks" stays "tanks",
  so a question about something the corpus lacks is still abstained on;
- it has MIN_LETTERS letters or more, and is not a number;
- the corpus word is not the place or the people it names ("Castravia" for "Castravian");
- a word the corpus uses is one edit away (an inserted, missing, changed or swapped letter), or
  two for words of LONG_WORD letters or more whose first letter it keeps.
Of several such words, the fewest edits wins, then the one sharing paragraphs with most of the
question's other terms ("Groner v Minister for Education" is "Groener", who is named beside
the minister, not "Grover"), then the commoner. Every reading is reported (Correction), so a
person sees what was looked for.

The corpus's words are listed at build time (`corpus_words`); the dictionary and rapidfuzz are
loaded on the first question with an unknown word, so other questions do not pay for them.
"""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from qa.fold import token_spans, tokens
from qa.models import Correction
from qa.terms import is_stop_word, stem

if TYPE_CHECKING:
    from spellchecker import SpellChecker

MIN_LETTERS = 4
"""Shorter words have too many neighbours one edit away ("tank": "bank", "task", "talk")."""
LONG_WORD = 10
"""Words this long may be two edits away ("astronaughts"): few real words are that close."""
MAX_LETTERS = 30
"""Longer tokens (run-together words, codes) are not listed or read as others."""


def corpus_words(texts: Iterable[str]) -> npt.NDArray[np.str_]:
    """The distinct folded words of `texts` that a misspelt word may be read as, sorted."""
    words = {w for text in texts for w in tokens(text) if _is_correctable(w)}
    return np.array(sorted(words), dtype=np.str_)


@dataclass(frozen=True)
class CorpusSpelling:
    """What a corpus knows of its words, as the spelling reads it."""

    listed: npt.NDArray[np.str_]
    """corpus_words of the corpus."""
    frequency: Callable[[str], int]
    """How many sentences use a folded word's term; 0 for a word the corpus never uses and for
    a stop word (neither read as another nor another read as it: it is not what a question
    asks about)."""
    paragraphs: Callable[[str], frozenset[int]]
    """The paragraphs using a folded word's term."""

    @functools.cached_property
    def words(self) -> list[str]:
        """The listed words as Python strings, made on the first unknown word (milliseconds
        per 10,000 words)."""
        return [str(word) for word in self.listed]


def corrected(text: str, corpus: CorpusSpelling) -> tuple[str, tuple[Correction, ...]]:
    """`text` with each misspelt word replaced by the corpus word it is read as (in the case it
    was written in), and those readings."""
    unknown = [
        (start, end, folded)
        for start, end, folded in token_spans(text)
        if _is_correctable(folded)
        and not is_stop_word(stem([folded])[0])
        and not corpus.frequency(folded)
    ]
    if unknown:
        english = _english().known(w for _, _, w in unknown)
        unknown = [(start, end, word) for start, end, word in unknown if word not in english]
    if not unknown:
        return text, ()
    others = {w for w in tokens(text) if corpus.frequency(w)}
    pieces, corrections, last = [], [], 0
    for start, end, folded in unknown:
        found = _closest(folded, corpus, others)
        if found is None:
            continue
        written = text[start:end]
        read_as = _in_case_of(written, found)
        pieces += [text[last:start], read_as]
        corrections.append(Correction(asked=written, read_as=read_as))
        last = end
    return "".join([*pieces, text[last:]]), tuple(corrections)


def _closest(word: str, corpus: CorpusSpelling, others: set[str]) -> str | None:
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    most = 2 if len(word) >= LONG_WORD else 1
    near = process.extract(word, corpus.words, scorer=OSA.distance, score_cutoff=most, limit=None)
    candidates = [
        (int(edits), found)
        for found, edits, _ in near
        if corpus.frequency(found)
        and (edits < 2 or found[0] == word[0])
        and not _are_place_and_people(word, found)
    ]
    if not candidates:
        return None
    beside = [corpus.paragraphs(other) for other in others]

    def preference(candidate: tuple[int, str]) -> tuple[int, int, int, str]:
        edits, found = candidate
        where = corpus.paragraphs(found)
        shared = sum(not where.isdisjoint(paragraphs) for paragraphs in beside)
        return edits, -shared, -corpus.frequency(found), found

    return min(candidates, key=preference)[1]


def _are_place_and_people(word: str, other: str) -> bool:
    """ "Castravia" and "Castravian", "Kenya" and "Kenyan": a place and its people, not a
    misspelling; qa.question.with_corpus_places reads one as the other where it should."""
    shorter, longer = sorted((word, other), key=len)
    return shorter.endswith("a") and longer == shorter + "n"


def _is_correctable(word: str) -> bool:
    return MIN_LETTERS <= len(word) <= MAX_LETTERS and word.isalpha()


@functools.cache
def _english() -> "SpellChecker":
    """The English dictionary, loaded once (0.1 s)."""
    from spellchecker import SpellChecker

    # distance=1: unused here (qa picks among the corpus's words), but the smallest to set up.
    return SpellChecker(language="en", distance=1)


def _in_case_of(written: str, word: str) -> str:
    """`word` in the case `written` is in: "TFEU" for "TEFU", "Bendigo" for "Bedigo"."""
    if written.isupper() and len(written) > 1:
        return word.upper()
    if written[0].isupper():
        return word[0].upper() + word[1:]
    return word


def read_as_note(corrections: Iterable[Correction]) -> str:
    """The readings for people: 'Read “Bedigo” as “Bendigo”.', or "" when there are none."""
    readings = [f"“{c.asked}” as “{c.read_as}”" for c in corrections]
    return f"Read {', '.join(readings)}." if readings else ""

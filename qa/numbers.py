"""The numbers a question states, and how a sentence states them. Pure functions.

"phase 2", "Route 66", "3 goals": a number the question states, other than a year, a day or a
clock time, must stand in the sentence that answers (in digits or as a word), right after what
it numbers when the question says.
"""

import re
from collections.abc import Sequence

from qa.fold import fold, token_spans
from qa.models import Frozen
from qa.terms import TermAnalyzer
from qa.times import MONTH_WORD, YEAR

NUMBER_TOKEN = re.compile(r"\d+(?:(?:,\d{2})*,\d{3}(?!\d)|\.\d+)*")
NAME_DASH = re.compile(r"([^\W\d_]\w*)[-\u2010-\u2015]$")
NOT_NUMBERED_ENDINGS = ("ed", "ing", "ly")
"""A lowercase word before a number that ends so is a verb or an adverb ("scored 3 goals",
"leaving 2 dead", "nearly 300"): it does not name what is numbered."""
QUANTIFIERS = frozenset(
    ["around", "least", "top", "almost", "another", "additional", "extra", "total", "fewer"]
    + ["less", "past", "next", "last", "first"]
)
"""Words before a number, not stop words, that say how much rather than what: "at least 300"."""
NOT_NUMBERING = QUANTIFIERS | frozenset(["number", "besides", "except", "plus", "minus", "times"])
"""Words before a number that name no thing it numbers, capitalised or not: "the number 37" is
37, "Besides 1" is not a thing called "besides"."""
MEASURE = re.compile(r"[-‐‑][^\W\d_]")
"""A hyphen and a letter right after a number: it measures ("5.9-mile", "12-year-old"), and the
word before it describes the measured thing ("famous 5.9-mile race")."""
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
""""News style writes numbers under ten as words: "phase 3" is stated by "three" too."""


class StatedNumber(Frozen):
    """A number a question states, as it writes it and with what it numbers."""

    words: str
    """The number with the word before it when that is a content word: "phase 1", "Route 66"."""
    numbered: str | None
    """The term of that word when it names what is numbered (a noun, not "scored" of "scored 3
    goals"): a sentence states "phase 2" only if it has "phase" too, not with "Launch Pad 2"."""


def stated_numbers(text: str, analyzer: TermAnalyzer) -> dict[str, StatedNumber]:
    """The numbers `text` states (number_spans), each as its term."""
    numbers: dict[str, StatedNumber] = {}
    spans = token_spans(text)
    starts = {start: index for index, (start, _, _) in enumerate(spans)}
    for start, end in number_spans(text):
        terms = analyzer.terms(text[start:end])
        if not terms or terms[0] in numbers:
            continue
        index = starts[start]
        before = spans[index - 1] if index else None
        before_terms = analyzer.content_terms(before[2]) if before is not None else []
        # A number before is another of a list ("1,3 and 7"), not what this one numbers.
        if before is None or not before_terms or NUMBER_TOKEN.fullmatch(before[2]):
            numbers[terms[0]] = StatedNumber(words=text[start:end], numbered=None)
            continue
        is_numbered = not MEASURE.match(text, end) and _names_what_is_numbered(
            text[before[0] : before[1]], analyzer
        )
        numbers[terms[0]] = StatedNumber(
            words=text[before[0] : end], numbered=before_terms[-1] if is_numbered else None
        )
    return numbers


def _names_what_is_numbered(word: str, analyzer: TermAnalyzer) -> bool:
    """Whether a content word before a number is a noun naming what is numbered ("phase 2",
    "Building 7"): a capitalised word is; a verb, an adverb or a quantifier is not ("scored 3",
    "won 2", "nearly 300", "at least 300") and neither is "number" or "besides" (NOT_NUMBERING)."""
    folded = fold(word)
    if folded in NOT_NUMBERING:
        return False
    if word[:1].isupper():
        return True
    return not (folded.endswith(NOT_NUMBERED_ENDINGS) or folded in analyzer.base_stems)


def number_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` states a number in digits that is neither a time nor part of a name: not a
    year (1000 to 2099), a day beside a month ("June 5") or a clock time ("10:30"), nor joined to
    a capitalised word by a hyphen or dash ("NVK-208", "COVID–19"; "phase-3" is a number)."""
    spans = token_spans(text)
    found = []
    for index, (start, end, folded) in enumerate(spans):
        if not NUMBER_TOKEN.fullmatch(folded) or YEAR.fullmatch(folded):
            continue
        beside = [spans[i] for i in (index - 1, index + 1) if 0 <= i < len(spans)]
        is_day = any(MONTH_WORD.fullmatch(text[a:b]) for a, b, _ in beside)
        is_clock = ":" in text[max(0, start - 1) : start] + text[end : end + 1]
        name = NAME_DASH.search(text, 0, start)
        if not (is_day or is_clock or (name is not None and name[1][0].isupper())):
            found.append((start, end))
    return found


def number_spellings(number: str) -> frozenset[str]:
    """The terms that state a number: "1,240" and "1240"; "3" and "three"."""
    plain = number.replace(",", "")
    spelt = {number, plain}
    if plain.isdigit():
        spelt.add(f"{int(plain):,}")
        if int(plain) < len(NUMBER_WORDS):
            spelt.add(NUMBER_WORDS[int(plain)])
    return frozenset(spelt)


def has_number(number: str, numbered: str | None, terms: frozenset[str]) -> bool:
    """Whether `terms` (with their adjacent pairs) state the number, right after what it
    numbers if the question says: "phase 2" is not stated by "Launch Pad 2" or "phase 3"."""
    spellings = number_spellings(number)
    if numbered is None:
        return not spellings.isdisjoint(terms)
    return any(f"{numbered} {spelling}" in terms for spelling in spellings)


def adjacent_pairs(positions: Sequence[tuple[int, int, str | None]]) -> frozenset[str]:
    """Each two terms of a text's positioned tokens (TermAnalyzer.positioned_terms; None for a
    stop word) that stand side by side, as "first second": a term never holds a space, so these
    never meet the terms themselves. A stop word between parts them: "the phase in 2 years"
    states no "phase 2"."""
    terms = [term for _, _, term in positions]
    return frozenset(f"{a} {b}" for a, b in zip(terms, terms[1:], strict=False) if a and b)

"""The numbers a question states, and how a sentence states them. Pure functions.

"phase 2", "Route 66", "3 goals", "phase three", "the third phase": a number the question
states, other than a year, a day or a clock time, must stand in the sentence that answers (in
digits, as a word or, after what it numbers, in Roman numerals), right after what it numbers
when the question says, or as its ordinal right before.
"""

import re
from collections.abc import Sequence

from qa.fold import fold, token_spans
from qa.models import Entity, Frozen, Sentence
from qa.terms import TermAnalyzer, is_stop_word, looks_plural
from qa.times import MONTH_WORD, YEAR

NUMBER_TOKEN = re.compile(r"\d+(?:(?:,\d{2})*,\d{3}(?!\d)|\.\d+)*")
NAME_DASH = re.compile(r"([^\W\d_]\w*)[-\u2010-\u2015]$")
PARTICIPLE_ENDINGS = ("ed", "ing")
ADVERB_ENDING = "ly"
NOT_NUMBERED_ENDINGS = (*PARTICIPLE_ENDINGS, ADVERB_ENDING)
"""A lowercase word before a number that ends so is a verb or an adverb ("scored 3 goals",
"leaving 2 dead", "nearly 300"): it does not name what is numbered."""
QUANTIFIERS = frozenset(
    ["around", "least", "top", "almost", "another", "additional", "extra", "total", "fewer"]
    + ["less", "past", "next", "last", "first", "final"]
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
ORDINAL_WORDS = {
    word: number
    for number, word in enumerate(
        ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
        + ["eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth"]
        + ["seventeenth", "eighteenth", "nineteenth", "twentieth"],
        start=2,
    )
}
"""Ordinals by their number: "the third phase" is phase 3. Not "first", which as often means
earliest ("the first to climb it")."""
ORDINAL_DIGITS = re.compile(r"(\d{1,2})(?:st|nd|rd|th)")
NOT_ORDERED = frozenset(
    ["time", "times", "most", "least", "more", "less", "half", "century", "centuries"]
    + ["millennium", "millennia", "one", "ones", "straight", "consecutive", "successive"]
    + ["running", "place", "overall", "worst", "best"]
)
"""Words after an ordinal that number no thing in a sequence: "for the third time", "the third
straight year", "the second most", "finished second overall", "the second half" (of a match,
said as often "after the break"), "the 19th century" (a time, said as often "the 1800s"), "the
50th one"."""
ANOTHER = frozenset(["a", "an"])
""""A second opinion", "a third term": an ordinal after these means another, not a place in a
sequence."""
SUPERLATIVE_ENDING = "est"
HYPHENS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015")
TENS_WORDS = ("ten", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
SCALE = re.compile(r"\s+(?:hundred|thousand|million|billion|trillion)\b")
"""A scale word a number in digits goes on with: "3.5 million"."""
LOWERCASE_NEXT = re.compile(r"\s+(?!(?:to|and|or|of|[ap]\.m)\b)[a-z]")
"""A lowercase word after a number, what it may count: not a range or a ratio ("aged 5 to 11",
"3 of 5") nor a clock time ("7 p.m.")."""
NAMED_BEFORE = re.compile(r"\b(\w*[A-Z][\w.]*)\s+$")
"""A word holding a capital right before a number, which may be a name the number is part of:
"Apollo 8", "No. 10", "U.S. 101", "iPhone 12"."""
JOINING = frozenset("/.$£€¥") | HYPHENS
"""Marks before a number that join it to something else: a fraction, a range, a decimal, a sum."""
TIMES_COUNTED = "time"
"""The term "how many times" counts, which "twice" and "thrice" count without it."""
MULTIPLIER_WORD = re.compile(
    r"(?<!\bat )(?<!\bthan )(?<!\bleast )\b(?:twice|thrice)\b(?!-|\s+as\s+(?!well\b)|\s+(?:again|"
    r"more|the|that|than|over|it|he|she|they|we|you|i|this|these|those|its|his|her|their)\b)",
    re.I,
)
"""A count of times: "won the cup twice", "twice as well", "twice a week"; not "twice the size",
"twice as big", "more than twice", "a twice-weekly flight". Not "once", which as often means
formerly ("the company once employed 5,000")."""
ROMAN_UNITS = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")
"""The Roman numerals of the units, which tens of "X" come before: "XII"."""


Span = tuple[int, int, str]
"""A token's offsets and folded form (qa.fold.token_spans)."""


class StatedNumber(Frozen):
    """A number a question states, as it writes it and with what it numbers."""

    words: str
    """The number with the word before it when that is a content word: "phase 1", "Route 66"."""
    numbered: str | None
    """The term of that word when it names what is numbered (a noun, not "scored" of "scored 3
    goals"): a sentence states "phase 2" only if it has "phase" too, not with "Launch Pad 2"."""


def stated_numbers(text: str, analyzer: TermAnalyzer) -> dict[str, StatedNumber]:
    """The numbers `text` states in digits (number_spans) or in words (_spelt_numbers), each
    by its digits."""
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
        is_numbered = _numbers(text[before[0] : before[1]], text, end, analyzer)
        numbers[terms[0]] = StatedNumber(
            words=text[before[0] : end], numbered=before_terms[-1] if is_numbered else None
        )
    return _spelt_numbers(text, spans, analyzer) | numbers


def _numbers(noun: str, text: str, end: int, analyzer: TermAnalyzer) -> bool:
    """Whether `noun`, right before the number ending at `end`, is what the number numbers: a
    noun (_names_what_is_numbered), not a measured thing ("famous 5.9-mile race")."""
    return not MEASURE.match(text, end) and _names_what_is_numbered(noun, analyzer)


def _spelt_numbers(text: str, spans: list[Span], analyzer: TermAnalyzer) -> dict[str, StatedNumber]:
    """The numbers `text` states in words, by their digits, each with what it numbers, which
    it must name to count: "phase three" (a number word after a noun), "the third phase" or
    "the 3rd phase" (an ordinal before one). Alone, "three" or "third" say too little ("three
    of them", "third-largest")."""
    numbers = {}
    for index in range(len(spans)):
        stated = _number_word_after_noun(text, spans, index, analyzer) or _ordinal_before_noun(
            text, spans, index, analyzer
        )
        if stated is not None:
            numbers[stated[0]] = stated[1]
    return numbers


def _number_word_after_noun(
    text: str, spans: list[Span], index: int, analyzer: TermAnalyzer
) -> tuple[str, StatedNumber] | None:
    """The number word at `index` with the noun before it that it numbers: "phase three";
    not "kill three days after" or "announce three new phones" (it counts what follows), "the
    final two" or "the worst three". Not "one", as often a pronoun ("the oldest one"), and
    whose "Grade One" a sentence may write "Grade I", which no term keeps."""
    start, end, folded = spans[index]
    if folded not in NUMBER_WORDS[2:] or index == 0:
        return None
    before = spans[index - 1]
    noun = text[before[0] : before[1]]
    terms = analyzer.content_terms(noun)
    if (
        not terms
        or not text[before[1] : start].isspace()
        or _is_superlative(noun, spans[index])
        or any(looks_plural(after[2]) for after in spans[index + 1 : index + 3])
        or not _numbers(noun, text, end, analyzer)
    ):
        return None
    return str(NUMBER_WORDS.index(folded)), StatedNumber(
        words=f"{noun} {text[start:end]}", numbered=terms[-1]
    )


def _ordinal_before_noun(
    text: str, spans: list[Span], index: int, analyzer: TermAnalyzer
) -> tuple[str, StatedNumber] | None:
    """The ordinal at `index` with the noun after it that it numbers: "the third phase", "the
    3rd round"; not "for the third time" (NOT_ORDERED), "the second largest city", "the second
    phase 3 trial" (a trial of phase 3), "the twenty fifth anniversary" (the 25th), a unit, a
    name or another one (_is_unit_name_or_another)."""
    start, end, folded = spans[index]
    ordinal = _ordinal_number(folded)
    if ordinal is None or index + 1 >= len(spans):
        return None
    before = spans[index - 1] if index else None
    after = spans[index + 1]
    following = spans[index + 2] if index + 2 < len(spans) else None
    noun = text[after[0] : after[1]]
    terms = analyzer.content_terms(noun)
    if (
        not terms
        or _is_unit_name_or_another(text, before, start, after)
        or not text[end : after[0]].isspace()
        or after[2] in NOT_ORDERED
        or _is_superlative(noun, following)
        or (following is not None and _is_number(following[2]))
        or not _names_what_is_numbered(noun, analyzer)
    ):
        return None
    return ordinal, StatedNumber(words=f"{text[start:end]} {noun}", numbered=terms[0])


def _is_superlative(word: str, following: Span | None) -> bool:
    """Whether `word`, before the content word `following`, is a superlative: "the second
    largest city", "the oldest three"; not "the second test?" (no word follows) or "Test
    three" (a name)."""
    return (
        word[:1].islower()
        and word.endswith(SUPERLATIVE_ENDING)
        and following is not None
        and not is_stop_word(following[2])
    )


def _is_number(folded: str) -> bool:
    """A number in digits or words: "the second phase 3 trial" is a trial of phase 3, "the
    twenty fifth" is the 25th."""
    return NUMBER_TOKEN.fullmatch(folded) is not None or folded in NUMBER_WORDS + TENS_WORDS


def _is_unit_name_or_another(text: str, before: Span | None, start: int, after: Span) -> bool:
    """Whether an ordinal-looking word at `start` is a unit after a number ("a 30 second
    commercial", "30-second"), part of a name ("the 50th Super Bowl", "the Second Polish
    Republic", "July Fourth"), which the sentence may well write otherwise ("Super Bowl 50"),
    another one ("a second opinion", ANOTHER) or part of a larger number ("the twenty
    fifth")."""
    return (
        (before is not None and (_is_number(before[2]) or before[2] in ANOTHER))
        or text[start - 1 : start] in HYPHENS
        or text[start : start + 1].isupper()
        or text[after[0] : after[0] + 1].isupper()
    )


def _ordinal_number(folded: str) -> str | None:
    """The digits of an ordinal, "second" to "twentieth" or "2nd" to "99th" ("first" is none)."""
    if folded in ORDINAL_WORDS:
        return str(ORDINAL_WORDS[folded])
    digits = ORDINAL_DIGITS.fullmatch(folded)
    return digits[1] if digits is not None and int(digits[1]) > 1 else None


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


def with_untagged_counts(sentence: Sentence, counts_times: bool) -> list[Entity]:
    """The sentence's entities and, as CARDINAL, counts the NER model left untagged: a number
    in digits (number_spans), with its scale word, before a lowercase word ("destroyed over 2,000
    buildings", "About 300 people"), not after a word holding a capital ("Apollo 8 sent", "No.
    10 shirt") nor joined to another ("1338–39", "2/3", "$5"); and, when the question counts
    times, "twice" or "thrice" ("won the cup twice")."""
    text, entities = sentence.text, list(sentence.entities)
    untagged = []
    for start, end in number_spans(text):
        scaled = SCALE.match(text, end)
        end = scaled.end() if scaled else end
        named = NAMED_BEFORE.search(text, 0, start)
        if (
            LOWERCASE_NEXT.match(text, end)
            and (named is None or is_stop_word(fold(named[1])))
            and text[start - 1 : start] not in JOINING
        ):
            untagged.append((start, end))
    if counts_times:
        untagged += [match.span() for match in MULTIPLIER_WORD.finditer(text)]
    entities += [
        Entity(start=start, end=end, label="CARDINAL")
        for start, end in untagged
        if not any(e.start < end and start < e.end for e in entities)
    ]
    return sorted(entities, key=lambda e: e.start)


def number_spellings(number: str) -> frozenset[str]:
    """The terms that state a number: "1,240" and "1240"; "3" and "three"."""
    plain = number.replace(",", "")
    spelt = {number, plain}
    if plain.isdigit():
        spelt.add(f"{int(plain):,}")
        if int(plain) < len(NUMBER_WORDS):
            spelt.add(NUMBER_WORDS[int(plain)])
    return frozenset(spelt)


def roman_numeral(number: int) -> str:
    """`number` (1 to 39) in Roman numerals: "III", "XII"."""
    return "X" * (number // 10) + ROMAN_UNITS[number % 10]


def ordinal_spellings(number: str) -> frozenset[str]:
    """The terms of a number's ordinal: "third" and "3rd" of "3"."""
    if not number.isdigit() or int(number) < 2:
        return frozenset()
    value = int(number)
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    if value % 100 in (11, 12, 13):
        suffix = "th"
    words = [word for word, ordinal in ORDINAL_WORDS.items() if ordinal == value]
    return frozenset([f"{value}{suffix}", *words])


def has_number(number: str, numbered: str | None, terms: frozenset[str]) -> bool:
    """Whether `terms` (with their adjacent pairs) state the number, right after what it
    numbers if the question says (in digits, words or Roman numerals), or as its ordinal right
    before: "phase 2" is stated by "phase two", "Phase II" and "the second phase", not by
    "Launch Pad 2" or "phase 3". Pairs hold no third word, so "a second phase 3 trial" states
    phase 2 too."""
    spellings = number_spellings(number)
    if numbered is None:
        return not spellings.isdisjoint(terms)
    after_noun = set(spellings)
    if number.isdigit() and 1 < int(number) < 40:
        after_noun.add(roman_numeral(int(number)).lower())
    return any(f"{numbered} {spelling}" in terms for spelling in after_noun) or any(
        f"{ordinal} {numbered}" in terms for ordinal in ordinal_spellings(number)
    )


def adjacent_pairs(positions: Sequence[tuple[int, int, str | None]]) -> frozenset[str]:
    """Each two terms of a text's positioned tokens (TermAnalyzer.positioned_terms; None for a
    stop word) that stand side by side, as "first second": a term never holds a space, so these
    never meet the terms themselves. A stop word between parts them: "the phase in 2 years"
    states no "phase 2"."""
    terms = [term for _, _, term in positions]
    return frozenset(f"{a} {b}" for a, b in zip(terms, terms[1:], strict=False) if a and b)

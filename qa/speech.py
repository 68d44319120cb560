"""What a sentence says someone said: its quotes, else the speech it reports. Pure functions.

One table of speech verbs serves the question ("what did the mayor say"), the sentence's
statement (qa.answer) and the quotes whose speaker is a pronoun (qa.lexical_build).
"""

import re
from typing import NamedTuple

SPEECH_VERBS: dict[str, tuple[str, ...]] = {
    "say": ("said", "says"),
    "tell": ("told", "tells"),
    "add": ("added",),
    "warn": ("warned", "warns"),
    "claim": ("claimed", "claims"),
    "argue": ("argued", "argues"),
    "insist": ("insisted", "insists"),
    "admit": ("admitted", "admits"),
    "explain": ("explained", "explains"),
    "describe": ("described", "describes"),
    "call": ("called", "calls"),
    "write": ("wrote", "writes"),
    "reply": ("replied", "replies"),
    "comment": ("commented",),
    "note": ("noted", "notes"),
    "announce": ("announced", "announces"),
    "state": ("stated", "states"),
}
"""Verbs that say someone spoke, with the forms a news sentence uses them in."""
ASKING_SPEECH = ("say", "tell", "warn", "claim", "argue", "insist", "admit", "reply", "comment")
""""What did X say / tell / warn...": the answer is what X said. Not "what did X write",
"announce" or "note", which as often ask for a thing ("What did Tesla write?")."""
ASKING_DESCRIPTION = ("describe", "characteri[sz]e", "explain", "justify", "sum up")
""""How did X describe / explain...": the answer is how X put it."""
REPORTING = tuple(
    form
    for verb, forms in SPEECH_VERBS.items()
    if verb not in ("claim", "admit", "call", "note", "state")
    for form in forms
)
"""Forms that report speech in the clause after them. "claimed the lives of 40 people", "was
admitted to hospital", "called the police" and "noted for" report nothing, so those verbs count
only beside a quote."""
SPOKEN = "|".join(form for forms in SPEECH_VERBS.values() for form in forms)

QUOTE_MARK = re.compile(r'["“”]')
OPENS_AFTER = frozenset(" \t\n([—–-:")
"""A quotation mark opens a quote at the start of a sentence or after a space, a bracket, a dash
or a colon (`He said:"We will win"`); after a word or a punctuation mark it closes one
(`job," he said`). Curly marks say which they are."""
QUOTE_WORDS = 4
"""A quote of fewer words ("was "devastated"") is a word someone used, less a statement."""
CLAUSE_OPENING = (
    r"(?:(?:the|a|an|its|his|her|their|our|it|he|she|they|we|i|this|these|those|there)\b|[A-Z\d]|"
    r"[a-z]+\s+(?:had|has|have|would|will|was|were|is|are|could|should|might|must|did|can)\b)"
)
"""What opens the clause a speech verb reports: a determiner, a pronoun, a name, a number, or a
noun and its auxiliary ("said staff had warned managers")."""
REPORTED_AFTER = re.compile(
    rf"\b(?:(?:told|tells)\s+(?:the\s+)?(?!that\b)[\w-]+|{'|'.join(REPORTING)})"
    rf"\s+(?:that\s+)?(?={CLAUSE_OPENING})"
)
"""Reported speech after its verb: "Hale said the company would...", "told reporters
that the wards...", "told the committee it had...". "said on Tuesday" and "said in a statement"
report nothing after the verb."""
REPORTED_BEFORE = re.compile(
    rf",\s+[^,]{{0,80}}\b(?:{'|'.join(REPORTING)})\b"
    r"(?:\s+(?:on|in|at|to|during|after|late|early)\b[^,]{0,40})?\s*[.!?]?$"
)
"""Reported speech before its attribution: "the vessel sank within 40 minutes, coastguard
spokeswoman Lena Voss said on Tuesday." """
NOT_SOURCES = r"(?!(?:the\s+)?(?:plan|schedule|tradition|custom)\b)"
"""What "according to" names that gives no account: "The launch went ahead, according to plan"."""
ACCOUNT_OPENING = re.compile(
    rf"[Aa]ccording\s+to\s+{NOT_SOURCES}[^,]{{1,80}},(?:\s+(?:a|an|who|which)\b[^,]{{1,80}},)?\s+"
)
"""An account opening the sentence, its clause after, past an aside on the source: "According
to Biraben, the plague was present in every year", "According to John Smith, a spokesman for
the company, the plant will close". Not "It went according to plan, and ended"."""
ACCOUNT_CLOSING = re.compile(rf",\s+according\s+to\s+{NOT_SOURCES}[^,]{{1,80}}[.!?]?[\"”’]?$")
"""An account closing the sentence, its clause before: "Turnout fell to 41 percent, according
to the commission." """
QUOTED_BY_REFERENCE = re.compile(
    rf"[,.!?…—-][\"”]\s+(?:he|she|they|we|it|the\s+\d+-year-old(?:\s+[a-z]+)?)\s+"
    rf"(?:{SPOKEN})\b|"
    rf"[,.!?…—-][\"”]\s+(?:{SPOKEN})\s+(?:he|she|they|we)\b"
)
"""A quote whose speaker is a pronoun or an age (`"The people have spoken," he said.`, `"Entire
streets have disappeared," the 63-year-old told local radio.`): someone named before it said
it. A role ("the mayor said") means the name its article put the role before
(qa.lexical_build's descriptions)."""


class Statement(NamedTuple):
    """What a sentence quotes or reports said, and how surely it is a statement (1 a quote)."""

    start: int
    end: int
    fit: float


def statement_spans(text: str, body: int = 0) -> list[Statement]:
    """What `text` quotes (fit 1, or 0.5 for a word or two) or else reports someone saying
    (0.5), after `body`. A quote may open in an earlier sentence ("...we can make it. Selling it
    in 50 countries is a different job," he said) or go on in a later one; its part here
    counts."""
    quoted: list[Statement] = []
    opened: int | None = body
    for mark in QUOTE_MARK.finditer(text, body):
        if mark[0] in "“”":
            opening = mark[0] == "“"
        else:
            opening = mark.start() == 0 or text[mark.start() - 1] in OPENS_AFTER
        if opening:
            opened = mark.end()
        elif opened is not None:
            quoted.append(_quote(text, opened, mark.start()))
            opened = None
    if opened is not None and opened > body:
        quoted.append(_quote(text, opened, len(text)))
    statements = [span for span in quoted if span.fit == 1.0]
    if statements:
        return statements
    reported = _reported(text, body)
    if reported is not None:
        return [reported]
    return [span for span in quoted if span.end > span.start]


def _reported(text: str, body: int) -> Statement | None:
    """Speech reported by a verb, else an account attributed with "according to"."""
    return _attributed(
        text, body, REPORTED_BEFORE.search(text, body), REPORTED_AFTER.search(text, body)
    ) or _attributed(
        text, body, ACCOUNT_CLOSING.search(text, body), ACCOUNT_OPENING.match(text, body)
    )


def _attributed(
    text: str, body: int, closing: re.Match[str] | None, opening: re.Match[str] | None
) -> Statement | None:
    """The clause before an attribution closing the sentence, else the one after an
    attribution before it."""
    if closing is not None and closing.start() > body:
        return Statement(body, closing.start(), 0.5)
    end = len(text.rstrip(". "))
    if opening is not None and opening.end() < end:
        return Statement(opening.end(), end, 0.5)
    return None


def _quote(text: str, start: int, end: int) -> Statement:
    phrase = text[start:end].strip(" ,.")
    start = text.find(phrase, start) if phrase else start
    fit = 1.0 if len(phrase.split()) >= QUOTE_WORDS else 0.5
    return Statement(start, start + len(phrase), fit)

"""Tell article text from page furniture and reader comments, by shape alone.

Furniture (navigation, share lines, "see also" lists, repeated captions, bylines, credits) is kept
in the index with `kind="furniture"` so offsets stay whole, but it is never an answer.
"""

import re
from collections import Counter

from qa.models import SentenceKind, Span

TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
WORD = re.compile(r"\w+")
TRAILING_ASIDE = re.compile(r"\s*\([^()]*\)$")
BULLET = re.compile(r"^[-–•*▪►]\s")
COMMENTS_MARKER = re.compile(r"^(?:\d+\s+)?(?:reader\s+)?comments?\s*(?:\(\d+\))?:?$", re.I)
HEADER = re.compile(
    r"^(?:date|published|posted|updated|title|author|source|tags?)\s*(?::|\d{4}-\d{2}-\d{2})", re.I
)
HEADLINE_MAX_WORDS = 12
"""An unpunctuated line this long or longer reads as a standfirst sentence, not a heading."""


def classify_paragraphs(text: str, paragraphs: list[Span]) -> list[SentenceKind]:
    """The kind of each paragraph: article text, a reader comment, or furniture."""
    wordings = [text[p.start : p.end].strip() for p in paragraphs]
    repeats = Counter(wordings)
    kinds: list[SentenceKind] = []
    in_comments = False
    for wording in wordings:
        if COMMENTS_MARKER.match(wording):
            in_comments = True
            kinds.append("furniture")
        elif repeats[wording] > 1 or is_furniture_line(wording):
            kinds.append("furniture")
        else:
            kinds.append("comment" if in_comments else "article")
    return kinds


def is_furniture_line(wording: str) -> bool:
    """Headings, bylines, link lists and credits: lines that are not prose."""
    if HEADER.match(wording):
        return True
    is_punctuated = bool(TERMINAL.search(TRAILING_ASIDE.sub("", wording)))
    if BULLET.match(wording) and not is_punctuated:
        return True
    if not is_punctuated and len(WORD.findall(wording)) < HEADLINE_MAX_WORDS:
        return True
    return is_parenthetical(wording)


def is_parenthetical(wording: str) -> bool:
    """A line or sentence wholly in parentheses is a credit or aside, e.g. a photo credit."""
    return wording.startswith("(") and wording.endswith(")") and wording.count("(") == 1


def classify_sentence(wording: str, paragraph_kind: SentenceKind) -> SentenceKind:
    """A sentence takes its paragraph's kind unless it is a credit or has no words."""
    if is_parenthetical(wording) or not WORD.search(wording):
        return "furniture"
    return paragraph_kind

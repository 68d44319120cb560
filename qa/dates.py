"""When an article was written: a header line, a dateline, else the first full date near the top.

Phrases that may be dates are found by shape alone (a capitalised word beside a day number, an ISO
date); dateparser decides which of them are dates, so no month names are written down here. Its
verdict on each capitalised word is kept, so "Bowl 50" costs one look-up per corpus, not per file.
"""

import datetime as dt
import re
from functools import cache, lru_cache
from typing import Any

from qa.models import DateSource, Frozen

HEADER_KEYWORD = re.compile(r"^\s*(?:date|published|posted|updated)\b", re.I)
HEADER_LINES = 8
"""How many leading non-empty lines make the header (title, byline, date line)."""
HEADER_MAX_WORDS = 12
"""A header line this short that holds a full date is a date line, not prose."""
HEADER_MAX_CHARS = 160
"""Longer lines are prose whatever their word count; counting their words is wasted time."""
DATELINE_LINES = 12
"""How many leading non-empty lines may open with a dateline ("November 10, Pozirk. ...")."""
TEXT_LINES = 10
"""How many leading non-empty lines (headline, standfirst, captions, first paragraphs) are
searched for the first full date."""
WORD = re.compile(r"\w+")

_MONTH_DAY = r"(?P<word1>[A-Z][a-z]{2,8})\.?\s+\d{1,2}(?:st|nd|rd|th)?\b"
_DAY_MONTH = r"\d{1,2}(?:st|nd|rd|th)?\s+(?P<word2>[A-Z][a-z]{2,8})\b\.?"
_CANDIDATE = (
    rf"\b(?:(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})\b|(?P<day>{_MONTH_DAY}|{_DAY_MONTH})"
    rf"(?:,?\s+(?P<year>\d{{4}})\b)?)"
)
CANDIDATE = re.compile(_CANDIDATE)
DATELINE = re.compile(
    # An optional place ("MINSK, "), the date, then an agency ("Pozirk. ", "(Reuters) -") or a dash.
    rf"^\W*(?:[A-Z][^,\n]{{0,40}},\s+)?(?P<date>{_CANDIDATE})\s*,?\s*"
    r"(?:\(\s*[A-Z][^()\n]{0,30}\)\s*[-–—:]|[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,2}[.:]\s|[-–—:]\s)"
)


class FoundDate(Frozen):
    """A date read from an article, with the words it was read from."""

    date: dt.date | None
    """The full date; None when the words give no year ("November 10")."""
    stated: str
    source: DateSource


def find_date(lines: list[str]) -> FoundDate | None:
    """The article's date from its leading non-empty lines, or None when it states none."""
    found = _header_date(lines[:HEADER_LINES]) or _dateline_date(lines[:DATELINE_LINES])
    if found is not None and found.date is not None:
        return found
    first_full = next((date for line in lines[:TEXT_LINES] for date in _full_dates(line)), None)
    if found is not None:
        return _complete_year(found, first_full)
    if first_full is not None:
        return first_full.model_copy(update={"source": "text"})
    return None


def _header_date(lines: list[str]) -> FoundDate | None:
    for line in lines:
        is_short = len(line) <= HEADER_MAX_CHARS and len(WORD.findall(line)) <= HEADER_MAX_WORDS
        if is_short or HEADER_KEYWORD.match(line):
            for date in _full_dates(line):
                return date.model_copy(update={"source": "header"})
    return None


def _dateline_date(lines: list[str]) -> FoundDate | None:
    for line in lines:
        if (match := DATELINE.match(line)) and (found := _parse(match, "date")):
            return found.model_copy(update={"source": "dateline"})
    return None


def _complete_year(dateline: FoundDate, full: FoundDate | None) -> FoundDate:
    """A dateline without a year takes it from a full date of the same day near the top."""
    if full is None or full.date is None:
        return dateline
    partial = parse_phrase(dateline.stated, has_year=False)
    if partial is None or (partial.month, partial.day) != (full.date.month, full.date.day):
        return dateline
    return dateline.model_copy(update={"date": full.date})


def _full_dates(line: str) -> list[FoundDate]:
    """Full dates in `line`, in order; a rejected phrase does not hide one starting inside it."""
    found: list[FoundDate] = []
    position = 0
    while match := CANDIDATE.search(line, position):
        date = _parse(match, None)
        if date is not None and date.date is not None:
            found.append(date)
            position = match.end()
        else:
            position = match.start() + 1
    return found


def _parse(match: re.Match[str], group: str | None) -> FoundDate | None:
    stated = match[group] if group else match[0]
    if match["iso"]:
        try:
            date = dt.date.fromisoformat(match["iso"])
        except ValueError:
            return None
        return FoundDate(date=date, stated=stated, source="text")
    if not is_month_word(match["word1"] or match["word2"]):
        return None
    has_year = match["year"] is not None
    parsed = parse_phrase(stated, has_year=has_year)
    if parsed is None:
        return None
    return FoundDate(date=parsed if has_year else None, stated=stated, source="text")


@cache
def is_month_word(word: str) -> bool:
    """Whether dateparser reads `word` as a month ("Dec", "June"), not a name ("Bowl")."""
    return parse_phrase(f"{word} 1", has_year=False) is not None


@lru_cache(maxsize=4096)
def parse_phrase(phrase: str, *, has_year: bool) -> dt.date | None:
    """The date `phrase` names; without a year, the year of the result means nothing."""
    parsed = _dateparser().parse(phrase, languages=["en"], settings=_settings(has_year))
    return parsed.date() if parsed is not None else None


@cache
def _settings(has_year: bool) -> dict[str, Any]:
    parts = ["day", "month", "year"] if has_year else ["day", "month"]
    return {"REQUIRE_PARTS": parts, "PREFER_DAY_OF_MONTH": "first"}


@cache
def _dateparser() -> Any:
    # Imported on first use: dateparser takes a fifth of a second to import.
    import dateparser

    return dateparser

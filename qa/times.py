"""The times a question asks about, read from its words: years (not those bounding the time,
"prior to 2000"), decades, months, days of the week and relative times ("last season",
"tomorrow"). Pure functions; features compare them with the times a sentence states."""

import re

from qa.fold import fold
from qa.models import Frozen

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTH_WORD = re.compile(
    r"\b(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
RELATIVE_TIME = re.compile(
    r"\b(?:yesterday|today|tonight|tomorrow|(?:last|this|next|past)\s+(?:week|month|year|"
    r"weekend|season|spring|summer|autumn|fall|winter)|(?:week|month|year|season)\s+before\s+"
    r"last(?![\s-]+(?:week|month|year|season)))\b"
)
DECADE = re.compile(r"\b(1[5-9][1-9]0|20[0-9]0)['’]?s\b")
"""A decade: "the 1950s", "the 1950's", "the 2000s"; not "1000s of protesters" nor "the 1800s",
as often a century."""
TIME_BOUND = re.compile(
    r"\b(?:before|prior\s+to|after|since|until|till|pre|post)[\s-]+(?P<the>the\s+)?"
    r"(?:(?:early|late|mid)[\s-]+)?$",
    re.I,
)
"""Words before a year or a decade that make it a bound, not the time asked: "prior to 2000" is
answered by 1946, "since 2010" by 2014. Not "after the 2010 election", which names an event of
that year, nor "by", which as often names who did it ("beaten by 2012 champion Murray")."""
FROM_YEAR = re.compile(r"\bfrom\s+(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?\d{4}['’]?s?\s+$", re.I)
""""From 2001 until 2009" asks both years."""
SEASON_AFTER = re.compile(
    r"(?:[-–—/]\d{2,4})?\s+(?:(?:[A-Z][\w-]*|league|football|regular)\s+){0,3}[Ss]eason\b"
    r"(?!\s+(?:tickets?|pass|passes|holders?)\b)"
)
"""A year that names a sports season ("the 2015 season", "the 2015-16 season", "the 2015
Formula One season", "the 2015 regular season"), which runs into the next year: "the 2015
season" asks 2015 and 2016. Not "the 2015 hurricane season", nor the end of "the 2015-2016
season"."""
RANGE_BEFORE = re.compile(r"[-–—/]$")
SAME_DAY = {"yesterday": "last", "today": "this", "tonight": "this", "tomorrow": "next"}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY = re.compile(r"\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?\b")
NAME_WORD_BEFORE = re.compile(
    r"\b(?!(?:On|By|Since|Until|From|Last|Next|This|Every|Each)\b)[A-Z]\w*\s$"
)
NAME_WORD_AFTER = re.compile(r"\s[A-Z]")


class TimeConstraint(Frozen):
    """The times a question asks about: "in 2021", "in September", "last week"."""

    years: tuple[int, ...] = ()
    decades: tuple[int, ...] = ()
    """First years of the decades asked: 1950 for "the 1950s"."""
    months: tuple[int, ...] = ()
    """Month numbers, 1 to 12."""
    relative: tuple[str, ...] = ()
    """Folded relative phrases such as "last week"."""
    weekdays: tuple[int, ...] = ()
    """Days of the week, 0 for Monday."""

    @property
    def is_empty(self) -> bool:
        return not (self.years or self.decades or self.months or self.relative or self.weekdays)

    @property
    def years_asked(self) -> tuple[int, ...]:
        """The years asked, a decade's ten among them."""
        return self.years + tuple(y for d in self.decades for y in range(d, d + 10))


def time_constraint(text: str) -> TimeConstraint:
    """Years (not bounds: "prior to 2000"), decades, months (capitalised, so "may" the verb is
    not May), days of the week and relative times asked."""
    months = [month_number(m) for m in MONTH_WORD.findall(text)]
    folded = fold(text)
    written = list(DECADE.finditer(text))
    decades = [m for m in written if not _is_bound(text, m, is_decade=True)]
    decade_starts = {m.start() for m in written}
    years = [
        m
        for m in YEAR.finditer(text)
        if m.start() not in decade_starts and not _is_bound(text, m, is_decade=False)
    ]
    asked_years = [
        int(m[1]) + after for m in years for after in ((0, 1) if _names_season(text, m) else (0,))
    ]
    return TimeConstraint(
        years=tuple(dict.fromkeys(asked_years)),
        decades=tuple(dict.fromkeys(int(m[1]) for m in decades)),
        months=tuple(dict.fromkeys(months)),
        relative=tuple(dict.fromkeys(" ".join(m.split()) for m in RELATIVE_TIME.findall(folded))),
        weekdays=tuple(dict.fromkeys(weekdays_in(text))),
    )


def _names_season(text: str, year: re.Match[str]) -> bool:
    """Whether the year `year` found starts a season that runs into the next (SEASON_AFTER)."""
    return (
        SEASON_AFTER.match(text, year.end()) is not None
        and RANGE_BEFORE.search(text, 0, year.start()) is None
    )


def _is_bound(text: str, match: re.Match[str], is_decade: bool) -> bool:
    """Whether the year or decade `match` found bounds the time asked (TIME_BOUND)."""
    bound = TIME_BOUND.search(text, 0, match.start())
    if bound is None or (bound["the"] and not is_decade):
        return False
    return FROM_YEAR.search(text, 0, bound.start()) is None


def years_named(phrase: str) -> set[int]:
    """The years a phrase names: "in 2011", and the ten of "the 1950s"."""
    decades = {m.start(): int(m[1]) for m in DECADE.finditer(phrase)}
    years = {int(m[1]) for m in YEAR.finditer(phrase) if m.start() not in decades}
    return years | {year for start in decades.values() for year in range(start, start + 10)}


def relative_key(phrase: str) -> tuple[str, str]:
    """("relative season", "last") for "last season", ("relative day", "next") for "tomorrow",
    ("relative year", "before last") for "the year before last": phrases of one unit with
    different words name different times ("this season" is not "last season"), and none of them
    names a year or a month as such."""
    words = phrase.split()
    if len(words) == 1:
        return ("relative day", SAME_DAY[words[0]])
    if words[1:] == ["before", "last"]:
        return (f"relative {words[0]}", "before last")
    return (f"relative {words[1]}", "last" if words[0] == "past" else words[0])


def weekdays_in(text: str) -> list[int]:
    """The days of the week `text` names, 0 for Monday; not one inside a name ("the Sunday
    Times", "Good Friday", "Super Tuesday"), which a capitalised word touches."""
    return [
        weekday_number(match[1])
        for match in WEEKDAY.finditer(text)
        if not NAME_WORD_BEFORE.search(text[: match.start()])
        and not NAME_WORD_AFTER.match(text, match.end())
    ]


def weekday_number(prefix: str) -> int:
    """0 for "Mon(day)", up to 6 for "Sun(day)"."""
    return next(n for n, day in enumerate(WEEKDAYS) if day.startswith(prefix.lower()))


def month_number(name: str) -> int:
    """1 for "January", "Jan" or "Jan.", up to 12."""
    prefix = name.lower().rstrip(".")[:3]
    return next(number for number, m in enumerate(MONTHS, start=1) if m.startswith(prefix))

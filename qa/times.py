"""The times a question asks about, read from its words: years, months, days of the week and
relative times ("last season", "tomorrow"). Pure functions; features compare them with the times
a sentence states."""

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
    r"weekend|season|spring|summer|autumn|fall|winter))\b"
)
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
    months: tuple[int, ...] = ()
    """Month numbers, 1 to 12."""
    relative: tuple[str, ...] = ()
    """Folded relative phrases such as "last week"."""
    weekdays: tuple[int, ...] = ()
    """Days of the week, 0 for Monday."""

    @property
    def is_empty(self) -> bool:
        return not (self.years or self.months or self.relative or self.weekdays)


def time_constraint(text: str) -> TimeConstraint:
    """Years, months (capitalised, so "may" the verb is not May), days of the week and relative
    times asked."""
    months = [month_number(m) for m in MONTH_WORD.findall(text)]
    folded = fold(text)
    return TimeConstraint(
        years=tuple(dict.fromkeys(int(y) for y in YEAR.findall(text))),
        months=tuple(dict.fromkeys(months)),
        relative=tuple(dict.fromkeys(" ".join(m.split()) for m in RELATIVE_TIME.findall(folded))),
        weekdays=tuple(dict.fromkeys(weekdays_in(text))),
    )


def relative_key(phrase: str) -> tuple[str, str]:
    """("relative season", "last") for "last season", ("relative day", "next") for "tomorrow":
    phrases of one unit with different words name different times ("this season" is not "last
    season"), and none of them names a year or a month as such."""
    words = phrase.split()
    if len(words) == 1:
        return ("relative day", SAME_DAY[words[0]])
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

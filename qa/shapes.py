"""What an entity's phrase is by its shape and the words around it: an age and whose, a span
or a point of time, a date of the past, a sum.

Pure functions over a question and a sentence's stored entities (qa.answer asks them of each
entity of the expected label): the NER model tags "69-year-old", "three decades" and "last
week" alike as DATE, and "9 million crowns" as a CARDINAL.
"""

import datetime as dt
import re

from qa.asked import PERSON_NOUNS, POSSESSIVE_ENDINGS, AnswerType, is_past_form
from qa.fold import fold, tokens
from qa.models import Entity, Sentence
from qa.numbers import NUMBER_WORDS
from qa.question import Question
from qa.roles import DESCRIBED_ASKED, ROLE_HOLDER_FORMS
from qa.terms import UNIT_SPELLINGS, is_stop_word, spelt_unit, stem, word_forms
from qa.times import MONTH_WORD, WEEKDAY, YEAR, years_named

TIME_UNIT = re.compile(
    r"\b(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centur(?:y|ies))\b",
    re.I,
)

POINT_IN_TIME = re.compile(
    r"^(?:this|that|last|next|recent|the|these|those|every|each|early|late|mid|same)\b", re.I
)
"""A DATE that places rather than measures: "this year", "recent months", "the same day"."""

FREQUENCY = re.compile(
    r"^(?:(?:bi|semi-?)?(?:daily|weekly|monthly|yearly|annual|annually|quarterly|hourly|nightly)|"
    r"(?:every|each|once|twice|thrice|\w+ times)\b.*|.*\bper (?:day|week|month|year|decade))$",
    re.I,
)
"""A DATE that says how often ("monthly", "every four years", "twice a year"), not when."""

SPAN_OF_TIME = re.compile(
    r"^(?:(?:about|around|almost|nearly|some|over|more than|less than|at least|only|just)\s+)?"
    r"(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|a few|few|several|many|dozens of|hundreds of)[\s-]+"
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centur(?:y|ies))$",
    re.I,
)
"""A DATE that only measures ("two years", "more than three decades"): how long, not when..."""

RUNNING_SPAN = re.compile(
    r"^(?:the\s+)?(?:next|past|last|coming|previous|following|first)\s+", re.I
)
""""The next nine months", "the past two years": a span of time counted from a point, which says
how long ("production will move over the next nine months"), though it opens like one."""

LAST_AS_VERB = re.compile(r"\b(?:will|would|could|should|may|might|must|can|to)\s+$", re.I)
"""Before a DATE "last five days" (the NER model's span of "would last five days"): a verb, so
the phrase says how long, not when."""

SPAN_FOR_BEFORE = re.compile(r"\bfor\s+$", re.I)
"""Before a span of time that says how long, whatever follows: "suspended for two years after
the panel found..."; not before a point in time ("planned for next week")."""

SPAN_PLACED_BEFORE = re.compile(r"\b(?:in|after|within)\s+$", re.I)

RANKED_WITHIN_BEFORE = re.compile(
    r"\b(?:the|its|their|his|her)\s+(?:[\w-]+\s+)?(?:first|second|third|fourth|fifth|only|most|"
    r"least|(?!(?:prot|inter|requ|cont|for|arr|harv|qu|gu|inv|sugg|dig|t|w|r|ch|n)est\b)\w{2,}est)"
    r"\b(?:(?!\b(?:will|would|shall|to)\b)[^,;:.]){0,60}?\sin\s+$",
    re.I,
)
"""An ordinal or a superlative, after "the" or a possessive, before "in" and a span of time,
which the span bounds: "the second hunger strike at the facility in two years", "its lowest
level in a decade"; not "The first flights will resume in two weeks" nor "The protest will
end in two days"."""

SPAN_PLACED_AFTER = re.compile(r"\s+(?:ago|later|earlier|after|before|since|into|from)\b", re.I)
"""...unless the words around it place it: "in two years", "three decades after the war"."""

YEARS_OLD = r"(?:year|month|week|day)s?[- ]old"

AGE_PHRASE = re.compile(rf"{YEARS_OLD}|years? of age|\baged?\b|\bage of\b", re.I)

LONGER_THAN_A_LIFE = re.compile(
    r"\b(?:(?:hundred|thousand|million|billion)s?|1[3-9]\d|[2-9]\d\d|\d{4,}|\d{1,3}(?:,\d{3})+)\b",
    re.I,
)
"""A number in an age no one reaches: "four and a half billion years old" is a rock's age,
not the age of the scientist quoted saying it."""

AGE_GROUP = re.compile(r"(?:the\s+)?(?:under|over)[-\u2010-\u2015]\d{1,2}s?", re.I)
"""A team or class by its members' age ("the under-21 side", "the over-50s"), which the NER
model tags a date: it does not say when anything happened. Not "over 10 years ago"."""

AGE_BEFORE = re.compile(r"\b(?:aged?|age of)\s*$", re.I)

AGES_LISTED_BEFORE = re.compile(r"\b(?:aged?|ages? of)\s+(?:\d{1,3}\s*(?:,|and|or|to)\s*)*$", re.I)

NAME_AND_COMMA = re.compile(r"[A-Z][\w.'’-]*,\s*$")

AGE_NUMBER = re.compile(r"[0-9]{1,3}")

AGE_ASKED_OF = re.compile(
    r"\b(?i:how\s+old\s+(?:is|was|are|were|will\s+be)|what\s+(?:is|was)\s+the\s+age\s+of)\s+"
    r"(?P<name>(?:[A-Z][\w.'’-]*\s+)*[A-Z][\w.'’-]*)"
)
"""The name of the person whose age a question asks: "How old is Judge Ilsa Marrow?"."""

AGE_SET_OFF = re.compile(r"\s*,\s*")
"""Between a name and the age set off after it: "Castellan, 61,"."""

MAX_AGE = 120

NOT_NAMES = ("GPE", "LOC", "FAC", "DATE", "TIME", "ORG")
"""Labels of a capitalised word that a number after it does not give the age of."""

CURRENCY = (
    r"(?:dollars?|euros?|pounds?|pence|cents?|yen|yuan|renminbi|rupees?|roubles?|rubles?|"
    r"francs?|crowns?|kron[aeo]r?|koruna|zloty(?:s|ch)?|forints?|pesos?|reais|rand|lira|shekels?|dinars?|"
    r"dirhams?|riyals?|won|baht|ringgit|naira|shillings?|hryvnias?|"
    r"usd|eur|gbp|jpy|cny|chf|cad|aud|inr|rub|sek|nok|dkk|pln|czk|huf|brl|zar|mxn|krw)\b"
)

PENALTY_WORDS = frozenset(["fine", "fines", "fined", "penalty", "penalties"])

SHARE_OF_A_SUM = re.compile(
    r"\s+of\s+(?:(?:its|their|the|a|an|his|her)\s+)?(?:[\w'’-]+\s+){0,3}?"
    r"(?:revenue|revenues|turnover|sales|income|profits?|salary|salaries|pay|budget|gdp|"
    r"earnings|wages?)\b",
    re.I,
)
"""After a percentage that is a fine, as a share of a sum: "fines of up to 3 percent of annual
revenue", "4 percent of a company's global turnover"."""

CURRENCY_AFTER = re.compile(rf"\s+(?:[A-Z][\w.]*\s+){{0,2}}(?i:{CURRENCY})")
"""A currency named after a number ("9 million crowns", "900 million Danish crowns"), which the
NER model often tags CARDINAL or QUANTITY, not MONEY."""

CURRENCY_INSIDE = re.compile(rf"^.*?\d.*?\b{CURRENCY}", re.I)
"""A sum up to its currency: the model tags "9 million pounds Harlow" as one MONEY entity, and
"31 million pounds Brentvale" as one QUANTITY."""

DAY_NUMBER = re.compile(r"(?<![\d,.])\b(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b(?![.,]?\d)")

NAMED_DAY = re.compile(r"\b(?:(?i:today|yesterday|tomorrow|tonight)|[A-Z][\w']+ (?:Day|Eve))\b")

YEAR_SHAPE = re.compile(
    r"(?<![\d,.])\b\d{3,4}(?:s|'s)?\b(?![.,]?\d)(?!\s+years?\b)|'\d0s\b|\b\d{1,4}\s+(?:BCE?|AD|CE)\b"
    r"|\b(?:last|this|next|that|the same|the following|the previous) year\b",
    re.I,
)
"""A year or a decade: "2011", "476", "the 1990s", "the '90s", "753 BC", or "last year", which
the article's date places; not "1500 years ago"."""

CLOCK_TIME = re.compile(
    r"(?:about|around|at|just|after|before|shortly|\s)*"
    r"(?:\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?m\b\.?|\d{1,2}:\d{2}|\d{4}\s*(?:GMT|UTC|hours|hrs)\b"
    r"|\w+\s+o'clock)",
    re.I,
)
"""A time of day the model may tag a date or a number: "7:42 a.m.", "11.42am", "0600 GMT", "six
o'clock"."""

CLOCK_SHAPE = re.compile(r"\d|\b(?:noon|midday|midnight|o'clock)\b", re.I)

SPAN_WORDS = re.compile(r"\b(?:seconds?|minutes?|hours?|later|earlier|after|before|ago)\b", re.I)
"""What "at what time" asks is a time of day in digits ("an hour after 8 p.m."), or has
digits ("10 tonight") or is noon or midnight and is no span of time: the model also tags
"morning" and "about 58 minutes later" TIME."""

NUMERIC_DATE = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b")

OF_THE_TIME = re.compile(r"\s+of\s+the\s+time\b")
"""After a percentage that says how often: "matched its top choice 93 percent of the time"."""

SHARE_WORDS = re.compile(r"\b(?:half|halves|thirds?|quarters?|fifths?|tenths?)\b|/", re.I)
"""A number that says a share, which a percentage question may be answered by: "a third",
"two-thirds", "3/4"; not "an estimated 140,000" (hectares)."""

SHARE_OF = re.compile(
    r"\s+(?:in|out\s+of)\s+(?:every\s+)?"
    rf"(?:\d[\d,.]*|{'|'.join(NUMBER_WORDS[2:])}|ten|twenty|hundred|thousand)\b",
    re.I,
)
"""After the first number of a share the NER model tags apart: "One in five", "3 out of 4"."""

YEAR_RANGE = re.compile(r"(1\d{3}|20\d\d)\s*[–—/-]\s*(\d\d|1\d{3}|20\d\d)\b")
"""Two years joined by a dash or a slash: "1919–1980", "1862–90", "the 2025/26 season"."""

LONGEST_LIFE = 110
TITLE_WORDS = ROLE_HOLDER_FORMS | {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady"}
"""Words before a name that are no part of it: "President Biden", "Mrs Thatcher"."""
DESCRIBED_HEAD_END = re.compile(r"\s+(?:of|who|that|in|at|from|when)\b|,", re.I)
"""Where the words heading whom or what a question asks the age of end (qa.roles.DESCRIBED_ASKED):
"the skeleton" of "the skeleton of the woman"."""
PERSON_WORDS = word_forms(PERSON_NOUNS)

FUTURE_ASKED = re.compile(
    r"\b(?:when|(?:what|which)\s+(?:date|day|time|year|month))\s+(?:will|shall|"
    r"(?:is|are)\s+(?:[\w'’-]+\s+){0,5}?(?:(?:due|expected|scheduled|set|going|planned)\s+to|"
    r"next|upcoming))\b",
    re.I,
)
"""Words of a question asking when something is to happen: "When will the court hear the
appeal?", "When is the new bridge expected to open?", "When is the committee's next
inspection?"."""

PAST_RELATIVE_BEFORE = re.compile(
    r"\b(?:who|which|that)\s+(?:(?:last|first|once|\w+ly)\s+)?(?P<verb>[a-z]+)\b"
    r"(?:(?!\b(?:will|would|shall|is|are|to)\b)[^,;:(])*?\s(?:in|on|during)\s+$"
)
"""A relative clause and its verb, ending in "in" or "on" placing a date: "who took charge of
the chain in", "which last inspected the centres in"; not the clause after it ("The plant that
opened in 1998 will close in")."""

PAST_AUXILIARY_BEFORE = re.compile(
    r"(?:\b(?:was|were|had)\b|\blast\s+\w+ed\b)(?:(?!\b(?:will|would|shall|is|are|to)\b)[^,;:(])"
    r"{0,40}?\s(?:in|on|during)\s+$",
    re.I,
)
"""A past auxiliary or "last" and a past form before "in" or "on" placing a date: "The last
election was held on", "The committee last inspected the centres in"."""
WORD_AFTER_DATE = re.compile(r"\s+(?P<word>[a-z]+)\b(?!\s+(?:by|on|in|to)\b)")
"""The verb a date placed before it dates: "The government on Tuesday approved..."; not a
participle ("held on May 5 followed by a runoff")."""


def is_past_for_future(
    question: Question, text: str, start: int, phrase: str, article_date: dt.date | None
) -> bool:
    """Whether a date cannot answer "when will...", being past: it names only years before
    its article's ("who took charge in 2024", in a 2026 story), or it dates a past verb right
    after it, after a past auxiliary or in the relative clause it closes ("The government on
    Tuesday approved a cap", "was held on 4 July 2024" and "which last inspected the centres in
    2023" do not say when the cap will apply, the next election or inspection be; "was
    postponed to 2027" and "reopens in May" may)."""
    if FUTURE_ASKED.search(question.text) is None:
        return False
    years = years_named(phrase)
    if span := YEAR_RANGE.search(phrase):
        years.add(_range_end(span))
    if article_date is not None and years:
        return max(years) < article_date.year
    verb_after = WORD_AFTER_DATE.match(text, start + len(phrase))
    if verb_after is not None and is_past_form(verb_after["word"]):
        return True
    if PAST_AUXILIARY_BEFORE.search(text, 0, start):
        return True
    relative = PAST_RELATIVE_BEFORE.search(text, 0, start)
    return relative is not None and is_past_form(relative["verb"])


def is_life_span(phrase: str) -> bool:
    """Whether `phrase` is years a life may span: "1919–1980", "1862–90"; not a record of wins
    ("333–178") or a vote ("218–214")."""
    years = YEAR_RANGE.fullmatch(phrase)
    if years is None:
        return False
    born = int(years[1])
    return born < _range_end(years) <= born + LONGEST_LIFE


def _range_end(years: re.Match[str]) -> int:
    """The last year of a YEAR_RANGE: 1990 of "1862–1990", 1890 of "1862–90"."""
    first, last = int(years[1]), years[2]
    return int(last) if len(last) == 4 else first // 100 * 100 + int(last)


def has_shape(question: Question, label: str, sentence: Sentence, start: int, phrase: str) -> bool:
    """Durations and ages are DATE entities of a shape: "three decades", "69-year-old". A point
    in time is neither a frequency nor a bare span of time; a frequency is one. A sum of money is
    a number with a currency, or a percentage only if the question asks a change or a fine a
    share of a sum ("fines of up to 3 percent of annual revenue"). A share is a
    percentage or a number that says one (SHARE_WORDS, SHARE_OF)."""
    text = sentence.text
    answer_type = question.answer_type
    if answer_type is AnswerType.DURATION and label in ("DATE", "TIME"):
        return _measures_time(text, start, phrase)
    if answer_type is AnswerType.AGE:
        return _is_age(question, label, sentence, start, phrase)
    if answer_type is AnswerType.FREQUENCY:
        if label == "PERCENT":
            return OF_THE_TIME.match(text, start + len(phrase)) is not None
        return label == "TIME" or FREQUENCY.match(phrase) is not None
    if answer_type in (AnswerType.DATE, AnswerType.YEAR, AnswerType.DAY, AnswerType.CLOCK):
        return _is_point_in_time(answer_type, sentence, start, phrase)
    if answer_type is AnswerType.MONEY and label in ("CARDINAL", "QUANTITY"):
        return has_currency(sentence, start, phrase)
    if answer_type is AnswerType.MONEY and label == "PERCENT":
        return question.asks_change or (
            not question.words.isdisjoint(PENALTY_WORDS)
            and SHARE_OF_A_SUM.match(text, start + len(phrase)) is not None
        )
    if answer_type is AnswerType.PERCENT and label == "CARDINAL":
        return bool(SHARE_WORDS.search(phrase) or SHARE_OF.match(text, start + len(phrase)))
    return True


def _is_age(question: Question, label: str, sentence: Sentence, start: int, phrase: str) -> bool:
    """An age set off after the name of the person asked about ("Strelets, 63,"), a DATE saying
    an age ("the 69-year-old") or a number after "aged"."""
    if is_age_after_name(sentence, start, phrase):
        return not _is_age_of_another(question, sentence, start)
    if label == "DATE":
        if LONGER_THAN_A_LIFE.search(phrase) and (
            _names_person_asked(question, sentence) or _asks_a_persons_age(question)
        ):
            return False
        return bool(AGE_PHRASE.search(phrase)) and not _describes_another(
            question, sentence, start, start + len(phrase)
        )
    return bool(AGE_BEFORE.search(sentence.text[:start]))


DESCRIBED_BEFORE = re.compile(r"(?<![\w'’-])([a-z][\w-]*),\s+(?:a|an)\s+$")
"""Someone unnamed an age is set off after: "one, a 41-year-old man from Calgary"."""

INTRODUCED_BEFORE = re.compile(r"\w\s+(?:a|an)\s+$")
"""An indefinite article inside the sentence: someone new ("and a 52-year-old Turkish lorry
driver whose truck was passing, according to governor Desislava Marinova-Petkova")..."""

SAID_OF_BEFORE = re.compile(
    r"(?:\b(?:is|was|are|were|be|been|became|becomes|as|like)|[,(])"
    r"(?:\s+(?:now|still|also|just|only|already|once|even|himself|herself))?\s+(?:a|an)\s+$",
    re.I,
)
"""...unless it says what someone named is ("Ruiz, now a 52-year-old professor", "Ruiz was
just a 19-year-old student"); not "Even a 12-year-old could see it" nor "then a 52-year-old
driver described the crash"."""

FOLLOWING_WORDS = re.compile(r"(?:\s+[\w'’-]+){1,3}")
"""The words describing someone after an age: "Turkish lorry driver"."""

PERSONAL_PRONOUNS = frozenset(["he", "she", "they", "we", "i", "you", "who"])
"""Words for someone named before: "she, a 41-year-old teacher" is whoever "she" is."""


def _asks_a_persons_age(question: Question) -> bool:
    """Whether the question asks how old someone is by a person noun: "How old is the project
    scientist?", not "How old is the skeleton of the woman?"."""
    described = DESCRIBED_ASKED.match(question.text)
    if described is None:
        return False
    head = DESCRIBED_HEAD_END.split(described["phrase"], maxsplit=1)[0].split()
    return bool(head) and head[-1].lower() in PERSON_WORDS


def _names_person_asked(question: Question, sentence: Sentence) -> bool:
    """Whether the sentence names as a person someone the question names."""
    asked = {term for name in question.entities for term in name}
    return any(
        e.label == "PERSON" and not asked.isdisjoint(_name_terms(sentence, e))
        for e in sentence.entities
    )


def _describes_another(question: Question, sentence: Sentence, start: int, end: int) -> bool:
    """Whether the age from `start` to `end` describes someone the sentence leaves unnamed, when
    the question names whose age it asks: "and one, a 41-year-old man from Calgary, had a
    broken pelvis, said Claudia Furrer" does not say how old Furrer is, nor "and a 52-year-old
    Turkish lorry driver..., according to governor Desislava Marinova-Petkova" how old she is.
    "The driver, a 41-year-old man" says how old the driver or the man is, "she, a 41-year-old
    teacher" how old she is, and "a 52-year-old Turkish lorry driver" how old the driver the
    question asks about is."""
    if not question.entity_names:
        return False
    text = sentence.text
    before = DESCRIBED_BEFORE.search(text, 0, start)
    if before is not None:
        if before[1] in question.words or before[1] in PERSONAL_PRONOUNS:
            return False
    elif (
        not INTRODUCED_BEFORE.search(text, 0, start)
        or SAID_OF_BEFORE.search(text, 0, start)
        or not _names_person_asked(question, sentence)
    ):
        return False
    described = FOLLOWING_WORDS.match(text, end)
    words = tokens(described[0]) if described else []
    return all(is_stop_word(word) or word not in question.words for word in words)


def _measures_time(text: str, start: int, phrase: str) -> bool:
    """Whether a DATE or TIME at `start` says how long: "three decades", "would last five days",
    "over the next nine months"; not "last week" or "the 69-year-old"."""
    if _lasts(text, start, phrase) or (
        SPAN_FOR_BEFORE.search(text, 0, start)
        and TIME_UNIT.search(phrase)
        and not POINT_IN_TIME.match(phrase)
    ):
        return True
    running = RUNNING_SPAN.match(phrase)
    # "in the next five days" says by when, not how long.
    placed = SPAN_PLACED_BEFORE.search(text[:start]) is not None
    if running is not None and not placed and SPAN_OF_TIME.match(phrase[running.end() :]):
        return True
    return (
        bool(TIME_UNIT.search(phrase))
        and not AGE_PHRASE.search(phrase)
        and not POINT_IN_TIME.match(phrase)
        # "ended two days before the vote" says when.
        and not SPAN_PLACED_AFTER.match(text, start + len(phrase))
    )


def _is_point_in_time(answer_type: AnswerType, sentence: Sentence, start: int, phrase: str) -> bool:
    """A date or time answering "when": not an age, an age group, a frequency or a span of
    time; a year for "in what year", a day for "on what day", a clock's time for "at what
    time"."""
    if answer_type is AnswerType.DAY and not _names_a_day(phrase):
        return False
    if answer_type is AnswerType.YEAR and not YEAR_SHAPE.search(phrase):
        return False
    if answer_type is AnswerType.CLOCK and not (
        CLOCK_TIME.search(phrase) or (CLOCK_SHAPE.search(phrase) and not SPAN_WORDS.search(phrase))
    ):
        return False
    text = sentence.text
    return (
        not is_age_after_name(sentence, start, phrase)
        and not _is_age_after_aged(text, start, phrase)
        and not re.search(YEARS_OLD, phrase, re.I)
        and not FREQUENCY.match(phrase)
        and not AGE_GROUP.fullmatch(phrase)
        and not _is_span_of_time(text, start, phrase)
    )


def _names_a_day(phrase: str) -> bool:
    """Whether a DATE names a day: "Feb. 19", "19 February", "Tuesday", "yesterday", "Christmas
    Eve", "2025-03-04"; not "2017", "this year" or "the spring"."""
    month = MONTH_WORD.search(phrase)
    return bool(
        (month is not None and DAY_NUMBER.search(phrase))
        or WEEKDAY.search(phrase)
        or NAMED_DAY.search(phrase)
        or NUMERIC_DATE.search(phrase)
    )


def has_currency(sentence: Sentence, start: int, phrase: str) -> bool:
    """Whether a number is a sum: its currency follows it ("9 million crowns") or is inside it
    (the model tags "31 million pounds Brentvale paid..." as one QUANTITY)."""
    return (
        CURRENCY_AFTER.match(sentence.text, start + len(phrase)) is not None
        or CURRENCY_INSIDE.match(phrase) is not None
    )


def _is_age_after_aged(text: str, start: int, phrase: str) -> bool:
    """Ages the NER model tags as a DATE ("two climbers, aged 28 and 35"): after "aged" and the
    ages listed before, without a year, which "retired aged 61 in 2019" has."""
    return AGES_LISTED_BEFORE.search(text[:start]) is not None and not YEAR.search(phrase)


def _lasts(text: str, start: int, phrase: str) -> bool:
    """Whether `phrase` is "last" the verb and a span of time: "(would) last five days"."""
    return (
        phrase[:5].lower() == "last "
        and SPAN_OF_TIME.match(phrase[5:]) is not None
        and LAST_AS_VERB.search(text[:start]) is not None
    )


def _is_span_of_time(text: str, start: int, phrase: str) -> bool:
    if _lasts(text, start, phrase) or (
        SPAN_OF_TIME.match(phrase) is not None and RANKED_WITHIN_BEFORE.search(text, 0, start)
    ):
        return True
    return (
        SPAN_OF_TIME.match(phrase) is not None
        and not SPAN_PLACED_BEFORE.search(text[:start])
        and not SPAN_PLACED_AFTER.match(text, start + len(phrase))
    )


def is_age_after_name(sentence: Sentence, start: int, phrase: str) -> bool:
    """A bare number set off after a name by a comma, and followed by another or by the
    sentence's end: news style for an age ("Strelets, 63, conceded"), which the NER model tags
    as a DATE like the year beside it. Not after a place or a date ("in Texas, 45, died")."""
    text = sentence.text
    after = text[start + len(phrase) : start + len(phrase) + 1]
    before = NAME_AND_COMMA.search(text[:start])
    return (
        AGE_NUMBER.fullmatch(phrase) is not None
        and 0 < int(phrase) <= MAX_AGE
        and after in (",", ".")
        and before is not None
        and not any(
            e.label in NOT_NAMES
            and e.start < before.start() + before.group().index(",") <= e.end
            and not _is_opening_surname(e)
            for e in sentence.entities
        )
    )


def _is_age_of_another(question: Question, sentence: Sentence, start: int) -> bool:
    """Whether the age set off at `start` follows another person than the one whose age the
    question asks by name, in a sentence naming that one too: "Castellan, 61, showed no reaction
    as Judge Ilsa Marrow read the verdict" does not say how old the judge is. A question asking
    the age of someone it describes ("How old was the man convicted of murdering Jill Dando?")
    may ask this age. Nor does an age set off after a namesake say it: "Vikram Vardhan, 51,"
    is not how old Gopal Vardhan is."""
    named = AGE_ASKED_OF.search(question.text)
    # "How old is Karl Dane's wife?" asks another person's age.
    if named is None or named["name"].endswith(POSSESSIVE_ENDINGS):
        return False
    asked = {term_of(word) for word in named["name"].split()}
    # Whatever the label: the model tags an opening surname an organisation or a place.
    owner = next(
        (e for e in sentence.entities if AGE_SET_OFF.fullmatch(sentence.text, e.end, start)), None
    )
    if owner is None:
        return False
    if owner.label == "PERSON" and _is_namesake(
        named["name"], sentence.text[owner.start : owner.end]
    ):
        return True
    if not asked.isdisjoint(_name_terms(sentence, owner)):
        return False
    return any(
        not asked.isdisjoint(_name_terms(sentence, e))
        for e in sentence.entities
        if e.label == "PERSON" and e != owner
    )


def _is_namesake(asked: str, named: str) -> bool:
    """Whether two names of people share their last word and none before it, titles aside:
    "Gopal Vardhan" and "Vikram Vardhan"; not "Judge Ilsa Marrow" and "Ilsa Marrow", nor
    "President Biden" and "Joe Biden"."""
    asked_words = [term_of(word) for word in asked.split() if fold(word) not in TITLE_WORDS]
    named_words = [term_of(word) for word in named.split() if fold(word) not in TITLE_WORDS]
    return (
        len(asked_words) > 1
        and len(named_words) > 1
        and asked_words[-1] == named_words[-1]
        and set(asked_words[:-1]).isdisjoint(named_words[:-1])
    )


def _name_terms(sentence: Sentence, entity: Entity) -> set[str]:
    return {term_of(word) for word in sentence.text[entity.start : entity.end].split()}


def _is_opening_surname(entity: Entity) -> bool:
    """An organisation or place opening a sentence before an age is a name the NER model
    mistook: it tags "Orrell, 58, a former chemistry teacher..." and "Renato Aguiar Falcao, 58,
    the founder..." organisations and "Vellan, 58, ..." a place. No news sentence opens with a
    place and an age."""
    return entity.start == 0 and entity.label in ("ORG", "GPE", "LOC", "FAC")


def term_of(word: str) -> str:
    """The term a word is compared by: its unit's spelling if it spells one ("km"), stemmed."""
    folded = spelt_unit(word) or fold(word)
    return UNIT_SPELLINGS.get(folded) or stem([folded])[0]

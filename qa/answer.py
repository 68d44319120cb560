"""Where the answer sits inside a sentence: entities of the expected type, and the highlight.

Pure functions over a question and a sentence's stored entities: no model, no index. Regular
expressions only judge the shape of an entity the NER model found (is this DATE a duration or an
age?), never find answers themselves.
"""

import datetime as dt
import re
from functools import lru_cache
from typing import NamedTuple

from qa.dates import DATELINE, DATELINE_LINES
from qa.fold import fold, tokens
from qa.models import Entity, Sentence
from qa.numbers import NUMBER_WORDS, TIMES_COUNTED, with_untagged_counts
from qa.question import (
    ORGANIZATION_NOUNS,
    PAST_FORMS,
    PERSON_NOUNS,
    POSSESSIVE_ENDINGS,
    STATEMENT_LABEL,
    AnswerType,
    Question,
)
from qa.roles import SUCCESSION, asks_role_by_verb
from qa.speech import SPEECH_VERBS, SPOKEN, statement_spans
from qa.terms import UNIT_SPELLINGS, is_stop_word, looks_plural, spelt_unit, stem, word_forms
from qa.times import MONTH_WORD, WEEKDAY, YEAR, years_named
from qa.titles import title_spans
from qa.variants import spelling_key

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
POSSESSIVE_END = re.compile(r"['’]s?$")
LAST_AS_VERB = re.compile(r"\b(?:will|would|could|should|may|might|must|can|to)\s+$", re.I)
"""Before a DATE "last five days" (the NER model's span of "would last five days"): a verb, so
the phrase says how long, not when."""
SPAN_FOR_BEFORE = re.compile(r"\bfor\s+$", re.I)
"""Before a span of time that says how long, whatever follows: "suspended for two years after
the panel found..."; not before a point in time ("planned for next week")."""
SPAN_PLACED_BEFORE = re.compile(r"\b(?:in|after|within)\s+$", re.I)
RANKED_WITHIN_BEFORE = re.compile(
    r"\b(?:first|second|third|fourth|fifth|only|\w{3,}est|most|least)\b[^,;:.]{0,60}?\sin\s+$",
    re.I,
)
"""An ordinal or a superlative before "in" and a span of time, which the span bounds: "the
second hunger strike at the facility in two years", "its lowest level in a decade"; not "will
open in two years"."""
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
AGENT_BEFORE = re.compile(r"\bby\s+(?:[A-Z][\w.'’-]*\s+){0,2}$")
"""An entity after "by" is the agent of a passive verb ("nominated as envoy by President X"):
it acts on the person a "who is the envoy?" question asks about, so it is not that person."""
ACTORS = (AnswerType.PERSON, AnswerType.ORGANIZATION, AnswerType.NATIONALITY, AnswerType.GROUP)
LEVEL_BEFORE = re.compile(
    r"\b(?:to|from)\s+(?:a\s+record\s+|about\s+|around\s+|roughly\s+|nearly\s+)?$", re.I
)
"""The words before a value a change went to or came from: "fell 11.4% to 38.20 euros"."""
APPOINTED = re.compile(
    r"\b(?:nominated|nominates|nominate|appointed|appoints|appoint|named|names|name|chose|"
    r"chooses|choose|picked|picks|pick|selected|selects|select|hired|hires|hire|tapped|taps|"
    r"tap|elected|elects|elect|confirmed|confirms|confirm|installed|installs|install)\s+$",
    re.I,
)
"""A verb giving the role after "as" to its object: "has nominated Ada Pell as envoy"."""
AS_ROLE = re.compile(r"\bas\s+(?:the\s+|a\s+|an\s+)?$", re.I)
NEXT_WORD = re.compile(r" (?P<word>[a-z][a-z-]*)\b")
WORD_BEFORE = re.compile(r"\b(?P<word>[a-z][a-z-]*) $")
NOTHING_COUNTED = re.compile(r"\s*(?:[,;:.)]|$|(?:and|or|but)\b)")
WORD_AFTER = re.compile(
    r" (?:(?:had|has|have|been|were|was|are|is|being) )*(?P<word>[a-z][a-z-]*)\b"
)
YEAR_KEEPING_VALUES = frozenset(
    {
        AnswerType.COUNT,
        AnswerType.AMOUNT,
        AnswerType.MONEY,
        AnswerType.MEASURE,
        AnswerType.PERCENT,
        AnswerType.AGE,
    }
)
"""Values a sentence may give for several years at once ("68 percent, up from 59 percent in
2019"): the one the question's year stands beside answers it."""
VALUE_YEAR = r"\b(?:in|during|for|of)\s+(?:[\w'’]+\s+){0,2}"
"""What comes before a year that says when a value held: "in 2022", "in Vaskaria's 2019
election"."""
SCALE_END = re.compile(r"(?:hundred|thousand|million|billion|trillion|bn|m|k)$", re.I)
CURRENCY = (
    r"(?:dollars?|euros?|pounds?|pence|cents?|yen|yuan|renminbi|rupees?|roubles?|rubles?|"
    r"francs?|crowns?|kron[aeo]r?|koruna|zloty(?:s|ch)?|forints?|pesos?|reais|rand|lira|shekels?|dinars?|"
    r"dirhams?|riyals?|won|baht|ringgit|naira|shillings?|hryvnias?|"
    r"usd|eur|gbp|jpy|cny|chf|cad|aud|inr|rub|sek|nok|dkk|pln|czk|huf|brl|zar|mxn|krw)\b"
)
BODY_ENDING = re.compile(
    r"\b(?:Collective|Union|Association|Group|Council|Foundation|Trust|Institute|Society|Alliance|"
    r"Federation|Network|Coalition|Centre|Center|Committee|Commission|Agency|Authority|Board|"
    r"Party|Company|Corporation|Bank)$"
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
LAW_WORD = re.compile(r"\b(?:Treaty|Act|Article|Law|Convention|Code|Charter|Directive)\b")
"""Words of a law's name, whatever it ends with: "Article 50 of the Treaty on European Union"."""
CURRENCY_SIGN = re.compile(r"[$€£¥₹₽₩]")
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
SET_OFF_PLACE = r"(?:[Tt]he|its|their)\s+(?:capital|city|town|village|port)"
"""Words after which a name is a place: "the capital, X", "the town of X"."""
PLACE_OF = re.compile(
    r"\b(?:(?:city|town|village|port|province|region|county|district|island|state|capital"
    r"|outskirts|suburbs?) of|(?:\d+\s*km|kilometres?|kilometers?|miles?|metres?|meters?|\)|the)"
    r"\s+(?:(?:north|south)(?:[- ]?(?:east|west))?|east|west) of"
    rf"|{SET_OFF_PLACE},)\s+$",
    re.I,
)
"""A name after "the city of", "40 kilometres west of" or "the capital," is a place, whatever the
NER model says: it tags the made-up or rare ones as people ("in the city of Castellan", "40
kilometres west of Izmir"), organisations, dates or works of art ("the capital, Velmora"). A
number there is not ("in the region of 40 million pounds"), nor a name after a compass point
alone ("just east of John Miller's orchard")."""
PERSON_FROM = re.compile(
    rf"\b(?:{PERSON_NOUNS}|teacher|student|worker|resident|passenger|native|family|couple)s?"
    r"\s+from\s+$",
    re.I,
)
"""A name after "a four-year-old girl from" or "a former mathematics teacher from" is where
the person is from, a place, though the model tags such names organisations."""
NAMED_PLACE = re.compile(
    rf"\b{SET_OFF_PLACE}(?:,|\s+of)\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,2}})"
)
"""The same names where the model leaves them untagged ("in the capital, Velmora,")."""
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
PERCENT_WRITTEN = re.compile(r"(?:%|\bper\s?cent|\bpercent)$", re.I)
"""A number written as a share is a percentage, whatever the NER model says: it tags "25 per
cent" as MONEY now and then."""
YEAR_RANGE = re.compile(r"(1\d{3}|20\d\d)\s*[–—-]\s*(\d\d|1\d{3}|20\d\d)")
"""Two years joined by a dash: "1919–1980", "1862–90"."""
LONGEST_LIFE = 110
COUNTED_REACH = 2
"""How many words, besides the question's own, may come between a number and the counted noun
("52 rare books", "40 new electric buses")."""
NAMED_THINGS = frozenset(["ORG", "GPE", "FAC", "LOC"])
FUTURE_ASKED = re.compile(
    r"\b(?:when|(?:what|which)\s+(?:date|day|time|year|month))\s+(?:will|shall|"
    r"(?:is|are)\s+(?:[\w'’-]+\s+){0,5}?(?:due|expected|scheduled|set|going|planned)\s+to)\b",
    re.I,
)
"""Words of a question asking when something is to happen: "When will the court hear the
appeal?", "When is the new bridge expected to open?"."""
PAST_RELATIVE_BEFORE = re.compile(
    r"\b(?:who|which|that)\s+(?:(?:last|first|once|\w+ly)\s+)?(?P<verb>[a-z]+)\b[^,;:(]*?"
    r"\s(?:in|on|during)\s+$"
)
"""A relative clause and its verb, ending in "in" or "on" placing a date: "who took charge of
the chain in", "which last inspected the centres in"."""
YEAR_SPAN = re.compile(r"\d{4}\s*[-–/]\s*\d{2,4}")
"""A span of years ("the 2025-26 season"), which may run on past the story's year."""
WORD_AFTER_DATE = re.compile(r"\s+(?P<word>[a-z]+)\b")
"""The verb a date placed before it dates: "The government on Tuesday approved..."."""
PAST_WORDS = PAST_FORMS | {"said", "told", "paid", "sold", "found", "met", "fell", "rose", "lost"}
"""Past forms without "-ed" (PAST_FORMS and more of news's verbs)."""
OPENS_WITH_THE = re.compile(r"the\s", re.I)
"""How a name the NER model tags an organisation opens when it is one, not a person it
mistook for one: "the High Court"."""
WHERE_BEFORE = re.compile(r"\b(?:in|across|throughout|inside)\s+$", re.I)
POSSESSIVE_AFTER = re.compile(r"['’]s?\b")
FACILITY_WORDS = word_forms(
    "hospital|prison|stadium|building|bridge|tunnel|school|museum|church|factory"
)
"""Places named as things built, which no country or city is."""
PLACE_PREPOSITION_BEFORE = re.compile(
    r"\b(?:to|into|in|at|from|on|onto|through|near|across|over|under|inside|outside|towards?)"
    r"\s+(?:(?:the|a|an|its|their|his|her)\s+)?(?:[\w'’-]+\s+)?$"
)
"""Words before a noun that say it is where something happens: "taken to hospital", "into the
sea"."""
OF_WORD = re.compile(r"\s+of\s+")
PHRASE_CACHE_SIZE = 65_536
"""Entity phrases whose tokens are kept (a few MB at most)."""


class TypedSpan(NamedTuple):
    """An entity of a type that can answer the question, with how well its label fits."""

    start: int
    end: int
    fit: float


def answer_spans(
    question: Question, sentence: Sentence, article_date: dt.date | None = None
) -> list[TypedSpan]:
    """Entities of `sentence` that could answer `question`, without those restating it. For a
    question asking who holds a role only a person holds, a sentence naming a person offers no
    organisation or group: "Green Alliance leader Ilse Varga" says who leads, not "Green
    Alliance". Where it names no person, its organisations stay, for the NER model takes some
    people for organisations ("Ines Marlow took over as chief executive"), but not its
    nationalities, unless the role is asked by its verb."""
    labels = question.labels
    body = dateline_end(sentence)
    if STATEMENT_LABEL in labels:
        return [TypedSpan(*span) for span in statement_spans(sentence.text, body)]
    if question.asks_succession and SUCCESSION.search(sentence.text, body) is None:
        return []
    only_people = question.asks_role_holder and any(
        entity.label == "PERSON" and entity.start >= body for entity in sentence.entities
    )
    # A nationality holds no title ("Dutch regulators" is no chief executive), though it may
    # say who did something ("the Huguenots") or chair a committee ("the Tories chair it").
    drops_nationalities = question.asks_role_holder and not asks_role_by_verb(question.text)
    spans = []
    entities = (
        with_untagged_counts(sentence, question.counted == TIMES_COUNTED)
        if question.answer_type is AnswerType.COUNT
        else sentence.entities
    )
    for entity in entities:
        if entity.start < body:
            continue
        phrase = sentence.text[entity.start : entity.end]
        label = _read_label(sentence, entity, phrase)
        # "By how much did the share price drop?": "fell 11.4%" says it as well as a sum would.
        fit = 1.0 if label == "PERCENT" and question.asks_change else labels.get(label)
        # "How many patients were given a placebo?" is not answered by "9 percent" of them.
        if label == "PERCENT" and question.answer_type is AnswerType.COUNT and question.counted:
            fit = None
        if (
            fit
            and not (only_people and label != "PERSON")
            and not (drops_nationalities and label == "NORP")
            and not (
                label == "NORP"
                and _qualifies_a_thing(question, sentence.text, entity.start, entity.end)
            )
            and not (
                label == "DATE"
                and _is_when_it_was_said(question, sentence.text, entity.start, entity.end)
            )
            and _has_shape(question, label, sentence, entity.start, phrase)
            and not restates(question, phrase)
            and not _is_what_the_question_is_about(question, label, phrase)
            and not _is_another_kind(question, label, sentence.text, entity.start, phrase)
            and not (
                label == "DATE"
                and _is_past_for_future(question, sentence.text, entity.start, phrase, article_date)
            )
            # A person the question names by surname is who it asks about, not the answer:
            # "Who will serve as deputy under Costa?" is not answered by "Mira Costa".
            and not (entity.label == "PERSON" and _surname_asked(question, phrase))
        ):
            end = entity.end
            is_sum = entity.label == "MONEY" or question.answer_type is AnswerType.MONEY
            if is_sum and (currency := CURRENCY_INSIDE.match(phrase)):
                end = entity.start + currency.end()
            spans.append(TypedSpan(entity.start, end, fit))
    return spans + _untagged_places(question, sentence, body)


PEOPLE_WORDS = word_forms(
    f"{PERSON_NOUNS}|{ORGANIZATION_NOUNS}|government|army|navy|police|people|side|squad|crew|"
    "delegation|authorities|forces"
)
"""Nouns a nationality before them makes people who may have done something: "Dutch
regulators", "the British government", "the Irish side"."""
SAID_BEFORE = re.compile(
    r"\b(?:said|says|added|announced|told(?:\s+(?!on\b)[\w-]+){1,2})\s+(?:on\s+)?$", re.I
)
"""The attribution before a date it was said on: "officials said on", "told reporters on"."""
SAYING_ASKED = re.compile(
    rf"\b(?:{'|'.join(SPEECH_VERBS)}|{SPOKEN}|announcement|confirm(?:ed|s)?|report(?:ed|s)?|"
    r"reveal(?:ed|s)?|disclose[sd]?|statement|remarks?|speak|spoke|spoken|interview(?:ed)?|"
    r"brief(?:ed|ing)?|declare[sd]?|made\s+public|press\s+conference)\b",
    re.I,
)
"""Words of a question asking about a saying: "When did the ministry announce the find?",
"When was the announcement made?"."""


SENTENCE_END = re.compile(r"\s*[.!?]?[\"”’]?\s*$")
"""What may follow the last word of a sentence."""


def _is_when_it_was_said(question: Question, text: str, start: int, end: int) -> bool:
    """Whether a date from `start` to `end` closing an attribution that closes the sentence
    says when something was said ("have uncovered a Roman villa, officials said on Monday."),
    not when what was said happened; unless the question asks about the saying ("When did the
    ministry announce the find?"). Said first ("The government said on Monday it would end
    the lease"), the day is that of the news."""
    return (
        question.answer_type in (AnswerType.DATE, AnswerType.DAY)
        and SENTENCE_END.match(text, end) is not None
        and SAID_BEFORE.search(text, 0, start) is not None
        and SAYING_ASKED.search(question.text) is None
    )


THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
VERB_OBJECT_NEXT = re.compile(r"\s+(?:(?:the|a|an|its|their|his|her)\b|[A-Z])")
"""What follows a verb's object: after "The French chair", "the committee"."""
ADJECTIVE_ONLY = re.compile(r"(?:sh|ch)$")
"""Nationalities that are adjectives, but for a people after "the": "Scottish", "British",
"French", "Dutch". "German" or "Tories" may be who did something ("The Tories chair the
committee"), and so may "the French" before a verb ("The French chair the committee"), not
before a noun ("The French tanker was seized")."""


def _qualifies_a_thing(question: Question, text: str, start: int, end: int) -> bool:
    """Whether a nationality adjective from `start` to `end` qualifies a thing that is not
    people, and so says no one who did anything: "the best-known Scottish pterosaur", "The
    French tanker was seized". Not before a plural, a word for people or a stop word ("the
    Scottish who settled there"), nor a people after "the" before a verb ("The Dutch beat
    Spain")."""
    if question.answer_type is not AnswerType.PERSON or not ADJECTIVE_ONLY.search(text[start:end]):
        return False
    after = NEXT_WORD.match(text, end)
    if after is None:
        return False
    word = after["word"]
    if looks_plural(word) or word in PEOPLE_WORDS or is_stop_word(word):
        return False
    # "The French chair the committee", "The Dutch beat Spain": a verb, not a noun, follows.
    return not (
        THE_BEFORE.search(text, 0, start) is not None
        and (word.endswith("ed") or VERB_OBJECT_NEXT.match(text, after.end()) is not None)
    )


def _is_what_the_question_is_about(question: Question, label: str, phrase: str) -> bool:
    """Whether a name is what the question asks about, not its answer. A name answering who
    leads something (Question.led) is of the kind led: "the Atacameño Council of Peine" is the
    council of "Who leads the council that brought the case?", not who leads it. Its head is
    its last word before "of". Who buys a bank may be a bank, and "Who overturned the court's
    ruling?" asks no court. For a "where" question, see _is_whose_place_is_asked."""
    if label not in NAMED_THINGS:
        return False
    head = OF_WORD.split(phrase, maxsplit=1)[0].split()[-1:]
    if not head:
        return False
    if question.led:
        return fold(head[0]) in (question.led, f"{question.led}s")
    return _is_whose_place_is_asked(question, fold(head[0]))


def _is_past_for_future(
    question: Question, text: str, start: int, phrase: str, article_date: dt.date | None
) -> bool:
    """Whether a date cannot answer "when will...", being past: it names only years before
    its article's ("who took charge in 2024", in a 2026 story), or it dates a past verb right
    after it or in the relative clause it closes ("The government on Tuesday approved a cap"
    and "which last inspected the centres in 2023" do not say when the cap will apply or the
    next inspection be; "was postponed to 2027" and "reopens in May" may)."""
    if FUTURE_ASKED.search(question.text) is None:
        return False
    years = years_named(phrase)
    if article_date is not None and years and not YEAR_SPAN.search(phrase):
        return max(years) < article_date.year
    verb_after = WORD_AFTER_DATE.match(text, start + len(phrase))
    if verb_after is not None and _is_past_form(verb_after["word"]):
        return True
    relative = PAST_RELATIVE_BEFORE.search(text, 0, start)
    return relative is not None and _is_past_form(relative["verb"])


def _is_past_form(word: str) -> bool:
    return word in PAST_WORDS or (word.endswith("ed") and len(word) > 4)


def _is_another_kind(question: Question, label: str, text: str, start: int, phrase: str) -> bool:
    """Whether an entity is of another kind than the one asked, though its label may answer: an
    institution ("the High Court") is nobody's name; a country or region after "in" is where an
    organisation is, not its name ("a private operator in Uganda"; a club "at Barcelona" may
    be one); a place owning something is no facility ("Which hospital received the patients?"
    is not answered by "Italy's coast guard"), though the model tags some facilities places
    ("serving his sentence in Belmarsh")."""
    if label == "ORG" and (question.asks_persons_name or question.asks_role_holder):
        return OPENS_WITH_THE.match(phrase) is not None
    if label in ("GPE", "LOC") and question.answer_type is AnswerType.ORGANIZATION:
        return WHERE_BEFORE.search(text, 0, start) is not None
    return (
        label == "GPE"
        and question.answer_type is AnswerType.PLACE
        and question.title_asked in FACILITY_WORDS
        and POSSESSIVE_AFTER.match(text, start + len(phrase)) is not None
    )


def _is_whose_place_is_asked(question: Question, head: str) -> bool:
    """Whether a name headed by `head` is what a "where" question asks the place of: "the Kenya
    Union of Public Teachers" is the union of "Where does the teachers' union secretary-general
    come from?", not where she comes from. Not "which port", nor a noun after a preposition
    ("Where were the injured taken to hospital?", "flow into the sea"): there the noun is the
    kind of place asked."""
    if (
        question.answer_type not in (AnswerType.PLACE, AnswerType.ORIGIN)
        or question.title_asked
        or head not in question.words
    ):
        return False
    text = fold(question.text)
    return any(
        PLACE_PREPOSITION_BEFORE.search(text, 0, word.start()) is None
        for word in re.finditer(rf"\b{re.escape(head)}\b", text)
    )


def _untagged_places(question: Question, sentence: Sentence, body: int) -> list[TypedSpan]:
    """Names set off as a place ("in the capital, Velmora,", "the town of Ashby Cross") that the
    NER model left untagged, for a question asking where; not inside an entity it tagged."""
    fit = question.labels.get("GPE")
    if not fit:
        return []
    return [
        TypedSpan(match.start(1), match.end(1), fit)
        for match in NAMED_PLACE.finditer(sentence.text, body)
        if not any(e.start < match.end(1) and match.start(1) < e.end for e in sentence.entities)
        and not restates(question, match[1])
    ]


def dateline_end(sentence: Sentence) -> int:
    """Where the news begins after a dateline ("June 18, 2024 (Reuters) - ") opening one of the
    article's first sentences: its date, place and agency say when and by whom it was written,
    which answers no question. Further down, the same shape is news ("On Tuesday, May 7, Acme
    Corp. said..."), as it is to the date reader (qa/dates.py)."""
    if sentence.position >= DATELINE_LINES:
        return 0
    opening = DATELINE.match(sentence.text)
    return opening.end() if opening else 0


def _read_label(sentence: Sentence, entity: Entity, phrase: str) -> str:
    """The entity's label, or what its shape says whatever the NER model's label.

    A name after "the city of" or "a girl from" is a place, a number written as a share a
    percentage, a "law" named as a body ("the Harbour Rights Collective") an organisation, and
    a person's years in brackets ("John Gallagher (1919–1980)", a CARDINAL to the model)
    dates."""
    text = sentence.text
    if phrase[:1].isupper() and (
        PLACE_OF.search(text, 0, entity.start) is not None
        or PERSON_FROM.search(text, 0, entity.start) is not None
    ):
        return "GPE"
    if PERCENT_WRITTEN.search(phrase):
        return "PERCENT"
    if entity.label == "LAW" and BODY_ENDING.search(phrase) and not LAW_WORD.search(phrase):
        return "ORG"
    # The model tags "11.42am" a date, and "10.30am" a number.
    if entity.label in ("DATE", "CARDINAL") and CLOCK_TIME.fullmatch(phrase):
        return "TIME"
    if _is_life_span(phrase) and any(
        person.label == "PERSON" and text[person.end : entity.start].strip() == "("
        for person in sentence.entities
    ):
        return "DATE"
    return entity.label


def _is_life_span(phrase: str) -> bool:
    """Whether `phrase` is years a life may span: "1919–1980", "1862–90"; not a record of wins
    ("333–178") or a vote ("218–214")."""
    years = YEAR_RANGE.fullmatch(phrase)
    if years is None:
        return False
    born, died = int(years[1]), years[2]
    end = int(died) if len(died) == 4 else born // 100 * 100 + int(died)
    return born < end <= born + LONGEST_LIFE


def _has_shape(question: Question, label: str, sentence: Sentence, start: int, phrase: str) -> bool:
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
        if LONGER_THAN_A_LIFE.search(phrase) and _names_person_asked(question, sentence):
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
    r"(?:\b(?:is|was|are|were|be|been|became|becomes|as|like|now|still|also|then|just|only|"
    r"already|once|even|himself|herself)|[,(])\s+(?:a|an)\s+$",
    re.I,
)
"""...unless it says what someone named is ("Ruiz, now a 52-year-old professor", "Ruiz is a
52-year-old professor")."""
FOLLOWING_WORDS = re.compile(r"(?:\s+[\w'’-]+){1,3}")
"""The words describing someone after an age: "Turkish lorry driver"."""
PERSONAL_PRONOUNS = frozenset(["he", "she", "they", "we", "i", "you", "who"])
"""Words for someone named before: "she, a 41-year-old teacher" is whoever "she" is."""


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
        SPAN_FOR_BEFORE.search(text, 0, start) and SPAN_OF_TIME.match(phrase)
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
    may ask this age."""
    named = AGE_ASKED_OF.search(question.text)
    # "How old is Karl Dane's wife?" asks another person's age.
    if named is None or named["name"].endswith(POSSESSIVE_ENDINGS):
        return False
    asked = {_term(word) for word in named["name"].split()}
    # Whatever the label: the model tags an opening surname an organisation or a place.
    owner = next(
        (e for e in sentence.entities if AGE_SET_OFF.fullmatch(sentence.text, e.end, start)), None
    )
    if owner is None or not asked.isdisjoint(_name_terms(sentence, owner)):
        return False
    return any(
        not asked.isdisjoint(_name_terms(sentence, e))
        for e in sentence.entities
        if e.label == "PERSON" and e != owner
    )


def _name_terms(sentence: Sentence, entity: Entity) -> set[str]:
    return {_term(word) for word in sentence.text[entity.start : entity.end].split()}


def _is_opening_surname(entity: Entity) -> bool:
    """An organisation or place opening a sentence before an age is a name the NER model
    mistook: it tags "Orrell, 58, a former chemistry teacher..." and "Renato Aguiar Falcao, 58,
    the founder..." organisations and "Vellan, 58, ..." a place. No news sentence opens with a
    place and an age."""
    return entity.start == 0 and entity.label in ("ORG", "GPE", "LOC", "FAC")


def _surname_asked(question: Question, name: str) -> bool:
    """Whether a name the question asks about ends with the surname of the person `name`: "Pell"
    or "Owen Pell", not "Marlow Foods" (a company named after Ines Marlow)."""
    words = POSSESSIVE_END.sub("", name).split()
    surname = _term(words[-1]) if words else ""
    return any(asked[-1] == surname for asked in question.entities if asked)


def restates(question: Question, phrase: str) -> bool:
    """A phrase made only of the question's own words ("Norland" for a question about Norland)."""
    words = _phrase_words(phrase)
    return bool(words) and all(
        word in question.words or key in question.word_keys for word, key in words
    )


@lru_cache(maxsize=PHRASE_CACHE_SIZE)
def _phrase_words(phrase: str) -> tuple[tuple[str, str], ...]:
    """The tokens of an entity's phrase with their spelling keys: the same entities come back
    question after question, and folding them again was a tenth of each candidate's time."""
    return tuple((word, spelling_key(word)) for word in tokens(phrase))


def choose_highlight(
    question: Question,
    sentence: Sentence,
    spans: list[TypedSpan],
    matched_offsets: list[int],
) -> tuple[int, int] | None:
    """The best-fitting answer entity nearest the question's words in the sentence.

    `matched_offsets` are where the question's terms occur in the sentence text. For a "how
    many" question the counted noun joins the number ("80,000 books").
    """
    if not spans:
        return None
    best = _role_holder(question, sentence.text, spans, matched_offsets) or min(
        spans, key=lambda span: _preference(question, sentence.text, span, matched_offsets)
    )
    if question.answer_type in (AnswerType.COUNT, AnswerType.AMOUNT, AnswerType.MONEY):
        return _with_counted_noun(sentence.text, (best.start, best.end), question)
    return (best.start, best.end)


def _preference(
    question: Question, text: str, span: TypedSpan, matched_offsets: list[int]
) -> tuple[bool, float, bool, bool, bool, bool, bool, bool, int, int, int]:
    """How `span` ranks as the highlight, lowest first: holding the role asked about, fit, not
    a value a change went to or came from, not an agent, beside what the question says
    happened, followed by the counted noun, in the unit asked, not a span of time for "when",
    near the year the question asks about, near the question's words, early."""
    # "Brenholt chief executive Ines Marlow": for "who is the chief executive", the name the
    # title stands before, whatever label the NER model gave it, not the company's.
    lacks_role = question.asks_holder and not _holds_role(question, text, span)
    # For "who is X?", a name introduced by "by" is the agent of a passive verb, not X.
    is_agent = (
        question.is_copular
        and question.answer_type in ACTORS
        and bool(AGENT_BEFORE.search(text[: span.start]))
    )
    # "an earlier phase 2 study had enrolled only 310 patients": for "how many patients", the
    # number the patients follow, not the one beside the question's word "phase".
    counts = question.answer_type is AnswerType.COUNT and question.counted is not None
    counted_end = _counted_noun_end(text, span.end, question) if counts else None
    lacks_counted_noun = counts and counted_end is None
    # "Two people were killed and 37 injured": for "how many were injured", the number the
    # question's verb stands beside, though another one has the counted noun.
    away_from_event = counts and not _beside_question_word(
        text, span, counted_end, question, matched_offsets
    )
    outside = [o for o in matched_offsets if not span.start <= o < span.end]
    distance = min((abs(o - span.start) for o in outside), default=0)
    return (
        lacks_role,
        -span.fit,
        _is_level(question, text, span),
        is_agent,
        away_from_event,
        lacks_counted_noun,
        _lacks_unit(question, text, span),
        _is_span(question, text, span),
        _distance_to_asked_year(question, text, span),
        distance,
        span.start,
    )


def _is_level(question: Question, text: str, span: TypedSpan) -> bool:
    """For a question asking a change, a value a change went to or came from, not the change:
    "fell 11.4% to 38.20 euros", "rose 2% to a record 40 billion", "from 4.8%"."""
    return question.asks_change and LEVEL_BEFORE.search(text, 0, span.start) is not None


def _lacks_unit(question: Question, text: str, span: TypedSpan) -> bool:
    """For "how many weeks", a span of time not counted in weeks: "six months of health
    coverage" does not answer how many weeks of pay ("16 weeks of severance pay")."""
    unit = question.counted
    if question.answer_type is not AnswerType.DURATION or unit is None:
        return False
    return unit not in (_term(word) for word in tokens(text[span.start : span.end]))


def _is_span(question: Question, text: str, span: TypedSpan) -> bool:
    """For "when" and "in what year", a span of time ("fallen by 40 percent in a year", "40
    years after work began"), which says when only from another time, after a time itself
    ("May 2024", "Christmas", "this morning")."""
    if question.answer_type not in (AnswerType.DATE, AnswerType.YEAR):
        return False
    return SPAN_OF_TIME.match(text[span.start : span.end]) is not None


def _distance_to_asked_year(question: Question, text: str, span: TypedSpan) -> int:
    """Characters between a value and the nearest year the question asks about, 0 for a time
    or where the sentence states none: "sales of $2.1 billion in 2024, up from $1.6 billion in
    2022" gives $1.6 billion for "what were the sales in 2022"."""
    if question.answer_type not in YEAR_KEEPING_VALUES or not question.times.years:
        return 0
    # "in 2022", "in the 2019 election" say when the value held; "before the 2003 building
    # code" says which buildings (VALUE_YEAR).
    asked = [
        y for y in question.times.years if re.search(rf"{VALUE_YEAR}{y}\b", question.text, re.I)
    ]
    stated = [
        found.span() for year in asked for found in re.finditer(rf"(?<!\d){year}(?!\d)", text)
    ]
    return min(
        (min(abs(start - span.end), abs(end - span.start)) for start, end in stated), default=0
    )


def _beside_question_word(
    text: str,
    span: TypedSpan,
    counted_end: int | None,
    question: Question,
    matched_offsets: list[int],
) -> bool:
    """Whether a number counts what the question says happened: a question word other than the
    counted noun is the first word after the number and its noun, past auxiliaries ("37
    injured", "143 had been rescued"; not the number's own noun, "41 million passengers"), or
    the word just before a number that counts nothing after it ("injuring 23,"; not "phase 2
    study") or counts the asked noun ("injuring 23 people"). Not across "and": "killing seven
    people and injuring 23"."""

    def asked(found: re.Match[str] | None) -> bool:
        return (
            found is not None
            and found.start("word") in matched_offsets
            and _term(found["word"]) != question.counted
        )

    after = WORD_AFTER.match(text, counted_end or span.end)
    # Right after a number, a noun is what it counts ("41 million passengers"): a verb follows
    # its noun, an auxiliary, or has a participle's ending ("37 injured").
    if asked(after) and (counted_end is not None or after is not None and _acts(after)):
        return True
    counts_asked = counted_end is not None or NOTHING_COUNTED.match(text, span.end) is not None
    return counts_asked and asked(WORD_BEFORE.search(text, 0, span.start))


def _role_holder(
    question: Question, text: str, spans: list[TypedSpan], matched_offsets: list[int]
) -> TypedSpan | None:
    """In "X, a lawyer to Y, was nominated as the envoy", the envoy is X, the sentence's subject:
    for a "who is the envoy?" question whose words follow "as", the first fitting name before;
    but the name right before "as" when a verb giving it the role comes before it ("the
    president has nominated Ada Pell as special envoy"; not "Smith replaced Ada Pell as
    envoy")."""
    if not (question.is_copular and question.answer_type in ACTORS):
        return None
    for offset in sorted(matched_offsets):
        if said_as := AS_ROLE.search(text[:offset]):
            before = [s for s in spans if s.end <= offset and s.fit == 1.0]
            named_so = [
                s
                for s in before
                if not text[s.end : said_as.start()].strip()
                and APPOINTED.search(text, 0, s.start) is not None
            ]
            if named_so:
                return named_so[-1]
            return min(before, key=lambda s: s.start) if before else None
    return None


def _holds_role(question: Question, text: str, span: TypedSpan) -> bool:
    """Whether the titles of the name at `span` (qa.titles.title_spans) hold every term of the
    role the question asks about."""
    said = {
        _term(word)
        for start, end in title_spans(text, span.start, span.end)
        for word in tokens(text[start:end])
    }
    return said.issuperset(question.role)


def _with_counted_noun(text: str, span: tuple[int, int], question: Question) -> tuple[int, int]:
    """Extend "80,000" to "80,000 books" (or "52 rare books") when the question counts books,
    and "9 million" to "9 million crowns": the noun is part of the answer."""
    currency = CURRENCY_AFTER.match(text, span[1])
    if question.answer_type is AnswerType.MONEY and currency is not None:
        return (span[0], currency.end())
    first = NEXT_WORD.match(text, span[1])
    if first is None or is_stop_word(_term(first["word"])):
        return span
    phrase = text[span[0] : span[1]]
    if question.answer_type is AnswerType.MONEY and (
        CURRENCY_SIGN.search(phrase) or CURRENCY_INSIDE.match(phrase)
    ):
        # "$9 million" is whole; the word after it is not what it counts ("$9 million transfer").
        return span
    if SCALE_END.search(phrase):
        return (span[0], first.end())
    counted_end = _counted_noun_end(text, span[1], question)
    return span if counted_end is None else (span[0], counted_end)


def _counted_noun_end(text: str, end: int, question: Question) -> int | None:
    """Where the counted noun ends when it follows a number ending at `end` ("52 rare books")."""
    following = NEXT_WORD.match(text, end)
    if following is None or is_stop_word(_term(following["word"])):
        return None
    other_words = 0
    while following is not None and other_words < COUNTED_REACH:
        word = following["word"]
        term = _term(word)
        if term == question.counted:
            return following.end()
        # A question word ("electric") does not use up the reach, so the counted noun after it
        # can join ("40 new electric buses"); alone it does not ("31 million pounds Brentvale").
        if is_stop_word(term) or fold(word) not in question.words:
            other_words += 1
        following = NEXT_WORD.match(text, following.end())
    return None


def _acts(after: re.Match[str]) -> bool:
    """Whether the word WORD_AFTER found is a verb by its shape: past auxiliaries, or ending
    like a participle."""
    return after.start("word") > after.start() + 1 or after["word"].endswith(("ed", "en"))


def _term(word: str) -> str:
    folded = spelt_unit(word) or fold(word)
    return UNIT_SPELLINGS.get(folded) or stem([folded])[0]

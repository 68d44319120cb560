"""Where the answer sits inside a sentence: entities of the expected type, and the highlight.

Pure functions over a question and a sentence's stored entities: no model, no index. Regular
expressions only judge the shape of an entity the NER model found (is this DATE a duration or an
age? qa.shapes), never find answers themselves.
"""

import datetime as dt
import re
from functools import lru_cache
from typing import NamedTuple

from qa.asked import ORGANIZATION_NOUNS, PERSON_NOUNS, AnswerType
from qa.dates import DATELINE, DATELINE_LINES
from qa.fold import fold, tokens
from qa.models import Entity, Sentence
from qa.numbers import TIMES_COUNTED, with_untagged_counts
from qa.question import STATEMENT_LABEL, Question
from qa.roles import SUCCESSION, asks_role_by_verb
from qa.shapes import (
    CLOCK_TIME,
    CURRENCY_AFTER,
    CURRENCY_INSIDE,
    SPAN_OF_TIME,
    has_shape,
    is_life_span,
    is_past_for_future,
    term_of,
)
from qa.speech import SPEECH_VERBS, SPOKEN, statement_spans
from qa.terms import is_stop_word, looks_plural, word_forms
from qa.titles import title_spans
from qa.variants import spelling_key

POSSESSIVE_END = re.compile(r"['’]s?$")
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
BODY_ENDING = re.compile(
    r"\b(?:Collective|Union|Association|Group|Council|Foundation|Trust|Institute|Society|Alliance|"
    r"Federation|Network|Coalition|Centre|Center|Committee|Commission|Agency|Authority|Board|"
    r"Party|Company|Corporation|Bank)$"
)
LAW_WORD = re.compile(r"\b(?:Treaty|Act|Article|Law|Convention|Code|Charter|Directive)\b")
"""Words of a law's name, whatever it ends with: "Article 50 of the Treaty on European Union"."""
CURRENCY_SIGN = re.compile(r"[$€£¥₹₽₩]")
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
PERCENT_WRITTEN = re.compile(r"(?:%|\bper\s?cent|\bpercent)$", re.I)
"""A number written as a share is a percentage, whatever the NER model says: it tags "25 per
cent" as MONEY now and then."""
COUNTED_REACH = 2
"""How many words, besides the question's own, may come between a number and the counted noun
("52 rare books", "40 new electric buses")."""
NAMED_THINGS = frozenset(["ORG", "GPE", "FAC", "LOC"])
OPENS_WITH_THE = re.compile(r"the\s", re.I)
"""How a name the NER model tags an organisation opens when it is one, not a person it
mistook for one: "the High Court"."""
WHERE_BEFORE = re.compile(r"\b(in|at|near|across|throughout|inside)\s+$", re.I)
TEAM_WORDS = word_forms("club|team|side|squad")
"""Organisations named for their town: a player "at Barcelona" plays for a club."""
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
            and has_shape(question, label, sentence, entity.start, phrase)
            and not restates(question, phrase)
            and not _is_what_the_question_is_about(question, label, phrase)
            and not _is_another_kind(question, label, sentence.text, entity.start, phrase)
            and not (
                label == "DATE"
                and is_past_for_future(question, sentence.text, entity.start, phrase, article_date)
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


def _is_another_kind(question: Question, label: str, text: str, start: int, phrase: str) -> bool:
    """Whether an entity is of another kind than the one asked, though its label may answer: an
    institution ("the High Court") is nobody's name; a country or a town after "in", "at" or
    "near" is where an organisation is, not its name ("a private operator in Uganda"), though a
    club "at Barcelona" may be one; a country or a town is no hospital or prison ("Which
    hospital received the patients?" is not answered by "Palermo"). The few facilities the
    model tags as places ("serving his sentence in Belmarsh") are lost with them."""
    if label == "ORG" and (question.asks_persons_name or question.asks_role_holder):
        return OPENS_WITH_THE.match(phrase) is not None
    if label in ("GPE", "LOC") and question.answer_type is AnswerType.ORGANIZATION:
        where = WHERE_BEFORE.search(text, 0, start)
        at_a_club = (
            where is not None and where[1].lower() == "at" and question.title_asked in TEAM_WORDS
        )
        return where is not None and not at_a_club
    return (
        label == "GPE"
        and question.answer_type is AnswerType.PLACE
        and question.title_asked in FACILITY_WORDS
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
    if is_life_span(phrase) and any(
        person.label == "PERSON" and text[person.end : entity.start].strip() == "("
        for person in sentence.entities
    ):
        return "DATE"
    return entity.label


def _surname_asked(question: Question, name: str) -> bool:
    """Whether a name the question asks about ends with the surname of the person `name`: "Pell"
    or "Owen Pell", not "Marlow Foods" (a company named after Ines Marlow)."""
    words = POSSESSIVE_END.sub("", name).split()
    surname = term_of(words[-1]) if words else ""
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
    return unit not in (term_of(word) for word in tokens(text[span.start : span.end]))


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
            and term_of(found["word"]) != question.counted
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
        term_of(word)
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
    if first is None or is_stop_word(term_of(first["word"])):
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
    if following is None or is_stop_word(term_of(following["word"])):
        return None
    other_words = 0
    while following is not None and other_words < COUNTED_REACH:
        word = following["word"]
        term = term_of(word)
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

"""What kind of answer a question wants, and where that answer sits inside a sentence.

Pure functions over text: no model, no index. The expected type ranks sentences (a "how many"
question wants a number) and sets the highlight on the phrase that answers.
"""

import re
from enum import StrEnum

from qa.fold import fold, tokens


class AnswerType(StrEnum):
    NUMBER = "number"
    DATE = "date"
    PERSON = "person"
    PLACE = "place"
    OTHER = "other"


QUANTITY_NOUNS = (
    "population|number|amount|percentage|percent|share|proportion|rate|cost|price|size|"
    "distance|length|height|weight|age|temperature|total|figure|count|sum|capacity|value|"
    "budget|salary|speed|area|depth|width|score|margin|fee|fine|revenue|worth"
)
PERSON_NOUNS = (
    "person|man|woman|people|leader|president|winner|founder|author|player|coach|king|queen|"
    "minister|official|envoy|spokesman|spokeswoman|ceo|chairman|director|composer|writer|"
    "scientist|artist|singer|actor|actress|character|emperor|pope|general|commander|dissident|"
    "activist|journalist|politician|candidate|member|son|daughter|wife|husband|father|mother"
)
PLACE_NOUNS = (
    "city|country|place|state|region|town|location|continent|province|county|village|island|"
    "river|mountain|capital|nation|district|area|venue|stadium|border|territory|port"
)
TIME_NOUNS = "year|date|day|month|time|decade|century|period|season|era|week|hour"

AUXILIARY = r"(?:do|does|did|has|have|had|will|would|can|could|should|may|might|must)\b"


def _asks_for(nouns: str) -> re.Pattern[str]:
    """`what`/`which` heading a phrase whose noun is one of `nouns`: "which Nobel prize winner",
    "what is the population"; not "what did the minister say", where the noun is the subject."""
    modifiers = rf"(?:(?!{AUXILIARY})[\w'-]+\s+){{0,3}}"
    return re.compile(
        rf"\b(?:what|which)\s+(?:(?:is|was|are|were)\s+)?(?:(?:the|a|an)\s+)?"
        rf"{modifiers}(?:{nouns})s?\b"
    )


QUESTION_PATTERNS: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    (
        AnswerType.NUMBER,
        re.compile(r"\bhow (?:many|much|long|old|far|big|large|tall|high|often)\b"),
    ),
    (AnswerType.DATE, re.compile(r"\bwhen\b")),
    (AnswerType.DATE, _asks_for(TIME_NOUNS)),
    (AnswerType.NUMBER, _asks_for(QUANTITY_NOUNS)),
    (AnswerType.PERSON, re.compile(r"\bwho(?:m|se)?\b")),
    (AnswerType.PERSON, _asks_for(PERSON_NOUNS)),
    (AnswerType.PLACE, re.compile(r"\bwhere\b")),
    (AnswerType.PLACE, _asks_for(PLACE_NOUNS)),
)

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
DATE_PHRASE = re.compile(
    rf"\b(?:{WEEKDAY},?\s+)?{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+\d{{4}})?\b"
    rf"|\b(?:(?:early|mid|late)-?\s*)?{MONTH}\s+\d{{4}}\b"
    rf"|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\b(?:early|mid|late)-\d{{4}}\b"
    rf"|\b\d{{4}}s\b|\b\d{{1,2}}(?:st|nd|rd|th)\s+century\b"
    rf"|\b(?:1[0-9]|20)\d{{2}}\b"
    rf"|\b{WEEKDAY}\b"
    rf"|\b(?:yesterday|today|tonight|last\s+(?:week|month|year)|next\s+(?:week|month|year))\b"
    rf"|\b(?:in\s+)?{MONTH}(?=\W|$)"
)
NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half"
)
SCALE = r"(?:hundred|thousand|million|billion|trillion|bn|m|k)\b"
UNIT = (
    r"(?:percent|per\s+cent|%|kg|kilograms?|km|kilometers?|kilometres?|miles?|meters?|metres?|"
    r"feet|foot|inches|pounds?|tons?|tonnes?|years?|months?|weeks?|days?|hours?|minutes?|"
    r"seconds?|degrees?|points?|dollars?|euros?|yards?|acres?|square\s+\w+)"
)
NUMBER_PHRASE = re.compile(
    rf"(?:[$€£¥]\s?)?\b\d+(?:[.,]\d+)*(?:\s*{SCALE})?(?:\s*{UNIT})?(?!\w)"
    rf"|\b(?:{NUMBER_WORDS})(?:[\s-](?:{NUMBER_WORDS}))*(?:\s+{UNIT})?\b",
    re.I,
)
NAME_WORD = r"[A-Z][\w'’.-]*"
NAME_PHRASE = re.compile(
    rf"\b{NAME_WORD}(?:\s+(?:(?:de|da|van|von|der|bin|al|del|la|le|of|the)\s+)?{NAME_WORD})*"
)
NOT_NAMES = re.compile(rf"^(?:{MONTH}|{WEEKDAY}|The|A|An|In|On|At|But|And|He|She|It|They)$")


def expected_type(question: str) -> AnswerType:
    """The kind of phrase that would answer `question`, from its wh-words and nouns."""
    folded = fold(question)
    for answer_type, pattern in QUESTION_PATTERNS:
        if pattern.search(folded):
            return answer_type
    return AnswerType.OTHER


def candidate_phrases(sentence: str, answer_type: AnswerType) -> list[tuple[int, int]]:
    """Spans in `sentence` that have the shape of an answer of `answer_type`."""
    if answer_type is AnswerType.DATE:
        return [m.span() for m in DATE_PHRASE.finditer(sentence)]
    if answer_type is AnswerType.NUMBER:
        dates = [m.span() for m in DATE_PHRASE.finditer(sentence)]
        return [
            m.span()
            for m in NUMBER_PHRASE.finditer(sentence)
            if not any(_overlaps(m.span(), d) for d in dates)
        ]
    if answer_type in (AnswerType.PERSON, AnswerType.PLACE):
        return [m.span() for m in NAME_PHRASE.finditer(sentence) if _is_name(m.group(), m.start())]
    return []


def _is_name(phrase: str, start: int) -> bool:
    words = phrase.split()
    if len(words) == 1 and (start == 0 or NOT_NAMES.match(words[0])):
        return False
    return not all(NOT_NAMES.match(w) for w in words)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def find_answer_phrase(
    sentence: str, question: str, answer_type: AnswerType
) -> tuple[int, int] | None:
    """The span of the phrase answering `question` in `sentence`, or None.

    A phrase made only of question words restates the question, so it is skipped; among the
    rest, the one closest to where the question's words occur in the sentence wins.
    """
    question_tokens = set(tokens(question))
    phrases = [
        span
        for span in candidate_phrases(sentence, answer_type)
        if not set(tokens(sentence[span[0] : span[1]])) <= question_tokens
    ]
    if answer_type is AnswerType.PERSON and any(" " in sentence[a:b] for a, b in phrases):
        phrases = [(a, b) for a, b in phrases if " " in sentence[a:b]]
    if not phrases:
        return None
    anchors = [
        m.start()
        for m in re.finditer(r"\w+", sentence)
        if fold(m.group()) in question_tokens and len(m.group()) > 3
    ]
    if not anchors:
        return phrases[0]
    return min(phrases, key=lambda span: min(abs(span[0] - a) for a in anchors))

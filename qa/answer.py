"""What kind of answer a question wants, and where that answer sits inside a sentence.

Pure functions over text: no model, no index. The expected type ranks sentences (a "how many"
question wants a number) and sets the highlight on the phrase that answers.
"""

import re
from enum import StrEnum

from qa.fold import fold, tokens
from qa.variants import spelling_key


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


CLAUSE_START = (
    r"(?:^|[,;:(]\s*|\b(?:and|or|but|so|since|until|from|of|in|on|at|by|for|to|with|during|"
    r"after|before)\s+)"
)


def _asks(wh_phrase: str) -> re.Pattern[str]:
    """`wh_phrase` where it asks: opening the question or a clause, or ending the question.
    "Prior to 2015, when did..." asks; "unrest can occur when people..." does not."""
    return re.compile(rf"{CLAUSE_START}(?:{wh_phrase})|\b(?:{wh_phrase})\W*$")


def _asks_for(nouns: str) -> re.Pattern[str]:
    """`what`/`which` heading a phrase whose noun is one of `nouns`: "which Nobel prize winner",
    "what is the population"; not "what did the minister say", where the noun is the subject."""
    modifiers = rf"(?:(?!{AUXILIARY})[\w'-]+\s+){{0,3}}"
    return _asks(
        rf"(?:what|which)\s+(?:(?:is|was|are|were)\s+)?(?:(?:the|a|an)\s+)?"
        rf"{modifiers}(?:{nouns})s?\b"
    )


QUESTION_PATTERNS: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    (
        AnswerType.NUMBER,
        _asks(r"how (?:many|much|long|old|far|big|large|tall|high|often)\b"),
    ),
    (AnswerType.DATE, _asks(r"when\b")),
    (AnswerType.DATE, _asks_for(TIME_NOUNS)),
    (AnswerType.NUMBER, _asks_for(QUANTITY_NOUNS)),
    (AnswerType.PERSON, _asks(r"who(?:m|se)?\b")),
    (AnswerType.PERSON, _asks_for(PERSON_NOUNS)),
    (AnswerType.PLACE, _asks(r"where\b")),
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
WORD = re.compile(r"\w+")
STEM_CHARS = 5
"""Words sharing their first five letters count as one word ("release", "released")."""
NEXT_WORD = re.compile(r" (?P<word>[a-z][a-z-]*)\b")
SCALE_END = re.compile(rf"{SCALE}$", re.I)
FUNCTION_WORDS = frozenset(
    ("a", "an", "the", "of", "in", "to", "and", "or", "for", "from", "by", "at", "on", "with")
    + ("as", "per", "each", "is", "are", "was", "were", "been", "being", "have", "does", "would")
    + ("that", "this", "these", "those", "what", "which", "when", "where", "there", "their")
    + ("they", "them", "many", "much", "some", "most", "more", "than", "then", "into", "about")
    + ("after", "before")
)
"""Words that neither anchor a highlight nor count as the noun a number counts."""
NAME_TOKEN = re.compile(r"\w[\w'’.-]*")
NAME_CONNECTORS = frozenset(["de", "da", "van", "von", "der", "bin", "al", "del", "la", "le", "of"])
NOT_NAMES = re.compile(
    rf"^(?:{MONTH}|{WEEKDAY}|The|A|An|In|On|At|But|And|He|She|It|They|This|That|However)$"
)


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
        return [span for span in _name_spans(sentence) if _is_name(sentence, span)]
    return []


def _name_spans(sentence: str) -> list[tuple[int, int]]:
    """Runs of capitalised words (any script), joined by spaces or particles such as "van"."""
    spans: list[tuple[int, int]] = []
    run: tuple[int, int] | None = None
    connector_end: int | None = None
    for match in NAME_TOKEN.finditer(sentence):
        word = match.group()
        last_end = connector_end or (run[1] if run else None)
        is_adjacent = last_end is not None and sentence[last_end : match.start()] == " "
        if word[0].isupper():
            end = match.end() - 1 if word.endswith(".") and len(word) > 4 else match.end()
            if run is not None and is_adjacent:
                run = (run[0], end)
            else:
                spans += [run] if run else []
                run = (match.start(), end)
            connector_end = None
        elif run is not None and is_adjacent and word in NAME_CONNECTORS and not connector_end:
            connector_end = match.end()
        else:
            spans += [run] if run else []
            run, connector_end = None, None
    spans += [run] if run else []
    return [trimmed for span in spans if (trimmed := _trim_non_names(sentence, span))]


def _trim_non_names(sentence: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """Drop leading words that are capitalised for another reason ("But", "Monday")."""
    start, end = span
    for word in sentence[start:end].split():
        if not NOT_NAMES.match(word):
            break
        start += len(word) + 1
    return (start, end) if start < end else None


def _is_name(sentence: str, span: tuple[int, int]) -> bool:
    """A lone capitalised word opening the sentence is just a sentence start."""
    return span[0] != 0 or " " in sentence[span[0] : span[1]]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class AnswerFinder:
    """Finds, in any sentence, the phrase answering one question; set up once per question."""

    def __init__(self, question: str) -> None:
        self.answer_type = expected_type(question)
        self.question_tokens = set(tokens(question))
        self.question_keys = {spelling_key(t) for t in self.question_tokens}
        self.content_stems = {
            t[:STEM_CHARS] for t in self.question_tokens if len(t) > 3 and t not in FUNCTION_WORDS
        }

    def find(self, sentence: str) -> tuple[int, int] | None:
        """The span of the phrase answering the question in `sentence`, or None.

        A phrase made only of question words restates the question, so it is skipped; among
        the rest, the one closest to where the question's words occur in the sentence wins.
        """
        phrases = [
            span
            for span in candidate_phrases(sentence, self.answer_type)
            if not self._restates_question(sentence[span[0] : span[1]])
        ]
        if self.answer_type is AnswerType.PERSON and any(" " in sentence[a:b] for a, b in phrases):
            phrases = [(a, b) for a, b in phrases if " " in sentence[a:b]]
        if not phrases:
            return None
        anchors = [
            m.start()
            for m in WORD.finditer(sentence)
            if len(m.group()) > 3 and fold(m.group())[:STEM_CHARS] in self.content_stems
        ]
        best = (
            min(phrases, key=lambda span: min(abs(span[0] - a) for a in anchors))
            if anchors
            else phrases[0]
        )
        if self.answer_type is AnswerType.NUMBER:
            return _with_counted_noun(sentence, best, self.content_stems)
        return best

    def _restates_question(self, phrase: str) -> bool:
        return all(
            t in self.question_tokens or spelling_key(t) in self.question_keys
            for t in tokens(phrase)
        )


def _with_counted_noun(
    sentence: str, span: tuple[int, int], content_stems: set[str]
) -> tuple[int, int]:
    """Extend "80,000" to "80,000 books" (or "52 rare books") when the question counts books,
    and "9 million" to "9 million crowns": the noun is part of the answer."""
    first = NEXT_WORD.match(sentence, span[1])
    if first is None or fold(first["word"]) in FUNCTION_WORDS:
        return span
    if SCALE_END.search(sentence[span[0] : span[1]]):
        return (span[0], first.end())
    for following in (first, NEXT_WORD.match(sentence, first.end())):
        if following is not None and fold(following["word"])[:STEM_CHARS] in content_stems:
            return (span[0], following.end())
    return span

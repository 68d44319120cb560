"""Analyse a question once: its terms, the type of answer it wants (qa.asked), and what it
constrains.

Every later stage (retrieval, features, highlight, the abstention reason) reads the `Question`
made here and none re-tokenises the text. Pure: the corpus's term analyzer and the question's
vector are passed in.
"""

import itertools
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict

from qa.asked import (
    AUXILIARY,
    AUXILIARY_NEXT,
    CHANGE_VERBS,
    FELL_HOW_FAR,
    OPENING_PREPOSITIONS,
    PERSON_NOUNS,
    VALUE_TYPES,
    AnswerType,
    asked_kind,
)
from qa.fold import fold, token_spans, tokens
from qa.models import Correction
from qa.numbers import StatedNumber, stated_numbers
from qa.roles import (
    ROLE_HOLDER_FORMS,
    asked_role,
    asks_succession,
    is_worded_otherwise,
    led_noun,
    role_owner,
)
from qa.speech import ASKING_DESCRIPTION
from qa.terms import QUESTION_WORDS, TermAnalyzer, is_stop_word, looks_plural, stem
from qa.times import MONTH_WORD, WEEKDAYS, TimeConstraint, time_constraint
from qa.variants import spelling_key

STATEMENT_LABEL = "STATEMENT"
"""The label of what a sentence quotes or reports someone saying, found by qa.speech, not NER."""
ANSWER_LABELS: dict[AnswerType, dict[str, float]] = {
    AnswerType.PERSON: {"PERSON": 1.0, "ORG": 0.5, "NORP": 0.5},
    AnswerType.PLACE: {"GPE": 1.0, "LOC": 1.0, "FAC": 1.0, "ORG": 0.5},
    AnswerType.ORGANIZATION: {"ORG": 1.0, "NORP": 0.5, "GPE": 0.5},
    AnswerType.NATIONALITY: {"NORP": 1.0},
    AnswerType.ORIGIN: {"GPE": 1.0, "NORP": 1.0, "LOC": 1.0, "FAC": 0.5, "ORG": 0.5},
    AnswerType.GROUP: {"NORP": 1.0, "GPE": 0.5, "ORG": 0.5},
    AnswerType.DATE: {"DATE": 1.0, "TIME": 1.0},
    AnswerType.YEAR: {"DATE": 1.0},
    AnswerType.DAY: {"DATE": 1.0},
    AnswerType.CLOCK: {"TIME": 1.0},
    AnswerType.FREQUENCY: {"DATE": 1.0, "TIME": 1.0, "PERCENT": 1.0},
    AnswerType.DURATION: {"DATE": 1.0, "TIME": 1.0, "QUANTITY": 0.5},
    AnswerType.AGE: {"DATE": 1.0, "CARDINAL": 0.5},
    AnswerType.COUNT: {"CARDINAL": 1.0, "QUANTITY": 1.0, "MONEY": 0.5, "PERCENT": 0.5},
    AnswerType.AMOUNT: {"MONEY": 1.0, "QUANTITY": 1.0, "PERCENT": 1.0, "CARDINAL": 0.5},
    AnswerType.MONEY: {"MONEY": 1.0, "CARDINAL": 1.0, "QUANTITY": 1.0, "PERCENT": 0.5},
    AnswerType.MEASURE: {"QUANTITY": 1.0, "CARDINAL": 0.5, "PERCENT": 0.5},
    AnswerType.PERCENT: {"PERCENT": 1.0, "CARDINAL": 0.5},
    AnswerType.LANGUAGE: {"LANGUAGE": 1.0, "NORP": 0.5},
    AnswerType.STATEMENT: {STATEMENT_LABEL: 1.0},
    AnswerType.OTHER: {},
}
"""For each answer type, the entity labels that can answer it, and how well (1 first choice)."""

RATE_NOUNS = (
    r"(?:\w+\s+)?(?:rates?|prices?|taxe?s?|fees?|fares?|wages?|salar(?:y|ies)|rents?|costs?)"
)
CHANGE_NOUNS = r"rises?|increases?|raises?|cuts?|hikes?|falls?|drops?|reductions?|decreases?"
CHANGE_ASKED = re.compile(
    r"\bhow much\s+(?:more|less)\b|\bmargin\b|"
    rf"\b(?:how much|by what|by how)\b[^?.,;]*?\b(?:{CHANGE_VERBS}|(?:raise|cut)\s+{RATE_NOUNS})\b|"
    rf"\b(?:what|which)\s+size\s+(?:of\s+)?(?:\w+\s+)?(?:{CHANGE_NOUNS})\b|"
    rf"\bhow\s+(?:big|large)\s+(?:(?:a|an)|(?:is|are|was|were|will\s+be)\s+(?:the|its|their))\s+"
    rf"(?:\w+\s+)?(?:{CHANGE_NOUNS})\b|"
    rf"{FELL_HOW_FAR}",
    re.I,
)
"""A question asking a change or a margin, whose answer may be a percentage: "how much did the
bank raise interest rates", "how much less did it cost", "what is the profit margin", "how far
did the shares drop", "what size (of) pay rise", "how big a cut", "how big was the pay rise";
not "how much did the charity raise", a sum."""


NAME_ASKED = re.compile(
    rf"\bnames?\s+of\b|^\s*who\s+(?:is|was)\s+the\s+(?:[\w-]+\s+){{0,2}}?(?:{PERSON_NOUNS})\s+"
    r"(?:who|that)\b",
    re.I,
)
"""A question asking a person's name: "What is the name of the man detained?", "Who was the
farmer who found the hoard?"."""


COUNTING = re.compile(r"\bhow (?:many|much)\s+((?:[\w'-]+\s*){1,4})")
NUMBER_OF = re.compile(r"\bnumber of\s+((?:[\w'-]+\s*){1,3})")
NOT_COUNTED = re.compile(rf"^(?:{AUXILIARY}|(?:more|of|the|a|an|in|on|at|to|for|it|they|we|you)\b)")
WH_ADJECTIVE = re.compile(
    r"\bhow\s+(?:many|much|long|old|far|big|large|tall|high|deep|wide|heavy|fast|often)\b", re.I
)
""""How long" asks for a duration; "long" is not a word to find in the answer."""
ANSWER_KIND = re.compile(
    r"\b(?:what|which)\s+(?:(?:is|was)\s+the\s+)?(?:nationality|nationalities|ethnicity|"
    r"percentage|proportion|share|age|organi[sz]ations?|date|day|month|year|time)\b"
    r"(?!\s+(?:price|limit|group|holder|period|frame|zone|span|range|off|shift)s?\b)"
    r"|\baccording\s+to\b",
    re.I,
)
""""What nationality" names the kind of answer, which a sentence gives without the noun ("a Dutch
group", "54.3 percent of the vote", "Inga Solvay, 47,", "the Estrelland Retail Federation", "on
Sept 29", "at 11.42am"): a corpus lacking the noun says nothing of the question. Nor does one
lacking "according to", which says whose account the question asks of."""
DESCRIBING_VERB = re.compile(rf"\b(?:{'|'.join(ASKING_DESCRIPTION)})\b", re.I)
""""How did the minister justify the rise" names the kind of answer too: a quote seldom says
"justify", and a corpus lacking the word says nothing of the question. "Say" and "tell" stay
terms: the quote's "she said" matches them."""
WORD = re.compile(r"\w+")
OF_NEXT = re.compile(r"\s+of\b")
""""of" next: what follows a noun opening a question that is a bare phrase ("Value of Chile's
exports in 2022?"), seldom a name. Other prepositions follow names in headlines' questions
("Vale to buy which steel maker?", "Zelensky in talks with whom?")."""
DESCRIBED_TYPES = frozenset({AnswerType.AGE, AnswerType.NATIONALITY})
"""The answer types of those questions: the role's holder is not the answer."""

COPULAR = re.compile(r"\s*(?:who|what|which)\b(?:\s+\w+)?\s+(?:is|was|are|were)\b", re.I)


class Question(BaseModel):
    """A question as every stage reads it; made once by `analyse_question`."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    text: str
    words: frozenset[str]
    """Folded tokens of the question, to tell a phrase that only restates it."""
    word_keys: frozenset[str]
    """Spelling keys of those tokens, so "Shashkevich" restates "Šaškevič" too."""
    terms: tuple[str, ...]
    """Content terms (stemmed, one spelling per name), in order, without wh-words."""
    term_words: dict[str, str]
    """Each term with the question's word it came from, to name it to people."""
    answer_type: AnswerType
    asked_noun: str = ""
    """The noun naming the kind of answer asked (qa.asked.AskedKind): "fine" of "fine imposed
    on...", "town" of "in which town"."""
    title_asked: str = ""
    """The noun of a "which government minister..." question, folded, when it says whom the
    question asks about (asked_title)."""
    times: TimeConstraint
    counted: str | None
    """The term of the noun a "how many" question counts ("pilots" in "how many pilots")."""
    counted_word: str | None
    """That noun as the question writes it."""
    counted_before: tuple[str, ...] = ()
    """The terms of the words before that noun, nearest first ("crew" of "how many crew
    members"): what a corpus that never uses the noun may count by (with_corpus_counted)."""
    entities: tuple[tuple[str, ...], ...]
    """The names the question asks about, each as its terms."""
    entity_names: tuple[str, ...]
    """Those names as the question writes them."""
    role: tuple[str, ...] = ()
    """The terms of the role a "who is the..." question asks who holds: "architect" of "Who is
    the architect of the stadium?", "deputy mayor" of "Who will serve as Port Arlen's deputy
    mayor?"; or of whoever's age or nationality it asks ("How old is Castravia's sports
    minister?"); "chair" of "Who chairs the panel?". Names are not a role ("Who is Priya
    Natarajan?"), nor is a word for any head (ANY_HEAD): a sentence naming the holder seldom
    words it so (qa.roles.is_worded_otherwise)."""
    role_words: str = ""
    """That role as the question writes it."""
    led: str = ""
    """What a "who leads..." question asks who leads, folded (qa.roles.led_noun): "council" of
    "Who leads the council that brought the case?"; a name of that kind is not who leads it."""
    asks_succession: bool = False
    """Whether it asks who held a role before or after someone (qa.roles.asks_succession): only
    a sentence saying someone left a role or was followed in it names them
    (qa.roles.SUCCESSION)."""
    role_owner: tuple[str, ...] = ()
    """The terms of the name the question says the role is of (qa.roles.role_owner): "chile"
    of "Who is the president of Chile?"."""
    numbers: dict[str, StatedNumber]
    """The numbers the question states, other than years (which are times), by their terms:
    "phase 1" of a trial, "Apollo 11", "Route 66"."""
    asks_change: bool
    """ "How much less did it cost": a percentage can answer a money question (CHANGE_ASKED)."""
    vector: Any
    """The question's unit embedding (numpy float32)."""
    corrections: tuple[Correction, ...] = ()
    """Misspelt words read as the corpus's words (qa.spelling): `text` has them read so."""

    @property
    def held_role(self) -> str:
        """The role whose holder is asked: the role of a "who is the..." question, else the
        noun of a "which minister..." one."""
        return self.role_words or self.title_asked

    @property
    def asks_role_holder(self) -> bool:
        """A "who is the chief executive..." or "which government minister..." question: only
        a person, or a name the sentence gives the role, answers it (qa.answer.answer_spans)."""
        # "vice-president" ends in "president".
        words = re.split(r"[\s-]+", self.held_role.strip())
        return (
            self.answer_type is AnswerType.PERSON and bool(words) and words[-1] in ROLE_HOLDER_FORMS
        )

    @property
    def asks_persons_name(self) -> bool:
        """A question asking a person's name (NAME_ASKED): only a name answers it, which the NER
        model tags."""
        return self.answer_type is AnswerType.PERSON and NAME_ASKED.search(self.text) is not None

    @property
    def asks_holder(self) -> bool:
        """Whether the holder of the role asked about is the answer: "Who is the mayor?", not
        "How old is the mayor?"."""
        return bool(self.role) and self.answer_type not in DESCRIBED_TYPES

    @property
    def is_copular(self) -> bool:
        """A "who is X?" question asks who X is, not who acted on X."""
        return bool(COPULAR.match(self.text))

    @property
    def labels(self) -> dict[str, float]:
        """Entity labels that can answer, with how well each fits."""
        return ANSWER_LABELS[self.answer_type]

    @property
    def asks_value(self) -> bool:
        return self.answer_type in VALUE_TYPES


def analyse_question(text: str, analyzer: TermAnalyzer, vector: Any) -> Question:
    """Everything later stages need to know about `text`."""
    words = frozenset(tokens(text))
    answer_type, kind = asked_kind(text)
    content = ANSWER_KIND.sub(" ", WH_ADJECTIVE.sub(" ", text))
    if answer_type is AnswerType.STATEMENT:
        content = DESCRIBING_VERB.sub(" ", content, count=1)
    counted = counted_noun(text, analyzer)
    names = asked_names(text, analyzer)
    role = asked_role(text)
    return Question(
        text=text,
        words=words,
        word_keys=frozenset(spelling_key(w) for w in words),
        terms=tuple(analyzer.content_terms(content)),
        term_words={
            t: content[start:end]
            for start, end, folded in reversed(token_spans(content))
            for t in analyzer.content_terms(folded)
        },
        answer_type=answer_type,
        asked_noun=kind,
        title_asked=asked_title(text, kind),
        times=time_constraint(text),
        counted=counted.term if counted else None,
        counted_word=counted.word if counted else None,
        counted_before=counted.before if counted else (),
        entities=tuple(names.values()),
        entity_names=tuple(names),
        role=() if is_worded_otherwise(text, role) else tuple(analyzer.terms(role)),
        role_words=role,
        led=fold(led_noun(text)),
        asks_succession=asks_succession(text),
        role_owner=tuple(analyzer.terms(role_owner(text, role))),
        numbers=stated_numbers(text, analyzer),
        asks_change=bool(CHANGE_ASKED.search(text)),
        vector=vector,
    )


DEMONYM_ENDINGS = {"ian": ("ia", "", "a", "i"), "an": ("a",)}
"""How a nationality's stem ends where its country's does not: Valdorian (Valdoria), Ostrian
(Ostr), Canadian (Canada), Italian (Italy), Kenyan (Kenya)."""


def with_corpus_places(question: Question, is_known: Callable[[str], bool]) -> Question:
    """`question` with each name term the corpus never uses that is a nationality word of a
    place the corpus names read as that place: "the Valdorian parliament" of a story that only
    ever says Valdoria is asked about Valdoria, not about a name the corpus lacks."""
    places = {
        term: place
        for name in question.entities
        for term in name
        if not is_known(term) and (place := demonym_place(term, is_known)) is not None
    }
    if not places:
        return question

    def as_place(term: str) -> str:
        return places.get(term, term)

    return question.model_copy(
        update={
            "terms": tuple(map(as_place, question.terms)),
            "term_words": {as_place(t): word for t, word in question.term_words.items()},
            "entities": tuple(tuple(map(as_place, name)) for name in question.entities),
            "role_owner": tuple(map(as_place, question.role_owner)),
        }
    )


def with_corpus_opening(
    question: Question, is_common: Callable[[str], bool], is_used: Callable[[str], bool]
) -> Question:
    """`question` without its opening word as a name when the word alone is one and the corpus
    writes it as a common word (`is_common`, of the folded word): it is capitalised only
    because it opens the question ("Normally silver, what color...", "Students show more
    interest in what?"), and a sentence without it lacks no name. Not an acronym ("US
    officials said what?"), a word with capitals inside ("McAllister") nor a possessive
    ("Hunt's budget...").

    A word the corpus never uses (`is_used`) opening a bare phrase is read so too: "Value of
    Chile's exports in 2022?" asks a value, not about a name, and the corpus lacking the word
    weighs as an unknown word does, not as a missing name that no sentence could be about. So is
    the noun a bare phrase asks by ("Fine imposed on operators...", Question.asked_noun), though
    "Price said what about the budget?" names Price."""
    opening = WORD.search(question.text)
    if (
        opening is None
        or not question.entity_names
        or question.entity_names[0] != (word := opening.group())
        or not word[1:].islower()
        or question.text.startswith(("'s", "’s"), opening.end())
    ):
        return question
    folded = fold(word)
    opens_phrase = OF_NEXT.match(question.text, opening.end()) is not None
    asks_by_it = question.asked_noun == folded
    if not (asks_by_it or is_common(folded) or (opens_phrase and not is_used(folded))):
        return question
    return question.model_copy(
        update={
            "entities": question.entities[1:],
            "entity_names": question.entity_names[1:],
        }
    )


def with_corpus_counted(question: Question, is_known: Callable[[str], bool]) -> Question:
    """`question` counting the nearest word before its counted noun that the corpus uses, when
    it never uses the noun: "how many crew members" of a story that counts "18 crew". The
    noun's absence alone would say the corpus cannot answer (qa.features.unknown_asked)."""
    counted = question.counted
    if counted is None or is_known(counted):
        return question
    known = next((term for term in question.counted_before if is_known(term)), None)
    if known is None:
        return question
    return question.model_copy(
        update={"counted": known, "counted_word": question.term_words.get(known, known)}
    )


NATIONALITY_ENDINGS = ("ian", "ean", "ese", "an", "n", "i")
"""What a nationality adds to its place's stem: Canadian, Chilean, Japanese, Kenyan, Asian,
Israeli."""
PLACE_ENDINGS = ("", "a", "e", "o", "y")
"""How a place's stem ends where its nationality's does not: Japan, Canada, Ukraine, Mexico,
Italy."""
PLACE_STEM = 4
"""The shortest stem a place and its nationality share: Cuba and Cuban; Rome and Roman share
too few letters (Roma and Roman are left to the corpus's tagger)."""


def nationality_places(word: str) -> list[str]:
    """The words that may name the place a nationality `word` is of, longest first: "ukraine"
    (and "ukrain", ...) of "Ukrainians", "nigeria" before "niger" of "Nigerian". Most are no
    words at all; the caller keeps those its corpus tags. Irregular ones ("French", "Dutch")
    are not found."""
    singular = word.lower().removesuffix("s")
    forms = {
        stem + end
        for ending in NATIONALITY_ENDINGS
        if (stem := singular.removesuffix(ending)) != singular and len(stem) >= PLACE_STEM
        for end in PLACE_ENDINGS
    }
    return sorted(forms, key=lambda form: (-len(form), form))


def place_nationalities(word: str) -> list[str]:
    """The words that may name the people of a place `word`: "ukrainian" of "Ukraine",
    "israeli" of "Israel", "chinese" of "China"."""
    word = word.lower()
    return sorted(
        {
            stem + ending
            for end in PLACE_ENDINGS
            if ((stem := word.removesuffix(end)) != word or not end) and len(stem) >= PLACE_STEM
            for ending in NATIONALITY_ENDINGS
        }
    )


def demonym_place(term: str, is_known: Callable[[str], bool]) -> str | None:
    """The place term a nationality term names, if the corpus uses it: "valdoria" of
    "valdorian"."""
    ending = next((e for e in DEMONYM_ENDINGS if term.endswith(e)), None)
    if ending is None or len(term) < len(ending) + 4:
        return None
    stem_part = term.removesuffix(ending)
    return next(
        (stem_part + end for end in DEMONYM_ENDINGS[ending] if is_known(stem_part + end)), None
    )


class Counted(NamedTuple):
    """What a "how many" question counts."""

    word: str
    """The head noun as the question writes it."""
    term: str
    before: tuple[str, ...]
    """The terms of the phrase's words before it, nearest first: "crew" of "crew members"."""


def counted_noun(text: str, analyzer: TermAnalyzer) -> Counted | None:
    """The head noun after "how many"/"how much"/"number of", its term, and the terms before it.

    Without a tagger the head is found by shape: the first plural-looking word of the phrase
    ("how many crew members work" counts members), else its first word ("how much money"). In a
    phrase an auxiliary ends, all of it names what is counted, so a name before a plural only
    says whose ("how many Panthers defense players were picked" counts players); without one, a
    verb may follow the name ("how many Americans own guns" counts Americans).
    """
    folded = fold(text)
    match = COUNTING.search(folded) or NUMBER_OF.search(folded)
    if match is None:
        return None
    written = match[1].split()
    phrase = list(itertools.takewhile(lambda word: not NOT_COUNTED.match(word), written))
    if not phrase:
        return None
    plurals = [w for w in phrase if looks_plural(w)]
    following = (written[len(phrase) :] or folded[match.end(1) :].split())[:1]
    ends_at_auxiliary = any(AUXILIARY_NEXT.fullmatch(word) for word in following)
    names = {fold(w) for w in WORD.findall(text)[1:] if w[0].isupper()}
    head = next(
        (w for w in plurals if not (ends_at_auxiliary and w in names)),
        plurals[0] if plurals else phrase[0],
    )
    terms = analyzer.terms(head)
    if not terms:
        return None
    before = phrase[: phrase.index(head)]
    return Counted(head, terms[0], tuple(reversed(analyzer.terms(" ".join(before)))))


def asked_title(text: str, noun: str) -> str:
    """`noun`, the noun a question's type came from (AskedKind.noun), where it says whom the
    question asks about ("which minister resigned", "which minister heading the inquiry"), not
    where it only describes a noun after it ("which officer training college", "which doctors'
    union"); "" if it does not."""
    if not noun:
        return ""
    found = re.search(
        rf"\b(?:which|what)\b[^?]*?\b{re.escape(noun)}(')?(?:\s+(\w+)(?:\s+(\w+))?)?", fold(text)
    )
    if found is None or found[1]:
        return ""
    following, after = found[2] or "", found[3] or ""
    if following.endswith("ing") and after and not is_stop_word(after):
        return ""
    return noun


def asked_names(text: str, analyzer: TermAnalyzer) -> dict[str, tuple[str, ...]]:
    """Runs of capitalised words and their terms: the people, places and things asked about.

    The opening word is capitalised anyway; it counts only when it is not a question word or a
    stop word ("Olsen said what?"). Months are times, not names.
    """
    runs: list[list[str]] = [[]]
    for index, match in enumerate(WORD.finditer(text)):
        word = match.group()
        is_name = (
            word[0].isupper()
            and not MONTH_WORD.fullmatch(word)
            and fold(word).rstrip("s") not in WEEKDAYS
            and not (index == 0 and _is_opening_word(word))
        )
        if is_name:
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    names = {" ".join(run): tuple(analyzer.terms(" ".join(run))) for run in runs if run}
    return {name: terms for name, terms in names.items() if terms}


def _is_opening_word(word: str) -> bool:
    folded = fold(word)
    return folded in OPENING_WORDS or all(is_stop_word(t) for t in stem([folded]))


OPENING_WORDS = frozenset(
    [*QUESTION_WORDS, "is", "are", "was", "were", "do", "does", "did", "has", "have", "had"]
    + ["can", "could", "will", "would", "should", "in", "on", "at", "during", "after", "before"]
    + ["name", "list", "according", "apart", "besides", "aside"]
    + [phrase.split()[0] for phrase in OPENING_PREPOSITIONS]
    + ["since", "via", "per", "despite", "without", "amid", "given", "prior", "lots", "unlike"]
    + ["following", "upon", "regarding", "concerning", "although", "though", "whereas", "due"]
)
"""Words a question may open with that name nothing ("Near which town...", "Close to which
village..."); with the stop words, they are capitalised only because they open it."""

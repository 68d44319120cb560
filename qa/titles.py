"""What a sentence says a person is: the title before a name ("Brenholt chief executive Ines
Marlow") and the role set off beside it ("Ola Fenn, head of quality at Tarrow Mills, said").
Pure functions over a sentence's text; the NER model tags names, not roles.

The build gives each person the roles their article states (qa.lexical_build), so "Voss told
reporters" is read as what the coastguard spokeswoman told them. A "who is the..." question
reads the title of the person it would quote (qa.features): a sentence naming the chief
executive of one company does not say who runs another.
"""

import itertools
import re
from collections.abc import Collection
from typing import TYPE_CHECKING

from qa.speech import SPEECH_VERBS
from qa.terms import is_stop_word, stem
from qa.times import MONTHS, WEEKDAYS

if TYPE_CHECKING:
    from qa.lexical import Positions

ROLE_WORDS = 3
"""How many words before a name can say who the person is: "chief technology officer Daniel
Okafor", "U.S. District Judge Nora Ellison"."""
OWNER_WORDS = 3
"""How many capitalised words before a role of ROLE_WORDS words can name whose it is."""
OWNER_AND_TITLE_WORDS = ROLE_WORDS + 1
"""Read at query time, a title's words and the name before them that says whose it is:
"Kessel chief financial officer Pia Lanz"."""
CALENDAR_WORDS = frozenset([*MONTHS, *WEEKDAYS])
"""Words that say when, not who: "On Tuesday chief executive Ines Marlow"."""
NOT_TITLE_WORDS = frozenset(
    [
        *(form for forms in SPEECH_VERBS.values() for form in forms),
        *("met", "led", "won", "beat", "took", "gave", "left", "sent", "chose", "hit", "saw"),
        *CALENDAR_WORDS,
    ]
)
"""Words that end a title read back from a name without the build's list of verbs: "Judge Ray
Holt told Ines Marlow", "On Tuesday chief executive Ines Marlow"."""
ROLE_WORD = re.compile(r"(?:^|\s)([A-Za-z][A-Za-z.'’-]*)\s+$")
ROLE_AFTER = re.compile(
    r",\s+(?:\d{1,3},\s+)?(?:an?|the|(?P<owner>[A-Z][\w'’-]*['’]s))\s+"
    r"(?P<role>(?:[\w'’-]+\s+){0,5}?[\w'’-]+)"
    r"(?=,|\s+(?:who|which|since)\b|\.?$)"
)
"""A role set off after a name: "Mira Costa, 39, a former public defender who ran...",
"Ida Roth, Brannock's founder, will..."."""
ROLE_BEFORE = re.compile(
    r"(?:^|[,;]\s+)((?:[Tt]he|[A-Z][\w'’-]*['’]s)\s+(?:[\w'’-]+\s+){0,5}[\w'’-]+),\s+$"
)
"""A role set off before a name that a comma follows: "Brannock's founder and chief executive,
Ida Roth, will become deputy chair"."""
OWNED_ROLE_BEFORE = re.compile(
    r"(?:^|[,;]\s+)((?:[Tt]he|(?:[A-Z][\w'’-]*\s+){0,3}[A-Z][\w'’-]*(?:['’]s|(?<=s)['’]))\s+"
    r"(?:[\w'’-]+\s+){0,5}[\w'’-]+),\s+$"
)
"""ROLE_BEFORE with an owner of several words too: "Salar Andino's chief executive, Martín
Echeverría,". Read at query time only (title_spans), where what the owner is called is told
apart from the role (OWNER_PART), a plural's possessive too ("Vardhan Lifesciences' chief
executive, Vikram Vardhan,"); the build's set_off_roles keeps ROLE_BEFORE, lest "President
Joe Biden's chief of staff, Jeff Zients," give Zients the terms of a president."""
OWNER_PART = re.compile(r"^.*(?:['’]s|(?<=s)['’])\s+")
"""A title's words up to its owner's possessive: "President Joe Biden's " of "President Joe
Biden's chief of staff"."""
BARE_ROLE_AFTER = re.compile(
    r",\s+(?:\d{1,3},\s+)?(?![a-z]+ing\b)([a-z][\w'’-]*\s+(?:[\w'’-]+\s+){0,5}?(?:at|of|for)\s+"
    r"(?:[\w'’-]+\s+){0,4}?[A-Z][\w'’-]*)(?=,|\s+(?:who|which|since)\b|\.?$)"
)
"""A role set off after a name without an article, that says whose it is: "Ola Fenn, head of
quality at Tarrow Mills, said"; not a participle ("speaking at Davos")."""

TITLE_MODIFIERS = frozenset(
    stem(
        ["acting", "interim", "deputy", "group", "senior", "former", "vice", "joint", "outgoing"]
        + ["incoming", "founding", "executive", "managing", "general", "global", "regional"]
    )
)
"""Capitalised words of a title that say what kind of role it is, not whose: "Group Chief
Executive", "Interim Chief Executive"."""
OWNER_AFTER = frozenset(["at", "of", "for"])
"""Words after which a title names whose role it is: "head of quality at Tarrow Mills"."""
POSSESSIVE = ("'s", "’s", "'", "’")
SENTENCE_OPENERS = ("-", "–", "—", ":")


def role_words(
    before_name: str, verbs: Collection[str], names: Collection[tuple[int, int]] = ()
) -> list[str]:
    """The words right before a person's name that say who the person is, nearest first:
    "Mayor" of "Mayor Dolores Keane", "incident commander" of "..., said incident commander
    Darla Pruitt". Read back to a stop word, a punctuation mark, a past form or one of `verbs`
    ("signed striker Ana Ruiz", "said Dr. Helena Strand"). Past ROLE_WORDS, capitalised words
    go on, up to OWNER_WORDS: they name whose role it is ("Coral Strait" of "Coral Strait Lines
    chief executive Bernard Mowle"), but not a month or a weekday (nor is a role word: "On
    Tuesday chief executive..."), nor an opening word outside the `names` (spans in
    `before_name` the NER model tagged): "Yesterday" is capitalised as the sentence's first
    word, "Kolstad" of "Kolstad Textiles" as a name."""
    spans = _role_word_spans(before_name, verbs, ROLE_WORDS, CALENDAR_WORDS)
    if len(spans) == ROLE_WORDS:
        rest = before_name[: spans[-1][0]]
        spans += itertools.takewhile(
            lambda span: _names_owner(rest, span, names),
            _role_word_spans(rest, verbs, OWNER_WORDS),
        )
    return [before_name[start:end] for start, end in spans]


def _names_owner(text: str, span: tuple[int, int], names: Collection[tuple[int, int]]) -> bool:
    start, end = span
    if not text[start].isupper() or text[start:end].lower() in NOT_TITLE_WORDS:
        return False
    return not opens_sentence(text, start) or any(
        first <= start and end <= last for first, last in names
    )


def opens_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` is the first of its sentence, where a capital says nothing.
    A dateline's dash opens the news too: "March 3 (Reuters) - Acting mayor ..."."""
    return not text[:start].strip() or text[:start].rstrip().endswith(SENTENCE_OPENERS)


def set_off_roles(text: str, start: int, end: int) -> list[str]:
    """The roles set off by commas before or after the name at `start`:`end` of `text`
    (ROLE_BEFORE, ROLE_AFTER)."""
    roles = []
    if (after := ROLE_AFTER.match(text, end)) is not None:
        roles.append(after["role"])
    if text.startswith(",", end) and (before := ROLE_BEFORE.search(text[:start])) is not None:
        roles.append(before[1])
    return roles


def title_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where `text` says who the person named at `start`:`end` is: the words before the name and
    the roles set off beside it, those without an article too when they say whose role it is.
    Read without the build's list of verbs, which only spaCy's package holds: reading stops at
    a speech verb, a few common past forms, a month or a weekday (NOT_TITLE_WORDS); another
    verb before the name joins the title."""
    words = _role_word_spans(text[:start], NOT_TITLE_WORDS, OWNER_AND_TITLE_WORDS)
    titles = [(words[-1][0], words[0][1])] if words else []
    if (after := ROLE_AFTER.match(text, end)) is not None:
        # "Ida Roth, Brannock's founder": the possessive says whose role it is.
        start_of = "owner" if after["owner"] else "role"
        titles.append((after.start(start_of), after.end("role")))
    elif (bare := BARE_ROLE_AFTER.match(text, end)) is not None:
        titles.append(bare.span(1))
    if text.startswith(",", end) and (set_off := OWNED_ROLE_BEFORE.search(text[:start])):
        titles.append(set_off.span(1))
    return titles


def _role_word_spans(
    before_name: str, verbs: Collection[str], limit: int, stops: Collection[str] = ()
) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    while len(spans) < limit and (match := ROLE_WORD.search(before_name)):
        folded = match[1].lower()
        if (
            folded.endswith("ed")
            or folded in verbs
            or folded in stops
            or is_stop_word(stem([folded])[0])
        ):
            break
        spans.append(match.span(1))
        before_name = before_name[: match.start(1)]
    return spans


def title_owners(
    text: str,
    positions: "Positions",
    start: int,
    end: int,
    lead_terms: Collection[str],
    role: Collection[str] = (),
) -> list[frozenset[str]]:
    """For each title of the person named at `start`:`end` (title_spans), the terms of whose role
    it is: a capitalised word before a lowercase one ("Brenholt chief executive") or before a
    term of `role`, the role asked about ("Corvel Chief Executive"; "Finance Minister" and
    "Group Chief Executive" have none, TITLE_MODIFIERS), a possessive ("Kessel's chief
    financial officer") or capitalised words after "at", "of" or "for" ("head of quality at
    Tarrow Mills"). A sentence's first word is capitalised anyway: it counts only when it is a
    possessive or `lead_terms` (those of the article's title and first sentences, this one
    aside) holds it, as a news story names its companies at the top ("Outgoing mayor Gregor
    Halm" is nobody's mayor by that word)."""
    owners = []
    for first, last in title_spans(text, start, end):
        tokens = [(s, e, t) for s, e, t in positions if first <= s < last]
        owner: set[str] = set()
        after_of = False
        for number, (s, e, term) in enumerate(tokens):
            word = text[s:e].lower()
            if term is None or not text[s].isupper():
                after_of = after_of or word in OWNER_AFTER
                continue
            possessive = text.startswith(POSSESSIVE, e)
            if opens_sentence(text, s) and not possessive and term not in lead_terms:
                continue
            after = tokens[number + 1 :]
            before_lowercase = any(text[s2].islower() for s2, _, _ in after)
            before_role = (
                term not in role
                and len(term) > 2
                and term not in TITLE_MODIFIERS
                and any(t in role for _, _, t in after)
            )
            if possessive or before_lowercase or before_role or after_of:
                owner.add(term)
        if owner:
            owners.append(frozenset(owner))
    return owners

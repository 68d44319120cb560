"""What a sentence says a person is: the title before a name ("Pellara chief executive Jonas
Eklind") and the role set off beside it ("Tobias Wrenn, chief economist at Arvel Bank, said").
Pure functions over a sentence's text; the NER model tags names, not roles.

The build gives each person the roles their article states (qa.lexical_build), so "Voss told
reporters" is read as what the coastguard spokeswoman told them. A "who is the..." question
reads the title of the person it would quote (qa.features): a sentence naming the chief
executive of one company does not say who runs another.
"""

import re
from collections.abc import Collection

from qa.lexical import Positions
from qa.terms import is_stop_word, stem

ROLE_WORDS = 3
"""How many words before a name can say who the person is: "chief technology officer Daniel
Okafor", "U.S. District Judge Nora Ellison"."""
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
BARE_ROLE_AFTER = re.compile(
    r",\s+(?:\d{1,3},\s+)?([a-z][\w'’-]*\s+(?:[\w'’-]+\s+){0,5}?(?:at|of|for)\s+"
    r"(?:[\w'’-]+\s+){0,4}?[A-Z][\w'’-]*)(?=,|\s+(?:who|which|since)\b|\.?$)"
)
"""A role set off after a name without an article, that says whose it is: "Tobias Wrenn, chief
economist at Kostrava-based Arvel Bank, said"."""

OWNER_AFTER = frozenset(["at", "of", "for"])
"""Words after which a title names whose role it is: "chief economist at Arvel Bank"."""
POSSESSIVE = ("'s", "’s", "'", "’")
OPENING = " \"'“‘("
"""What may stand before a sentence's first word."""


def role_words(before_name: str, verbs: Collection[str] = ()) -> list[str]:
    """The words right before a person's name that say who the person is, nearest first:
    "Mayor" of "Mayor Dolores Keane", "incident commander" of "..., said incident commander
    Darla Pruitt". Read back to a stop word, a punctuation mark, a past form or one of `verbs`
    ("signed striker Ana Ruiz", "said Dr. Helena Strand")."""
    return [before_name[start:end] for start, end in _role_word_spans(before_name, verbs)]


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
    Read without a list of verbs, which only the build loads: a verb before the name ("met")
    joins the title, and says no role or owner."""
    words = _role_word_spans(text[:start], ())
    titles = [(words[-1][0], words[0][1])] if words else []
    if (after := ROLE_AFTER.match(text, end)) is not None:
        # "Ida Roth, Brannock's founder": the possessive says whose role it is.
        start_of = "owner" if after["owner"] else "role"
        titles.append((after.start(start_of), after.end("role")))
    elif (bare := BARE_ROLE_AFTER.match(text, end)) is not None:
        titles.append(bare.span(1))
    if text.startswith(",", end) and (set_off := ROLE_BEFORE.search(text[:start])) is not None:
        titles.append(set_off.span(1))
    return titles


def _role_word_spans(before_name: str, verbs: Collection[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    while len(spans) < ROLE_WORDS and (match := ROLE_WORD.search(before_name)):
        folded = match[1].lower()
        if folded.endswith("ed") or folded in verbs or is_stop_word(stem([folded])[0]):
            break
        spans.append(match.span(1))
        before_name = before_name[: match.start(1)]
    return spans


def title_owners(
    text: str,
    positions: Positions,
    start: int,
    end: int,
    lead_terms: Collection[str],
) -> list[frozenset[str]]:
    """For each title of the person named at `start`:`end` (title_spans), the terms of whose role
    it is: a capitalised word before a lowercase one ("Pellara chief executive"), a possessive
    ("Velmora's chief financial officer") or capitalised words after "at", "of" or "for"
    ("chief economist at Arvel Bank"). A sentence's first word is capitalised anyway: it counts
    only when it is a possessive or the article's lead uses it too, as a news story names its
    companies at the top ("Outgoing mayor Gregor Halm" is nobody's mayor by that word)."""
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
            opens = not text[:s].strip(OPENING)
            if opens and not possessive and term not in lead_terms:
                continue
            before_lowercase = any(text[s2].islower() for s2, _, _ in tokens[number + 1 :])
            if possessive or before_lowercase or after_of:
                owner.add(term)
        if owner:
            owners.append(frozenset(owner))
    return owners

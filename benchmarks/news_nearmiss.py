"""Near misses made from our news sets' own answerable questions, by asking about another name.

A news question names the people, places and organisations it asks about ("What percentage of
buildings in Olbruk were built before the 2003 building code took effect?"). Swapped for another
name of the same kind from the same article ("...buildings in Quenze..."), the question is about
something the article knows, in the words of a sentence that answers it of someone else: the
confident wrong answers the held-out news sets keep giving, which SQuAD's near misses
(benchmarks/nearmiss.py) seldom show, Wikipedia prose rarely naming two of a kind side by side.

A swap is kept only where the corpus cannot answer it as far as its words tell: no sentence
naming the new name holds a support string of the original question, nor half the question's
other words (all alike: "fined", "penalty" and "imposed" count the same). A few kept swaps are
answerable after all, in words the check does not see.
"""

import random
import re
from collections import Counter
from dataclasses import replace

from benchmarks.common import SeedQuestion
from qa.fold import fold
from qa.models import Sentence
from qa.question import asked_names
from qa.store import StoredIndex
from qa.terms import TermAnalyzer, is_stop_word

SWAPPED_LABELS = frozenset(["PERSON", "ORG", "GPE", "FAC", "LOC", "NORP"])
"""Labels of names a question is about; dates and figures are what it asks, not whom."""
SHARED_WORDS = 0.5
"""A sentence naming the new name with this share of the question's words other than its names,
or more, may well answer the swapped question."""
LEADING_ARTICLE = re.compile(r"^the\s+", re.I)
"""Stripped from an entity's text: "the Halloran" is asked about as "Halloran"."""


def swap_names(
    questions: list[SeedQuestion], stored: StoredIndex, analyzer: TermAnalyzer
) -> list[SeedQuestion]:
    """Near misses (no support) of the answerable `questions` of the corpus `stored`: a name a
    question asks about that its article tags with a name label, replaced wherever the question
    writes it by another name of that label in the article's own text (a person's surname where
    the question gives one word). One name is swapped: the first that can be, in the first
    article holding a support string where one can be."""
    folded = [(s, fold(s.text)) for s in stored.sentences]
    articles: dict[str, list[Sentence]] = {}
    for sentence in stored.sentences:
        articles.setdefault(sentence.source, []).append(sentence)
    swapped = []
    for question in questions:
        supports = [fold(s) for s in question.support]
        sources = dict.fromkeys(s.source for s, text in folded if any(p in text for p in supports))
        for source in sources:
            changed = _swap_first_name(question, supports, articles[source], folded, analyzer)
            if changed is not None:
                named = replace(question, id=f"{question.id}-named", question=changed, support=())
                swapped.append(named)
                break
    return swapped


def _swap_first_name(
    question: SeedQuestion,
    supports: list[str],
    article: list[Sentence],
    corpus: list[tuple[Sentence, str]],
    analyzer: TermAnalyzer,
) -> str | None:
    names = asked_names(question.question, analyzer)
    named_terms = {t for terms in names.values() for t in terms}
    other_terms = set(analyzer.terms(question.question)) - named_terms
    for name in names:
        written = re.compile(rf"\b{re.escape(name)}\b")
        label = _label_of(written, article)
        if label is None or not written.search(question.question):
            continue  # asked_names joins a run's words with spaces: "Rolls-Royce" is not found
        candidates = []
        for entity_text in _names_labelled(article, label):
            candidate = (
                entity_text.split()[-1] if label == "PERSON" and " " not in name else entity_text
            )
            if (
                candidate.isupper()  # a byline's "YURAS KARMANAU", not a name of the story
                or any(_overlaps(n, candidate) for n in names)
                or fold(candidate) in fold(question.question)
                or _is_answerable(candidate, supports, other_terms, corpus, analyzer)
            ):
                continue
            candidates.append(candidate)
        if candidates:
            chosen = random.Random(question.id).choice(sorted(set(candidates)))
            return written.sub(chosen.replace("\\", "\\\\"), question.question)
    return None


def _label_of(written: re.Pattern[str], article: list[Sentence]) -> str | None:
    """The label the article's entities holding the name have most often, if a name label: the
    model tags a name one way here and another there ("Brandt" a PERSON, once an ORG)."""
    labels = Counter(
        e.label for s in article for e in s.entities if written.search(s.text[e.start : e.end])
    )
    if not labels:
        return None
    label = min(labels, key=lambda lab: (-labels[lab], lab))
    return label if label in SWAPPED_LABELS else None


def _overlaps(name: str, other: str) -> bool:
    """Whether two names share a word other than a stop word, or a word's start ("Kelvaria",
    "Kelvarian"): the same name or kin, not another one. "Halden Bank" is kin to "Corvel
    Bank" here, so such names are never swapped for each other."""
    words = [[w for w in fold(n).split() if not is_stop_word(w)] for n in (name, other)]
    return any(a.startswith(b) or b.startswith(a) for a in words[0] for b in words[1])


def _names_labelled(article: list[Sentence], label: str) -> list[str]:
    """The names of `label` in the article's own text (not its bylines or links), without a
    leading "the" or a possessive, in order of first mention."""
    names = (
        LEADING_ARTICLE.sub("", s.text[e.start : e.end]).removesuffix("'s").removesuffix("’s")
        for s in article
        if s.kind == "article"
        for e in s.entities
        if e.label == label
    )
    return list(dict.fromkeys(n for n in names if n[:1].isupper()))


def _is_answerable(
    candidate: str,
    supports: list[str],
    other_terms: set[str],
    corpus: list[tuple[Sentence, str]],
    analyzer: TermAnalyzer,
) -> bool:
    """Whether a sentence of the corpus naming `candidate` holds a support string or
    SHARED_WORDS of the question's other terms."""
    for sentence, folded in corpus:
        if candidate not in sentence.text:
            continue
        if any(p in folded for p in supports):
            return True
        shared = other_terms & set(analyzer.terms(sentence.text))
        if other_terms and len(shared) >= SHARED_WORDS * len(other_terms):
            return True
    return False

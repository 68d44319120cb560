"""Near misses made from our news sets' own answerable questions, by asking about another name.

A news question names the people, places and organisations it asks about ("How big was the
penalty imposed on Corvel Bank?"). Swapped for another name of the same kind from the same
article ("...imposed on Halden Bank?"), the question is about something the article knows, in
the words of a sentence that answers something else: the confident wrong answers the held-out
news sets keep giving (an earlier event's figure, another organisation's chief), which SQuAD's
near misses (benchmarks/nearmiss.py) seldom show, Wikipedia prose rarely naming two of a kind
side by side.

A swap is kept only where the article cannot answer it as far as its words tell: no sentence
naming the new name holds a support string of the original question, nor half the question's
other words (weighted by nothing: "fined", "penalty" and "imposed" count alike). A few kept
swaps are answerable after all, in words the check does not see.
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
from qa.terms import TermAnalyzer

SWAPPED_LABELS = frozenset(["PERSON", "ORG", "GPE", "FAC", "LOC", "NORP"])
"""Labels of names a question is about; dates and figures are what it asks, not whom."""
SHARED_WORDS = 0.5
"""At most this share of a question's words other than its names may stand in one sentence
naming the new name: more, and that sentence may well answer the swapped question."""
LEADING_ARTICLE = re.compile(r"^the\s+", re.I)


def swap_names(
    questions: list[SeedQuestion], stored: StoredIndex, analyzer: TermAnalyzer
) -> list[SeedQuestion]:
    """Near misses (no support) of the answerable `questions` of the corpus `stored`: the first
    name a question asks about that its article tags with a name label, replaced by another
    name of that label in the article (its surname where the question gives one word)."""
    by_source: dict[str, list[Sentence]] = {}
    for sentence in stored.sentences:
        by_source.setdefault(sentence.source, []).append(sentence)
    swapped = []
    for question in questions:
        supports = [fold(s) for s in question.support]
        holders = [s for s in stored.sentences if any(p in fold(s.text) for p in supports)]
        if not supports or not holders:
            continue
        article = by_source[holders[0].source]
        changed = _swapped(question, supports, article, analyzer)
        if changed is not None:
            swapped.append(
                replace(question, id=f"{question.id}-named", question=changed, support=())
            )
    return swapped


def _swapped(
    question: SeedQuestion, supports: list[str], article: list[Sentence], analyzer: TermAnalyzer
) -> str | None:
    names = asked_names(question.question, analyzer)
    named_terms = {t for terms in names.values() for t in terms}
    other_terms = set(analyzer.terms(question.question)) - named_terms
    for name in names:
        label = _label_of(name, article)
        if label is None:
            continue
        candidates = []
        for other in _names_labelled(article, label):
            if len(name.split()) == 1 and label == "PERSON":
                other = other.split()[-1]
            if (
                other.isupper()
                or any(_overlaps(n, other) for n in names)
                or fold(other) in fold(question.question)
            ):
                continue
            if _answerable(other, supports, other_terms, article, analyzer):
                continue
            candidates.append(other)
        if candidates:
            other = random.Random(question.id).choice(sorted(set(candidates)))
            return question.question.replace(name, other, 1)
    return None


def _label_of(name: str, article: list[Sentence]) -> str | None:
    """The label the article's entities holding `name` have most often, if a name label: the
    model tags a name one way here and another there ("Brandt" a PERSON, once an ORG)."""
    pattern = re.compile(rf"\b{re.escape(name)}\b")
    labels = Counter(
        e.label for s in article for e in s.entities if pattern.search(s.text[e.start : e.end])
    )
    if not labels:
        return None
    label = min(labels, key=lambda lab: (-labels[lab], lab))
    return label if label in SWAPPED_LABELS else None


def _overlaps(name: str, other: str) -> bool:
    """Whether two names share a word or a word's start ("Kelvaria", "Kelvarian"): the same
    name or kin, not another one."""
    return any(
        a.startswith(b) or b.startswith(a) for a in fold(name).split() for b in fold(other).split()
    )


def _names_labelled(article: list[Sentence], label: str) -> list[str]:
    """The article's names of `label` (without a leading "the" or a possessive), in order."""
    names = (
        LEADING_ARTICLE.sub("", s.text[e.start : e.end]).removesuffix("'s").removesuffix("’s")
        for s in article
        for e in s.entities
        if e.label == label
    )
    return list(dict.fromkeys(n for n in names if n[:1].isupper()))


def _answerable(
    other: str,
    supports: list[str],
    other_terms: set[str],
    article: list[Sentence],
    analyzer: TermAnalyzer,
) -> bool:
    for sentence in article:
        if other not in sentence.text:
            continue
        text = fold(sentence.text)
        if any(p in text for p in supports):
            return True
        shared = other_terms & set(analyzer.terms(sentence.text))
        if other_terms and len(shared) >= SHARED_WORDS * len(other_terms):
            return True
    return False

"""Our news question sets: which ones the ranker learns from and which it never sees.

Each set is a folder of five to eight articles and a JSON Lines file of questions with the
strings a correct quote contains (benchmarks.common.SeedQuestion); near misses have none.
Helpers wrote each set without running qa or reading its code or the other sets.

A set stays blind until its failures are read to guide a change. news, news2 and news3 guided
changes for sessions before the ranker learned from them; news4, news5 and news6 guided the
features (quotes, roles, times of day, nationality words) of the change that first trained on
news, but were never learned from; news7 was written for that change, measured before it and
once after, and then read for one fix (the verb of "how did X describe"). news8 and news9 were
written for the change that added near words (qa.neighbours) and measured before it and once
after, then read for the change that learned from news4 to news7 and read roles off the answer's
title. news10 and news11 were written for that change and measured before it and once after.
news12 and news13 were written to be learned from, but cost SQuAD more than they gave, so they
were held out until news8 to news11 joined them; they were read at once. The held-out sets'
abstentions on right answers and their confident wrong answers were read for the question types
that followed the name swaps ("how many weeks", "in what year", "which country is X from"): none
of news8 to news13 is blind now, and their wrong best sentences were read for the title and lead
features.
news14 was written while the token alignment was tried (session 2026-11-28, not kept) and
measured with and without it, by its totals only: it is blind. news15, news16 and news17 were
written for the change that learned from news8 to news13 and added rephrased_coverage and the
title and lead, and measured before and after each step by their totals only: they are blind.
news18 to news21 were written for the change that read mistyped question words and spelt-out
acronyms (session 2026-11-29) and measured by their totals before it and after each step;
learning from news14 to news17 was tried then and not kept (news18: 17 right and 10 confidently
wrong against 19 and 10; SQuAD's test hit@1 0.830 against 0.835). news18's failures were then
read (not acted on): news19 to news21 are blind. news22 and news23 were written for the change
that read roles asked by their verb, ages set off after another person and title acronyms
(session 2026-11-29, 33), measured before it by their totals, then read for its fixes and
learned from. news24 and news25 were written for the change that read bare phrases' opening
words, set-off possessive titles, clock times and roles asked by their verb (session 2026-11-29,
34), measured before it by their totals and read for its fixes. The ranker was not refit for
that change: on its feature tables, every refit (learning from news24 and news25 or not) gave
validation 9.2 % false abstention at 70 % of near misses against the previous model's 8.4 %,
and abstained on a seed dev question. news26 and news27, written during that change, are blind;
they join the held-out sets at the next refit. news28, news29, news30 and news31 were written for
the change that read lesser ranks, predecessors and successors, places after a compass point and
names asked for (session 2026-11-30, 35), measured by their totals (news30 and news31 at the
session's start, 47d7dc0), and news28, news29 and news31 read for its fixes. news30 is blind: its
question texts were seen once in a listing of answer types, not its answers or failures. The
ranker was not refit for that change either: on its tables a refit gave validation 10.0 % false
abstention at 69.8 % of near misses against the shipped model's 8.5 % (10.2 % learning from
news24, news25, news28 and news29 with news26 and news27 held out).
news32 to news37 were written for the change that read bare phrases, names among a question's
words, past dates for "when will", another's age and institutions as no one (session
2026-11-30, 36), and measured by their totals at its start (78dc803). news32, news33, news35
and news36 were then read for its fixes. news34 is blind; news37 is blind but for its question
texts, seen once in a listing of answer types. The ranker was not refit.
"""

from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import REPO, SeedQuestion, read_seed_questions

DATA = REPO / "benchmarks" / "data"


@dataclass(frozen=True)
class NewsSet:
    name: str
    corpus: Path
    questions_file: Path

    def questions(self) -> list[SeedQuestion]:
        return read_seed_questions(self.questions_file)


def _news_set(name: str) -> NewsSet:
    return NewsSet(name, DATA / name, DATA / f"{name}_questions.jsonl")


TRAINING_SETS = (
    NewsSet("seeds", REPO / "seeds", DATA / "seed_questions_own.jsonl"),
    _news_set("news"),
    _news_set("news2"),
    _news_set("news3"),
    *(_news_set(f"news{number}") for number in (*range(4, 14), 22, 23)),
)
"""748 answerable questions and 396 near misses, on the seeds and 78 articles. news4 to news13
were held out until the sets written after them could take their place; news12 and news13,
learned from alone beside news4 to news7, had cost SQuAD's test split 0.7 points of hit@1, but
learned from with news8 to news11 too they cost it nothing (hit@1 0.817 against 0.816)."""
HELD_OUT_SETS = tuple(_news_set(f"news{number}") for number in range(14, 22))
"""360 answerable questions and 200 near misses on 40 articles, never learned from; news14 to
news17 and news19 to news21 blind. Of news14 to news17, 180 and 100 on 20 articles:
learning from news8 to news13 took them from 71 right answers and 31 confidently wrong to 74
and 27 at a threshold of 0.5 (66 and 30 before rephrased_coverage; 73 and 29 with the title and
lead, as shipped)."""

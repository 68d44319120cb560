"""Near misses: SQuAD questions whose own paragraph is gone from an otherwise intact article.

A variant of the indexed SQuAD corpus drops a few paragraphs from every article. A question of
a dropped paragraph is kept as unanswerable only if none of its gold answers survives anywhere in
what is left of its article. Variants are made from the built index by leaving out the dropped
paragraphs' sentences and vectors: nothing is re-embedded, so the context vectors of the two
sentences beside a dropped paragraph still include a neighbour that is gone (a small, documented
approximation; rebuilding each variant would take minutes each).

Time swaps (`swap_times`) are near misses of another kind: the paragraph stays, and the question
asks about a year or month its article never names, or (`swap_times_named_elsewhere`) names only
in another paragraph. Counted swaps (`swap_counted`) likewise ask
"how many" of a thing the article never mentions, and age asks (`ask_ages`) how old a person is
whose age the article never gives; nationality and pay asks likewise ask what nationality a
person is, or how much they were paid, where no sentence naming them says. Number swaps
(`swap_numbers`) ask about a number the article never states ("phase 3" -> "phase 4").
"""

import bisect
import calendar
import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from benchmarks.squad import SquadQuestion
from qa.embed import Vectors
from qa.fold import fold
from qa.lexical import LexicalTables
from qa.lexical_build import build_lexical
from qa.models import Sentence
from qa.neighbours import TermEmbedder
from qa.numbers import NUMBER_TOKEN, NUMBER_WORDS, number_spans
from qa.question import counted_noun
from qa.shapes import AGE_PHRASE, has_currency, is_age_after_name
from qa.store import StoredIndex
from qa.terms import TermAnalyzer
from qa.times import time_constraint
from qa.vectors import build_store

PARAGRAPHS_PER_ARTICLE = 3
"""Paragraphs dropped from each article in one variant, never two side by side."""


@dataclass(frozen=True)
class Variant:
    """The index less some paragraphs, and the questions it leaves unanswerable."""

    stored: StoredIndex
    unanswerable: list[SquadQuestion]


def make_variants(
    stored: StoredIndex,
    corpus_texts: dict[str, str],
    questions: list[SquadQuestion],
    count: int,
    seed: int,
) -> list[Variant]:
    """`count` variants of `stored`, each dropping paragraphs at random from every article."""
    rng = random.Random(seed)
    paragraphs: dict[str, list[tuple[int, int]]] = {}
    for question in questions:
        spans = paragraphs.setdefault(question.source, [])
        span = (question.paragraph_start, question.paragraph_end)
        if span not in spans:
            spans.append(span)
    variants = []
    for _ in range(count):
        dropped = {
            source: _pick_apart(sorted(spans), PARAGRAPHS_PER_ARTICLE, rng)
            for source, spans in sorted(paragraphs.items())
        }
        unanswerable = [
            q
            for q in questions
            if (q.paragraph_start, q.paragraph_end) in dropped[q.source]
            and not _survives(q, _without(corpus_texts[q.source], dropped[q.source]))
        ]
        variants.append(Variant(without_spans(stored, dropped), unanswerable))
    return variants


def kept_questions(stored: StoredIndex, questions: list[SquadQuestion]) -> list[SquadQuestion]:
    """The questions whose paragraph `stored` keeps (some sentence of it lies there)."""
    starts: dict[str, list[int]] = {}
    for sentence in stored.sentences:
        starts.setdefault(sentence.source, []).append(sentence.start)

    def is_kept(question: SquadQuestion) -> bool:
        own = starts.get(question.source, [])
        first = bisect.bisect_left(own, question.paragraph_start)
        return first < len(own) and own[first] < question.paragraph_end

    return [q for q in questions if is_kept(q)]


def _pick_apart(
    spans: list[tuple[int, int]], count: int, rng: random.Random
) -> set[tuple[int, int]]:
    """Up to `count` paragraphs, no two adjacent, so the article stays otherwise whole."""
    picked: list[int] = []
    for index in rng.sample(range(len(spans)), len(spans)):
        if all(abs(index - other) > 1 for other in picked):
            picked.append(index)
        if len(picked) == count:
            break
    return {spans[i] for i in picked}


def _without(text: str, spans: set[tuple[int, int]]) -> str:
    kept, cursor = [], 0
    for start, end in sorted(spans):
        kept.append(text[cursor:start])
        cursor = end
    kept.append(text[cursor:])
    return "".join(kept)


def _survives(question: SquadQuestion, article_text: str) -> bool:
    folded = fold(article_text)
    return any(fold(answer) in folded for answer in question.answers)


def without_spans(stored: StoredIndex, dropped: dict[str, set[tuple[int, int]]]) -> StoredIndex:
    """The stored index less every sentence inside the dropped (start, end) spans of a file."""

    def is_dropped(source: str, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in dropped.get(source, ()))

    kept = [s for s in stored.sentences if not is_dropped(s.source, s.start, s.end)]
    rows = np.array([s.id for s in kept], dtype=np.int64)
    vector_sets = {}
    for name in ("sentence_vectors", "context_vectors"):
        full = getattr(stored, name)
        matrix = full.reconstruct_n(0, full.count())[rows]
        vector_sets[name] = build_store("flat", np.ascontiguousarray(matrix, dtype=np.float32))
    sentences = [s.model_copy(update={"id": new}) for new, s in enumerate(kept)]
    return stored.model_copy(
        update={
            "sentences": sentences,
            "lexical": build_lexical(sentences, _stored_word_vectors(stored.lexical)),
            **vector_sets,
        }
    )


def _stored_word_vectors(tables: LexicalTables) -> TermEmbedder:
    """The term vectors the full index holds. Dropping sentences mostly removes terms; a name
    the full corpus spelt several ways may become a term of its own, with no vector."""
    rows = {term: number for number, term in enumerate(tables.vocabulary)}
    stored = np.asarray(tables.term_vectors)

    def embed(terms: list[str], words: list[tuple[str, ...]]) -> Vectors:
        vectors = np.zeros((len(terms), stored.shape[1]), dtype=np.float32)
        found = [(i, rows[t]) for i, t in enumerate(terms) if t in rows]
        if found:
            vectors[[i for i, _ in found]] = stored[[row for _, row in found]]
        return vectors

    return embed


YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
MONTHS = [month.strip() for month in calendar.month_name if month]
MONTH = re.compile(rf"\b({'|'.join(MONTHS)})\b")
YEAR_OFFSETS = (3, -3, 7, -7, 11, -11, 17, -17)
ELSEWHERE_YEAR_GAP = 3


def swap_times(questions: list[SquadQuestion], texts: dict[str, str]) -> list[SquadQuestion]:
    """Questions asking about a time their article never mentions: the year or month a question
    names is replaced by one absent from its article ("the 2015 MVP" -> "the 2022 MVP").

    The paragraph stays, so the sentence that answered the original question is still there,
    with another time: what a person asking about another year must not be shown as the answer.
    """
    swapped = []
    for question in questions:
        if not _asks_its_years(question.question):
            continue
        changed = _swapped(question.question, texts[question.source])
        if changed != question.question:
            swapped.append(replace(question, id=f"{question.id}-swapped", question=changed))
    return swapped


def _asks_its_years(question: str) -> bool:
    """Whether every year the question writes is one it asks about: "prior to 2000" bounds the
    time and "the 1950s" is a decade (qa.times), and another year there asks nothing new."""
    asked = time_constraint(question)
    return not asked.decades and {int(y) for y in YEAR.findall(question)} == set(asked.years)


def _swapped(question: str, article: str) -> str:
    changed = YEAR.sub(lambda m: _other_year(int(m.group()), article), question)
    return MONTH.sub(lambda m: _other_month(m.group(), article), changed)


def _other_year(year: int, article: str) -> str:
    for offset in YEAR_OFFSETS:
        other = str(year + offset)
        if other not in article and year + offset <= dt.date.today().year:
            return other
    return str(year)


def _other_month(month: str, article: str) -> str:
    start = MONTHS.index(month)
    for step in (4, 8, 5, 7, 3, 9):
        other = MONTHS[(start + step) % 12]
        if other not in article:
            return other
    return month


def swap_times_named_elsewhere(
    questions: list[SquadQuestion], texts: dict[str, str]
) -> list[SquadQuestion]:
    """Questions asking about another time their article names, but not in their paragraph:
    "the 2015 MVP" -> "the 2012 MVP" where only another paragraph mentions 2012, the closest such
    year at least ELSEWHERE_YEAR_GAP away; only questions naming one time. The swapped time is a
    word the corpus uses, so only the times a sentence states and contradicts tell the question
    is not answered there (qa.features' time_conflict), as for "How many goals did he score
    last season?" against "...this season"."""
    swapped = []
    for question in questions:
        if len(YEAR.findall(question.question)) + len(MONTH.findall(question.question)) != 1:
            continue  # "between 1348 and 1350" would become a range of another shape
        if not _asks_its_years(question.question):
            continue
        article = texts[question.source]
        paragraph = article[question.paragraph_start : question.paragraph_end]
        elsewhere = article[: question.paragraph_start] + article[question.paragraph_end :]
        changed = _swapped_to_elsewhere(question.question, elsewhere, paragraph)
        if changed != question.question:
            swapped.append(replace(question, id=f"{question.id}-elsewhere", question=changed))
    return swapped


def _swapped_to_elsewhere(question: str, elsewhere: str, paragraph: str) -> str:
    changed = YEAR.sub(
        lambda m: _year_named_elsewhere(int(m.group()), elsewhere, paragraph), question
    )
    return MONTH.sub(lambda m: _month_named_elsewhere(m.group(), elsewhere, paragraph), changed)


def _year_named_elsewhere(year: int, elsewhere: str, paragraph: str) -> str:
    years = {int(y) for y in YEAR.findall(elsewhere)} - {int(y) for y in YEAR.findall(paragraph)}
    # A year or two off may still be the same event told twice ("annexed in 1795", "1796").
    years = {y for y in years if abs(y - year) >= ELSEWHERE_YEAR_GAP}
    return str(min(years, key=lambda y: (abs(y - year), y))) if years else str(year)


def _month_named_elsewhere(month: str, elsewhere: str, paragraph: str) -> str:
    months = set(MONTH.findall(elsewhere)) - set(MONTH.findall(paragraph))
    return min(months, key=MONTHS.index) if months else month


def swap_numbers(questions: list[SquadQuestion], texts: dict[str, str]) -> list[SquadQuestion]:
    """Questions asking about a number their article never states: each number a question
    states (qa.numbers.number_spans) is replaced by the nearest one above it
    that the article never writes ("phase 3 trial" -> "phase 4 trial"; "Super Bowl 50" ->
    "Super Bowl 52" in an article that writes 51).

    The paragraph stays, with the number asked before: what a person asking about phase 4 must
    not be shown as the answer. Such a number is a word the corpus may use elsewhere, so only
    the number's absence around the best sentence tells the question apart.
    """
    swapped = []
    for question in questions:
        spans = number_spans(question.question)
        if not spans:
            continue
        written = _numbers_written(texts[question.source])
        changed = question.question
        for start, end in reversed(spans):
            number = _absent_number(changed[start:end], written)
            changed = changed[:start] + number + changed[end:]
        if changed != question.question:
            swapped.append(replace(question, id=f"{question.id}-number", question=changed))
    return swapped


@lru_cache(maxsize=64)
def _numbers_written(article: str) -> frozenset[str]:
    """The numbers an article states, in digits or as words (number_spellings)."""
    words = set(fold(article).split())
    spelt = {str(n) for n, word in enumerate(NUMBER_WORDS) if word in words}
    return frozenset(NUMBER_TOKEN.findall(article)) | spelt


def _absent_number(number: str, written: frozenset[str]) -> str:
    if not number.isdigit():
        return number  # "3.5", "1,200": another of these is seldom a thing people ask about
    value = int(number)
    return next(str(value + step) for step in range(1, 1000) if str(value + step) not in written)


HOW_MANY = re.compile(r"\bhow many\b", re.I)
TIME_UNITS = frozenset(
    ["times", "years", "days", "months", "weeks", "hours", "minutes", "seconds", "decades"]
)
"""Counted, but asking how often or how long: "how many colonists did plague occur" is not a
question anyone asks."""


def swap_counted(
    questions: list[SquadQuestion], texts: dict[str, str], analyzer: TermAnalyzer
) -> list[SquadQuestion]:
    """ "How many" questions asking to count a thing their article never mentions: the counted
    noun (as qa reads it, qa.question.counted_noun) is replaced by one that another question
    counts and this article never mentions ("how many touchdowns" -> "how many colonists").

    The paragraph stays, with its number: what a person asking to count something else must
    not be shown as the answer (issue 13's "crew members" of a boat that counts passengers).
    The new noun comes from the corpus, so the question is not told apart by a word the corpus
    never uses: people ask about words their corpus lacks all the time.
    """
    heads = {q.id: head for q in questions if (head := _counted_head(q.question, analyzer))}
    term_of = {head: analyzer.terms(head)[0] for head in sorted(set(heads.values()))}
    swapped = []
    for question in questions:
        head = heads.get(question.id)
        if head is None:
            continue
        article_terms = _terms_of(texts[question.source], analyzer)
        absent = [n for n, term in term_of.items() if term not in article_terms]
        if not absent:
            continue
        other = random.Random(question.id).choice(absent)
        pattern = re.compile(rf"\b{re.escape(head)}\b", re.I)
        changed = pattern.sub(other, question.question, count=1)
        swapped.append(replace(question, id=f"{question.id}-counted", question=changed))
    return swapped


def _counted_head(question: str, analyzer: TermAnalyzer) -> str | None:
    """The plural noun a "how many" question counts, unless it counts time."""
    if not HOW_MANY.search(question):
        return None
    found = counted_noun(question, analyzer)
    if found is None or found[0] in TIME_UNITS or not found[0].endswith("s"):
        return None
    return found[0]


@lru_cache(maxsize=64)
def _terms_of(text: str, analyzer: TermAnalyzer) -> frozenset[str]:
    return frozenset(analyzer.terms(text))


NAMES_PER_ARTICLE = 12


def ask_ages(stored: StoredIndex) -> list[SquadQuestion]:
    """ "How old is X?" for people of each article (names of two words or more) whose age it
    never gives: no sentence naming them by surname holds an age ("the 69-year-old", "aged 40",
    "Vidal, 57,"). Up to NAMES_PER_ARTICLE per article, in order of first mention.

    An age given without the surname ("The 39-year-old composer...", "he died at 39") is missed,
    so a few of these are answerable after all. A person asked about is in the corpus, often
    with dates and numbers around the name: the news benchmark's (benchmarks/data/news) most
    frequent confident wrong answers were to such questions.
    """
    return _ask_about_people(stored, "age")


def ask_nationalities(stored: StoredIndex) -> list[SquadQuestion]:
    """ "What nationality is X?" for people of each article no sentence naming them by surname
    gives a nationality or a country (NORP, GPE) to: asked of a person the corpus names, the
    best match names the person without what is asked, which only the missing entity type
    tells (qa.features' reliable_type_missing)."""
    return _ask_about_people(stored, "nationality")


def ask_pay(stored: StoredIndex) -> list[SquadQuestion]:
    """ "How much was X paid?" for people of each article no sentence naming them by surname
    holds a sum of money in: as for ask_nationalities, a sum asked of a person the corpus names
    without one."""
    return _ask_about_people(stored, "pay")


def _states_age(sentence: Sentence) -> bool:
    """Whether `sentence` holds an age, after a name ("Vidal, 57,") or in words ("aged 40")."""
    return bool(AGE_PHRASE.search(sentence.text)) or any(
        is_age_after_name(sentence, e.start, sentence.text[e.start : e.end])
        for e in sentence.entities
    )


def _states_origin(sentence: Sentence) -> bool:
    """Whether `sentence` holds a nationality, group or country."""
    return any(e.label in ("NORP", "GPE") for e in sentence.entities)


def _states_sum(sentence: Sentence) -> bool:
    """Whether `sentence` holds a sum of money (qa.shapes reads a number with its currency as
    one, whatever its label)."""
    return any(
        e.label == "MONEY"
        or (
            e.label in ("CARDINAL", "QUANTITY")
            and has_currency(sentence, e.start, sentence.text[e.start : e.end])
        )
        for e in sentence.entities
    )


PEOPLE_ASKS: dict[str, tuple[str, Callable[[Sentence], bool]]] = {
    "age": ("How old is {}?", _states_age),
    "nationality": ("What nationality is {}?", _states_origin),
    "pay": ("How much was {} paid?", _states_sum),
}
"""What is asked of a person, and whether a sentence naming them gives it."""


def answer_about_people(stored: StoredIndex) -> list[SquadQuestion]:
    """The questions of ask_ages, ask_nationalities and ask_pay, of people whose age,
    nationality or pay one sentence naming them by surname gives: answerable, that sentence
    the hit. With near misses of these shapes only, the trees learned that "How old is X?" is
    seldom answered, and abstained on ages they had found; with both, only what the best
    sentence holds tells them apart."""
    asked = []
    for source, sentences in _sentences_by_source(stored).items():
        for kind in PEOPLE_ASKS:
            for number, name in enumerate(_people(sentences)[:NAMES_PER_ARTICLE]):
                stating = _stating(sentences, name, kind)
                if len(stating) == 1:
                    asked.append(
                        _asked_of(source, f"{kind}-given-{number}", kind, name, stating[0])
                    )
    return asked


def _stating(sentences: list[Sentence], name: str, kind: str) -> list[Sentence]:
    """The sentences that name the person by surname and give what `kind` asks."""
    gives = PEOPLE_ASKS[kind][1]
    surname = name.split()[-1]
    return [s for s in sentences if surname in s.text and gives(s)]


def _asked_of(
    source: str, id_tail: str, kind: str, name: str, answer: Sentence | None
) -> SquadQuestion:
    """A PEOPLE_ASKS question of `name`, answered by the sentence `answer` or by none."""
    return SquadQuestion(
        id=f"{source}-{id_tail}",
        question=PEOPLE_ASKS[kind][0].format(name),
        answers=(name.split()[-1],) if answer else (),
        source=source,
        article_number=int(source.split("_")[0]),
        paragraph_start=answer.start if answer else 0,
        paragraph_end=answer.end if answer else 0,
    )


def _sentences_by_source(stored: StoredIndex) -> dict[str, list[Sentence]]:
    by_source: dict[str, list[Sentence]] = {}
    for sentence in stored.sentences:
        by_source.setdefault(sentence.source, []).append(sentence)
    return dict(sorted(by_source.items()))


def _people(sentences: list[Sentence]) -> list[str]:
    """The names of two words or more the NER model tags PERSON, in order of first mention."""
    return list(
        dict.fromkeys(
            s.text[e.start : e.end]
            for s in sentences
            for e in s.entities
            if e.label == "PERSON" and len(s.text[e.start : e.end].split()) >= 2
        )
    )


def _ask_about_people(stored: StoredIndex, kind: str) -> list[SquadQuestion]:
    asked = []
    for source, sentences in _sentences_by_source(stored).items():
        kept = [n for n in _people(sentences) if not _stating(sentences, n, kind)]
        for number, name in enumerate(kept[:NAMES_PER_ARTICLE]):
            asked.append(_asked_of(source, f"{kind}-{number}", kind, name, None))
    return asked

"""How well one sentence answers one question, as numbers the ranker weighs. Pure functions.

Retrieval signals (dense and BM25 similarity, coverage) say whether a sentence is about the
question; the match features here say whether it answers it: an entity of the expected type close
to the question's words, the question's rarest term, the names, times and counted things the
question constrains. A sentence that refers back ("He said...") is read with the one before it.
"""

import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from qa.answer import TypedSpan, answer_spans, choose_highlight, dateline_end
from qa.asked import AnswerType
from qa.fold import fold
from qa.lexical import Positions
from qa.models import Entity, Frozen, Sentence
from qa.numbers import (
    ADVERB_ENDING,
    MULTIPLIER_WORD,
    PARTICIPLE_ENDINGS,
    TIMES_COUNTED,
    adjacent_pairs,
    has_number,
    with_untagged_counts,
)
from qa.question import Question
from qa.roles import ANY_HEAD, LESSER_RANKS, ROLE_HOLDER_FORMS, is_worded_otherwise
from qa.shapes import SPAN_OF_TIME
from qa.speech import SPOKEN
from qa.terms import looks_plural, stem, word_forms
from qa.times import (
    MONTH_WORD,
    RELATIVE_TIME,
    month_number,
    relative_key,
    weekdays_in,
    years_named,
)
from qa.titles import OWNER_PART, title_owners, title_spans
from qa.wrapping import on_one_line

"""A sentence's tokens: offsets in its text and term (None for a stop word)."""

TIME_LABELS = ("DATE", "TIME")
NUMBER_LABELS = ("CARDINAL", "QUANTITY", "MONEY")
RELIABLY_TAGGED = frozenset(
    {
        AnswerType.MONEY,
        AnswerType.PERCENT,
        AnswerType.NATIONALITY,
        AnswerType.GROUP,
        AnswerType.DAY,
        AnswerType.STATEMENT,
    }
)
"""Answer types whose answer the NER model (or qa.speech) seldom misses: a best sentence without
one is weak evidence. So is one without a person for a question asking who holds a role
(Question.asks_role_holder), though people asked of otherwise are often missed."""
COUNTED_REACH = 3
NOT_COUNTED = frozenset(
    ["overall", "altogether", "more", "others", "apiece", "each", "including", "excluding"]
    + ["among"]
)
"""Words after a number that count nothing: "12 including women and children", "14
overall"."""
NAME_SHARE = 0.5
"""A name counts as present when half its terms are ("Olsen" for "Ingrid Olsen")."""
PROXIMITY_TOKENS = 3.0
ANSWER_CONTEXT = 4
"""Tokens either side of an answer entity that say what it is of: "37 were injured", "killing
at least 27 people", "around 340 engineers had worked"."""
RELATIVE_YEAR = re.compile(r"(?<!the )\b(last|this|next) year\b")
YEAR_OFFSET = {"last": -1, "this": 0, "next": 1}
"""A sentence's "last year" is the year before its article's date."""


class RetrievalSignals(Frozen):
    """The features measured by retrieval against the whole index, each scaled to about [0, 1]."""

    sentence_dense: float
    """Cosine similarity of the question and the sentence alone."""
    context_dense: float
    """Cosine similarity of the question and the sentence with its title and neighbours."""
    paragraph_dense: float
    """Best context similarity within the sentence's paragraph."""
    sentence_bm25: float
    """BM25 of the sentence, divided by the best sentence BM25 for this question."""
    paragraph_bm25: float
    """BM25 of the sentence's paragraph, divided by the best paragraph BM25."""
    coverage: float
    """Share of the question's IDF weight whose terms occur in the sentence."""
    context_coverage: float
    """The same over the sentence, the names it refers back to and its neighbours in the
    paragraph."""
    next_coverage: float
    """The same over the following sentence of the paragraph alone. Context coverage credits
    both neighbours alike, but an answer follows the sentence that names what it is about far
    more often than it comes before it (learned weight negative)."""
    bigram_overlap: float
    """Share of the question's adjacent term pairs that are adjacent in the sentence too."""
    paragraph_coverage: float
    """Share of the question's IDF weight whose terms occur in the sentence's paragraph."""
    missing_rare: float
    """The highest IDF (scaled to [0, 1]) of a question term absent from the sentence and its
    neighbours: one missing rare word says more than an average."""
    missing_rare_paragraph: float
    """The same for terms absent from the whole paragraph."""


class Features(RetrievalSignals):
    """How well one sentence matches one question: retrieval signals and match features."""

    type_match: float = 0.0
    """How well the best entity of the expected answer type fits (1 first-choice label)."""
    type_missing: float = 0.0
    """1 when the question wants a typed answer and the sentence has no such entity."""
    value_match: float = 0.0
    """type_match again, for questions asking a value (qa.asked.VALUE_TYPES)."""
    value_missing: float = 0.0
    """type_missing again, for questions asking a value. On SQuAD, "how old" or "how many"
    without a number is a far surer miss than "who" without a name, which the NER model often
    does not tag ("representatives", "the Governor"); one weight for both gave the missing
    type almost none."""
    age_missing: float = 0.0
    """type_missing again, for "how old" questions. An age has a shape ("69-year-old", "Strelets,
    63,"), so a sentence without one does not give it; trained on value questions alone, the
    confidence let "How old is the police chief?" pass on a sentence naming him without an age,
    where other people's ages stood elsewhere in the corpus."""
    statement_match: float = 0.0
    """type_match again, for "what did X say" questions: their other words set the scene ("when
    he conceded defeat"), which the sentence before a quote tells, so that sentence matches them
    better than the quote that answers. Learned beside our news questions, its ranking weight is
    about 0 (their quotes mostly ranked first already); the confidence trees use it."""
    reliable_type_missing: float = 0.0
    """type_missing again, for questions asking a sum of money, a percentage or a nationality
    or group, which the NER model tags by their currency, their percent word or their closed
    class: on SQuAD part 1 the sentence holding the answer has such an entity for 72 of 76 of
    these questions, where a count, a date or a measure often goes untagged ("several",
    "twice", "the Second World War"). A statement has its quotation marks or its speech verb,
    and a predecessor or a successor a word saying someone left a role or was followed in it
    (qa.roles.SUCCESSION). A person asked by name ("What is the name of the man detained?")
    is a name, which the model tags."""
    answer_proximity: float = 0.0
    """1 / (1 + tokens / 3) between the answer entity and the nearest question term."""
    answer_context: float = 0.0
    """Share of the IDF weight of the question's words other than names and the counted noun
    (what happened: "injured", "worked", "appointed") that sit within ANSWER_CONTEXT tokens of
    the answer entity, said or said otherwise: "killing at least 27 people" does not say how
    many were injured, though the sentence may say "injured" further on."""
    term_proximity: float = 0.0
    """Distinct question terms matched over the length of the window holding them."""
    rare_term: float = 0.0
    """1 when the sentence holds the question's rarest term (or what it refers back to does)."""
    entity_match: float = 0.0
    """Share of the names in the question found in the sentence (or what it refers back to)."""
    entity_missing: float = 0.0
    """1 when a name in the question is neither in the sentence, its neighbours nor its article's
    lead."""
    role_match: float = 0.0
    """Share of the terms of the role a question asks about (Question.role) in
    the sentence or what it refers back to, which brings the roles its article gave the people
    it names ("Voss" is the coastguard spokeswoman)."""
    role_missing: float = 0.0
    """1 when a term of that role is neither: asked who the chief economist is, a sentence
    naming the chief executive does not answer. Also when the role's words are in the sentence
    but apart, or the person it would quote holds the role for someone the question does not
    name (_role_features)."""
    number_match: float = 0.0
    """Share of the numbers the question states (not years) found in the sentence (or what it
    refers back to): "phase 3" tells the sentence about that trial from one about phase 2."""
    number_missing: float = 0.0
    """1 when a number the question states is neither in the sentence, its neighbours nor its
    article's lead: asked about "phase 1", a sentence about "phase 3" does not answer."""
    time_match: float = 0.0
    """1 when the sentence states the asked time, 0.5 when only its context or article does."""
    time_conflict: float = 0.0
    """1 when the sentence states other times only, 0.5 when its context or article does."""
    counted_match: float = 0.0
    """1 when a number is followed by the counted noun, 0.5 when the noun is elsewhere."""
    counted_missing: float = 0.0
    """1 when a "how many" question counts something the sentence does not mention, or that
    the number it would quote counts another thing ("at least five people" of "how many homes",
    where the sentence says "flooding homes" too)."""
    missing_rare_lead: float = 0.0
    """Like missing_rare, for terms absent from the article's lead too: a news story names its
    subject at the top ("Harwick council approves...") and seldom repeats it further down."""
    title: float = 0.0
    """1 for the article's title (Neighbourhood.opening)."""
    lead: float = 0.0
    """1 for the article's first sentence after its title."""
    paraphrase_coverage: float = 0.0
    """The share of the question's IDF weight in words the corpus never uses ("hurt") that the
    sentence says in other words ("injured"), by how close they are (qa.neighbours)."""
    rephrased_coverage: float = 0.0
    """The same for the question's words the corpus uses but the sentence does not: "hurt" of
    "37 were injured", where another sentence says "a guard was hurt". Only a feature: unlike an
    unknown word's near words, these neither move the highlight nor keep a word from missing.
    Most of the credit is a topic's words ("pay" near "payment", "money"), which the ranker
    weighs as such."""


Opening = Literal["title", "lead"]
"""Where an article opens: its title, and its first sentence after it."""


@dataclass(frozen=True)
class Neighbourhood:
    """What surrounds a sentence: the sentences beside it in its paragraph, its article's date and
    lead."""

    previous: Sentence | None
    following: Sentence | None
    previous_terms: frozenset[str]
    following_terms: frozenset[str]
    referred_terms: frozenset[str]
    """Names the sentence refers back to ("She..." after "Maria Lopez founded...")."""
    lead_terms: frozenset[str]
    """Terms of the article's title and first sentences, which name what the article is about."""
    previous_pairs: frozenset[str]
    """The previous sentence's adjacent terms (adjacent_pairs): what a number stands beside."""
    following_pairs: frozenset[str]
    """The same for the following sentence."""
    lead_pairs: frozenset[str]
    """The same for the article's title and first sentences."""
    other_lead_terms: frozenset[str]
    """lead_terms without those the sentence gives, when it is one of those first sentences:
    what the article named besides it."""
    article_date: dt.date | None
    paragraph_terms: frozenset[str] = frozenset()
    """Terms of every sentence of its paragraph: what a long paragraph named further off."""
    opening: Opening | None = None
    """"title" for the article's title, "lead" for its first sentence after it: a news story's
    summary, which names everything a question about the story asks and often not the answer."""


@dataclass(frozen=True)
class QueryWeights:
    """Corpus statistics of the question's terms, computed once per question."""

    idf: dict[str, float]
    unique_idf: float
    """The IDF of a term one sentence uses (qa.lexical.LexicalIndex.unique_idf)."""
    rarest: str | None
    """The question's term with the highest IDF among those the corpus uses."""
    near: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    """For each question term the corpus never uses, the corpus terms near it in meaning, each
    with its closeness (qa.neighbours.near_terms)."""
    rephrased: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    """The same for each question word the corpus uses, among the candidates' terms
    (qa.search.Searcher._rephrased_terms)."""
    name_cores: tuple[frozenset[str], ...] = ()
    """For each of Question.entities, the terms that make it that name and not another: those
    the corpus never writes in lowercase. "Corvel Bank" shares "bank" with "Halden Bank" but is
    not it. Empty for a name of words only ("Green Alliance")."""
    spelt_out: Mapping[str, tuple[frozenset[str], ...]] = field(default_factory=dict)
    """For each acronym the question names and the corpus writes, the terms of each name it
    stands for there (qa.spelling.acronym_names): a sentence saying "European Union" names the
    EU."""
    abbreviated: Mapping[tuple[str, ...], str] = field(default_factory=dict)
    """For each name of several words the question names (Question.entities) that the corpus
    writes as a name, not a person's, the term of its acronym when the corpus uses it: a
    sentence saying "US" names the United States. The term of "US" is also that of "us": a
    sentence quoting someone who says "us" is taken to name the United States too."""
    name_forms: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Place and nationality terms of the question's names, each with the corpus's terms for the
    other (qa.retrieve.Retriever): a sentence naming Haldria says "Haldrian" too, and one saying
    "Ukrainian" names Ukraine."""


def match_features(
    question: Question,
    weights: QueryWeights,
    sentence: Sentence,
    positions: Positions,
    terms: frozenset[str],
    around: Neighbourhood,
) -> tuple[dict[str, float], tuple[int, int] | None]:
    """The match features of `sentence` for `question`, and the answer phrase to highlight.

    `terms` are the terms of `positions` (the index keeps them per sentence)."""
    # A word near in meaning to one the corpus never uses says it too: "37 injured" of "how
    # many were hurt" is where the answer sits.
    question_terms = set(question.terms).union(*weights.near.values())
    matched = [i for i, (_, _, t) in enumerate(positions) if t in question_terms]
    # The answer patterns write a space between words; a hard-wrapped sentence may break there.
    read = sentence.model_copy(update={"text": on_one_line(sentence.text)})
    spans = answer_spans(question, read, around.article_date)
    highlight = choose_highlight(question, read, spans, [positions[i][0] for i in matched])
    referred = around.referred_terms
    type_match = max((s.fit for s in spans), default=0.0)
    type_missing = float(bool(question.labels) and not spans)
    held_elsewhere = question.asks_holder and _holds_it_elsewhere(
        question, weights, sentence, positions, highlight, around
    )
    # For a role only a person holds, so is a person holding it for someone else ("Corvel
    # Chief Executive Nadia Ferrin" for Halden Bank's), or holding another one: as sure a miss
    # as no person.
    reliable_missing = float(
        type_missing
        or (
            question.asks_role_holder
            and (held_elsewhere or _holds_another_role(question, sentence, highlight))
        )
    )
    features = {
        "type_match": type_match,
        "type_missing": type_missing,
        "value_match": type_match if question.asks_value else 0.0,
        "value_missing": type_missing if question.asks_value else 0.0,
        "age_missing": type_missing if question.answer_type is AnswerType.AGE else 0.0,
        "statement_match": type_match if question.answer_type is AnswerType.STATEMENT else 0.0,
        "reliable_type_missing": reliable_missing
        if question.answer_type in RELIABLY_TAGGED
        or question.asks_role_holder
        or question.asks_succession
        or question.asks_persons_name
        else 0.0,
        "answer_proximity": _answer_proximity(highlight, spans, positions, matched),
        "answer_context": answer_context(question, weights, highlight, positions),
        "term_proximity": _term_proximity(positions, matched),
        "rare_term": float(weights.rarest is not None and weights.rarest in terms | referred),
    }
    features |= _entity_features(
        question, weights, terms | referred, around, _subject_terms(sentence, positions)
    )
    if question.role:
        features |= _role_features(question, read.text, positions, terms, around, held_elsewhere)
    features |= _number_features(question, terms | referred, positions, around)
    features["missing_rare_lead"] = missing_rare(
        weights,
        terms | referred | around.previous_terms | around.following_terms | around.lead_terms,
    )
    features |= _time_features(question, sentence, around)
    features |= _counted_features(question, sentence, positions, terms | referred, highlight)
    features["title"] = float(around.opening == "title")
    features["lead"] = float(around.opening == "lead")
    features["paraphrase_coverage"] = near_coverage(weights, weights.near, terms)
    features["rephrased_coverage"] = near_coverage(
        weights,
        {term: near for term, near in weights.rephrased.items() if term not in terms},
        terms,
    )
    return features, highlight


def near_coverage(
    weights: QueryWeights, near_words: Mapping[str, Mapping[str, float]], terms: frozenset[str]
) -> float:
    """The share of the question's IDF weight in the terms of `near_words` that the sentence
    says in other words, each counted by the closeness of its nearest word in the sentence."""
    if not near_words:
        return 0.0
    total = sum(weights.idf.values())
    if not total:
        return 0.0
    said = sum(
        weights.idf[term] * max((near.get(t, 0.0) for t in terms), default=0.0)
        for term, near in near_words.items()
    )
    return said / total


def _answer_proximity(
    highlight: tuple[int, int] | None,
    spans: list[TypedSpan],
    positions: Positions,
    matched: list[int],
) -> float:
    if highlight is None or not matched:
        return 0.0
    inside = [i for i, (s, e, _) in enumerate(positions) if highlight[0] <= s < highlight[1]]
    if not inside:
        return 0.0
    outside = [m for m in matched if m not in inside]
    if not outside:
        return 0.0
    gap = min(min(abs(m - inside[0]), abs(m - inside[-1])) for m in outside)
    return 1.0 / (1.0 + max(0, gap - 1) / PROXIMITY_TOKENS)


def answer_context(
    question: Question,
    weights: QueryWeights,
    highlight: tuple[int, int] | None,
    positions: Positions,
) -> float:
    """answer_context of the answer entity at `highlight` (Features.answer_context)."""
    if highlight is None:
        return 0.0
    inside = [i for i, (s, _, _) in enumerate(positions) if highlight[0] <= s < highlight[1]]
    if not inside:
        return 0.0
    names = {term for name in question.entities for term in name}
    wanted = {
        term: weight
        for term, weight in weights.idf.items()
        if term not in names and term != question.counted
    }
    total = sum(wanted.values())
    if not total:
        return 0.0
    said_as = {near: term for term, words in weights.near.items() for near in words}
    around = (
        positions[max(0, inside[0] - ANSWER_CONTEXT) : inside[0]]
        + positions[inside[-1] + 1 : inside[-1] + 1 + ANSWER_CONTEXT]
    )
    found = {said_as.get(t, t) for _, _, t in around if t is not None}
    return sum(weight for term, weight in wanted.items() if term in found) / total


def _term_proximity(positions: Positions, matched: list[int]) -> float:
    """Distinct matched terms over the shortest window of tokens that holds them all."""
    wanted = {positions[i][2] for i in matched}
    if len(wanted) < 2:
        return 0.0
    best = math.inf
    counts: dict[str | None, int] = {}
    left = 0
    for right in matched:
        counts[positions[right][2]] = counts.get(positions[right][2], 0) + 1
        while len(counts) == len(wanted):
            best = min(best, right - matched[left] + 1)
            term = positions[matched[left]][2]
            counts[term] -= 1
            if not counts[term]:
                del counts[term]
            left += 1
    return len(wanted) / best


def _entity_features(
    question: Question,
    weights: QueryWeights,
    terms: frozenset[str],
    around: Neighbourhood,
    subject: frozenset[str],
) -> dict[str, float]:
    """entity_match, and entity_missing: a name asked about is neither in the sentence nor in
    its neighbours or its article's lead; or, when the sentence opens with another name
    (`subject`, the terms of its opening name), not in the sentence: "Kestrel operates 11
    vessels and employs about 1,450 people" is about Kestrel, whoever its article's lead names.
    Either way, a name given further up the paragraph makes it half missing."""
    if not question.entities:
        return {}
    cores = weights.name_cores or tuple(frozenset() for _ in question.entities)
    wanted = [
        functools.partial(_has_name_or_spelt_out, name, weights, core)
        for name, core in zip(question.entities, cores, strict=True)
    ]
    about_another = bool(subject) and not any(
        is_in(_with_name_forms(subject, weights.name_forms)) for is_in in wanted
    )
    context = (
        () if about_another else (around.previous_terms, around.following_terms, around.lead_terms)
    )
    regions = tuple(_with_name_forms(region, weights.name_forms) for region in (terms, *context))
    match, missing = _presence(wanted, regions)
    paragraph = _with_name_forms(around.paragraph_terms, weights.name_forms)
    if missing and _presence(wanted, (*regions, paragraph))[1] == 0.0:
        # Named further off in the paragraph only: weaker evidence of another subject.
        missing = 0.5
    return {"entity_match": match, "entity_missing": missing}


ARTICLE = re.compile(r"the\s+", re.I)
SPEAKS_NEXT = re.compile(rf"\s+(?:[a-z]+\s+)?(?:{SPOKEN})\b")


def _subject_terms(sentence: Sentence, positions: Positions) -> frozenset[str]:
    """The terms of the name of an organisation a sentence opens with after any dateline, its
    subject ("Kestrel operates...", "Kestrel's chief executive..."), if it opens with one that
    does not speak ("Kestrel said the deal..." may be about anyone). Not a place or a people,
    which open sentences about others ("Norway's largest ferry operator", "Norwegian
    regulators"), nor a plural word alone, which the model tags a name where it is capitalised
    only to open the sentence ("Councillors voted 31 to 14")."""
    body = dateline_end(sentence)
    article = ARTICLE.match(sentence.text, body)
    # Whether or not the model took the article into the name: "The Labour Party".
    starts = {body} if article is None else {body, article.end()}
    name = next((e for e in sentence.entities if e.start in starts), None)
    if name is None or name.label != "ORG":
        return frozenset()
    phrase = sentence.text[name.start : name.end]
    speaks = SPEAKS_NEXT.match(sentence.text, name.end) is not None
    if speaks or (" " not in phrase and looks_plural(fold(phrase))):
        return frozenset()
    return frozenset(t for first, _, t in positions if t and name.start <= first < name.end)


def _role_features(
    question: Question,
    text: str,
    positions: Positions,
    terms: frozenset[str],
    around: Neighbourhood,
    held_elsewhere: bool,
) -> dict[str, float]:
    """role_match, and role_missing: a term of the role is neither in the sentence nor in what
    it refers back to; or the sentence has the role's words but not together ("Brenholt chief
    operating officer Karl Dane said engineers would..." names no chief engineer); or the person
    it would quote holds the role of someone the question does not name (`held_elsewhere`:
    "Brenholt chief executive Ines Marlow" does not run Tarrow Mills, which the sentence names
    too)."""
    role = question.role
    referred = around.referred_terms
    held = sum(bool(_role_forms(term) & (terms | referred)) for term in role)
    # Referred terms have no order: a lesser rank among them may be that of the role.
    together = _said_together(role, positions, text) or (
        referred.issuperset(role) and not (referred & LESSER_RANK_TERMS) - set(role)
    )
    missing = held < len(role) or not together or held_elsewhere
    return {"role_match": held / len(role), "role_missing": float(missing)}


def _said_together(role: tuple[str, ...], positions: Positions, text: str) -> bool:
    """Whether the role's terms (or other words for them, SAME_ROLES) stand side by side in the
    sentence, in any order, stop words aside: "chief financial officer", "minister of mining";
    not after a lesser rank the question does not ask ("deputy culture minister"), read as
    written ("assisted by Health Minister Ana Ruiz" says no assistant)."""
    content = [(start, end, t) for start, end, t in positions if t is not None]
    terms = [t for _, _, t in content]
    forms = [_role_forms(term) for term in role]
    return any(
        all(not form.isdisjoint(terms[i : i + len(role)]) for form in forms)
        and not (i and text[content[i - 1][0] : content[i - 1][1]].lower() in LESSER_RANKS)
        for i in range(len(content))
    )


LESSER_RANK_TERMS = frozenset(stem(sorted(LESSER_RANKS)))
"""Their terms: the names and roles a sentence refers back to are terms, in no order."""


def _role_forms(term: str) -> frozenset[str]:
    """A role's term and the terms of other words for it (SAME_ROLES): "chairman" of "chair"."""
    return frozenset([term]).union(*(family for family in SAME_ROLE_TERMS if term in family))


TAKES_ROLE = re.compile(
    r"\b(?:becomes?|became|succeed(?:s|ed)?|named|appointed|replac(?:e|es|ed)|promoted|elected|"
    r"nominated|chosen|(?:take|takes|took|taking|step|steps|stepped)\s+(?:over|in))\b",
    re.I,
)
"""Verbs by which someone holding one role takes another: "Finance Director Karl Dane will
become chief executive"."""


SAME_ROLES = (
    frozenset(["chair", "chairs", "chairman", "chairmen", "chairwoman", "chairperson"]),
    frozenset(["premier", "premiers", "prime"]),
)
"""Words that name one role: a chairman chairs, a premier is a prime minister."""
SAME_ROLE_TERMS = tuple(frozenset(stem(sorted(family))) for family in SAME_ROLES)
"""Their terms."""


def _holds_another_role(
    question: Question, sentence: Sentence, highlight: tuple[int, int] | None
) -> bool:
    """Whether the person at `highlight` has a title naming a role only a person holds, other
    than the one asked (or a lesser rank of it: "deputy culture minister", or the rank above the
    lesser one asked: "chief executive" for "deputy chief executive"), and the sentence
    does not say they take the one asked (TAKES_ROLE): "Mining Minister Justus Carrow announced
    an inquiry led by a retired judge" does not say which judge."""
    if is_worded_otherwise(question.text, question.held_role):
        return False
    person = _entity_at(sentence, highlight)
    if person is None:
        return False
    # "vice-chancellor" is said "Vice-Chancellor Anna Berg": its words are read apart.
    asked = word_forms("|".join(re.findall(r"[a-z]+", question.held_role.lower())))
    asked |= {word for family in SAME_ROLES if asked & family for word in family}
    for first, last in title_spans(sentence.text, person.start, person.end):
        # Whose role it is says no role: "President Joe Biden's chief of staff".
        title = OWNER_PART.sub("", sentence.text[first:last])
        words = set(re.findall(r"[a-z]+", title.lower()))
        # A word for any head may name any role ("Tarrow Mills boss Anna Berg"), and says
        # no role alone: a "chief executive" is no chief financial officer.
        # A lesser rank alone says no role: a vice-president is no vice-chancellor. A rank
        # asked and not given is another role: a chief executive is no deputy chief executive.
        is_other = not (words - ANY_HEAD - LESSER_RANKS) & (asked - LESSER_RANKS) or bool(
            (words ^ asked) & LESSER_RANKS
        )
        if (words & ROLE_HOLDER_FORMS) - ANY_HEAD and is_other:
            return TAKES_ROLE.search(sentence.text) is None
    return False


def _entity_at(sentence: Sentence, highlight: tuple[int, int] | None) -> Entity | None:
    """The entity the highlight starts in, if any."""
    if highlight is None:
        return None
    return next((e for e in sentence.entities if e.start <= highlight[0] < e.end), None)


def _holds_it_elsewhere(
    question: Question,
    weights: QueryWeights,
    sentence: Sentence,
    positions: Positions,
    highlight: tuple[int, int] | None,
    around: Neighbourhood,
) -> bool:
    """Whether the name at `highlight` has titles saying whose role it is, and the question,
    which names whose role it asks, names none of them. The people of the place the role is
    of name it: "Chilean President Tomas Rueda" is the president of Chile
    (QueryWeights.name_forms), but "Bolivian President Dina Ortal" not of Chile when the
    question names Bolivia too."""
    if not question.entities:
        return False
    # Whatever label the NER model gave the name: it tags "Ines Marlow" an organisation too.
    person = _entity_at(sentence, highlight)
    if person is None:
        return False
    owner_forms = (weights.name_forms.get(term, frozenset()) for term in question.role_owner)
    asked = frozenset(question.terms).union(*owner_forms)
    owners = title_owners(
        sentence.text, positions, person.start, person.end, around.other_lead_terms, question.role
    )
    return bool(owners) and not any(_has_name(tuple(owner), asked) for owner in owners)


def _number_features(
    question: Question, terms: frozenset[str], positions: Positions, around: Neighbourhood
) -> dict[str, float]:
    """number_match and number_missing, each region read with its adjacent pairs when the
    question says what a number numbers (made only then: most questions state no number)."""
    if not question.numbers:
        return {}
    wanted = [
        functools.partial(has_number, number, stated.numbered)
        for number, stated in question.numbers.items()
    ]
    regions = (terms, around.previous_terms, around.following_terms, around.lead_terms)
    if any(stated.numbered for stated in question.numbers.values()):
        regions = (
            terms | adjacent_pairs(positions),
            around.previous_terms | around.previous_pairs,
            around.following_terms | around.following_pairs,
            around.lead_terms | around.lead_pairs,
        )
    match, missing = _presence(wanted, regions)
    return {"number_match": match, "number_missing": missing}


def _with_name_forms(
    terms: frozenset[str], name_forms: Mapping[str, frozenset[str]]
) -> frozenset[str]:
    """`terms` with each term of `name_forms` whose other form they hold."""
    said = {term for term, others in name_forms.items() if not others.isdisjoint(terms)}
    return terms | said if said else terms


def _presence(
    wanted: Sequence[Callable[[frozenset[str]], bool]], regions: Sequence[frozenset[str]]
) -> tuple[float, float]:
    """The share of `wanted` (each a test of a set of terms) that the sentence (the first of
    `regions`) meets, and 1 when one is met in none of the regions: the sentence, its
    neighbours and its article's lead."""
    found = [is_in(regions[0]) for is_in in wanted]
    is_nearby = [any(is_in(region) for region in regions) for is_in in wanted]
    return sum(found) / len(found), float(not all(is_nearby))


def missing_rare(weights: QueryWeights, found_terms: frozenset[str]) -> float:
    """The highest IDF among question terms not in `found_terms`, over that of a term one
    sentence uses, at most 1: such a term, or one the corpus never uses, weighs 1 in a corpus of
    any size. Unknown terms weigh no more: their IDF grows with the corpus, and the confidence
    would read the corpus's size in it (unknown_share and unknown_asked tell them apart). A
    term the found terms say in other words (QueryWeights.near), an acronym they spell out
    (QueryWeights.spelt_out) or a term of a name they give the acronym of
    (QueryWeights.abbreviated) is not missing."""
    if not weights.unique_idf:
        return 0.0
    near = weights.near
    abbreviated = {
        term
        for name in weights.abbreviated
        if _is_abbreviated(name, weights, found_terms)
        for term in name
    }
    missing = [
        w
        for term, w in weights.idf.items()
        if term not in found_terms
        and (term not in near or found_terms.isdisjoint(near[term]))
        and not _is_spelt_out((term,), weights, found_terms)
        and term not in abbreviated
    ]
    return min(1.0, max(missing, default=0.0) / weights.unique_idf)


def unknown_asked(question: Question, unknown_terms: frozenset[str]) -> float:
    """1 when a name the question asks about, or the thing it asks to count ("how many"), is one
    the corpus never uses ("When did the mayor visit Japan?" of a corpus without Japan). An
    unknown word that only words the question (a paraphrase) weighs in unknown_share alone:
    SQuAD questions that are answered use such words often, and ask of names their article
    lacks seldom."""
    missing_name = any(
        not _has_name(name, frozenset(name) - unknown_terms) for name in question.entities
    )
    # Only what is counted: "how much weight" asks a measure, which "lost 60 kg" gives unnamed.
    counts_unknown = question.answer_type is AnswerType.COUNT and question.counted in unknown_terms
    return float(missing_name or counts_unknown)


def _has_name_or_spelt_out(
    name: tuple[str, ...], weights: QueryWeights, core: frozenset[str], terms: frozenset[str]
) -> bool:
    """_has_name, an acronym's name spelt out in full (QueryWeights.spelt_out), or a name's
    acronym (QueryWeights.abbreviated)."""
    return (
        _has_name(name, terms, core)
        or _is_spelt_out(name, weights, terms)
        or _is_abbreviated(name, weights, terms)
    )


def _is_abbreviated(name: tuple[str, ...], weights: QueryWeights, terms: frozenset[str]) -> bool:
    """Whether `terms` hold the acronym of the name (QueryWeights.abbreviated)."""
    acronym = weights.abbreviated.get(name)
    return acronym is not None and acronym in terms


def _is_spelt_out(name: tuple[str, ...], weights: QueryWeights, terms: frozenset[str]) -> bool:
    return len(name) == 1 and any(full <= terms for full in weights.spelt_out.get(name[0], ()))


def _has_name(
    name: tuple[str, ...], terms: frozenset[str], core: frozenset[str] = frozenset()
) -> bool:
    """Whether `terms` hold the name: half its terms (NAME_SHARE), one of its `core` among them
    when it has one."""
    return sum(t in terms for t in name) >= NAME_SHARE * len(name) and (
        not core or not core.isdisjoint(terms)
    )


def _time_features(
    question: Question, sentence: Sentence, around: Neighbourhood
) -> dict[str, float]:
    times = question.times
    if times.is_empty:
        return {}
    date = around.article_date
    # Folding a sentence is most of this function's cost; only a relative time needs it.
    has_relative_asked = bool(times.relative)
    stated = stated_times(sentence, date, has_relative_asked)
    context = set().union(
        *(
            stated_times(s, date, has_relative_asked)
            for s in (around.previous, around.following)
            if s
        )
    )
    if date is not None:
        context |= {("year", date.year), ("month", date.month)}
    asked: set[tuple[str, int | str]] = (
        {("year", y) for y in times.years_asked}
        | {("month", m) for m in times.months}
        | {("weekday", d) for d in times.weekdays}
        | {relative_key(phrase) for phrase in times.relative}
    )
    for times_there, weight in ((stated, 1.0), (context, 0.5)):
        if _contradicts(asked, times_there):
            return {"time_conflict": weight}
        if asked & times_there:
            return {"time_match": weight}
    return {}


def _contradicts(asked: set[tuple[str, int | str]], stated: set[tuple[str, int | str]]) -> bool:
    """Whether `stated` gives a kind of time the question asks (a year, a month...) only with
    other values: "June 2024" contradicts "June 2023", though the month agrees. Each kind is
    checked apart: "March 2024, after the 2023 floods" does not contradict "March 2023"."""
    for kind in {kind for kind, _ in asked}:
        given = {value for k, value in stated if k == kind}
        if given and given.isdisjoint(value for k, value in asked if k == kind):
            return True
    return False


def stated_times(
    sentence: Sentence, article_date: dt.date | None, has_relative_asked: bool
) -> set[tuple[str, int | str]]:
    """The times a sentence names: years and months and days of the week of its DATE and TIME
    entities, "last year" as the year before its article's; with `has_relative_asked`, its relative
    phrases too ("this season"). The year of an event it names too: "the 2010 Census" is an
    EVENT to the NER model, and says 2010 as "in 2010" does."""
    stated: set[tuple[str, int | str]] = set()
    for entity in sentence.entities:
        if entity.label == "EVENT":
            stated |= {("year", y) for y in years_named(sentence.text[entity.start : entity.end])}
        elif entity.label in TIME_LABELS:
            phrase = sentence.text[entity.start : entity.end]
            stated |= {("year", y) for y in years_named(phrase)}
            stated |= {("month", month_number(m)) for m in MONTH_WORD.findall(phrase)}
            stated |= {("weekday", d) for d in weekdays_in(phrase)}
            if article_date is not None:
                stated |= {
                    ("year", article_date.year + YEAR_OFFSET[word])
                    for word in RELATIVE_YEAR.findall(fold(phrase))
                }
    if has_relative_asked:
        stated |= {
            relative_key(" ".join(m.split())) for m in RELATIVE_TIME.findall(fold(sentence.text))
        }
    return stated


def _counted_features(
    question: Question,
    sentence: Sentence,
    positions: Positions,
    terms: frozenset[str],
    highlight: tuple[int, int] | None,
) -> dict[str, float]:
    counted = question.counted
    if counted is None:
        return {}
    counts = question.answer_type is AnswerType.COUNT
    if counted == TIMES_COUNTED and MULTIPLIER_WORD.search(sentence.text):
        # "How many times has the club won the cup?": "won the cup twice" counts them.
        return {"counted_match": 1.0}
    if counted not in terms:
        # "How many crew" names what is counted, which an answer repeats ("12 crew"); "how much
        # weight" names what is measured, which it seldom does ("lost 60 kg").
        return {"counted_missing": 1.0} if counts else {}
    numbers = [
        e for e in with_untagged_counts(sentence, counts_times=False) if e.label in NUMBER_LABELS
    ]
    for number in numbers:
        following = [t for s, _, t in positions if s >= number.end][:COUNTED_REACH]
        if counted in following:
            return {"counted_match": 1.0}
    # A time or a quantity counted in its own span: "14 weeks" and "six months" are dates to
    # NER, "about 260 km" a quantity; "last week" counts none.
    for span in sentence.entities:
        if (
            span.label == "QUANTITY"
            or (
                span.label in TIME_LABELS
                and SPAN_OF_TIME.match(sentence.text[span.start : span.end])
            )
        ) and any(t == counted for s, e, t in positions if span.start < s and e <= span.end):
            return {"counted_match": 1.0}
    if counts and _counts_another_noun(sentence, highlight, numbers, positions):
        # "leaving at least five people dead, flooding homes" does not count the homes.
        return {"counted_missing": 1.0}
    return {"counted_match": 0.5}


def _counts_another_noun(
    sentence: Sentence,
    highlight: tuple[int, int] | None,
    numbers: list[Entity],
    positions: Positions,
) -> bool:
    """Whether the number at `highlight` is followed by a word it counts: "five people",
    "2.4 million packs", "47 confirmed cases" (a participle, then a plural); not "27 on
    Tuesday", "12 injured", "12 injured in the blast", "14 yesterday" (another entity), "12
    including three children" or "14, officials said"."""
    if highlight is None:
        return False
    number = next((e for e in numbers if e.start <= highlight[0] < e.end), None)
    if number is None:
        return False
    following = [(s, e, t) for s, e, t in positions if s >= number.end][:2]
    if not following or not _may_be_counted(sentence, number.end, *following[0]):
        return False
    start, end, _ = following[0]
    # A participle says what happened to what is counted ("12 injured"), unless a plural
    # follows it ("47 confirmed cases", "30 missing hikers").
    if not sentence.text[start:end].endswith(PARTICIPLE_ENDINGS):
        return True
    # After a participle only a plural is counted: "12 injured in the blast", "12 including
    # three children" and "30 remained trapped" count nothing.
    if len(following) < 2 or not _may_be_counted(sentence, end, *following[1]):
        return False
    noun_start, noun_end, _ = following[1]
    return looks_plural(fold(sentence.text[noun_start:noun_end]))


def _may_be_counted(sentence: Sentence, after: int, start: int, end: int, term: str | None) -> bool:
    """Whether the word at `start`, right after `after`, may be what a number counts: a
    lowercase content word, not an adverb, a listed word (NOT_COUNTED) or part of an entity."""
    text = sentence.text
    word = text[start:end]
    return (
        term is not None
        and not text[after:start].strip()
        and word[:1].islower()
        and not word.endswith(ADVERB_ENDING)
        and word not in NOT_COUNTED
        and not any(e.start <= start < e.end for e in sentence.entities)
    )

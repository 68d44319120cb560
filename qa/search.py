"""Question to answers: analyse it, retrieve candidates, rank them, quote the best or abstain."""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from importlib import resources

from qa.abstain import abstention_reason
from qa.encoders import TextEncoder
from qa.errors import QuestionError
from qa.features import (
    Features,
    Neighbourhood,
    QueryWeights,
    match_features,
    unknown_asked,
)
from qa.fold import tokens
from qa.lexical import LexicalIndex
from qa.models import Answer, Location, Result, Sentence
from qa.neighbours import near_terms, question_words
from qa.numbers import adjacent_pairs
from qa.openings import StoryOpenings
from qa.question import (
    Question,
    analyse_question,
    with_corpus_counted,
    with_corpus_opening,
    with_corpus_places,
)
from qa.rank import (
    BestMatch,
    Ranker,
    answer_score,
    confidence,
    failure_gains,
    pool_best,
    rank,
    weighted_sum,
)
from qa.retrieve import Retriever
from qa.spelling import (
    ACRONYM,
    CorpusSpelling,
    acronym_names,
    corpus_name,
    corrected,
    initials,
)
from qa.store import StoredIndex

MAX_QUESTION_CHARS = 1000
FEATURE_DEFAULTS: dict[str, float] = {
    name: field.default for name, field in Features.model_fields.items() if not field.is_required()
}
"""The match features a candidate gets when match_features says nothing of them."""
MARGIN_CAP = 5.0
"""A best sentence with no runner-up counts as this far ahead of it."""


def load_ranker() -> Ranker:
    """The ranker learned by `benchmarks/train_ranker.py`, shipped as qa/ranker.json."""
    text = resources.files("qa").joinpath("ranker.json").read_text(encoding="utf-8")
    return Ranker.model_validate_json(text)


@dataclass(frozen=True)
class Candidate:
    """A sentence that might answer, with what the ranker knows of it.

    Hundreds per question, of which ranking reads only the feature values: the Features model
    is made when asked for (for the best sentence, and by the training script)."""

    sentence_id: int
    feature_values: dict[str, float]
    """Every field of Features, by name."""
    highlight: tuple[int, int] | None

    @cached_property
    def features(self) -> Features:
        # Without validation: all floats, computed by retrieval and match_features.
        return Features.model_construct(None, **self.feature_values)


@dataclass(frozen=True)
class Pool:
    """Every candidate for one question, and what the question asks that the corpus lacks."""

    candidates: list[Candidate]
    unknown_words: list[str]
    """Content terms of the question that no sentence of the corpus contains."""
    unknown_share: float
    """Their share of the question's IDF weight."""
    unknown_asked: float
    """qa.features.unknown_asked: 1 when a name or counted thing asked about is among them."""


class Searcher:
    """Answers questions from one loaded index with one loaded model."""

    def __init__(
        self, stored: StoredIndex, encoder: TextEncoder, ranker: Ranker | None = None
    ) -> None:
        self.stored = stored
        self.encoder = encoder
        self.ranker = ranker or load_ranker()
        self.lexical = LexicalIndex(stored.lexical)
        self.analyzer = self.lexical.analyzer
        self.retriever = Retriever(stored, self.lexical)
        self._wordings: dict[int, str] = {}
        self._neighbourhoods: dict[int, Neighbourhood] = {}
        self._acronyms: dict[str, tuple[frozenset[str], ...]] = {}
        self.openings = StoryOpenings(stored, self.lexical)

    def wording(self, sentence_id: int) -> str:
        """The sentence's words, folded: copies of one sentence (syndication) share it."""
        if sentence_id not in self._wordings:
            text = self.stored.sentences[sentence_id].text
            self._wordings[sentence_id] = " ".join(tokens(text)) or text
        return self._wordings[sentence_id]

    @cached_property
    def copies(self) -> dict[str, list[int]]:
        """The ids of the answerable sentences of each wording; made on the first answer, not
        on opening the index, so a searcher that answers nothing never reads every sentence."""
        copies: dict[str, list[int]] = defaultdict(list)
        for sentence in self.stored.sentences:
            if sentence.kind != "furniture":
                copies[self.wording(sentence.id)].append(sentence.id)
        return copies

    @cached_property
    def spelling(self) -> CorpusSpelling:
        """What qa.spelling reads the question's unknown words against."""
        lexical, tables = self.lexical, self.lexical.tables
        return CorpusSpelling(
            tables.words,
            tables.word_spellings,
            lexical.word_frequency,
            lexical.word_paragraphs,
            lexical.writes_together,
            tables.names,
            tables.name_counts,
            tables.name_definitions,
        )

    def analyse(self, text: str) -> Question:
        """The question as every stage reads it, misspelt words read as the corpus's, with its
        embedding."""
        text, corrections = corrected(_check_question(text), self.spelling)
        question = analyse_question(text, self.analyzer, self.encoder.encode_query(text))
        if corrections:
            question = question.model_copy(update={"corrections": corrections})
        is_known = self.lexical.is_known
        question = with_corpus_opening(question, self._is_common_word, self._is_used_word)
        return with_corpus_counted(with_corpus_places(question, is_known), is_known)

    def _is_common_word(self, word: str) -> bool:
        """Whether the corpus writes a folded word as a common word: the word itself in
        lowercase somewhere, and its term nowhere inside a name the NER model found ("Hunt" of
        "Carla Hunt said", though "the hunt for savings" goes on; "Turkey")."""
        term = self.lexical.known_term(word)
        return (
            term is not None
            and self.spelling.writes_lowercase(word)
            and not self.lexical.is_in_names(term)
        )

    def _is_used_word(self, word: str) -> bool:
        """Whether the corpus uses the term of a folded word."""
        return self.lexical.known_term(word) is not None

    def candidates(self, question: Question) -> Pool:
        """Every candidate sentence for `question` with its features and answer phrase."""
        unknown = self.retriever.unknown_terms(question)
        weights = replace(
            self.retriever.weigh(question),
            near=self._near_terms(question, unknown),
            spelt_out=self._acronym_names(question),
            abbreviated=self._abbreviations(question),
        )
        candidates = self.retriever.candidates(question, weights)
        weights = replace(weights, rephrased=self._rephrased_terms(question, candidates))
        found = []
        for sentence_id, signals in candidates.items():
            sentence = self.stored.sentences[sentence_id]
            matched, highlight = match_features(
                question,
                weights,
                sentence,
                self.lexical.positions(sentence_id),
                self.lexical.sentence_terms(sentence_id),
                self._neighbourhood(sentence),
            )
            values = FEATURE_DEFAULTS | vars(signals) | matched
            found.append(Candidate(sentence_id, values, highlight))
        return Pool(
            candidates=found,
            unknown_words=[question.term_words.get(t, t) for t in unknown],
            unknown_share=_unknown_share(weights, unknown),
            unknown_asked=unknown_asked(question, frozenset(unknown)),
        )

    def _acronym_names(self, question: Question) -> dict[str, tuple[frozenset[str], ...]]:
        """The terms of the names each acronym the question names stands for in the corpus
        (QueryWeights.spelt_out)."""
        spelt_out = {}
        for written, name in zip(question.entity_names, question.entities, strict=True):
            if len(name) == 1 and ACRONYM.fullmatch(written) and self.lexical.is_known(name[0]):
                if written not in self._acronyms:
                    # Looked up once per acronym: a corpus may give "US" many names to weigh.
                    terms = (
                        frozenset(self.analyzer.terms(full))
                        for full in acronym_names(written, self.spelling)
                    )
                    self._acronyms[written] = tuple(dict.fromkeys(terms))
                if self._acronyms[written]:
                    spelt_out[name[0]] = self._acronyms[written]
        return spelt_out

    def _abbreviations(self, question: Question) -> dict[tuple[str, ...], str]:
        """The term of the acronym of each name of several words the question names, when the
        corpus writes the name as a name of its own, not a person's, and uses the acronym's
        term (QueryWeights.abbreviated)."""
        found = {}
        for written, name in zip(question.entity_names, question.entities, strict=True):
            words = written.split()
            acronym = self.analyzer.terms(initials(words)) if len(words) > 1 else []
            if (
                len(acronym) == 1
                and acronym[0] not in name
                and self.lexical.is_known(acronym[0])
                and corpus_name(words, self.spelling) is not None
            ):
                found[name] = acronym[0]
        return found

    def _near_terms(self, question: Question, unknown: list[str]) -> dict[str, dict[str, float]]:
        """Corpus terms near in meaning to the question's unknown words (qa.neighbours)."""
        words = question_words(question.term_words, unknown)
        if not words:
            return {}
        tables = self.lexical.tables
        return near_terms(
            self.encoder.encode(list(words.values())),
            list(words),
            tables.term_vectors,
            tables.vocabulary,
        )

    def _rephrased_terms(
        self, question: Question, sentence_ids: Iterable[int]
    ) -> dict[str, dict[str, float]]:
        """The terms of the given sentences near in meaning to the question's words the corpus
        uses (qa.neighbours), from the vectors the build gave both: no encoding, and a scan of
        the candidates' terms, not of the vocabulary. Not the question's own terms: "wages"
        does not say the "pay" of "pay and wages" otherwise."""
        asked = set(question.terms)
        # is_word: written in lowercase somewhere, so in the corpus and given a vector.
        known = [t for t in dict.fromkeys(question.terms) if self.lexical.is_word(t)]
        if not known:
            return {}
        lexical = self.lexical
        others = sorted(frozenset().union(*map(lexical.sentence_terms, sentence_ids)) - asked)
        vectors = lexical.tables.term_vectors
        return near_terms(
            vectors[[lexical.term_ids[t] for t in known]],
            known,
            vectors[[lexical.term_ids[t] for t in others]],
            others,
        )

    def ask(self, text: str, top_k: int = 5) -> Result:
        """The best `top_k` quoted sentences for the question, or an abstention."""
        question = self.analyse(text)
        asked, corrections = _check_question(text), list(question.corrections)
        pool = self.candidates(question)
        by_id = {c.sentence_id: c for c in pool.candidates}
        logits = {i: weighted_sum(c.feature_values, self.ranker) for i, c in by_id.items()}
        sentences = self.stored.sentences
        order = {i: (sentences[i].source, sentences[i].start) for i in logits}
        shown = rank(list(logits.items()), order, {i: self.wording(i) for i in logits}, top_k)
        answers = [
            self._answer(
                self.stored.sentences[i], answer_score(value, self.ranker), by_id[i].highlight
            )
            for i, value in shown
        ]
        if not shown or not question.terms:
            reason = (
                "the question has no words to look for"
                if not question.terms
                else "no sentence of the corpus matches the question"
            )
            return Result(
                question=asked,
                abstained=True,
                answers=answers,
                corrections=corrections,
                reason=reason,
            )
        best_id, best_logit = shown[0]
        best = by_id[best_id].features
        top = BestMatch(
            features=best,
            logit=best_logit,
            margin=margin_to_runner_up(best_id, logits),
            paragraph_margin=margin_to_other_paragraphs(
                best_id, logits, {i: paragraph_key(sentences[i]) for i in logits}
            ),
            unknown_share=pool.unknown_share,
            unknown_asked=pool.unknown_asked,
            pool_best=pool_best([c.feature_values for c in pool.candidates]),
        )
        sure = confidence(top, self.ranker)
        if sure >= self.ranker.threshold:
            return Result(
                question=asked,
                abstained=False,
                answers=answers,
                confidence=round(sure, 4),
                corrections=corrections,
            )
        gains = failure_gains(top, self.ranker)
        return Result(
            question=asked,
            abstained=True,
            answers=answers,
            confidence=round(sure, 4),
            corrections=corrections,
            reason=abstention_reason(
                question, best, pool.unknown_words, gains, sure, self.ranker.threshold
            ),
        )

    def _neighbourhood(self, sentence: Sentence) -> Neighbourhood:
        """What surrounds `sentence`, made on its first question and kept: it does not depend
        on the question."""
        if sentence.id not in self._neighbourhoods:
            self._neighbourhoods[sentence.id] = self._surroundings(sentence)
        return self._neighbourhoods[sentence.id]

    def _surroundings(self, sentence: Sentence) -> Neighbourhood:
        sentences = self.stored.sentences
        terms = self.lexical.sentence_terms

        def beside(offset: int) -> Sentence | None:
            other_id = sentence.id + offset
            if not 0 <= other_id < len(sentences):
                return None
            other = sentences[other_id]
            same_paragraph = (other.source, other.paragraph) == (
                sentence.source,
                sentence.paragraph,
            )
            return other if same_paragraph else None

        def pairs(other: Sentence | None) -> frozenset[str]:
            if other is None:
                return frozenset()
            return adjacent_pairs(self.lexical.positions(other.id))

        previous, following = beside(-1), beside(1)
        lead = self.openings.lead(sentence)
        return Neighbourhood(
            previous=previous,
            following=following,
            previous_terms=terms(previous.id) if previous else frozenset(),
            following_terms=terms(following.id) if following else frozenset(),
            referred_terms=self.lexical.referred_terms(sentence.id),
            lead_terms=frozenset().union(*lead.parts.values()),
            previous_pairs=pairs(previous),
            following_pairs=pairs(following),
            lead_pairs=lead.pairs,
            other_lead_terms=frozenset().union(
                *(part for other, part in lead.parts.items() if other != sentence.id)
            ),
            article_date=self.stored.articles[sentence.source].date,
            paragraph_terms=self.lexical.paragraph_terms(
                int(self.lexical.paragraph_of[sentence.id])
            ),
            opening=self.openings.opening(sentence),
        )

    def _answer(
        self, sentence: Sentence, value: float, highlight: tuple[int, int] | None
    ) -> Answer:
        article = self.stored.articles[sentence.source]
        return Answer(
            text=sentence.text,
            source=sentence.source,
            start=sentence.start,
            end=sentence.end,
            title=article.title,
            date=article.date,
            score=round(value, 4),
            highlight=highlight,
            kind="comment" if sentence.kind == "comment" else "article",
            also_in=[
                Location(source=copy.source, start=copy.start, end=copy.end)
                for copy_id in self.copies[self.wording(sentence.id)]
                if copy_id != sentence.id
                for copy in [self.stored.sentences[copy_id]]
            ],
            source_text=article.text_source,
        )


def margin_to_runner_up(best_id: int, logits: Mapping[int, float]) -> float:
    """How far the best logit is ahead of the next one, capped."""
    others = [value for i, value in logits.items() if i != best_id]
    if not others:
        return MARGIN_CAP
    return min(MARGIN_CAP, logits[best_id] - max(others))


def paragraph_key(sentence: Sentence) -> tuple[str, int]:
    """Which paragraph of the corpus `sentence` is of."""
    return sentence.source, sentence.paragraph


def margin_to_other_paragraphs(
    best_id: int, logits: Mapping[int, float], paragraph_of: Mapping[int, Hashable]
) -> float:
    """How far the best logit is ahead of the best of another paragraph, capped. Where the
    paragraph that answered is gone, the rest of its article is often matched about as well;
    a sentence beside the best in its own paragraph tells nothing of that."""
    home = paragraph_of[best_id]
    return margin_to_runner_up(
        best_id, {i: v for i, v in logits.items() if i == best_id or paragraph_of[i] != home}
    )


def _unknown_share(weights: QueryWeights, unknown: list[str]) -> float:
    total = sum(weights.idf.values())
    return sum(weights.idf[t] for t in unknown) / total if total else 0.0


def _check_question(question: str) -> str:
    question = question.strip()
    if not question:
        raise QuestionError("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is longer than {MAX_QUESTION_CHARS} characters")
    return question

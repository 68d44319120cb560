"""Question to answers: retrieve candidates, rank them, quote the best with their sources."""

from collections import defaultdict

from qa.answer import AnswerFinder
from qa.encoders import TextEncoder
from qa.errors import QuestionError
from qa.fold import tokens
from qa.models import Answer, Frozen, Location, Manifest, Result, Sentence
from qa.progress import Progress, no_progress
from qa.rank import Features, Weights, rank, score
from qa.retrieve import Retriever
from qa.settings import Settings
from qa.store import StoredIndex

MAX_QUESTION_CHARS = 1000
ABSTAIN_BELOW = 0.41
"""Score (probability the top sentence answers) under which qa abstains. Calibrated by
benchmarks/train_ranker.py: 2 % of the training questions' top sentences score lower."""


def open_searcher(
    settings: Settings,
    encoder: TextEncoder | None = None,
    progress: Progress = no_progress,
    *,
    is_forced: bool = False,
) -> tuple["Searcher", Manifest | None]:
    """Build the index if forced, missing or stale, then load it for questions; see qa.session."""
    from qa.session import open_searcher as open_ready

    return open_ready(settings, progress, is_forced=is_forced, loaded=encoder)


class Candidate(Frozen):
    """A sentence that might answer, with what the ranker knows of it."""

    sentence_id: int
    features: Features
    highlight: tuple[int, int] | None


class Searcher:
    """Answers questions from one loaded index with one loaded model."""

    def __init__(self, stored: StoredIndex, encoder: TextEncoder, weights: Weights | None = None):
        self.stored = stored
        self.encoder = encoder
        self.weights = weights or Weights()
        self.retriever = Retriever(stored)
        self.order_key = {s.id: (s.source, s.start) for s in stored.sentences}
        self.wording_key = {s.id: " ".join(tokens(s.text)) or s.text for s in stored.sentences}
        self.copies: dict[str, list[int]] = defaultdict(list)
        for sentence in stored.sentences:
            if sentence.kind != "furniture":
                self.copies[self.wording_key[sentence.id]].append(sentence.id)

    def candidates(self, question: str) -> list[Candidate]:
        """Every candidate sentence for `question` with its features and answer phrase."""
        question = _check_question(question)
        finder = AnswerFinder(question)
        query_vector = self.encoder.encode_query(question)
        found = []
        for sentence_id, features in self.retriever.candidates(query_vector, question).items():
            highlight = finder.find(self.stored.sentences[sentence_id].text)
            typed = features.model_copy(update={"type_match": float(highlight is not None)})
            found.append(Candidate(sentence_id=sentence_id, features=typed, highlight=highlight))
        return found

    def ask(self, question: str, top_k: int = 5) -> Result:
        """The best `top_k` quoted sentences for `question`, or an abstention."""
        question = _check_question(question)
        candidates = {c.sentence_id: c for c in self.candidates(question)}
        scored = [(i, score(c.features, self.weights)) for i, c in candidates.items()]
        answers = [
            self._answer(self.stored.sentences[i], value, candidates[i].highlight)
            for i, value in rank(scored, self.order_key, self.wording_key, top_k)
        ]
        if answers and answers[0].score >= ABSTAIN_BELOW:
            return Result(question=question, abstained=False, answers=answers)
        return Result(
            question=question,
            abstained=True,
            answers=answers,
            reason=self._abstention_reason(question, answers),
        )

    def _abstention_reason(self, question: str, closest: list[Answer]) -> str:
        unknown = self.retriever.unknown_words(question)
        if unknown:
            return "the corpus never mentions " + ", ".join(f"“{w}”" for w in unknown)
        if not closest:
            return "no sentence of the corpus matches the question"
        return (
            f"the closest sentence scores {closest[0].score:.2f}, below the "
            f"{ABSTAIN_BELOW:.2f} needed to count as an answer"
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
                for copy_id in self.copies[self.wording_key[sentence.id]]
                if copy_id != sentence.id
                for copy in [self.stored.sentences[copy_id]]
            ],
            source_text=article.text_source,
        )


def _check_question(question: str) -> str:
    question = question.strip()
    if not question:
        raise QuestionError("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is longer than {MAX_QUESTION_CHARS} characters")
    return question

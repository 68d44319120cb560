"""Question to answers: retrieve candidates, rank them, quote the best with their sources."""

from qa.answer import expected_type, find_answer_phrase
from qa.embed import Encoder
from qa.errors import QuestionError
from qa.models import Answer, Result, Sentence
from qa.rank import Weights, rank, score
from qa.retrieve import Retriever
from qa.store import StoredIndex

MAX_QUESTION_CHARS = 1000
ABSTAIN_BELOW = 0.45
"""Score under which the best sentence is not taken as an answer (see benchmarks/seed_dev.py)."""


class Searcher:
    """Answers questions from one loaded index with one loaded model."""

    def __init__(self, stored: StoredIndex, encoder: Encoder, weights: Weights | None = None):
        self.stored = stored
        self.encoder = encoder
        self.weights = weights or Weights()
        self.retriever = Retriever(stored)
        self.order_key = {s.id: (s.source, s.start) for s in stored.sentences}

    def ask(self, question: str, top_k: int = 5) -> Result:
        """The best `top_k` quoted sentences for `question`, or an abstention."""
        question = question.strip()
        if not question:
            raise QuestionError("the question is empty")
        if len(question) > MAX_QUESTION_CHARS:
            raise QuestionError(f"the question is longer than {MAX_QUESTION_CHARS} characters")
        answer_type = expected_type(question)
        candidates = self.retriever.candidates(self.encoder.encode_query(question), question)
        highlights: dict[int, tuple[int, int] | None] = {}
        scored = []
        for sentence_id, features in candidates.items():
            text = self.stored.sentences[sentence_id].text
            highlights[sentence_id] = find_answer_phrase(text, question, answer_type)
            typed = features.model_copy(
                update={"type_match": float(highlights[sentence_id] is not None)}
            )
            scored.append((sentence_id, score(typed, self.weights)))
        ranked = rank(scored, self.order_key, top_k)
        answers = [
            self._answer(self.stored.sentences[i], value, highlights[i]) for i, value in ranked
        ]
        is_abstained = not answers or answers[0].score < ABSTAIN_BELOW
        return Result(question=question, abstained=is_abstained, answers=answers)

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
        )

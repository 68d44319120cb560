"""Data passed between the pipeline stages, and the JSON schema of `qa --json`."""

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SentenceKind = Literal["article", "comment", "furniture"]
AnswerKind = Literal["article", "comment"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Article(Frozen):
    """One corpus file: where it is, what it is called and when it was published."""

    source: str
    """Path relative to the corpus folder, with forward slashes."""
    title: str
    date: dt.date | None = None
    content_hash: str


class ArticleFile(Frozen):
    """An article together with its full text as `Path.read_text(encoding="utf-8")` returns it."""

    article: Article
    text: str


class Span(Frozen):
    """Character offsets into an article's text."""

    start: int
    end: int


class Entity(Frozen):
    """A named entity found by the NER model, with offsets inside its sentence's text."""

    start: int
    end: int
    label: str
    """An OntoNotes label: PERSON, NORP, ORG, GPE, LOC, FAC, DATE, TIME, CARDINAL, MONEY..."""


class Sentence(Frozen):
    """One sentence of an article; `text == file_text[start:end]` always holds."""

    id: int
    source: str
    start: int
    end: int
    text: str
    kind: SentenceKind
    paragraph: int
    """Index of the paragraph (block of lines) within the article."""
    position: int
    """Index of the sentence within the article."""
    entities: tuple[Entity, ...] = ()
    """Named entities inside the sentence, in order."""


class Chunk(Frozen):
    """What gets embedded for a sentence: the sentence with its title and neighbours."""

    sentence_id: int
    text: str


class Manifest(Frozen):
    """What an index was built from, to tell when it is stale."""

    format_version: int
    model: str
    model_fingerprint: str
    dimension: int
    ner_model: str
    """Name and version of the NER pipeline that tagged the entities."""
    files: dict[str, str]
    """Corpus file (relative path) -> sha256 of its content."""
    built_at: dt.datetime
    sentence_count: int


class Location(Frozen):
    """Another place the same sentence is quoted from."""

    source: str
    start: int
    end: int


class Answer(Frozen):
    """One quoted sentence answering a question, with the offsets that prove the quote."""

    text: str
    source: str
    start: int
    end: int
    title: str
    date: dt.date | None
    score: float
    highlight: tuple[int, int] | None
    """`[start, end]` of the answer phrase inside `text`, when one was found."""
    kind: AnswerKind
    also_in: list[Location] = Field(default_factory=list)
    """Other places quoting the same sentence (syndicated copies), shown once."""


class Result(Frozen):
    """The outcome of one question: answers, or an abstention."""

    question: str
    abstained: bool
    answers: list[Answer] = Field(default_factory=list)
    """The answers; when abstained, the closest passages, which are not answers."""
    confidence: float | None = None
    """How sure qa is that the first answer answers (0 to 1); below the threshold it abstains."""
    reason: str | None = Field(default=None, exclude=True)
    """Why qa abstained, for people; not part of the JSON contract."""


class LineError(Frozen):
    """A line of `qa --ask -` input that could not be answered."""

    question: str
    error: str

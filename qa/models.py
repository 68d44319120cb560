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


class Chunk(Frozen):
    """What gets embedded for a sentence: the sentence with its title and neighbours."""

    sentence_id: int
    text: str


class FileStat(Frozen):
    """Size and modification time of a corpus file as it was when hashed."""

    size: int
    mtime_ns: int


class OnnxCheck(Frozen):
    """The ONNX export that answers queries without torch, and how it agreed with the model."""

    path: str | None = None
    """ONNX file relative to the index folder; None when the export failed."""
    min_cosine: float | None = None
    """Lowest cosine between ONNX and sentence-transformers vectors of the sampled sentences."""
    problem: str | None = None
    """Why queries use sentence-transformers instead; None when the export is used."""


class Manifest(Frozen):
    """What an index was built from, to tell when it is stale."""

    format_version: int
    model: str
    model_fingerprint: str
    dimension: int
    files: dict[str, str]
    """Corpus file (relative path) -> sha256 of its content."""
    built_at: dt.datetime
    sentence_count: int
    file_stats: dict[str, FileStat] = Field(default_factory=dict)
    """Corpus file -> its stat when hashed; a file whose stat is unchanged is not read again."""
    onnx: OnnxCheck | None = None
    """The query encoder's ONNX export; None in indexes built before qa exported one."""
    vector_index: str = "flat"
    """Vector store type (qa.vectors): "flat" exact search, "hnsw" approximate."""


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
    reason: str | None = Field(default=None, exclude=True)
    """Why qa abstained, for people; not part of the JSON contract."""


class LineError(Frozen):
    """A line of `qa --ask -` input that could not be answered."""

    question: str
    error: str

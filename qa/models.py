"""Data passed between the pipeline stages, and the JSON schema of `qa --json`."""

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SentenceKind = Literal["article", "comment", "furniture"]
AnswerKind = Literal["article", "comment"]
DateSource = Literal["header", "metadata", "dateline", "text"]
"""Where an article's date was read: a header line, the page's metadata (HTML), a dateline
opening a paragraph, or the first full date in the first paragraphs or captions."""
TextSource = Literal["file", "decoded", "extracted"]
"""What an article's offsets count in: the file as UTF-8 text; the file decoded from another
encoding; the main text extracted from an HTML page. The last two are stored in the index."""
TitleSource = Literal["marked", "headline", "page", "opening"]
"""Where an article's title was read: a marked line ("# ", "title:", a date header's rest), the
first headline-like line, the page's own title (HTML), or, with none of these, made of the
opening sentence's words."""


class Frozen(BaseModel):
    # Validators and serialisers are built on a model's first use, not at import: a one-shot
    # question uses about half of the models, and building all of them costs it milliseconds.
    model_config = ConfigDict(frozen=True, defer_build=True)


class Article(Frozen):
    """One corpus file: where it is, what it is called and when it was published."""

    source: str
    """Path relative to the corpus folder, with forward slashes."""
    title: str
    title_source: TitleSource
    date: dt.date | None = None
    content_hash: str
    date_source: DateSource | None = None
    """Where `date` (or, without a year, `date_stated`) was read; None when undated."""
    date_stated: str | None = None
    """The words the date was read from ("Dec. 12, 2025"); a dateline may give no year
    ("November 10"), and then `date` stays None rather than guessing one."""
    text_source: TextSource = "file"
    """What the sentences' offsets count in; for "decoded" and "extracted", the index keeps the
    text (`qa --show SOURCE`)."""
    encoding: str = "utf-8"
    """The encoding the file was decoded from."""


class ArticleFile(Frozen):
    """An article together with its full text as `Path.read_text(encoding="utf-8")` returns it
    (or, per `article.text_source`, as decoded or extracted)."""

    article: Article
    text: str


class SkippedFile(Frozen):
    """A corpus file left out of the index, and why (binary, empty, too large, undecodable)."""

    source: str
    reason: str


class StoredText(Frozen):
    """The text of an article whose offsets do not count in the file's UTF-8 text."""

    source: str
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
    int8_path: str | None = None
    """The export with int8 weights (faster to load and run), relative to the index folder;
    None when quantising failed or disagreed with the model."""
    int8_min_cosine: float | None = None
    """Lowest cosine between int8 and sentence-transformers vectors of the sampled sentences."""


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
    skipped: list[SkippedFile] = Field(default_factory=list)
    """Corpus files that could not be read, with the reason."""
    build_seconds: float | None = None
    """How long the build took to read, segment and embed the corpus (writing not counted)."""
    file_stats: dict[str, FileStat] = Field(default_factory=dict)
    """Corpus file -> its stat when hashed; a file whose stat is unchanged is not read again."""
    onnx: OnnxCheck | None = None
    """The query encoder's ONNX export; None in indexes built before qa exported one."""
    vector_index: str = "flat"
    """Vector store type (qa.vectors): "flat" exact search, "ivf" approximate."""
    vector_parameters: dict[str, str | int] = Field(default_factory=dict)
    """How an approximate store was built and searches, e.g. {"factory": "IVF4096,SQ8",
    "nprobe": 64, "rescored": 100}; empty for exact search."""


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
    source_text: TextSource = "file"
    """What `start` and `end` count in: "file", the file's UTF-8 text; "decoded" or "extracted",
    the text the index keeps for the source (the file decoded from another encoding, the main
    text of an HTML page), printed by `qa --show SOURCE`."""


class Correction(Frozen):
    """A misspelt word of the question read as a word of the corpus (qa.spelling)."""

    asked: str
    """The word as the question writes it: "Bedigo"."""
    read_as: str
    """The corpus's word it was read as: "Bendigo"."""


class Result(Frozen):
    """The outcome of one question: answers, or an abstention."""

    question: str
    abstained: bool
    answers: list[Answer] = Field(default_factory=list)
    """The answers; when abstained, the closest passages, which are not answers."""
    confidence: float | None = None
    """How sure qa is that the first answer answers (0 to 1); below the threshold it abstains."""
    corrections: list[Correction] = Field(default_factory=list)
    """The question's words read as others of the corpus, in the order written."""
    reason: str | None = Field(default=None, exclude=True)
    """Why qa abstained, for people; not part of the JSON contract."""


class LineError(Frozen):
    """A line of `qa --ask -` input that could not be answered."""

    question: str
    error: str


class ArticleListing(Frozen):
    """One indexed article as `qa --list` shows it."""

    source: str
    title: str
    date: dt.date | None
    date_source: DateSource | None
    date_stated: str | None
    sentences: int
    """Sentences indexed from the article, furniture included."""
    text_source: TextSource


class IndexStats(Frozen):
    """What the index holds and whether it is up to date, as `qa --stats` shows it."""

    corpus: str
    index: str
    articles: int
    sentences: int
    """Every indexed sentence: article text, comments and furniture."""
    comments: int
    """Sentences of reader comments."""
    furniture: int
    """Lines of page furniture (navigation, bylines, credits), kept but never answers."""
    skipped: list[SkippedFile]
    index_bytes: int
    """Size on disk of the index in use."""
    model: str
    model_fingerprint: str
    built_at: dt.datetime
    build_seconds: float | None
    is_fresh: bool
    """False when the corpus or model changed since the build; see `stale_reason`."""
    stale_reason: str | None

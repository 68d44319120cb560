"""Split an article's text into paragraphs and sentences with exact character offsets."""

import hashlib
import importlib.metadata
import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pysbd

from qa.clean import classify_paragraphs, classify_sentence
from qa.models import ArticleFile, Chunk, Sentence, Span
from qa.wrapping import LINE, TERMINAL, unwrapped

WORD = re.compile(r"\w+")
WRAPPED_LINE_MIN_CHARS = 40
"""Hard-wrapped prose fills its lines; a shorter unfinished line is a heading or a name."""


class SentenceSpan(Span):
    """A sentence's offsets and the paragraph it belongs to."""

    paragraph: int


@cache
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def split_paragraphs(text: str) -> list[Span]:
    """Non-empty lines, trimmed, with hard-wrapped lines joined back into their paragraph.

    A hard-wrapped file's paragraphs are lines of its `unwrapped` text, which is what to pass
    here; a wrap the file gives too little evidence of is still joined where a long unfinished
    line runs on in lower case, but the segmenter splits the sentence at the break."""
    lines = [_trim(text, m.start(), m.end()) for m in LINE.finditer(text)]
    paragraphs: list[Span] = []
    for line in lines:
        if line is None:
            continue
        if paragraphs and _continues(text, paragraphs[-1], line):
            paragraphs[-1] = Span(start=paragraphs[-1].start, end=line.end)
        else:
            paragraphs.append(line)
    return paragraphs


def _is_blank(character: str) -> bool:
    return character.isspace() or character == "\ufeff"


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and _is_blank(text[start]):
        start += 1
    while end > start and _is_blank(text[end - 1]):
        end -= 1
    return Span(start=start, end=end) if start < end else None


def _continues(text: str, previous: Span, line: Span) -> bool:
    """A line starting in lower case right after a long unfinished line is a hard wrap."""
    is_adjacent = "\n\n" not in text[previous.end : line.start]
    last_line = text[previous.start : previous.end].rsplit("\n", 1)[-1]
    is_unfinished = not TERMINAL.search(last_line) and len(last_line) >= WRAPPED_LINE_MIN_CHARS
    return is_adjacent and is_unfinished and text[line.start].islower()


def splitter_name() -> str:
    """What `split_paragraph` depends on besides the text, which names the sentences cached by
    a build (qa.cache): the segmenter's version, Python's Unicode tables (blanks, word
    characters) and this module's source, so any edit to the rules here splits everything
    again rather than mixing two sets of rules."""
    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    pysbd_version = importlib.metadata.version("pysbd")
    return f"pysbd-{pysbd_version}-unicode-{unicodedata.unidata_version}-{source}"


def split_sentences(
    text: str,
    paragraphs: list[Span] | None = None,
    paragraph_sentences: Sequence[Sequence[Span]] | None = None,
) -> list[SentenceSpan]:
    """Sentences of `text`, in order, each with `text[start:end]` its exact wording.

    `paragraph_sentences[i]`, when given, are the sentences of paragraph i as `split_paragraph`
    gives them (offsets inside the paragraph), found earlier; both are found in the text as
    `unwrapped` reads it."""
    sentences: list[SentenceSpan] = []
    reading = unwrapped(text) if paragraphs is None or paragraph_sentences is None else text
    if paragraphs is None:
        paragraphs = split_paragraphs(reading)
    if paragraph_sentences is None:
        paragraph_sentences = [split_paragraph(reading[p.start : p.end]) for p in paragraphs]
    for number, (paragraph, spans) in enumerate(zip(paragraphs, paragraph_sentences, strict=True)):
        for span in spans:
            sentences.append(
                SentenceSpan(
                    start=paragraph.start + span.start,
                    end=paragraph.start + span.end,
                    paragraph=number,
                )
            )
    return sentences


def split_paragraph(paragraph: str) -> list[Span]:
    """The sentences of one paragraph, offsets inside it; depends on nothing but its text."""
    spans = _align_sentences(paragraph)
    if len(spans) > 1 and len(WORD.findall(paragraph[spans[0].start : spans[0].end])) < 4:
        # A leading fragment such as a dateline ("May 4, Reuters.") belongs to the next sentence.
        spans[:2] = [Span(start=spans[0].start, end=spans[1].end)]
    return spans


def _align_sentences(paragraph: str) -> list[Span]:
    """Align the segmenter's sentences back onto the paragraph to recover their offsets."""
    spans: list[Span] = []
    cursor = 0
    for piece in _segmenter().segment(paragraph):
        wording = piece.strip()
        if not wording:
            continue
        found = paragraph.find(wording, cursor)
        if found < 0:
            # The segmenter altered the text; keep the rest whole rather than guess offsets.
            if rest := _trim(paragraph, cursor, len(paragraph)):
                spans.append(rest)
            return spans
        spans.append(Span(start=found, end=found + len(wording)))
        cursor = found + len(wording)
    if rest := _trim(paragraph, cursor, len(paragraph)):
        spans.append(rest)
    return spans


def segment_article(
    article_file: ArticleFile,
    first_id: int,
    paragraphs: list[Span] | None = None,
    paragraph_sentences: Sequence[Sequence[Span]] | None = None,
) -> list[Sentence]:
    """Every sentence of an article, numbered from `first_id`, each marked with its kind;
    `paragraphs` and `paragraph_sentences` as `split_sentences` takes them."""
    text = article_file.text
    if paragraphs is None:
        paragraphs = split_paragraphs(unwrapped(text))
    paragraph_kinds = classify_paragraphs(text, paragraphs)
    return [
        Sentence(
            id=first_id + position,
            source=article_file.article.source,
            start=span.start,
            end=span.end,
            text=text[span.start : span.end],
            kind=classify_sentence(text[span.start : span.end], paragraph_kinds[span.paragraph]),
            paragraph=span.paragraph,
            position=position,
        )
        for position, span in enumerate(split_sentences(text, paragraphs, paragraph_sentences))
    ]


def make_chunks(title: str, sentences: list[Sentence]) -> list[Chunk]:
    """For each sentence of one article, the text to embed: title, neighbours, itself.

    Neighbours are the previous and next answerable sentences of the same kind, so a sentence
    that leans on its context ("He said the talks would go on") can still be found. Furniture is
    embedded alone: it is never an answer.
    """
    answerable = [s for s in sentences if s.kind != "furniture"]
    order = {s.id: number for number, s in enumerate(answerable)}
    chunks = []
    for sentence in sentences:
        if sentence.id not in order:
            chunks.append(Chunk(sentence_id=sentence.id, text=sentence.text))
            continue
        number = order[sentence.id]
        before = [answerable[number - 1]] if number > 0 else []
        after = [answerable[number + 1]] if number + 1 < len(answerable) else []
        context = [n.text for n in before if n.kind == sentence.kind]
        context += [sentence.text]
        context += [n.text for n in after if n.kind == sentence.kind]
        chunks.append(Chunk(sentence_id=sentence.id, text=" ".join([f"{title}.", *context])))
    return chunks

"""An article as the reader shows it: paragraphs marked as article, comment or furniture."""

from collections.abc import Iterable
from pathlib import Path

from qa.models import Frozen, Sentence, SentenceKind


class Paragraph(Frozen):
    """A block of the article file, with its offsets in the file's text."""

    start: int
    end: int
    kind: SentenceKind
    """"furniture" only when every sentence in it is page furniture."""


def paragraphs(sentences: Iterable[Sentence]) -> list[Paragraph]:
    """The paragraphs of one article's sentences, in file order."""
    grouped: dict[int, list[Sentence]] = {}
    for sentence in sorted(sentences, key=lambda s: s.start):
        grouped.setdefault(sentence.paragraph, []).append(sentence)
    return [
        Paragraph(start=group[0].start, end=group[-1].end, kind=_paragraph_kind(group))
        for group in sorted(grouped.values(), key=lambda g: g[0].start)
    ]


def _paragraph_kind(group: list[Sentence]) -> SentenceKind:
    kinds = {s.kind for s in group}
    if kinds == {"furniture"}:
        return "furniture"
    return "comment" if "comment" in kinds else "article"


def read_article(corpus: Path, source: str) -> str:
    """The article's text, as the index's offsets count it."""
    return (corpus / source).read_text(encoding="utf-8")

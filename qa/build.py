"""Files to index: read the corpus, segment it, embed it and store it; tell when it is stale."""

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from qa.embed import Encoder, model_fingerprint
from qa.entities import EntityTagger, ner_model_name, place_entities
from qa.errors import IndexMissingError
from qa.ingest import hash_text, read_corpus
from qa.models import ArticleFile, Manifest, Sentence
from qa.segment import make_chunks, segment_article, split_paragraphs
from qa.settings import Settings
from qa.store import (
    FORMAT_VERSION,
    check_writable,
    read_format_version,
    read_manifest,
    write_index,
)

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
"""Called as `progress(stage, done, total)` while a build runs."""


def no_progress(stage: str, done: int, total: int) -> None:
    """A Progress that reports nothing."""


def stale_reason(settings: Settings) -> str | None:
    """Why the index must be rebuilt before use, or None when it matches corpus and model.

    An index that exists but cannot be read is an IndexMismatchError, not a reason to rebuild:
    the user is told to run `qa --rebuild`."""
    try:
        version = read_format_version(settings.index)
        if version is not None and version != FORMAT_VERSION:
            return "the index format changed"
        manifest = read_manifest(settings.index)
    except IndexMissingError:
        return "no index built yet"
    if manifest.model_fingerprint != model_fingerprint(settings.model_path()):
        return "the embedding model changed"
    if manifest.ner_model != ner_model_name():
        return "the NER model changed"
    if manifest.files != corpus_hashes(settings.corpus):
        return "the corpus changed"
    return None


def corpus_hashes(corpus: Path) -> dict[str, str]:
    return {f.article.source: f.article.content_hash for f in read_corpus(corpus)}


def build_index(settings: Settings, encoder: Encoder, progress: Progress = no_progress) -> Manifest:
    """Build the index for the corpus and swap it in; the old one stays usable until then."""
    check_writable(settings.index)
    progress("reading", 0, 1)
    article_files = read_corpus(settings.corpus)
    sentences: list[Sentence] = []
    chunk_texts: list[str] = []
    for article_file in article_files:
        article_sentences = segment_article(article_file, first_id=len(sentences))
        sentences.extend(article_sentences)
        chunks = make_chunks(article_file.article.title, article_sentences)
        chunk_texts.extend(c.text for c in chunks)
    progress("reading", 1, 1)
    log.info("%d articles, %d sentences", len(article_files), len(sentences))
    tagger = EntityTagger()
    sentences = tag_entities(tagger, article_files, sentences, progress)

    total = 2 * len(sentences)
    sentence_vectors = encoder.encode(
        [s.text for s in sentences], lambda done, _: progress("embedding", done, total)
    )
    context_vectors = encoder.encode(
        chunk_texts, lambda done, _: progress("embedding", len(sentences) + done, total)
    )
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        model=encoder.name,
        model_fingerprint=encoder.fingerprint,
        dimension=encoder.dimension,
        ner_model=tagger.name,
        files={f.article.source: hash_text(f.text) for f in article_files},
        built_at=dt.datetime.now(dt.UTC),
        sentence_count=len(sentences),
    )
    progress("saving", 0, 1)
    write_index(
        settings.index,
        manifest,
        [f.article for f in article_files],
        sentences,
        {"sentences": sentence_vectors, "contexts": context_vectors},
    )
    progress("saving", 1, 1)
    return manifest


def tag_entities(
    tagger: EntityTagger,
    article_files: list[ArticleFile],
    sentences: list[Sentence],
    progress: Progress = no_progress,
) -> list[Sentence]:
    """The sentences with the named entities of their paragraphs placed in them."""
    paragraphs = {f.article.source: split_paragraphs(f.text) for f in article_files}
    texts = {f.article.source: f.text for f in article_files}
    paragraph_texts = [
        texts[source][p.start : p.end] for source, spans in paragraphs.items() for p in spans
    ]
    total = len(paragraph_texts)
    tagged = iter(tagger.tag(paragraph_texts, lambda done: progress("tagging", done, total)))
    entities = {source: [next(tagged) for _ in spans] for source, spans in paragraphs.items()}
    progress("tagging", total, total)
    by_source: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_source.setdefault(sentence.source, []).append(sentence)
    return [
        placed
        for source, members in by_source.items()
        for placed in place_entities(members, paragraphs[source], entities[source])
    ]


def ensure_index(
    settings: Settings,
    encoder: Encoder,
    progress: Progress = no_progress,
    *,
    is_forced: bool = False,
) -> Manifest | None:
    """Build the index when forced, missing or stale; the new manifest when a build ran."""
    reason = "a rebuild was asked for" if is_forced else stale_reason(settings)
    if reason is None:
        return None
    log.info("rebuilding the index: %s", reason)
    return build_index(settings, encoder, progress)

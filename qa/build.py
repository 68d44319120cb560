"""Files to index: read the corpus, segment it, embed it and store it; tell when it is stale."""

import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path

from qa.cache import EmbeddingCache
from qa.embed import Encoder, model_fingerprint
from qa.errors import IndexMissingError
from qa.ingest import read_corpus, scan_corpus
from qa.models import Manifest, Sentence, StoredText
from qa.segment import make_chunks, segment_article
from qa.settings import Settings
from qa.store import FORMAT_VERSION, check_writable, read_manifest, write_index

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
        manifest = read_manifest(settings.index)
    except IndexMissingError:
        return "no index built yet"
    if manifest.format_version != FORMAT_VERSION:
        return "the index format changed"
    if manifest.model_fingerprint != model_fingerprint(settings.model_path()):
        return "the embedding model changed"
    if manifest.files != corpus_hashes(settings.corpus):
        return "the corpus changed"
    return None


def corpus_hashes(corpus: Path) -> dict[str, str]:
    return {f.article.source: f.article.content_hash for f in read_corpus(corpus)}


def build_index(settings: Settings, encoder: Encoder, progress: Progress = no_progress) -> Manifest:
    """Build the index for the corpus and swap it in; the old one stays usable until then."""
    check_writable(settings.index)
    started = time.perf_counter()
    progress("reading", 0, 1)
    scan = scan_corpus(settings.corpus)
    for skipped in scan.skipped:
        log.warning("skipping %s: %s", skipped.source, skipped.reason)
    article_files = scan.articles
    sentences: list[Sentence] = []
    chunk_texts: list[str] = []
    for article_file in article_files:
        article_sentences = segment_article(article_file, first_id=len(sentences))
        sentences.extend(article_sentences)
        chunks = make_chunks(article_file.article.title, article_sentences)
        chunk_texts.extend(c.text for c in chunks)
    progress("reading", 1, 1)
    log.info("%d articles, %d sentences", len(article_files), len(sentences))

    # Only text not embedded by an earlier build is embedded now.
    cache = EmbeddingCache(settings.index, encoder.fingerprint, encoder.dimension)
    texts = [s.text for s in sentences] + chunk_texts
    vectors = cache.encode(encoder, texts, lambda done, total: progress("embedding", done, total))
    sentence_vectors, context_vectors = vectors[: len(sentences)], vectors[len(sentences) :]
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        model=encoder.name,
        model_fingerprint=encoder.fingerprint,
        dimension=encoder.dimension,
        files={f.article.source: f.article.content_hash for f in article_files},
        built_at=dt.datetime.now(dt.UTC),
        sentence_count=len(sentences),
        skipped=scan.skipped,
        build_seconds=round(time.perf_counter() - started, 2),
    )
    progress("saving", 0, 1)
    write_index(
        settings.index,
        manifest,
        [f.article for f in article_files],
        sentences,
        {"sentences": sentence_vectors, "contexts": context_vectors},
        texts=[
            StoredText(source=f.article.source, text=f.text)
            for f in article_files
            if f.article.text_source != "file"
        ],
    )
    cache.keep_only(texts)
    progress("saving", 1, 1)
    return manifest


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

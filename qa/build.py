"""Files to index: read the corpus, segment it, embed it and store it; tell when it is stale."""

import datetime as dt
import logging
import time

from qa.cache import EmbeddingCache
from qa.embed import Encoder
from qa.entities import EntityTagger, place_entities
from qa.freshness import stable_stats, stale_reason, stat_corpus
from qa.ingest import scan_corpus
from qa.lexical_build import build_lexical
from qa.models import ArticleFile, Manifest, Sentence, StoredText
from qa.onnx_export import prepare_onnx
from qa.progress import Progress, no_progress
from qa.segment import make_chunks, segment_article, split_paragraphs
from qa.settings import Settings
from qa.store import (
    FORMAT_VERSION,
    check_writable,
    index_lock,
    read_manifest,
    write_error,
    write_index,
)
from qa.vectors import store_kind

log = logging.getLogger(__name__)


def build_index(
    settings: Settings,
    encoder: Encoder,
    progress: Progress = no_progress,
    *,
    is_forced: bool = True,
) -> Manifest:
    """Build the index for the corpus and swap it in; the old one stays usable until then.

    One build runs at a time per index folder: another waits for the lock, and then, unless
    `is_forced`, uses the index just built if it is fresh instead of building it again."""
    check_writable(settings.index)
    waited = False

    def wait() -> None:
        nonlocal waited
        waited = True
        progress("waiting for another build", 0, 1)

    with index_lock(settings.index, wait):
        if waited and not is_forced and stale_reason(settings) is None:
            return read_manifest(settings.index)
        return _build_locked(settings, encoder, progress)


def _build_locked(settings: Settings, encoder: Encoder, progress: Progress) -> Manifest:
    started = time.perf_counter()
    progress("reading", 0, 1)
    stats_before = stat_corpus(settings.corpus)
    scan = scan_corpus(settings.corpus)
    for skipped in scan.skipped:
        log.warning("skipping %s: %s", skipped.source, skipped.reason)
    article_files = scan.articles
    file_stats = stable_stats(stats_before, stat_corpus(settings.corpus))
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

    # Only text not embedded by an earlier build is embedded now.
    cache = EmbeddingCache(settings.index, encoder.fingerprint, encoder.dimension)
    texts = [s.text for s in sentences] + chunk_texts
    try:
        vectors = cache.encode(
            encoder, texts, lambda done, total: progress("embedding", done, total)
        )
    except OSError as error:
        raise write_error(settings.index, error) from error
    sentence_vectors, context_vectors = vectors[: len(sentences)], vectors[len(sentences) :]
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        model=encoder.name,
        model_fingerprint=encoder.fingerprint,
        dimension=encoder.dimension,
        ner_model=tagger.name,
        files={f.article.source: f.article.content_hash for f in article_files},
        built_at=dt.datetime.now(dt.UTC),
        sentence_count=len(sentences),
        skipped=scan.skipped,
        build_seconds=round(time.perf_counter() - started, 2),
        file_stats=file_stats,
        vector_index=store_kind(len(sentences), settings.approximate_above),
        onnx=prepare_onnx(settings.index, encoder, [s.text for s in sentences], sentence_vectors),
    )
    progress("saving", 0, 1)
    write_index(
        settings.index,
        manifest,
        [f.article for f in article_files],
        sentences,
        {"sentences": sentence_vectors, "contexts": context_vectors},
        build_lexical(sentences),
        texts=[
            StoredText(source=f.article.source, text=f.text)
            for f in article_files
            if f.article.text_source != "file"
        ],
    )
    try:
        cache.keep_only(texts)
    except OSError as error:
        # The new index is in use: a cache left unpruned costs disk space, not answers.
        log.warning("could not prune the embedding cache in %s: %s", settings.index, error)
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
    return build_index(settings, encoder, progress, is_forced=is_forced)

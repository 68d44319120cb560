"""Files to index: read the corpus, segment it, embed it and store it; tell when it is stale."""

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np

from qa.cache import (
    FLUSH_PARAGRAPHS,
    FLUSH_TEXTS,
    EmbeddingCache,
    EntityCache,
    ParagraphCache,
    Row,
    SentenceCache,
    batched_by_size,
)
from qa.embed import Encoder, Vectors
from qa.entities import EntityTagger, place_entities
from qa.freshness import stable_stats, stale_reason, stat_corpus
from qa.ingest import scan_corpus
from qa.lexical_build import build_lexical
from qa.models import ArticleFile, Entity, Manifest, Sentence, Span, StoredText
from qa.neighbours import TermEmbedder, averaged
from qa.onnx_export import prepare_onnx
from qa.progress import Progress, no_progress
from qa.segment import (
    make_chunks,
    segment_article,
    split_paragraph,
    split_paragraphs,
    splitter_name,
)
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
from qa.wrapping import unwrapped

log = logging.getLogger(__name__)

BACKGROUND_TAGGING_MIN_PARAGRAPHS = 200
"""From this many paragraphs to tag (a second and a half of tagging), a worker process tags them
while the build splits and embeds (qa.tag_worker); fewer are tagged in the build, which saves
starting a process and loading the pipeline in it (about 1.5 s of a core)."""


def build_index(
    settings: Settings,
    encoder: Encoder,
    progress: Progress = no_progress,
    *,
    is_forced: bool = True,
    tagger: EntityTagger | None = None,
) -> Manifest:
    """Build the index for the corpus and swap it in; the old one stays usable until then.

    One build runs at a time per index folder: another waits for the lock, and then, unless
    `is_forced`, uses the index just built if it is fresh instead of building it again.
    `tagger` is the NER pipeline to tag entities with; by default spaCy's small English one."""
    check_writable(settings.index)
    waited = False

    def wait() -> None:
        nonlocal waited
        waited = True
        progress("waiting for another build", 0, 1)

    with index_lock(settings.index, wait):
        if waited and not is_forced and stale_reason(settings) is None:
            return read_manifest(settings.index)
        return _build_locked(settings, encoder, progress, tagger)


def _build_locked(
    settings: Settings, encoder: Encoder, progress: Progress, tagger: EntityTagger | None
) -> Manifest:
    started = time.perf_counter()
    progress("reading", 0, 1)
    stats_before = stat_corpus(settings.corpus)
    scan = scan_corpus(settings.corpus)
    for skipped in scan.skipped:
        log.warning("skipping %s: %s", skipped.source, skipped.reason)
    article_files = scan.articles
    file_stats = stable_stats(stats_before, stat_corpus(settings.corpus))
    progress("reading", 1, 1)
    tagger = tagger or EntityTagger()
    # Only text not split, tagged or embedded by an earlier build is worked on now; the
    # caches save as they go, so a failed write (a full disk) ends the build here.
    sentence_cache = SentenceCache(settings.index, splitter_name())
    entity_cache = EntityCache(settings.index, tagger.name)
    cache = EmbeddingCache(settings.index, encoder.fingerprint, encoder.dimension)
    try:
        # Paragraphs are split and tagged as they read unwrapped; offsets hold in the files.
        readings = [unwrapped(f.text) for f in article_files]
        paragraphs = [split_paragraphs(reading) for reading in readings]
        _start_tagging(tagger, entity_cache, readings, paragraphs)
        sentences, article_rows = segment_corpus(
            article_files, readings, paragraphs, sentence_cache, progress
        )
        log.info("%d articles, %d sentences", len(article_files), len(sentences))
        vectors = embed_corpus(cache, encoder, article_files, sentences, article_rows, progress)
        tag_corpus(tagger, entity_cache, readings, paragraphs, sentences, article_rows, progress)
        lexical = build_lexical(sentences, _word_embedder(cache, encoder, progress))
    except OSError as error:
        raise write_error(settings.index, error) from error
    finally:
        tagger.close()
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
        lexical,
        texts=[
            StoredText(source=f.article.source, text=f.text)
            for f in article_files
            if f.article.text_source != "file"
        ],
    )
    for used in (sentence_cache, entity_cache, cache):
        try:
            used.keep_only_used()
        except OSError as error:
            # The new index is in use: a cache left unpruned costs disk space, not answers.
            log.warning("could not prune the caches in %s: %s", settings.index, error)
    progress("saving", 1, 1)
    return manifest


def _start_tagging(
    tagger: EntityTagger,
    cache: EntityCache,
    readings: Sequence[str],
    paragraphs: Sequence[list[Span]],
) -> None:
    """Have a worker process tag the paragraphs `cache` does not hold, if there are enough."""
    untagged = cache.missing(
        reading[p.start : p.end]
        for reading, spans in zip(readings, paragraphs, strict=True)
        for p in spans
    )
    if len(untagged) >= BACKGROUND_TAGGING_MIN_PARAGRAPHS:
        tagger.tag_in_background(untagged)


def segment_corpus(
    article_files: Sequence[ArticleFile],
    readings: Sequence[str],
    paragraphs: Sequence[list[Span]],
    cache: SentenceCache,
    progress: Progress = no_progress,
) -> tuple[list[Sentence], list[range]]:
    """Every sentence of the corpus, numbered in order, and the rows of each article's;
    `readings[i]` is the text of `article_files[i]` as `unwrapped` reads it, `paragraphs[i]`
    its paragraphs. Only paragraphs `cache` does not hold are split."""
    sentences: list[Sentence] = []
    article_rows: list[range] = []
    for n, found in _found_by_article(
        cache, _split_rows, readings, paragraphs, "segmenting", progress
    ):
        paragraph_sentences = [[Span(start=start, end=end) for start, end in f] for f in found]
        first = len(sentences)
        sentences += segment_article(article_files[n], first, paragraphs[n], paragraph_sentences)
        article_rows.append(range(first, len(sentences)))
    return sentences, article_rows


def _split_rows(paragraphs: list[str]) -> list[list[tuple[int, int]]]:
    return [[(s.start, s.end) for s in split_paragraph(text)] for text in paragraphs]


def tag_corpus(
    tagger: EntityTagger,
    cache: EntityCache,
    readings: Sequence[str],
    paragraphs: Sequence[list[Span]],
    sentences: list[Sentence],
    article_rows: Sequence[range],
    progress: Progress = no_progress,
) -> None:
    """Place in `sentences`, in place, the entities of their paragraphs, tagging only paragraphs
    `cache` does not hold; `paragraphs[i]` and `article_rows[i]` are the paragraphs and the
    sentence rows of the article whose text `readings[i]` is, as `unwrapped` reads it."""
    for n, found in _found_by_article(
        cache, tagger.tag_spans, readings, paragraphs, "tagging", progress
    ):
        entities = [[Entity(start=s, end=e, label=label) for s, e, label in f] for f in found]
        rows = slice(article_rows[n].start, article_rows[n].stop)
        sentences[rows] = place_entities(sentences[rows], paragraphs[n], entities)


def _found_by_article(
    cache: ParagraphCache[Row],
    find_rows: Callable[[list[str]], Iterable[Sequence[Row]]],
    readings: Sequence[str],
    paragraphs: Sequence[list[Span]],
    stage: str,
    progress: Progress,
) -> Iterator[tuple[int, list[tuple[Row, ...]]]]:
    """Each article's number, in order, with the rows `cache` holds or `find_rows` finds for
    each of its paragraphs; progress is reported as `stage`, counting paragraphs not cached.

    Articles go in batches of about FLUSH_PARAGRAPHS paragraphs, so only one batch's paragraph
    texts are held at a time."""
    total = cache.count_missing(
        reading[p.start : p.end]
        for reading, spans in zip(readings, paragraphs, strict=True)
        for p in spans
    )
    progress(stage, 0, total)
    for batch in batched_by_size([len(spans) for spans in paragraphs], FLUSH_PARAGRAPHS):
        texts = [readings[n][p.start : p.end] for n in batch for p in paragraphs[n]]
        found = iter(cache.find(find_rows, texts, lambda done: progress(stage, done, total)))
        for n in batch:
            yield n, [next(found) for _ in paragraphs[n]]
    progress(stage, total, total)


def embed_corpus(
    cache: EmbeddingCache,
    encoder: Encoder,
    article_files: Sequence[ArticleFile],
    sentences: Sequence[Sentence],
    article_rows: Sequence[range],
    progress: Progress = no_progress,
) -> Vectors:
    """The vectors of every sentence (rows 0 to n-1), then of its chunk (rows n to 2n-1).

    Articles go in batches of about FLUSH_TEXTS texts: only one batch's chunk texts are held at
    a time, and only texts `cache` does not hold are embedded."""
    count = len(sentences)
    total = cache.count_missing(
        text
        for article_file, rows in zip(article_files, article_rows, strict=True)
        for text in _texts_to_embed(article_file, sentences, rows, count)[1]
    )
    progress("embedding", 0, total)
    vectors = np.zeros((2 * count, encoder.dimension), dtype=np.float32)
    for batch in batched_by_size([2 * len(rows) for rows in article_rows], FLUSH_TEXTS):
        rows: list[int] = []
        texts: list[str] = []
        for number in batch:
            more_rows, more_texts = _texts_to_embed(
                article_files[number], sentences, article_rows[number], count
            )
            rows += more_rows
            texts += more_texts
        cache.embed_into(
            encoder, texts, vectors, rows, lambda done: progress("embedding", done, total)
        )
    progress("embedding", total, total)
    return vectors


def _word_embedder(cache: EmbeddingCache, encoder: Encoder, progress: Progress) -> TermEmbedder:
    """Embeds the corpus's words as `embed_corpus` embeds sentences, through the same cache."""

    def embed(words: list[str]) -> Vectors:
        total = cache.count_missing(words)
        vectors = np.zeros((len(words), encoder.dimension), dtype=np.float32)
        progress("embedding words", 0, total)
        # The cache counts every text it embedded in this build, sentences included.
        before = cache.embedded
        cache.embed_into(
            encoder,
            words,
            vectors,
            list(range(len(words))),
            lambda done: progress("embedding words", done - before, total),
        )
        progress("embedding words", total, total)
        return vectors

    return averaged(embed)


def _texts_to_embed(
    article_file: ArticleFile, sentences: Sequence[Sentence], rows: range, count: int
) -> tuple[list[int], list[str]]:
    """The rows and texts of one article's sentences, then of their chunks (rows from `count`)."""
    members = list(sentences[rows.start : rows.stop])
    chunks = make_chunks(article_file.article.title, members)
    return (
        [*rows, *(count + row for row in rows)],
        [*(s.text for s in members), *(c.text for c in chunks)],
    )


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

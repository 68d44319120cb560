"""What the index holds, for people: statistics, the list of articles, an article's text.

Reads the index files only; never loads the model, torch or FAISS.
"""

import logging
from collections import Counter

from qa.errors import ConfigError, CorpusError
from qa.freshness import stale_reason
from qa.ingest import hash_text
from qa.models import Article, ArticleListing, IndexStats, Sentence
from qa.settings import Settings
from qa.store import (
    current_build,
    read_manifest,
    read_records,
    read_stored_text,
    verify_index,
)

log = logging.getLogger(__name__)

ARTICLES = "articles.jsonl"
SENTENCES = "sentences.jsonl"


def index_stats(settings: Settings) -> IndexStats:
    """Counts, size, model and freshness of the index in use."""
    verify_index(settings.index)  # the one command that hashes every file, however large
    manifest = read_manifest(settings.index)
    kinds = Counter(s.kind for s in read_records(settings.index, SENTENCES, Sentence))
    build_dir = current_build(settings.index)
    try:
        reason = stale_reason(settings)
    except CorpusError as error:
        reason = str(error)
    return IndexStats(
        corpus=str(settings.corpus),
        index=str(settings.index),
        articles=len(manifest.files),
        sentences=sum(kinds.values()),
        comments=kinds["comment"],
        furniture=kinds["furniture"],
        skipped=manifest.skipped,
        index_bytes=sum(p.stat().st_size for p in build_dir.rglob("*") if p.is_file()),
        model=manifest.model,
        model_fingerprint=manifest.model_fingerprint,
        built_at=manifest.built_at,
        build_seconds=manifest.build_seconds,
        is_fresh=reason is None,
        stale_reason=reason,
    )


def list_articles(settings: Settings) -> list[ArticleListing]:
    """Every indexed article with its title, date, where the date came from and its size."""
    counts = Counter(s.source for s in read_records(settings.index, SENTENCES, Sentence))
    return [
        ArticleListing(
            source=a.source,
            title=a.title,
            date=a.date,
            date_source=a.date_source,
            date_stated=a.date_stated,
            sentences=counts[a.source],
            text_source=a.text_source,
        )
        for a in read_records(settings.index, ARTICLES, Article)
    ]


def article_text(settings: Settings, source: str) -> str:
    """The text that the offsets of `source` count in: kept in the index, or the file's own."""
    articles = {a.source: a for a in read_records(settings.index, ARTICLES, Article)}
    if source not in articles:
        raise ConfigError(
            f"{source} is not in the index in {settings.index}; `qa --list` names those that are"
        )
    stored = read_stored_text(settings.index, source)
    if stored is not None:
        return stored
    path = settings.corpus / source
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CorpusError(f"cannot read {path}: {error}") from error
    if hash_text(text) != articles[source].content_hash:
        log.warning("%s changed since the index was built; run `qa --rebuild`", source)
    return text

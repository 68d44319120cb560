"""What the index holds, for people: the text an article's offsets count in.

Reads the index files only; never loads the model, torch or FAISS.
"""

import logging

from qa.errors import ConfigError, CorpusError
from qa.ingest import hash_text
from qa.models import Article
from qa.settings import Settings
from qa.store import read_records, read_stored_text

log = logging.getLogger(__name__)


def article_text(settings: Settings, source: str) -> str:
    """The text that the offsets of `source` count in: kept in the index, or the file's own."""
    articles = {a.source: a for a in read_records(settings.index, "articles.jsonl", Article)}
    if source not in articles:
        raise ConfigError(f"{source} is not in the index in {settings.index}")
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

"""Tell whether the index still matches the corpus and the model, reading as little as possible.

Every corpus file's size and modification time are recorded beside its hash; on start only the
files whose stat changed are read and hashed again. Nothing here imports the segmenter or the
build code, so a query on a fresh index never loads them.
"""

from pathlib import Path
from stat import S_ISREG

from qa.decode import UnreadableFileError, read_text_file
from qa.embed import model_fingerprint
from qa.entities import ner_model_name
from qa.errors import IndexMissingError
from qa.ingest import ARTICLE_SUFFIXES, hash_text, is_link_out_of
from qa.models import FileStat, Manifest
from qa.settings import Settings
from qa.store import FORMAT_VERSION, read_format_version, read_manifest


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
    if not is_corpus_unchanged(settings.corpus, manifest):
        return "the corpus changed"
    return None


def is_corpus_unchanged(corpus: Path, manifest: Manifest) -> bool:
    """Whether the corpus holds the files the index was built from, with the same content.

    A file whose stat is unchanged is not read; another is decoded and hashed (the hash the
    build records), never parsed. A file that cannot be read, new or not, is one the build
    skips, so it changes nothing."""
    stats = stat_corpus(corpus)
    if not manifest.files.keys() <= stats.keys():
        return False
    for source, stat in stats.items():
        if manifest.file_stats.get(source) == stat:
            continue
        try:
            content_hash: str | None = hash_text(read_text_file(corpus / source).text)
        except UnreadableFileError:
            content_hash = None
        if content_hash != manifest.files.get(source):
            return False
    return True


def stat_corpus(corpus: Path) -> dict[str, FileStat]:
    """Size and modification time of every file the build would read, by relative path."""
    stats = {}
    for path in corpus.rglob("*"):
        relative = path.relative_to(corpus)
        if (
            path.suffix.lower() not in ARTICLE_SUFFIXES
            or any(part.startswith(".") for part in relative.parts)
            or is_link_out_of(corpus, path)
        ):
            continue
        try:
            found = path.stat()
        except OSError:
            continue  # gone or unreadable: the listing then differs and the hashes decide
        if S_ISREG(found.st_mode):
            stats[relative.as_posix()] = FileStat(size=found.st_size, mtime_ns=found.st_mtime_ns)
    return stats


def stable_stats(before: dict[str, FileStat], after: dict[str, FileStat]) -> dict[str, FileStat]:
    """Stats unchanged while the build read the files; the others are hashed again next time."""
    return {source: stat for source, stat in after.items() if before.get(source) == stat}

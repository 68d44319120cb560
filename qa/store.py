"""The index on disk: vector stores, sentences and articles as JSON Lines, a manifest.

Layout under the index folder:

    CURRENT            name of the build folder in use, replaced atomically
    build-<id>/        manifest.json, articles.jsonl, sentences.jsonl,
                       sentences.npy and contexts.npy (exact search), or
                       sentences.faiss and contexts.faiss (HNSW, large corpora),
                       texts.jsonl (texts of articles decoded or extracted from their files)
    onnx/<model>/      the embedding model's ONNX export, shared by builds

A rebuild writes a new build folder and only then points CURRENT at it, so an interrupted rebuild
leaves the previous index in use. Writers take `.lock` while they write and clean up, so two
rebuilds never remove each other's folders; only folders named as qa names them are removed.
No pickle anywhere.
"""

import contextlib
import fcntl
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from qa.embed import Vectors
from qa.errors import IndexMismatchError, IndexMissingError, IndexWriteError
from qa.models import Article, Manifest, Sentence, StoredText
from qa.vectors import build_store, load_store, store_path

FORMAT_VERSION = 3
"""2: vector stores picked by size (qa.vectors), exact ones as .npy matrices; 3: sentences carry
their named entities."""
POINTER = "CURRENT"
LOCK = ".lock"
VECTOR_SETS = ("sentences", "contexts")
TEXTS = "texts.jsonl"
Record = TypeVar("Record", bound=BaseModel)
BUILD_NAME = re.compile(r"build-\d{8}T\d{6}-[0-9a-f]{8}")
DEBRIS_NAME = re.compile(rf"\.(?:{BUILD_NAME.pattern}\.partial|{POINTER}\.{BUILD_NAME.pattern})")


class StoredIndex(BaseModel):
    """Everything a search needs, read back from disk."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    manifest: Manifest
    articles: dict[str, Article]
    sentences: list[Sentence]
    sentence_vectors: Any
    """VectorStore (qa.vectors) of the sentences alone."""
    context_vectors: Any
    """VectorStore of each sentence with its title and neighbours."""


def read_manifest(index_dir: Path) -> Manifest:
    """The manifest of the index in use; IndexMissingError when none was built."""
    text = _manifest_text(index_dir)
    try:
        return Manifest.model_validate_json(text)
    except ValueError as error:
        raise IndexMismatchError(
            f"index in {index_dir} is unreadable ({error.__class__.__name__}); run `qa --rebuild`"
        ) from error


def read_format_version(index_dir: Path) -> int | None:
    """The format version the index in use was written in, read before anything else of it, so
    that an index written by another qa is rebuilt rather than misread; None if unreadable."""
    try:
        version = json.loads(_manifest_text(index_dir)).get("format_version")
    except (ValueError, AttributeError):
        return None
    return version if isinstance(version, int) else None


def _manifest_text(index_dir: Path) -> str:
    build_dir = current_build(index_dir)
    try:
        return (build_dir / "manifest.json").read_text("utf-8")
    except (OSError, ValueError) as error:
        raise IndexMismatchError(
            f"index in {index_dir} is unreadable ({error.__class__.__name__}); run `qa --rebuild`"
        ) from error


def current_build(index_dir: Path) -> Path:
    """The build folder CURRENT points at."""
    pointer = index_dir / POINTER
    if not pointer.is_file():
        raise IndexMissingError(f"no index in {index_dir}; run `qa --rebuild`")
    try:
        name = pointer.read_text("utf-8").strip()
    except (OSError, ValueError) as error:
        raise IndexMismatchError(
            f"index in {index_dir} is unreadable ({error.__class__.__name__}); run `qa --rebuild`"
        ) from error
    build_dir = index_dir / name
    if not BUILD_NAME.fullmatch(name) or not build_dir.is_dir():
        raise IndexMismatchError(f"index in {index_dir} is incomplete; run `qa --rebuild`")
    return build_dir


def check_writable(index_dir: Path) -> None:
    """Fail now, not after minutes of embedding, when the index folder cannot be written."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        probe = index_dir / f".probe-{uuid.uuid4().hex[:8]}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise _write_error(index_dir, error) from error


def write_index(
    index_dir: Path,
    manifest: Manifest,
    articles: list[Article],
    sentences: list[Sentence],
    vectors: dict[str, Vectors],
    texts: list[StoredText] | None = None,
) -> None:
    """Write a complete build beside the current one, then switch to it atomically.

    `texts` are the decoded or extracted texts that offsets of some articles count in."""
    build_name = f"build-{manifest.built_at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    staging = index_dir / f".{build_name}.partial"
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        with _locked(index_dir):
            _write_files(staging, manifest, articles, sentences, vectors)
            _write_lines(staging / TEXTS, (t.model_dump_json() for t in texts or []))
            staging.rename(index_dir / build_name)
            pointer_tmp = index_dir / f".{POINTER}.{build_name}"
            pointer_tmp.write_text(build_name, "utf-8")
            os.replace(pointer_tmp, index_dir / POINTER)
            _remove_old_builds(index_dir, keep=build_name)
    except OSError as error:
        raise _write_error(index_dir, error) from error


def _write_error(index_dir: Path, error: OSError) -> IndexWriteError:
    return IndexWriteError(f"cannot write the index to {index_dir}: {error.strerror}")


@contextlib.contextmanager
def _locked(index_dir: Path) -> Iterator[None]:
    with (index_dir / LOCK).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write_files(
    staging: Path,
    manifest: Manifest,
    articles: list[Article],
    sentences: list[Sentence],
    vectors: dict[str, Vectors],
) -> None:
    staging.mkdir()
    try:
        for name in VECTOR_SETS:
            store = build_store(manifest.vector_index, vectors[name])
            store.save(store_path(staging, name, manifest.vector_index))
        # Generators: the JSON of the whole corpus is never held at once.
        _write_lines(staging / "articles.jsonl", (a.model_dump_json() for a in articles))
        _write_lines(staging / "sentences.jsonl", (s.model_dump_json() for s in sentences))
        (staging / "manifest.json").write_text(manifest.model_dump_json(indent=2), "utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write_lines(path: Path, lines: Iterable[str]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(line + "\n")


def _remove_old_builds(index_dir: Path, keep: str) -> None:
    """Drop qa's builds no longer pointed at, and debris of interrupted ones; nothing else."""
    for path in index_dir.iterdir():
        is_ours = BUILD_NAME.fullmatch(path.name) or DEBRIS_NAME.fullmatch(path.name)
        if is_ours and path.name != keep:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()


def load_index(index_dir: Path) -> StoredIndex:
    """Read the index in use; IndexMissingError or IndexMismatchError if it cannot be used."""
    manifest = read_manifest(index_dir)
    if manifest.format_version != FORMAT_VERSION:
        raise IndexMismatchError(
            f"index in {index_dir} has format {manifest.format_version}, this qa reads "
            f"{FORMAT_VERSION}; run `qa --rebuild`"
        )
    build_dir = current_build(index_dir)
    try:
        articles = [
            Article.model_validate_json(line)
            for line in (build_dir / "articles.jsonl").read_text("utf-8").splitlines()
        ]
        sentences = [
            Sentence.model_validate_json(line)
            for line in (build_dir / "sentences.jsonl").read_text("utf-8").splitlines()
        ]
        kind = manifest.vector_index
        vector_sets = {
            name: load_store(kind, store_path(build_dir, name, kind)) for name in VECTOR_SETS
        }
    except (OSError, ValueError, RuntimeError) as error:
        raise IndexMismatchError(
            f"index in {index_dir} is unreadable ({error.__class__.__name__}); run `qa --rebuild`"
        ) from error
    if any(v.count() != len(sentences) for v in vector_sets.values()):
        raise IndexMismatchError(f"index in {index_dir} is inconsistent; run `qa --rebuild`")
    return StoredIndex(
        manifest=manifest,
        articles={a.source: a for a in articles},
        sentences=sentences,
        sentence_vectors=vector_sets["sentences"],
        context_vectors=vector_sets["contexts"],
    )


def read_stored_text(index_dir: Path, source: str) -> str | None:
    """The text kept in the index for `source`, or None when its offsets count in the file."""
    for stored in read_records(index_dir, TEXTS, StoredText, is_optional=True):
        if stored.source == source:
            return stored.text
    return None


def read_records(
    index_dir: Path, name: str, model: type[Record], *, is_optional: bool = False
) -> list[Record]:
    """The records of one JSON Lines file of the index in use, without loading any vectors."""
    path = current_build(index_dir) / name
    try:
        return [model.model_validate_json(line) for line in path.read_text("utf-8").splitlines()]
    except FileNotFoundError:
        if is_optional:
            return []
        raise IndexMismatchError(
            f"index in {index_dir} is incomplete; run `qa --rebuild`"
        ) from None
    except (OSError, ValueError) as error:
        raise IndexMismatchError(
            f"index in {index_dir} is unreadable ({error.__class__.__name__}); run `qa --rebuild`"
        ) from error

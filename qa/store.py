"""The index on disk: vector stores, sentences and articles as JSON Lines, a manifest.

Layout under the index folder:

    CURRENT            name of the build folder in use, replaced atomically
    .lock              held (flock) by the one build running; others wait for it
    build-<id>/        manifest.json, articles.jsonl, sentences.jsonl,
                       sentences.npy and contexts.npy (the vectors), and for large
                       corpora sentences.faiss and contexts.faiss (FAISS inverted files),
                       texts.jsonl (texts of articles decoded or extracted from their files),
                       lexical/ (BM25 and term tables, qa.lexical),
                       checksums.json (size and sha256 of every other file, written last)
    onnx/<model>/      the embedding model's ONNX export, shared by builds

A rebuild writes a new build folder and only then points CURRENT at it, so an interrupted rebuild
leaves the previous index in use, and a failed one removes what it wrote. A reader resolves
CURRENT once and reads every file from that one build folder, so it sees the old index or the new
one, never a mix; if a rebuild removes the old folder before the reader opened its files, the
reader starts again from the new CURRENT. Only folders named as qa names them are removed.

Damage is found by checksums: the manifest and the JSON Lines files are checked whenever they are
read (they are read whole anyway); the other files (vectors, texts) on every load while they total
at most VERIFY_ON_LOAD_BYTES (sha256 reads about 800 MB/s here, so 64 MiB costs about 80 ms; above
that, only their sizes are checked on load); every file by `verify_index` (`qa --stats`). Ranking
refuses scores that are not finite, which damaged vectors too large to hash on load give.
No pickle anywhere.
"""

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from qa.embed import Vectors
from qa.errors import IndexDamagedError, IndexMismatchError, IndexMissingError, IndexWriteError
from qa.lexical import ARRAYS, LEXICAL_DIR, VOCABULARY, LexicalTables
from qa.models import Article, Manifest, Sentence, StoredText
from qa.vectors import build_store, load_store, store_path

FORMAT_VERSION = 30
"""2: vector stores picked by size (qa.vectors), exact ones as .npy matrices; 3: sentences carry
their named entities; 4: lexical tables computed at build time, checksums.json; 5: HNSW graphs
over 8-bit codes, their float vectors in a .npy beside them; 6: inverted files (IVF) over 8-bit
codes instead of HNSW graphs, their parameters in the manifest; 7: irregular forms matched as
their base ("led" as "lead"), their table in the lexical vocabulary; 8: "The Scot, 52, ..." refers
back to the name before it, like "The 52-year-old"; 9: a paragraph's opening refers back to the
sentence ending the paragraph before; 10: it refers to a person's role too ("Mayor" of "Mayor
Dolores Keane"); 11: a stop word ("before", "during") ends a role; 12: a description ("the
bridge") refers to the latest name with its head noun ("Brennick Bridge"); 13: that head is one
of the description's first two words, and a caption's names are not described; 14: a quote
whose speaker is a pronoun refers back, a person's surname brings the full name and the roles
the article gave them, and a description also means the name a sentence put its noun before
("launch company Kestrix") or set off after it ("The satellite, Aurora-2, ..."); 15: each term's
commonest word embedded, for near words of a question's unknown ones (qa.neighbours); 16: an
article says where its title was read, so one made of its opening words is not a headline; 17: a
person's role read before their name keeps the capitalised words naming whose it is ("Kolstad
Textiles" of "Kolstad Textiles chief executive"); 18: a headline may end in "?" or "!"; 19: a
role read before a name stops at a month or a weekday, and a dateline's dash opens a sentence; 20:
a hard-wrapped file's sentences run across its line breaks (qa.wrapping); 21: the corpus's words are
listed, for reading a question's misspelt words as them (qa.spelling); 22: with their spellings as
written, and its names of several words by their initials, for reading an acronym it never
writes as the name; 23: an acronym's plural ("NGOs") is the acronym's term, and the names an
acronym may stand for include the NER model's (inside longer runs of capitalised words); 24: with
how many sentences define each as an acronym ("European Union (EU)"); 25: "1,3" is two numbers,
and a unit's abbreviations and spellings are one term ("km", "kilometres", "kilometers"); 26: an
abbreviation only in lowercase ("CM" is no centimetre); 27: with the terms the NER model tagged a
place or a people on their own (lexical/place_names.npy); 28: a quote whose speaker is a
description refers back ("...," the 63-year-old told local radio); 29: only one by an age
("the 49ers said" does not); 30: with the terms the NER model tagged inside a name
(lexical/in_names.npy)."""
POINTER = "CURRENT"
LOCK = ".lock"
LOCK_POLL_S = 0.2
VECTOR_SETS = ("sentences", "contexts")
TEXTS = "texts.jsonl"
ARTICLES = "articles.jsonl"
SENTENCES = "sentences.jsonl"
MANIFEST = "manifest.json"
CHECKSUMS = "checksums.json"
DIGEST = "sha256"
VERIFY_ON_LOAD_BYTES = 64 * 2**20
"""The files a load does not parse (vectors, texts) are hashed on every load up to this total
size (about 21,000 sentences of vectors); above it, only their sizes are checked."""
LOAD_ATTEMPTS = 3
"""A reader starts again this many times when rebuilds remove the build it was reading."""
log = logging.getLogger(__name__)
Record = TypeVar("Record", bound=BaseModel)
Result = TypeVar("Result")
BUILD_NAME = re.compile(r"build-\d{8}T\d{6}-[0-9a-f]{8}")
DEBRIS_NAME = re.compile(
    rf"\.(?:{BUILD_NAME.pattern}\.partial|{POINTER}\.{BUILD_NAME.pattern}|probe-[0-9a-f]{{8}})"
)


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
    lexical: Any
    """LexicalTables (qa.lexical) of the sentences."""


class FileSum(BaseModel):
    """Size and digest of one file of a build, as its build wrote it."""

    model_config = ConfigDict(frozen=True)

    size: int
    sha256: str


class Checksums(BaseModel):
    """The contents of checksums.json: every other file of the build folder."""

    model_config = ConfigDict(frozen=True)

    files: dict[str, FileSum]


def read_manifest(index_dir: Path) -> Manifest:
    """The manifest of the index in use, checked against its checksum; IndexMissingError when
    none was built, IndexMismatchError (or IndexDamagedError) when it cannot be used."""
    return _in_current_build(
        index_dir,
        lambda build_dir: _read_manifest(
            index_dir, build_dir, _read_checksums(index_dir, build_dir)
        ),
    )


def read_format_version(index_dir: Path) -> int | None:
    """The format version the index in use was written in, read before anything else of it, so
    that an index written by another qa is rebuilt rather than misread; None if unreadable."""
    path = current_build(index_dir) / MANIFEST
    try:
        version = json.loads(path.read_bytes()).get("format_version")
    except OSError as error:
        raise _unreadable(index_dir, error) from error
    except (ValueError, AttributeError):
        return None
    return version if isinstance(version, int) else None


def _read_manifest(index_dir: Path, build_dir: Path, sums: dict[str, FileSum]) -> Manifest:
    data = _verified_bytes(index_dir, build_dir, sums, MANIFEST)
    try:
        return Manifest.model_validate_json(data)
    except ValueError as error:
        raise _unreadable(index_dir, error) from error


def _read_checksums(index_dir: Path, build_dir: Path) -> dict[str, FileSum]:
    try:
        return Checksums.model_validate_json((build_dir / CHECKSUMS).read_bytes()).files
    except FileNotFoundError:
        raise _damaged(index_dir, f"{CHECKSUMS} is missing") from None
    except OSError as error:
        raise _unreadable(index_dir, error) from error
    except ValueError:
        raise _damaged(index_dir, f"{CHECKSUMS} is unreadable") from None


def _verified_bytes(index_dir: Path, build_dir: Path, sums: dict[str, FileSum], name: str) -> bytes:
    """The content of one file of the build, checked against its recorded size and digest."""
    expected = _expected(index_dir, sums, name)
    try:
        data = (build_dir / name).read_bytes()
    except FileNotFoundError:
        raise _damaged(index_dir, f"{name} is missing") from None
    except OSError as error:
        raise _unreadable(index_dir, error) from error
    if len(data) != expected.size or hashlib.sha256(data).hexdigest() != expected.sha256:
        raise _damaged(index_dir, f"{name} differs from what its build wrote")
    return data


def _verify_file(
    index_dir: Path, build_dir: Path, sums: dict[str, FileSum], name: str, *, is_hashed: bool
) -> None:
    """Check one file's size, and its digest when `is_hashed`, without keeping its content."""
    expected = _expected(index_dir, sums, name)
    path = build_dir / name
    try:
        if path.stat().st_size != expected.size:
            raise _damaged(index_dir, f"{name} has another size than its build wrote")
        if is_hashed and _digest(path) != expected.sha256:
            raise _damaged(index_dir, f"{name} differs from what its build wrote")
    except FileNotFoundError:
        raise _damaged(index_dir, f"{name} is missing") from None
    except OSError as error:
        raise _unreadable(index_dir, error) from error


def _expected(index_dir: Path, sums: dict[str, FileSum], name: str) -> FileSum:
    if name not in sums:
        raise _damaged(index_dir, f"{name} has no checksum")
    return sums[name]


def _digest(path: Path) -> str:
    with path.open("rb") as data:
        return hashlib.file_digest(data, DIGEST).hexdigest()


def verify_index(index_dir: Path) -> None:
    """Check every file of the index in use against its checksum, whatever the index's size."""
    _in_current_build(index_dir, lambda build_dir: _verify_build(index_dir, build_dir))


def _verify_build(index_dir: Path, build_dir: Path) -> None:
    sums = _read_checksums(index_dir, build_dir)
    manifest = _read_manifest(index_dir, build_dir, sums)
    for name in sorted({*sums, *_required_files(index_dir, manifest)}):
        _verify_file(index_dir, build_dir, sums, name, is_hashed=True)


def _required_files(index_dir: Path, manifest: Manifest) -> list[str]:
    """The files every build of this format holds."""
    try:
        vectors = [store_path(Path(), name, manifest.vector_index).name for name in VECTOR_SETS]
    except KeyError:
        raise IndexMismatchError(
            f"index in {index_dir} has an unknown vector index type {manifest.vector_index!r}; "
            "run `qa --rebuild`"
        ) from None
    lexical = [f"{LEXICAL_DIR}/{name}.npy" for name in ARRAYS] + [f"{LEXICAL_DIR}/{VOCABULARY}"]
    return [MANIFEST, ARTICLES, SENTENCES, TEXTS, *vectors, *lexical]


def _unreadable(index_dir: Path, error: Exception) -> IndexMismatchError:
    return IndexMismatchError(
        f"index in {index_dir} is unreadable ({error.__class__.__name__}); run `qa --rebuild`"
    )


def _damaged(index_dir: Path, problem: str) -> IndexDamagedError:
    return IndexDamagedError(f"index in {index_dir} is damaged: {problem}; run `qa --rebuild`")


def current_build(index_dir: Path) -> Path:
    """The build folder CURRENT points at."""
    pointer = index_dir / POINTER
    if not pointer.is_file():
        raise IndexMissingError(f"no index in {index_dir}; run `qa --rebuild`")
    try:
        name = pointer.read_text("utf-8").strip()
    except (OSError, ValueError) as error:
        raise _unreadable(index_dir, error) from error
    build_dir = index_dir / name
    if not BUILD_NAME.fullmatch(name) or not build_dir.is_dir():
        raise IndexMismatchError(f"index in {index_dir} is incomplete; run `qa --rebuild`")
    return build_dir


def check_writable(index_dir: Path) -> None:
    """Fail now, not after minutes of embedding, when the index folder cannot be written."""
    probe = index_dir / f".probe-{uuid.uuid4().hex[:8]}"
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        try:
            probe.write_bytes(b"")
        finally:
            with contextlib.suppress(FileNotFoundError):
                probe.unlink()
    except OSError as error:
        raise write_error(index_dir, error) from error


def write_index(
    index_dir: Path,
    manifest: Manifest,
    articles: list[Article],
    sentences: list[Sentence],
    vectors: dict[str, Vectors],
    lexical: LexicalTables,
    texts: list[StoredText] | None = None,
) -> None:
    """Write a complete build beside the current one, then switch to it atomically.

    Call it holding `index_lock`. `texts` are the decoded or extracted texts that offsets of some
    articles count in. If anything fails or interrupts it before the switch, what it wrote is
    removed and the previous index stays in use."""
    build_name = f"build-{manifest.built_at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    staging = index_dir / f".{build_name}.partial"
    pointer_tmp = index_dir / f".{POINTER}.{build_name}"
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        try:
            _write_files(staging, manifest, articles, sentences, vectors, lexical, texts or [])
            _write_checksums(staging)
            staging.rename(index_dir / build_name)
            pointer_tmp.write_text(build_name, "utf-8")
            _sync(pointer_tmp)
            os.replace(pointer_tmp, index_dir / POINTER)
            _sync(index_dir)
        except BaseException:
            _discard(index_dir, build_name)
            raise
    except OSError as error:
        raise write_error(index_dir, error) from error
    _remove_old_builds(index_dir, keep=build_name)


def write_error(index_dir: Path, error: OSError) -> IndexWriteError:
    """The one line for a failed write. numpy reports a short write on a full disk as an OSError
    with no errno ("8064 requested and 4968 written"), which says nothing to a user."""
    reason = error.strerror or f"a write stopped short ({error}); is the disk full?"
    return IndexWriteError(f"cannot write the index to {index_dir}: {reason}")


@contextlib.contextmanager
def index_lock(index_dir: Path, on_wait: Callable[[], None]) -> Iterator[None]:
    """Hold the index folder's lock, so one build at a time writes and cleans up.

    While another process holds it, says so once and waits, calling `on_wait` at each poll (it
    may raise to give up). The kernel drops the lock of a process that dies, so none goes stale.
    """
    try:
        lock = (index_dir / LOCK).open("a")
    except OSError as error:
        raise write_error(index_dir, error) from error
    with lock:
        if not _try_lock(lock.fileno()):
            log.warning("another qa is building the index in %s; waiting for it", index_dir)
            while not _try_lock(lock.fileno()):
                on_wait()
                time.sleep(LOCK_POLL_S)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _try_lock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _write_files(
    staging: Path,
    manifest: Manifest,
    articles: list[Article],
    sentences: list[Sentence],
    vectors: dict[str, Vectors],
    lexical: LexicalTables,
    texts: list[StoredText],
) -> None:
    staging.mkdir()
    for name in VECTOR_SETS:
        store = build_store(manifest.vector_index, vectors[name])
        store.save(store_path(staging, name, manifest.vector_index))
    # Both sets hold one vector per sentence, so their stores share their parameters.
    manifest = manifest.model_copy(update={"vector_parameters": store.parameters})
    lexical.save(staging / LEXICAL_DIR)
    # Generators: the JSON of the whole corpus is never held at once.
    _write_lines(staging / ARTICLES, (a.model_dump_json() for a in articles))
    _write_lines(staging / SENTENCES, (s.model_dump_json() for s in sentences))
    _write_lines(staging / TEXTS, (t.model_dump_json() for t in texts))
    (staging / MANIFEST).write_text(manifest.model_dump_json(indent=2), "utf-8")


def _write_checksums(staging: Path) -> None:
    """Record every file of the staged build (by its path under it, "lexical/vocabulary.json"),
    flushed to disk, then the record itself."""
    files = {}
    for path in sorted(staging.rglob("*")):
        if path.is_file():
            _sync(path)
            name = path.relative_to(staging).as_posix()
            files[name] = FileSum(size=path.stat().st_size, sha256=_digest(path))
    (staging / CHECKSUMS).write_text(Checksums(files=files).model_dump_json(indent=2), "utf-8")
    _sync(staging / CHECKSUMS)
    for folder in [*(p for p in staging.rglob("*") if p.is_dir()), staging]:
        _sync(folder)


def _sync(path: Path) -> None:
    """Flush a file or a folder's entries to disk, so a power cut cannot undo a rename's data."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _write_lines(path: Path, lines: Iterable[str]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(line + "\n")


def _discard(index_dir: Path, build_name: str) -> None:
    """Remove what an unfinished write left, unless CURRENT already names its build."""
    shutil.rmtree(index_dir / f".{build_name}.partial", ignore_errors=True)
    with contextlib.suppress(OSError):
        (index_dir / f".{POINTER}.{build_name}").unlink()
    if _pointed_at(index_dir) != build_name:
        shutil.rmtree(index_dir / build_name, ignore_errors=True)


def _pointed_at(index_dir: Path) -> str | None:
    try:
        return (index_dir / POINTER).read_text("utf-8").strip()
    except (OSError, ValueError):
        return None


def _remove_old_builds(index_dir: Path, keep: str) -> None:
    """Drop qa's builds no longer pointed at, and debris of interrupted ones; nothing else.

    The new index is in use by now: a failure here leaves a folder the next build removes."""
    try:
        for path in index_dir.iterdir():
            is_ours = BUILD_NAME.fullmatch(path.name) or DEBRIS_NAME.fullmatch(path.name)
            if is_ours and path.name != keep:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    with contextlib.suppress(FileNotFoundError):
                        path.unlink()
    except OSError as error:
        log.warning("could not remove an old build in %s: %s", index_dir, error)


def load_index(index_dir: Path) -> StoredIndex:
    """Read the index in use; IndexMissingError or IndexMismatchError if it cannot be used.

    Every file comes from the one build CURRENT names (see `_in_current_build`)."""
    return _in_current_build(index_dir, lambda build_dir: _load_build(index_dir, build_dir))


def _in_current_build(index_dir: Path, read: Callable[[Path], Result]) -> Result:
    """`read(build_dir)` of the build CURRENT names, read again from the new build if a rebuild
    swapped one in and removed the old one meanwhile: never a mix of two builds."""
    build_dir = current_build(index_dir)
    for _ in range(LOAD_ATTEMPTS - 1):
        try:
            return read(build_dir)
        except IndexMismatchError:
            newer = current_build(index_dir)
            if newer == build_dir:
                raise
            build_dir = newer
    return read(build_dir)


def _load_build(index_dir: Path, build_dir: Path) -> StoredIndex:
    sums = _read_checksums(index_dir, build_dir)
    manifest = _read_manifest(index_dir, build_dir, sums)
    if manifest.format_version != FORMAT_VERSION:
        raise IndexMismatchError(
            f"index in {index_dir} has format {manifest.format_version}, this qa reads "
            f"{FORMAT_VERSION}; run `qa --rebuild`"
        )
    kind = manifest.vector_index
    # Every other file of the build, whether this load reads it or a later command does.
    others = sorted(
        {*sums, *_required_files(index_dir, manifest)} - {MANIFEST, ARTICLES, SENTENCES}
    )
    is_hashed = sum(sums[name].size for name in others if name in sums) <= VERIFY_ON_LOAD_BYTES
    for name in others:
        _verify_file(index_dir, build_dir, sums, name, is_hashed=is_hashed)
    articles = _parse_lines(
        index_dir, _verified_bytes(index_dir, build_dir, sums, ARTICLES), Article
    )
    sentences = _parse_lines(
        index_dir, _verified_bytes(index_dir, build_dir, sums, SENTENCES), Sentence
    )
    try:
        vector_sets = {
            name: load_store(kind, store_path(build_dir, name, kind)) for name in VECTOR_SETS
        }
        lexical = LexicalTables.load(build_dir / LEXICAL_DIR)
    except (OSError, ValueError, RuntimeError) as error:
        raise _unreadable(index_dir, error) from error
    counts = [v.count() for v in vector_sets.values()] + [lexical.sentence_bm25.document_count]
    if any(count != len(sentences) for count in counts):
        raise IndexMismatchError(f"index in {index_dir} is inconsistent; run `qa --rebuild`")
    return StoredIndex(
        manifest=manifest,
        articles={a.source: a for a in articles},
        sentences=sentences,
        sentence_vectors=vector_sets["sentences"],
        context_vectors=vector_sets["contexts"],
        lexical=lexical,
    )


def _parse_lines(index_dir: Path, data: bytes, model: type[Record]) -> list[Record]:
    """Records of a JSON Lines file. Split on "\\n" only: JSON leaves U+2028 and NEL unescaped,
    and str.splitlines would split a sentence holding them."""
    try:
        lines = data.decode("utf-8").split("\n")
        return [model.model_validate_json(line) for line in lines if line]
    except ValueError as error:
        raise _unreadable(index_dir, error) from error


def read_stored_text(index_dir: Path, source: str) -> str | None:
    """The text kept in the index for `source`, or None when its offsets count in the file."""
    for stored in read_records(index_dir, TEXTS, StoredText, is_optional=True):
        if stored.source == source:
            return stored.text
    return None


def read_records(
    index_dir: Path, name: str, model: type[Record], *, is_optional: bool = False
) -> list[Record]:
    """The records of one JSON Lines file of the index in use (checked against its checksum),
    without loading any vectors; [] for an optional file its build did not write."""

    def read(build_dir: Path) -> list[Record]:
        sums = _read_checksums(index_dir, build_dir)
        if is_optional and name not in sums:
            return []
        return _parse_lines(index_dir, _verified_bytes(index_dir, build_dir, sums, name), model)

    return _in_current_build(index_dir, read)

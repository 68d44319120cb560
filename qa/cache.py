"""Per-text work kept between builds, keyed by the text and the model that did it, so a rebuild
splits, embeds and tags only new or changed text.

Layout under the index folder:

    cache/embeddings/<model fingerprint>/part-<id>.npz   keys (sha256 of each text embedded,
                                                        uint8 N x 32), vectors (float32 N x dim)
    cache/entities/<NER model>/part-<id>.npz            keys (sha256 of each paragraph tagged),
                                                        counts (entities per paragraph), starts,
                                                        ends (offsets in the paragraph), labels
    cache/sentences/<splitter version>/part-<id>.npz    the same without labels: each paragraph's
                                                        sentences

Each part is written to a temporary name and renamed into place, so an interrupted build leaves
only whole parts: the texts it split, embedded or tagged before the interruption are not done
again.
After a build, the cache is rewritten as parts holding exactly the texts that build used, and
every other part and model folder is removed. Plain arrays, read with `allow_pickle=False`; no
pickle.
"""

import contextlib
import hashlib
import logging
import os
import shutil
import uuid
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt

from qa.embed import Encoder, Vectors
from qa.entities import SpanRow

log = logging.getLogger(__name__)

CACHE_DIR = "cache"
EMBEDDINGS = "embeddings"
ENTITIES = "entities"
SENTENCES = "sentences"
FLUSH_TEXTS = 4096
"""Newly embedded texts are saved after every this many, so an interruption loses at most these
(about a minute of embedding on two cores)."""
FLUSH_PARAGRAPHS = 512
"""Newly tagged or split paragraphs are saved after every this many (well under a minute)."""
PART_ROWS = 65_536
"""Rows per part when the cache is rewritten after a build: the copy made to write a part stays
this small (100 MB of 384-d vectors) however large the corpus."""
KEY_BYTES = 32

Arrays = dict[str, npt.NDArray[Any]]
Row = TypeVar("Row", bound=tuple[Any, ...])


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def key_array(keys: Sequence[bytes]) -> npt.NDArray[np.uint8]:
    return np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(len(keys), KEY_BYTES)


class PartFolder:
    """One model's folder of parts under `cache/<kind>/`, each part written whole or not at all."""

    def __init__(self, index_dir: Path, kind: str, model: str) -> None:
        self.root = index_dir / CACHE_DIR
        self.folder = self.root / kind / model

    def read(self) -> Iterator[Arrays]:
        """The arrays of every readable part; a damaged part is skipped (its texts are redone)."""
        for part in sorted(self.folder.glob("part-*.npz")):
            try:
                with np.load(part, allow_pickle=False) as stored:
                    arrays = {name: stored[name] for name in stored.files}
            except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
                log.debug("ignoring cache part %s: %s", part, error)
                continue
            keys = arrays.get("keys")
            if keys is not None and keys.ndim == 2 and keys.shape[1] == KEY_BYTES:
                yield arrays

    def write(self, arrays: Arrays) -> Path:
        """Save one part under a new name, whole or not at all."""
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"part-{uuid.uuid4().hex}.npz"
        temporary = self.folder / f".{name}.tmp"
        try:
            with temporary.open("wb") as out:
                np.savez(out, allow_pickle=False, **arrays)
            os.replace(temporary, self.folder / name)
        except BaseException:
            # A full disk or Ctrl-C leaves no half-written part behind.
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
        return self.folder / name

    def remove_all_but(self, kept: set[Path]) -> None:
        """Remove every part not in `kept`, debris of interrupted writes, other models' folders
        of this kind, and folders of an earlier cache layout."""
        for path in [*self.folder.glob("part-*.npz"), *self.folder.glob(".part-*.tmp")]:
            if path not in kept:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
        for other in self.folder.parent.iterdir():
            if other != self.folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
        for other in self.root.iterdir():
            if other.name not in (EMBEDDINGS, ENTITIES, SENTENCES) and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)


class EmbeddingCache:
    """The cached vectors of one model, loaded from the index folder."""

    def __init__(self, index_dir: Path, fingerprint: str, dimension: int) -> None:
        self.parts = PartFolder(index_dir, EMBEDDINGS, fingerprint)
        self.dimension = dimension
        self.vectors: dict[bytes, Vectors] = {}
        self.used: dict[bytes, None] = {}
        """Keys of the texts this build asked for, in order: what the cache keeps after it."""
        self.embedded = 0
        for arrays in self.parts.read():
            keys, vectors = arrays["keys"], arrays.get("vectors")
            if vectors is None or vectors.shape != (len(keys), dimension):
                continue
            for key, vector in zip(keys, vectors, strict=True):
                self.vectors[key.tobytes()] = vector

    def count_missing(self, texts: Iterable[str]) -> int:
        """How many distinct texts among `texts` are not cached."""
        return len({k for k in map(text_key, texts) if k not in self.vectors})

    def embed_into(
        self,
        encoder: Encoder,
        texts: Sequence[str],
        out: Vectors,
        rows: Sequence[int],
        on_embedded: Callable[[int], None] | None = None,
    ) -> None:
        """Put the vector of `texts[i]` in `out[rows[i]]`, embedding only texts not cached.

        `on_embedded(n)` is told how many texts this cache has embedded so far. A new vector is
        kept as a view of `out`, so the cache holds no second copy of what this build embeds."""
        keys = [text_key(t) for t in texts]
        self.used.update(dict.fromkeys(keys))
        new = list({k: t for k, t in zip(keys, texts, strict=True) if k not in self.vectors})
        wording = dict(zip(keys, texts, strict=True))
        fresh: dict[bytes, Vectors] = {}
        for first in range(0, len(new), FLUSH_TEXTS):
            batch = new[first : first + FLUSH_TEXTS]
            vectors = encoder.encode(
                [wording[k] for k in batch], _counting_from(self.embedded, on_embedded)
            )
            self.parts.write({"keys": key_array(batch), "vectors": vectors})
            self.embedded += len(batch)
            fresh.update(zip(batch, vectors, strict=True))
        for key, row in zip(keys, rows, strict=True):
            out[row] = fresh[key] if key in fresh else self.vectors[key]
            if key in fresh:
                self.vectors[key] = out[row]
                del fresh[key]

    def keep_only_used(self) -> None:
        """Prune the cache to the vectors this build used: no other text, no other model."""
        self.vectors = {k: self.vectors[k] for k in self.used if k in self.vectors}
        keys = list(self.vectors)
        kept = set()
        for first in range(0, len(keys), PART_ROWS):
            batch = keys[first : first + PART_ROWS]
            vectors = np.stack([self.vectors[k] for k in batch]) if batch else self._no_vectors()
            kept.add(self.parts.write({"keys": key_array(batch), "vectors": vectors}))
        if not keys:
            kept.add(self.parts.write({"keys": key_array([]), "vectors": self._no_vectors()}))
        self.parts.remove_all_but(kept)

    def _no_vectors(self) -> Vectors:
        return np.zeros((0, self.dimension), dtype=np.float32)


class ParagraphCache(ABC, Generic[Row]):
    """Rows of spans found in each paragraph by one model (a tagger, a sentence splitter), keyed
    by the paragraph's text, loaded from the index folder."""

    def __init__(self, index_dir: Path, kind: str, model: str) -> None:
        self.parts = PartFolder(index_dir, kind, model)
        self.found: dict[bytes, tuple[Row, ...]] = {}
        self.used: dict[bytes, None] = {}
        """Keys of the paragraphs this build asked for: what the cache keeps after it."""
        self.done = 0
        for arrays in self.parts.read():
            with contextlib.suppress(KeyError, ValueError):
                self.found.update(self._rows_of(arrays))

    def count_missing(self, texts: Iterable[str]) -> int:
        """How many distinct texts among `texts` are not cached."""
        return len(self.missing(texts))

    def missing(self, texts: Iterable[str]) -> list[str]:
        """The distinct texts among `texts` that are not cached, in order."""
        return list({t: None for t in texts if text_key(t) not in self.found})

    def find(
        self,
        find_rows: Callable[[list[str]], Iterable[Sequence[Row]]],
        texts: Sequence[str],
        on_done: Callable[[int], None] | None = None,
    ) -> list[tuple[Row, ...]]:
        """The rows of each of `texts`, running `find_rows` only on texts not cached;
        `on_done(n)` is told how many texts this cache has worked through so far."""
        keys = [text_key(t) for t in texts]
        self.used.update(dict.fromkeys(keys))
        new = list({k: t for k, t in zip(keys, texts, strict=True) if k not in self.found})
        wording = dict(zip(keys, texts, strict=True))
        for first in range(0, len(new), FLUSH_PARAGRAPHS):
            batch = new[first : first + FLUSH_PARAGRAPHS]
            found = [tuple(rows) for rows in find_rows([wording[k] for k in batch])]
            self.parts.write(self._arrays(batch, found))
            self.found.update(zip(batch, found, strict=True))
            self.done += len(batch)
            if on_done is not None:
                on_done(self.done)
        return [self.found[k] for k in keys]

    def keep_only_used(self) -> None:
        """Prune the cache to the paragraphs this build used: no other text, no other model."""
        keys = [k for k in self.used if k in self.found]
        kept = self.parts.write(self._arrays(keys, [self.found[k] for k in keys]))
        self.found = {k: self.found[k] for k in keys}
        self.parts.remove_all_but({kept})

    def _arrays(self, keys: Sequence[bytes], found: Sequence[tuple[Row, ...]]) -> Arrays:
        rows = [row for spans in found for row in spans]
        return {
            "keys": key_array(keys),
            "counts": np.array([len(spans) for spans in found], dtype=np.int32),
            "starts": np.array([r[0] for r in rows], dtype=np.int32),
            "ends": np.array([r[1] for r in rows], dtype=np.int32),
            **self._more_columns(rows),
        }

    def _more_columns(self, rows: Sequence[Row]) -> Arrays:
        """Columns beyond the offsets, one value per row."""
        return {}

    def _rows_of(self, arrays: Arrays) -> dict[bytes, tuple[Row, ...]]:
        keys, counts, starts, ends = (arrays[k] for k in ("keys", "counts", "starts", "ends"))
        is_whole = (
            all(a.dtype.kind == "i" for a in (counts, starts, ends))
            and len(counts) == len(keys)
            and len(starts) == len(ends) == counts.sum()
            and bool(np.all(counts >= 0) and np.all(starts >= 0) and np.all(starts <= ends))
        )
        if not is_whole:
            raise ValueError("inconsistent part")
        rows = self._rows(starts.tolist(), ends.tolist(), arrays)
        bounds = np.concatenate([[0], np.cumsum(counts)]).tolist()
        return {key.tobytes(): tuple(rows[bounds[i] : bounds[i + 1]]) for i, key in enumerate(keys)}

    @abstractmethod
    def _rows(self, starts: list[int], ends: list[int], arrays: Arrays) -> list[Row]:
        """The rows of a part, from its offsets and its other columns."""


class EntityCache(ParagraphCache[SpanRow]):
    """The entities of each paragraph tagged by one NER model."""

    def __init__(self, index_dir: Path, ner_model: str) -> None:
        super().__init__(index_dir, ENTITIES, ner_model)

    def _more_columns(self, rows: Sequence[SpanRow]) -> Arrays:
        # A fixed-width unicode array, not an object array: no pickle needed to read it back.
        return {"labels": np.array([r[2] for r in rows], dtype=np.str_)}

    def _rows(self, starts: list[int], ends: list[int], arrays: Arrays) -> list[SpanRow]:
        labels = arrays["labels"].tolist()
        return list(zip(starts, ends, labels, strict=True))


class SentenceCache(ParagraphCache[tuple[int, int]]):
    """The sentences of each paragraph as one splitter version found them: re-splitting is
    nearly all of reading a corpus again (qa.segment)."""

    def __init__(self, index_dir: Path, splitter: str) -> None:
        super().__init__(index_dir, SENTENCES, splitter)

    def _rows(self, starts: list[int], ends: list[int], arrays: Arrays) -> list[tuple[int, int]]:
        return list(zip(starts, ends, strict=True))


def _counting_from(
    offset: int, on_embedded: Callable[[int], None] | None
) -> Callable[[int, int], None] | None:
    if on_embedded is None:
        return None
    return lambda done, _: on_embedded(offset + done)


def batched_by_size(sizes: Sequence[int], limit: int) -> Iterator[list[int]]:
    """The numbers of `sizes`, in order, in groups whose sizes add up to at least `limit` (the
    last group may be smaller); a build works through articles in such batches."""
    batch: list[int] = []
    filled = 0
    for number, size in enumerate(sizes):
        batch.append(number)
        filled += size
        if filled >= limit:
            yield batch
            batch, filled = [], 0
    if batch:
        yield batch


def clear_cache(index_dir: Path) -> None:
    """Forget every cached sentence split, embedding and entity (`qa --rebuild --full`)."""
    shutil.rmtree(index_dir / CACHE_DIR, ignore_errors=True)

"""Embeddings kept between builds, keyed by the text embedded and the model, so a rebuild embeds
only new or changed text.

Layout under the index folder:

    cache/<model fingerprint>/part-<id>.npz    keys (sha256 of each text, uint8 N x 32) and
                                               vectors (float32 N x dimension)

Each part is written to a temporary name and renamed into place, so an interrupted build leaves
only whole parts: the texts it embedded before the interruption are not embedded again. After a
build, its texts are consolidated into one part and every other part and model folder is removed,
so the cache holds exactly what the index in use was built from. Plain arrays, read with
`allow_pickle=False`; no pickle.
"""

import contextlib
import hashlib
import logging
import os
import shutil
import uuid
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from qa.embed import Encoder, Vectors

log = logging.getLogger(__name__)

CACHE_DIR = "cache"
FLUSH_TEXTS = 4096
"""Newly embedded texts are saved after every this many, so an interruption loses at most these
(about a minute of embedding on two cores)."""
KEY_BYTES = 32


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


class EmbeddingCache:
    """The cached vectors of one model, loaded from the index folder."""

    def __init__(self, index_dir: Path, fingerprint: str, dimension: int) -> None:
        self.root = index_dir / CACHE_DIR
        self.folder = self.root / fingerprint
        self.dimension = dimension
        self.vectors: dict[bytes, Vectors] = {}
        for part in sorted(self.folder.glob("part-*.npz")):
            self._load_part(part)

    def _load_part(self, part: Path) -> None:
        try:
            with np.load(part, allow_pickle=False) as arrays:
                keys, vectors = arrays["keys"], arrays["vectors"]
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
            # A damaged part costs re-embedding its texts, never a failed build.
            log.debug("ignoring cache part %s: %s", part, error)
            return
        if keys.shape[1:] != (KEY_BYTES,) or vectors.shape != (len(keys), self.dimension):
            return
        for key, vector in zip(keys, vectors, strict=True):
            self.vectors[key.tobytes()] = vector

    def encode(
        self,
        encoder: Encoder,
        texts: Sequence[str],
        on_batch: Callable[[int, int], None] | None = None,
    ) -> Vectors:
        """Vectors for `texts`, embedding only those not cached; `on_batch(done, total)` counts
        the texts embedded."""
        keys = [text_key(t) for t in texts]
        missing = list({k: t for k, t in zip(keys, texts, strict=True) if k not in self.vectors})
        wording = dict(zip(keys, texts, strict=True))
        for first in range(0, len(missing), FLUSH_TEXTS):
            batch = missing[first : first + FLUSH_TEXTS]
            vectors = encoder.encode(
                [wording[k] for k in batch], _counting_from(first, len(missing), on_batch)
            )
            self._write_part(batch, vectors)
            self.vectors.update(zip(batch, vectors, strict=True))
        result = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, key in enumerate(keys):
            result[row] = self.vectors[key]
        return result

    def _write_part(self, keys: list[bytes], vectors: Vectors) -> Path:
        """Save `vectors` under a new name, whole or not at all."""
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"part-{uuid.uuid4().hex}.npz"
        temporary = self.folder / f".{name}.tmp"
        key_array = np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(len(keys), KEY_BYTES)
        try:
            with temporary.open("wb") as out:
                np.savez(out, keys=key_array, vectors=np.asarray(vectors, dtype=np.float32))
            os.replace(temporary, self.folder / name)
        except BaseException:
            # A full disk or Ctrl-C leaves no half-written part behind.
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
        return self.folder / name

    def keep_only(self, texts: Sequence[str]) -> None:
        """Prune the cache to the vectors of `texts`: one part, no other model's folder."""
        keys = [k for k in dict.fromkeys(map(text_key, texts)) if k in self.vectors]
        vectors = np.zeros((len(keys), self.dimension), dtype=np.float32)
        for row, key in enumerate(keys):
            vectors[row] = self.vectors[key]
        kept = self._write_part(keys, vectors)
        # Damaged parts and debris of interrupted writes go too.
        for path in [*self.folder.glob("part-*.npz"), *self.folder.glob(".part-*.tmp")]:
            if path != kept:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
        self.vectors = {k: self.vectors[k] for k in keys}
        for other in self.root.iterdir():
            if other != self.folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)


def _counting_from(
    offset: int, total: int, on_batch: Callable[[int, int], None] | None
) -> Callable[[int, int], None] | None:
    if on_batch is None:
        return None
    return lambda done, _: on_batch(offset + done, total)


def clear_cache(index_dir: Path) -> None:
    """Forget every cached embedding (`qa --rebuild --full`)."""
    shutil.rmtree(index_dir / CACHE_DIR, ignore_errors=True)

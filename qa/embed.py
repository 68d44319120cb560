"""Load the sentence-transformers model and turn texts into unit vectors."""

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from qa.errors import ModelLoadError

Vectors = npt.NDArray[np.float32]
BATCH_SIZE = 64
FINGERPRINT_FILES = ("config.json", "modules.json", "sentence_bert_config.json", "tokenizer.json")
WEIGHT_SUFFIXES = (".safetensors", ".bin", ".onnx")


def model_fingerprint(model_path: Path) -> str:
    """Identify a model folder by its configuration and weight sizes, without loading it."""
    if not (model_path / "config.json").is_file():
        raise ModelLoadError(
            f"{model_path} is not a sentence-transformers model folder (no config.json); "
            "set QA_MODEL to a local model folder"
        )
    digest = hashlib.sha256()
    for name in FINGERPRINT_FILES:
        path = model_path / name
        if path.is_file():
            digest.update(name.encode() + path.read_bytes())
    for path in sorted(model_path.rglob("*")):
        if path.suffix in WEIGHT_SUFFIXES:
            digest.update(f"{path.relative_to(model_path)}:{path.stat().st_size}".encode())
    return digest.hexdigest()


class Encoder:
    """A loaded embedding model; loading takes seconds, so load it once per process."""

    def __init__(self, model_path: Path) -> None:
        self.path = model_path
        self.fingerprint = model_fingerprint(model_path)
        self._model = _load_model(model_path)
        self._trim_heap = heap_trimmer()
        self.dimension = int(self._model.get_embedding_dimension())

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def transformer(self) -> Any:
        """The Hugging Face model under the pooling, for the ONNX export."""
        return self._model[0].auto_model

    def encode(
        self, texts: Sequence[str], on_batch: Callable[[int, int], None] | None = None
    ) -> Vectors:
        """Unit-length vectors for `texts`; `on_batch(done, total)` reports progress."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        # Batches of similar length waste less time on padding; longest first, as model.encode
        # orders them, so that each batch fits in the memory the one before it freed.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
        for first in range(0, len(order), BATCH_SIZE):
            batch = order[first : first + BATCH_SIZE]
            vectors[batch] = self._model.encode(
                [texts[i] for i in batch],
                batch_size=BATCH_SIZE,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            if on_batch is not None:
                on_batch(first + len(batch), len(texts))
        if self._trim_heap is not None and len(texts) > BATCH_SIZE:
            self._trim_heap(0)
        return vectors

    def encode_query(self, text: str) -> Vectors:
        vectors: Vectors = self.encode([text])[0]
        return vectors


def heap_trimmer() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, which gives the memory freed in its heap back to the system; None
    where the C library has none.

    The encoder calls it once per call of more than one batch. A batch of long texts takes a few
    hundred MB of activations, and glibc keeps what they free in its heap. Batches embedded
    longest first, as model.encode orders them, fit in the holes the first one left, but the next
    call's longest batch may not, so without a trim a build's peak grew with the texts it embedded
    (measured with batches shortest first over 6,144 texts: 1,125 MB after 1,024, 1,255 MB after
    5,632). Longest first with a trim per call: 1,046 MB after each of three calls of 2,048 texts.
    Trimming after every batch also bounded the peak, but every batch then faulted its memory in
    afresh: twice the page faults of model.encode (3.6 M against 1.8 M over 2,048 texts), while
    the embedding stage ran at 0.95 of model.encode's rate. Fixing malloc's mmap threshold
    instead kept the peak lower but cost 14 % of the embedding time."""
    # Here, not at the top: ctypes.util imports subprocess and tempfile, which questions never
    # need (a few ms of a one-shot answer).
    import ctypes
    import ctypes.util

    try:
        trim: Callable[[int], int] = ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


def _load_model(model_path: Path) -> Any:
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    try:
        return SentenceTransformer(str(model_path), device="cpu", local_files_only=True)
    except Exception as error:
        # A damaged model folder fails in any of torch, transformers, tokenizers or safetensors,
        # each with its own exception type; all mean the same to the user.
        raise ModelLoadError(
            f"cannot load the model in {model_path} ({error.__class__.__name__}: {error}); "
            "point --model or QA_MODEL at a sentence-transformers model folder, or unset it"
        ) from error

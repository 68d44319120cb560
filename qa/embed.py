"""Load the sentence-transformers model and turn texts into unit vectors."""

import ctypes
import ctypes.util
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
M_MMAP_THRESHOLD = -3
"""glibc's mallopt parameter: the size from which malloc maps memory instead of using its heap."""
MMAP_THRESHOLD_BYTES = 4 << 20


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
        keep_large_buffers_off_the_heap()
        self._model = _load_model(model_path)
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
        # Batches of similar length waste less time on padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
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
        return vectors

    def encode_query(self, text: str) -> Vectors:
        vectors: Vectors = self.encode([text])[0]
        return vectors


def keep_large_buffers_off_the_heap() -> bool:
    """Have glibc map every buffer of 4 MB or more on its own and unmap it when freed; False where
    the C library has no `mallopt` (not glibc).

    By default glibc raises that threshold each time such a buffer is freed, up to 32 MB, so the
    activations of a batch of long texts land in the heap, whose holes do not fit the next batch's
    shapes: measured over 3,000 texts, peak memory kept growing (984 MB after 512 texts, 1,138 MB
    after 3,072), and a build's peak grew with the corpus. With the threshold fixed it stays flat
    (about 830 MB) at the same speed within the noise of this machine; at 1 MB it costs ~15 %."""
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c")).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))


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

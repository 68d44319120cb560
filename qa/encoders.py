"""Turn questions into vectors without torch: the model's ONNX export run by onnxruntime.

The build embeds with sentence-transformers (`qa.embed`) and exports the transformer to ONNX
(`qa.onnx_export`); queries load only onnxruntime and `tokenizers`, which start in a fraction of
the time torch needs. Pooling and normalisation are read from the model folder, as
sentence-transformers reads them, so both encoders give the same vectors.
"""

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from qa.embed import BATCH_SIZE, Vectors
from qa.errors import ModelLoadError
from qa.wordpiece import SplitTokenizer, narrow_tokenizer

log = logging.getLogger(__name__)

POOLING_MODES = ("mean", "cls", "max")
"""Pooling modes this encoder reproduces; any other mode makes the build keep torch for queries."""


class TextEncoder(Protocol):
    """What search and build need of an embedding model, whichever runtime runs it."""

    @property
    def fingerprint(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def encode(
        self, texts: Sequence[str], on_batch: Callable[[int, int], None] | None = None
    ) -> Vectors:
        """Unit-length vectors for `texts`."""
        ...

    def encode_query(self, text: str) -> Vectors:
        """The unit-length vector of one text."""
        ...


@dataclass(frozen=True)
class PoolingConfig:
    """How token vectors become one text vector, as the model folder's modules say."""

    mode: str
    is_normalized: bool
    max_tokens: int


def read_pooling_config(model_path: Path) -> PoolingConfig:
    """Read a sentence-transformers folder's modules, pooling config and sequence limit.

    Raises ModelLoadError when the folder uses a module or mode this encoder cannot reproduce."""
    try:
        modules = json.loads((model_path / "modules.json").read_text("utf-8"))
        kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
        pooling = next(m for m in modules if m["type"].endswith(".Pooling"))
        pooling_config = json.loads(
            (model_path / pooling["path"] / "config.json").read_text("utf-8")
        )
        bert_config = json.loads((model_path / "sentence_bert_config.json").read_text("utf-8"))
    except (OSError, ValueError, KeyError, TypeError, StopIteration) as error:
        raise ModelLoadError(
            f"cannot read the pooling of {model_path}: {error.__class__.__name__}"
        ) from error
    if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
        raise ModelLoadError(f"modules {kinds} of {model_path} have no ONNX equivalent in qa")
    modes = [
        key.removeprefix("pooling_mode_").removesuffix("_token").removesuffix("_tokens")
        for key, value in pooling_config.items()
        if key.startswith("pooling_mode_") and value is True
    ]
    if len(modes) != 1 or modes[0] not in POOLING_MODES:
        raise ModelLoadError(f"pooling {modes} of {model_path} has no ONNX equivalent in qa")
    return PoolingConfig(
        mode=modes[0],
        is_normalized=kinds[-1] == "Normalize",
        max_tokens=int(bert_config["max_seq_length"]),
    )


def pool(hidden: Any, mask: Any, config: PoolingConfig) -> Vectors:
    """Token vectors (batch, tokens, dim) and their attention mask to one vector per text."""
    weights = mask[..., None].astype(np.float32)
    if config.mode == "cls":
        pooled = hidden[:, 0]
    elif config.mode == "max":
        pooled = np.where(weights > 0, hidden, -1e9).max(axis=1)
    else:
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    if config.is_normalized:
        pooled = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
    vectors: Vectors = np.ascontiguousarray(pooled, dtype=np.float32)
    return vectors


def optimized_path(onnx_path: Path) -> Path:
    """Where the build saves the graph onnxruntime optimised, for this onnxruntime version."""
    from onnxruntime import __version__ as runtime_version

    return onnx_path.with_name(f"{onnx_path.stem}.ort-{runtime_version}{onnx_path.suffix}")


def optimized_weights_path(onnx_path: Path) -> Path:
    """Where the optimised graph's weights live, beside it, in a file of their own.

    onnxruntime memory-maps weights kept outside the graph file instead of reading the file
    and copying each weight out of it: a question's session loads in half the time."""
    return optimized_path(onnx_path).with_suffix(".weights")


class OnnxEncoder:
    """The model's ONNX export with its tokenizer; loads in a fraction of a second."""

    def __init__(
        self,
        onnx_path: Path,
        model_path: Path,
        fingerprint: str,
        *,
        threads: int = 1,
        is_prepacked: bool = True,
        split_tokenizer_file: Path | None = None,
    ) -> None:
        """`is_prepacked=False` leaves the weights as loaded instead of packing them for faster
        products: quicker to load, slower to run. `split_tokenizer_file`, when it exists, holds
        the model's tokenizer split (qa.wordpiece): each call then loads a tokenizer narrowed to
        its texts, much quicker than the whole one for an encoder that embeds one question."""
        import onnxruntime

        self.path = onnx_path
        self.fingerprint = fingerprint
        self.pooling = read_pooling_config(model_path)
        self.tokenizer_path = model_path / "tokenizer.json"
        is_split = split_tokenizer_file is not None and split_tokenizer_file.is_file()
        self.split_tokenizer_file = split_tokenizer_file if is_split else None
        try:
            self.tokenizer = None if is_split else self._whole_tokenizer()
            options = onnxruntime.SessionOptions()
            # A single query is too small to share between threads; more only cost start-up.
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            if not is_prepacked:
                options.add_session_config_entry("session.disable_prepacking", "1")
            optimized = optimized_path(onnx_path)
            if optimized.is_file():
                # Optimised once at build time: skipping it here saves a tenth of a second.
                options.graph_optimization_level = (
                    onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
                )
            self.session = onnxruntime.InferenceSession(
                str(optimized if optimized.is_file() else onnx_path),
                options,
                providers=["CPUExecutionProvider"],
            )
        except Exception as error:
            # tokenizers and onnxruntime raise their own exception types for a bad file.
            raise ModelLoadError(
                f"cannot load {onnx_path}: {error.__class__.__name__}: {error}"
            ) from error
        self.input_names = {i.name for i in self.session.get_inputs()}
        self.dimension = int(self.session.get_outputs()[0].shape[-1])

    def encode(
        self, texts: Sequence[str], on_batch: Callable[[int, int], None] | None = None
    ) -> Vectors:
        """Unit-length vectors for `texts`; `on_batch(done, total)` reports progress."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for first in range(0, len(texts), BATCH_SIZE):
            batch = list(texts[first : first + BATCH_SIZE])
            vectors[first : first + len(batch)] = self._encode_batch(batch)
            if on_batch is not None:
                on_batch(first + len(batch), len(texts))
        return vectors

    def encode_query(self, text: str) -> Vectors:
        vector: Vectors = self._encode_batch([text])[0]
        return vector

    def _whole_tokenizer(self) -> Any:
        from tokenizers import Tokenizer

        return self._padded(Tokenizer.from_file(str(self.tokenizer_path)))

    def _padded(self, tokenizer: Any) -> Any:
        # The folder's tokenizer.json pads every text to a fixed length; sentence-transformers
        # pads a batch to its longest text and truncates at the model's max_seq_length.
        tokenizer.enable_truncation(self.pooling.max_tokens)
        tokenizer.enable_padding()
        return tokenizer

    def _tokenizer_for(self, texts: list[str]) -> Any:
        if self.tokenizer is not None:
            return self.tokenizer
        if self.split_tokenizer_file is not None:
            try:
                split = SplitTokenizer.read(self.split_tokenizer_file)
                return self._padded(narrow_tokenizer(split, texts))
            except Exception as error:  # tokenizers raises its own types
                # The whole tokenizer gives the same ids, only later.
                log.debug("not using %s: %s", self.split_tokenizer_file, error)
                self.split_tokenizer_file = None
        try:
            self.tokenizer = self._whole_tokenizer()
        except Exception as error:
            raise ModelLoadError(
                f"cannot load {self.tokenizer_path}: {error.__class__.__name__}: {error}"
            ) from error
        return self.tokenizer

    def _encode_batch(self, texts: list[str]) -> Vectors:
        encodings = self._tokenizer_for(texts).encode_batch(texts)
        inputs = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        feed = {name: value for name, value in inputs.items() if name in self.input_names}
        hidden = self.session.run(None, feed)[0]
        return pool(hidden, inputs["attention_mask"], self.pooling)

"""Export the embedding model to ONNX at build time and check it agrees with sentence-transformers.

The export is cached once per model fingerprint under the index folder, outside the build
folders, so a rebuild of the corpus reuses it. Whatever goes wrong is recorded in the manifest's
`onnx` field, and queries then fall back to sentence-transformers.
"""

import contextlib
import json
import logging
import os
import shutil
import tempfile
import uuid
import warnings
from pathlib import Path

import numpy as np

from qa.embed import Encoder, Vectors
from qa.encoders import (
    OnnxEncoder,
    optimized_path,
    optimized_weights_path,
    read_pooling_config,
)
from qa.errors import ModelLoadError
from qa.models import OnnxCheck
from qa.wordpiece import SPLIT_FILE, narrow_tokenizer, split_tokenizer

log = logging.getLogger(__name__)

ONNX_FOLDER = "onnx"
MIN_COSINE = 0.999
"""ONNX and sentence-transformers vectors must agree this closely on every sampled sentence."""
MIN_INT8_COSINE = 0.97
"""The int8 export agrees less (0.98 at worst on the seeds, 0.99 on average); below this, its
quantisation went wrong and queries keep the float export. benchmarks/retrieval.py compares
the two on whole benchmarks."""
SAMPLE_SIZE = 200
SPLIT_SAMPLE_SIZE = 50
"""Sentences the split tokenizer is checked on, each narrowed to itself (a few ms apiece)."""
CHECK_RECORD = "check.json"
OPSET = 17
MIN_EXTERNAL_WEIGHT_BYTES = 1024
"""Weights from this size are kept in the optimised graph's weights file; smaller ones (biases of
a few floats, shapes) stay inline, where reading them costs nothing."""
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
OPTIMISE_STAGING = ".optimise-"
"""Prefix of the folder an optimised graph is written into before it is moved in place."""
PARTIAL_SUFFIX = ".partial"
"""Suffix of the file an export, its int8 copy or the check record is written into first."""


def prepare_onnx(
    index_dir: Path, encoder: Encoder, texts: list[str], vectors: Vectors
) -> OnnxCheck:
    """The exports of `encoder`'s model and how they agree with it: checked against the build's
    `vectors` of `texts` when first exported, then read from the record of that check.

    Checking costs two model loads and 400 encodings, which an incremental rebuild adding one
    article should not pay again for the same model and the same exports."""
    folder = index_dir / ONNX_FOLDER / encoder.fingerprint[:16]
    _remove_leftovers(folder)
    check = _recorded_check(index_dir, folder / CHECK_RECORD)
    if check is not None:
        for export in (check.path, check.int8_path):
            if export is not None:
                _optimize_recorded(index_dir / export)
    else:
        check = check_onnx(index_dir, encoder, texts, vectors)
        if check.problem is None:
            with contextlib.suppress(OSError):  # without a record, the next build checks again
                _write_whole(folder / CHECK_RECORD, check.model_dump_json(indent=2))
    if check.problem is None:
        _write_split_tokenizer(encoder.path, folder, texts)
    return check


def _write_split_tokenizer(model_path: Path, folder: Path, texts: list[str]) -> None:
    """Write the model's tokenizer split for one-question loads (qa.wordpiece) once, narrowed
    to each of a sample of `texts` in turn, it tokenizes that text exactly as the whole
    tokenizer does; else remove any split written before, and a question loads the whole one.

    Written on every build from the model's tokenizer.json (well under a second), so a split an
    older qa wrote is replaced."""
    from tokenizers import Tokenizer

    target = folder / SPLIT_FILE
    try:
        config = (model_path / "tokenizer.json").read_text("utf-8")
        split = split_tokenizer(json.loads(config))
        if split is not None:
            whole = Tokenizer.from_str(config)
            sample = [texts[i] for i in sample_indices(len(texts), SPLIT_SAMPLE_SIZE)]
            if all(
                narrow_tokenizer(split, [text]).encode(text).ids == whole.encode(text).ids
                for text in sample
            ):
                _write_whole(target, split.text())
                return
            log.debug("the split tokenizer of %s differs from the whole one", model_path)
    except Exception as error:
        # tokenizers raises its own exception types for a file it cannot read.
        log.debug("no split tokenizer for %s: %s", model_path, error)
    with contextlib.suppress(OSError):
        target.unlink()


def _write_whole(target: Path, text: str) -> None:
    """Write `target` under a hidden name first, so a reader finds it whole or not at all."""
    partial = _partial_path(target)
    try:
        partial.write_text(text, "utf-8")
        os.replace(partial, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


def _remove_leftovers(folder: Path) -> None:
    """Delete what a build killed while exporting, quantising or optimising left in `folder`
    (up to about 90 MB). Builds hold the index lock, so none of it belongs to a running one."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.name.startswith(OPTIMISE_STAGING) and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(".") and path.name.endswith(PARTIAL_SUFFIX):
            with contextlib.suppress(OSError):
                path.unlink()


def _partial_path(target: Path) -> Path:
    """A hidden file beside `target` to write it into before it is moved in place."""
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}{PARTIAL_SUFFIX}")


def _optimize_recorded(exported: Path) -> None:
    """Optimise a checked export an older qa did not optimise as this one does; without it,
    queries still work and optimise the graph at each start."""
    try:
        ensure_optimized(exported)
    except ModelLoadError as error:
        log.warning("questions will start slower: %s", error)


def _recorded_check(index_dir: Path, record: Path) -> OnnxCheck | None:
    """The recorded check, if it passed and every export it names is still there."""
    try:
        check = OnnxCheck.model_validate_json(record.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    exports = [p for p in (check.path, check.int8_path) if p is not None]
    is_whole = check.problem is None and check.path is not None
    if is_whole and all((index_dir / p).is_file() for p in exports):
        return check
    return None


def check_onnx(index_dir: Path, encoder: Encoder, texts: list[str], vectors: Vectors) -> OnnxCheck:
    """Export `encoder`'s model unless cached; compare it with the build's `vectors` of `texts`."""
    relative = Path(ONNX_FOLDER) / encoder.fingerprint[:16] / "model.onnx"
    target = index_dir / relative
    try:
        if not target.is_file():
            export_onnx(encoder, target)
        ensure_optimized(target)
        onnx_encoder = OnnxEncoder(target, encoder.path, encoder.fingerprint, threads=0)
        picks = sample_indices(len(texts), SAMPLE_SIZE)
        exported = onnx_encoder.encode([texts[i] for i in picks])
    except ModelLoadError as error:
        return OnnxCheck(problem=str(error))
    min_cosine = _min_cosine(exported, vectors[picks])
    if min_cosine < MIN_COSINE:
        return OnnxCheck(
            path=relative.as_posix(),
            min_cosine=min_cosine,
            problem=(
                f"its ONNX export disagrees with sentence-transformers "
                f"(cosine {min_cosine:.4f} < {MIN_COSINE})"
            ),
        )
    check = OnnxCheck(path=relative.as_posix(), min_cosine=min_cosine)
    int8 = int8_path(target)
    try:
        if not int8.is_file():
            quantize_onnx(target, int8)
        ensure_optimized(int8)
        int8_encoder = OnnxEncoder(int8, encoder.path, encoder.fingerprint, threads=0)
        int8_cosine = _min_cosine(int8_encoder.encode([texts[i] for i in picks]), vectors[picks])
    except ModelLoadError as error:
        log.warning("queries use the float ONNX export: %s", error)
        return check
    if int8_cosine < MIN_INT8_COSINE:
        log.warning(
            "queries use the float ONNX export: the int8 one disagrees (cosine %.4f < %s)",
            int8_cosine,
            MIN_INT8_COSINE,
        )
        return check.model_copy(update={"int8_min_cosine": int8_cosine})
    return check.model_copy(
        update={"int8_path": int8.relative_to(index_dir).as_posix(), "int8_min_cosine": int8_cosine}
    )


def _min_cosine(vectors: Vectors, reference: Vectors) -> float:
    return float(np.min(np.sum(vectors * reference, axis=1), initial=1.0))


def int8_path(exported: Path) -> Path:
    """Where the int8 copy of an export lives."""
    return exported.with_name(f"{exported.stem}.int8{exported.suffix}")


def quantize_onnx(exported: Path, target: Path) -> None:
    """Write `exported` with int8 weights (per output channel, activations quantised on the fly
    by onnxruntime): a quarter of the file, loaded and run about twice as fast."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    partial = _partial_path(target)
    advice = _DropMessage("Please consider to run pre-processing before quantization")
    root = logging.getLogger()
    root.addFilter(advice)
    try:
        quantize_dynamic(exported, partial, per_channel=True, weight_type=QuantType.QInt8)
        os.replace(partial, target)
    except Exception as error:
        # onnxruntime.quantization raises whatever onnx raises for a graph it cannot rewrite.
        raise ModelLoadError(f"cannot quantise {exported}: {error.__class__.__name__}") from error
    finally:
        root.removeFilter(advice)
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


class _DropMessage(logging.Filter):
    """onnxruntime.quantization logs advice for image models on the root logger; a person
    building an index has nothing to do about it."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(self.prefix)


def sample_indices(count: int, size: int) -> list[int]:
    """Up to `size` indices spread evenly over `count` items, the same on every build."""
    if count <= size:
        return list(range(count))
    return [int(i) for i in np.linspace(0, count - 1, size)]


def export_onnx(encoder: Encoder, target: Path) -> None:
    """Write the transformer of `encoder` as ONNX to `target`; ModelLoadError if it cannot."""
    import torch

    read_pooling_config(encoder.path)  # fail before exporting what queries could not pool

    class LastHiddenState(torch.nn.Module):
        def __init__(self, transformer: torch.nn.Module) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
            output = self.transformer(**dict(zip(INPUT_NAMES, inputs, strict=True)))
            hidden: torch.Tensor = output.last_hidden_state
            return hidden

    sample = torch.ones((2, 8), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = _partial_path(target)
    try:
        # The tracer warns about Python booleans in attention code paths (causal masks) that a
        # BERT encoder does not take; the agreement check, not the warning, decides.
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                LastHiddenState(encoder.transformer).eval(),
                (sample, sample, torch.zeros_like(sample)),
                str(partial),
                input_names=list(INPUT_NAMES),
                output_names=["last_hidden_state"],
                dynamic_axes={name: axes for name in (*INPUT_NAMES, "last_hidden_state")},
                opset_version=OPSET,
                dynamo=False,
            )
        os.replace(partial, target)
    except Exception as error:
        # torch.onnx raises a different exception type for each construct it cannot export;
        # all mean the same here: no ONNX copy, queries use sentence-transformers.
        # Its first line only: some (TypeError from the exporter) go on to dump the whole graph.
        summary = next(iter(str(error).splitlines()), "")
        raise ModelLoadError(
            f"cannot export {encoder.path} to ONNX: {error.__class__.__name__}: {summary}"
        ) from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


def ensure_optimized(exported: Path) -> None:
    """Optimise `exported` unless done, also when an older qa optimised it with its weights
    inside the graph file."""
    if not (optimized_path(exported).is_file() and optimized_weights_path(exported).is_file()):
        optimize_onnx(exported)


def optimize_onnx(exported: Path) -> None:
    """Save the graph as onnxruntime optimises it, so queries need not optimise it at each start,
    with its weights in a file of their own, which queries memory-map."""
    import onnxruntime

    target = optimized_path(exported)
    weights = optimized_weights_path(exported)
    # Written aside, then moved weights first: a graph in place always finds its weights, and
    # a session that has the old weights mapped keeps reading them.
    staging = Path(tempfile.mkdtemp(prefix=OPTIMISE_STAGING, dir=target.parent))
    options = onnxruntime.SessionOptions()
    # Extended, not all: the layout optimisations of "all" are specific to the machine.
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.optimized_model_filepath = str(staging / target.name)
    options.add_session_config_entry(
        "session.optimized_model_external_initializers_file_name", weights.name
    )
    options.add_session_config_entry(
        "session.optimized_model_external_initializers_min_size_in_bytes",
        str(MIN_EXTERNAL_WEIGHT_BYTES),
    )
    try:
        onnxruntime.InferenceSession(str(exported), options, providers=["CPUExecutionProvider"])
        os.replace(staging / weights.name, weights)
        os.replace(staging / target.name, target)
    except Exception as error:
        # onnxruntime raises its own exception types for a graph it cannot load.
        raise ModelLoadError(f"cannot optimise {exported}: {error.__class__.__name__}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)

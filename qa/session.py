"""The one place that opens a searcher: pick the encoder, check staleness, build if needed.

The CLI, the chat and the benchmarks start here. On a fresh index this reads the manifest, stats
the corpus and loads the ONNX encoder: neither torch, sentence-transformers nor the build code is
imported unless a build runs or the ONNX export cannot be used.
"""

import logging
import os
import sys

from qa.embed import Encoder
from qa.encoders import OnnxEncoder, TextEncoder
from qa.errors import ModelLoadError
from qa.freshness import stale_reason
from qa.ingest import check_corpus_folder
from qa.models import Manifest
from qa.progress import Progress, no_progress
from qa.search import Searcher
from qa.settings import Settings
from qa.store import load_index
from qa.wordpiece import SPLIT_FILE

log = logging.getLogger(__name__)

QUERY_THREADS = 1
"""Threads per question, one-shot or batch: one question is too small a job to split, and the
cores are shared, so more threads only add start-up and contention. A build uses every core."""


def open_searcher(
    settings: Settings,
    progress: Progress = no_progress,
    *,
    is_forced: bool = False,
    loaded: TextEncoder | None = None,
    is_one_question: bool = False,
) -> tuple[Searcher, Manifest | None]:
    """A ready searcher, building the index first if forced, missing or stale.

    Returns the searcher and, when a build ran, its manifest. `loaded` is an encoder the caller
    already holds (the chat's previous searcher), reused rather than loaded again;
    `is_one_question` loads the encoder for a single question (`qa --ask "..."`).
    """
    check_corpus_folder(settings.corpus)
    reason = "a rebuild was asked for" if is_forced else stale_reason(settings)
    builder = loaded if isinstance(loaded, Encoder) else None
    built = None
    if reason is not None:
        from qa.build import build_index

        log.info("rebuilding the index: %s", reason)
        builder = builder or Encoder(settings.model_path())
        _set_torch_threads(os.cpu_count() or 1)
        built = build_index(settings, builder, progress, is_forced=is_forced)
    stored = load_index(settings.index)
    _set_faiss_threads(QUERY_THREADS)
    encoder = query_encoder(
        settings, stored.manifest, loaded=loaded, builder=builder, is_one_question=is_one_question
    )
    return Searcher(stored, encoder), built


def query_encoder(
    settings: Settings,
    manifest: Manifest,
    *,
    loaded: TextEncoder | None = None,
    builder: Encoder | None = None,
    is_one_question: bool = False,
) -> TextEncoder:
    """The ONNX encoder when the build checked it, else sentence-transformers with one warning."""
    onnx = manifest.onnx
    problem = "the index was built before qa exported the model to ONNX; run `qa --rebuild`"
    if onnx is not None and onnx.problem is None and onnx.path is not None:
        chosen = onnx.int8_path if settings.query_precision == "int8" and onnx.int8_path else None
        path = settings.index / (chosen or onnx.path)
        if isinstance(loaded, OnnxEncoder) and loaded.path == path:
            return loaded
        try:
            # Packing weights pays over many texts, not for one question. Unpacked int8 products
            # are summed exactly as packed ones; float ones are not (the vectors would differ in
            # the seventh digit from a batch's), so float weights are always packed.
            return OnnxEncoder(
                path,
                settings.model_path(),
                manifest.model_fingerprint,
                threads=QUERY_THREADS,
                is_prepacked=not (is_one_question and chosen is not None),
                split_tokenizer_file=path.parent / SPLIT_FILE if is_one_question else None,
            )
        except ModelLoadError as error:
            problem = str(error)
    elif onnx is not None and onnx.problem is not None:
        problem = onnx.problem
    log.warning("queries use sentence-transformers (slower to start): %s", problem)
    encoder = builder or Encoder(settings.model_path())
    _set_torch_threads(QUERY_THREADS)
    return encoder


def _set_torch_threads(count: int) -> None:
    """Size torch's pool on purpose: all cores to embed a corpus, one per question."""
    if "torch" in sys.modules:
        import torch

        torch.set_num_threads(count)


def _set_faiss_threads(count: int) -> None:
    if "faiss" in sys.modules:
        import faiss

        faiss.omp_set_num_threads(count)

import json
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from qa.embed import Encoder
from qa.encoders import OnnxEncoder, optimized_path, optimized_weights_path
from qa.models import OnnxCheck
from qa.onnx_export import (
    CHECK_RECORD,
    MIN_COSINE,
    MIN_INT8_COSINE,
    OPTIMISE_STAGING,
    PARTIAL_SUFFIX,
    check_onnx,
    int8_path,
    optimize_onnx,
)
from qa.session import open_searcher, query_encoder
from qa.settings import Settings
from qa.store import current_build, read_manifest
from qa.wordpiece import SPLIT_FILE

from .conftest import TINY_ARTICLES, indexed, write_corpus
from .index_files import write_build_file

pytestmark = pytest.mark.slow

NEW_TEXTS = [
    "How many steel cables did the engineers replace?",
    "Wer hat den Kometen entdeckt?",
    "word " * 400,
    "",
]


def own_checked_index(tmp_path: Path, encoder: Encoder) -> tuple[Settings, OnnxCheck, Path, Path]:
    """The tiny articles indexed under `tmp_path`, the recorded check, and its float and int8
    exports."""
    write_corpus(tmp_path / "corpus", TINY_ARTICLES)
    settings = indexed(tmp_path, encoder)
    check = read_manifest(settings.index).onnx
    assert check is not None and check.path is not None and check.int8_path is not None
    return settings, check, settings.index / check.path, settings.index / check.int8_path


def test_build_exports_onnx_that_agrees_with_sentence_transformers(
    tiny_settings: Settings, encoder: Encoder
) -> None:
    check = read_manifest(tiny_settings.index).onnx
    assert check is not None and check.problem is None and check.path is not None
    assert check.min_cosine is not None and check.min_cosine >= MIN_COSINE
    onnx = OnnxEncoder(tiny_settings.index / check.path, encoder.path, encoder.fingerprint)
    assert onnx.dimension == encoder.dimension
    cosines = np.sum(onnx.encode(NEW_TEXTS) * encoder.encode(NEW_TEXTS), axis=1)
    assert cosines.min() >= MIN_COSINE
    assert np.allclose(np.linalg.norm(onnx.encode(NEW_TEXTS), axis=1), 1.0, atol=1e-5)
    assert np.allclose(onnx.encode_query(NEW_TEXTS[0]), onnx.encode(NEW_TEXTS[:1])[0])


def test_searcher_on_a_checked_index_queries_through_onnx(tiny_settings: Settings) -> None:
    searcher, built = open_searcher(tiny_settings)
    assert built is None
    assert isinstance(searcher.encoder, OnnxEncoder)
    assert searcher.ask("Who led the team that found the comet?").answers[0].source == (
        "science/comet.txt"
    )


def test_build_quantises_the_export_and_questions_use_int8_unless_told(
    tiny_settings: Settings, encoder: Encoder
) -> None:
    check = read_manifest(tiny_settings.index).onnx
    assert check is not None and check.int8_path is not None and check.path is not None
    assert check.int8_min_cosine is not None and check.int8_min_cosine >= MIN_INT8_COSINE
    int8_file = tiny_settings.index / check.int8_path
    assert int8_file.stat().st_size < (tiny_settings.index / check.path).stat().st_size / 2
    int8 = OnnxEncoder(int8_file, encoder.path, encoder.fingerprint)
    assert np.sum(int8.encode(NEW_TEXTS[:2]) * encoder.encode(NEW_TEXTS[:2]), axis=1).min() > 0.95
    manifest = read_manifest(tiny_settings.index)
    chosen = query_encoder(tiny_settings, manifest)
    assert isinstance(chosen, OnnxEncoder) and chosen.path == int8_file
    float_settings = tiny_settings.model_copy(update={"query_precision": "float"})
    chosen = query_encoder(float_settings, manifest)
    assert isinstance(chosen, OnnxEncoder) and chosen.path == tiny_settings.index / check.path


def test_disagreeing_vectors_fail_the_check(tiny_settings: Settings, encoder: Encoder) -> None:
    texts = [line for text in TINY_ARTICLES.values() for line in text.splitlines() if line]
    vectors = encoder.encode(texts)
    check = check_onnx(tiny_settings.index, encoder, texts, vectors[::-1].copy())
    assert check.problem is not None and "disagrees" in check.problem
    assert check.min_cosine is not None and check.min_cosine < MIN_COSINE
    assert check_onnx(tiny_settings.index, encoder, texts, vectors).problem is None


def test_failed_check_in_the_manifest_falls_back_with_one_warning(
    tiny_settings: Settings, encoder: Encoder, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shutil.copytree(tiny_settings.corpus, tmp_path / "corpus")
    shutil.copytree(tiny_settings.index, tmp_path / "index")
    settings = Settings(corpus=tmp_path / "corpus", index=tmp_path / "index")
    manifest_path = current_build(settings.index) / "manifest.json"
    raw = json.loads(manifest_path.read_text("utf-8"))
    raw["onnx"]["problem"] = "its ONNX export disagrees with sentence-transformers"
    write_build_file(manifest_path.parent, manifest_path.name, json.dumps(raw).encode("utf-8"))
    with caplog.at_level(logging.WARNING):
        searcher, built = open_searcher(settings, loaded=encoder)
    assert built is None and searcher.encoder is encoder
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "disagrees" in warnings[0]


def test_index_without_onnx_record_falls_back(
    tiny_settings: Settings, encoder: Encoder, caplog: pytest.LogCaptureFixture
) -> None:
    manifest = read_manifest(tiny_settings.index).model_copy(update={"onnx": None})
    with caplog.at_level(logging.WARNING):
        assert query_encoder(tiny_settings, manifest, builder=encoder) is encoder
    assert "before qa exported" in caplog.text


def test_model_the_exporter_cannot_pool_builds_and_answers_with_torch(
    tmp_path: Path, tiny_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    model = tmp_path / "model"
    shutil.copytree(
        tiny_settings.model_path(), model, ignore=shutil.ignore_patterns("*.safetensors")
    )
    for weights in tiny_settings.model_path().glob("*.safetensors"):
        (model / weights.name).symlink_to(weights)
    pooling = model / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text("utf-8"))
    config["pooling_mode_mean_tokens"] = False
    config["pooling_mode_mean_sqrt_len_tokens"] = True
    pooling.write_text(json.dumps(config), "utf-8")
    write_corpus(tmp_path / "corpus", TINY_ARTICLES)
    settings = Settings(corpus=tmp_path / "corpus", index=tmp_path / "index", model=model)

    with caplog.at_level(logging.WARNING):
        searcher, built = open_searcher(settings)
    assert built is not None and built.onnx is not None
    assert built.onnx.path is None and built.onnx.problem is not None
    assert "pooling" in built.onnx.problem
    assert isinstance(searcher.encoder, Encoder)
    assert [r.levelno for r in caplog.records].count(logging.WARNING) == 1
    assert searcher.ask("Who led the team that found the comet?").answers


def test_export_is_cached_once_per_model(tmp_path: Path, encoder: Encoder) -> None:
    _, _, exported, int8 = own_checked_index(tmp_path, encoder)
    first_write = exported.stat().st_mtime_ns
    indexed(tmp_path, encoder)
    assert exported.stat().st_mtime_ns == first_write
    assert int8 == int8_path(exported)
    record = exported.parent / CHECK_RECORD
    optimized = {
        made(export)
        for export in (exported, int8)
        for made in (optimized_path, optimized_weights_path)
    }
    split = exported.parent / SPLIT_FILE
    assert set(exported.parent.iterdir()) == {exported, int8, record, *optimized, split}


def test_optimised_graph_keeps_its_weights_apart_and_gives_the_same_vectors(
    tiny_settings: Settings, encoder: Encoder, tmp_path: Path
) -> None:
    """Queries load the optimised graph, whose weights onnxruntime maps from their own file:
    not a bit of a vector changes against the graph optimised with its weights inside, as qa
    saved it before."""
    import onnxruntime

    check = read_manifest(tiny_settings.index).onnx
    assert check is not None and check.path is not None and check.int8_path is not None
    for export in (tiny_settings.index / check.path, tiny_settings.index / check.int8_path):
        graph, weights = optimized_path(export), optimized_weights_path(export)
        assert weights.stat().st_size > export.stat().st_size * 0.9
        assert graph.stat().st_size < export.stat().st_size / 10
        inline = tmp_path / export.name
        shutil.copy(export, inline)
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        options.optimized_model_filepath = str(optimized_path(inline))
        onnxruntime.InferenceSession(str(inline), options, providers=["CPUExecutionProvider"])
        expected = OnnxEncoder(inline, encoder.path, encoder.fingerprint).encode(NEW_TEXTS)
        loaded = OnnxEncoder(export, encoder.path, encoder.fingerprint)
        assert np.array_equal(loaded.encode(NEW_TEXTS), expected)


@pytest.mark.parametrize("precision", ["int8", "float"])
def test_one_question_gets_the_vector_a_batch_gets(tiny_settings: Settings, precision: str) -> None:
    """A one-shot question's encoder loads faster (int8 weights left unpacked) and still gives
    every bit of the vector the batch encoder gives."""
    settings = tiny_settings.model_copy(update={"query_precision": precision})
    manifest = read_manifest(settings.index)
    one = query_encoder(settings, manifest, is_one_question=True)
    batch = query_encoder(settings, manifest)
    # One question loads a tokenizer narrowed to its words (qa.wordpiece), not the whole one.
    assert isinstance(one, OnnxEncoder) and one.split_tokenizer_file is not None
    for text in NEW_TEXTS:
        assert np.array_equal(one.encode_query(text), batch.encode_query(text))
    assert one.tokenizer is None


def test_a_damaged_split_tokenizer_falls_back_to_the_whole_one(
    tmp_path: Path, encoder: Encoder
) -> None:
    settings, _, export, _ = own_checked_index(tmp_path, encoder)
    split = export.parent / SPLIT_FILE
    whole_text = split.read_text("utf-8")
    split.write_text(whole_text.rsplit("\n", 1)[0], "utf-8")  # the last entry lost
    manifest = read_manifest(settings.index)
    one = query_encoder(settings, manifest, is_one_question=True)
    batch = query_encoder(settings, manifest)
    assert np.array_equal(one.encode_query(NEW_TEXTS[0]), batch.encode_query(NEW_TEXTS[0]))
    assert isinstance(one, OnnxEncoder) and one.tokenizer is not None
    # The next build writes the split again.
    indexed(tmp_path, encoder)
    assert split.read_text("utf-8") == whole_text


def test_a_rebuild_moves_the_weights_of_a_graph_optimised_before_out_of_it(
    tmp_path: Path, encoder: Encoder
) -> None:
    settings, check, _, int8 = own_checked_index(tmp_path, encoder)
    optimized_weights_path(int8).unlink()
    optimized_path(int8).write_bytes(b"a graph optimised by an older qa")
    # What a build killed while optimising or quantising leaves behind.
    staging = int8.parent / f"{OPTIMISE_STAGING}k1ll3d"
    staging.mkdir()
    (staging / "model.weights").write_bytes(b"half a graph")
    partial = int8.parent / f".{int8.name}.0123abcd{PARTIAL_SUFFIX}"
    partial.write_bytes(b"half a model")
    write_corpus(settings.corpus, {"ferry.txt": "Ferry line opens\n\nThe ferry carries 900."})
    indexed(tmp_path, encoder)
    assert not staging.exists() and not partial.exists(), "leftovers of a killed build removed"
    assert read_manifest(settings.index).onnx == check, "the recorded check is kept"
    assert optimized_weights_path(int8).is_file()
    loaded = OnnxEncoder(int8, encoder.path, encoder.fingerprint)
    assert loaded.encode_query(NEW_TEXTS[0]).shape == (encoder.dimension,)


def test_optimising_again_leaves_no_files_behind(tmp_path: Path, tiny_settings: Settings) -> None:
    check = read_manifest(tiny_settings.index).onnx
    assert check is not None and check.int8_path is not None
    int8 = tmp_path / "model.int8.onnx"
    shutil.copy(tiny_settings.index / check.int8_path, int8)
    optimize_onnx(int8)
    optimize_onnx(int8)
    assert set(tmp_path.iterdir()) == {int8, optimized_path(int8), optimized_weights_path(int8)}


def test_a_rebuild_reads_the_recorded_check_unless_an_export_is_gone(
    tmp_path: Path, encoder: Encoder
) -> None:
    settings, check, exported, int8 = own_checked_index(tmp_path, encoder)
    record = exported.parent / CHECK_RECORD
    marked = check.model_copy(update={"min_cosine": 0.99990001})
    record.write_text(marked.model_dump_json(), "utf-8")
    write_corpus(settings.corpus, {"ferry.txt": "Ferry line opens\n\nThe ferry carries 900."})
    indexed(tmp_path, encoder)
    assert read_manifest(settings.index).onnx == marked, "the record, not a new check"
    int8.unlink()
    write_corpus(settings.corpus, {"ferry.txt": "Ferry line opens\n\nThe ferry carries 950."})
    indexed(tmp_path, encoder)
    rechecked = read_manifest(settings.index).onnx
    assert rechecked is not None and rechecked.int8_path == check.int8_path
    assert rechecked.min_cosine is not None and rechecked.min_cosine >= MIN_COSINE
    assert rechecked != marked

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from qa.embed import Encoder, Vectors
from qa.freshness import stale_reason
from qa.search import Searcher
from qa.session import open_searcher
from qa.settings import Settings
from qa.store import FORMAT_VERSION, MANIFEST, current_build, load_index, read_manifest
from qa.vectors import (
    FlatStore,
    IvfStore,
    VectorStore,
    build_store,
    ivf_cells,
    ivf_probes,
    load_store,
    store_kind,
)

from .conftest import TINY_ARTICLES, write_corpus
from .index_files import write_build_file


def recall_at(k: int, exact: VectorStore, approximate: VectorStore, queries: Vectors) -> float:
    _, truth = exact.search(queries, k)
    _, found = approximate.search(queries, k)
    return float(np.mean([len(set(t) & set(f)) / k for t, f in zip(truth, found, strict=True)]))


def clustered_unit_vectors(seed_vectors: Vectors, copies: int, noise: float) -> Vectors:
    """Noisy copies of real sentence vectors: clusters as a corpus of related news has."""
    rng = np.random.default_rng(7)
    vectors = np.repeat(seed_vectors, copies, axis=0)
    vectors = vectors + rng.normal(0, noise, vectors.shape).astype(np.float32)
    unit: Vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    return unit


def test_flat_store_ranks_exactly_and_pads(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(50, 8)).astype(np.float32)
    store = build_store("flat", vectors)
    store.save(tmp_path / "v.npy")
    loaded = load_store("flat", tmp_path / "v.npy")
    assert loaded.count() == 50
    assert np.array_equal(loaded.reconstruct_n(10, 5), vectors[10:15])
    scores, ids = loaded.search(vectors[:2], 60)
    assert list(ids[0, :50]) == list(np.argsort(-(vectors @ vectors[0]), kind="stable"))
    assert (ids[:, 50:] == -1).all()
    assert np.allclose(scores[1, :50], np.sort(vectors @ vectors[1])[::-1])


def test_damaged_store_file_is_a_value_error(tmp_path: Path) -> None:
    (tmp_path / "v.npy").write_bytes(b"not a matrix")
    with pytest.raises(ValueError):
        load_store("flat", tmp_path / "v.npy")
    with pytest.raises(ValueError):
        load_store("ivf", tmp_path / "v.npy")


def test_ivf_store_reads_rows_back_and_scores_exactly_after_a_round_trip(
    tmp_path: Path,
) -> None:
    rng = np.random.default_rng(2)
    vectors = clustered_unit_vectors(rng.normal(size=(200, 32)).astype(np.float32), 10, 0.05)
    store = build_store("ivf", vectors)
    store.save(tmp_path / "v.faiss")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.faiss", "v.npy"]
    loaded = load_store("ivf", tmp_path / "v.faiss")
    assert loaded.count() == len(vectors)
    # 2,000 vectors: 51 cells (39 training vectors each at least), 32 of them scanned.
    assert loaded.parameters == {"factory": "IVF51,SQ8", "nprobe": 32, "rescored": 100}
    assert isinstance(loaded.reconstruct_n(0, loaded.count()), np.memmap), "floats stay on disk"
    assert np.array_equal(loaded.reconstruct_n(5, 3), vectors[5:8])
    wanted = [1999, 3, 4, 5, 3, 1500, 0]
    assert np.array_equal(loaded.rows(wanted), vectors[wanted])
    assert np.array_equal(loaded.rows([]), vectors[:0])
    queries = vectors[:20] + rng.normal(0, 0.05, (20, 32)).astype(np.float32)
    scores, ids = loaded.search(queries, 10)
    assert np.array_equal(ids, store.search(queries, 10)[1])
    exact = np.einsum("qkd,qd->qk", vectors[ids], queries)
    assert np.allclose(scores, exact, atol=1e-5), "candidates are re-scored from the floats"
    assert (np.diff(scores, axis=1) <= 0).all()
    assert recall_at(10, FlatStore(vectors), loaded, queries) >= 0.98


def test_a_loaded_ivf_store_takes_more_vectors_and_saves_them(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    vectors = clustered_unit_vectors(rng.normal(size=(100, 16)).astype(np.float32), 10, 0.05)
    build_store("ivf", vectors[:800]).save(tmp_path / "v.faiss")
    loaded = load_store("ivf", tmp_path / "v.faiss")
    loaded.add(vectors[800:])
    assert loaded.count() == len(vectors)
    assert np.array_equal(loaded.rows([999, 0]), vectors[[999, 0]])
    loaded.save(tmp_path / "w.faiss")
    again = load_store("ivf", tmp_path / "w.faiss")
    assert again.count() == len(vectors)
    _, ids = again.search(vectors[900:910], 1)
    assert list(ids[:, 0]) == list(range(900, 910)), "the added vectors are found"
    assert again.parameters == loaded.parameters


def test_ivf_store_pads_when_asked_for_more_than_it_holds(tmp_path: Path) -> None:
    vectors = np.eye(8, dtype=np.float32)
    build_store("ivf", vectors).save(tmp_path / "v.faiss")
    loaded = load_store("ivf", tmp_path / "v.faiss")
    assert loaded.parameters["factory"] == "IVF1,SQ8"
    scores, ids = loaded.search(vectors[:1], 12)
    assert ids[0, 0] == 0 and sorted(ids[0, :8]) == list(range(8))
    assert (ids[0, 8:] == -1).all() and np.isneginf(scores[0, 8:]).all()


def test_ivf_store_with_a_mismatched_matrix_is_a_value_error(tmp_path: Path) -> None:
    vectors = np.eye(8, dtype=np.float32)
    build_store("ivf", vectors).save(tmp_path / "v.faiss")
    np.save(tmp_path / "v.npy", vectors[:5], allow_pickle=False)
    with pytest.raises(ValueError):
        load_store("ivf", tmp_path / "v.faiss")


def test_a_faiss_file_of_another_index_type_is_a_value_error(tmp_path: Path) -> None:
    import faiss

    vectors = np.eye(8, dtype=np.float32)
    graph = faiss.IndexHNSWFlat(8, 4, faiss.METRIC_INNER_PRODUCT)
    graph.add(vectors)
    faiss.write_index(graph, str(tmp_path / "v.faiss"))
    np.save(tmp_path / "v.npy", vectors, allow_pickle=False)
    with pytest.raises(ValueError):
        load_store("ivf", tmp_path / "v.faiss")


def test_store_kind_switches_above_the_threshold() -> None:
    assert store_kind(10, approximate_above=10) == "flat"
    assert store_kind(11, approximate_above=10) == "ivf"


def test_ivf_cells_grow_with_the_square_root_and_probes_with_the_cells() -> None:
    assert [ivf_cells(n) for n in (30, 2_000, 100_000, 1_000_000)] == [1, 51, 1024, 4096]
    assert [ivf_probes(c) for c in (1, 51, 1024, 4096)] == [1, 32, 64, 256]


@pytest.mark.slow
def test_ivf_recall_at_10_against_flat(seed_searcher: Searcher) -> None:
    stored = seed_searcher.stored.sentence_vectors
    real = np.asarray(stored.reconstruct_n(0, stored.count()), dtype=np.float32)
    vectors = clustered_unit_vectors(real, copies=30, noise=0.02)
    flat, ivf = FlatStore(vectors), IvfStore.empty(vectors.shape[1])
    ivf.add(vectors)
    queries = clustered_unit_vectors(real, copies=1, noise=0.03)
    assert recall_at(10, flat, ivf, queries) >= 0.98


@pytest.mark.slow
def test_large_corpus_gets_an_ivf_index_that_answers_alike(
    tiny_settings: Settings, encoder: Encoder, tmp_path: Path
) -> None:
    write_corpus(tmp_path / "corpus", TINY_ARTICLES)
    shutil.copytree(tiny_settings.index / "onnx", tmp_path / "index" / "onnx")
    settings = Settings(corpus=tmp_path / "corpus", index=tmp_path / "index", approximate_above=5)
    searcher, built = open_searcher(settings, loaded=encoder, is_forced=True)
    assert built is not None and built.vector_index == "ivf"
    manifest = read_manifest(settings.index)
    assert manifest.vector_index == "ivf"
    assert manifest.vector_parameters == {"factory": "IVF1,SQ8", "nprobe": 1, "rescored": 100}
    assert sorted(p.name for p in current_build(settings.index).glob("*.faiss")) == [
        "contexts.faiss",
        "sentences.faiss",
    ]
    assert isinstance(load_index(settings.index).sentence_vectors, IvfStore)
    # Retrieval reads candidate rows from the stores as needed, holding no vectors of its own.
    assert not any(
        isinstance(v, np.ndarray) and v.ndim == 2 for v in vars(searcher.retriever).values()
    )
    assert read_manifest(tiny_settings.index).vector_index == "flat"
    assert read_manifest(tiny_settings.index).vector_parameters == {}
    flat_searcher, _ = open_searcher(tiny_settings, loaded=encoder)
    question = "How many steel cables did the engineers replace?"
    assert searcher.ask(question).answers == flat_searcher.ask(question).answers


@pytest.mark.slow
def test_an_hnsw_index_of_format_5_is_rebuilt_as_an_inverted_file(
    tiny_settings: Settings, encoder: Encoder, tmp_path: Path
) -> None:
    shutil.copytree(tiny_settings.corpus, tmp_path / "corpus")
    shutil.copytree(tiny_settings.index, tmp_path / "index")
    settings = Settings(corpus=tmp_path / "corpus", index=tmp_path / "index", approximate_above=5)
    build = current_build(settings.index)
    manifest = json.loads((build / MANIFEST).read_text("utf-8"))
    old = manifest | {"format_version": 5, "vector_index": "hnsw"}
    write_build_file(build, MANIFEST, json.dumps(old).encode("utf-8"))
    assert stale_reason(settings) == "the index format changed"
    _, built = open_searcher(settings, loaded=encoder)
    assert built is not None
    rebuilt = read_manifest(settings.index)
    assert (rebuilt.format_version, rebuilt.vector_index) == (FORMAT_VERSION, "ivf")
    assert rebuilt.vector_parameters["factory"] == "IVF1,SQ8"

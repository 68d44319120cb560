"""Vector stores: exact search in a memory-mapped matrix, or an approximate FAISS HNSW graph.

A small corpus is searched exactly with numpy, which is already loaded and needs no index file
beyond the matrix (faiss alone takes longer to import than such a search). Above
`Settings.approximate_above` vectors, an HNSW graph over 8-bit codes answers in logarithmic time
and its candidates are re-scored exactly from the same matrix, with recall@10 >= 0.98 against
exact search at 100k sentences (benchmarks/scale.py; 0.80 at 1M on its clustered synthetic
data). Both keep the float vectors on disk, read only as needed, so RAM stays bounded at a
million sentences. Any store with the VectorStore methods can replace these without touching
retrieval or ranking; `search` and `reconstruct_n` follow FAISS's conventions.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

from qa.embed import Vectors

StoreKind = Literal["flat", "hnsw"]
Ids = npt.NDArray[np.int64]

HNSW_NEIGHBOURS = 32
"""Links per node (FAISS's M): 32 keeps recall@10 >= 0.98 on 384-d sentence vectors."""
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 128
"""Candidates kept while searching; raised to the candidates fetched when a search asks for more."""
HNSW_RESCORED = 40
"""Candidates the graph returns per query, re-scored exactly; at least the k asked for."""


class VectorStore(Protocol):
    """Unit vectors searched by inner product, saved under one path (and files beside it)."""

    def add(self, vectors: Vectors) -> None: ...

    def search(self, queries: Vectors, k: int) -> tuple[Vectors, Ids]:
        """Scores and ids of the `k` best rows per query, best first; id -1 pads short rows."""
        ...

    def rows(self, ids: Sequence[int]) -> Vectors:
        """The stored vectors of `ids`, in that order: what retrieval gathers per question."""
        ...

    def reconstruct_n(self, start: int, count: int) -> Vectors:
        """Stored vectors `start` to `start + count`, for scans; a memory map once loaded."""
        ...

    def count(self) -> int: ...

    def save(self, path: Path) -> None: ...


class FlatStore:
    """Exact search over a matrix, memory-mapped when loaded so it is read only as needed."""

    suffix = ".npy"

    def __init__(self, matrix: Vectors) -> None:
        self.matrix = matrix

    @classmethod
    def empty(cls, dimension: int) -> "FlatStore":
        return cls(np.zeros((0, dimension), dtype=np.float32))

    @classmethod
    def load(cls, path: Path) -> "FlatStore":
        matrix = np.load(path, mmap_mode="r", allow_pickle=False)
        if matrix.ndim != 2 or matrix.dtype != np.float32:
            raise ValueError(f"{path.name} is not a float32 matrix")
        return cls(matrix)

    @property
    def ntotal(self) -> int:
        return self.count()

    def add(self, vectors: Vectors) -> None:
        self.matrix = np.concatenate([self.matrix, np.asarray(vectors, dtype=np.float32)])

    def search(self, queries: Vectors, k: int) -> tuple[Vectors, Ids]:
        scores = np.atleast_2d(queries) @ self.matrix.T
        ids = np.full((scores.shape[0], k), -1, dtype=np.int64)
        top = np.full((scores.shape[0], k), -np.inf, dtype=np.float32)
        found = min(k, self.count())
        if found == 0:
            return top, ids
        best = np.argpartition(-scores, found - 1, axis=1)[:, :found]
        best_scores = np.take_along_axis(scores, best, axis=1)
        order = np.argsort(-best_scores, axis=1, kind="stable")
        ids[:, :found] = np.take_along_axis(best, order, axis=1)
        top[:, :found] = np.take_along_axis(best_scores, order, axis=1)
        return top, ids

    def rows(self, ids: Sequence[int]) -> Vectors:
        # Every search scans the whole map anyway, so gathering from it costs nothing more.
        rows: Vectors = self.matrix[np.asarray(ids, dtype=np.int64)]
        return rows

    def reconstruct_n(self, start: int, count: int) -> Vectors:
        rows: Vectors = self.matrix[start : start + count]
        return rows

    def count(self) -> int:
        return int(self.matrix.shape[0])

    def save(self, path: Path) -> None:
        with path.open("wb") as out:
            np.save(out, np.ascontiguousarray(self.matrix), allow_pickle=False)


class HnswStore:
    """Approximate search for corpora too large to scan per question.

    A FAISS HNSW graph over 8-bit scalar-quantised codes finds candidates; they are re-scored
    exactly from the float matrix, kept beside the graph as a .npy file. Once loaded, rows are
    read from that file as asked for, not through a memory map, which would keep every page it
    ever touched resident: RAM holds the graph and the codes (a quarter of the floats), never a
    float copy, and scores are exact inner products as in FlatStore.
    """

    suffix = ".faiss"

    def __init__(self, index: Any, matrix: Vectors) -> None:
        self.index = index
        self.matrix = matrix

    @classmethod
    def empty(cls, dimension: int) -> "HnswStore":
        import faiss

        index: Any = faiss.index_factory(
            dimension, f"HNSW{HNSW_NEIGHBOURS},SQ8", faiss.METRIC_INNER_PRODUCT
        )
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        return cls(index, np.zeros((0, dimension), dtype=np.float32))

    @classmethod
    def load(cls, path: Path) -> "HnswStore":
        import faiss

        matrix = FlatStore.load(path.with_suffix(FlatStore.suffix)).matrix
        index = faiss.read_index(str(path))
        if index.ntotal != matrix.shape[0] or index.d != matrix.shape[1]:
            raise ValueError(f"{path.name} does not match its matrix")
        return cls(index, matrix)

    @property
    def ntotal(self) -> int:
        return self.count()

    def add(self, vectors: Vectors) -> None:
        rows = np.ascontiguousarray(vectors, dtype=np.float32)
        if not self.index.is_trained:
            # The quantiser learns each dimension's range from the first vectors it is given.
            self.index.train(rows)
        self.index.add(rows)
        self.matrix = np.concatenate([self.matrix, rows]) if self.count() > len(rows) else rows

    def search(self, queries: Vectors, k: int) -> tuple[Vectors, Ids]:
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        fetched = max(k, HNSW_RESCORED)
        self.index.hnsw.efSearch = max(HNSW_EF_SEARCH, fetched)
        _, candidates = self.index.search(queries, fetched)
        scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
        ids = np.full((len(queries), k), -1, dtype=np.int64)
        for row, (query, found) in enumerate(zip(queries, candidates, strict=True)):
            found = found[found >= 0]
            exact = self.rows(found) @ query
            best = np.argsort(-exact, kind="stable")[:k]
            scores[row, : len(best)] = exact[best]
            ids[row, : len(best)] = found[best]
        return scores, ids

    def rows(self, ids: Sequence[int]) -> Vectors:
        if isinstance(self.matrix, np.memmap):
            return read_rows(self.matrix, np.asarray(ids, dtype=np.int64))
        rows: Vectors = self.matrix[np.asarray(ids, dtype=np.int64)]
        return rows

    def reconstruct_n(self, start: int, count: int) -> Vectors:
        rows: Vectors = self.matrix[start : start + count]
        return rows

    def count(self) -> int:
        return int(self.index.ntotal)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self.index, str(path))
        FlatStore(self.matrix).save(path.with_suffix(FlatStore.suffix))


def read_rows(matrix: np.memmap[Any, Any], ids: Ids) -> Vectors:
    """Rows `ids` of a memory-mapped float32 matrix, read from its file without touching the map:
    one read per run of consecutive ids, into a buffer the caller owns."""
    order = np.argsort(ids, kind="stable")
    wanted = ids[order]
    if len(wanted) and (wanted[0] < 0 or wanted[-1] >= len(matrix)):
        raise IndexError("row id out of range")
    found = np.empty((len(ids), matrix.shape[1]), dtype=np.float32)
    row_bytes = matrix.shape[1] * found.itemsize
    runs = np.split(np.arange(len(wanted)), np.flatnonzero(np.diff(wanted) != 1) + 1)
    with open(str(matrix.filename), "rb", buffering=0) as file:
        for run in runs:
            if len(run):
                file.seek(matrix.offset + int(wanted[run[0]]) * row_bytes)
                file.readinto(found[run[0] : run[-1] + 1].data)
    rows = np.empty_like(found)
    rows[order] = found
    return rows


STORES: dict[str, type[FlatStore] | type[HnswStore]] = {"flat": FlatStore, "hnsw": HnswStore}


def store_kind(count: int, approximate_above: int) -> StoreKind:
    """Exact search up to `approximate_above` vectors, HNSW above."""
    return "hnsw" if count > approximate_above else "flat"


def build_store(kind: str, vectors: Vectors) -> VectorStore:
    store = STORES[kind].empty(vectors.shape[1])
    store.add(vectors)
    return store


def store_path(folder: Path, name: str, kind: str) -> Path:
    return folder / f"{name}{STORES[kind].suffix}"


def load_store(kind: str, path: Path) -> VectorStore:
    """The store saved at `path`; ValueError for an unknown kind or a damaged file."""
    if kind not in STORES:
        raise ValueError(f"unknown vector index type {kind!r}")
    return STORES[kind].load(path)

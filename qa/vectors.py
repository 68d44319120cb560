"""Vector stores: exact search in a memory-mapped matrix, or an approximate FAISS inverted file.

A small corpus is searched exactly with numpy, which is already loaded and needs no index file
beyond the matrix (faiss alone takes longer to import than such a search). Above
`Settings.approximate_above` vectors, an inverted file over 8-bit codes scans the few cells
nearest each query and its candidates are re-scored exactly from the same matrix: recall@10
against exact search 1.000 at a million sentences (0.995 at 100k), on both synthetic corpora
of benchmarks/scale.py. Both keep the float vectors on disk, read only as needed, so RAM stays
bounded at a million sentences. Any store with the VectorStore methods can replace these without
touching retrieval or ranking; `search` and `reconstruct_n` follow FAISS's conventions.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

from qa.embed import Vectors

StoreKind = Literal["flat", "ivf"]
Ids = npt.NDArray[np.int64]

IVF_TRAINING_PER_CELL = 39
"""Fewest training vectors per k-means centroid FAISS accepts without a warning; k-means learns
from twice that many per cell (a sample: 320k vectors at a million), which keeps training to
minutes on two cores with centroids as good as all the vectors give."""
IVF_MIN_PROBES = 32
"""Fewest cells scanned per query, for indexes of a few hundred cells."""
IVF_RESCORED = 100
"""Candidates the inverted file returns per query, re-scored exactly; at least the k asked for.
qa's retriever asks each store for 100 anyway, and 100 rather than 10 re-scored turns the 8-bit
codes' near-misses into exact hits (recall@10 0.984 -> 0.998 at 250k copies, 2,048 cells, 32
scanned)."""


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

    @property
    def parameters(self) -> dict[str, str | int]:
        """What an approximate store was built and searches with, for the manifest."""
        ...


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

    @property
    def parameters(self) -> dict[str, str | int]:
        return {}

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


class IvfStore:
    """Approximate search for corpora too large to scan per question.

    A FAISS inverted file (IVF) over 8-bit scalar-quantised codes scans only the cells nearest
    the query, found among `ivf_cells(count)` k-means centroids; the best `IVF_RESCORED`
    candidates are re-scored exactly from the float matrix, kept beside the index as a .npy file.
    Once loaded, rows are read from that file as asked for, not through a memory map, which would
    keep every page it ever touched resident: RAM holds the codes (a quarter of the floats) and
    the centroids, never a float copy, and scores are exact inner products as in FlatStore.
    The codes are read whole: FAISS can map them instead (IO_FLAG_MMAP), but at a million
    sentences that made a search twice as slow (p50 3.9 -> 7.5 ms, warm) for the same peak RAM,
    and saved only 0.26 s of loading per store.
    """

    suffix = ".faiss"

    def __init__(self, index: Any, matrix: Vectors) -> None:
        self.index = index
        self.matrix = matrix

    @classmethod
    def empty(cls, dimension: int) -> "IvfStore":
        return cls(None, np.zeros((0, dimension), dtype=np.float32))

    @classmethod
    def load(cls, path: Path) -> "IvfStore":
        import faiss

        matrix = FlatStore.load(path.with_suffix(FlatStore.suffix)).matrix
        index = faiss.read_index(str(path))
        if not isinstance(index, faiss.IndexIVF):
            raise ValueError(f"{path.name} is not an inverted file index")
        if index.ntotal != matrix.shape[0] or index.d != matrix.shape[1]:
            raise ValueError(f"{path.name} does not match its matrix")
        return cls(index, matrix)

    @property
    def ntotal(self) -> int:
        return self.count()

    @property
    def parameters(self) -> dict[str, str | int]:
        """The FAISS index and search parameters, as the manifest records them."""
        if self.index is None:
            return {}
        return {
            "factory": f"IVF{self.index.nlist},SQ8",
            "nprobe": int(self.index.nprobe),
            "rescored": IVF_RESCORED,
        }

    def add(self, vectors: Vectors) -> None:
        rows = np.ascontiguousarray(vectors, dtype=np.float32)
        if self.index is None:
            # The centroids and the quantiser's ranges are learnt from the first vectors given.
            self.index = trained_ivf(rows)
        self.index.add(rows)
        self.matrix = np.concatenate([self.matrix, rows]) if len(self.matrix) else rows

    def search(self, queries: Vectors, k: int) -> tuple[Vectors, Ids]:
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
        ids = np.full((len(queries), k), -1, dtype=np.int64)
        if self.count() == 0:
            return scores, ids
        _, candidates = self.index.search(queries, max(k, IVF_RESCORED))
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
        return 0 if self.index is None else int(self.index.ntotal)

    def save(self, path: Path) -> None:
        import faiss

        if self.index is None:
            raise ValueError("an empty inverted file index has no cells to save")
        faiss.write_index(self.index, str(path))
        FlatStore(self.matrix).save(path.with_suffix(FlatStore.suffix))


def ivf_cells(count: int) -> int:
    """Cells of the inverted file for `count` vectors: the power of two nearest 4 * sqrt(count)
    (FAISS's rule of thumb, 4,096 at a million), so a cell holds about sqrt(count) / 4 vectors;
    no more than one per IVF_TRAINING_PER_CELL vectors, so k-means has enough points per cell."""
    nearest = 2 ** round(np.log2(max(1.0, 4 * np.sqrt(count))))
    return int(max(1, min(nearest, count // IVF_TRAINING_PER_CELL)))


def ivf_probes(cells: int) -> int:
    """Cells scanned per query: 1/16 of them (256 of 4,096 at a million vectors), at least
    IVF_MIN_PROBES, or all of a small index. At 100k (1,024 cells, benchmarks/scale.py) 1/32
    gave recall@10 0.988-0.990 and 1/16 0.995 in both synthetic modes, for 0.3 ms more a query,
    so the margin is bought. At a million, 1/16 gives recall@10 1.000 in both modes and a search
    for 10 takes 4-8.5 ms p50 on the shared machine (qa's dense step, two stores, 12-13.5 ms),
    inside the 20 ms target."""
    return min(cells, max(IVF_MIN_PROBES, cells // 16))


def trained_ivf(vectors: Vectors) -> Any:
    """An empty IVF-SQ8 index whose centroids and code ranges are learnt from `vectors`."""
    import faiss

    cells = ivf_cells(len(vectors))
    index: Any = faiss.index_factory(
        vectors.shape[1], f"IVF{cells},SQ8", faiss.METRIC_INNER_PRODUCT
    )
    # Unit vectors are compared by angle, so the centroids are kept on the sphere too.
    index.cp.spherical = True
    rng = np.random.default_rng(0)
    sample = min(len(vectors), IVF_TRAINING_PER_CELL * 2 * cells)
    index.train(vectors[np.sort(rng.choice(len(vectors), sample, replace=False))])
    index.nprobe = ivf_probes(cells)
    return index


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


STORES: dict[str, type[FlatStore] | type[IvfStore]] = {"flat": FlatStore, "ivf": IvfStore}


def store_kind(count: int, approximate_above: int) -> StoreKind:
    """Exact search up to `approximate_above` vectors, an inverted file above."""
    return "ivf" if count > approximate_above else "flat"


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

"""Vector store build time, size, RAM, latency and recall@10 at 10k, 100k and 1M sentences.

    python -m benchmarks.scale [--sizes 10000,100000[,1000000]] [--queries 1000]
                               [--sigma 0.03] [--build-threads 2]

Vectors: the real embeddings of the SQuAD v1.1 dev part 1 sentences (5.5k; split by qa's
segmenter, embedded by qa's build encoder, cached in benchmarks/.cache/scale/), then, up to N,
synthetic ones: real vector i mod R plus Gaussian noise of standard deviation --sigma in every
dimension, renormalised. At sigma 0.03 a copy keeps a cosine of about 0.86 with its original
and 0.74 with its sibling copies (printed): dense clusters of near-paraphrases, a harder case for
an approximate index than a corpus of distinct sentences, never exact duplicates. Queries: real
embeddings of the part 1 questions (a fixed sample of --queries).

Each N runs in fresh processes, through qa.vectors (the store qa picks for N: exact below
Settings.approximate_above, HNSW above). A build process generates the vectors, times
build_store + save (FAISS with --build-threads threads), measures the files on disk and the exact
top 10 of each query by FlatStore. A query process then loads the store twice, as qa loads the
sentence and the context sets, with one FAISS thread as qa's query path, and asks each question
alone: one store's search for 10 (p50/p95 and recall@10 against exact), qa's dense step (both
stores searched for 100 and the candidates' rows gathered, as qa.retrieve does; p50/p95), and
its peak resident memory (VmHWM), of which file-backed pages (RssFile at the end: shared
libraries and pages of memory-mapped files, which the kernel can drop).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import CACHE, p50_p95
from benchmarks.squad import SQUAD_PART1
from qa.embed import Vectors

SCALE_CACHE = CACHE / "scale"
QUESTIONS = SCALE_CACHE / "questions.npy"
DEFAULT_SIZES = (10_000, 100_000)
TARGETS_AT_1M = {"p50_ms": 20.0, "ram_mb": 2048.0, "recall": 0.98}
RETRIEVAL_K = 100
"""Candidates qa's retriever asks of each store (qa.retrieve: 2 * CANDIDATES_PER_RANKER)."""
CHUNK_ROWS = 100_000


def real_vectors() -> tuple[Vectors, Vectors]:
    """Embeddings of the part 1 sentences and questions, computed once and cached."""
    sentences_path, questions_path = SCALE_CACHE / "sentences.npy", QUESTIONS
    if not (sentences_path.exists() and questions_path.exists()):
        from qa.embed import Encoder
        from qa.segment import split_sentences
        from qa.settings import default_model_path

        articles = json.loads(SQUAD_PART1.read_text("utf-8"))["data"]
        paragraphs = [p for a in articles for p in a["paragraphs"]]
        sentences = [
            p["context"][s.start : s.end] for p in paragraphs for s in split_sentences(p["context"])
        ]
        questions = [q["question"] for p in paragraphs for q in p["qas"]]
        print(f"embedding {len(sentences)} sentences, {len(questions)} questions", file=sys.stderr)
        encoder = Encoder(default_model_path())
        SCALE_CACHE.mkdir(parents=True, exist_ok=True)
        np.save(sentences_path, encoder.encode(sentences), allow_pickle=False)
        np.save(questions_path, encoder.encode(questions), allow_pickle=False)
    return np.load(sentences_path), np.load(questions_path)


def synthetic_vectors(real: Vectors, size: int, sigma: float) -> Vectors:
    """The real vectors, then noisy renormalised copies of them (round robin) up to `size`."""
    rng = np.random.default_rng(size)
    vectors = np.empty((size, real.shape[1]), dtype=np.float32)
    kept = min(size, len(real))
    vectors[:kept] = real[:kept]
    for first in range(kept, size, CHUNK_ROWS):
        rows = np.arange(first, min(size, first + CHUNK_ROWS))
        chunk = real[rows % len(real)] + sigma * rng.standard_normal(
            (len(rows), real.shape[1]), dtype=np.float32
        )
        vectors[rows] = chunk / np.linalg.norm(chunk, axis=1, keepdims=True)
    return vectors


def query_sample(questions: Vectors, count: int) -> Vectors:
    rows = np.random.default_rng(0).permutation(len(questions))[:count]
    return np.ascontiguousarray(questions[np.sort(rows)])


def build(size: int, queries: int, sigma: float) -> dict[str, Any]:
    """Build and save the store qa would pick for `size` vectors; exact top 10 of the queries."""
    from qa.settings import Settings
    from qa.vectors import FlatStore, build_store, store_kind, store_path

    real, questions = real_vectors()
    vectors = synthetic_vectors(real, size, sigma)
    kind = store_kind(size, Settings.model_fields["approximate_above"].default)
    folder = SCALE_CACHE / str(size)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    started = time.perf_counter()
    store = build_store(kind, vectors)
    store.save(store_path(folder, "sentences", kind))
    build_s = time.perf_counter() - started
    del store
    asked = query_sample(questions, queries)
    truth = np.concatenate(
        [FlatStore(vectors).search(asked[i : i + 50], 10)[1] for i in range(0, len(asked), 50)]
    )
    np.save(folder / "truth.npy", truth, allow_pickle=False)
    synthetic = vectors[len(real) :: 97]
    origin = real[np.arange(len(real), size, 97) % len(real)]
    copy_cosine = float(np.mean(np.sum(synthetic * origin, axis=1))) if len(synthetic) else 1.0
    return {
        "kind": kind,
        "build_s": build_s,
        "disk_mb": sum(p.stat().st_size for p in folder.glob("sentences.*")) / 2**20,
        "copy_cosine": copy_cosine,
    }


def answer(size: int, kind: str, queries: int) -> dict[str, Any]:
    """Load the store twice (sentence and context sets), ask each query alone, as qa does."""
    import faiss

    from qa.vectors import load_store, store_path

    faiss.omp_set_num_threads(1)
    folder = SCALE_CACHE / str(size)
    asked = query_sample(np.load(QUESTIONS), queries)
    truth = np.load(folder / "truth.npy")
    started = time.perf_counter()
    stores = [load_store(kind, store_path(folder, "sentences", kind)) for _ in range(2)]
    load_s = time.perf_counter() - started
    search_ms, dense_ms, recalls = [], [], []
    for query, exact in zip(asked, truth, strict=True):
        started = time.perf_counter()
        _, found = stores[0].search(query, 10)
        search_ms.append(1000 * (time.perf_counter() - started))
        recalls.append(len(set(exact.tolist()) & set(found[0].tolist())) / 10)
        started = time.perf_counter()
        ids: set[int] = set()
        for store in stores:
            ids |= {int(i) for i in store.search(query, RETRIEVAL_K)[1][0] if i >= 0}
        rows = sorted(ids)
        for store in stores:
            store.rows(rows) @ query
        dense_ms.append(1000 * (time.perf_counter() - started))
    return {
        "load_s": load_s,
        "search_ms": p50_p95(search_ms),
        "dense_ms": p50_p95(dense_ms),
        "recall": float(np.mean(recalls)),
        "ram_mb": memory_mb("VmHWM"),
        "file_mb": memory_mb("RssFile"),
    }


def memory_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status, in MB."""
    status = Path("/proc/self/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith(f"{field}:"))
    return int(line.split()[1]) / 1024


def in_subprocess(step: str, threads: int, *arguments: str) -> dict[str, Any]:
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "OPENBLAS_NUM_THREADS": str(threads)}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale", "--step", step, *arguments],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def measure(size: int, args: argparse.Namespace) -> dict[str, Any]:
    common = ["--size", str(size), "--queries", str(args.queries)]
    built = in_subprocess("build", args.build_threads, *common, "--sigma", str(args.sigma))
    answered = in_subprocess("answer", 1, *common, "--kind", built["kind"])
    return {"size": size, **built, **answered}


def print_table(rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    target = TARGETS_AT_1M
    print(
        f"\nSynthetic scale: {args.queries} SQuAD questions, copies at sigma {args.sigma}; "
        f"build with {args.build_threads} FAISS threads, queries with 1"
    )
    print(
        "| sentences | store | copy cos | build s | disk MB | load s "
        "| RAM MB, 2 sets (file) | search@10 p50/p95 ms | dense step p50/p95 ms | recall@10 |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        memory = f"{row['ram_mb']:.0f} ({row['file_mb']:.0f})"
        print(
            f"| {row['size']:,} | {row['kind']} | {row['copy_cosine']:.2f} | {row['build_s']:.1f} "
            f"| {row['disk_mb']:.0f} | {row['load_s']:.2f} | {memory} "
            f"| {row['search_ms'][0]:.2f} / {row['search_ms'][1]:.2f} "
            f"| {row['dense_ms'][0]:.2f} / {row['dense_ms'][1]:.2f} | {row['recall']:.3f} |"
        )
    print(
        f"| target at 1M | | | | | | <= {target['ram_mb']:.0f} | p50 <= {target['p50_ms']:.0f} "
        f"| | >= {target['recall']} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--sigma", type=float, default=0.03)
    parser.add_argument("--build-threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--step", choices=("build", "answer"), help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--kind", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "build":
        print(json.dumps(build(args.size, args.queries, args.sigma)))
    elif args.step == "answer":
        print(json.dumps(answer(args.size, args.kind, args.queries)))
    else:
        real_vectors()
        rows = []
        for size in (int(s) for s in args.sizes.split(",")):
            rows.append(measure(size, args))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
        print_table(rows, args)


if __name__ == "__main__":
    main()

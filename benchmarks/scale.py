"""Vector store build time, size, RAM, latency and recall@10 at 10k, 100k and 1M sentences.

    python -m benchmarks.scale [--sizes 10000,100000[,1000000]] [--modes copies,mixed]
                               [--queries 1000] [--sigma 0.03] [--build-threads 2]

Vectors: the real embeddings of the SQuAD v1.1 dev part 1 sentences (R = 5.5k; split by qa's
segmenter, embedded by qa's build encoder, cached in benchmarks/.cache/scale/), then, up to N,
synthetic ones made from real vector i mod R, renormalised, in one of two modes:

- copies: real vector i plus Gaussian noise of standard deviation --sigma in every dimension.
  At sigma 0.03 a copy keeps a cosine of about 0.86 with its original and 0.74 with its sibling
  copies: N/R near-identical variants of every sentence (180 at a million), never exact
  duplicates. No news corpus repeats each sentence a few hundred times, so this is a worst case:
  a query's ten nearest are often ten copies of one sentence, which an HNSW graph loses.
- mixed: w * vector i + (1 - w) * real vector j, j drawn at random, w uniform in [0.5, 0.9],
  plus the same noise. Each synthetic sentence is led by one real sentence but differs from
  its siblings by what it mixes in (cosine about 0.72 with its leader, 0.52 with a sibling;
  among 2,000 real sentences the nearest other one is at about 0.61): distinct, related
  neighbours, as sentences of articles on the same story are.

The approximate store must hold recall@10 >= 0.98 in both modes; the target is judged on mixed,
the closer to a real corpus, and copies is reported beside it as the stress case. The "lead cos"
column is the mean cosine of a synthetic vector with its real vector i. Queries: real embeddings
of the part 1 questions (a fixed sample of --queries).

Each N and mode runs in fresh processes, through qa.vectors (the store qa picks for N: exact up
to Settings.approximate_above, an inverted file above, its parameters printed). A build process
generates the vectors, times build_store + save (FAISS with --build-threads threads), measures
the files on disk and the exact top 10 of each query by FlatStore. A query process then loads
the store twice, as qa loads the sentence and the context sets, with one FAISS thread as qa's
query path, and asks each question alone: one store's search for 10 (p50/p95 and recall@10
against exact), qa's dense step (both stores searched for 100 and the candidates' rows gathered,
as qa.retrieve does; p50/p95), and its peak resident memory (VmHWM), of which file-backed pages
(RssFile at the end: shared libraries and pages of memory-mapped files, which the kernel can
drop).
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
MODES = ("copies", "mixed")
MIXED_LEAD_WEIGHT = (0.5, 0.9)
"""Range of the weight of a mixed vector's leading real vector: above half, so it stays led by
one sentence; below 0.9, so two siblings differ by more than the noise."""


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


def synthetic_vectors(real: Vectors, size: int, sigma: float, mode: str = "copies") -> Vectors:
    """The real vectors, then synthetic ones led by them (round robin) up to `size`: noisy
    copies, or noisy mixtures with another real vector ("mixed"), renormalised."""
    rng = np.random.default_rng(size)
    vectors = np.empty((size, real.shape[1]), dtype=np.float32)
    kept = min(size, len(real))
    vectors[:kept] = real[:kept]
    for first in range(kept, size, CHUNK_ROWS):
        rows = np.arange(first, min(size, first + CHUNK_ROWS))
        chunk = real[rows % len(real)]
        if mode == "mixed":
            weight = rng.uniform(*MIXED_LEAD_WEIGHT, size=(len(rows), 1)).astype(np.float32)
            mixed_in = real[rng.integers(0, len(real), size=len(rows))]
            chunk = weight * chunk + (1 - weight) * mixed_in
        chunk = chunk + sigma * rng.standard_normal((len(rows), real.shape[1]), dtype=np.float32)
        vectors[rows] = chunk / np.linalg.norm(chunk, axis=1, keepdims=True)
    return vectors


def query_sample(questions: Vectors, count: int) -> Vectors:
    rows = np.random.default_rng(0).permutation(len(questions))[:count]
    return np.ascontiguousarray(questions[np.sort(rows)])


def data_folder(size: int, mode: str) -> Path:
    return SCALE_CACHE / f"{mode}-{size}"


def build(size: int, mode: str, queries: int, sigma: float) -> dict[str, Any]:
    """Build and save the store qa would pick for `size` vectors; exact top 10 of the queries."""
    from qa.settings import Settings
    from qa.vectors import FlatStore, build_store, store_kind, store_path

    real, questions = real_vectors()
    vectors = synthetic_vectors(real, size, sigma, mode)
    kind = store_kind(size, Settings.model_fields["approximate_above"].default)
    folder = data_folder(size, mode)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    started = time.perf_counter()
    store = build_store(kind, vectors)
    store.save(store_path(folder, "sentences", kind))
    build_s = time.perf_counter() - started
    parameters = store.parameters
    del store
    asked = query_sample(questions, queries)
    truth = np.concatenate(
        [FlatStore(vectors).search(asked[i : i + 50], 10)[1] for i in range(0, len(asked), 50)]
    )
    np.save(folder / "truth.npy", truth, allow_pickle=False)
    synthetic = vectors[len(real) :: 97]
    origin = real[np.arange(len(real), size, 97) % len(real)]
    lead_cosine = float(np.mean(np.sum(synthetic * origin, axis=1))) if len(synthetic) else 1.0
    return {
        "kind": kind,
        "parameters": parameters,
        "build_s": build_s,
        "disk_mb": sum(p.stat().st_size for p in folder.glob("sentences.*")) / 2**20,
        "lead_cosine": lead_cosine,
    }


def answer(size: int, mode: str, kind: str, queries: int) -> dict[str, Any]:
    """Load the store twice (sentence and context sets), ask each query alone, as qa does."""
    import faiss

    from qa.vectors import load_store, store_path

    faiss.omp_set_num_threads(1)
    folder = data_folder(size, mode)
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


def measure(size: int, mode: str, args: argparse.Namespace) -> dict[str, Any]:
    common = ["--size", str(size), "--mode", mode, "--queries", str(args.queries)]
    built = in_subprocess("build", args.build_threads, *common, "--sigma", str(args.sigma))
    answered = in_subprocess("answer", 1, *common, "--kind", built["kind"])
    return {"size": size, "mode": mode, **built, **answered}


def print_table(rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    target = TARGETS_AT_1M
    print(
        f"\nSynthetic scale: {args.queries} SQuAD questions, noise sigma {args.sigma}; "
        f"build with {args.build_threads} FAISS threads, queries with 1"
    )
    print(
        "| sentences | mode | store | lead cos | build s | disk MB | load s "
        "| RAM MB, 2 sets (file) | search@10 p50/p95 ms | dense step p50/p95 ms | recall@10 |"
    )
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        memory = f"{row['ram_mb']:.0f} ({row['file_mb']:.0f})"
        store = " ".join([row["kind"], *(f"{k}={v}" for k, v in row["parameters"].items())])
        print(
            f"| {row['size']:,} | {row['mode']} | {store} | {row['lead_cosine']:.2f} "
            f"| {row['build_s']:.1f} | {row['disk_mb']:.0f} | {row['load_s']:.2f} | {memory} "
            f"| {row['search_ms'][0]:.2f} / {row['search_ms'][1]:.2f} "
            f"| {row['dense_ms'][0]:.2f} / {row['dense_ms'][1]:.2f} | {row['recall']:.3f} |"
        )
    print(
        f"| target at 1M | mixed | | | | | | <= {target['ram_mb']:.0f} "
        f"| p50 <= {target['p50_ms']:.0f} | | >= {target['recall']} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--sigma", type=float, default=0.03)
    parser.add_argument("--build-threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--step", choices=("build", "answer"), help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--kind", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "build":
        print(json.dumps(build(args.size, args.mode, args.queries, args.sigma)))
    elif args.step == "answer":
        print(json.dumps(answer(args.size, args.mode, args.kind, args.queries)))
    else:
        modes = args.modes.split(",")
        if unknown := set(modes) - set(MODES):
            parser.error(f"unknown mode {sorted(unknown)[0]!r}; modes: {', '.join(MODES)}")
        real_vectors()
        rows = []
        for size in (int(s) for s in args.sizes.split(",")):
            for mode in modes:
                rows.append(measure(size, mode, args))
                print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
        print_table(rows, args)


if __name__ == "__main__":
    main()

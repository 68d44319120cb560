"""Soak check: 10,000 questions through one `qa --ask - --json` process, its memory sampled.

    python -m benchmarks.soak [--questions 10000] [--warm-up 1000] [--max-growth 0.10]

The questions are the seed dev questions, half of them as asked and half with a corpus word
added, so the process sees thousands of different questions rather than a few repeated ones.
The resident set size (psutil when installed, else VmRSS in /proc/PID/status) is read after the
warm-up answers and after the last one; a process that keeps something per question grows
between the two. Exit status 1 when it grows by more than --max-growth.
"""

import argparse
import random
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from benchmarks.common import CACHE, REPO, read_seed_questions

SEEDS = REPO / "seeds"
INDEX = CACHE / "soak" / "index"
WORD = re.compile(r"[A-Za-z]{4,}")


def rss_mb(pid: int) -> float:
    """Resident set size of process `pid` in MiB."""
    try:
        import psutil
    except ImportError:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
        kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))
        return int(kib) / 1024
    return float(psutil.Process(pid).memory_info().rss) / 2**20


def make_questions(count: int, seed: int = 0) -> list[str]:
    """`count` questions: the seed dev questions, every other one with a corpus word added."""
    asked = [q.question for q in read_seed_questions()]
    words = sorted({w.lower() for p in SEEDS.glob("*.txt") for w in WORD.findall(p.read_text())})
    chooser = random.Random(seed)
    questions = []
    for number in range(count):
        question = asked[number % len(asked)]
        if number % 2:
            question = f"{question.rstrip('?')} {chooser.choice(words)}?"
        questions.append(question)
    return questions


def feed(stdin: IO[bytes], questions: list[str]) -> None:
    """Write every question; stdin stays open so the process is alive for the last sample."""
    for question in questions:
        stdin.write(question.encode("utf-8") + b"\n")
    stdin.flush()


def answered_lines(stdout: IO[bytes], count: int) -> Iterator[bytes]:
    """The first `count` lines of output: one per question, answer or error object."""
    for _ in range(count):
        line = stdout.readline()
        if not line:
            return
        yield line


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--warm-up", type=int, default=1_000)
    parser.add_argument("--max-growth", type=float, default=0.10)
    args = parser.parse_args()
    qa = [sys.executable, "-m", "qa", "--corpus", str(SEEDS), "--index", str(INDEX)]
    # Built by a process of its own, so the soaked process only loads the index and answers.
    subprocess.run([*qa, "--ask", "warm up", "--quiet"], stdout=subprocess.DEVNULL, check=False)

    questions = make_questions(args.questions)
    started = time.perf_counter()
    process = subprocess.Popen(
        [*qa, "--ask", "-", "--json", "--quiet"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert process.stdin is not None and process.stdout is not None
    writer = threading.Thread(target=feed, args=(process.stdin, questions), daemon=True)
    writer.start()
    samples: dict[int, float] = {}
    answered = 0
    for _ in answered_lines(process.stdout, args.questions):
        answered += 1
        if answered == args.warm_up or answered % 2_000 == 0 or answered == args.questions:
            samples[answered] = rss_mb(process.pid)
    process.stdin.close()
    process.wait()
    elapsed_s = time.perf_counter() - started

    for count, mb in sorted(samples.items()):
        print(f"after {count:>6} answers: RSS {mb:.1f} MiB")
    if answered != args.questions or args.warm_up not in samples:
        print(f"only {answered} of {args.questions} questions answered; exit {process.returncode}")
        return 1
    at_warm_up, at_end = samples[args.warm_up], samples[answered]
    growth = (at_end - at_warm_up) / at_warm_up
    verdict = "ok" if growth <= args.max_growth else "TOO MUCH"
    print(
        f"{answered} questions in {elapsed_s:.0f} s ({1000 * elapsed_s / answered:.1f} ms each); "
        f"RSS {at_warm_up:.1f} MiB after {args.warm_up}, {at_end:.1f} MiB at the end: "
        f"growth {100 * growth:+.1f} % (limit {100 * args.max_growth:.0f} %) {verdict}"
    )
    return 0 if growth <= args.max_growth else 1


if __name__ == "__main__":
    sys.exit(main())

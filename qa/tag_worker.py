"""Tag a build's paragraphs in a worker process while the build splits and embeds them.

spaCy's ner runs on one core, and the embedding model leaves part of the second one idle:
measured on 400 articles (800 paragraphs), tagging in the build took 5.7 s, and beside the
embedding it made the embedding 2.7 s longer.

The worker is `python -m qa.tag_worker PARENT_PID`: it reads one JSON string per line and writes
the entities of each, one JSON list of [start, end, label] per line, in the same order. A plain
process rather than a multiprocessing pool: a spawned pool imports the parent's main script
again, which breaks every script that uses qa without an `if __name__ == "__main__"` guard, and
it would pass pickles; these files carry JSON.
"""

import json
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from qa.entities import SpanRow

log = logging.getLogger(__name__)


class TaggingWorker:
    """One worker process tagging `texts`; `spans(text)` waits for a text's entities."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._order = list(dict.fromkeys(texts))
        self._found: dict[str, list[SpanRow]] | None = None
        # Texts in and entities out go through unnamed temporary files, not pipes: the worker
        # never waits for the build, busy embedding, to feed it or read it, and no thread of
        # the build has to. The system removes the files however the build ends.
        self._entities_file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        package_root = str(Path(__file__).resolve().parent.parent)
        search_path = [package_root, *filter(None, [os.environ.get("PYTHONPATH")])]
        with tempfile.TemporaryFile() as texts_file:
            texts_file.writelines(json.dumps(t).encode("utf-8") + b"\n" for t in self._order)
            texts_file.seek(0)
            self._process = subprocess.Popen(
                [sys.executable, "-m", "qa.tag_worker", str(os.getpid())],
                stdin=texts_file,
                stdout=self._entities_file,
                # A worker that fails leaves its texts to the build, which then reports the same
                # error itself; and nothing may reach the chat's screen.
                stderr=subprocess.DEVNULL,
                env={**os.environ, "PYTHONPATH": os.pathsep.join(search_path)},
                # Out of the terminal's process group: Ctrl-C reaches the build alone, which
                # stops the worker.
                start_new_session=True,
            )

    def spans(self, text: str) -> list[SpanRow] | None:
        """The entities of `text`, once the worker is done; None if it was not given `text`,
        or stopped before its turn."""
        if self._found is None:
            self._found = self._read_entities()
        return self._found.get(text)

    def _read_entities(self) -> dict[str, list[SpanRow]]:
        code = self._process.wait()
        self._entities_file.seek(0)
        found: dict[str, list[SpanRow]] = {}
        try:
            for text, line in zip(self._order, self._entities_file, strict=False):
                found[text] = [(int(s), int(e), str(label)) for s, e, label in json.loads(line)]
        except (ValueError, TypeError) as error:
            log.debug("tagging worker output unreadable: %s", error)
        if len(found) < len(self._order):
            log.warning(
                "the tagging worker stopped (exit code %s) with %d paragraphs left; "
                "tagging them in the build",
                code,
                len(self._order) - len(found),
            )
        return found

    def close(self) -> None:
        """Stop the worker if it is still running, and wait for it."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._entities_file.close()


def serve(lines: Iterable[bytes], out: IO[str], parent: int) -> None:
    """The worker's loop: the entities of each text read from `lines`, written to `out`, for as
    long as the build `parent` runs (a killed build cannot stop it otherwise)."""
    from qa.entities import load_pipeline, spans_of

    for spans in spans_of(load_pipeline(), (json.loads(line) for line in lines)):
        if os.getppid() != parent:
            return
        out.write(json.dumps(spans) + "\n")
        out.flush()


if __name__ == "__main__":
    # spaCy's thinc imports torch, when installed, only to offer it as a backend, which the
    # small pipeline never uses: without it the worker starts 1.6 s sooner in 185 MB less, and
    # tags the same (every entity of 800 paragraphs compared).
    sys.modules["torch"] = None  # type: ignore[assignment]  # None: "import torch" fails
    serve(sys.stdin.buffer, sys.stdout, int(sys.argv[1]))

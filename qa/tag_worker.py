"""Tag a build's paragraphs in a worker process while the build splits and embeds them.

spaCy's ner runs on one core, and the embedding model leaves part of the second one idle:
measured on 400 articles (800 paragraphs), tagging in the build took 5.7 s, and beside the
embedding it made the embedding 2.7 s longer.

The worker (`main` below) reads one JSON string per line and writes the entities of each, one
JSON list of [start, end, label] per line, in the same order. A plain process rather than a
multiprocessing pool: a spawned pool imports the parent's main script again, which breaks every
script that uses qa without an `if __name__ == "__main__"` guard, and it would pass pickles;
these files carry JSON.
"""

import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from pydantic import TypeAdapter, ValidationError

from qa.cache import text_key
from qa.entities import SpanRow

log = logging.getLogger(__name__)

POLL_S = 0.05
"""How often the build looks for the worker's next entities while it waits for them."""
READ_BYTES = 1 << 20
BOOT = "import sys; sys.path.append(sys.argv[1]); from qa.tag_worker import main; main()"
"""The worker's command: run with -P, so that no folder the build runs in can shadow a module,
and qa found where the build found it, after the standard library and site-packages."""
ENTITY_ROWS: TypeAdapter[list[tuple[int, int, str]]] = TypeAdapter(list[tuple[int, int, str]])


class TaggingWorker:
    """One worker process tagging `texts`; `wait_for_spans(text)` waits for a text's entities."""

    def __init__(self, texts: Sequence[str]) -> None:
        distinct = {text_key(text): text for text in texts}
        self._order: deque[bytes] = deque(distinct)
        """Keys of the texts whose entities the worker has not given yet, in its order."""
        self._found: dict[bytes, list[SpanRow]] = {}
        self._unread = b""
        self._read_to = 0
        # Texts in and entities out go through unnamed temporary files, not pipes: the worker
        # never waits for the build, busy embedding, to feed it or read it, and no thread of
        # the build has to. The system removes the files however the build ends. The build
        # reads the entities with pread, leaving the offset the worker writes at alone.
        self._entities_file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        try:
            with tempfile.TemporaryFile() as texts_file:
                texts_file.writelines(
                    json.dumps(t).encode("utf-8") + b"\n" for t in distinct.values()
                )
                texts_file.seek(0)
                package_root = str(Path(__file__).resolve().parent.parent)
                self._process = subprocess.Popen(
                    [sys.executable, "-P", "-c", BOOT, package_root, str(os.getpid())],
                    stdin=texts_file,
                    stdout=self._entities_file,
                    # A worker that fails leaves its texts to the build, which then reports the
                    # same error itself; and nothing may reach the chat's screen.
                    stderr=subprocess.DEVNULL,
                    # Out of the terminal's process group: Ctrl-C reaches the build alone,
                    # which stops the worker.
                    start_new_session=True,
                )
        except BaseException:
            self._entities_file.close()
            raise

    def wait_for_spans(self, text: str) -> list[SpanRow] | None:
        """The entities of `text`, once the worker has tagged it; None if it was not given
        `text`, or stopped before its turn."""
        key = text_key(text)
        while key not in self._found and self._order:
            has_ended = self._process.poll() is not None
            self._read_available()
            if key in self._found:
                break
            if has_ended and self._order:
                log.warning(
                    "the tagging worker stopped (exit code %s) with %d paragraphs left; "
                    "tagging them in the build",
                    self._process.returncode,
                    len(self._order),
                )
                self._order.clear()
            else:
                time.sleep(POLL_S)
        return self._found.get(key)

    def _read_available(self) -> None:
        """Take the entities of every whole line the worker has written so far."""
        while chunk := os.pread(self._entities_file.fileno(), READ_BYTES, self._read_to):
            self._read_to += len(chunk)
            *lines, self._unread = (self._unread + chunk).split(b"\n")
            for line in lines:
                if not self._order:
                    return
                try:
                    rows = ENTITY_ROWS.validate_json(line, strict=True)
                except ValidationError as error:
                    log.warning("the tagging worker wrote %r: %s", line[:80], error)
                    self._order.clear()  # what it has not given, the build tags
                    return
                self._found[self._order.popleft()] = rows

    def close(self) -> None:
        """Stop the worker if it is still running, and wait for it."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._entities_file.close()


def serve(lines: Iterable[bytes], out: IO[str], parent: int) -> None:
    """The worker's loop: the entities of each text read from `lines`, written to `out`, for as
    long as the build `parent` runs (a killed build cannot stop it otherwise)."""
    from qa.entities import load_pipeline, tag_texts

    for spans in tag_texts(load_pipeline(), (json.loads(line) for line in lines)):
        if os.getppid() != parent:
            return
        out.write(json.dumps(spans) + "\n")
        out.flush()


def main() -> None:
    """The worker process: `python -P -c BOOT PACKAGE_ROOT PARENT_PID`."""
    # spaCy's thinc imports torch, when installed, only to offer it as a backend, which the
    # small pipeline never uses: without it the worker starts 1.6 s sooner in 185 MB less, and
    # tags the same (every entity of 800 paragraphs compared).
    sys.modules["torch"] = None  # type: ignore[assignment]  # None: "import torch" fails
    serve(sys.stdin.buffer, sys.stdout, int(sys.argv[2]))

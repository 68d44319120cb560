"""The conversation kept across runs: one JSON file per corpus in the user's data folder."""

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from qa.tui.citation import Exchange

log = logging.getLogger(__name__)

_EXCHANGES = TypeAdapter(list[Exchange])
MAX_EXCHANGES = 500
"""Older exchanges are dropped past this many, so the file and the start-up stay small."""


def data_folder() -> Path:
    """Where the chat keeps its history and log (the platform's user data folder)."""
    import platformdirs

    return platformdirs.user_data_path("qa", appauthor=False)


def history_path(folder: Path, corpus: Path) -> Path:
    """The history file of `corpus`: named after the folder, told apart by its absolute path."""
    absolute = str(corpus.expanduser().resolve())
    digest = hashlib.sha256(absolute.encode("utf-8")).hexdigest()[:16]
    return folder / "history" / f"{corpus.resolve().name or 'root'}-{digest}.json"


def load_history(path: Path) -> list[Exchange]:
    """The saved exchanges; none when there is no file or it cannot be read (logged)."""
    try:
        return _EXCHANGES.validate_json(path.read_bytes())
    except FileNotFoundError:
        return []
    except (OSError, ValidationError) as error:
        log.warning("ignoring unreadable chat history %s: %s", path, error)
        return []


def save_history(path: Path, exchanges: list[Exchange]) -> None:
    """Write the exchanges atomically: a crash leaves the old file or the new one, never half."""
    write_atomically(path, _EXCHANGES.dump_json(exchanges[-MAX_EXCHANGES:], indent=1))


def write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

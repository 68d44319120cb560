"""The chat's preferences kept across runs (the theme), in the data folder next to the history."""

import logging
from pathlib import Path

from pydantic import ValidationError

from qa.models import Frozen
from qa.tui.history import write_atomically

log = logging.getLogger(__name__)


class Preferences(Frozen):
    """What the person chose in the chat and expects to find again next time."""

    theme: str | None = None
    """The Textual theme's name; None keeps Textual's default."""


def preferences_path(folder: Path) -> Path:
    return folder / "settings.json"


def load_preferences(path: Path) -> Preferences:
    """The saved preferences; the defaults when there is no file or it cannot be read (logged)."""
    try:
        return Preferences.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        return Preferences()
    except (OSError, ValidationError) as error:
        log.warning("ignoring unreadable chat settings %s: %s", path, error)
        return Preferences()


def save_preferences(path: Path, preferences: Preferences) -> None:
    write_atomically(path, preferences.model_dump_json(indent=1).encode("utf-8"))

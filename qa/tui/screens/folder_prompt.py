"""Asks for another corpus folder to switch the chat to."""

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class FolderPrompt(ModalScreen[Path | None]):
    """A path input; dismissed with the folder, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="folder-prompt"):
            yield Static("Corpus folder to switch to (Enter to open, Esc to cancel):")
            yield Input(placeholder="path/to/articles", id="folder")
            yield Static("", id="folder-error")

    @on(Input.Submitted, "#folder")
    def choose(self, event: Input.Submitted) -> None:
        folder = Path(event.value.strip()).expanduser()
        if not event.value.strip() or not folder.is_dir():
            message = f"not a folder: {event.value.strip() or '(empty)'}"
            self.query_one("#folder-error", Static).update(message)
            return
        self.dismiss(folder)

    def action_cancel(self) -> None:
        self.dismiss(None)

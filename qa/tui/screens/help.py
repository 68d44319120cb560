"""The help screen: every key of the chat, generated from the bindings."""

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from qa.tui.keys import KeyRow


class HelpScreen(ModalScreen[None]):
    """A table of keys, by where they work."""

    BINDINGS = [Binding("escape,f1,q", "app.pop_screen", "Close help")]

    def __init__(self, rows: list[KeyRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table(title="qa keys", expand=True, show_edge=False)
        for column in ("where", "key", "does"):
            table.add_column(column)
        for row in self.rows:
            table.add_row(row.where, row.keys, row.does)
        with VerticalScroll(id="help"):
            yield Static(table)
            yield Static("Esc, F1 or q closes this help.", classes="help-hint")

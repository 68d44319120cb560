"""The Textual chat application."""

from textual.app import App

from qa.search import Searcher
from qa.settings import Settings
from qa.tui.screens.chat import ChatScreen


class QaApp(App[None]):
    """qa's terminal chat."""

    CSS_PATH = "qa.tcss"
    TITLE = "qa"

    def __init__(self, settings: Settings, searcher: Searcher | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.searcher = searcher

    def on_mount(self) -> None:
        self.push_screen(ChatScreen(self.settings, self.searcher))


def make_app(settings: Settings, searcher: Searcher | None = None) -> QaApp:
    """The chat app; pass a loaded `searcher` to skip loading (tests do)."""
    return QaApp(settings, searcher)

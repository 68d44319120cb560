"""The Textual chat application."""

import asyncio
import datetime as dt
import logging
import shutil
import signal
import subprocess
import traceback
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from qa.models import Answer
from qa.search import Searcher
from qa.settings import Settings
from qa.tui.citation import Exchange, citation, conversation_markdown
from qa.tui.commands import QaCommands
from qa.tui.history import data_folder, history_path, load_history, save_history, write_atomically
from qa.tui.keys import KeyRow, key_rows
from qa.tui.preferences import load_preferences, preferences_path, save_preferences
from qa.tui.screens.chat import ChatScreen
from qa.tui.screens.folder_prompt import FolderPrompt
from qa.tui.screens.help import HelpScreen
from qa.tui.screens.reader import ReaderScreen
from qa.tui.widgets.answer_card import AnswerCard
from qa.tui.widgets.question_input import QuestionInput

log = logging.getLogger(__name__)

CLIPBOARD_TOOLS = (["wl-copy"], ["xclip", "-selection", "clipboard"], ["xsel", "-ib"], ["pbcopy"])
"""System clipboard commands tried after OSC 52, which some terminals ignore."""

LIGHT_THEME, DARK_THEME = "textual-light", "textual-dark"


class QaApp(App[None]):
    """qa's terminal chat."""

    CSS_PATH = "qa.tcss"
    TITLE = "qa"
    COMMANDS = App.COMMANDS | {QaCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1,question_mark", "help", "Help"),
        # Textual's footer shows the palette key on its own, at the right.
        Binding("ctrl+p", "command_palette", "Commands", show=False),
    ]

    def __init__(self, settings: Settings, searcher: Searcher | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.searcher = searcher
        self.data_folder = data_folder()
        self.history_file = history_path(self.data_folder, settings.corpus)
        self.preferences_file = preferences_path(self.data_folder)
        self.preferences = load_preferences(self.preferences_file)
        self.export_folder = Path.cwd()

    def on_mount(self) -> None:
        # SIGTERM would otherwise end the process without restoring the terminal (alternate screen
        # and mouse reporting left on); exiting the app runs Textual's clean-up.
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, self.exit)
        self.restore_theme()
        self.push_screen(ChatScreen(self.settings, self.searcher))

    def on_unmount(self) -> None:
        asyncio.get_running_loop().remove_signal_handler(signal.SIGTERM)

    def key_rows(self) -> list[KeyRow]:
        return chat_key_rows()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.key_rows()))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    def restore_theme(self) -> None:
        """Start in the theme chosen last time, and remember every later choice."""
        saved = self.preferences.theme
        if saved is not None and saved in self.available_themes:
            self.theme = saved
        elif saved is not None:
            log.warning("ignoring unknown saved theme %r", saved)
        self.theme_changed_signal.subscribe(self, lambda theme: self.remember_theme(theme.name))

    def remember_theme(self, name: str) -> None:
        if name == self.preferences.theme:
            return
        self.preferences = self.preferences.model_copy(update={"theme": name})
        try:
            save_preferences(self.preferences_file, self.preferences)
        except OSError as error:
            self.notify(f"Cannot save the theme: {error}", severity="error", markup=False)

    def action_switch_corpus(self) -> None:
        self.push_screen(FolderPrompt(), self.switch_corpus)

    async def switch_corpus(self, folder: Path | None) -> None:
        """Open the chat on another corpus, its index and history kept in the data folder."""
        if folder is None:
            return
        absolute = folder.resolve()
        index = history_path(self.data_folder, absolute).with_suffix("")
        self.settings = self.settings.model_copy(
            update={"corpus": absolute, "index": index.parent.parent / "indexes" / index.name}
        )
        self.history_file = history_path(self.data_folder, absolute)
        self.searcher = None
        await self.switch_screen(ChatScreen(self.settings))

    async def action_rebuild(self) -> None:
        await self._run_on_chat("rebuild")

    async def action_clear(self) -> None:
        await self._run_on_chat("clear")

    async def action_export(self) -> None:
        await self._run_on_chat("export")

    async def _run_on_chat(self, action: str) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ChatScreen):
                await screen.run_action(action)

    # History, export, citations --------------------------------------------------------------

    def load_history(self) -> list[Exchange]:
        return load_history(self.history_file)

    def save_history(self, exchanges: list[Exchange]) -> None:
        try:
            save_history(self.history_file, exchanges)
        except OSError as error:
            self.notify(f"Cannot save the history: {error}", severity="error", markup=False)

    def export_conversation(self, exchanges: list[Exchange]) -> Path | None:
        """Write the conversation as Markdown in the current folder and say where."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = self.export_folder / f"qa-conversation-{stamp}.md"
        try:
            write_atomically(path, conversation_markdown(exchanges).encode("utf-8"))
        except OSError as error:
            self.notify(f"Cannot export: {error}", severity="error", markup=False)
            return None
        self.notify(f"Exported the conversation to {path}", markup=False)
        return path

    def copy_citation(self, answer: Answer) -> None:
        """Copy through the terminal (OSC 52) and, when one is installed, the system clipboard."""
        text = citation(answer)
        self.copy_to_clipboard(text)
        tool = copy_with_system_tool(text)
        where = f" and with {tool}" if tool else ""
        self.notify(
            f"Copied the citation to the clipboard (terminal{where}). "
            "If it does not paste, Ctrl+S exports the conversation to a Markdown file.",
            markup=False,
        )

    def log_crash(self, error: BaseException) -> Path | None:
        """Append an unexpected error's traceback to the chat's log file; its path, if written."""
        path = self.data_folder / "chat.log"
        trace = "".join(traceback.format_exception(error))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as file:
                file.write(f"{dt.datetime.now(dt.UTC).isoformat()}\n{trace}\n")
        except OSError:
            log.exception("cannot write %s", path)
            return None
        return path


def copy_with_system_tool(text: str) -> str | None:
    """Pipe `text` into the first clipboard tool found; its name, or None."""
    for command in CLIPBOARD_TOOLS:
        if shutil.which(command[0]) is None:
            continue
        try:
            # Nothing may reach the terminal the chat draws on, and no pipe is left for xclip's
            # background child to hold open (reading one would wait for it until the timeout).
            subprocess.run(
                command,
                input=text.encode("utf-8"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=2,
                check=True,
            )
        except (OSError, subprocess.SubprocessError) as error:
            log.info("%s failed: %s", command[0], error)
            continue
        return command[0]
    return None


def chat_key_rows() -> list[KeyRow]:
    """Every key of the chat, where it works, from the bindings themselves."""
    return [
        *key_rows("anywhere", QaApp.BINDINGS),
        *key_rows("chat", ChatScreen.BINDINGS),
        KeyRow(where="chat", keys="Tab, Shift+Tab", does="Move between the input and the cards"),
        KeyRow(where="input", keys="Enter", does="Ask the question"),
        *key_rows("input", QuestionInput.BINDINGS),
        *key_rows("answer card", AnswerCard.BINDINGS),
        *key_rows("reader", ReaderScreen.BINDINGS),
        *key_rows("help", HelpScreen.BINDINGS),
        *key_rows("folder prompt", FolderPrompt.BINDINGS),
    ]


def make_app(settings: Settings, searcher: Searcher | None = None) -> QaApp:
    """The chat app; pass a loaded `searcher` to skip loading (tests do)."""
    return QaApp(settings, searcher)

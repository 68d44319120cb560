"""The chat: a conversation of questions and answer cards above the status and input lines."""

import datetime as dt
import re
import threading

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, ProgressBar
from textual.worker import Worker, WorkerState, get_current_worker

from qa.errors import QaError
from qa.search import MAX_QUESTION_CHARS, Searcher
from qa.settings import Settings
from qa.tui.background import BuildCancelled, in_daemon_thread
from qa.tui.citation import Exchange
from qa.tui.messages import (
    AnswerReady,
    AskFailed,
    BuildProgress,
    CopyCitation,
    LoadFailed,
    OpenArticle,
    SearcherReady,
    StaleChecked,
    ToggleContext,
)
from qa.tui.widgets.answer_card import AnswerCard
from qa.tui.widgets.question_input import QuestionInput
from qa.tui.widgets.status_line import StatusLine, index_summary
from qa.tui.widgets.turn import Turn

REBUILD_KEY = "Ctrl+R"
STALE_CHECK_EVERY_S = 60.0


def chat_advice(message: str) -> str:
    """A core error message with its `qa --rebuild` advice pointing at the chat's rebuild key."""
    return re.sub(r"`?qa --rebuild`?", f"{REBUILD_KEY} (rebuild the index)", message)


class ChatScreen(Screen[None]):
    """Ask questions, read quoted answers, open them in their articles."""

    BINDINGS = [
        Binding("ctrl+r", "rebuild", "Rebuild index"),
        # Escape and Ctrl+L are in the help, not the footer: the status line says "Esc cancels"
        # while it can, and clearing is rare and not to be pressed by mistake.
        Binding("escape", "escape", "Cancel rebuild / back to input", show=False),
        Binding("ctrl+s", "export", "Export to Markdown"),
        Binding("ctrl+l", "clear", "Clear history", show=False),
    ]

    def __init__(self, settings: Settings, searcher: Searcher | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.searcher = searcher
        self.load_error: str | None = None
        self.stale_reason: str | None = None
        self.turns = 0
        self.pending: list[Turn] = []
        """Questions asked while the index loads, answered once it is ready."""

    def compose(self) -> ComposeResult:
        yield Header()
        # The cards take focus, not the conversation around them: typing always reaches the input.
        yield VerticalScroll(id="conversation", can_focus=False)
        yield StatusLine(id="status")
        yield ProgressBar(id="progress", show_eta=False)
        yield QuestionInput(id="question")
        yield Footer()

    async def on_mount(self) -> None:
        self.title = "qa"
        self.sub_title = str(self.settings.corpus)
        self.query_one("#progress").display = False
        self.query_one(QuestionInput).focus()
        await self.restore_history()
        if self.searcher is None:
            self.prepare(is_forced=False)
        else:
            self.use_searcher(SearcherReady(self.searcher, "", None))
        self.set_interval(STALE_CHECK_EVERY_S, self.check_stale)

    # The conversation ------------------------------------------------------------------------

    @property
    def conversation(self) -> VerticalScroll:
        return self.query_one("#conversation", VerticalScroll)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    async def restore_history(self) -> None:
        exchanges = self.app_history()
        turns = [self.new_turn(exchange.question) for exchange in exchanges]
        await self.conversation.mount_all(turns)
        for turn, exchange in zip(turns, exchanges, strict=True):
            if exchange.result is None:
                await turn.show_error("No answer was received.")
            else:
                update = {"reason": exchange.reason}
                await turn.show_result(exchange.result.model_copy(update=update))
            self.query_one(QuestionInput).remember(exchange.question)
        self.conversation.scroll_end(animate=False)

    def app_history(self) -> list[Exchange]:
        from qa.tui.app import QaApp

        return self.app.load_history() if isinstance(self.app, QaApp) else []

    def exchanges(self) -> list[Exchange]:
        return [turn.exchange for turn in self.query(Turn)]

    def save_history(self, exchanges: list[Exchange] | None = None) -> None:
        from qa.tui.app import QaApp

        if isinstance(self.app, QaApp):
            self.app.save_history(self.exchanges() if exchanges is None else exchanges)

    def new_turn(self, question: str) -> Turn:
        self.turns += 1
        return Turn(question, id=f"turn-{self.turns}")

    def on_key(self, event: events.Key) -> None:
        """Typing while the conversation or a card has focus goes to the input line."""
        field = self.query_one(QuestionInput)
        if event.key in self.active_bindings:  # a card's own keys (j, k, x, c...)
            return
        if event.is_printable and event.character and self.focused is not field:
            field.focus()
            field.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    @on(Input.Submitted, "#question")
    def ask(self, event: Input.Submitted) -> None:
        question = event.value.strip()
        if not question:
            self.notify("Type a question first.", severity="warning")
            return
        if len(question) > MAX_QUESTION_CHARS:
            self.notify(
                f"The question is {len(question)} characters long; "
                f"qa takes up to {MAX_QUESTION_CHARS}.",
                severity="error",
            )
            return
        if self.searcher is None and self.load_error is not None:
            self.notify(
                f"The index is not loaded: {self.load_error}", severity="error", markup=False
            )
            return
        field = self.query_one(QuestionInput)
        field.remember(question)
        field.clear()
        turn = self.new_turn(question)
        self.conversation.mount(turn)
        self.conversation.scroll_end(animate=False)
        if self.searcher is None:
            turn.show_waiting("Waiting for the index to load…")
            self.pending.append(turn)
            return
        self.status.show_activity("Searching…")
        self.answer(self.searcher, question, turn.id or "")

    # Not exclusive: a question asked before the last one is answered must not cancel it.
    @work(thread=True, group="search", exit_on_error=False)
    def answer(self, searcher: Searcher, question: str, turn: str) -> None:
        try:
            result = searcher.ask(question, self.settings.top_k)
        except QaError as error:
            self.post_message(AskFailed(chat_advice(str(error)), turn))
            return
        self.post_message(AnswerReady(result, turn))

    @on(AnswerReady)
    async def show_answer(self, message: AnswerReady) -> None:
        # The turn is gone if the conversation was cleared while the answer was on its way.
        for turn in self.query(f"#{message.turn}").results(Turn):
            await turn.show_result(message.result)
        self.status.show_activity("Ready.")
        self.save_history()

    @on(AskFailed)
    def show_ask_failure(self, message: AskFailed) -> None:
        for turn in self.query(f"#{message.turn}").results(Turn):
            turn.show_error(message.message)
        self.status.show_activity("Ready.")
        self.notify(message.message, severity="error", markup=False)

    # Answer cards ----------------------------------------------------------------------------

    @on(OpenArticle)
    def open_article(self, message: OpenArticle) -> None:
        from qa.tui.screens.reader import ReaderScreen

        if self.searcher is None:
            self.notify("The index is still loading.", severity="warning")
            return
        card = self.focused
        turn = card.parent if isinstance(card, AnswerCard) else None
        answers = [c.answer for c in turn.query(AnswerCard)] if isinstance(turn, Turn) else []
        try:
            reader = ReaderScreen(self.settings, self.searcher.stored, message.answer, answers)
        except OSError as error:
            self.notify(f"Cannot read {message.answer.source}: {error}", severity="error")
            return
        self.app.push_screen(reader)

    @on(CopyCitation)
    def copy_citation(self, message: CopyCitation) -> None:
        from qa.tui.app import QaApp

        if isinstance(self.app, QaApp):
            self.app.copy_citation(message.answer)

    @on(ToggleContext)
    def toggle_context(self, message: ToggleContext) -> None:
        card = message.card
        if not isinstance(card, AnswerCard):
            return
        if card.context is not None:
            card.show_context(None)
            return
        if self.searcher is None:
            self.notify("The index is still loading.", severity="warning")
            return
        card.show_context(neighbours(self.searcher, card))

    # Loading and rebuilding -----------------------------------------------------------------

    @work(exclusive=True, group="index", exit_on_error=False)
    async def prepare(self, *, is_forced: bool) -> None:
        """Load the model, (re)build the index if needed, load it; in a daemon thread."""
        cancelled = threading.Event()
        known_encoder = self.searcher.encoder if self.searcher else None

        def progress(stage: str, done: int, total: int) -> None:
            if cancelled.is_set():
                raise BuildCancelled
            self.post_message(BuildProgress(stage, done, total))

        def load() -> SearcherReady:
            from qa.freshness import stale_reason
            from qa.session import open_searcher

            progress("loading the index", 0, 1)
            searcher, built = open_searcher(
                self.settings, progress, is_forced=is_forced, loaded=known_encoder
            )
            return SearcherReady(
                searcher, "Index rebuilt." if built else "", stale_reason(self.settings)
            )

        try:
            ready = await in_daemon_thread(load, name="qa-load")
        except QaError as error:
            self.post_message(LoadFailed(chat_advice(str(error))))
            return
        finally:
            cancelled.set()
        if not get_current_worker().is_cancelled:
            self.post_message(ready)

    def is_preparing(self) -> bool:
        return any(w.group == "index" and not w.is_finished for w in self.workers)

    @on(BuildProgress)
    def show_progress(self, message: BuildProgress) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=message.total, progress=message.done)
        self.status.show_activity(f"{message.stage.capitalize()}… (Esc cancels)")

    @on(SearcherReady)
    def use_searcher(self, message: SearcherReady) -> None:
        self.searcher = message.searcher
        self.load_error = None
        self.query_one("#progress").display = False
        self.show_index(message.stale_reason)
        self.status.show_activity(f"{message.note} Ready.".strip())
        pending, self.pending = self.pending, []
        for turn in pending:
            self.answer(message.searcher, turn.exchange.question, turn.id or "")

    def show_index(self, stale_reason: str | None) -> None:
        self.stale_reason = stale_reason
        manifest = self.searcher.stored.manifest if self.searcher else None
        now = dt.datetime.now(dt.UTC)
        self.status.show_index(index_summary(self.settings.corpus, manifest, stale_reason, now))

    @work(thread=True, exclusive=True, group="stale", exit_on_error=False)
    def check_stale(self) -> None:
        from qa.freshness import stale_reason

        if self.searcher is None:
            return
        try:
            reason = stale_reason(self.settings)
        except QaError as error:
            reason = chat_advice(str(error))
        self.post_message(StaleChecked(reason))

    @on(StaleChecked)
    def show_stale(self, message: StaleChecked) -> None:
        self.show_index(message.stale_reason)

    @on(LoadFailed)
    def show_load_failure(self, message: LoadFailed) -> None:
        self.query_one("#progress").display = False
        if self.searcher is None:
            self.load_error = message.message
        self.status.show_activity(f"Error: {message.message}", is_error=True)
        self.notify(message.message, severity="error", markup=False, timeout=15)
        for turn in self.pending:
            turn.show_error(f"Not answered: {message.message}")
        self.pending = []

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug in a worker is logged with its traceback and reported, not lost."""
        from qa.tui.app import QaApp

        if event.state is not WorkerState.ERROR or event.worker.error is None:
            return
        error = event.worker.error
        log_path = self.app.log_crash(error) if isinstance(self.app, QaApp) else None
        where = f" (traceback in {log_path})" if log_path else ""
        self.post_message(LoadFailed(f"unexpected {error.__class__.__name__}: {error}{where}"))

    def action_rebuild(self) -> None:
        if self.is_preparing():
            self.notify("The index is already being loaded or rebuilt; Esc cancels it.")
            return
        self.status.show_activity("Rebuilding the index…")
        self.prepare(is_forced=True)

    def action_escape(self) -> None:
        if self.is_preparing():
            self.workers.cancel_group(self, "index")
            self.query_one("#progress").display = False
            if self.searcher is None:
                self.load_error = f"loading was cancelled; press {REBUILD_KEY} to build the index"
                self.status.show_activity(self.load_error, is_error=True)
            else:
                self.status.show_activity("Rebuild cancelled; the previous index is still in use.")
            return
        self.query_one(QuestionInput).focus()

    # History ---------------------------------------------------------------------------------

    def action_clear(self) -> None:
        """Forget the conversation, on screen and on disk."""
        self.conversation.remove_children()
        self.query_one(QuestionInput).forget()
        self.pending = []
        self.save_history([])
        self.notify("History cleared.")

    def action_export(self) -> None:
        from qa.tui.app import QaApp

        if isinstance(self.app, QaApp):
            self.app.export_conversation(self.exchanges())


def neighbours(searcher: Searcher, card: AnswerCard) -> tuple[str, str]:
    """The sentences of the same article just before and after the card's quote."""
    sentences = searcher.stored.sentences
    answer = card.answer
    found = next(
        (s for s in sentences if s.source == answer.source and s.start == answer.start), None
    )
    if found is None:
        return ("", "")
    around = [sentences[i] for i in (found.id - 1, found.id + 1) if 0 <= i < len(sentences)]
    before, after = "", ""
    for sentence in around:
        if sentence.source != answer.source or sentence.kind == "furniture":
            continue
        if sentence.start < found.start:
            before = sentence.text
        else:
            after = sentence.text
    return (before, after)

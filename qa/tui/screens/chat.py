"""The chat: a conversation of questions and answer cards above an input line."""

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from qa.errors import QaError
from qa.models import Result
from qa.search import Searcher
from qa.settings import Settings
from qa.tui.messages import AnswerReady, BuildProgress, Failed, SearcherReady
from qa.tui.widgets.answer_card import AnswerCard


class ChatScreen(Screen[None]):
    """Ask questions, read quoted answers."""

    BINDINGS = [
        Binding("ctrl+r", "rebuild", "Rebuild index"),
        Binding("ctrl+l", "clear", "Clear"),
        Binding("ctrl+q", "app.quit", "Quit", priority=True),
    ]

    def __init__(self, settings: Settings, searcher: Searcher | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.searcher = searcher
        self.turns = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(id="conversation")
        yield Static("", id="status")
        yield ProgressBar(id="progress", show_eta=False)
        yield Input(placeholder="Ask the corpus a question and press Enter", id="question")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "qa"
        self.sub_title = str(self.settings.corpus)
        self.query_one("#progress").display = False
        self.query_one(Input).focus()
        if self.searcher is None:
            self.prepare(is_forced=False)
        else:
            self.set_status("Ready.")

    def set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(text)

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def prepare(self, *, is_forced: bool) -> None:
        """Load the model, (re)build the index if needed, load it; off the event loop."""
        from qa.embed import Encoder
        from qa.search import open_searcher

        def progress(stage: str, done: int, total: int) -> None:
            self.post_message(BuildProgress(stage, done, total))

        try:
            self.post_message(BuildProgress("loading the model", 0, 1))
            encoder = (
                self.searcher.encoder if self.searcher else Encoder(self.settings.model_path())
            )
            searcher, built = open_searcher(self.settings, encoder, progress, is_forced=is_forced)
            note = "Index rebuilt." if built else ""
        except QaError as error:
            self.post_message(Failed(str(error)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(SearcherReady(searcher, note))

    @on(BuildProgress)
    def show_progress(self, message: BuildProgress) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=message.total, progress=message.done)
        self.set_status(f"{message.stage.capitalize()}…")

    @on(SearcherReady)
    def use_searcher(self, message: SearcherReady) -> None:
        self.searcher = message.searcher
        self.query_one("#progress").display = False
        self.set_status(f"{message.note} Ready.".strip())

    @on(Failed)
    def show_failure(self, message: Failed) -> None:
        self.query_one("#progress").display = False
        self.set_status(f"Error: {message.message}")
        self.notify(message.message, severity="error")

    @on(Input.Submitted, "#question")
    def ask(self, event: Input.Submitted) -> None:
        question = event.value.strip()
        if not question:
            return
        if self.searcher is None:
            self.notify("The index is still loading; ask again in a moment.", severity="warning")
            return
        event.input.clear()
        self.turns += 1
        turn = Vertical(Static(f"› {question}", classes="question"), id=f"turn-{self.turns}")
        conversation = self.query_one("#conversation", VerticalScroll)
        conversation.mount(turn)
        conversation.scroll_end(animate=False)
        self.set_status("Searching…")
        self.answer(self.searcher, question, turn.id or "")

    # Not exclusive: a question asked before the last one is answered must not cancel it.
    @work(thread=True, group="search", exit_on_error=False)
    def answer(self, searcher: Searcher, question: str, turn: str) -> None:
        try:
            result = searcher.ask(question, self.settings.top_k)
        except QaError as error:
            self.post_message(Failed(str(error)))
            return
        self.post_message(AnswerReady(result, turn))

    @on(AnswerReady)
    def show_answer(self, message: AnswerReady) -> None:
        # The turn is gone if the conversation was cleared while the answer was on its way.
        for turn in self.query(f"#{message.turn}").results(Vertical):
            turn.mount_all(answer_widgets(message.result))
        self.query_one("#conversation", VerticalScroll).scroll_end(animate=False)
        self.set_status("Ready.")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug in a worker is reported on screen instead of closing the chat."""
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            self.post_message(Failed(f"{error.__class__.__name__}: {error}"))

    def action_rebuild(self) -> None:
        self.set_status("Rebuilding the index…")
        self.prepare(is_forced=True)

    def action_clear(self) -> None:
        self.query_one("#conversation", VerticalScroll).remove_children()


def answer_widgets(result: Result) -> list[Static]:
    if not result.abstained:
        return [AnswerCard(a, rank) for rank, a in enumerate(result.answers, start=1)]
    notice = Static(
        f"No answer in the corpus: {result.reason}.\nClosest passages, not answers:",
        classes="abstained",
    )
    closest = [AnswerCard(a, rank, is_answer=False) for rank, a in enumerate(result.answers, 1)]
    return [notice, *closest]

"""One question of the conversation with its answer cards, abstention or error."""

from textual.containers import Vertical
from textual.timer import Timer
from textual.widget import AwaitMount
from textual.widgets import Static

from qa.models import Result
from qa.spelling import read_as_note
from qa.tui.citation import Exchange
from qa.tui.literal import literal
from qa.tui.widgets.answer_card import AnswerCard

FOLLOW_LAYOUT_S = 0.5
"""How long a new answer keeps being scrolled into view as its layout settles."""


class Turn(Vertical):
    """A question and what came back for it."""

    def __init__(self, question: str, *, id: str) -> None:
        super().__init__(Static(literal(f"› {question}"), classes="question"), id=id)
        self.exchange = Exchange(question=question)
        self.is_scroll_pending = False
        """Scroll this turn into view once its answers are laid out (its next resizes)."""
        self._stop_following: Timer | None = None

    def show_waiting(self, note: str) -> None:
        self.mount(Static(literal(note), classes="waiting"))

    def show_result(self, result: Result) -> AwaitMount:
        """Mount the answer cards, or the abstention notice and the closest passages."""
        self.exchange = Exchange(
            question=self.exchange.question, result=result, reason=result.reason
        )
        self.query(".waiting").remove()
        self.is_scroll_pending = True
        note = read_as_note(result.corrections)
        read_as = [Static(literal(note), classes="read-as")] if note else []
        if not result.abstained:
            return self.mount_all(
                [*read_as, *(AnswerCard(a, rank) for rank, a in enumerate(result.answers, 1))]
            )
        notice = literal(f"Not found in the corpus: {result.reason or 'no passage answers'}.")
        notice.append("\nThe closest passages, which are not answers:", style="italic")
        closest = [AnswerCard(a, rank, is_answer=False) for rank, a in enumerate(result.answers, 1)]
        return self.mount_all([*read_as, Static(notice, classes="abstained"), *closest])

    def show_error(self, message: str) -> AwaitMount:
        self.query(".waiting").remove()
        return self.mount(Static(literal(message), classes="turn-error"))

    def on_resize(self) -> None:
        # Scrolling right after mounting the cards is clamped to the old height, and the layout can
        # take a few resizes to settle: follow every resize for a moment, then leave the view to
        # the reader. The question goes to the top, as many cards as fit below it.
        if not self.is_scroll_pending:
            return
        self.scroll_visible(top=True, animate=False)
        if self._stop_following is None:
            self._stop_following = self.set_timer(FOLLOW_LAYOUT_S, self._stop_scrolling)

    def _stop_scrolling(self) -> None:
        self.is_scroll_pending = False
        self._stop_following = None

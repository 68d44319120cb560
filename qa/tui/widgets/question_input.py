"""The input line, with Up and Down walking the questions asked before."""

from textual.binding import Binding
from textual.widgets import Input


class QuestionInput(Input):
    """Where questions are typed; Up/Down recall earlier ones."""

    BINDINGS = [
        Binding("up", "older", "Earlier question"),
        Binding("down", "newer", "Later question"),
    ]

    def __init__(self, *, id: str) -> None:
        # Selecting all on focus would make the key that moved focus here replace its own text.
        super().__init__(
            placeholder="Ask the corpus a question and press Enter", id=id, select_on_focus=False
        )
        self.history: list[str] = []
        self._position = 0
        """Index into history of the recalled question; len(history) is the line being typed."""
        self._draft = ""

    def remember(self, question: str) -> None:
        """Add an asked question and go back to an empty line."""
        if not self.history or self.history[-1] != question:
            self.history.append(question)
        self._position = len(self.history)
        self._draft = ""

    def forget(self) -> None:
        self.history = []
        self._position = 0

    def action_older(self) -> None:
        if self._position == len(self.history):
            self._draft = self.value
        if self._position > 0:
            self._position -= 1
            self._recall()

    def action_newer(self) -> None:
        if self._position < len(self.history):
            self._position += 1
            self._recall()

    def _recall(self) -> None:
        is_draft = self._position == len(self.history)
        self.value = self._draft if is_draft else self.history[self._position]
        self.cursor_position = len(self.value)

"""One quoted sentence with its highlight and source, focusable and acted on with keys."""

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widgets import Static

from qa.models import Answer
from qa.tui.citation import QUOTE_MARKS, source_line
from qa.tui.literal import literal
from qa.tui.messages import CopyCitation, OpenArticle, ToggleContext


def render_answer(answer: Answer, rank: int, context: tuple[str, str] | None = None) -> Text:
    """The quote, the answer phrase highlighted, then title · date · file, rank and score."""
    card = Text(f"{rank}. ", style="bold")
    if context is not None and context[0]:
        card.append_text(literal(context[0] + " ", style="dim"))
    body = literal(answer.text)
    if answer.highlight is not None:
        body.stylize("bold reverse", *answer.highlight)
    is_quoted = answer.text[:1] in QUOTE_MARKS
    card.append_text(body if is_quoted else Text.assemble("“", body, "”"))
    if context is not None and context[1]:
        card.append_text(literal(" " + context[1], style="dim"))
    source = source_line(answer)
    if answer.kind == "comment":
        source += " · reader comment"
    card.append("\n")
    card.append_text(literal(source, style="italic"))
    card.append(f"  score {answer.score:.2f}", style="dim")
    if answer.also_in:
        also = ", ".join(copy.source for copy in answer.also_in)
        card.append_text(literal(f"\nalso in {also}", style="dim italic"))
    return card


class AnswerCard(Static, can_focus=True):
    """A card in the conversation showing one answer (or, in an abstention, a closest passage)."""

    BINDINGS = [
        Binding("enter", "open", "Open article"),
        Binding("x", "expand", "Expand context"),
        Binding("c", "copy", "Copy citation"),
        Binding("down,j", "next", "Next answer"),
        Binding("up,k", "previous", "Previous answer"),
    ]

    def __init__(self, answer: Answer, rank: int, *, is_answer: bool = True) -> None:
        super().__init__(render_answer(answer, rank), classes="answer" if is_answer else "closest")
        self.answer = answer
        self.rank = rank
        self.context: tuple[str, str] | None = None

    def show_context(self, context: tuple[str, str] | None) -> None:
        """Show the sentences before and after the quote, or hide them with None."""
        self.context = context
        self.update(render_answer(self.answer, self.rank, context))

    def action_open(self) -> None:
        self.post_message(OpenArticle(self.answer))

    def action_expand(self) -> None:
        self.post_message(ToggleContext(self))

    def action_copy(self) -> None:
        self.post_message(CopyCitation(self.answer))

    def action_next(self) -> None:
        self.screen.focus_next(AnswerCard)

    def action_previous(self) -> None:
        self.screen.focus_previous(AnswerCard)

    def on_click(self, event: events.Click) -> None:
        if event.chain == 2:
            self.action_open()

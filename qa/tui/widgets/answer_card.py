"""One quoted sentence with its highlight and source, focusable and acted on with keys."""

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.binding import Binding
from textual.widgets import Static

from qa.models import Answer
from qa.tui.citation import QUOTE_MARKS, source_line
from qa.tui.literal import literal
from qa.tui.messages import CopyCitation, OpenArticle, ToggleContext


@dataclass(frozen=True)
class CardStyles:
    """The Rich styles of a card's parts; the card takes them from qa.tcss, so themes apply."""

    rank: Style = Style()
    highlight: Style = Style()
    context: Style = Style()
    source: Style = Style()
    score: Style = Style()


def render_answer(
    answer: Answer,
    rank: int,
    context: tuple[str, str] | None = None,
    styles: CardStyles = CardStyles(),
) -> Text:
    """The quote, the answer phrase highlighted, then title · date · file, rank and score."""
    card = Text.assemble((f"{rank}. ", styles.rank))
    if context is not None and context[0]:
        card.append_text(literal(context[0] + " ", style=styles.context))
    body = literal(answer.text)
    if answer.highlight is not None:
        body.stylize(styles.highlight, *answer.highlight)
    is_quoted = answer.text[:1] in QUOTE_MARKS
    card.append_text(body if is_quoted else Text.assemble("“", body, "”"))
    if context is not None and context[1]:
        card.append_text(literal(" " + context[1], style=styles.context))
    source = source_line(answer)
    if answer.kind == "comment":
        source += " · reader comment"
    card.append("\n")
    card.append_text(literal(source, style=styles.source))
    card.append(f"  score {answer.score:.2f}", style=styles.score)
    if answer.also_in:
        also = ", ".join(copy.source for copy in answer.also_in)
        card.append_text(literal(f"\nalso in {also}", style=styles.score + styles.source))
    return card


class AnswerCard(Static, can_focus=True):
    """A card in the conversation showing one answer (or, in an abstention, a closest passage)."""

    BINDINGS = [
        Binding("enter", "open", "Open article"),
        Binding("x", "expand", "Expand context"),
        Binding("c", "copy", "Copy citation"),
        # Listed in the help; left out of the footer, where the arrows need no introduction.
        Binding("down,j", "next", "Next answer", show=False),
        Binding("up,k", "previous", "Previous answer", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "answer-card--rank",
        "answer-card--highlight",
        "answer-card--context",
        "answer-card--source",
        "answer-card--score",
    }

    def __init__(self, answer: Answer, rank: int, *, is_answer: bool = True) -> None:
        super().__init__(classes="answer" if is_answer else "closest")
        self.answer = answer
        self.rank = rank
        self.context: tuple[str, str] | None = None

    def render(self) -> RenderResult:
        return render_answer(self.answer, self.rank, self.context, self.styles_of_parts())

    def styles_of_parts(self) -> CardStyles:
        def style(part: str) -> Style:
            return self.get_component_rich_style(f"answer-card--{part}", partial=True)

        parts = ("rank", "highlight", "context", "source", "score")
        return CardStyles(*(style(part) for part in parts))

    def show_context(self, context: tuple[str, str] | None) -> None:
        """Show the sentences before and after the quote, or hide them with None."""
        self.context = context
        self.clear_cached_dimensions()
        self.refresh(layout=True)

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

"""One quoted sentence with its highlight and source."""

from rich.text import Text
from textual.widgets import Static

from qa.models import Answer


def render_answer(answer: Answer, rank: int) -> Text:
    """The quote, the answer phrase highlighted, then title · date · file."""
    quote = Text(f"{rank}. “")
    body = Text(answer.text)
    if answer.highlight is not None:
        body.stylize("bold reverse", *answer.highlight)
    quote.append_text(body)
    quote.append("”\n")
    date = answer.date.isoformat() if answer.date else "undated"
    source = f"{answer.title} · {date} · {answer.source}"
    if answer.kind == "comment":
        source += " · reader comment"
    if answer.also_in:
        source += " · also in " + ", ".join(copy.source for copy in answer.also_in)
    quote.append(source, style="dim italic")
    return quote


class AnswerCard(Static):
    """A card in the conversation showing one answer."""

    def __init__(self, answer: Answer, rank: int, *, is_answer: bool = True) -> None:
        super().__init__(render_answer(answer, rank), classes="answer" if is_answer else "closest")
        self.answer = answer

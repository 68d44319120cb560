"""One paragraph of the reader: the article's text, its quoted sentences marked."""

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.widgets import Static

from qa.models import Frozen
from qa.tui.literal import literal


class QuoteMark(Frozen):
    """An answer quoted from the paragraph, in characters of the paragraph's text."""

    start: int
    end: int
    highlight: tuple[int, int] | None
    """The answer phrase, counted from `start`."""
    is_current: bool


@dataclass(frozen=True)
class ParagraphStyles:
    """The Rich styles of a paragraph's marks; the widget takes them from qa.tcss."""

    label: Style = Style()
    quote: Style = Style()
    current_quote: Style = Style()
    answer: Style = Style()


def render_paragraph(
    text: str,
    label: str | None,
    marks: list[QuoteMark],
    styles: ParagraphStyles = ParagraphStyles(),
) -> Text:
    """The paragraph, after its label when it is not article text, with the quotes marked."""
    shown = literal(text)
    offset = 0
    if label is not None:
        prefix = f"[{label}] "
        shown = Text.assemble((prefix, styles.label), shown)
        offset = len(prefix)
    for mark in marks:
        start = mark.start + offset
        quote_style = styles.current_quote if mark.is_current else styles.quote
        shown.stylize(quote_style, start, start + mark.end - mark.start)
        if mark.highlight is not None:
            shown.stylize(styles.answer, start + mark.highlight[0], start + mark.highlight[1])
    return shown


class ArticleParagraph(Static):
    """A paragraph of the article; the reader passes down which quotes to mark."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-paragraph--label",
        "article-paragraph--quote",
        "article-paragraph--current-quote",
        "article-paragraph--answer",
    }

    def __init__(self, text: str, label: str | None, *, id: str, classes: str) -> None:
        super().__init__(id=id, classes=classes)
        self.text = text
        self.label = label
        self.marks: list[QuoteMark] = []

    def show_marks(self, marks: list[QuoteMark]) -> None:
        if marks != self.marks:
            self.marks = marks
            self.refresh()

    def render(self) -> RenderResult:
        return render_paragraph(self.text, self.label, self.marks, self.styles_of_marks())

    def styles_of_marks(self) -> ParagraphStyles:
        def style(part: str) -> Style:
            return self.get_component_rich_style(f"article-paragraph--{part}", partial=True)

        return ParagraphStyles(*(style(p) for p in ("label", "quote", "current-quote", "answer")))

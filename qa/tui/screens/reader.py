"""The article reader: the whole article scrolled to a quote, the question's answers marked."""

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from qa.models import Answer
from qa.settings import Settings
from qa.store import StoredIndex
from qa.tui.article import Paragraph, paragraphs, read_article
from qa.tui.citation import source_line
from qa.tui.literal import literal
from qa.tui.messages import CopyCitation

PARAGRAPH_LABELS = {"comment": "reader comment", "furniture": "page furniture"}


class ReaderScreen(Screen[None]):
    """One article, its quoted sentences highlighted; n/p move between them."""

    BINDINGS = [
        Binding("n", "next_answer", "Next answer here"),
        Binding("p", "previous_answer", "Previous answer here"),
        Binding("c", "copy", "Copy citation"),
        Binding("escape,q", "app.pop_screen", "Back"),
    ]

    def __init__(
        self, settings: Settings, stored: StoredIndex, answer: Answer, answers: list[Answer]
    ) -> None:
        super().__init__()
        self.answer = answer
        self.text = read_article(settings.corpus, answer.source)
        here = [a for a in answers if a.source == answer.source] or [answer]
        self.answers = sorted(here, key=lambda a: a.start)
        self.current = next((i for i, a in enumerate(self.answers) if a.start == answer.start), 0)
        self.paragraphs = paragraphs(s for s in stored.sentences if s.source == answer.source)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="article"):
            yield Static(literal(source_line(self.answer)), classes="article-source")
            for number, paragraph in enumerate(self.paragraphs):
                yield Static(
                    self.render_paragraph(paragraph),
                    id=f"paragraph-{number}",
                    classes=f"paragraph {paragraph.kind}",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.title = literal(self.answer.title).plain
        self.sub_title = literal(self.answer.source).plain
        self.call_after_refresh(self.show_current)

    def render_paragraph(self, paragraph: Paragraph) -> Text:
        shown = literal(self.text[paragraph.start : paragraph.end])
        label = PARAGRAPH_LABELS.get(paragraph.kind)
        if label is not None:
            shown = Text.assemble((f"[{label}] ", "italic"), shown)
            offset = len(label) + 3
        else:
            offset = 0
        for answer in self.answers:
            if paragraph.start <= answer.start < paragraph.end:
                start = answer.start - paragraph.start + offset
                is_current = answer is self.answers[self.current]
                shown.stylize(
                    "reverse" if is_current else "underline", start, start + len(answer.text)
                )
                if answer.highlight is not None:
                    shown.stylize("bold", start + answer.highlight[0], start + answer.highlight[1])
        return shown

    def paragraph_of(self, answer: Answer) -> Static | None:
        for number, paragraph in enumerate(self.paragraphs):
            if paragraph.start <= answer.start < paragraph.end:
                return self.query_one(f"#paragraph-{number}", Static)
        return None

    def show_current(self) -> None:
        """Mark the current answer and scroll its paragraph into the middle of the view."""
        for number, paragraph in enumerate(self.paragraphs):
            self.query_one(f"#paragraph-{number}", Static).update(self.render_paragraph(paragraph))
        widget = self.paragraph_of(self.answers[self.current])
        if widget is not None:
            self.query_one("#article", VerticalScroll).scroll_to_center(widget, animate=False)
        self.notify_position()

    def notify_position(self) -> None:
        if len(self.answers) > 1:
            self.sub_title = f"answer {self.current + 1} of {len(self.answers)} in this article"

    def action_next_answer(self) -> None:
        self.current = (self.current + 1) % len(self.answers)
        self.show_current()

    def action_previous_answer(self) -> None:
        self.current = (self.current - 1) % len(self.answers)
        self.show_current()

    def action_copy(self) -> None:
        self.post_message(CopyCitation(self.answers[self.current]))

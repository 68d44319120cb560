"""The article reader: the whole article scrolled to a quote, the question's answers marked."""

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
from qa.tui.widgets.article_paragraph import ArticleParagraph, QuoteMark

PARAGRAPH_LABELS = {"comment": "reader comment", "furniture": "page furniture"}


class ReaderScreen(Screen[None]):
    """One article, its quoted sentences highlighted; n/p move between them."""

    # Back comes first, so that an 80-column footer shows it.
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back"),
        Binding("n", "next_answer", "Next answer here"),
        Binding("p", "previous_answer", "Previous answer here"),
        Binding("c", "copy", "Copy citation"),
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
                yield ArticleParagraph(
                    self.text[paragraph.start : paragraph.end],
                    PARAGRAPH_LABELS.get(paragraph.kind),
                    id=f"paragraph-{number}",
                    classes=f"paragraph {paragraph.kind}",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.title = literal(self.answer.title).plain
        self.sub_title = literal(self.answer.source).plain
        self.call_after_refresh(self.show_current)

    def marks_in(self, paragraph: Paragraph) -> list[QuoteMark]:
        """The question's answers quoted from `paragraph`, the current one told apart."""
        current = self.answers[self.current]
        return [
            QuoteMark(
                start=answer.start - paragraph.start,
                end=answer.start - paragraph.start + len(answer.text),
                highlight=answer.highlight,
                is_current=answer is current,
            )
            for answer in self.answers
            if paragraph.start <= answer.start < paragraph.end
        ]

    def paragraph_of(self, answer: Answer) -> ArticleParagraph | None:
        for number, paragraph in enumerate(self.paragraphs):
            if paragraph.start <= answer.start < paragraph.end:
                return self.query_one(f"#paragraph-{number}", ArticleParagraph)
        return None

    def show_current(self) -> None:
        """Mark the current answer and scroll its paragraph into the middle of the view."""
        for number, paragraph in enumerate(self.paragraphs):
            shown = self.query_one(f"#paragraph-{number}", ArticleParagraph)
            shown.show_marks(self.marks_in(paragraph))
        current = self.paragraph_of(self.answers[self.current])
        if current is not None:
            self.query_one("#article", VerticalScroll).scroll_to_center(current, animate=False)
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

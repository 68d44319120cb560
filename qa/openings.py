"""A news story's opening: the lines that write its title and its lead, the first sentences after
them. They summarise the story, so they name everything a question about it asks, and often not
the answer."""

from dataclasses import dataclass
from itertools import groupby

from qa.clean import TERMINAL
from qa.features import Opening
from qa.fold import tokens
from qa.lexical import LexicalIndex
from qa.models import Sentence
from qa.numbers import adjacent_pairs
from qa.store import StoredIndex

LEAD_SENTENCES = 2
"""A news story names what it is about in its title and first sentences."""
LEAD_SCAN = 12
"""How far into an article to look for them past furniture (bylines, captions)."""
TITLE_MIN_MATCH = 2
"""Words a paragraph and a title need to be matched: see writes_title."""


@dataclass(frozen=True)
class Lead:
    """The title and the first LEAD_SENTENCES sentences of an article that are not furniture."""

    pairs: frozenset[str]
    """Their adjacent term pairs (qa.numbers.adjacent_pairs)."""
    parts: dict[int, frozenset[str]]
    """The terms of each part by sentence id, -1 the title (left out when made of the opening
    words)."""

    def first_after_title(self) -> int | None:
        return next((i for i in self.parts if i != -1), None)


class StoryOpenings:
    """Reads each article's title lines and lead once, on its first question, and keeps them: they
    do not depend on the question."""

    def __init__(self, stored: StoredIndex, lexical: LexicalIndex) -> None:
        self.stored = stored
        self.lexical = lexical
        self._leads: dict[int, Lead] = {}
        self._titles: dict[int, frozenset[int]] = {}

    def opening(self, sentence: Sentence) -> Opening | None:
        """Whether `sentence` writes its article's title or is the first sentence after it."""
        if self._is_title(sentence):
            return "title"
        return "lead" if self.lead(sentence).first_after_title() == sentence.id else None

    def lead(self, sentence: Sentence) -> Lead:
        """The lead of `sentence`'s article."""
        first = sentence.id - sentence.position
        if first not in self._leads:
            article = self.stored.articles[sentence.source]
            lead_ids = [
                s.id
                for s in self._scanned(first)
                if s.kind != "furniture" and not self._is_title(s)
            ][:LEAD_SENTENCES]
            parts = {i: self.lexical.positions(i) for i in lead_ids}
            if article.title_source != "opening":
                parts = {-1: self.lexical.analyzer.positioned_terms(article.title)} | parts
            self._leads[first] = Lead(
                pairs=frozenset().union(*map(adjacent_pairs, parts.values())),
                parts={i: frozenset(t for _, _, t in part if t) for i, part in parts.items()},
            )
        return self._leads[first]

    def _is_title(self, sentence: Sentence) -> bool:
        return sentence.paragraph in self._title_paragraphs(sentence.id - sentence.position)

    def _title_paragraphs(self, first: int) -> frozenset[int]:
        """The paragraphs that write the title of the article whose first sentence is `first`,
        among those before its body: a kicker such as a section name may come first. Empty when
        ingest made the title of the opening words: then the opening is the story's first
        sentence, not a headline."""
        if first not in self._titles:
            article = self.stored.articles[self.stored.sentences[first].source]
            found: set[int] = set()
            if article.title_source != "opening":
                title = tokens(article.title)
                for paragraph, grouped in groupby(self._scanned(first), lambda s: s.paragraph):
                    sentences = list(grouped)
                    if writes_title(" ".join(s.text for s in sentences), title):
                        found.add(paragraph)
                    elif any(s.kind != "furniture" for s in sentences):
                        break
            self._titles[first] = frozenset(found)
        return self._titles[first]

    def _scanned(self, first: int) -> list[Sentence]:
        """The first LEAD_SCAN sentences of the article whose first sentence is `first`."""
        source = self.stored.sentences[first].source
        return [s for s in self.stored.sentences[first : first + LEAD_SCAN] if s.source == source]


def writes_title(paragraph: str, title: list[str]) -> bool:
    """Whether `paragraph` is the title (folded tokens) whatever its marks ("# " of Markdown), a
    part of it (an HTML page's title may add the site's name) or, unpunctuated like a headline,
    holds all of it (a date header before it); not the first paragraph of a story that repeats
    its title. A single word proves nothing: a one-word title is in many sentences, and one
    word is in many titles."""
    words = tokens(paragraph)
    if len(words) < TITLE_MIN_MATCH or len(title) < TITLE_MIN_MATCH:
        return False
    joined, whole = f" {' '.join(words)} ", f" {' '.join(title)} "
    return joined in whole or (whole in joined and not TERMINAL.search(paragraph.rstrip()))

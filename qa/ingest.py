"""Read the corpus folder into articles: text, title and publication date."""

import hashlib
import os
import re
from pathlib import Path

from qa.dates import find_date
from qa.decode import UnreadableFileError, read_text_file
from qa.errors import CorpusError
from qa.extract import HTML_SUFFIXES, extract_page
from qa.models import Article, ArticleFile, Frozen, SkippedFile, TitleSource
from qa.wrapping import unwrapped

ARTICLE_SUFFIXES = (".txt", ".md", *HTML_SUFFIXES)
TITLE_MIN_WORDS = 4
HEAD_LINES = 8
"""How many leading non-empty lines may hold the title."""

DATE_HEADER = re.compile(r"^\s*(?:date|published|posted)\s*:?\s*(\d{4})-(\d{2})-(\d{2})\b", re.I)
TITLE_MAX_CHARS = 80
"""A title made of an article's opening words stops at the last word boundary before this."""
MARKED_TITLE = re.compile(r"^\s*(?:#\s+|title\s*:\s*)(?P<title>\S.*?)\s*$", re.I)
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
HEADLINE_END = re.compile(r"[?!][\"'”’)\]]*\s*$")
WORD = re.compile(r"\w+")


class CorpusScan(Frozen):
    """The readable articles of a corpus folder and the files left out."""

    articles: list[ArticleFile]
    skipped: list[SkippedFile]


def read_corpus(corpus: Path) -> list[ArticleFile]:
    """Read every article file under `corpus`, in a stable order, skipping hidden ones."""
    return scan_corpus(corpus).articles


def scan_corpus(corpus: Path) -> CorpusScan:
    """Read every article file under `corpus`, and name the files that cannot be read."""
    check_corpus_folder(corpus)
    articles: list[ArticleFile] = []
    skipped: list[SkippedFile] = []
    for path in article_paths(corpus):
        try:
            articles.append(read_article(checked_source(corpus, path), path))
        except UnreadableFileError as error:
            skipped.append(SkippedFile(source=shown_source(corpus, path), reason=str(error)))
    if not articles:
        message = f"corpus folder {corpus} has no readable .txt, .md or .html articles"
        if skipped:
            message += f" ({len(skipped)} skipped, as {skipped[0].source}: {skipped[0].reason})"
        raise CorpusError(f"{message}; add articles to it or pass --corpus DIR")
    return CorpusScan(articles=articles, skipped=skipped)


def article_paths(corpus: Path) -> list[Path]:
    """The files under `corpus` a build reads, in a stable order: an article suffix, not hidden,
    a file or a link that is not to a folder (a broken link is listed, to be reported)."""
    return sorted(
        p
        for p in corpus.rglob("*")
        if p.suffix.lower() in ARTICLE_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(corpus).parts)
        and (p.is_file() or (p.is_symlink() and not p.is_dir()))
    )


def checked_source(corpus: Path, path: Path) -> str:
    """The source name of `path`, or UnreadableFileError when qa must not read it: a name that
    is not UTF-8 (no JSON can hold it), a broken or looping link, a link out of the corpus."""
    source = path.relative_to(corpus).as_posix()
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        raise UnreadableFileError("its name is not valid UTF-8; rename the file") from None
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # RuntimeError: a link loop, before Python 3.13
            raise UnreadableFileError("a broken or looping symbolic link") from None
        # A corpus file must not make qa read, or quote, a file outside the corpus.
        if not target.is_relative_to(corpus.resolve()):
            raise UnreadableFileError("a symbolic link to a file outside the corpus")
        if not target.is_file():
            raise UnreadableFileError("a symbolic link to something that is not a file")
    return source


def shown_source(corpus: Path, path: Path) -> str:
    """The source name as text that can be printed and stored, even when it is not UTF-8."""
    name = os.fsencode(path.relative_to(corpus).as_posix())
    return name.decode("utf-8", errors="replace")


def check_corpus_folder(corpus: Path) -> None:
    if corpus.exists() and not corpus.is_dir():
        raise CorpusError(f"corpus {corpus} is a file, not a folder; pass --corpus DIR")
    if not corpus.is_dir():
        raise CorpusError(
            f"corpus folder {corpus} does not exist; pass --corpus DIR or set QA_CORPUS"
        )


def read_article(source: str, path: Path) -> ArticleFile:
    """Read one file; UnreadableFileError says why it cannot be (binary, empty, too large...)."""
    decoded = read_text_file(path)
    if path.suffix.lower() in HTML_SUFFIXES:
        return read_page(source, decoded.text, decoded.encoding)
    article = describe_article(source, decoded.text)
    if decoded.encoding != "utf-8":
        article = article.model_copy(
            update={"text_source": "decoded", "encoding": decoded.encoding}
        )
    return ArticleFile(article=article, text=decoded.text)


def read_page(source: str, html: str, encoding: str) -> ArticleFile:
    """An HTML page as its extracted main text; the page's own title and date come first."""
    page = extract_page(html)
    article = describe_article(source, page.text)
    update: dict[str, object] = {
        "text_source": "extracted",
        "encoding": encoding,
        # The page, not the extracted text, so any change to the file is noticed.
        "content_hash": hash_text(html),
    }
    if page.title:
        update |= {"title": page.title, "title_source": "page"}
    if page.date:
        update |= {"date": page.date, "date_source": "metadata", "date_stated": str(page.date)}
    return ArticleFile(article=article.model_copy(update=update), text=page.text)


def hash_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def describe_article(source: str, text: str) -> Article:
    """Title and date of an article, read from its first lines."""
    # A hard-wrapped headline or paragraph is read whole, as one line.
    lines = [
        line.lstrip("\ufeff") for line in unwrapped(text).splitlines() if line.strip("\ufeff \t")
    ]
    found = find_date(lines)
    title = find_title(lines[:HEAD_LINES]) or FoundTitle(
        text=opening_words(lines[0] if lines else ""), source="opening"
    )
    return Article(
        source=source,
        title=title.text,
        title_source=title.source,
        date=found.date if found else None,
        date_source=found.source if found else None,
        date_stated=found.stated if found else None,
        content_hash=hash_text(text),
    )


class FoundTitle(Frozen):
    """A title read from an article's first lines, and how it was marked."""

    text: str
    source: TitleSource


def find_title(head: list[str]) -> FoundTitle | None:
    """A marked title (`# `, `title:`, a date header's rest), else the first headline-like line."""
    for line in head:
        if marked := MARKED_TITLE.match(line):
            return FoundTitle(text=marked["title"], source="marked")
        if header := DATE_HEADER.match(line):
            rest = line[header.end() :].strip()
            if rest:
                return FoundTitle(text=rest, source="marked")
    before_body = [line.strip() for line in _lines_before_body(head) if _is_headline(line)]
    # A headline may ask or exclaim ("Who runs Ostrava now?"), but an unpunctuated line before
    # the body is likelier the headline; a short line ending in a full stop is a sentence. A
    # line too short for a headline ("Share this") is one only where no line is long enough.
    unpunctuated = [line for line in before_body if not SENTENCE_END.search(line)]
    asking = [line for line in before_body if HEADLINE_END.search(line)]
    for headlines in (unpunctuated, asking):
        if long_enough := [h for h in headlines if len(WORD.findall(h)) >= TITLE_MIN_WORDS]:
            return FoundTitle(text=long_enough[0], source="headline")
    if headlines := unpunctuated or asking:
        return FoundTitle(text=headlines[0], source="headline")
    return None


def opening_words(paragraph: str) -> str:
    """The first sentence of `paragraph`, cut at a word boundary if long: a title for an article
    without a headline."""
    from qa.segment import split_sentences  # pysbd: only when a title must be made

    first = next(iter(split_sentences(paragraph)), None)
    wording = paragraph[first.start : first.end] if first else ""
    if len(wording) <= TITLE_MAX_CHARS:
        return wording.rstrip(".!?…")
    cut = wording[: TITLE_MAX_CHARS + 1].rsplit(maxsplit=1)[0]
    return cut.rstrip(",;:–—-") + "…"


def _lines_before_body(head: list[str]) -> list[str]:
    for number, line in enumerate(head):
        if _is_body(line):
            return head[:number]
    return head


def _is_body(line: str) -> bool:
    return bool(SENTENCE_END.search(line)) and len(WORD.findall(line)) >= 8


def _is_headline(line: str) -> bool:
    """Short enough for a headline; before the body, so not a long punctuated sentence."""
    return len(WORD.findall(line)) <= 25

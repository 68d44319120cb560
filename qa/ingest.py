"""Read the corpus folder into articles: text, title and publication date."""

import hashlib
import re
from pathlib import Path

from qa.dates import find_date
from qa.decode import UnreadableFileError, read_text_file
from qa.errors import CorpusError
from qa.extract import HTML_SUFFIXES, extract_page
from qa.models import Article, ArticleFile, Frozen, SkippedFile

ARTICLE_SUFFIXES = (".txt", ".md", *HTML_SUFFIXES)
TITLE_MIN_WORDS = 4
HEAD_LINES = 8
"""How many leading non-empty lines may hold the title."""

DATE_HEADER = re.compile(r"^\s*(?:date|published|posted)\s*:?\s*(\d{4})-(\d{2})-(\d{2})\b", re.I)
TITLE_MAX_CHARS = 80
"""A title made of an article's opening words stops at the last word boundary before this."""
MARKED_TITLE = re.compile(r"^\s*(?:#\s+|title\s*:\s*)(?P<title>\S.*?)\s*$", re.I)
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
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
    paths = sorted(
        p
        for p in corpus.rglob("*")
        if p.suffix.lower() in ARTICLE_SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(corpus).parts)
    )
    articles: list[ArticleFile] = []
    skipped: list[SkippedFile] = []
    for path in paths:
        source = path.relative_to(corpus).as_posix()
        if is_link_out_of(corpus, path):
            skipped.append(SkippedFile(source=source, reason="a link to a file outside the corpus"))
            continue
        try:
            articles.append(read_article(source, path))
        except UnreadableFileError as error:
            skipped.append(SkippedFile(source=source, reason=str(error)))
    if not articles:
        message = f"corpus folder {corpus} has no readable .txt, .md or .html articles"
        if skipped:
            message += f"; {len(skipped)} skipped, as {skipped[0].source}: {skipped[0].reason}"
        raise CorpusError(message)
    return CorpusScan(articles=articles, skipped=skipped)


def is_link_out_of(corpus: Path, path: Path) -> bool:
    """Whether `path` is a symbolic link to a file outside `corpus`, which qa never reads: a
    corpus file must not make qa quote or hash what lies outside the corpus."""
    return path.is_symlink() and not path.resolve().is_relative_to(corpus.resolve())


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
        update["title"] = page.title
    if page.date:
        update |= {"date": page.date, "date_source": "metadata", "date_stated": str(page.date)}
    return ArticleFile(article=article.model_copy(update=update), text=page.text)


def hash_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def describe_article(source: str, text: str) -> Article:
    """Title and date of an article, read from its first lines."""
    lines = [line.lstrip("\ufeff") for line in text.splitlines() if line.strip("\ufeff \t")]
    found = find_date(lines)
    return Article(
        source=source,
        title=find_title(lines[:HEAD_LINES]) or opening_words(lines[0] if lines else ""),
        date=found.date if found else None,
        date_source=found.source if found else None,
        date_stated=found.stated if found else None,
        content_hash=hash_text(text),
    )


def find_title(head: list[str]) -> str | None:
    """A marked title (`# `, `title:`, a date header's rest), else the first headline-like line."""
    for line in head:
        if marked := MARKED_TITLE.match(line):
            return marked["title"]
        if header := DATE_HEADER.match(line):
            rest = line[header.end() :].strip()
            if rest:
                return rest
    headlines = [line.strip() for line in _lines_before_body(head) if _is_headline(line)]
    long_enough = [line for line in headlines if len(WORD.findall(line)) >= TITLE_MIN_WORDS]
    if long_enough:
        return long_enough[0]
    return headlines[0] if headlines else None


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
    return not SENTENCE_END.search(line) and len(WORD.findall(line)) <= 25

"""Read the corpus folder into articles: text, title and publication date."""

import datetime as dt
import hashlib
import logging
import re
from pathlib import Path

from qa.errors import CorpusError
from qa.models import Article, ArticleFile

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".md")
TITLE_MIN_WORDS = 4
HEAD_LINES = 8
"""How many leading non-empty lines may hold the title or the date."""

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_HEADER = re.compile(r"^\s*(?:date|published|posted)\s*:?\s*(\d{4})-(\d{2})-(\d{2})\b", re.I)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I)
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.I)
MARKED_TITLE = re.compile(r"^\s*(?:#\s+|title\s*:\s*)(?P<title>\S.*?)\s*$", re.I)
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
WORD = re.compile(r"\w+")


def read_corpus(corpus: Path) -> list[ArticleFile]:
    """Read every .txt and .md file under `corpus`, in a stable order, skipping hidden ones."""
    check_corpus_folder(corpus)
    paths = sorted(
        p
        for p in corpus.rglob("*")
        if p.suffix.lower() in ARTICLE_SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(corpus).parts)
    )
    articles = [a for p in paths if (a := read_article(corpus, p)) is not None]
    if not articles:
        raise CorpusError(f"corpus folder {corpus} has no readable .txt or .md articles")
    return articles


def check_corpus_folder(corpus: Path) -> None:
    if corpus.exists() and not corpus.is_dir():
        raise CorpusError(f"corpus {corpus} is a file, not a folder; pass --corpus DIR")
    if not corpus.is_dir():
        raise CorpusError(
            f"corpus folder {corpus} does not exist; pass --corpus DIR or set QA_CORPUS"
        )


def read_article(corpus: Path, path: Path) -> ArticleFile | None:
    """Read one file, or log why it is skipped (not UTF-8, unreadable, empty)."""
    source = path.relative_to(corpus).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        log.warning("skipping %s: %s", source, error)
        return None
    if not text.strip():
        log.warning("skipping %s: empty file", source)
        return None
    return ArticleFile(article=describe_article(source, text), text=text)


def hash_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def describe_article(source: str, text: str) -> Article:
    """Title and date of an article, read from its first lines."""
    head = [line.lstrip("\ufeff") for line in text.splitlines() if line.strip("\ufeff \t")]
    head = head[:HEAD_LINES]
    return Article(
        source=source,
        title=find_title(head, fallback=Path(source).stem),
        date=find_date(head),
        content_hash=hash_text(text),
    )


def find_title(head: list[str], fallback: str) -> str:
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
    if headlines:
        return headlines[0]
    return fallback


def _lines_before_body(head: list[str]) -> list[str]:
    for number, line in enumerate(head):
        if _is_body(line):
            return head[:number]
    return head


def _is_body(line: str) -> bool:
    return bool(SENTENCE_END.search(line)) and len(WORD.findall(line)) >= 8


def _is_headline(line: str) -> bool:
    return not SENTENCE_END.search(line) and len(WORD.findall(line)) <= 25


def find_date(head: list[str]) -> dt.date | None:
    """A `date YYYY-MM-DD` header, else a full date on a short leading line (a dateline)."""
    for line in head:
        if header := DATE_HEADER.match(line):
            return _make_date(header[1], header[2], header[3])
    for line in head:
        if len(WORD.findall(line)) > 12:
            continue
        if found := _parse_date(line):
            return found
    return None


def _parse_date(line: str) -> dt.date | None:
    if match := ISO_DATE.search(line):
        return _make_date(match[1], match[2], match[3])
    if match := MONTH_DAY_YEAR.search(line):
        return _make_date(match[3], str(MONTHS[match[1].lower()]), match[2])
    if match := DAY_MONTH_YEAR.search(line):
        return _make_date(match[3], str(MONTHS[match[2].lower()]), match[1])
    return None


def _make_date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None

import datetime as dt
from pathlib import Path

import pytest

from qa.errors import CorpusError
from qa.ingest import describe_article, read_corpus, scan_corpus

from .conftest import SEEDS, TINY_ARTICLES, write_corpus


def test_reads_txt_and_md_recursively_in_stable_order(tmp_path: Path) -> None:
    write_corpus(tmp_path, TINY_ARTICLES)
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    sources = [f.article.source for f in read_corpus(tmp_path)]
    assert sources == ["harbour.txt", "orchard.md", "science/comet.txt"]


def test_text_is_the_file_as_read_text_returns_it(tmp_path: Path) -> None:
    (tmp_path / "crlf.txt").write_bytes(b"Title line\r\n\r\nBody text here.\r\n")
    [article_file] = read_corpus(tmp_path)
    assert article_file.text == (tmp_path / "crlf.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "title", "title_source", "date"),
    [
        (
            "date 2025-12-12 Envoy visits the capital\nEnvoy visits\nBody.",
            "Envoy visits the capital",
            "marked",
            dt.date(2025, 12, 12),
        ),
        (
            "# Marked title here\n\nPosted on March 3, 2021\n\nBody text.",
            "Marked title here",
            "marked",
            dt.date(2021, 3, 3),
        ),
        (
            "Minsk 17:54\n\nA real headline about the talks\n\nBody of the article goes on here.",
            "A real headline about the talks",
            "headline",
            None,
        ),
        (
            "Nation & World\n\nFarmers pick record harvest in valley\nBy A. Writer\n12 June 2020\n"
            "The harvest was the largest in twenty years, farmers said on Monday.",
            "Farmers pick record harvest in valley",
            "headline",
            dt.date(2020, 6, 12),
        ),
        (
            "Super_Bowl_50\n\nSuper Bowl 50 was an American football game played in 2016.",
            "Super_Bowl_50",
            "headline",
            None,
        ),
        (
            "Who runs Ostrava now?\n\nThe council re-elected its mayor on Tuesday after a vote.",
            "Who runs Ostrava now?",
            "headline",
            None,
        ),
        (
            "Listen to this story.\n\nCouncil re-elects its mayor\n\nThe council met on Tuesday.",
            "Council re-elects its mayor",
            "headline",
            None,
        ),
        (
            "Share this\n\nWho runs Ostrava now?\n\nThe council met on Tuesday and re-elected it.",
            "Who runs Ostrava now?",
            "headline",
            None,
        ),
        (
            "Councillors voted 31 to 14.\n\nThe council met on Tuesday and re-elected the mayor.",
            "Councillors voted 31 to 14",
            "opening",
            None,
        ),
    ],
    ids=[
        "date header",
        "markdown",
        "kicker",
        "byline and date",
        "squad",
        "question",
        "punctuated furniture first",
        "short furniture first",
        "full stop",
    ],
)
def test_title_and_date(text: str, title: str, title_source: str, date: dt.date | None) -> None:
    article = describe_article("a.txt", text)
    assert (article.title, article.title_source, article.date) == (title, title_source, date)


def test_title_without_a_headline_is_the_opening_sentence_never_the_file_name() -> None:
    text = "The minister resigned on Monday after a vote of no confidence in parliament. More."
    article = describe_article("news/resignation.txt", text)
    assert (
        article.title
        == "The minister resigned on Monday after a vote of no confidence in parliament"
    )
    assert article.title_source == "opening"


def test_long_opening_sentence_is_cut_at_a_word_boundary() -> None:
    text = (
        "Dr. Lena Moss and her colleagues at the Halden observatory announced on Thursday that "
        "they had found a comet passing within forty million kilometres of Earth."
    )
    title = describe_article("comet.txt", text).title
    assert title == "Dr. Lena Moss and her colleagues at the Halden observatory announced on…"
    assert text.startswith(title.removesuffix("…"))


@pytest.mark.parametrize(
    ("text", "date", "source", "stated"),
    [
        (
            "Talks resume\n\nMINSK, Dec 12 (Reuters) - Talks resumed on Friday, officials said. "
            "The envoy arrived on Dec. 12, 2025, for two days.",
            dt.date(2025, 12, 12),
            "dateline",
            "Dec 12",
        ),
        (
            "Talks resume\n\nNovember 10, Pozirk. The opposition leader warned the envoy.",
            None,
            "dateline",
            "November 10",
        ),
        (
            "Vote held\n\nMarch 3, the council voted to close the bridge for the winter. "
            "It reopens on 14 June 2023, the mayor said.",
            dt.date(2023, 6, 14),
            "text",
            "14 June 2023",
        ),
        (
            "Market reopens\n\nThe market reopened on Friday 12 December 2025 after a long and "
            "costly renovation of its roof, traders said.",
            dt.date(2025, 12, 12),
            "text",
            "12 December 2025",
        ),
        (
            "Super Bowl 50 was played at Levi's Stadium in Section 12 and on Route 66.",
            None,
            None,
            None,
        ),
    ],
)
def test_date_from_dateline_or_text(
    text: str, date: dt.date | None, source: str | None, stated: str | None
) -> None:
    article = describe_article("a.txt", text)
    assert (article.date, article.date_source, article.date_stated) == (date, source, stated)


@pytest.mark.parametrize(
    ("source", "title", "date", "date_source", "stated"),
    [
        (
            "000_b21b14b71a7359cf.txt",
            "Łukašenka seeks US sanctions relief without reforms, Viačorka warns",
            None,
            "dateline",
            "November 10",
        ),
        (
            "001_a4529d2b956ebbfb.txt",
            "Belarusian President Alexander Lukashenko on Saturday ordered the release of…",
            None,
            None,
            None,
        ),
        (
            "002_5eda7e8b5bdc9733.txt",
            "Belarus leader hosts US envoy as he seeks to improve his country's ties with the West",
            dt.date(2025, 12, 12),
            "text",
            "Dec. 12, 2025",
        ),
        (
            "003_fcec4ed498c2ad4d.txt",
            "High-Level Talks in Minsk Signal Thaw in US-Belarus Relations",
            dt.date(2025, 12, 13),
            "text",
            "December 13, 2025",
        ),
        (
            "004_1c74653c835ba617.txt",
            "Trump's envoy visits Belarus for talks with Lukashenko on prisoners",
            dt.date(2025, 12, 12),
            "header",
            "2025-12-12",
        ),
    ],
)
def test_seed_titles_and_dates(
    source: str, title: str, date: dt.date | None, date_source: str | None, stated: str | None
) -> None:
    text = (SEEDS / source).read_text(encoding="utf-8")
    article = describe_article(source, text)
    assert (article.title, article.date) == (title, date)
    assert (article.date_source, article.date_stated) == (date_source, stated)


def test_missing_corpus_is_a_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        read_corpus(tmp_path / "nowhere")


def test_corpus_without_articles_is_a_corpus_error(tmp_path: Path) -> None:
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    with pytest.raises(CorpusError, match="no readable"):
        read_corpus(tmp_path)


FRENCH = (
    "Le gouvernement français a annoncé mercredi une série de mesures destinées à soutenir les "
    "agriculteurs touchés par la sécheresse.\n« Nous ne laisserons personne de côté », a déclaré "
    "le ministre lors d'une conférence de presse à Paris.\n"
)
RUSSIAN = (
    "Президент Беларуси помиловал 123 заключённых, сообщила пресс-служба. Среди освобождённых — "
    "лауреат Нобелевской премии мира Алесь Беляцкий и Мария Колесникова.\n"
    "Переговоры с американским посланником продолжались два дня в Минске.\n"
)


def test_files_that_cannot_be_read_are_skipped_with_their_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("qa.decode.MAX_FILE_BYTES", 1000)
    write_corpus(tmp_path, {"good.txt": "A headline here\n\nSome body text."})
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00")
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"\n \t\r\n")
    (tmp_path / "huge.txt").write_text("Words and more words. " * 100, encoding="utf-8")
    (tmp_path / "french.txt").write_bytes(FRENCH.encode("cp1252"))
    scan = scan_corpus(tmp_path)
    assert [f.article.source for f in scan.articles] == ["good.txt"]
    reasons = {s.source: s.reason for s in scan.skipped}
    assert reasons == {
        "blank.txt": "empty file",
        "empty.md": "empty file",
        "french.txt": reasons["french.txt"],
        "huge.txt": "larger than 0 MiB",
        "image.txt": "binary file, not text",
    }
    # Western single-byte encodings decode this text in several ways: skipped, not guessed.
    assert reasons["french.txt"].startswith("not UTF-8, and its encoding is unsure")


def test_file_in_a_reliably_detected_encoding_is_decoded(tmp_path: Path) -> None:
    (tmp_path / "minsk.txt").write_bytes(RUSSIAN.replace("\n", "\r\n").encode("cp1251"))
    [article_file] = read_corpus(tmp_path)
    assert article_file.text == RUSSIAN
    assert article_file.article.text_source == "decoded"
    assert article_file.article.encoding == "cp1251"


def test_utf8_files_keep_their_text_source_file(tmp_path: Path) -> None:
    write_corpus(tmp_path, {"a.txt": "Новости дня\n\nТекст статьи."})
    [article_file] = read_corpus(tmp_path)
    assert (article_file.article.text_source, article_file.article.encoding) == ("file", "utf-8")


def test_corpus_of_only_bad_files_says_why(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02")
    with pytest.raises(CorpusError, match="1 skipped, as bad.txt: binary file"):
        read_corpus(tmp_path)


def test_seed_titles_skip_page_furniture() -> None:
    titles = {f.article.source: f.article.title for f in read_corpus(SEEDS)}
    for title in titles.values():
        assert len(title.split()) >= 4 or "_" in title


def test_hidden_folders_and_files_are_skipped(tmp_path: Path) -> None:
    write_corpus(
        tmp_path,
        {"news.txt": "A headline here\n\nBody text.", ".git/notes.md": "x", ".draft.txt": "y"},
    )
    assert [f.article.source for f in read_corpus(tmp_path)] == ["news.txt"]


def test_byte_order_mark_is_not_part_of_the_title() -> None:
    assert describe_article("a.md", "\ufeff# Новости дня\n\nТекст.").title == "Новости дня"

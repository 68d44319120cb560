"""The main text, title and date of a saved HTML page, extracted by trafilatura.

The extracted text is what gets indexed and stored, so offsets count in it; the page's navigation,
adverts and footers never reach the index.
"""

import datetime as dt
import logging

from qa.decode import UnreadableFileError
from qa.models import Frozen

HTML_SUFFIXES = (".html", ".htm")


class ExtractedPage(Frozen):
    """What trafilatura found in a page: its main text and, when the page says, title and date."""

    text: str
    title: str | None
    date: dt.date | None


def extract_page(html: str) -> ExtractedPage:
    """The main text of `html`; UnreadableFileError when the page holds no article text."""
    import trafilatura

    # trafilatura logs its own warning for a page it gives up on; qa says it once, as a skip.
    for name in ("trafilatura", "htmldate"):
        logging.getLogger(name).setLevel(logging.ERROR)
    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        # Only the dates the page states in its markup; the text's own dates are found by
        # qa.dates, which records where each came from.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(document, "text", None) or ""
    if not text.strip():
        raise UnreadableFileError("no article text found in the page")
    return ExtractedPage(
        text=text,
        title=getattr(document, "title", None) or None,
        date=_iso_date(getattr(document, "date", None)),
    )


def _iso_date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None

"""Fold text for matching: case, accents and diacritics, quotes and dashes."""

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter plus a mark.
UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
        "þ": "th",
        "ð": "d",
        "‘": "'",
        "’": "'",
        "‚": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
    }
)
TOKEN = re.compile(r"[^\W_]+(?:(?:,\d{2})*,\d{3}(?!\d)|\.\d+)*")
"""A word or a number: "1,200", "1,20,000" and "9.5" stay whole; "1,3" is a list of two
numbers, as "1, 3" is."""


def fold(text: str) -> str:
    """Text with case, diacritics, quote and dash variants folded away; never shown."""
    if text.isascii():
        # Most text: no ASCII character decomposes, combines or is in UNDECOMPOSED.
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(UNDECOMPOSED))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.lower()


def tokens(text: str) -> list[str]:
    """Folded word and number tokens ("1,200" and "9.5" stay whole)."""
    return TOKEN.findall(fold(text))


def token_spans(text: str) -> list[tuple[int, int, str]]:
    """Each word or number token of `text`: its offsets in `text` and its folded form."""
    return [(m.start(), m.end(), fold(m.group())) for m in TOKEN.finditer(text)]

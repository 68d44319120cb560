"""A corpus file's bytes as text, the way `Path.read_text` gives it, or why it cannot be read."""

from pathlib import Path

from qa.models import Frozen

MAX_FILE_BYTES = 16 * 1024 * 1024
"""Larger files are not articles (a database dump, an archive renamed); a saved news page with
its inline scripts stays well under this."""
SNIFF_BYTES = 8192
"""How much of a file is looked at for NUL bytes, which text files never hold."""
UNICODE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
"""UTF-16 and UTF-32 files hold NUL bytes, but start with one of these."""
MAX_CHAOS = 0.2
"""charset-normalizer's share of odd characters above which a guess is noise, not text."""
CHAOS_MARGIN = 0.02
"""Encodings whose guesses are this close to the best one are as likely; when they decode the
bytes differently (cp775, cp1250 and cp1252 on a French text), no encoding is reliable, and a
wrong one would put words in the article that it does not hold."""


class UnreadableFileError(Exception):
    """A corpus file that is not readable text; the message says why, for the build summary."""


class DecodedText(Frozen):
    """A file's text with universal newlines, and the encoding it was decoded from."""

    text: str
    encoding: str


def read_text_file(path: Path) -> DecodedText:
    """The text of `path`; UnreadableFileError if it is empty, too large, binary or undecodable."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableFileError(f"larger than {MAX_FILE_BYTES // 2**20} MiB")
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFileError(f"cannot be read: {error.strerror}") from error
    return decode_bytes(data)


def decode_bytes(data: bytes) -> DecodedText:
    if not data.strip():
        raise UnreadableFileError("empty file")
    if b"\x00" in data[:SNIFF_BYTES] and not data.startswith(UNICODE_BOMS):
        raise UnreadableFileError("binary file, not text")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _detect_encoding(data)
    # Universal newlines, as `Path.read_text` translates them.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip("\ufeff \t\n"):
        raise UnreadableFileError("empty file")
    return DecodedText(text=text, encoding=encoding)


def _detect_encoding(data: bytes) -> tuple[str, str]:
    import charset_normalizer

    matches = list(charset_normalizer.from_bytes(data))
    if not matches or min(m.chaos for m in matches) > MAX_CHAOS:
        raise UnreadableFileError("not UTF-8, and not text in any encoding qa can detect")
    lowest = min(m.chaos for m in matches)
    likely = sorted((m for m in matches if m.chaos <= lowest + CHAOS_MARGIN), key=lambda m: m.chaos)
    if len({str(m) for m in likely}) > 1:
        names = ", ".join(m.encoding for m in likely[:3])
        raise UnreadableFileError(f"not UTF-8, and its encoding is unsure ({names}?)")
    return str(likely[0]), likely[0].encoding

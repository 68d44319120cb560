"""Hard-wrapped text: prose broken into lines of a set width, as plain-text wire copy, mail
and archives are written. The sentence splitter ends a sentence at every line break, so such a
file, read as it is, is indexed and quoted in fragments ("The council voted on Tuesday to
close the").

`unwrapped` gives the text the splitter and the NER model read: in a hard-wrapped file, the
line breaks inside a paragraph become spaces. It has the same length as the file's text, so
every offset found in it holds in the file, and a quote stays a verbatim span of the file,
line breaks included. A file written a paragraph per line is read as it is.
"""

import re
from itertools import pairwise

from qa.clean import HEADER
from qa.models import Span
from qa.terms import is_stop_word

LINE = re.compile(r"[^\n]+")
LINE_BREAK = re.compile(r"[\r\n]")
TERMINAL = re.compile(r"[.!?…:;][\"'”’)\]]*$")
BULLET = re.compile(r"[-–•*▪►]\s|\d{1,2}[.)]\s")
WRAP_WIDTH_RANGE = (30, 100)
"""Widths at which a file can be hard-wrapped: wire copy and mail are set at 60 to 80
columns; a file with more long lines of words than OVERLONG_LINES writes a paragraph per line.
The width is that of its longest line of words within the range."""
OVERLONG_LINES = 2
"""Lines of words longer than any wrap width that a hard-wrapped file may hold, neither wrapped
nor wrapped onto: a headline or a header line left as written above wrapped prose."""
FILL_SHARE = 0.6
"""How full of the width a line and the next line's first word must be for the break between
them to be a wrap: a wrapper breaks a line where the next word would not fit, or near it (wire
copy is set by hand, ragged); a heading or a paragraph's last line stops short."""
MIN_WRAPS = 2
"""Breaks that can only be wraps a file needs before it is read as hard-wrapped: a full line
that ends mid-sentence, followed by one that starts in lower case."""


def unwrapped(text: str) -> str:
    """`text` with the line breaks inside its paragraphs read as spaces, if it is hard-wrapped;
    else `text` itself. Same length: offsets in one are offsets in the other."""
    lines = [line for m in LINE.finditer(text) if (line := _content(text, m.start(), m.end()))]
    low, high = WRAP_WIDTH_RANGE
    worded = [_length(line) for line in lines if _has_words(text, line)]
    if sum(length > high for length in worded) > OVERLONG_LINES:
        return text
    width = max((length for length in worded if length <= high), default=0)
    if width < low:
        return text
    wraps = [
        (line, after)
        for line, after in pairwise(lines)
        if _length(line) <= width
        and _length(after) <= width
        and _is_adjacent(text, line, after)
        and _fills(text, line, after, width)
        and not any(_is_header(text, either) for either in (line, after))
    ]
    sure = [_ends_mid_sentence(text, line, after) for line, after in wraps]
    if sum(sure) < MIN_WRAPS:
        return text
    # Above the first break that can only be a wrap may stand a headline, a byline or a date
    # line over the body: there, a break is a wrap only if it can only be one, or if it ends a
    # block of lines where the next word could not have fitted (a wrapped headline).
    first_sure = sure.index(True)
    wraps = [
        (line, after)
        for n, (line, after) in enumerate(wraps)
        if n >= first_sure or sure[n] or _wraps_block_end(text, line, after, width)
    ]
    characters = list(text)
    for line, after in wraps:
        next_words = _indented_start(text, after)
        characters[line.end : next_words] = " " * (next_words - line.end)
    return "".join(characters)


def on_one_line(text: str) -> str:
    """`text` with its line breaks as spaces, one character for one: a quote from a
    hard-wrapped file as patterns and a plain terminal read it, its offsets unchanged."""
    return LINE_BREAK.sub(" ", text)


def _content(text: str, start: int, end: int) -> Span | None:
    """A line from its first character (indentation included) to its last non-blank one."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start=start, end=end) if text[start:end].strip() else None


def _length(line: Span) -> int:
    return line.end - line.start


def _has_words(text: str, line: Span) -> bool:
    """Whether the line holds a space between words: a bare url sets no width."""
    return " " in text[line.start : line.end].strip()


def _is_header(text: str, line: Span) -> bool:
    """A Markdown heading or a header line such as `title:` or `date:`, never wrapped prose."""
    wording = text[line.start : line.end].lstrip()
    return wording.startswith("#") or HEADER.match(wording) is not None


def _is_adjacent(text: str, line: Span, after: Span) -> bool:
    return text[line.end : after.start].count("\n") == 1


def _indent(text: str, line: Span) -> int:
    wording = text[line.start : line.end]
    return len(wording) - len(wording.lstrip())


def _indented_start(text: str, line: Span) -> int:
    return line.start + _indent(text, line)


def _fills(text: str, line: Span, after: Span, width: int) -> bool:
    """Whether the break between two adjacent lines is a wrap: the line and the next one's first
    word fill the width, and the next line starts no new paragraph (indented, a list item)."""
    if _indent(text, after) > _indent(text, line):
        return False
    is_list_item = BULLET.match(text, _indented_start(text, after)) is not None
    return not is_list_item and _with_next_word(text, line, after) >= FILL_SHARE * width


def _wraps_block_end(text: str, line: Span, after: Span, width: int) -> bool:
    """Whether `after` is the last line of its block and its first word would not have fitted
    on `line`: the second line of a headline wrapped at `width`."""
    rest = text[after.end :]
    gap = rest[: len(rest) - len(rest.lstrip())]
    is_block_end = not rest.strip() or gap.count("\n") > 1
    return is_block_end and _with_next_word(text, line, after) > width


def _with_next_word(text: str, line: Span, after: Span) -> int:
    """The length of `line` with the first word of the line after it, a space between."""
    next_word = text[_indented_start(text, after) : after.end].split(maxsplit=1)[0]
    return _length(line) + 1 + len(next_word)


def _ends_mid_sentence(text: str, line: Span, after: Span) -> bool:
    """Whether the break can only be a wrap: an unfinished line before one in lower case, or
    ending in a comma or a word such as "the" or "on", which no headline or byline ends in."""
    wording = text[line.start : line.end]
    if TERMINAL.search(wording):
        return False
    last_word = wording.rsplit(maxsplit=1)[-1]
    return (
        text[_indented_start(text, after)].islower()
        or last_word.endswith(",")
        or is_stop_word(last_word.lower())
    )

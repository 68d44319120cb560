"""Text from files and people, made safe to show: never markup, never terminal control."""

from rich.control import STRIP_CONTROL_CODES
from rich.style import Style
from rich.text import Text

_CONTROL_PICTURES = 0x2400
"""Unicode "Control Pictures" block: U+2400 + code shows C0 control `code` as a visible glyph."""

# rich.control.strip_control_codes drops only BEL, BS, VT, FF and CR and leaves ESC in place, so
# escape sequences (ESC[2J, colours, OSC titles) would still reach the terminal. Every C0 control
# but newline and tab, DEL and the C1 controls are replaced one for one by a visible glyph instead
# of being dropped, which keeps the offsets of highlights into the text valid.
_VISIBLE_CONTROLS = {
    **{code: chr(_CONTROL_PICTURES + code) for code in range(0x20) if code not in (9, 10)},
    **{code: chr(_CONTROL_PICTURES + code) for code in STRIP_CONTROL_CODES},
    0x7F: "\u2421",
    **{code: "\ufffd" for code in range(0x80, 0xA0)},
}


def visible(text: str) -> str:
    """`text` with each control character replaced by one visible glyph (same length)."""
    return text.translate(_VISIBLE_CONTROLS)


def literal(text: str, style: str | Style = "") -> Text:
    """`text` as a Rich Text shown literally: brackets stay brackets, controls become glyphs."""
    return Text(visible(text), style=style)

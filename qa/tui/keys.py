"""The key list, generated from the bindings, for the help screen and the README."""

from collections.abc import Iterable

from textual.binding import Binding, BindingType

from qa.models import Frozen

KEY_NAMES = {
    "question_mark": "?",
    "escape": "Esc",
    "enter": "Enter",
    "up": "Up",
    "down": "Down",
    "tab": "Tab",
}


class KeyRow(Frozen):
    """One binding as people read it."""

    where: str
    keys: str
    does: str


def key_label(key: str) -> str:
    """`ctrl+r` -> `Ctrl+R`, `f1` -> `F1`, `question_mark` -> `?`; letters stay as typed."""
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    *modifiers, last = key.split("+")
    name = last.upper() if (modifiers or len(last) > 1) else last
    return "+".join([*(m.capitalize() for m in modifiers), name])


def key_rows(where: str, bindings: Iterable[BindingType]) -> list[KeyRow]:
    rows = []
    for binding in bindings:
        if isinstance(binding, Binding):
            keys = ", ".join(key_label(k.strip()) for k in binding.key.split(","))
            rows.append(KeyRow(where=where, keys=keys, does=binding.description))
    return rows


def markdown_table(rows: Iterable[KeyRow]) -> str:
    """The rows as the README's Markdown table."""
    lines = ["| where | key | does |", "| --- | --- | --- |"]
    lines += [f"| {r.where} | {r.keys} | {r.does} |" for r in rows]
    return "\n".join(lines)

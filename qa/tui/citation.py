"""Answers as text people paste elsewhere: one citation, or the whole conversation in Markdown."""

from collections.abc import Iterable

from qa.models import Answer, Frozen, Result
from qa.spelling import read_as_note


class Exchange(Frozen):
    """One question of the conversation and what qa answered, as kept in the history."""

    question: str
    result: Result | None = None
    """None when the question got no result (an error, or the app quit before the answer)."""
    reason: str | None = None
    """Why qa abstained; kept apart because `Result` leaves it out of its JSON."""


def source_line(answer: Answer) -> str:
    date = answer.date.isoformat() if answer.date else "undated"
    return f"{answer.title} · {date} · {answer.source}"


def citation(answer: Answer) -> str:
    """The quote with title, date and file, ready to paste."""
    return f"{quoted(answer.text)} — {source_line(answer)}"


QUOTE_MARKS = "“”\"'‘’«»„‹›「『"


def quoted(text: str) -> str:
    """`text` between quote marks, unless it opens with one (so it is not quoted twice)."""
    return text if text[:1] in QUOTE_MARKS else f"“{text}”"


def conversation_markdown(exchanges: Iterable[Exchange]) -> str:
    """The questions with their quoted answers and sources, as a Markdown document."""
    lines = ["# qa conversation", ""]
    for exchange in exchanges:
        lines += [f"## {exchange.question}", ""]
        result = exchange.result
        if result is None:
            lines += ["_No answer was received._", ""]
            continue
        if note := read_as_note(result.corrections):
            lines += [f"_{note}_", ""]
        if result.abstained:
            lines += [f"**Not found in the corpus**: {exchange.reason or 'no reason given'}.", ""]
            lines += ["Closest passages, not answers:", ""]
        for answer in result.answers:
            lines += [
                f"> {answer.text}".replace("\n", "\n> "),
                ">",
                f"> — {source_line(answer)}",
                "",
            ]
    return "\n".join(lines)

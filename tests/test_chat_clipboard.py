"""Copying a citation through a system clipboard tool, with real executables put on PATH."""

import asyncio
import json
import sys
from pathlib import Path

import pytest

from qa.search import Searcher
from qa.settings import Settings
from qa.tui.app import CLIPBOARD_TOOLS, copy_with_system_tool, make_app
from qa.tui.citation import citation
from qa.tui.widgets.answer_card import AnswerCard
from tests.chat_helpers import Messages, ask, isolate

CITATION = "“Mayor Ingrid Olsen cut the ribbon.” — Harbour bridge · 2024-03-05 · harbour.txt"


@pytest.fixture
def tools(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An empty folder that is the whole PATH: only the tools a test installs there are found."""
    isolate(monkeypatch, tmp_path)
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


def install_tool(folder: Path, name: str, *, exit_code: int = 0) -> None:
    """An executable named like a clipboard tool that saves its arguments and what it read, and
    chatters on stdout and stderr as real tools do when they fail."""
    received = folder / f"{name}.json"
    tool = folder / name
    tool.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        "data = sys.stdin.buffer.read().decode('utf-8')\n"
        f"with open({str(received)!r}, 'w', encoding='utf-8') as file:\n"
        "    json.dump({'argv': sys.argv[1:], 'stdin': data}, file)\n"
        "print('chatter on stdout')\n"
        "print('chatter on stderr', file=sys.stderr)\n"
        f"sys.exit({exit_code})\n",
        encoding="utf-8",
    )
    tool.chmod(0o755)


def received(folder: Path, name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    return loaded


@pytest.mark.parametrize("command", CLIPBOARD_TOOLS, ids=[c[0] for c in CLIPBOARD_TOOLS])
def test_each_clipboard_tool_gets_the_citation_on_its_stdin(
    tools: Path, command: list[str]
) -> None:
    install_tool(tools, command[0])
    assert copy_with_system_tool(CITATION) == command[0]
    assert received(tools, command[0]) == {"argv": command[1:], "stdin": CITATION}


def test_a_failing_tool_gives_way_to_the_next_one(tools: Path) -> None:
    install_tool(tools, "wl-copy", exit_code=1)  # as on a machine without a Wayland session
    install_tool(tools, "xsel")
    assert copy_with_system_tool(CITATION) == "xsel"
    assert received(tools, "xsel")["stdin"] == CITATION


def test_no_tool_found_copies_nothing(tools: Path) -> None:
    install_tool(tools, "wl-copy", exit_code=1)
    assert copy_with_system_tool(CITATION) is None


@pytest.mark.slow
def test_c_copies_through_the_tool_and_nothing_reaches_the_terminal(
    tools: Path,
    tiny_settings: Settings,
    tiny_searcher: Searcher,
    capfd: pytest.CaptureFixture[str],
) -> None:
    install_tool(tools, "wl-copy", exit_code=1)
    install_tool(tools, "xclip")

    async def run() -> tuple[str, Messages]:
        messages = Messages()
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test(message_hook=messages) as pilot:
            await ask(app, pilot, "Who cut the ribbon?")
            await pilot.press("tab", "c")
            await pilot.pause()
            card = app.focused
            assert isinstance(card, AnswerCard)
            return citation(card.answer), messages

    expected, messages = asyncio.run(run())
    assert received(tools, "xclip")["stdin"] == expected
    [note] = [n for n in messages.notifications() if n.startswith("Copied")]
    assert "with xclip" in note
    written = capfd.readouterr()
    assert "chatter" not in written.out + written.err


@pytest.mark.slow
def test_without_a_tool_the_notification_points_to_the_export(
    tools: Path, tiny_settings: Settings, tiny_searcher: Searcher
) -> None:
    async def run() -> tuple[str, str, Messages]:
        messages = Messages()
        app = make_app(tiny_settings, tiny_searcher)
        async with app.run_test(message_hook=messages) as pilot:
            await ask(app, pilot, "Who cut the ribbon?")
            await pilot.press("tab", "c")
            await pilot.pause()
            card = app.focused
            assert isinstance(card, AnswerCard)
            return app.clipboard, citation(card.answer), messages

    copied, expected, messages = asyncio.run(run())
    assert copied == expected
    [note] = [n for n in messages.notifications() if n.startswith("Copied")]
    assert "(terminal)" in note and " with " not in note
    assert "Ctrl+S exports the conversation to a Markdown file" in note

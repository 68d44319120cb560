"""The chat in a real terminal: `qa` run in tmux at 80x24 on a copy of the seed corpus."""

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.chat_helpers import EXAMPLE_QUESTION
from tests.conftest import SEEDS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

QA = Path(sys.executable).with_name("qa")
SESSION = "chat"


class Terminal:
    """A tmux server of its own (own socket), so the test never touches the user's sessions."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        command = ["tmux", "-L", self.socket, *args]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", SESSION)

    def text(self) -> str:
        """The screen as one line of words: quotes wrap across lines and card borders."""
        return " ".join(self.screen().replace("█", " ").replace("▊", " ").split())

    def pane(self, variable: str) -> str:
        return self.tmux("display-message", "-p", "-t", SESSION, f"#{{{variable}}}").strip()

    def wait_for(self, is_shown: Callable[[str], bool], timeout_s: float) -> str:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            text = self.text()
            if is_shown(text):
                return text
            time.sleep(0.5)
        raise AssertionError(f"not shown after {timeout_s} s:\n{self.screen()}")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """qa on a copy of the seeds with no index yet, so it starts by building one."""
    shutil.copytree(SEEDS, tmp_path / "corpus")
    # One server per test: a new one on a just-killed socket can fail to start.
    socket = f"qa-test-{os.getpid()}-{tmp_path.name}"
    term = Terminal(socket)
    command = (
        f"env XDG_DATA_HOME={tmp_path / 'data'} TERM=xterm-256color "
        f"{QA} --corpus {tmp_path / 'corpus'} --index {tmp_path / 'index'}"
    )
    term.tmux("new-session", "-d", "-s", SESSION, "-x", "80", "-y", "24", command)
    term.tmux("set-option", "-t", SESSION, "remain-on-exit", "on")
    try:
        yield term
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, check=False)


def test_the_chat_answers_in_a_real_terminal_and_shows_help(terminal: Terminal) -> None:
    # The first run builds the index of the seeds and loads the model: allow it time.
    terminal.wait_for(lambda text: "Ready." in text, timeout_s=120)
    terminal.tmux("send-keys", "-t", SESSION, "-l", EXAMPLE_QUESTION)
    terminal.tmux("send-keys", "-t", SESSION, "Enter")
    answered = terminal.wait_for(
        lambda text: "004_1c74653c835ba617.txt" in text and "Searching" not in text,
        timeout_s=120,
    )
    assert f"› {EXAMPLE_QUESTION}" in answered
    assert "persuaded Lukashenko to release 52 people" in answered

    terminal.tmux("send-keys", "-t", SESSION, "F1")
    shown = terminal.wait_for(lambda text: "qa keys" in text, timeout_s=30)
    assert "Rebuild index" in shown and "Open article" in shown


def test_sigterm_restores_the_terminal(terminal: Terminal) -> None:
    terminal.wait_for(lambda text: "Ask the corpus a question" in text, timeout_s=120)
    assert terminal.pane("alternate_on") == "1"
    os.kill(int(terminal.pane("pane_pid")), signal.SIGTERM)
    wait_until_dead(terminal, timeout_s=30)
    assert terminal.pane("alternate_on") == "0"
    assert terminal.pane("mouse_any_flag") == "0"
    assert terminal.pane("mouse_button_flag") == "0"


def wait_until_dead(terminal: Terminal, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while terminal.pane("pane_dead") != "1":
        assert time.monotonic() < deadline, f"qa still running after {timeout_s} s"
        time.sleep(0.2)


def test_ctrl_q_during_the_first_build_quits_without_finishing_it(
    terminal: Terminal, tmp_path: Path
) -> None:
    terminal.wait_for(lambda text: "Embedding" in text, timeout_s=120)
    terminal.tmux("send-keys", "-t", SESSION, "C-q")
    wait_until_dead(terminal, timeout_s=60)
    # Had quitting waited for the build, the index would now be in place.
    assert not (tmp_path / "index" / "CURRENT").exists()
    assert terminal.pane("alternate_on") == "0"
    # Not torch aborting on the abandoned thread at interpreter shutdown.
    assert "terminate called" not in terminal.screen()

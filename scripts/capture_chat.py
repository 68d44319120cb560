"""Regenerate docs/chat.svg, the README's capture of the chat answering the example question.

    .venv/bin/python -m scripts.capture_chat

Runs the real app headless at 100x30 on the seed corpus (building its index under index/ if
needed), asks the example question and saves Textual's SVG screenshot. History and preferences go
to a temporary data folder, so the capture never shows a person's own conversation.
"""

import asyncio
import os
import tempfile
from pathlib import Path

from qa.settings import Settings
from qa.tui.app import QaApp

REPO = Path(__file__).resolve().parent.parent
QUESTION = "How many prisoners were released in September?"
SIZE = (100, 30)


async def capture(target: Path) -> None:
    app = QaApp(Settings(corpus=Path("seeds"), index=Path("index")))
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press(*QUESTION, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause(0.5)
        app.save_screenshot(filename=target.name, path=str(target.parent))


def main() -> None:
    os.chdir(REPO)  # the header shows the corpus as given: "seeds", not this machine's path
    with tempfile.TemporaryDirectory() as data:
        os.environ["XDG_DATA_HOME"] = data
        asyncio.run(capture(REPO / "docs" / "chat.svg"))
    print("wrote docs/chat.svg")


if __name__ == "__main__":
    main()

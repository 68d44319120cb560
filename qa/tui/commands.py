"""The chat's own commands in the command palette (Ctrl+P)."""

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

COMMANDS = {
    "Rebuild the index": ("rebuild", "Read the corpus again and rebuild the index"),
    "Switch corpus folder": ("switch_corpus", "Open the chat on another folder of articles"),
    "Clear history": ("clear", "Forget the conversation, on screen and on disk"),
    "Export the conversation": ("export", "Write the questions and quotes to a Markdown file"),
    "Toggle light/dark theme": ("toggle_theme", "Switch between the light and dark themes"),
    "Show keys (help)": ("help", "List every key of the chat"),
}


class QaCommands(Provider):
    """Rebuild, clear history, export, theme and help, run as the keys would."""

    async def discover(self) -> Hits:
        for name, (action, help_text) in COMMANDS.items():
            yield DiscoveryHit(name, partial(self.run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, (action, help_text) in COMMANDS.items():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self.run, action), help=help_text)

    async def run(self, action: str) -> None:
        await self.app.run_action(f"app.{action}")

"""Link spelling variants of one name found in the corpus ("Tchaikovsky", "Čajkovskij").

Transliterations of a name differ in digraphs (sh/š, kh/h, ts/c), doubled letters and the final
vowel. Names whose spellings agree once those are set aside are linked, so a question using one
spelling finds sentences using another. Only names that occur in the corpus are linked: nothing
here knows any particular name.
"""

import re
from collections import defaultdict
from collections.abc import Iterable

MIN_NAME_CHARS = 6
"""Shorter names collide too easily once their endings are set aside."""
DIGRAPHS = (
    ("tch", "c"),
    ("kh", "k"),
    ("sh", "s"),
    ("zh", "z"),
    ("ch", "c"),
    ("ts", "c"),
    ("tz", "c"),
)
LETTERS = str.maketrans({"w": "v", "y": "i", "j": "i"})
DOUBLED = re.compile(r"(.)\1+")
FINAL_VOWELS = re.compile(r"[aeiou]+$")


def spelling_key(name: str) -> str:
    """What the spellings of one folded name have in common."""
    key = name
    for digraph, letter in DIGRAPHS:
        key = key.replace(digraph, letter)
    key = DOUBLED.sub(r"\1", key.translate(LETTERS))
    return FINAL_VOWELS.sub("", key)


class NameVariants:
    """The corpus's names grouped by spelling key; each group is matched as one spelling."""

    def __init__(self, by_key: dict[str, str]) -> None:
        self.by_key = by_key
        """Spelling key -> the one spelling that stands for the names sharing it."""
        self._seen: dict[str, str] = {}

    @classmethod
    def from_names(cls, names: Iterable[str]) -> "NameVariants":
        """The variants among `names`: keys that more than one spelling shares."""
        groups: dict[str, set[str]] = defaultdict(set)
        for name in names:
            if _is_long_name(name):
                groups[spelling_key(name)].add(name)
        return cls({key: min(group) for key, group in groups.items() if len(group) > 1})

    def canonical(self, term: str) -> str:
        """The one spelling that stands for `term` and its variants (`term` itself if none)."""
        if term not in self._seen:
            key = spelling_key(term) if _is_long_name(term) else ""
            self._seen[term] = self.by_key.get(key, term)
        return self._seen[term]


def _is_long_name(name: str) -> bool:
    return len(name) >= MIN_NAME_CHARS and name.isalpha()

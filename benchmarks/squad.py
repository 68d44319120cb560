"""SQuAD v1.1 articles as a qa corpus, and how to tell a hit.

Each article becomes one file: its title line, a blank line, then its paragraphs separated by
blank lines. A hit is a returned sentence from the question's own paragraph that contains one of
the gold answers.
"""

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import Quoted
from qa.fold import fold

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SPLITS = ("train", "validation", "test")
"""Articles by number: train the even ones, validation 1, 5, 9..., test 3, 7, 11..."""
SQUAD_PART1 = SHARED / "data" / "squad" / "squad-v1.1-dev-part1.json"


@dataclass(frozen=True)
class SquadQuestion:
    id: str
    question: str
    answers: tuple[str, ...]
    source: str
    article_number: int
    paragraph_start: int
    paragraph_end: int

    def is_hit(self, answer: Quoted) -> bool:
        inside = self.paragraph_start <= answer.start and answer.end <= self.paragraph_end
        text = fold(answer.text)
        return (
            answer.source == self.source and inside and any(fold(a) in text for a in self.answers)
        )


def write_corpus(folder: Path, squad_file: Path = SQUAD_PART1) -> list[SquadQuestion]:
    """Write one file per article into `folder` (kept if unchanged); return all questions."""
    folder.mkdir(parents=True, exist_ok=True)
    questions = []
    for number, article in enumerate(json.loads(squad_file.read_text("utf-8"))["data"]):
        source = f"{number:02d}_{article['title'].replace('/', '_')}.txt"
        text = article["title"] + "\n\n"
        for paragraph in article["paragraphs"]:
            start = len(text)
            text += paragraph["context"].strip()
            end = len(text)
            text += "\n\n"
            for qa in paragraph["qas"]:
                questions.append(
                    SquadQuestion(
                        id=qa["id"],
                        question=qa["question"],
                        answers=tuple(a["text"] for a in qa["answers"]),
                        source=source,
                        article_number=number,
                        paragraph_start=start,
                        paragraph_end=end,
                    )
                )
        path = folder / source
        if not path.exists() or path.read_text("utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return questions


def article_texts(folder: Path) -> dict[str, str]:
    """The text of each article file write_corpus wrote into `folder`, by file name."""
    return {path.name: path.read_text("utf-8") for path in folder.glob("*.txt")}


def split_of(article_number: int) -> str:
    """Which of SPLITS an article belongs to."""
    if article_number % 2 == 0:
        return "train"
    return "validation" if article_number % 4 == 1 else "test"


def sample(questions: list[SquadQuestion], count: int, seed: int) -> list[SquadQuestion]:
    return random.Random(seed).sample(questions, min(count, len(questions)))


def write_subset(corpus: Path, folder: Path, keep: Callable[[int], bool]) -> None:
    """Copy the articles of `corpus` whose number passes `keep` into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(corpus.glob("*.txt")):
        target = folder / path.name
        if keep(int(path.name[:2])) and not target.exists():
            target.write_text(path.read_text("utf-8"), encoding="utf-8")

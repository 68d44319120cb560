"""Shared fixtures: the real model, loaded once; real indexes of the seeds and of a tiny corpus."""

import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

from qa.build import build_index
from qa.embed import Encoder
from qa.models import Entity, Sentence
from qa.search import Searcher
from qa.settings import Settings, default_model_path
from qa.store import load_index

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"

TINY_ARTICLES = {
    "harbour.txt": (
        "date 2024-03-05 Harbour bridge reopens after repairs\n\n"
        "Share this story\n\n"
        "The Kestrel Harbour bridge reopened on Tuesday after eight months of repairs. "
        "Engineers replaced 340 steel cables, the city council said.\n\n"
        "Mayor Ingrid Olsen cut the ribbon at the northern end of the bridge. "
        "The repairs cost 12 million euros, paid from the regional budget.\n\n"
        "(Photo: city council)\n"
    ),
    "orchard.md": (
        "# Apple harvest breaks records in the Vell valley\n\n"
        "Farmers in the Vell valley picked 48,000 tonnes of apples this autumn, "
        "the largest harvest since 1998. The cooperative's chair, Tomas Berg, "
        "credited the warm spring.\n\n"
        "- See also: Pear prices fall across the region\n"
        "- Related: Cider makers expand\n\n"
        "3 Comments\n\n"
        "Anna K\n\n"
        "Great news for the valley farmers, who deserve a good year.\n"
    ),
    "science/comet.txt": (
        "Comet seen from the observatory\n\n"
        "Astronomers at the Halden observatory spotted a new comet on 14 June 2023. "
        "The comet passes within 40 million kilometres of Earth. "
        "Dr. Lena Moss led the team that found it.\n"
    ),
}


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    return Encoder(default_model_path())


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Settings:
    """A copy of the seed corpus with its index built once for the whole session."""
    root = tmp_path_factory.mktemp("seeds")
    shutil.copytree(SEEDS, root / "corpus")
    return indexed(root, encoder)


@pytest.fixture(scope="session")
def seed_searcher(seed_settings: Settings, encoder: Encoder) -> Searcher:
    return Searcher(load_index(seed_settings.index), encoder)


def indexed(root: Path, encoder: Encoder) -> Settings:
    """Settings for the corpus in `root/corpus`, with its index built in `root/index`."""
    settings = Settings(corpus=root / "corpus", index=root / "index")
    build_index(settings, encoder)
    return settings


def write_corpus(folder: Path, articles: dict[str, str]) -> Path:
    for name, text in articles.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def tiny_settings(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Settings:
    """Three small articles written for the tests, indexed once."""
    root = tmp_path_factory.mktemp("tiny")
    write_corpus(root / "corpus", TINY_ARTICLES)
    return indexed(root, encoder)


@pytest.fixture(scope="session")
def tiny_searcher(tiny_settings: Settings, encoder: Encoder) -> Searcher:
    return Searcher(load_index(tiny_settings.index), encoder)


def one_sentence(text: str, entities: Iterable[Entity], position: int) -> Sentence:
    """`text` as the only sentence of an article, with `entities`; `position` is its index in
    its article (a dateline is read only in the first few)."""
    return Sentence(
        id=0,
        source="s.txt",
        start=0,
        end=len(text),
        text=text,
        kind="article",
        paragraph=0,
        position=position,
        entities=tuple(entities),
    )


def one_article(
    tmp_path_factory: pytest.TempPathFactory, encoder: Encoder, name: str, text: str
) -> Searcher:
    """A searcher over a corpus of one article, indexed by the real build."""
    root = tmp_path_factory.mktemp(name.removesuffix(".txt"))
    write_corpus(root / "corpus", {name: text})
    return Searcher(load_index(indexed(root, encoder).index), encoder)

"""Incremental rebuilds: embeddings cached by text and model, pruned, safe to interrupt."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from qa.build import build_index
from qa.cache import CACHE_DIR, EmbeddingCache
from qa.embed import Encoder
from qa.search import Searcher
from qa.settings import Settings
from qa.store import load_index, read_manifest

from .conftest import SEEDS, SHARED, indexed, write_corpus

pytestmark = pytest.mark.slow

FERRY = (
    "Ferry line opens to Osund\n\n"
    "The new ferry to Osund carries 900 passengers a day, the operator said on Monday. "
    "Tickets cost 14 euros for adults.\n\n"
    "Captain Ruth Alm said the crossing takes 50 minutes in calm weather.\n"
)


class Embedded:
    """A Progress that counts how many texts a build embedded."""

    def __init__(self) -> None:
        self.total = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage == "embedding":
            self.total = total


def build(settings: Settings, encoder: Encoder) -> int:
    """Rebuild and return how many texts were embedded."""
    embedded = Embedded()
    build_index(settings, encoder, embedded)
    return embedded.total


def cached_keys(index: Path) -> int:
    [folder] = (index / CACHE_DIR).iterdir()
    [part] = folder.glob("*.npz")
    with np.load(part, allow_pickle=False) as arrays:
        return len(arrays["keys"])


@pytest.fixture
def own_seeds(tmp_path: Path, seed_settings: Settings) -> Settings:
    """A copy of the seed corpus and of its full build, cache included, free to change."""
    shutil.copytree(seed_settings.corpus, tmp_path / "corpus")
    shutil.copytree(seed_settings.index, tmp_path / "index")
    return Settings(corpus=tmp_path / "corpus", index=tmp_path / "index")


def test_incremental_rebuild_answers_the_dev_questions_as_a_full_one(
    tmp_path: Path, encoder: Encoder, seed_searcher: Searcher
) -> None:
    root = tmp_path / "grown"
    shutil.copytree(SEEDS, root / "corpus")
    added = root / "corpus" / "003_fcec4ed498c2ad4d.txt"
    added.unlink()
    settings = indexed(root, encoder)
    shutil.copy(SEEDS / added.name, added)
    embedded = build(settings, encoder)
    assert 0 < embedded <= 2 * sum(s.source == added.name for s in seed_searcher.stored.sentences)
    grown = Searcher(load_index(settings.index), encoder)
    lines = (SHARED / "data" / "seed_questions_dev.jsonl").read_text("utf-8").splitlines()
    for question in (json.loads(line)["question"] for line in lines):
        full, incremental = seed_searcher.ask(question), grown.ask(question)
        assert incremental.abstained == full.abstained, question
        assert [(a.source, a.start, a.score) for a in incremental.answers] == [
            (a.source, a.start, a.score) for a in full.answers
        ], question


def test_removed_and_renamed_files_embed_nothing_and_the_cache_is_pruned(
    own_seeds: Settings, encoder: Encoder
) -> None:
    corpus = own_seeds.corpus
    (corpus / "000_b21b14b71a7359cf.txt").unlink()
    (corpus / "002_5eda7e8b5bdc9733.txt").rename(corpus / "renamed.txt")
    assert build(own_seeds, encoder) == 0
    stored = load_index(own_seeds.index)
    assert set(stored.articles) == {
        "001_a4529d2b956ebbfb.txt",
        "003_fcec4ed498c2ad4d.txt",
        "004_1c74653c835ba617.txt",
        "renamed.txt",
    }
    result = Searcher(stored, encoder).ask("Who refused to leave Belarus after being released?")
    assert any(a.source == "renamed.txt" for a in result.answers)
    # Only what this build embeds is kept: the removed article's text is gone.
    kept = EmbeddingCache(own_seeds.index, encoder.fingerprint, encoder.dimension)
    assert len(kept.vectors) == cached_keys(own_seeds.index) < 2 * len(stored.sentences)
    write_corpus(corpus, {"ferry.txt": FERRY})
    assert build(own_seeds, encoder) > 0
    assert cached_keys(own_seeds.index) > len(kept.vectors)


def test_another_model_embeds_everything_again(
    own_seeds: Settings, encoder: Encoder, tmp_path: Path
) -> None:
    before = cached_keys(own_seeds.index)
    model_copy = tmp_path / "model-copy"
    shutil.copytree(own_seeds.model_path(), model_copy)
    config = model_copy / "config.json"
    config.write_text(config.read_text("utf-8").replace("{", '{"qa_test": 1,', 1), "utf-8")
    other = Encoder(model_copy)
    assert build(own_seeds, other) == before
    [folder] = (own_seeds.index / CACHE_DIR).iterdir()
    assert folder.name == other.fingerprint


def test_interrupted_incremental_rebuild_keeps_what_it_embedded(
    own_seeds: Settings, encoder: Encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("qa.cache.FLUSH_TEXTS", 8)
    before = read_manifest(own_seeds.index)
    seed_texts = cached_keys(own_seeds.index)
    harbour = " ".join(f"Report number {n} says the harbour is busy." for n in range(20))
    write_corpus(own_seeds.corpus, {"harbour.txt": f"Harbour reports\n\n{harbour}\n"})

    def interrupt_after_two_saves(stage: str, done: int, total: int) -> None:
        if stage == "embedding" and done > 16:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_index(own_seeds, encoder, interrupt_after_two_saves)
    assert read_manifest(own_seeds.index) == before
    # The two saved parts (16 texts) are not embedded again.
    embedded_after = build(own_seeds, encoder)
    all_texts = cached_keys(own_seeds.index)
    assert embedded_after == all_texts - seed_texts - 16 > 0


def test_damaged_cache_part_costs_only_re_embedding(own_seeds: Settings, encoder: Encoder) -> None:
    [folder] = (own_seeds.index / CACHE_DIR).iterdir()
    [part] = folder.glob("*.npz")
    part.write_bytes(b"not a zip file")
    assert build(own_seeds, encoder) == cached_keys(own_seeds.index) > 0

"""Incremental rebuilds: sentences, embeddings and entities cached by text and model, pruned,
safe to interrupt."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from qa.build import build_index
from qa.cache import CACHE_DIR, EMBEDDINGS, ENTITIES, SENTENCES, EmbeddingCache
from qa.embed import Encoder
from qa.entities import EntityTagger
from qa.ingest import read_corpus
from qa.lexical import LexicalIndex
from qa.models import Sentence
from qa.neighbours import term_words
from qa.search import Searcher
from qa.segment import split_paragraphs, splitter_name
from qa.settings import Settings
from qa.store import StoredIndex, load_index, read_manifest

from .conftest import SEEDS, SHARED, indexed, write_corpus

pytestmark = pytest.mark.slow

FERRY = (
    "Ferry line opens to Osund\n\n"
    "The new ferry to Osund carries 900 passengers a day, the operator said on Monday. "
    "Tickets cost 14 euros for adults.\n\n"
    "Captain Ruth Alm said the crossing takes 50 minutes in calm weather.\n"
)


class Work:
    """A Progress that keeps the total of each stage: how many texts (sentences, contexts,
    words) a build embedded, how many paragraphs it split into sentences and tagged."""

    def __init__(self) -> None:
        self.totals: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.totals[stage] = total


def build_work(
    settings: Settings, encoder: Encoder, tagger: EntityTagger | None = None
) -> dict[str, int]:
    """Rebuild and return the texts embedded and the paragraphs split and tagged."""
    work = Work()
    build_index(settings, encoder, work, tagger=tagger)
    return {
        # Sentences and their contexts, then each term's word (qa.neighbours).
        "embedded": work.totals["embedding"] + work.totals.get("embedding words", 0),
        "split": work.totals["segmenting"],
        "tagged": work.totals["tagging"],
    }


def build(settings: Settings, encoder: Encoder) -> int:
    """Rebuild and return how many texts were embedded."""
    return build_work(settings, encoder)["embedded"]


class RenamedTagger(EntityTagger):
    """The same pipeline under another name, as after an upgrade of the NER package."""

    def __init__(self) -> None:
        super().__init__()
        self.name = f"{self.name}-upgraded"


def paragraph_count(corpus: Path) -> int:
    """Distinct paragraphs of a corpus: what its entity cache holds after a build."""
    return len(
        {f.text[p.start : p.end] for f in read_corpus(corpus) for p in split_paragraphs(f.text)}
    )


def cached_keys(index: Path, kind: str = EMBEDDINGS) -> int:
    """How many texts the cache of `kind` keeps, in its one model folder."""
    [folder] = (index / CACHE_DIR / kind).iterdir()
    count = 0
    for part in folder.glob("*.npz"):
        with np.load(part, allow_pickle=False) as arrays:
            count += len(arrays["keys"])
    return count


def words_of(stored: StoredIndex, sentences: list[Sentence]) -> set[str]:
    """The distinct words of `sentences` that the build embeds for near words."""
    lexical = LexicalIndex(stored.lexical)
    forms = term_words(
        [s.text for s in sentences],
        [lexical.positions(s.id) for s in sentences],
        stored.lexical.vocabulary,
    )
    return {word for words in forms for word in words}


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
    work = build_work(settings, encoder)
    added_sentences = [s for s in seed_searcher.stored.sentences if s.source == added.name]
    bound = 2 * len(added_sentences) + len(words_of(seed_searcher.stored, added_sentences))
    assert 0 < work["embedded"] <= bound
    assert 0 < work["tagged"] <= len({s.paragraph for s in added_sentences})
    grown = Searcher(load_index(settings.index), encoder)
    # The same sentences, entities included, as the full build's.
    assert grown.stored.sentences == seed_searcher.stored.sentences
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
    assert build_work(own_seeds, encoder) == {"embedded": 0, "split": 0, "tagged": 0}
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
    # Each sentence alone and in its context, and each word (qa.neighbours).
    words = len(words_of(stored, stored.sentences))
    assert len(kept.vectors) == cached_keys(own_seeds.index) <= 2 * len(stored.sentences) + words
    assert cached_keys(own_seeds.index, ENTITIES) == paragraph_count(corpus)
    assert cached_keys(own_seeds.index, SENTENCES) == paragraph_count(corpus)
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
    [folder] = (own_seeds.index / CACHE_DIR / EMBEDDINGS).iterdir()
    assert folder.name == other.fingerprint


def test_changed_paragraph_alone_is_tagged_again(own_seeds: Settings, encoder: Encoder) -> None:
    path = own_seeds.corpus / "004_1c74653c835ba617.txt"
    text = path.read_text("utf-8")
    # The last paragraph gets one more sentence: that paragraph alone changes.
    path.write_text(f"{text.rstrip()} Captain Ruth Alm said so on Monday.\n", "utf-8")
    work = build_work(own_seeds, encoder)
    assert (work["split"], work["tagged"]) == (1, 1)
    [added] = [s for s in load_index(own_seeds.index).sentences if "Ruth Alm" in s.text]
    tagged = {(added.text[e.start : e.end], e.label) for e in added.entities}
    assert {("Ruth Alm", "PERSON"), ("Monday", "DATE")} <= tagged
    assert cached_keys(own_seeds.index, ENTITIES) == paragraph_count(own_seeds.corpus)


def test_another_ner_model_tags_everything_again(own_seeds: Settings, encoder: Encoder) -> None:
    before = load_index(own_seeds.index).sentences
    renamed = RenamedTagger()
    work = build_work(own_seeds, encoder, renamed)
    assert work == {"embedded": 0, "split": 0, "tagged": paragraph_count(own_seeds.corpus)}
    assert read_manifest(own_seeds.index).ner_model == renamed.name
    assert load_index(own_seeds.index).sentences == before
    [folder] = (own_seeds.index / CACHE_DIR / ENTITIES).iterdir()
    assert folder.name == renamed.name


def test_another_splitter_splits_everything_again(
    own_seeds: Settings, encoder: Encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As after an upgrade of pysbd or Python, or an edit to qa.segment."""
    before = load_index(own_seeds.index).sentences
    [old] = (own_seeds.index / CACHE_DIR / SENTENCES).iterdir()
    assert old.name == splitter_name()
    monkeypatch.setattr("qa.build.splitter_name", lambda: f"{old.name}-upgraded")
    work = build_work(own_seeds, encoder)
    assert work == {"embedded": 0, "split": paragraph_count(own_seeds.corpus), "tagged": 0}
    assert load_index(own_seeds.index).sentences == before
    [folder] = (own_seeds.index / CACHE_DIR / SENTENCES).iterdir()
    assert folder.name != old.name


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


@pytest.mark.parametrize(
    ("stage", "work", "kind"), [("segmenting", "split", SENTENCES), ("tagging", "tagged", ENTITIES)]
)
def test_an_interrupted_paragraph_stage_keeps_the_paragraphs_it_saved(
    own_seeds: Settings,
    encoder: Encoder,
    monkeypatch: pytest.MonkeyPatch,
    stage: str,
    work: str,
    kind: str,
) -> None:
    monkeypatch.setattr("qa.cache.FLUSH_PARAGRAPHS", 2)
    before = read_manifest(own_seeds.index)
    counts = "\n\n".join(f"Inspector Lena Moss counted {n} ships. She left." for n in range(6))
    write_corpus(own_seeds.corpus, {"harbour.txt": f"Harbour reports\n\n{counts}\n"})

    def interrupt_after_two_saves(reported: str, done: int, total: int) -> None:
        if reported == stage and done >= 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_index(own_seeds, encoder, interrupt_after_two_saves)
    assert read_manifest(own_seeds.index) == before
    # Seven new paragraphs (the title line and six), four saved in two parts before the stop.
    assert build_work(own_seeds, encoder)[work] == 7 - 4
    assert cached_keys(own_seeds.index, kind) == paragraph_count(own_seeds.corpus)


def test_damaged_cache_parts_cost_only_doing_their_work_again(
    own_seeds: Settings, encoder: Encoder
) -> None:
    for kind in (EMBEDDINGS, ENTITIES, SENTENCES):
        [folder] = (own_seeds.index / CACHE_DIR / kind).iterdir()
        [part] = folder.glob("*.npz")
        part.write_bytes(b"not a zip file")
    before = load_index(own_seeds.index).sentences
    work = build_work(own_seeds, encoder)
    assert work["embedded"] == cached_keys(own_seeds.index) > 0
    assert work["tagged"] == cached_keys(own_seeds.index, ENTITIES) > 0
    assert work["split"] == cached_keys(own_seeds.index, SENTENCES) > 0
    assert load_index(own_seeds.index).sentences == before

"""A one-question tokenizer narrowed to the entries its text can use tokenizes exactly as the
model's whole tokenizer."""

import json
from pathlib import Path

import pytest
from tokenizers import Tokenizer

from qa.ingest import read_corpus
from qa.segment import split_sentences
from qa.settings import default_model_path
from qa.wordpiece import SplitTokenizer, narrow_tokenizer, split_tokenizer

from .conftest import SEEDS

HARD_TEXTS = [
    "How many prisoners were released in September?",
    "Who is Belarus's prime minister — Łukašenka or Tsikhanouskaya?",
    "Ünïcödé CAFÉ İstanbul straße ﬁnance",
    "東京 and Zürich: 3.5% of €12,000,000",
    "unbelievablyextraordinarilylongwordthatwordpiecesplitsintomanypieces",
    "x" * 150 + " then a normal word",
    "A literal [SEP] and [CLS] inside the text, [MASK] too.",
    "Control\x07characters\tand\u200bzero width, emoji 🎉 and e\u0301 combined",
    "",
]


@pytest.fixture(scope="module")
def whole() -> Tokenizer:
    return Tokenizer.from_file(str(default_model_path() / "tokenizer.json"))


@pytest.fixture(scope="module")
def split() -> SplitTokenizer:
    config = json.loads((default_model_path() / "tokenizer.json").read_text("utf-8"))
    made = split_tokenizer(config)
    assert made is not None
    return made


def seed_sentences() -> list[str]:
    return [f.text[s.start : s.end] for f in read_corpus(SEEDS) for s in split_sentences(f.text)]


@pytest.mark.parametrize("text", HARD_TEXTS)
def test_narrow_tokenizer_gives_the_whole_ones_ids(
    whole: Tokenizer, split: SplitTokenizer, text: str
) -> None:
    narrow = narrow_tokenizer(split, [text])
    assert narrow.get_vocab_size() < whole.get_vocab_size() / 20
    assert narrow.encode(text).ids == whole.encode(text).ids


def test_narrow_tokenizer_agrees_on_every_seed_sentence(
    whole: Tokenizer, split: SplitTokenizer
) -> None:
    sentences = seed_sentences()
    assert len(sentences) > 100
    for sentence in sentences:
        assert narrow_tokenizer(split, [sentence]).encode(sentence).ids == (
            whole.encode(sentence).ids
        ), sentence


def test_narrowed_for_several_texts_it_tokenizes_each(
    whole: Tokenizer, split: SplitTokenizer
) -> None:
    narrow = narrow_tokenizer(split, HARD_TEXTS)
    assert [e.ids for e in narrow.encode_batch(HARD_TEXTS)] == [
        e.ids for e in whole.encode_batch(HARD_TEXTS)
    ]


def test_only_tokenizers_whose_narrowing_is_exact_are_split() -> None:
    config = json.loads((default_model_path() / "tokenizer.json").read_text("utf-8"))
    assert split_tokenizer(config) is not None
    byte_level = {**config, "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False}}
    assert split_tokenizer(byte_level) is None
    bpe = {**config, "model": {**config["model"], "type": "BPE"}}
    assert split_tokenizer(bpe) is None
    vocabulary = dict(config["model"]["vocab"])
    vocabulary["gap"] = len(vocabulary) + 5  # ids with a gap cannot be one entry a line
    gapped = {**config, "model": {**config["model"], "vocab": vocabulary}}
    assert split_tokenizer(gapped) is None


def test_a_split_file_reads_back_whole_and_refuses_a_cut_one(
    split: SplitTokenizer, tmp_path: Path
) -> None:
    path = tmp_path / "split.txt"
    path.write_text(split.text(), "utf-8")
    again = SplitTokenizer.read(path)
    assert (again.shell, again.entries) == (split.shell, split.entries)
    path.write_text(split.text().rsplit("\n", 1)[0], "utf-8")
    with pytest.raises(ValueError, match="not a whole split"):
        SplitTokenizer.read(path)

"""A tokenizer for a few texts that loads in milliseconds: the model's own tokenizer with only
the vocabulary entries those texts can use.

Loading a tokenizer builds its whole vocabulary (30,522 entries here): about 25 ms of a 0.3 s
one-shot answer. WordPiece looks up nothing but pieces of the words of the normalised text, so
a vocabulary cut down to the entries found in the normalised text tokenizes it exactly as the
whole one does, with the same ids. That holds when the normaliser and the pre-tokenizer only
change characters one by one and split words: `split_tokenizer` gives the two files below only
for such a tokenizer (BERT's), and `narrow_tokenizer` is used only where they exist.

    tokenizer.vocab.txt    the vocabulary, one entry a line, line n holding id n
    tokenizer.shell.json   the tokenizer.json with every other part, its vocabulary emptied
                           but for the unknown-word entry and the special tokens

The build writes them beside the ONNX export (qa.onnx_export); tests/test_onnx.py checks the
narrow tokenizer against the whole one on every sentence of the seeds.
"""

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

VOCABULARY = "tokenizer.vocab.txt"
SHELL = "tokenizer.shell.json"
SPLIT_NORMALIZERS = ("BertNormalizer", None)
"""Normalisers that map each character on its own (lower case, accents, control characters)."""
SPLIT_PRE_TOKENIZERS = ("BertPreTokenizer", "Whitespace", "WhitespaceSplit")
"""Pre-tokenizers that only split the text into words, changing no character."""


def split_tokenizer(config: dict[str, Any]) -> tuple[str, str] | None:
    """The vocabulary and shell files' texts for a tokenizer.json's `config`, or None when it
    is not a tokenizer whose narrowing stays exact."""
    model = config.get("model") or {}
    vocabulary: dict[str, int] = model.get("vocab") or {}
    entries = sorted(vocabulary, key=vocabulary.__getitem__)
    # Special tokens ("[SEP]") are matched in the raw text and take their ids from the
    # vocabulary: the shell keeps them, and the unknown-word entry.
    kept = {t.get("content"): t.get("id") for t in config.get("added_tokens") or []}
    kept[model.get("unk_token")] = vocabulary.get(model.get("unk_token", ""))
    is_exact = (
        model.get("type") == "WordPiece"
        and _part_type(config, "normalizer") in SPLIT_NORMALIZERS
        and _part_type(config, "pre_tokenizer") in SPLIT_PRE_TOKENIZERS
        and model.get("unk_token") in vocabulary
        and all(vocabulary.get(str(token)) == number for token, number in kept.items())
        and [vocabulary[e] for e in entries] == list(range(len(entries)))
        and not any("\n" in e or "\r" in e for e in entries)
    )
    if not is_exact:
        return None
    shell = {**config, "model": {**model, "vocab": kept}}
    return "\n".join(entries), json.dumps(shell, ensure_ascii=False)


def narrow_tokenizer(folder: Path, texts: Sequence[str]) -> Any:
    """A `tokenizers.Tokenizer` for `texts`: the split tokenizer of `folder` with only the
    vocabulary entries that occur in their normalised text. OSError when a file is missing."""
    from tokenizers import Tokenizer

    shell_text = (folder / SHELL).read_text("utf-8")
    entries = (folder / VOCABULARY).read_text("utf-8").split("\n")
    shell = Tokenizer.from_str(shell_text)
    normalizer = shell.normalizer
    # A space between texts: no entry holds one, so none is found across two texts.
    normalized = " ".join(normalizer.normalize_str(t) if normalizer else t for t in texts)
    config = json.loads(shell_text)
    model = config["model"]
    prefix = model.get("continuing_subword_prefix") or ""
    model["vocab"].update(
        (entry, number)
        for number, entry in enumerate(entries)
        if (entry.removeprefix(prefix) if prefix else entry) in normalized
    )
    return Tokenizer.from_str(json.dumps(config))


def _part_type(config: dict[str, Any], part: str) -> str | None:
    value = config.get(part)
    return value.get("type") if isinstance(value, dict) else None

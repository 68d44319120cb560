"""A tokenizer for a few texts that loads in milliseconds: the model's own tokenizer with only
the vocabulary entries those texts can use.

Loading a tokenizer builds its whole vocabulary (30,522 entries here): about 25 ms of a 0.3 s
one-shot answer. WordPiece looks up nothing but pieces of the words of the normalised text, so
a vocabulary cut down to the entries found in the normalised text tokenizes it exactly as the
whole one does, with the same ids. That holds when the normaliser and the pre-tokenizer only
change characters one by one and split words: `split_tokenizer` splits only such a tokenizer
(BERT's), and `narrow_tokenizer` is used only where a split was written.

The split is one file, so its parts are replaced together (`tokenizer.split.txt` beside the ONNX
export, written by qa.onnx_export):

    line 1     {"format": 1, "entries": N}
    line 2     the tokenizer.json with every other part, its vocabulary emptied but for the
               unknown-word entry and the special tokens (the "shell")
    lines 3-   the vocabulary, one entry a line, in id order (N lines)

tests/test_wordpiece.py checks the narrow tokenizer against the whole one on every sentence of
the seeds and on hard cases.
"""

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SPLIT_FILE = "tokenizer.split.txt"
SPLIT_FORMAT = 1
SPLIT_NORMALIZERS = ("BertNormalizer", None)
"""Normalisers that map each character on its own (lower case, accents, control characters)."""
SPLIT_PRE_TOKENIZERS = ("BertPreTokenizer", "Whitespace", "WhitespaceSplit")
"""Pre-tokenizers that only split the text into words, changing no character."""


class SplitTokenizer:
    """A tokenizer.json split into its vocabulary and the rest (the shell)."""

    def __init__(self, shell: str, entries: list[str]) -> None:
        self.shell = shell
        self.entries = entries

    def text(self) -> str:
        """The split file's text."""
        header = json.dumps({"format": SPLIT_FORMAT, "entries": len(self.entries)})
        return "\n".join([header, self.shell, *self.entries])

    @classmethod
    def read(cls, path: Path) -> "SplitTokenizer":
        """The split in `path`; ValueError when it is not whole or of another format."""
        header, shell, *entries = path.read_text("utf-8").split("\n")
        expected = {"format": SPLIT_FORMAT, "entries": len(entries)}
        if json.loads(header) != expected:
            raise ValueError(f"{path} is not a whole split of format {SPLIT_FORMAT}")
        return cls(shell, entries)


def split_tokenizer(config: dict[str, Any]) -> SplitTokenizer | None:
    """The split of a tokenizer.json's `config`, or None when it is not a tokenizer whose
    narrowing stays exact."""
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
    return SplitTokenizer(json.dumps(shell, ensure_ascii=False), entries)


def narrow_tokenizer(split: SplitTokenizer, texts: Sequence[str]) -> Any:
    """A `tokenizers.Tokenizer` for `texts`: `split`'s shell with only the vocabulary entries
    that occur in their normalised text."""
    from tokenizers import Tokenizer

    normalizer = Tokenizer.from_str(split.shell).normalizer
    # Joined by a space: an entry found only across two texts is one entry too many, harmless.
    normalized = " ".join(normalizer.normalize_str(t) if normalizer else t for t in texts)
    config = json.loads(split.shell)
    model = config["model"]
    prefix = model.get("continuing_subword_prefix") or ""
    model["vocab"].update(
        (entry, number)
        for number, entry in enumerate(split.entries)
        if entry.removeprefix(prefix) in normalized
    )
    return Tokenizer.from_str(json.dumps(config))


def _part_type(config: dict[str, Any], part: str) -> str | None:
    value = config.get(part)
    return value.get("type") if isinstance(value, dict) else None

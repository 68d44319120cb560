"""Compute the lexical tables of a corpus once, at build time (read back by qa.lexical).

Each sentence is analysed into positioned terms; BM25 over sentences and over paragraphs is
computed by bm25s from those same terms, so what a question matches and what the features see
are one analysis.
"""

import logging
import re
from typing import Any

import numpy as np
import numpy.typing as npt

from qa.entities import irregular_forms
from qa.lexical import NO_TERM, Bm25Matrix, LexicalTables, Positions
from qa.models import Sentence
from qa.neighbours import TermEmbedder, embed_terms, term_words
from qa.speech import QUOTED_BY_REFERENCE
from qa.spelling import corpus_names, corpus_words
from qa.terms import TermAnalyzer, stemmed_base_forms
from qa.titles import role_words, set_off_roles

NAME_LABELS = frozenset(["PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT"])
PRONOUNS = frozenset(
    ["he", "she", "it", "they", "his", "her", "its", "their", "this", "these", "those", "we"]
)
DESCRIPTION = re.compile(r"^(?:The|This|That|These|Those)\s+(?:\d[\w-]*|[a-z][\w-]*)\b")
"""A sentence opening with "The company..." or "The 69-year-old..." describes someone named
before."""
DEMONYM_DESCRIPTION = re.compile(r"^The\s+([A-Z][a-z]+)\b(?P<noun_end>,|\s+[A-Z(]|\s*$)?")
""""The Scot, 52, took charge..." or "The Dutchman scored" describes someone named before too,
unless the capitalised word is (part of) a name: "The Guardian reported", "The Senate voted"."""
DEMONYM_NOUN = re.compile(r"(?:man|woman|men|women)$")
"""A nationality the NER model tags NORP is a person only as a noun: "The Dutchman scored", "The
Scot, 52, ..."; "The British government said" is an adjective before another noun."""
PLACE_LABELS = frozenset(["GPE", "LOC", "NORP"])
"""Places and peoples: the model tags "Ukrainian officials" a GPE as often as a NORP."""
DESCRIBED_LABELS = frozenset(["ORG", "GPE", "FAC", "LOC", "PRODUCT", "EVENT"])
"""Names a description can mean by their head noun: "the bridge" is the Brennick Bridge. A
person's or a nationality's name has no such noun."""
DEFINITE_PHRASE = re.compile(r"\b[Tt]he\s+(?=((?:[a-z][\w-]*\s+)?[a-z][\w-]*))")
"""A definite description: "the four-lane bridge", "The central bank's", "the bridge had been
checked": its head is one of its first two words (not "upset city" of "The deal upset city
residents"). A lookahead, so that "the bridge and the bank" finds both."""
NOUN_BEFORE = re.compile(r"(?:^|[\s(])([a-z][a-z-]+)\s+$")
"""The lowercase word right before a name: "launch company Kestrix", "rival Brannock Air"; not a
verb ("leads Kestrix", "visited Harlow": a past form or a form in -s)."""
APPOSED_AFTER = re.compile(r"\b[Tt]he\s+(?:[a-z][\w-]*\s+)?([a-z][\w-]*),\s+$")
"""A description a name is set off after: "The satellite, Aurora-2, was designed..."."""
NAME_HEAD = re.compile(r"^(.*?\S)\s+of\s")
"""A name's head comes before its "of": "Bank" of "Bank of Valdoria", else it is the last word."""


def build_lexical(sentences: list[Sentence], embed: TermEmbedder | None = None) -> LexicalTables:
    """The lexical tables of `sentences` (ids 0..n-1 in corpus order); `embed` gives the term
    vectors (qa.neighbours), none without it."""
    analyzer = TermAnalyzer.for_texts(
        (s.text for s in sentences), stemmed_base_forms(irregular_forms())
    )
    positions = [analyzer.positioned_terms(s.text) for s in sentences]
    referred = _referred_terms(sentences, analyzer)
    vocabulary = sorted(
        {t for tokens in positions for _, _, t in tokens if t} | {t for r in referred for t in r}
    )
    term_ids = {term: number for number, term in enumerate(vocabulary)}
    sentence_terms = [[term_ids[t] for _, _, t in tokens if t] for tokens in positions]
    paragraph_starts = _paragraph_starts(sentences)
    paragraph_terms = [
        [t for member in range(start, end) for t in sentence_terms[member]]
        for start, end in zip(paragraph_starts, paragraph_starts[1:], strict=False)
    ]
    token_terms = [
        [NO_TERM if t is None else term_ids[t] for _, _, t in tokens] for tokens in positions
    ]
    place_names = _named(sentences, positions, term_ids, PLACE_LABELS, alone=True)
    in_names = _named(sentences, positions, term_ids, NAME_LABELS, alone=False)
    words, word_spellings = corpus_words(s.text for s in sentences)
    names, name_counts, name_definitions = corpus_names(sentences)
    return LexicalTables(
        vocabulary=vocabulary,
        name_variants=analyzer.variants.by_key,
        base_stems=dict(analyzer.base_stems),
        sentence_bm25=_bm25(sentence_terms, vocabulary),
        paragraph_bm25=_bm25(paragraph_terms, vocabulary),
        paragraph_starts=np.asarray(paragraph_starts, dtype=np.int64),
        token_indptr=_indptr([len(t) for t in positions]),
        token_starts=_flat([[s for s, _, _ in tokens] for tokens in positions]),
        token_ends=_flat([[e for _, e, _ in tokens] for tokens in positions]),
        token_terms=_flat(token_terms),
        referred_indptr=_indptr([len(r) for r in referred]),
        referred_terms=_flat([sorted(term_ids[t] for t in r) for r in referred]),
        term_vectors=embed_terms(
            vocabulary,
            term_words([s.text for s in sentences], positions, vocabulary),
            embed,
        ),
        words=words,
        word_spellings=word_spellings,
        names=names,
        name_counts=name_counts,
        name_definitions=name_definitions,
        place_names=place_names,
        in_names=in_names,
    )


def _named(
    sentences: list[Sentence],
    positions: list[Positions],
    term_ids: dict[str, int],
    labels: frozenset[str],
    alone: bool,
) -> npt.NDArray[np.bool_]:
    """For each term, whether the NER model gave one of `labels` to an entity holding it: of
    that term's word `alone` ("Ukraine", not the "Republic" of "Czech Republic"), or among
    others ("hunt" of "Carla Hunt")."""
    named = np.zeros(len(term_ids), dtype=np.bool_)
    for sentence, tokens in zip(sentences, positions, strict=True):
        for entity in sentence.entities:
            if entity.label not in labels:
                continue
            inside = [t for start, _, t in tokens if entity.start <= start < entity.end]
            if alone and len(inside) != 1:
                continue
            for term in inside:
                if term is not None:
                    named[term_ids[term]] = True
    return named


def refers_back(sentence: Sentence) -> bool:
    """Whether a sentence opens by pointing at someone or something named before it."""
    text = sentence.text
    words = text.split(maxsplit=1)
    if not words:
        return False
    if words[0].lower().strip("\"'“”‘’(") in PRONOUNS or DESCRIPTION.match(text):
        return True
    if QUOTED_BY_REFERENCE.search(text):
        return True
    demonym = DEMONYM_DESCRIPTION.match(text)
    if demonym is None:
        return False
    labels = {
        e.label for e in sentence.entities if e.start < demonym.end(1) and demonym.start(1) < e.end
    }
    # In context the model tags "Scot" a PERSON, which no one's name after "The" is.
    if labels - {"NORP", "PERSON"}:
        return False
    is_noun = demonym["noun_end"] is not None or DEMONYM_NOUN.search(demonym[1]) is not None
    return "NORP" not in labels or is_noun


def _referred_terms(sentences: list[Sentence], analyzer: TermAnalyzer) -> list[frozenset[str]]:
    """For each sentence, the terms of the names it refers back to:

    - A sentence that opens by referring back ("She sold it...") means the names of the sentence
      before it, of the same article and kind (not a caption), and what that one referred to in
      turn within its paragraph. The one before may end the previous paragraph: a news paragraph
      is often one sentence, and "The 24-year-old has agreed..." opens the one after the paragraph
      naming him; the chain crosses no further paragraph.
    - A definite description means the latest name of its article with its head noun: "The
      four-lane bridge, opened in 1967" means the Brennick Bridge of the headline, not the
      victims named just before it. A news story names a thing once, near the top.
    - A person named by surname means the full name and every role its article gave them
      before: "Voss told reporters" after "coastguard spokeswoman Lena Voss said" is
      what the coastguard spokeswoman told them.
    """
    referred: list[frozenset[str]] = []
    by_head: dict[str, frozenset[str]] = {}
    people: dict[str, frozenset[str]] = {}
    for sentence in sentences:
        previous = sentences[sentence.id - 1] if sentence.id > 0 else None
        if previous is None or previous.source != sentence.source:
            by_head = {}
            people = {}
        opens_described, described = _described_names(sentence, by_head, analyzer)
        back: frozenset[str] = frozenset()
        if (
            previous is not None
            and (previous.source, previous.kind) == (sentence.source, sentence.kind)
            and not opens_described
            and refers_back(sentence)
        ):
            back = _named_terms(previous, analyzer)
            if previous.paragraph == sentence.paragraph:
                back |= referred[previous.id]
        known = _known_people(sentence, people, analyzer)
        referred.append(back | described | known)
        if sentence.kind != "furniture":  # a caption's names are not what the story describes
            by_head |= _name_heads(sentence, analyzer)
    return referred


def _known_people(
    sentence: Sentence, people: dict[str, frozenset[str]], analyzer: TermAnalyzer
) -> frozenset[str]:
    """The names and roles the article gave the people `sentence` names, by their surname term;
    `people` is updated with this sentence's."""
    verbs = irregular_forms(("verb",))
    known: set[str] = set()
    for entity in sentence.entities:
        name_terms = analyzer.terms(sentence.text[entity.start : entity.end])
        if not name_terms:
            continue
        if entity.label != "PERSON":
            # The model tags a surname alone inconsistently ("Pell, 67, who was first elected..."
            # as an organisation): one the article gave a person is that person.
            if len(name_terms) == 1 and name_terms[0] in people:
                known |= people[name_terms[0]]
            continue
        before = sentence.text[: entity.start]
        roles = [
            *role_words(before, verbs, _name_spans(sentence)),
            *set_off_roles(sentence.text, entity.start, entity.end),
        ]
        surname = name_terms[-1]
        people[surname] = (
            people.get(surname, frozenset())
            | frozenset(name_terms)
            | frozenset(term for role in roles for term in analyzer.terms(role))
        )
        known |= people[surname]
    return frozenset(known)


def _described_names(
    sentence: Sentence, by_head: dict[str, frozenset[str]], analyzer: TermAnalyzer
) -> tuple[bool, frozenset[str]]:
    """Whether `sentence` opens by describing a name by its head noun, and the terms of the names
    it describes so (`by_head`: head term to the terms of the latest name with that head)."""
    opens_described = False
    described: set[str] = set()
    for phrase in DEFINITE_PHRASE.finditer(sentence.text):
        for term in analyzer.terms(phrase[1]):
            if term in by_head:
                described |= by_head[term]
                opens_described |= phrase.start() == 0
    return opens_described, frozenset(described)


def _name_heads(sentence: Sentence, analyzer: TermAnalyzer) -> dict[str, frozenset[str]]:
    """The nouns a description can mean each name in `sentence` by, with the name's terms: its
    head ("Bridge" of "the Brennick Bridge"), the noun the sentence puts before it ("launch
    company Kestrix Systems", "rail operator Lindby Rail") and the description it sets
    it off after ("The satellite, Aurora-2, was designed...")."""
    heads = {}
    verbs = irregular_forms(("verb",))
    for entity in sentence.entities:
        if entity.label not in DESCRIBED_LABELS:
            continue
        name = sentence.text[entity.start : entity.end]
        name_terms = frozenset(analyzer.terms(name))
        before_of = NAME_HEAD.match(name)
        head = (before_of[1] if before_of else name).split()[-1]
        head_terms = analyzer.terms(head)
        if head[:1].isupper() and head_terms:
            heads[head_terms[-1]] = name_terms
        before = sentence.text[: entity.start]
        for noun in (NOUN_BEFORE.search(before), APPOSED_AFTER.search(before)):
            word = noun[1] if noun else ""
            if not word or word.endswith(("ed", "s")) or word in verbs:
                continue
            noun_terms = analyzer.terms(word)
            if noun_terms:
                heads[noun_terms[-1]] = name_terms
    return heads


def _named_terms(sentence: Sentence, analyzer: TermAnalyzer) -> frozenset[str]:
    """The terms of the names in `sentence`, and of the roles before its people's names."""
    verbs = irregular_forms(("verb",))
    phrases = []
    for entity in sentence.entities:
        if entity.label in NAME_LABELS:
            phrases.append(sentence.text[entity.start : entity.end])
        if entity.label == "PERSON":
            phrases.extend(role_words(sentence.text[: entity.start], verbs, _name_spans(sentence)))
    return frozenset(term for phrase in phrases for term in analyzer.terms(phrase))


def _name_spans(sentence: Sentence) -> list[tuple[int, int]]:
    return [(e.start, e.end) for e in sentence.entities if e.label in NAME_LABELS]


def _paragraph_starts(sentences: list[Sentence]) -> list[int]:
    """The first sentence id of each paragraph, then the sentence count."""
    places = [(s.source, s.paragraph) for s in sentences]
    starts = [n for n, place in enumerate(places) if n == 0 or places[n - 1] != place]
    return [*starts, len(sentences)]


def _bm25(documents: list[list[int]], vocabulary: list[str]) -> Bm25Matrix:
    """bm25s's BM25 scores of every term in every document, kept by term."""
    if not any(documents):
        empty = np.zeros(0, dtype=np.int32)
        indptr = np.zeros(len(vocabulary) + 1, dtype=np.int64)
        return Bm25Matrix(empty.astype(np.float32), empty, indptr, len(documents))
    import bm25s
    from bm25s.tokenization import Tokenized

    # bm25s sets its logger to DEBUG on import and logs every index build; keep that quiet.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    index = bm25s.BM25()
    vocab = {term: number for number, term in enumerate(vocabulary)}
    index.index(Tokenized(ids=documents, vocab=vocab), show_progress=False)
    scores: dict[str, Any] = index.scores
    # bm25s appends an empty term of its own after ours; no document uses it.
    indptr = np.asarray(scores["indptr"], dtype=np.int64)[: len(vocabulary) + 1]
    return Bm25Matrix(
        data=np.asarray(scores["data"], dtype=np.float32),
        indices=np.asarray(scores["indices"], dtype=np.int32),
        indptr=indptr,
        document_count=len(documents),
    )


def _indptr(lengths: list[int]) -> npt.NDArray[np.int64]:
    return np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)]).astype(np.int64)


def _flat(rows: list[list[int]]) -> npt.NDArray[np.int32]:
    return np.asarray([value for row in rows for value in row], dtype=np.int32)

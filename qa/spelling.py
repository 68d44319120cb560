"""Misspelt question words read as the corpus's words ("Bedigo" as "Bendigo", "goverment" as
"government"), and acronyms the corpus never writes as the names they stand for there ("AAA" as
"American Automobile Association").

People type questions fast, and a misspelt name is a name the corpus never mentions, which
makes qa abstain ("the corpus never mentions “Bedigo”") where the answer is there. A question
word is read as a corpus word only when all of these hold:
- the corpus does not use it, it is not a stop word, and it is not an English word or a name of
  a general dictionary (pyspellchecker's English word list): "tanks" asked of a corpus about
  "thanks" stays "tanks", so a question about something the corpus lacks is still abstained on;
- it has MIN_LETTERS letters or more, all of them ASCII once folded (the dictionary knows only
  English);
- a word the corpus uses is one edit away (an inserted, missing, changed or swapped letter), or
  two for words of LONG_WORD letters or more whose first letter it keeps;
- a word of SHORT_NAME letters or fewer that the question or the corpus capitalises has a letter
  added, dropped or swapped, not changed: short names one letter apart are often two people
  ("Mori", "Modi");
- the corpus word is not the place or the people it names ("Castravia" for "Castravian").
Of several such words, the fewest edits wins, then the one sharing paragraphs with most of the
question's other words ("Groner v Minister for Education" is "Groener", who is named beside
the minister, not "Grover"), then the commoner. The word is read in the corpus's spelling
("Zürich" for "zurcih", "McDonald" for "McDonlad"), capitalised or in capitals where the
question wrote it so.

The question's first word, or a lowercase word starting "wh", is read as the one wh-word one
edit away with its first letter ("Whta", "whcih"); the first word, as a wh-word and its verb
typed together ("Whatare", "Howmany"). Any other word that looks like a function word is more
often a name ("unger", "Howat", "Underhill"), and is left alone. In a question typed in capitals,
an acronym's plural ("NGOS") is read as the plural the corpus matches to its acronym ("NGOs").

An acronym (two to six capitals) the corpus never writes is read as a name of several
capitalised words it spells out there (joined by "of", "the", "for", "de"; or found by the NER
model inside a longer run, "European Space Agency Director General ..."), the one sharing
paragraphs with most of the question's other words, then the commonest; never one sharing
none, since capitalised words in a row are not always a name. A title's acronym the corpus
never writes ("CEO") is read as the title it writes in full ("chief executive"), and "ex-",
which it never writes, as "former". Every reading is reported (Correction), so a person sees
what was looked for.

The corpus's words and names are listed at build time (`corpus_words`, `corpus_names`);
rapidfuzz is loaded on the first unknown word that may be read, the dictionary once a corpus
word is near one, so other questions pay for neither.
"""

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from qa.fold import fold, token_spans, tokens
from qa.models import Correction, Sentence
from qa.numbers import roman_numeral
from qa.terms import is_stop_word, singular_acronym, stem

if TYPE_CHECKING:
    from spellchecker import SpellChecker

MIN_LETTERS = 4
"""Shorter words have too many neighbours one edit away ("tank": "bank", "task", "talk")."""
LONG_WORD = 10
"""Words this long may be two edits away ("astronaughts"): few real words are that close."""
SHORT_NAME = 6
"""Capitalised words this short are read through no changed letter."""
WH_WORDS = ("how", "what", "when", "where", "which", "who", "whom", "whose", "why")
"""What a question's mistyped first word may have been."""
AFTER_WH = frozenset(
    ["is", "are", "was", "were", "did", "does", "do", "has", "have", "had", "will", "would"]
    + ["can", "could", "should", "many", "much", "long", "old", "year"]
)
"""The words a question's wh-word is typed together with ("Whatare", "Howmany")."""
MAX_LETTERS = 30
"""Longer tokens (run-together words, codes) are not listed or read as others."""
ACRONYM = re.compile(r"[A-Z]{2,6}")
"""An acronym as a question writes it ("AAA", "CJEU", "WWII"): the initials names are kept by."""
CAPITALISED_RUN = re.compile(
    r"[A-Z][\w'’]*(?:-[\w'’]+)*"
    r"(?:\s+(?:(?:of|the|for|de|du|des)\s+)*[A-Z][\w'’]*(?:-[\w'’]+)*)+"
)
"""Capitalised words in a row, joined by lowercase connectors ("Court of Justice of the European
Union")."""
POSSESSIVE = re.compile(r"['’]s$")
ACRONYM_AFTER = re.compile(r"\s*[(\[]([A-Z]{2,6})s?[)\]]")
ACRONYM_BEFORE = re.compile(r"\b([A-Z]{2,6})s?\s*[(\[](?:the\s+)?$")
ROMAN_NUMERAL = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})")
"""A regnal or ordinal numeral of a name ("World War II", "Louis XVI"), kept whole in its
initials."""
NUMBERED_NAME = re.compile(r"\b((?:[^\W\d][\w'’-]*\s+){1,4})([1-9]|1[0-9]|20)\b(?![.,:/]?\d)")
"""Words numbered in digits: "World War 1", "world war 1", "Phase 3". It matches "March 3" and
"in 3" too, which only the corpus's names (never "March III") keep from being read; a
person's regnal number is not read either ("Henry 8"): corpus_names leaves out runs holding a
person."""
SPELT_OUT_LABELS = frozenset(["ORG", "EVENT", "LAW", "FAC", "GPE", "LOC", "NORP", "WORK_OF_ART"])
"""Entity labels of names an acronym may stand for: the NER model finds "European Space Agency"
inside "European Space Agency Director General Jan Wörner", where capitalised words run on."""
HYPHEN = re.compile(r"[-‐‑]")
NAME_KEY = "\t"
"""Between a name's initials and the name in corpus_names' keys."""


def corpus_words(texts: Iterable[str]) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.str_]]:
    """The distinct folded words of `texts` that a misspelt word may be read as, sorted, and
    the commonest spelling of each as written ("zurich": "Zürich"), in lower case if it is ever
    written so (a word capitalised in titles and at a sentence's start is not a name), else not
    in capitals if ever written otherwise (a dateline's "ZURICH")."""
    written: Counter[tuple[str, str]] = Counter(
        (folded, text[start:end])
        for text in texts
        for start, end, folded in token_spans(text)
        if _is_correctable(folded)
    )
    spellings: dict[str, str] = {}
    for (folded, spelling), _ in sorted(
        written.items(),
        key=lambda item: (item[0][1][0].islower(), not item[0][1].isupper(), item[1]),
        reverse=True,
    ):
        spellings.setdefault(folded, spelling)
    words = sorted(spellings)
    return np.array(words, dtype=np.str_), np.array([spellings[w] for w in words], dtype=np.str_)


def corpus_names(
    sentences: Iterable[Sentence],
) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """Each name of two or more capitalised words in `sentences` keyed by its initials
    ("AAA\tAmerican Automobile Association", "WWII\tWorld War II"), sorted; how many sentences
    write it; and how many define it as an acronym ("European Union (EU)", "EU (the European
    Union)"). A name is a run of capitalised words that holds no person the NER model found, or
    an entity it found (SPELT_OUT_LABELS)."""
    counts: Counter[str] = Counter()
    definitions: Counter[str] = Counter()
    for sentence in sentences:
        text = sentence.text
        people = [(e.start, e.end) for e in sentence.entities if e.label == "PERSON"]
        phrases = {
            (m.start(), m.end())
            for m in CAPITALISED_RUN.finditer(text)
            # A person's initials are no acronym: "Ursula Schmidt" is not the US.
            if not any(m.start() < end and start < m.end() for start, end in people)
        } | {
            (entity.start, entity.end)
            for entity in sentence.entities
            if entity.label in SPELT_OUT_LABELS
        }
        named, defined = set(), set()
        for start, end in phrases:
            words = [POSSESSIVE.sub("", word) for word in text[start:end].split()]
            while words and is_stop_word(fold(words[0])):
                words = words[1:]  # "The", "In" opening a sentence
            letters = initials(words)
            if len(words) > 1 and ACRONYM.fullmatch(letters):
                key = letters + NAME_KEY + " ".join(words)
                named.add(key)
                if letters in _acronyms_beside(text, start, end):
                    defined.add(key)
        counts.update(named)
        definitions.update(defined)
    keys = sorted(counts)
    return (
        np.array(keys, dtype=np.str_),
        np.array([counts[k] for k in keys], dtype=np.int32),
        np.array([definitions[k] for k in keys], dtype=np.int32),
    )


def _acronyms_beside(text: str, start: int, end: int) -> set[str]:
    """The acronyms written in brackets after the name at text[start:end] ("European Union
    (EU)") or before it with the name in brackets ("EU (the European Union)")."""
    after = ACRONYM_AFTER.match(text, end)
    before = ACRONYM_BEFORE.search(text, 0, start)
    found = {after[1]} if after else set()
    if before and text[end : end + 1] in ")]":
        found.add(before[1])
    return found


def initials(words: list[str]) -> str:
    """ "AAA" of "American Automobile Association", "PPP" of "Public-Private Partnership",
    "WWII" of "World War II", "CJEU" of "Court of Justice of the European Union"."""
    letters = []
    for word in words:
        if ROMAN_NUMERAL.fullmatch(word):
            letters.append(word)
        else:
            letters += [part[0] for part in HYPHEN.split(word) if part[:1].isupper()]
    return "".join(letters)


@dataclass(frozen=True)
class CorpusSpelling:
    """What a corpus knows of its words, as the spelling reads it."""

    listed: npt.NDArray[np.str_]
    """The first of corpus_words: folded words."""
    spellings: npt.NDArray[np.str_]
    """The second: each of them as the corpus commonly writes it."""
    frequency: Callable[[str], int]
    """How many sentences use a folded word's term; 0 for a word the corpus never uses and for
    a stop word (neither read as another nor another read as it: it is not what a question
    asks about)."""
    paragraphs: Callable[[str], frozenset[int]]
    """The paragraphs using a folded word's term."""
    writes_together: Callable[[str, str], bool]
    """Whether a sentence writes the second folded word right after the first."""
    names: npt.NDArray[np.str_]
    """corpus_names' keys."""
    name_counts: npt.NDArray[np.int32]
    """How many sentences write each of those names."""
    name_definitions: npt.NDArray[np.int32]
    """How many sentences define each as an acronym ("European Union (EU)")."""

    @functools.cached_property
    def words(self) -> list[str]:
        """The listed words as Python strings, made on the first unknown word (milliseconds
        per 10,000 words)."""
        return [str(word) for word in self.listed]

    def spelling(self, word: str) -> str:
        """How the corpus commonly writes a listed folded word."""
        return str(self.spellings[int(np.searchsorted(self.listed, word))])

    def writes_lowercase(self, word: str) -> bool:
        """Whether the corpus writes a folded word, as it is, in lowercase somewhere."""
        found = int(np.searchsorted(self.listed, word))
        return (
            found < len(self.listed)
            and self.listed[found] == word
            and str(self.spellings[found])[:1].islower()
        )


def corrected(text: str, corpus: CorpusSpelling) -> tuple[str, tuple[Correction, ...]]:
    """`text` with each misspelt word replaced by the corpus word it is read as, and each
    acronym the corpus never writes by the name it spells out; and those readings."""
    spans = [
        (start, end, word, corpus.frequency(singular_acronym(text, start, end, word)))
        for start, end, word in token_spans(text)
    ]
    unknown = [
        (start, end, word)
        for start, end, word, frequency in spans
        if not frequency and not is_stop_word(stem([word])[0])
    ]
    readings = _roman_numbered(text, corpus)
    if not unknown:
        return _applied(text, readings)
    # The paragraphs of each of the question's other words: a reading beside them fits it.
    beside = [corpus.paragraphs(word) for _, _, word, frequency in spans if frequency]
    near: list[tuple[int, int, str]] = []
    # A question typed in capitals writes an acronym's plural "NGOS"; elsewhere "USS" and "GPS"
    # are acronyms of their own.
    is_shouted = not any(c.islower() for c in text)
    for start, end, word in unknown:
        written = text[start:end]
        if is_shouted and _is_acronym_plural(written, word, corpus):
            readings.append((start, end, written[:-1] + "s"))
        elif written_out := _written_out(text, start, end, corpus, beside):
            readings.append((start, end, written_out))
        elif not (_is_correctable(word) and word.isascii()):
            continue
        elif (found := _closest(written, word, corpus, beside)) is not None:
            near.append((start, end, corpus.spelling(found)))
        elif meant := _function_words_meant(written, word, is_opening=start == spans[0][0]):
            near.append((start, end, meant))
    if near:
        # Only now, with a reading found: the dictionary takes 0.1 s to load.
        english = _english().known(fold(text[start:end]) for start, end, _ in near)
        readings += [
            (start, end, _in_case_of(text[start:end], spelling))
            for start, end, spelling in near
            if fold(text[start:end]) not in english
        ]
    return _applied(text, readings)


def _applied(text: str, readings: list[tuple[int, int, str]]) -> tuple[str, tuple[Correction, ...]]:
    """`text` with each span of `readings` replaced by its reading, and the corrections."""
    pieces, corrections, last = [], [], 0
    for start, end, read_as in sorted(readings):
        pieces += [text[last:start], read_as]
        corrections.append(Correction(asked=text[start:end], read_as=read_as))
        last = end
    return "".join([*pieces, text[last:]]), tuple(corrections)


def _roman_numbered(text: str, corpus: CorpusSpelling) -> list[tuple[int, int, str]]:
    """Each name numbered in digits that the corpus numbers in Roman numerals only, as the
    corpus writes it: "World War 1" and "world war 1" are its "World War I", whose "I" no term
    keeps. Not when the corpus writes the digits too: its "Phase 3" may be another trial than
    its "Phase III"."""
    readings = []
    for match in NUMBERED_NAME.finditer(text):
        words = list(re.finditer(r"\S+", match[1]))
        if not words or corpus.writes_together(fold(words[-1][0]), match[2]):
            continue
        numeral = roman_numeral(int(match[2]))
        # The name is the longest run of words before the number that the corpus writes so:
        # "Who served in world war 1" tries "served in world war", then "world war".
        for first in range(len(words)):
            if is_stop_word(fold(words[first][0])):
                continue
            name = corpus_name([word[0] for word in words[first:]] + [numeral], corpus)
            if name is not None:
                readings.append((match.start(1) + words[first].start(), match.end(2), name))
                break
    return readings


def corpus_name(words: list[str], corpus: CorpusSpelling) -> str | None:
    """The corpus's name that `words` write in any case, as the corpus writes it: a run of
    capitals holding no person (corpus_names)."""
    written = " ".join(words).casefold()
    rows = _rows_of(initials([word[:1].upper() + word[1:] for word in words]), corpus)
    return next(
        (name for row in rows if (name := _name_of(corpus.names[row])).casefold() == written),
        None,
    )


def _spelt_out(acronym: str, corpus: CorpusSpelling, beside: list[frozenset[int]]) -> str | None:
    """The corpus's name whose initials `acronym` is: the one sharing paragraphs with most of
    the question's other words (`beside`), then the commonest."""
    rows = _rows_of(acronym, corpus)
    if not rows:
        return None

    def preference(row: int) -> tuple[int, int]:
        return _unshared(_paragraphs_of(row, corpus), beside), -int(corpus.name_counts[row])

    best = min(rows, key=preference)
    # Never a name the question's other words are nowhere near: capitalised words in a row
    # with those initials may be no name at all ("Voss Monday").
    return _name_of(corpus.names[best]) if preference(best)[0] < 0 else None


def _written_out(
    text: str, start: int, end: int, corpus: CorpusSpelling, beside: list[frozenset[int]]
) -> str | None:
    """What the corpus writes out for the word at `start`:`end` that it never writes: the name
    an acronym spells out, the title a title's acronym stands for ("CEOs" as "chief
    executives"), or "former" for "ex-"."""
    written = text[start:end]
    if ACRONYM.fullmatch(written) and (name := _spelt_out(written, corpus, beside)):
        return name
    # "at 3 PM" is a time of day.
    if not AFTER_NUMBER.search(text, 0, start):
        singular = written.removesuffix("s")
        if title := _title_spelt_out(singular, corpus):
            return title + written.removeprefix(singular)
    return "former" if written.lower() == "ex" and text.startswith("-", end) else None


AFTER_NUMBER = re.compile(r"\d\s*$")
TITLE_ACRONYMS: dict[str, tuple[str, ...]] = {
    "CEO": ("chief executive officer", "chief executive"),
    "CFO": ("chief financial officer", "finance director"),
    "COO": ("chief operating officer",),
    "CTO": ("chief technology officer",),
    "PM": ("prime minister",),
    "VP": ("vice president",),
}
"""Titles a question may write as acronyms and a news story in full, each with its spellings in
the order they are tried: no name in the corpus spells them out, for they are not capitalised
("the company's chief executive")."""


def _title_spelt_out(acronym: str, corpus: CorpusSpelling) -> str | None:
    """The first spelling of a title acronym (TITLE_ACRONYMS) that the corpus writes."""
    return next(
        (
            title
            for title in TITLE_ACRONYMS.get(acronym, ())
            if all(itertools.starmap(corpus.writes_together, itertools.pairwise(title.split())))
        ),
        None,
    )


def acronym_names(acronym: str, corpus: CorpusSpelling) -> list[str]:
    """The names an acronym the corpus writes stands for there: those it defines it as ("the
    European Union (EU)"), and the commonest name with its initials that shares a paragraph
    with it, since a story may never define an acronym everyone knows ("EU")."""
    rows = _rows_of(acronym, corpus)
    defined = [row for row in rows if corpus.name_definitions[row]]
    where = corpus.paragraphs(acronym.lower())
    beside = [row for row in rows if not where.isdisjoint(_paragraphs_of(row, corpus))]
    commonest = max(beside, key=lambda row: int(corpus.name_counts[row]), default=None)
    chosen = dict.fromkeys([*defined, *([] if commonest is None else [commonest])])
    return [_name_of(corpus.names[row]) for row in chosen]


def _rows_of(acronym: str, corpus: CorpusSpelling) -> range:
    """The rows of corpus.names with the initials `acronym`."""
    keys = corpus.names
    first = int(np.searchsorted(keys, acronym + NAME_KEY))
    return range(first, int(np.searchsorted(keys, acronym + NAME_KEY + "\uffff")))


def _paragraphs_of(row: int, corpus: CorpusSpelling) -> frozenset[int]:
    """The paragraphs using every word of the name in a row of corpus.names."""
    words = [w for w in tokens(_name_of(corpus.names[row])) if corpus.frequency(w)]
    return frozenset.intersection(*map(corpus.paragraphs, words)) if words else frozenset()


def _name_of(key: str) -> str:
    return str(key).split(NAME_KEY)[1]


def _closest(
    written: str, word: str, corpus: CorpusSpelling, beside: list[frozenset[int]]
) -> str | None:
    """The listed word the folded `word` (`written` so in the question) is read as, if any."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    most = 2 if len(word) >= LONG_WORD else 1
    near = process.extract(word, corpus.words, scorer=OSA.distance, score_cutoff=most, limit=None)
    is_short = len(word) <= SHORT_NAME
    candidates = [
        (int(edits), found)
        for found, edits, _ in near
        if corpus.frequency(found)
        and (edits < 2 or found[0] == word[0])
        and not (
            is_short
            and (written[0].isupper() or corpus.spelling(found)[0].isupper())
            and _changes_a_letter(word, found)
        )
        and not _are_place_and_people(word, found)
    ]
    if not candidates:
        return None

    def preference(candidate: tuple[int, str]) -> tuple[int, int, int, str]:
        edits, found = candidate
        return edits, _unshared(corpus.paragraphs(found), beside), -corpus.frequency(found), found

    return min(candidates, key=preference)[1]


def _is_acronym_plural(written: str, word: str, corpus: CorpusSpelling) -> bool:
    """Whether `written`, in a question typed in capitals, is the plural of an acronym the
    corpus uses: "NGOS" is read as "NGOs", which matches "NGO" (qa.terms.ACRONYM_PLURAL). Not an
    English word ("NEWS")."""
    return (
        len(written) > 2
        and written.isupper()
        and written.endswith("S")
        and bool(corpus.frequency(word[:-1]))
        and not _english().known([word])
    )


def _function_words_meant(written: str, word: str, is_opening: bool) -> str | None:
    """The wh-word, or the wh-word and verb, a mistyped word of the question stands for. Only
    the question's first word, or a lowercase word starting "wh", is read so: elsewhere such a
    word is more often a name ("unger" is not "under", nor "Underhill" "under hill"), and
    reading it would drop the name the question asks about."""
    if is_opening:
        return _wh_word(word) or _run_together(word)
    if written.islower() and word.startswith("wh"):
        return _wh_word(word)
    return None


def _wh_word(word: str) -> str | None:
    """The one wh-word ("what", "when", "which"...) one edit from `word` with its first letter:
    "what" for "whta", "when" for "whwn"; None for "whem", which may be "when" or "whom"."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    near = [
        found
        for found, _, _ in process.extract(
            word, WH_WORDS, scorer=OSA.distance, score_cutoff=1, limit=None
        )
        if found[0] == word[0]
    ]
    return near[0] if len(near) == 1 else None


def _run_together(word: str) -> str | None:
    """A wh-word and the verb after it typed without the space between them ("whatare",
    "whendid", "howmany"): names part too easily into other function words ("Howat", "Asher",
    "Whatmore")."""
    for wh in WH_WORDS:
        if word.startswith(wh) and word[len(wh) :] in AFTER_WH:
            return f"{wh} {word[len(wh) :]}"
    return None


def _unshared(where: frozenset[int], beside: list[frozenset[int]]) -> int:
    """Minus how many of the question's other words share a paragraph with `where`: lowest
    first is best first."""
    return -sum(not where.isdisjoint(paragraphs) for paragraphs in beside)


def _changes_a_letter(word: str, other: str) -> bool:
    """Whether the one edit from `word` to `other` changes a letter rather than adding,
    dropping or swapping one."""
    return len(word) == len(other) and sorted(word) != sorted(other)


def _are_place_and_people(word: str, other: str) -> bool:
    """ "Castravia" and "Castravian", "Kenya" and "Kenyan": a place and its people, not a
    misspelling; qa.question.with_corpus_places reads one as the other where it should."""
    shorter, longer = sorted((word, other), key=len)
    return shorter.endswith("a") and longer == shorter + "n"


def _is_correctable(word: str) -> bool:
    """Whether a folded word may be listed and read as another: letters only, neither too
    short to tell from its neighbours nor too long to be one word."""
    return MIN_LETTERS <= len(word) <= MAX_LETTERS and word.isalpha()


@functools.cache
def _english() -> "SpellChecker":
    """The English dictionary, loaded once."""
    from spellchecker import SpellChecker

    # distance=1: unused here (qa picks among the corpus's words), but the smallest to set up.
    return SpellChecker(language="en", distance=1)


def _in_case_of(written: str, spelling: str) -> str:
    """The corpus's `spelling` of a word, in capitals or capitalised where the question wrote it
    so: "TFEU" for "TEFU", "Bendigo" for "Bedigo", "McDonald" for "McDonlad"."""
    if written.isupper() and len(written) > 1:
        return spelling.upper()
    if written[0].isupper():
        return spelling[0].upper() + spelling[1:]
    return spelling


def read_as_note(corrections: Iterable[Correction]) -> str:
    """The readings for people, each once: 'Read “Bedigo” as “Bendigo”.', or "" when there are
    none."""
    readings = dict.fromkeys(f"“{c.asked}” as “{c.read_as}”" for c in corrections)
    return f"Read {', '.join(readings)}." if readings else ""

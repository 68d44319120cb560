"""The role a question asks about: the one whose holder "who is the..." asks, or the title an
age or nationality question describes its person by. Pure functions."""

import re

from qa.numbers import NUMBER_WORDS
from qa.terms import word_forms

SERVING_AS = (
    r"(?:(?:will\s+)?(?:serve|serves|served|act|acts|acted)|"
    r"(?:is|was|are|were|will\s+be)\s+(?:serving|acting))\s+as"
)
ROLE_ASKED = re.compile(
    rf"\s*who\s+(?:(?:{SERVING_AS}|is|was|are|were|will\s+be|would\s+be|has\s+been|"
    r"had\s+been)\s+"
    r"(?P<phrase>(?:the|a|an)\s.*?|[^?]*?['’]s?\s+[a-z].*?)|"
    rf"{SERVING_AS}\s+(?P<bare>[a-z].*?))[\s?]*$",
    re.I,
)
"""A question asking who holds a role: "Who is the architect of the stadium?", "Who will serve
as Port Arlen's deputy mayor?", "Who will act as deputy mayor under Costa?", "Who is acting as
the grandmaster's lawyer?"."""
ROLE_VERB_ASKED = re.compile(
    r"\s*who\s+(?:(?:currently|now|also|still)\s+)?(?:(?:will|would|is|was)\s+)?"
    r"(?P<verb>chair(?:s|ed|ing)?|head(?:s|ed|ing)?|coach(?:es|ed|ing)?|captain(?:s|ed|ing)?)\s+"
    r"(?!(?:up|for|home|into|back|off|out|towards?)\b)"
    r"(?!.*\b(?:ball|table|polls?|list|standings|charts?|rankings?)\b)(?P<held>.*?)[\s?]*$",
    re.I,
)
"""A question asking who holds a role by its verb: "Who chairs the panel?", "Who headed
Harnwell Bank's board?", "Who will coach the national team?": only a person does. Not "Who
headed the ball in?", "Who heads the table?" or "Who headed for the exit?"."""
LEADER_ASKED = re.compile(
    r"\s*(?i:who)\s+(?:(?:currently|now|still|will|would|is|was)\s+)?"
    r"(?i:(?:lead|head|run|chair|manage|direct|coach|captain)(?:s|ed|ing)?|led|ran)\s+"
    r"(?:(?:the|a|an|its|their|his|her)\s+)?(?:[a-z][\w-]*\s+){0,3}?"
    r"(?P<led>[a-z][a-z-]*)(?=\s+(?:that|which|who|where|of|in|at|for|on|since|before|after|"
    r"until|during|when)\b|\s*[?,.]?$)"
)
"""A question asking who leads a thing it names by a lowercase noun: "Who leads the indigenous
council that brought the case?" ("council")."""
VERB_ENDINGS = re.compile(r"(?:e?s|ed|ing)$")
ROLE_OWNER = re.compile(
    r"^(?:(?:the|a|an)\s+)?(?:[A-Z][\w.&-]*\s+(?:(?:of|and)\s+(?:the\s+)?)?){0,5}"
    r"[A-Z][\w.&-]*['’]s?\s+"
)
""""Port Arlen's" or "the Central Bank of Lindor's" before the role: whose role it is."""
OWNER_BEFORE = re.compile(r"(?:(?:the|a|an)\s+)?(?P<owner>(?:[A-Z][\w.&-]*\s+)+)(?=[a-z])")
"""Capitalised words before the role: "the Chilean president", "the Halden Bank chief
executive"."""
OWNER_AFTER = re.compile(
    r"\s+(?:of|at|for)\s+(?:[a-z]+\s+(?:of|at|for)\s+)?(?:the\s+)?"
    r"(?P<owner>[A-Z][\w.&-]*(?:\s+(?:(?:of|and)\s+(?:the\s+)?)?[A-Z][\w.&-]*){0,5})"
)
"""A name right after the role, whose role it is: "the president of Chile", "head of quality
at Tarrow Mills", "the chief executive of the Central Bank of Lindor"."""
POSSESSIVE_END = re.compile(r"\s*['’]s?\s*$")
"""The possessive ending ROLE_OWNER's match: "Port Arlen's " is Port Arlen."""
ARTICLE_START = re.compile(r"^(?:the|a|an)\s+", re.I)
DESCRIBED_ASKED = re.compile(
    r"\s*(?:(?:how\s+old|what\s+(?:nationality|citizenship))\s+(?:is|was|are|were)|"
    r"what\s+(?:is|was|are|were)\s+the\s+(?:ages?|nationalit(?:y|ies)|citizenships?)\s+of)\s+"
    r"(?P<phrase>(?:the|a|an)\s.*?|[^?]*?['’]s?\s+[a-z].*?)[\s?]*$",
    re.I,
)
"""A question asking the age or nationality of someone it describes by a role rather than
names: "How old is Castravia's sports minister?", "What nationality is the chief executive of
Orbis?", "What is the age of the sports minister?". A news story gives the age beside the
surname ("Carvajo, 47, blamed..."), the role where it first names her; the role says which
person's age answers."""
ROLE_END = re.compile(
    r"\s*,.*|\s+(?:of|at|for|in|on|to|under|behind|from|with|during|after|before|who|that|"
    r"since|when|while|as)\b.*"
)
ROLE_WORDS = 4
ROLE_TIME_WORDS = frozenset(
    ["current", "present", "new", "then", "outgoing", "incumbent", "sitting"]
)
"""Words that say when the role is held, which a sentence naming its holder seldom repeats
("Who is the current president?" of "President X said...") or says otherwise ("the outgoing
mayor" of "incumbent mayor X")."""
NOT_ROLES = frozenset(
    [
        "responsible",
        "first",
        "last",
        "second",
        "third",
        "only",
        "one",
        "known",
        "considered",
        "credited",
        "believed",
        "said",
        "thought",
        "famous",
        "likely",
        "able",
        "going",
        "best",
        "most",
        "main",
    ]
)
"""Words after "who is the" that say no role: "Who is responsible for...", "Who was the first
to..."."""
ROLE_HOLDER_TITLES = frozenset(
    ["executive", "officer", "director", "minister", "mayor", "president", "chairman"]
    + ["chairwoman", "chairperson", "chair", "spokesman", "spokeswoman", "spokesperson"]
    + ["secretary", "governor", "judge", "coach", "captain", "editor", "ambassador", "envoy"]
    + ["commissioner", "chancellor", "premier", "senator", "deputy", "treasurer", "head"]
    + ["chief", "economist", "prosecutor", "boss", "dean", "principal", "inspector"]
    + ["commander", "doctor", "scientist"]
)
"""Last words of a role only a person holds ("chief executive", "finance minister", "head"):
a "who is the..." question asking one is answered by a person, not by the company or party
the sentence also names. Not "owner", "contractor", "leader" ("market leader"), "founder",
"manager" ("fund manager"), "architect" or "engineer", which a company can be."""
ROLE_HOLDER_FORMS = word_forms("|".join(sorted(ROLE_HOLDER_TITLES)))
"""Those titles and their plurals: "which ministers resigned"."""
LESSER_RANKS = frozenset(["deputy", "vice", "assistant", "junior", "shadow"])
"""Words of a title that make it another role than the one they qualify: Turkey's deputy
culture minister is not its culture minister, a shadow chancellor no chancellor."""
ANY_HEAD = frozenset(["head", "boss", "leader", "chief"])
"""Roles that name no title: "the head of Nordmark Rail" is its chief executive, "the boss" a
president or a director. A sentence naming the holder seldom says the word, so its terms are
not looked for (Question.role); a question asking the holder of one that is a title only a
person holds still asks for a person (asks_role_holder). What it is the head of may make it
a role ("head of quality": HEAD_OF_FIELD)."""
HEAD_OF_FIELD = re.compile(r"\s+of\s+(?!(?:the|a|an)\b)[a-z]")
"""After a word for any head, a lowercase field it heads: "the head of quality at Tarrow
Mills", not "the head of Nordmark Rail" or "of the central bank"."""


def asked_role(text: str) -> str:
    """The role a "who is the..." question asks who holds, as written ("" if none): its lowercase
    words after whose role it is ("the Central Bank of Lindor's") and before what it is of ("of
    the stadium"). A copular question about a name ("Who is Priya Natarajan?"), a pronoun ("Who
    is she?") or a participle ("Who was the man arrested?") asks no role. An age or nationality
    question asks one when it describes the person by a title only a person holds
    (DESCRIBED_ASKED)."""
    found = _role_phrase(text)
    if found is None:
        return ""
    written, asks_holder = found
    phrase = ROLE_END.sub("", ROLE_OWNER.sub("", written, count=1))
    lowercase = [w for w in phrase.split() if w[:1].islower() and w not in ("the", "a", "an")]
    # Unless it is the role itself: "Who is the incumbent?".
    words = [w for w in lowercase if w not in ROLE_TIME_WORDS] or lowercase
    if (
        not words
        or len(words) > ROLE_WORDS
        or NOT_ROLES.intersection(words)
        or any(w.endswith("ed") for w in words)
        # A person described otherwise ("the guard who was hurt", "the woman set to become
        # mayor") is not one a title names.
        or (not asks_holder and words[-1] not in ROLE_HOLDER_FORMS)
    ):
        return ""
    # How many hold it is no part of it: "the two judges" are judges, "number two" a role.
    counted = {i for i, w in enumerate(words[:-1]) if w in NUMBER_WORDS[2:]}
    return " ".join(w for i, w in enumerate(words) if i not in counted)


def role_owner(text: str, role: str) -> str:
    """Whose `role` (asked_role) the question asks, as written ("" if it does not say): the
    name before the role ("Port Arlen's deputy mayor", "the Chilean president") or right after
    it ("the president of Chile"), not one further on ("the president of the union that went
    on strike at Bolivia's mines"). Only that place's people name it too: "Who is the
    president of Chile after its talks with Bolivia?" is not answered by "Bolivian President
    Dina Ortal" (qa.features)."""
    found = _role_phrase(text)
    if not role or found is None:
        return ""
    written = found[0]
    possessive = ROLE_OWNER.match(written)
    if possessive is not None:
        owner = POSSESSIVE_END.sub("", possessive.group())
        return ARTICLE_START.sub("", owner)
    before = OWNER_BEFORE.match(written)
    if before is not None:
        return before["owner"].strip()
    cut = ROLE_END.search(written)
    after = None if cut is None else OWNER_AFTER.match(written, cut.start())
    return "" if after is None else after["owner"]


def _role_phrase(text: str) -> tuple[str, bool] | None:
    """What follows the wh-words of a question asking a role's holder (ROLE_ASKED: True) or the
    age or nationality of someone a role describes (DESCRIBED_ASKED: False). A role asked by its
    verb reads as its noun: "who chairs the panel" as "the chair of the panel"."""
    asked = ROLE_ASKED.match(text)
    if asked is not None:
        return str(asked["phrase"] or asked["bare"]), True
    by_verb = ROLE_VERB_ASKED.match(text)
    if by_verb is not None:
        noun = VERB_ENDINGS.sub("", by_verb["verb"].lower())
        return f"the {noun} of {by_verb['held']}", True
    described = DESCRIBED_ASKED.match(text)
    return None if described is None else (str(described["phrase"]), False)


def is_worded_otherwise(text: str, role: str) -> bool:
    """Whether a sentence naming the holder of the role asked seldom words it as the question
    does: a word for any head (ANY_HEAD) of no field it names ("the head of quality" is worded
    so, and so is "who heads quality"). A role asked by another verb is worded as its noun or
    another word for it ("who chairs the panel" of "panel chairman Dirk Vos":
    qa.features.SAME_ROLES)."""
    if role not in ANY_HEAD:
        return False
    found = _role_phrase(text)
    written = found[0] if found is not None else text
    return not re.search(rf"\b{role}{HEAD_OF_FIELD.pattern}", written)


def asks_role_by_verb(text: str) -> bool:
    """Whether the question asks who holds a role by its verb (ROLE_VERB_ASKED)."""
    return ROLE_VERB_ASKED.match(text) is not None


PREDECESSOR_ASKED = re.compile(
    r"^\s*who(?:m)?\s+(?:"
    r"(?:(?:was|were|had\s+been)(?!\s+\w+ed\b)|served\s+as|held|led|headed|ran|managed|"
    r"chaired|coached|captained|ruled|governed)\b[^?]*\bbefore\s+"
    r"(?:(?:its|the|their|his|her)\s+(?:current|present|new|incumbent)\b"
    r"|(?!(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|World|Christmas|Easter|"
    r"Halloween|New\s+Year|Congress|Parliament)\b)"
    r"(?-i:[A-Z])[\w'’.-]+(?:\s+(?-i:[A-Z])[\w'’.-]+){0,2}\s*\??\s*$)"
    r"|did\s+(?:(?!\bto\s)[^?])*\b(?:succeed|replace)\b(?!\s+in\b)"
    r"|preceded\b"
    r"|[^?]*\bpredecessors?\b)",
    re.I,
)
"""A question asking who held a role before someone: "Who was Lumenvale's chief executive
before Dana Whitlock?", "who led the union before its current secretary-general", "Who did
Carolina Vidal succeed as minister?", "Who preceded Smith?", "Who was her predecessor?"; not
"before the war", "before March", "before World War II", "Who did police arrest before
Christmas?", "Who testified before Congress?", nor "Who did the board choose to succeed
her?", which asks her successor."""
SUCCESSION = re.compile(
    r"\b(?:replac(?:e|es|ed|ing|ement)|succe(?:ed|eds|eded|eding)|successors?|predecessors?|"
    r"former|previous(?:ly)?|outgoing|(?:took|takes|taking|take)\s+over|in\s+place\s+of|"
    r"(?:hand|hands|handed|handing)\s+(?:over|the\s+\w+)|retir(?:e|es|ed|ing|ement)|"
    r"resign(?:s|ed|ing|ation)?|(?:stepped|steps|stepping|step|stood|stands|standing)\s+down|"
    r"quit|sacked|fired|ousted|dismissed|depart(?:ed|s|ing|ure)|"
    r"(?:left|leaving|leaves)\s+(?:the\s+|his\s+|her\s+)?(?:club|company|post|job|role|office|"
    r"board|team|party|government|bank|firm|group)|followed\s+(?:as|by)|preceded|until)\b",
    re.I,
)
"""Words saying someone left a role or was followed in it: the sentence naming a predecessor or
a successor says one ("replacing Samuel Otieno, who retired", "The club's former manager,
Graham Pike", "ran the company for a decade before Dana Whitlock took over"). Not "followed"
or "left" alone: "a player we have followed for three years" follows no one in a role."""
SUCCESSOR_ASKED = re.compile(
    r"^\s*who\s+(?:(?:will|would|has|had|is\s+to|was\s+to|(?:is|was|were)\s+(?:expected|chosen|"
    r"named|picked|tipped|due|set)\s+to)\s+)?"
    r"(?:(?:replac(?:e|es|ed)|succe(?:ed|eds|eded)|(?:took|takes?)\s+over\s+from)\s+"
    r"(?:(?-i:[A-Z])|(?:him|her)\b)"
    r"|followed\s+(?-i:[A-Z])[\w'’.-]*(?:\s+(?-i:[A-Z])[\w'’.-]*)*\s+as\b)"
    r"|^\s*who\b[^?]*\bsuccessor\b",
    re.I,
)
"""A question asking who took a role from someone it names: "Who replaced Stavros Anagnostou
as chief executive?", "Who will succeed Vidal?", "Who is expected to succeed Smith?", "Who
succeeded him?", "Who followed Smith as chief executive?", "Who is her successor?"; not "Who
replaced the roof?" or "Who followed Tom Smith into the courtroom?"."""


def asks_succession(text: str) -> bool:
    """Whether a question asks who held a role before or after someone (PREDECESSOR_ASKED,
    SUCCESSOR_ASKED)."""
    return PREDECESSOR_ASKED.search(text) is not None or SUCCESSOR_ASKED.search(text) is not None


def led_noun(text: str) -> str:
    """The lowercase noun naming what a question asks who leads (LEADER_ASKED), as written; ""
    if it asks no such thing."""
    asked = LEADER_ASKED.match(text)
    return "" if asked is None else asked["led"]

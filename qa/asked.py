"""What kind of answer a question asks, from its wh-words and the nouns after them: "how
old" an age, "which company" an organisation, "fine imposed on..." a sum.

Pure and corpus-free: qa.question reads the kind once per question (asked_kind) beside its
terms and constraints, and keeps its noun (Question.asked_noun).
"""

import re
from enum import StrEnum
from functools import cache
from typing import NamedTuple

from qa.fold import fold
from qa.speech import ASKING_DESCRIPTION, ASKING_SPEECH
from qa.terms import word_forms


class AnswerType(StrEnum):
    PERSON = "person"
    PLACE = "place"
    ORGANIZATION = "organization"
    NATIONALITY = "nationality"
    """A nationality or ethnicity: "what nationality", "what is her citizenship". Only a
    nationality word answers it ("a Dutch national", "British-born"): not an organisation or a
    place named beside the person ("the union leader said the operator, Norrland Terminal
    Group...", "Governor Ingrid Solberg of the Bank of Valdoria")."""
    ORIGIN = "origin"
    """Where someone or something is from: "which country is the trainee from?". A nationality
    answers it as well as a place ("a Spanish trainee")."""
    GROUP = "group"
    """A religious or political group: "what party", "which religion"."""
    DATE = "date"
    """A point in time: "when", "what decade". A frequency ("monthly") does not answer it."""
    YEAR = "year"
    """A year: "in what year", "which year". Only a date holding one answers it ("in 2011", "the
    1990s", or "last year", which the article's date places): not a weekday or a time of day."""
    DAY = "day"
    """A day: "on what date", "which day". A year or "this year" does not answer it."""
    CLOCK = "clock"
    """A time of day: "at what time did the train derail". A day does not answer it."""
    FREQUENCY = "frequency"
    """How often: "monthly", "every four years"."""
    DURATION = "duration"
    AGE = "age"
    COUNT = "count"
    AMOUNT = "amount"
    MONEY = "money"
    """A sum paid, spent or earned: "how much did it cost", "what was the fee". A CARDINAL
    or QUANTITY answers only with a currency after it (qa.shapes); a percentage only when the
    question asks a change or a margin, and less well ("how much did the bank raise rates",
    "how much less did it cost", "what is the profit margin")."""
    MEASURE = "measure"
    PERCENT = "percent"
    LANGUAGE = "language"
    STATEMENT = "statement"
    """What someone said: "what did the mayor say about...", "how did she describe...". A
    quotation answers it best, reported speech ("the chief executive said the company would...")
    less well (qa.speech.statement_spans); the NER model has no label for either."""
    OTHER = "other"


VALUE_TYPES = frozenset(
    {
        AnswerType.DATE,
        AnswerType.YEAR,
        AnswerType.DAY,
        AnswerType.CLOCK,
        AnswerType.FREQUENCY,
        AnswerType.DURATION,
        AnswerType.AGE,
        AnswerType.COUNT,
        AnswerType.AMOUNT,
        AnswerType.MONEY,
        AnswerType.MEASURE,
        AnswerType.PERCENT,
    }
)
"""Answer types whose answer is a value: a time, an age, a count, a sum, a measure, a share. The
NER model finds values far more reliably than names, so a sentence without one is weaker
evidence against a name question's sentence than against a value question's."""

OPENING_PREPOSITIONS = (
    *("near", "close to", "next to", "across", "around", "along", "outside", "inside", "beyond"),
    *("behind", "among", "toward", "towards", "within", "throughout", "roughly", "approximately"),
    *("about", "nearly", "almost"),
)
"""What may open a question before its wh-word, there only: "Near which town...", "Roughly how
many..."; "the tower near where the mill stood" asks nothing."""

AUXILIARY = r"(?:do|does|did|has|have|had|is|are|was|were|will|would|can|could|should|may|might)\b"

CLAUSE_START = (
    rf"(?:^(?:(?:{'|'.join(OPENING_PREPOSITIONS)})\s+)?|[,;:(]\s*|\b(?:and|or|but|so|since|until|from|of|in|on|"
    r"at|by|for|to|with|during|after|before)\s+)"
)

TIME_NOUNS = "year|date|day|month|decade|century|period|season|era|time"

DURATION_NOUNS = "prison term|jail term|prison sentence|jail sentence"
"""Nouns asking how long, the NER model tagging the answer a date ("six years")."""

TIME_UNITS = "seconds|minutes|hours|days|nights|weeks|months|years|decades|centuries"

PERCENT_NOUNS = (
    "percentage|percent|share|proportion|fraction|interest rate|unemployment rate|"
    "inflation rate|tax rate|growth rate|vacancy rate"
)
"""A rate of these kinds is a percentage, never a sum: "What interest rate will the bank
charge?" is not answered by "a 1.1 billion dollar loan"."""

STAKE_ASKED = (
    r"(?:what|which)\s+(?:(?:is|was)\s+the\s+)?(?:size\s+of\s+(?:the\s+|its\s+|their\s+)?)?"
    r"stake\b"
)
""""What stake does the state hold": a share; not "what is at stake"."""

COUNT_NOUNS = "population|number|count|total|amount of people|death toll"

MONEY_NOUNS = (
    "cost|price|budget|salary|fee|fine|revenue|worth|income|profit|wage|money|sales|turnover|"
    "loss|reward|bonus|deficit|debt|compensation|penalty|ransom"
)

MONEY_VERBS = (
    "cost|costs|pay|paid|spend|spent|charge|charged|earn|earned|fined|owe|owed|raise|raised|"
    "invest|invested|sell for|sold for"
)

AMOUNT_NOUNS = "value|sum"

LEVEL_NOUNS = "rate|turnout|inflation|premium"
"""What stands at a level, given as a percentage, a sum or a number: "what is the exchange
rate" (1.08 dollars), "what was turnout" (68 percent), "what premium" (32 percent). An interest
or inflation rate is a percentage (PERCENT_NOUNS)."""

CHANGED_THING = (
    rf"how much\s+{AUXILIARY}(?:(?!\b(?:that|who|which|to)\b)[^?.,;]){{0,60}}?\b(?:raise|raised|"
    r"lift|lifted|cut|lower|lowered|increase|increased|reduce|reduced|boost|boosted)\s+"
    r"(?:its|their|his|her|the)\s+(?:own\s+)?"
    rf"(?!(?:\w+\s+)?(?:{MONEY_NOUNS}|pay|fare|tax|rent|bid|offer|spending)(?:s|es)?\b)"
)
""""By how much did the state raise its catch limit": a change of a thing that is not money,
given as a number, a quantity or a percentage ("by 35 percent"). Raising money is a sum ("how
much did the charity raise"), and so is raising a price or a fare."""

MONEY_ASKED = (
    rf"how much\s+(?:more\s+|less\s+)?"
    rf"(?:money\b|{AUXILIARY}[^?.,;]{{0,60}}?\b(?:{MONEY_VERBS}|{MONEY_NOUNS})\b)"
)
""""How much did it cost", "how much more was the budget": the verb or noun is about money only
when no other noun follows "how much" ("how much time did they spend" measures time)."""

PRICE_VERBS = "cost|costs|costing|pay|pays|paying|paid"

MONEY_ASKED_BY_WHAT = (
    rf"what\s+{AUXILIARY}[^?.,;]{{0,60}}?\b(?:{PRICE_VERBS})\b"
    r"(?!\s+(?:tribute|attention|homage|respects?|heed|off|back)\b)(?!\s+(?:for|to)\s*\?)"
)
""""What is the airline paying for its rival", "what will the bridge cost": a price, asked
without "how much". Not "spend", which asks on what as often as how much, nor "charge" or "owe"
("What was he charged with?"); nor "pay tribute to" or "what did she pay for?"."""

FETCHED_ASKED = (
    rf"what\s+{AUXILIARY}[^?.,;]{{0,60}}?\bfetch(?:es|ed)?\b"
    r"(?=[^?]*\b(?:auction|sale|sold|market)\b)"
)
""""What did the portrait fetch at auction": a price; not "what did the dog fetch"."""

CHANGE_VERBS = (
    r"rise|rose|risen|increased?|grow|grew|grown|fall|fell|fallen|drop|dropped|decline|declined|"
    r"climb|climbed|jump|jumped|slide|slid|plunge|plunged|go up|went up|gone up|go down|went down"
)
"""Verbs of a rise or a fall."""

MARKET_NOUNS = (
    r"shares?|stocks?|prices?|index|currency|rates?|value|sales|profits?|revenue|output|"
    r"inflation|yields?|bonds?|exports?|imports?|unemployment|turnout|ratings?"
)
"""What rises or falls by a percentage or a sum, not a distance."""

FELL_HOW_FAR = (
    r"how far\s+(?:did|do|does|has|have|had|will|would|could|can|might)\s+"
    rf"[^?.,;]{{0,60}}?\b(?:{MARKET_NOUNS})\b[^?.,;]{{0,30}}?"
    rf"\b(?:{CHANGE_VERBS})\b"
)
""""How far did the operator's stock drop": a change, given as a percentage or a sum; not "how
far did the climber fall", a distance."""

SIZE_ASKED = (
    r"what(?:'s|’s|\s+(?:is|was|are|were))\s+(?:the\s+)?(?:(?:total|land|surface|floor)\s+)?"
    r"area\s+of\b|\w+(?:'s|’s)\s+(?:(?:total|land|surface)\s+)?area\W*$"
)
"""An area that is a size: "what is the total area of Warsaw?", "what's the area of the park?",
"what is Warsaw's area?"; not "what is the main area of concern?", "the city's poorest area".
Elsewhere "which area" and "what area" ask a region (PLACE_NOUNS): "in which area did oil
supplies rise?", "which area of China did Japan conquer?"."""

MEASURE_NOUNS = "distance|length|height|weight|size|depth|width|speed|temperature|capacity|altitude"

PERSON_NOUNS = (
    "person|man|woman|leader|president|winner|founder|author|player|coach|king|queen|"
    "minister|official|envoy|spokesman|spokeswoman|ceo|chairman|director|composer|writer|"
    "scientist|artist|singer|actor|actress|character|emperor|pope|general|commander|dissident|"
    "activist|journalist|politician|candidate|member|son|daughter|wife|husband|father|mother|"
    "brother|sister|mayor|governor|senator|chancellor|lawyer|judge|inventor|explorer|ruler|"
    "philosopher|poet|architect|engineer|physicist|chemist|economist|quarterback|owner|diplomat|"
    "ambassador|analyst|investor|prosecutor|researcher|astronomer|doctor|nurse|firefighter|banker|"
    "negotiator|policymaker|spokesperson|manager|chairwoman|chairperson|striker|goalkeeper|"
    "midfielder|defender|athlete|victim|suspect|officer|alumnus|alumni|driver|farmer|miner|"
    "soldier|fisherman|boy|girl|thief|gunman|witness|defendant|survivor|volunteer|referee|"
    "professor|surgeon|archaeologist|historian|reporter|photographer|novelist|priest|bishop|"
    "prince|princess|councillor|lawmaker|musician|climber|cyclist|jockey|pilot|captain|"
    "skipper|rider|runner|swimmer|boxer|golfer|sprinter|detective|inspector|chef|secretary|"
    "statistician|physician|technician|dentist|pianist|specialist|therapist|psychologist|"
    "biologist|geologist|epidemiologist|virologist|pathologist|columnist|lobbyist|campaigner|"
    "strategist|consultant|accountant|auditor|entrepreneur|businessman|businesswoman|tycoon|"
    "billionaire|trader|broker|landlord|vet|veterinarian|paramedic|coroner|mp|aide|adviser|"
    "advisor|administrator|curator|editor|presenter|commentator|smuggler|trafficker|sailor"
)

ORIGIN_ASKED = (
    r"(?:(?:what|which)\s+(?:country|nation)\b[^?;]*\bfrom\W*$|"
    r"where\s+(?:is|are|was|were)\b[^?;]*\bfrom\W*$|where\b[^?;]*\b(?:come|comes|came|hail|hails)\s+"
    r"from\W*$|from\s+(?:what|which)\s+(?:country|nation)\b)"
)
""""Which country is the trainee from?", "Where is the singer from?", "From which country did he
come?", "Where does the singer come from?"; not "where did the ship sail from"."""

PLACE_NOUNS = (
    "city|country|place|state|region|town|location|continent|province|county|village|island|"
    "river|mountain|capital|nation|district|venue|stadium|border|territory|port|street|"
    "neighborhood|neighbourhood|sea|ocean|lake|valley|airport|building|road|route|harbour|harbor|"
    "bridge|terminal|pad|tunnel|hospital|prison|park|highway|motorway|beach|coast|"
    "peninsula|strait|bay|canal|area"
)

ORGANIZATION_NOUNS = (
    "company|organization|organisation|agency|team|club|university|college|school|newspaper|"
    "bank|firm|band|union|institution|network|channel|airline|court|ministry|department|"
    "council|committee|corporation|group|lender|regulator|insurer|brokerage|foundation|charity|"
    "watchdog|institute|utility|contractor|supplier|operator|manufacturer|carmaker|"
    "automaker|retailer|publisher|broker|consortium|association|federation"
)

BODY_ASKED = (
    r"which\s+(?:(?!dead|human|celestial|heavenly)\w+\s+){0,2}bod(?:y|ies)\b(?!\s+(?:of|parts?|"
    r"armou?r|cameras?|counts?|weight|temperature|language|mass|was|were)\b)|"
    r"what(?:'s|’s|\s+(?:is|are|was|were))?\s+(?:the\s+)?(?:\w+\s+)?(?:governing|public|executive|"
    r"judicial|legislative|scientific|regulatory|advisory|official)\s+bod(?:y|ies)\b"
)
"""A body that is an organisation: "which body runs the satellites?", "what's the governing
body of football?"; not "which body part", "which body of water", "which body was found",
"which celestial body"."""

NATIONALITY_NOUNS = "nationality|nationalities|ethnicity|citizenship"

GROUP_NOUNS = "religion|faith|party|tribe|ethnic group"

LANGUAGE_NOUNS = "language|languages|tongue"

PHRASE_HEADS = "toll"
"""Nouns that say a type only in a phrase: a "death toll" is a count; "the toll on the bridge"
asks no type."""

TYPED_NOUNS = "|".join(
    [
        "age",
        DURATION_NOUNS,
        TIME_NOUNS,
        PERCENT_NOUNS,
        COUNT_NOUNS,
        MONEY_NOUNS,
        AMOUNT_NOUNS,
        LEVEL_NOUNS,
        MEASURE_NOUNS,
        NATIONALITY_NOUNS,
        PERSON_NOUNS,
        PLACE_NOUNS,
        GROUP_NOUNS,
        LANGUAGE_NOUNS,
        ORGANIZATION_NOUNS,
        PHRASE_HEADS,
    ]
)
"""Every noun that says what type of answer a "what" or "which" question asks."""

SPEAKING_AUXILIARY = r"(?:do|does|did|has|have|had|will|would)\s+\S"

STATEMENT_ASKED = (
    rf"what\s+{SPEAKING_AUXILIARY}[^?.,;]{{0,80}}?\s(?:{'|'.join(ASKING_SPEECH)})\b|"
    rf"how\s+{SPEAKING_AUXILIARY}[^?.,;]{{0,80}}?\s(?:{'|'.join(ASKING_DESCRIPTION)})\b"
)
""""What did the mayor tell residents about...", "How did a nurse on board describe...": the
answer is what someone said. A subject stands between the auxiliary and the verb, so "what is
said to be the largest" and "what was added" do not ask it; verbs that often ask for a thing
("write", "announce") or an act ("respond") are left out (qa.speech)."""


def _asks(wh_phrase: str) -> str:
    """`wh_phrase` where it asks: opening the question or a clause, or ending the question.
    "Prior to 2015, when did..." asks; "unrest can occur when people..." does not."""
    return rf"{CLAUSE_START}(?:{wh_phrase})|\b(?:{wh_phrase})\W*$"


class HeadedPattern(str):
    """A pattern whose match is a question only if the noun heading its words (`_head`) is one
    of `heads`."""

    heads: frozenset[str]

    def __new__(cls, pattern: str, heads: frozenset[str]) -> "HeadedPattern":
        made = super().__new__(cls, pattern)
        made.heads = heads
        return made


class FirstAsked(str):
    """A pattern whose match is a question only if no other wh-word comes before it: "when"
    opens a clause in "What was he charged with when he was arrested?", which asks what."""


WH_WORD = re.compile(
    r"\b(?:what|which|who|whom|whose|where|how|why)\b(?!\s+(?:and|or)\s+when\b|,\s+when\s+(?:and|or)\b)"
)
"""A wh-word that asks before a later one; not one joined to it ("Where and when...", "Who,
when and where...")."""


def _asks_for(nouns: str) -> HeadedPattern:
    """`what`/`which` and the words after it ("which Nobel prize winner", "what is the
    population", "what is the name of the Belgian man"), headed by one of `nouns`; not "what did
    the minister say", where the noun is the subject."""
    pattern = _asks(
        rf"(?:what|which)\s+(?:(?:is|was|are|were)\s+)?(?:(?:the|a|an)\s+)?"
        rf"((?:{NAME_OF})?(?:(?!{AUXILIARY})[\w'’-]+\s*){{1,4}})"
    )
    return HeadedPattern(pattern, word_forms(nouns))


TYPED_WORDS = word_forms(TYPED_NOUNS)
"""TYPED_NOUNS and their plurals."""

TYPED_PHRASES = frozenset(words for words in TYPED_WORDS if " " in words)
"""Those of more than one word ("ethnic group"), which a `_head` reads whole."""

PAST_FORMS = frozenset(
    ["made", "drove", "led", "took", "gave", "brought", "sent", "left", "won", "hit", "saw"]
    + ["became", "began", "kept", "put", "set", "went", "got", "held", "built", "cut"]
)
"""Past forms without "-ed". Right after "what", a verb before an article or a preposition
makes "what" its subject ("what made the park famous", "what happened to the victim"), which
asks no type; "which retired judge" does ask one."""
PAST_WORDS = PAST_FORMS | {"said", "told", "paid", "sold", "found", "met", "fell", "rose", "lost"}
"""Past forms and participles without "-ed" (PAST_FORMS and more of news's verbs)."""


def is_past_form(word: str) -> bool:
    """Whether a folded word looks like a past form or participle: "approved", "took"."""
    return word in PAST_WORDS or (word.endswith("ed") and len(word) > 4)


AFTER_VERB = frozenset(["the", "a", "an", "to", "his", "her", "its", "their", "this", "by", "in"])

KIND_WORDS = frozenset(["kind", "kinds", "type", "types", "sort", "sorts", "form", "forms"])
"""Words that, before "of", ask a kind and not the thing: "what kind of dam"."""

SEE_THROUGH_WORDS = frozenset(
    ["name", "names", "example", "examples", "part", "parts", "amount", "amounts", "quantity"]
    + ["one", "ones", "pair", "couple", "chain", "set", "majority", "rest", "body", "portion"]
)
"""Words before "of" that ask the thing after it: "what is the name of the stadium" asks a place,
"what amount of money" a sum; "what property of numbers" asks a property, not a number, and
"what is the goal of Islamist groups" a goal."""

NAME_OF = r"(?:(?:first|last|full|given)\s+)?names?\s+of\s+(?:(?:the|a|an)\s+)?"
"""Words before the words read for a head, not counted among them: "what is the name of"."""

HEAD_ENDING_WORDS = frozenset(
    ["for", "in", "on", "at", "to", "from", "with", "about", "that", "who", "which", "whose"]
)
"""Words that end the phrase a head is read in: "what were the conditions for miners" asks
conditions, not miners; "the name of the supposition that any number..." no number."""

JOINING_WORDS = frozenset(["and", "or"])

POSSESSIVE_ENDINGS = ("'s", "’s", "'", "’")


def _head(words: list[str], right_after_wh: bool) -> str | None:
    """The noun heading the words after "what"/"which" that says a type, if one does: the first
    such noun ("which company built the bridge" asks a company), unless a compound or a
    pair goes on ("which team member", "what sales team", "what month and year"); right after
    "which" a possessive ("which country's exports" asks a country), after an article not ("the
    stadium's price tag"). None after "kind of" or a verb ("what caused the loss")."""
    if not words:
        return None
    words = _typed_pairs_joined(words)
    verb_first = words[0].endswith("ed") or words[0] in PAST_FORMS
    if right_after_wh and verb_first and len(words) > 1 and words[1] in AFTER_VERB:
        return None
    for number, word in enumerate(words):
        after = words[number + 1 : number + 3]
        if word in KIND_WORDS and after[:1] == ["of"]:
            return None
        if number > 0 and (
            word in HEAD_ENDING_WORDS
            or (word == "of" and words[number - 1] not in SEE_THROUGH_WORDS)
        ):
            return None
        bare = word.removesuffix("'s").removesuffix("’s").rstrip("'’")
        if word.endswith(POSSESSIVE_ENDINGS):
            if number == 0 and right_after_wh and bare in TYPED_WORDS:
                return bare
            continue
        if word not in TYPED_WORDS:
            continue
        goes_on = bool(after) and (
            after[0] in TYPED_WORDS
            or (after[0] in JOINING_WORDS and len(after) > 1 and after[1] in TYPED_WORDS)
        )
        if not goes_on:
            phrase = next((p for p in _phrases_ending(words, number) if p in TYPED_PHRASES), None)
            return phrase or word
    return None


def _typed_pairs_joined(words: list[str]) -> list[str]:
    """`words` with each typed phrase of two whose last word alone says no type read as one
    word: "prison term" asks how long, though "prison" alone asks where."""
    joined: list[str] = []
    for word in words:
        pair = f"{joined[-1]} {word}" if joined else ""
        if pair in TYPED_PHRASES and word not in TYPED_WORDS:
            joined[-1] = pair
        else:
            joined.append(word)
    return joined


def _phrases_ending(words: list[str], number: int) -> list[str]:
    """The two- and three-word phrases of `words` ending at `number`: "ethnic group"."""
    return [" ".join(words[start : number + 1]) for start in (number - 1, number - 2) if start >= 0]


QUESTION_PATTERNS: tuple[tuple[AnswerType, str], ...] = (
    # First: "what did she say about how long it went unnoticed" asks what she said.
    (AnswerType.STATEMENT, _asks(STATEMENT_ASKED)),
    # "How many weeks will the inquiry sit?" asks a duration, which NER tags as a date ("14
    # weeks"): counted, it would be answered by another number ("around 90 witnesses").
    (
        AnswerType.DURATION,
        _asks(rf"how many\s+(?:more\s+|full\s+|consecutive\s+)?(?:{TIME_UNITS})\b"),
    ),
    (AnswerType.COUNT, _asks(r"how many\b")),
    (AnswerType.AMOUNT, _asks(CHANGED_THING)),
    (AnswerType.MONEY, _asks(MONEY_ASKED)),
    (AnswerType.MONEY, _asks(MONEY_ASKED_BY_WHAT)),
    (AnswerType.MONEY, _asks(FETCHED_ASKED)),
    (AnswerType.AMOUNT, _asks(r"how much\b")),
    (AnswerType.DURATION, _asks(r"how long\b")),
    (AnswerType.AGE, _asks(r"how old\b|at what age\b")),
    (AnswerType.AMOUNT, _asks(FELL_HOW_FAR)),
    (AnswerType.MEASURE, _asks(r"how (?:far|big|large|tall|high|deep|wide|heavy|fast)\b")),
    (AnswerType.FREQUENCY, _asks(r"how (?:often|frequently)\b")),
    (AnswerType.CLOCK, _asks(rf"what\s+time\s+(?:of\s+(?:the\s+)?day\b|{AUXILIARY})")),
    # "What was he charged with when he was arrested?" asks what: "when" opens a clause there.
    (AnswerType.DATE, FirstAsked(_asks(r"when\b"))),
    (AnswerType.DAY, _asks(r"(?:what|which)\s+(?:(?:is|was)\s+the\s+)?(?:date|day)\b(?!-)")),
    (AnswerType.YEAR, _asks(r"(?:what|which)\s+(?:(?:is|was)\s+the\s+)?year\b(?!-)")),
    (AnswerType.MEASURE, _asks(SIZE_ASKED)),
    (AnswerType.AGE, _asks_for("age")),
    (AnswerType.DURATION, _asks_for(DURATION_NOUNS)),
    (AnswerType.DATE, _asks_for(TIME_NOUNS)),
    (AnswerType.PERCENT, _asks_for(PERCENT_NOUNS)),
    (AnswerType.PERCENT, _asks(STAKE_ASKED)),
    (AnswerType.COUNT, _asks_for(COUNT_NOUNS)),
    (AnswerType.MONEY, _asks_for(MONEY_NOUNS)),
    (AnswerType.AMOUNT, _asks_for(AMOUNT_NOUNS)),
    (AnswerType.AMOUNT, _asks_for(LEVEL_NOUNS)),
    (AnswerType.MEASURE, _asks_for(MEASURE_NOUNS)),
    (AnswerType.NATIONALITY, _asks_for(NATIONALITY_NOUNS)),
    (AnswerType.PERSON, _asks(r"who(?:m|se)?\b")),
    (AnswerType.PERSON, _asks_for(PERSON_NOUNS)),
    (AnswerType.ORIGIN, _asks(ORIGIN_ASKED)),
    (AnswerType.PLACE, _asks(r"where\b")),
    (AnswerType.PLACE, _asks_for(PLACE_NOUNS)),
    (AnswerType.GROUP, _asks_for(GROUP_NOUNS)),
    (AnswerType.LANGUAGE, _asks_for(LANGUAGE_NOUNS)),
    (AnswerType.ORGANIZATION, _asks_for(ORGANIZATION_NOUNS)),
    (AnswerType.ORGANIZATION, _asks(BODY_ASKED)),
)
"""Tried in order; each is compiled when a question first reaches it (`_compiled`): compiling
them all costs a one-shot question about ten milliseconds, and most questions stop early."""


class AskedKind(NamedTuple):
    """What a question asks for: the type of its answer, and the noun naming that kind of
    thing ("town" of "in which town", "minister" of "which government minister"), or "" where
    a wh-word alone says it ("who", "how many")."""

    answer_type: AnswerType
    noun: str


BARE_PHRASE = re.compile(
    r"^\s*(?:the\s+)?((?!(?:what|which|who|whom|whose|where|when|why|how|is|are|was|were|do|does|"
    r"did|can|could|will|would|shall|should|has|have|had|may|might|must|list|tell|give|find|show|"
    r"describe|explain|name\b(?!\s+of))\b)[a-z][\w'’-]*\b.*)",
    re.S,
)
"""A question written as a noun phrase, opening with no wh-word, verb or command. It asks what
"what is the..." would if a noun and "of" open it ("name of varenia's energy minister", "age
of the grower who lost his harvest", BARE_OF), or if a noun asking a value does ("fine imposed
on Dobry Koszyk", "death toll when the ship sank", BARE_LINKS); not if it names a topic
("police officers killed in the attack", "price war between supermarkets")."""

BARE_OF = re.compile(r"(?:[a-z][\w-]*\s+){1,3}of\b")
BARE_LINKS = frozenset(
    ["of", "per", "for", "in", "at", "on", "to", "by", "from", "after", "before", "since", "when"]
    + ["the", "a", "an", "his", "her", "its", "their", "paid"]
)
"""Words after a bare phrase's value noun that make it the thing asked ("fine imposed on",
"price paid for", "year the bridge opened", "death toll when"), where another noun makes it a
topic ("price war", "budget cuts announced", "bail hearing")."""

INTERROGATIVE = re.compile(
    r"\b(?:what|how|why)\b|(?<!,\s)\bwhich\b|"
    r"(?:^|[,;:]\s*|\b(?:and|or|by|in|of|for|from|with|to|at|on)\s+)(?:who|whom|whose|where|when)\b"
)
"""A wh-word that asks, in a question that does not open with it ("The university was a founding
force behind what conference?"); not a relative pronoun ("the grower who lost his harvest",
"the pensioner whose goats were killed")."""

TITLE_CASE = re.compile(
    r"\s(?:The|Of|Is|Was|Are|Were|Did|Does|Do|Has|Have|In|On|At|To|For|And|A|An|By|With)\s"
)
"""A word only a title capitalises inside a question; names seldom hold one ("Bank of
England" does, but with a lowercase "of")."""
NAME_RUN = re.compile(r"(?<=\s)[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)+")
"""Two or more capitalised words after the first word: a name, which the words read for a
question's head count as one, its last ("the former Dobry Koszyk purchasing director", "which
Goldman Sachs CEO")."""


def asked_kind(question: str) -> AskedKind:
    """The kind of phrase that would answer `question`, from its wh-words and nouns; a bare
    noun phrase (BARE_PHRASE) as "what is the" before it would."""
    folded = fold(_names_as_one_word(question))
    kind = _asked_kind(folded)
    bare = BARE_PHRASE.match(folded)
    if kind.answer_type is not AnswerType.OTHER or not bare or INTERROGATIVE.search(folded):
        return kind
    phrase = bare[1]
    as_asked = _asked_kind(f"what is the {phrase}")
    words = phrase.split()
    noun = as_asked.noun.split() or words[:1]
    goes_on = words[len(noun) : len(noun) + 1]
    if BARE_OF.match(phrase) or (
        as_asked.answer_type in VALUE_TYPES
        and words[: len(noun)] == noun
        and noun[-1] in TYPED_WORDS
        and (not goes_on or goes_on[0] in BARE_LINKS or is_past_form(goes_on[0]))
    ):
        return as_asked
    return kind


def _names_as_one_word(question: str) -> str:
    """`question` with each name of several words (NAME_RUN) written as its last, unless it is
    written in title case ("What Is The Population Of Lyon?", TITLE_CASE), when no run is a
    name."""
    if TITLE_CASE.search(question) or question.isupper():
        return question
    return NAME_RUN.sub(lambda name: name[0].split()[-1], question)


def _asked_kind(folded: str) -> AskedKind:
    for answer_type, pattern in QUESTION_PATTERNS:
        heads = pattern.heads if isinstance(pattern, HeadedPattern) else None
        found = _compiled(pattern).finditer(folded)
        if isinstance(pattern, FirstAsked):
            found = (m for m in found if _is_first_asked(folded, m))
        for match in found:
            if heads is None:
                return AskedKind(answer_type, "")
            head = _heads_with(folded, match)
            if head is not None and head in heads:
                return AskedKind(answer_type, head)
    return AskedKind(AnswerType.OTHER, "")


def expected_type(question: str) -> AnswerType:
    """The type of phrase that would answer `question` (asked_kind)."""
    return asked_kind(question).answer_type


AUXILIARY_NEXT = re.compile(rf"\s*{AUXILIARY}")

JOINED_BEFORE = re.compile(r"\b(?:and|or)\s+$")
"""Before a wh-word joined to the one asked: "Who, when and where?" asks when."""


def _is_first_asked(text: str, match: re.Match[str]) -> bool:
    """Whether `match` asks the question: an auxiliary follows it ("In the war which ended in
    1918, when did the US join?"), where a clause's "when" has its subject ("...charged with
    when he was arrested"), or it ends the question ("The bridge which collapsed was built
    when?"), or no wh-word (WH_WORD) comes before it nor opens or ends the last clause after it
    ("When John Fox left, who replaced him?", "When a T cell finds them, it releases what?" and
    "When it buckles it creates what?" ask what; "When, in the war which ended in 1918, did
    the US join?", "When the war, which started in 1914, ended?" and "Who, when and where?" ask
    when)."""
    after = text[match.end() :]
    if AUXILIARY_NEXT.match(after) is not None or not after.strip(" ?!."):
        return True
    asked_before = any(wh.start() < match.start() for wh in WH_WORD.finditer(text))
    last_clause = after[after.rfind(",") + 1 :].strip(" ?!.")
    asked_after = any(
        wh.start() == 0
        or (wh.end() == len(last_clause) and not JOINED_BEFORE.search(last_clause[: wh.start()]))
        for wh in WH_WORD.finditer(last_clause)
    )
    return not (asked_before or asked_after)


def _heads_with(text: str, match: re.Match[str]) -> str | None:
    """The noun heading the words a `_asks_for` pattern matched (`_head`)."""
    group = 1 if match.group(1) is not None else 2
    right_after_wh = text[: match.start(group)].rstrip().endswith(("what", "which"))
    return _head(match[group].split(), right_after_wh)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)

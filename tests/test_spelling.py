import asyncio
import json
from pathlib import Path

import pytest

from qa.cli import main
from qa.embed import Encoder
from qa.models import Correction, Entity
from qa.question import Question, analyse_question
from qa.search import Searcher
from qa.settings import Settings
from qa.spelling import corpus_names, corrected, read_as_note
from qa.store import load_index
from qa.terms import TermAnalyzer
from qa.tui.app import make_app
from qa.tui.citation import Exchange, conversation_markdown
from qa.variants import NameVariants
from tests.chat_helpers import ask, cards, isolate, plain
from tests.conftest import indexed, one_article, one_sentence, write_corpus

ARTICLES = {
    "court.txt": (
        "Court rules on language test for teachers\n\n"
        "In Groener v Minister for Education the Court of Justice accepted that a requirement "
        "to speak Irish to teach in a Dublin college could be justified. The ruling applies the "
        "Treaty on the Functioning of the European Union (TFEU).\n\n"
        "The college thanked the banks for their support. The Ostravian minister was not "
        "there.\n\n"
        "The Eastern Steel Association paid for the test. The Eastern Steel Association backed "
        "the college.\n"
    ),
    "space.txt": (
        "Station crew returns home\n\n"
        "The astronauts spent 186 days aboard the station. Grover Lane, the flight director, "
        "said the crew was in good health.\n\n"
        "Grover Lane thanked the ground teams. Grover Lane will retire next year. The European "
        "Space Agency sent the crew a message.\n\n"
        "Minister Modi and the McDonald family welcomed the crew in Zürich.\n"
    ),
    "rail.txt": (
        "Flooded rail bridge to reopen\n\n"
        "Northern Rail Authority Director General Jan Varek said the bridge would reopen in "
        "May. Eleven NGOs sent trucks to the valley after the flood.\n"
    ),
    "ferry.txt": (
        "Harbour ferries return\n\n"
        "The Western Ferry Company said its new boats would carry 312 passengers each. The "
        "boats were built in a yard up the coast.\n\n"
        "The harbour reopened in June. Tickets went on sale on Monday.\n\n"
        "The company, known as the WFC since the Western Ferry Company merger, expects more "
        "crossings.\n"
    ),
    "trade.txt": (
        "Car makers brace for tariffs\n\n"
        "Car makers said on Monday that their sales had slowed over the winter.\n\n"
        "Dealers in the north said buyers were waiting for the spring models.\n\n"
        "Later, the US trade envoy met Ulrich Schmidt, the economy minister, in Berlin.\n\n"
        "The talks ran late into the evening.\n\n"
        "Ulrich Schmidt said on Thursday that car exports could fall by 8 percent this year.\n"
    ),
    "budget.txt": (
        "Budget talks drag on\n\n"
        "Finance minister Carla Hunt said the budget would balance by 2027.\n\n"
        "The hunt for savings goes on in every ministry.\n"
    ),
    "mill.txt": (
        "Mill town remembers its founder\n\n"
        "The mill opened after World War II and closed in 1983. Its founder, Ada Pell, had "
        "served as a nurse in World War I.\n\n"
        "The Phase III trial of its new loom ended in May. A Phase 3 trial of its dryer found it "
        "cut costs by 40 percent.\n"
    ),
}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Settings:
    root = tmp_path_factory.mktemp("spelling")
    write_corpus(root / "corpus", ARTICLES)
    return indexed(root, encoder)


@pytest.fixture(scope="module")
def searcher(settings: Settings, encoder: Encoder) -> Searcher:
    return Searcher(load_index(settings.index), encoder)


def readings(text: str, searcher: Searcher) -> list[tuple[str, str]]:
    return [(c.asked, c.read_as) for c in corrected(text, searcher.spelling)[1]]


def features_of(searcher: Searcher, question: Question, words: str) -> dict[str, float]:
    """The feature values of the candidate sentence holding `words`."""
    texts = [s.text for s in searcher.stored.sentences]
    return next(
        c.feature_values
        for c in searcher.candidates(question).candidates
        if words in texts[c.sentence_id]
    )


def test_a_misspelt_word_is_read_as_the_corpus_word_one_edit_away(searcher: Searcher) -> None:
    text, corrections = corrected("Who directs flights from the statoin?", searcher.spelling)
    assert text == "Who directs flights from the station?"
    assert corrections == (Correction(asked="statoin", read_as="station"),)


def test_the_reading_keeps_the_case_written(searcher: Searcher) -> None:
    assert readings("What does the TEFU stand for?", searcher) == [("TEFU", "TFEU")]
    assert readings("Which Statoin crew returned?", searcher) == [("Statoin", "Station")]


def test_a_long_word_may_be_two_edits_away_keeping_its_first_letter(searcher: Searcher) -> None:
    assert readings("How long were the astronaughts away?", searcher) == [
        ("astronaughts", "astronauts")
    ]
    # Two edits, one of them the first letter: too far to be read as "astronauts".
    assert readings("How long were the estronautss away?", searcher) == []
    # Two edits in a word shorter than LONG_WORD letters: not read either.
    assert readings("How long were the crrews away?", searcher) == []


def test_an_english_word_the_corpus_lacks_is_not_read_as_another(searcher: Searcher) -> None:
    # "banks" and "thanked" are one edit from "tanks", but "tanks" is a word of its own: the
    # corpus does not have it, and qa must still say so.
    assert readings("How many tanks did the college buy?", searcher) == []
    result = searcher.ask("How many tanks did the college buy?")
    assert result.abstained and result.corrections == []


def test_short_words_and_known_words_are_left_alone(searcher: Searcher) -> None:
    assert readings("Who led the crw of the station?", searcher) == []
    assert readings("Who is Grover Lane?", searcher) == []


def test_a_place_is_not_read_as_its_people(searcher: Searcher) -> None:
    # "Ostravia" is one letter from "Ostravian", but names the country, not a misspelling.
    assert readings("Who is Ostravia's minister?", searcher) == []


def test_of_close_words_the_one_beside_the_question_s_other_words_wins(searcher: Searcher) -> None:
    # "Grover" is one edit from "Groner" too, and in more sentences; "Groener" shares a
    # paragraph with the minister and the education the question names.
    question = "What did the Court of Justice accept in Groner v Minister for Education?"
    assert readings(question, searcher) == [("Groner", "Groener")]


def test_a_misspelt_name_is_answered_and_reported(searcher: Searcher) -> None:
    result = searcher.ask("Which language did Groner v Minister for Education concern?")
    assert not result.abstained
    assert result.question == "Which language did Groner v Minister for Education concern?"
    assert result.corrections == [Correction(asked="Groner", read_as="Groener")]
    assert "Irish" in result.answers[0].text


def test_without_the_reading_the_name_asked_is_unknown(searcher: Searcher) -> None:
    # The reading is what answers: as misspelt, the name is one the corpus never mentions.
    text = "Which language did Groner v Minister for Education concern?"
    unread = analyse_question(text, searcher.analyzer, searcher.encoder.encode_query(text))
    assert searcher.candidates(unread).unknown_asked == 1.0


def test_json_and_plain_output_report_the_reading(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    common = ["--corpus", str(settings.corpus), "--index", str(settings.index)]
    code = main([*common, "--ask", "How many days did the astronaughts spend aboard?", "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 0
    assert payload["question"] == "How many days did the astronaughts spend aboard?"
    assert payload["corrections"] == [{"asked": "astronaughts", "read_as": "astronauts"}]
    assert "186 days" in payload["answers"][0]["text"]
    main([*common, "--ask", "How many days did the astronaughts spend aboard?"])
    assert "Read “astronaughts” as “astronauts”." in capsys.readouterr().out
    main([*common, "--ask", "Who directs the flights?", "--json"])
    assert json.loads(capsys.readouterr().out)["corrections"] == []


def test_the_conversation_export_notes_the_reading(searcher: Searcher) -> None:
    result = searcher.ask("How many days did the astronaughts spend aboard?")
    markdown = conversation_markdown([Exchange(question=result.question, result=result)])
    assert "_Read “astronaughts” as “astronauts”._" in markdown


def test_an_index_lists_its_words(settings: Settings) -> None:
    words = list(load_index(settings.index).lexical.words)
    assert "astronauts" in words and "groener" in words
    assert words == sorted(words)
    assert not any(len(w) < 4 or not w.isalpha() for w in words)


def test_the_chat_shows_the_reading_above_the_answers(
    settings: Settings, searcher: Searcher, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    isolate(monkeypatch, tmp_path)

    async def run() -> tuple[str, int]:
        app = make_app(settings, searcher)
        async with app.run_test(size=(120, 40)) as pilot:
            turn = await ask(app, pilot, "How many days did the astronaughts spend aboard?")
            return plain(turn.query_one(".read-as")), len(cards(turn))

    note, shown = asyncio.run(run())
    assert note == "Read “astronaughts” as “astronauts”."
    assert shown > 0


def test_an_acronym_the_corpus_never_writes_is_read_as_the_name_it_spells(
    searcher: Searcher,
) -> None:
    # The Eastern Steel Association is written more often, but the European Space Agency is
    # the one beside the crew the question asks about.
    result = searcher.ask("What did the ESA send the crew?")
    assert result.corrections == [Correction(asked="ESA", read_as="European Space Agency")]
    assert not result.abstained and "European Space Agency" in result.answers[0].text
    assert readings("Who paid for the ESA test at the college?", searcher) == [
        ("ESA", "Eastern Steel Association")
    ]


def test_an_acronym_the_corpus_writes_is_left_alone(searcher: Searcher) -> None:
    assert readings("Which treaty is the TFEU?", searcher) == []


def test_the_reading_is_the_corpus_s_spelling(searcher: Searcher) -> None:
    assert readings("Which family is the McDonlad family?", searcher) == [("McDonlad", "McDonald")]
    assert readings("Who welcomed the crew in zurcih?", searcher) == [("zurcih", "Zürich")]


def test_a_short_name_one_changed_letter_away_is_another_person(searcher: Searcher) -> None:
    # "Mori" is not in the dictionary, and "Modi" is one letter away: but short names one
    # changed letter apart are often two people, and the corpus never mentions a Mori.
    assert readings("What did Mori say to the crew?", searcher) == []
    assert readings("what did mori say to the crew?", searcher) == []
    result = searcher.ask("What did Mori say to the crew?")
    assert result.abstained and result.corrections == []
    # A dropped letter is read: "Mdi" is too short, but "Groenr" is "Groener".
    assert readings("Who is Groenr?", searcher) == [("Groenr", "Groener")]


def test_a_question_of_unknown_words_only_is_abstained_on(searcher: Searcher) -> None:
    result = searcher.ask("Qwxz plorfs vintrable?")
    assert result.abstained and result.corrections == []


def test_words_outside_the_latin_script_are_not_read(searcher: Searcher) -> None:
    assert readings("Где Цюрих?", searcher) == []


def test_a_word_written_twice_is_noted_once(searcher: Searcher) -> None:
    result = searcher.ask("Did the astronaughts and the astronaughts return?")
    assert [c.asked for c in result.corrections] == ["astronaughts", "astronaughts"]
    assert read_as_note(result.corrections) == "Read “astronaughts” as “astronauts”."


def test_capitals_in_a_row_that_name_nothing_are_not_an_acronym_s_reading(
    searcher: Searcher,
) -> None:
    # "Grover Lane" has the initials GL but shares no paragraph with the question's words.
    assert readings("Which language did the GL require of teachers?", searcher) == []


def test_an_acronym_may_stand_for_a_name_inside_a_longer_run_of_capitals(
    searcher: Searcher,
) -> None:
    # The capitalised words run on into the title and the name; the NER model finds the
    # authority among them.
    assert readings("When will the NRA director general reopen the bridge?", searcher) == [
        ("NRA", "Northern Rail Authority")
    ]


def test_a_name_numbered_in_digits_is_read_as_the_corpus_numbers_it(searcher: Searcher) -> None:
    """ "World War 1" is the corpus's "World War I": its "1" would be a term no sentence has."""
    assert readings("Who served as a nurse in World War 1?", searcher) == [
        ("World War 1", "World War I")
    ]
    assert readings("When did the mill open after World War 2?", searcher) == [
        ("World War 2", "World War II")
    ]
    assert readings("who served as a nurse in world war 1?", searcher) == [
        ("world war 1", "World War I")
    ]
    result = searcher.ask("Who served as a nurse in World War 1?")
    assert not result.abstained and "Ada Pell" in result.answers[0].text
    # A corpus writing the digits too may mean another thing by them.
    assert readings("What did the Phase 3 trial find?", searcher) == []
    # Numbers the corpus never writes as a name's numeral stay numbers.
    assert readings("What happened in World War 3?", searcher) == []
    assert readings("Did the mill close on March 3?", searcher) == []


def test_a_name_s_initials_keep_its_roman_numeral_whole() -> None:
    keys, _, _ = corpus_names([one_sentence("Pope Pius XII met Louis Vance.", (), 0)])
    assert "PPXII\tPope Pius XII" in keys.tolist()
    assert "PPXIIMLV\tPope Pius XII" not in keys.tolist()


def test_an_acronym_s_plural_is_the_acronym() -> None:
    analyzer = TermAnalyzer(NameVariants({}), {})
    assert analyzer.terms("Eleven NGOs came") == analyzer.terms("eleven NGO came")
    # A headline's capitals keep their last letter.
    assert analyzer.terms("BRIDGE NEWS") == ["bridg", "news"]


def test_a_question_about_an_acronym_s_plural_finds_it(searcher: Searcher) -> None:
    # The corpus writes "NGOs" only; a question about "the NGO" reads nothing and finds them.
    assert readings("How many NGO sent trucks to the valley?", searcher) == []
    result = searcher.ask("How many NGO sent trucks to the valley?")
    assert "Eleven NGOs" in result.answers[0].text


def test_a_mistyped_wh_word_opening_the_question_is_read_as_it(searcher: Searcher) -> None:
    assert readings("Whta did the flight director say about the crew?", searcher) == [
        ("Whta", "What")
    ]
    result = searcher.ask("Whwn will the bridge reopen?")
    assert result.corrections == [Correction(asked="Whwn", read_as="When")]
    assert not result.abstained and "reopen in May" in result.answers[0].text
    # "which", not "with": only a wh-word is read so.
    assert readings("Wich crew returned home?", searcher) == [("Wich", "Which")]
    # Inside the question, a lowercase word starting "wh" may be one too.
    assert readings("In whcih month will the bridge reopen?", searcher) == [("whcih", "which")]


def test_a_word_like_a_function_word_is_a_name_and_left_alone(searcher: Searcher) -> None:
    # One edit from "under", "their" and "about"; reading them would drop the name asked about.
    assert readings("what did unger say about the crew?", searcher) == []
    assert readings("Thiers said what about the crew?", searcher) == []
    assert readings("Did Abot thank the ground teams?", searcher) == []
    result = searcher.ask("what did unger say about the crew?")
    assert result.corrections == []


def test_a_word_one_edit_from_two_wh_words_is_not_read(searcher: Searcher) -> None:
    # "when" or "whom"?
    assert readings("Whem did the crew return home?", searcher) == []


def test_words_typed_together_are_read_apart(searcher: Searcher) -> None:
    assert readings("Whatare the astronauts doing?", searcher) == [("Whatare", "What are")]
    assert readings("Howmany days did the crew spend aboard?", searcher) == [
        ("Howmany", "How many")
    ]
    # Only a wh-word and the verb after it, opening the question: names part too easily
    # ("Underhill", "Asher", "Howat", "Whatmore"), and "Whatre" is no verb.
    assert readings("When did thecrew return?", searcher) == []
    for name in ("Asher", "Howat", "Whatmore", "Underhill", "Whatre"):
        assert readings(f"{name} said what about the crew?", searcher) == []


def test_an_acronym_s_plural_in_capitals_is_read_as_the_plural(searcher: Searcher) -> None:
    result = searcher.ask("HOW MANY NGOS SENT TRUCKS TO THE VALLEY?")
    assert result.corrections == [Correction(asked="NGOS", read_as="NGOs")]
    assert "Eleven NGOs" in result.answers[0].text
    # Only in a question typed in capitals: elsewhere "NGOS" may be an acronym of its own.
    assert readings("Which trucks did the NGOS send?", searcher) == []


def test_the_build_lists_acronym_definitions_and_no_person_s_initials() -> None:
    keys, counts, definitions = corpus_names(
        [
            one_sentence(
                "Ministers of the European Union (EU) met Ulrich Schmidt.",
                [Entity(start=17, end=31, label="ORG"), Entity(start=41, end=55, label="PERSON")],
                0,
            ),
            one_sentence("The EU (the European Union) and the European Union again.", (), 0),
            one_sentence("The European Union met.", (), 0),
        ]
    )
    rows = dict(
        zip(keys.tolist(), zip(counts.tolist(), definitions.tolist(), strict=True), strict=True)
    )
    assert rows["EU\tEuropean Union"] == (3, 2)
    assert not any(key.startswith("US\t") for key in rows)


def test_a_sentence_spelling_out_an_acronym_names_it(searcher: Searcher) -> None:
    # The corpus writes "WFC" beside the name it stands for; the sentence that answers says
    # only "Western Ferry Company", and neither its neighbours nor the story's lead say "WFC".
    question = searcher.analyse("How many passengers will the WFC boats carry?")
    assert question.corrections == ()
    answer = features_of(searcher, question, "312 passengers")
    assert answer["entity_match"] == 1 and answer["entity_missing"] == 0
    assert answer["missing_rare"] < 1
    result = searcher.ask("How many passengers will the WFC boats carry?")
    assert "312 passengers" in result.answers[0].text


@pytest.fixture(scope="module")
def envoy(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Searcher:
    return one_article(
        tmp_path_factory,
        encoder,
        "envoy.txt",
        (
            "Trade talks resume in Berlin\n\n"
            "The United States and Canada resumed trade talks on Monday.\n\n"
            "Later, the US trade envoy met Ulrich Schmidt, the economy minister, in Berlin.\n\n"
            "Tom Voss, a local official, spoke on Monday.\n\n"
            "Viewers watched the talks on TV at home.\n"
        ),
    )


def test_a_sentence_giving_a_name_s_acronym_names_it(envoy: Searcher) -> None:
    question = envoy.analyse("Whom did the United States trade envoy meet in Berlin?")
    met = features_of(envoy, question, "the US trade envoy")
    assert met["entity_match"] == 1 and met["entity_missing"] == 0
    assert met["missing_rare"] == 0
    result = envoy.ask("Whom did the United States trade envoy meet in Berlin?")
    assert "the US trade envoy" in result.answers[0].text


def test_a_person_s_initials_are_no_acronym_of_their_name(envoy: Searcher) -> None:
    # "TV" has Tom Voss's initials, and the corpus writes both.
    question = envoy.analyse("When did Tom Voss watch the talks?")
    assert features_of(envoy, question, "Tom Voss")["entity_match"] == 1
    assert features_of(envoy, question, "Viewers watched")["entity_match"] == 0


def test_a_person_s_initials_do_not_spell_out_an_acronym(searcher: Searcher) -> None:
    # "Ulrich Schmidt" shares a paragraph with "US", but a person is no acronym's name.
    question = searcher.analyse("How much did the US say car exports could fall?")
    schmidt = features_of(searcher, question, "car exports")
    assert schmidt["entity_missing"] == 1


@pytest.mark.parametrize(
    ("question", "names"),
    [
        # Written in lowercase in the corpus: capitalised only to open the question.
        ("Boats built where carry 312 passengers?", ()),
        ("Boats' crews said what?", ()),
        # Written only capitalised, or inside a name ("Carla Hunt"), or never.
        ("Grover said what about the crew?", ("Grover",)),
        ("Hunt said what about the budget?", ("Hunt",)),
        ("Varekson said what about the bridge?", ("Varekson",)),
        ("Obama said what about the bridge?", ("Obama",)),
        # A word the corpus never writes, opening a bare phrase, may as well be common.
        ("Valuation of the boats from Zürich?", ("Zürich",)),
        # The noun a bare phrase asks by is none; a surname opening a question is one.
        ("Fine imposed on boats from Zürich", ("Zürich",)),
        ("Price said what about the boats?", ("Price",)),
        # Other prepositions follow names: a headline's question.
        ("Varekson to buy which boats?", ("Varekson",)),
        # An acronym, and a singular possessive, are names however the corpus writes the word.
        ("US officials said what about car exports?", ("US",)),
        ("Crew's families said what?", ("Crew",)),
        # Not the opening word alone: a name of two words, and a name later on.
        ("Grover Lane said what?", ("Grover Lane",)),
        ("Boats from Zürich carry how many passengers?", ("Zürich",)),
    ],
)
def test_a_common_word_opening_the_question_names_nothing(
    searcher: Searcher, question: str, names: tuple[str, ...]
) -> None:
    assert searcher.analyse(question).entity_names == names


def test_a_sentence_without_the_opening_common_word_lacks_no_name(searcher: Searcher) -> None:
    question = searcher.analyse("Astronauts aside, how many passengers would the new boats carry?")
    unread = analyse_question(question.text, searcher.analyzer, question.vector)
    sentence = "would carry 312 passengers each"
    assert features_of(searcher, unread, sentence).get("entity_missing") == 1.0
    assert not features_of(searcher, question, sentence).get("entity_missing")


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Searcher:
    return one_article(
        tmp_path_factory,
        encoder,
        "board.txt",
        (
            "Mill names new board\n\n"
            "The former chief executive of Tarrow Mills, Anna Berg, 58, joined the board on "
            "Monday. Its finance director, Karl Dane, will leave in May.\n\n"
            "The prime minister met the board at 3 p.m. on Friday.\n"
        ),
    )


def test_a_title_s_acronym_is_read_as_the_title_the_corpus_writes_in_full(
    board: Searcher,
) -> None:
    """No name spells out "CEO": news writes the title in lowercase, and seldom "officer"."""
    result = board.ask("How old is the ex-CEO of Tarrow Mills?")
    assert result.corrections == [
        Correction(asked="ex", read_as="former"),
        Correction(asked="CEO", read_as="chief executive"),
    ]
    top = result.answers[0]
    assert not result.abstained and top.highlight is not None
    assert top.text[top.highlight[0] : top.highlight[1]] == "58"
    assert readings("Who is the CFO of Tarrow Mills?", board) == [("CFO", "finance director")]
    assert readings("How many CEOs has Tarrow Mills had?", board) == [("CEOs", "chief executives")]
    assert readings("Who is the PM?", board) == [("PM", "prime minister")]
    # Not a title the corpus never writes, nor a time of day.
    assert readings("Who is the CTO of Tarrow Mills?", board) == []
    assert readings("Who came at 3 PM on Friday?", board) == []

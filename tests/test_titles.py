"""What a sentence says a person is, read off its text (qa.titles)."""

import pytest

from qa.terms import TermAnalyzer
from qa.titles import title_owners, title_spans


def owners(text: str, name: str, lead: str = "", role: str = "") -> list[set[str]]:
    analyzer = TermAnalyzer.for_texts([text, lead], {})
    start = text.index(name)
    lead_terms = frozenset(t for _, _, t in analyzer.positioned_terms(lead) if t)
    found = title_owners(
        text,
        analyzer.positioned_terms(text),
        start,
        start + len(name),
        lead_terms,
        analyzer.terms(role),
    )
    return [set(owner) for owner in found]


@pytest.mark.parametrize(
    ("text", "name", "titles"),
    [
        (
            "He thanked Brenholt chief executive Ines Marlow.",
            "Ines Marlow",
            ["Brenholt chief executive"],
        ),
        (
            "Ola Fenn, head of quality at Tarrow Mills, said so.",
            "Ola Fenn",
            ["head of quality at Tarrow Mills"],
        ),
        ("Ida Roth, Brannock's founder, will stay.", "Ida Roth", ["Brannock's founder"]),
        (
            "Brannock's founder and chief executive, Ida Roth, will stay.",
            "Ida Roth",
            ["Brannock's founder and chief executive"],
        ),
        ("Ola Fenn, who joined in 2019, said so.", "Ola Fenn", []),
        ("Ola Fenn, 44, said the line would reopen.", "Ola Fenn", []),
    ],
)
def test_a_title_is_the_role_before_a_name_or_set_off_beside_it(
    text: str, name: str, titles: list[str]
) -> None:
    start = text.index(name)
    assert [text[a:b] for a, b in title_spans(text, start, start + len(name))] == titles


def test_a_title_says_whose_role_it_is() -> None:
    assert owners("He thanked Brenholt chief executive Ines Marlow.", "Ines Marlow") == [
        {"brenholt"}
    ]
    assert owners("Ola Fenn, head of quality at Tarrow Mills, said so.", "Ola Fenn") == [
        {"tarrow", "mill"}
    ]
    assert owners("Kessel's chief financial officer, Pia Lanz, said so.", "Pia Lanz") == [
        {"kessel"}
    ]
    assert owners("He met Police Chief Marcus Dane.", "Marcus Dane") == [], "a title, no owner"
    assert owners("He thanked Kessel chief financial officer Pia Lanz.", "Pia Lanz") == [
        {"kessel"}
    ], "the owner before a title of three words"
    two = "Brenholt chief executive Ines Marlow, a former director of Tarrow Mills, spoke."
    assert owners(two, "Ines Marlow", "Brenholt recalls pies") == [{"brenholt"}, {"tarrow", "mill"}]


@pytest.mark.parametrize(
    "text",
    [
        "Judge Ray Holt told Ines Marlow the plant would close.",
        "On Tuesday chief executive Ines Marlow said the plant would close.",
        "Chief executive Ines Marlow, speaking at Davos, said the plant would close.",
        "March 3, 2025 - Acting chief executive Ines Marlow said the plant would close.",
    ],
)
def test_a_verb_a_day_or_a_participle_says_no_owner(text: str) -> None:
    assert owners(text, "Ines Marlow") == []


def test_a_sentence_s_first_word_says_whose_role_only_if_the_lead_names_it() -> None:
    """Capitalised anyway, "Outgoing" or "Acting" opening a sentence is nobody's; "Brenholt"
    is the company the lead named."""
    text = "Brenholt chief executive Ines Marlow said the fault was found."
    lead = "Brenholt Foods recalled 40,000 frozen pies on Friday."
    assert owners(text, "Ines Marlow", lead) == [{"brenholt"}]
    assert owners("Outgoing mayor Gregor Halm conceded.", "Gregor Halm", lead) == []


def test_a_capitalised_title_is_owned_by_the_name_before_the_role_asked() -> None:
    """ "Corvel Chief Executive" is Corvel's; "Finance Minister" is a title with no owner, and
    without a role asked, a capitalised title says none."""
    lead = "Corvel Bank fined 30 million euros."
    text = "Corvel Chief Executive Nadia Ferrin said so."
    assert owners(text, "Nadia Ferrin", lead, "chief executive") == [{"corvel"}]
    assert owners(text, "Nadia Ferrin", lead) == []
    group = "Group Chief Executive Tomas Berg said so."
    assert owners(group, "Tomas Berg", "Group results", "chief executive") == []
    minister = "He thanked Finance Minister Irena Valcourt."
    assert owners(minister, "Irena Valcourt", role="finance minister") == []

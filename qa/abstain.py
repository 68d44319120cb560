"""Why qa abstains, in words: the constraint that failed, or the weakness of the best match.

Pure: reads the question, the best sentence's features and how much each moved the confidence.
"""

from qa.asked import AnswerType
from qa.features import Features
from qa.question import Question
from qa.times import MONTHS, WEEKDAYS

TYPE_NAMES = {
    AnswerType.PERSON: "person",
    AnswerType.PLACE: "place",
    AnswerType.ORGANIZATION: "organisation",
    AnswerType.NATIONALITY: "nationality",
    AnswerType.ORIGIN: "place or nationality",
    AnswerType.GROUP: "group",
    AnswerType.DATE: "date",
    AnswerType.YEAR: "year",
    AnswerType.DAY: "day",
    AnswerType.CLOCK: "time of day",
    AnswerType.FREQUENCY: "frequency",
    AnswerType.DURATION: "duration",
    AnswerType.AGE: "age",
    AnswerType.COUNT: "number",
    AnswerType.AMOUNT: "amount",
    AnswerType.MONEY: "sum of money",
    AnswerType.MEASURE: "measurement",
    AnswerType.PERCENT: "percentage",
    AnswerType.LANGUAGE: "language",
    AnswerType.STATEMENT: "quote or reported statement",
}


def abstention_reason(
    question: Question,
    best: Features | None,
    unknown_words: list[str],
    gains: dict[str, float],
    confidence: float,
    threshold: float,
) -> str:
    """One line saying why the best sentence is not taken as an answer.

    `gains` says, for each failed constraint, how much the confidence would rise were it met
    (qa.rank.failure_gains); the one that would raise it most is named, so the reason is the
    one that decided.
    """
    score = f"confidence {confidence:.3f}, below the {threshold:.3f} needed"
    if best is None:
        return "no sentence of the corpus matches the question"
    # Each failure but the unknown words is the best match's, not the corpus's: another
    # sentence may count the thing asked, or name the time, without matching the question.
    failures = {
        "time_conflict": _time_failure(question),
        "counted_missing": f"the best match does not count “{question.counted_word}”",
        "entity_missing": _absence_failure(question.entity_names),
        "role_missing": f"the best match does not say who the {question.role_words} is",
        "number_missing": _absence_failure(tuple(n.words for n in question.numbers.values())),
        "type_missing": f"the best match names no one who could be the {question.held_role}"
        if question.asks_role_holder
        else f"the best match names no {TYPE_NAMES.get(question.answer_type, 'answer')}",
        "unknown_share": "the corpus never mentions " + ", ".join(f"“{w}”" for w in unknown_words),
    }
    decisive = sorted((-gain, name) for name, gain in gains.items() if gain > 0)
    if decisive:
        return f"{failures[decisive[0][1]]} ({score})"
    if unknown_words:
        # Not what decided, but what a reader will want to know: the words to look for elsewhere.
        return f"the best match is weak, and {failures['unknown_share']} ({score})"
    return f"the best match is weak ({score})"


def _time_failure(question: Question) -> str:
    times = question.times
    asked = [str(y) for y in times.years] + [f"the {d}s" for d in times.decades]
    asked += [MONTHS[m - 1].capitalize() for m in times.months]
    asked += [WEEKDAYS[d].capitalize() for d in times.weekdays] + list(times.relative)
    return "the best match is about another time than " + " or ".join(asked or ["the time asked"])


def _absence_failure(names: tuple[str, ...]) -> str:
    quoted = [f"“{name}”" for name in names]
    if len(quoted) == 1:
        return f"the best match and the passages around it never name {quoted[0]}"
    return "the best match and the passages around it do not name all of " + ", ".join(quoted)

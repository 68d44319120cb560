"""Settings read QA_* variables as pydantic-settings' env source did, beneath the flags."""

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from qa.cli import main
from qa.settings import Settings


@pytest.fixture(autouse=True)
def no_qa_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the shell running the tests set, each test starts without QA_* variables."""
    for name in list(os.environ):
        if name.lower().startswith("qa_"):
            monkeypatch.delenv(name)


def test_every_field_is_read_from_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    values = {
        "QA_CORPUS": "/articles",
        "QA_INDEX": "/built",
        "QA_MODEL": "/model",
        "QA_TOP_K": "7",
        "QA_APPROXIMATE_ABOVE": "10",
        "QA_QUERY_PRECISION": "float",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    assert Settings() == Settings.model_construct(
        corpus=Path("/articles"),
        index=Path("/built"),
        model=Path("/model"),
        top_k=7,
        approximate_above=10,
        query_precision="float",
    )


def test_names_are_read_in_any_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("qa_top_k", "8")
    monkeypatch.setenv("Qa_Index", "/built")
    settings = Settings()
    assert (settings.top_k, settings.index) == (8, Path("/built"))


def test_given_values_beat_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_TOP_K", "7")
    monkeypatch.setenv("QA_MODEL", "/model")
    monkeypatch.setenv("QA_CORPUS", "/articles")
    settings = Settings(top_k=3, model=None)
    assert (settings.top_k, settings.model, settings.corpus) == (3, None, Path("/articles"))


def test_other_variables_are_ignored_and_other_fields_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("QA_BOGUS", "1")
    monkeypatch.setenv("QA_MODEL_PATH", "/elsewhere")
    assert Settings() == Settings(corpus=Path("seeds"), index=Path("index"), model=None)
    with pytest.raises(ValidationError, match="bogus"):
        Settings(bogus=1)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("name", "value", "field"),
    [
        ("QA_TOP_K", "0", "top_k"),
        ("QA_TOP_K", "many", "top_k"),
        ("QA_APPROXIMATE_ABOVE", "-1", "approximate_above"),
        ("QA_QUERY_PRECISION", "fp16", "query_precision"),
    ],
)
def test_a_bad_variable_fails_validation_on_its_field(
    name: str, value: str, field: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as raised:
        Settings()
    assert raised.value.errors()[0]["loc"] == (field,)


def test_a_bad_variable_is_one_line_naming_it_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QA_TOP_K", "0")
    assert main(["--ask", "why?"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "bad setting top_k" in err and "QA_TOP_K" in err


def test_settings_are_frozen() -> None:
    with pytest.raises(ValidationError):
        Settings().top_k = 3

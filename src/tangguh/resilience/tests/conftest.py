"""Fixtures of the resilience tests: the shipped instruments, answers files, a province verifier."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tangguh.resilience.models import Instrument


def instrument(code: str) -> Instrument:
    return Instrument.objects.get(code=code)


def destana_example() -> dict[str, str]:
    """Issue 11's worked example: indicators 1–10 all three yes, 11–15 two, 16–20 the first."""
    answers = {}
    for i in range(1, 21):
        yes = 3 if i <= 10 else 2 if i <= 15 else 1
        for k in range(1, 4):
            answers[str(3 * (i - 1) + k)] = "ya" if k <= yes else "tidak"
    return answers


def ikd_answers(levels: dict[int, int], default: int = 1) -> dict[str, str]:
    """IKD answers giving each indicator (1–71) its level (others `default`)."""
    answers = {}
    for n in range(1, 72):
        level = levels.get(n, default)
        for k in range(1, 5):
            answers[f"{n}.{k}"] = "yes" if k < level else "no"
    return answers


@pytest.fixture
def answers_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write an answers file (question,answer) and return its path."""

    def write(
        answers: dict[str, str], name: str = "answers.csv", header: str = "question,answer"
    ) -> Path:
        path = tmp_path / name
        lines = [header] + [f"{k},{v}" for k, v in answers.items()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


@pytest.fixture
def province_editor(make_user: Callable[..., Any]) -> Any:
    """An editor of the province (53): verifies regencies' IKD."""
    return make_user("prov.editor", {"53": "editor"})


@pytest.fixture(autouse=True)
def shipped_instruments(request: Any) -> None:
    """The shipped instruments (installed by a migration; a transactional test run before
    empties the tables, so they are installed again when missing)."""
    names = request.fixturenames
    if "transactional_db" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    from tangguh.resilience.instruments import install_shipped
    from tangguh.resilience.services import MODELS

    install_shipped(MODELS)

"""Texts the application seeds into the database in English (the risk method's legal basis and
notes, the nomenclature edition's legal basis) are shown in Indonesian on Indonesian pages;
text people typed is shown as typed."""

from __future__ import annotations

import importlib

import pytest
from django.template import Context, Template
from django.utils import translation

from tangguh.nomenclature.loading import SHIPPED_EDITION

pytestmark = pytest.mark.django_db

SEED = importlib.import_module("tangguh.risk.migrations.0002_seed_method").SEED


def seeded_texts() -> list[str]:
    """Every English text the risk method's seed and the shipped edition store."""
    texts = [SEED["title"], SEED["legal_basis"], SEED["notes"], *SEED["evidence"].values()]
    return [*texts, SHIPPED_EDITION["legal_basis"]]


@pytest.mark.parametrize("text", seeded_texts())
def test_every_seeded_text_has_an_indonesian_rendering(text: str) -> None:
    rendered = Template("{% load stored_text %}{{ text|translated }}")
    with translation.override("id"):
        indonesian = rendered.render(Context({"text": text}))
    assert indonesian.strip()
    assert indonesian != rendered.render(Context({"text": text}))


def test_typed_text_and_empty_text_are_shown_as_they_are() -> None:
    rendered = Template("{% load stored_text %}[{{ text|translated }}]")
    with translation.override("id"):
        assert rendered.render(Context({"text": "SK Bupati 12/2024"})) == "[SK Bupati 12/2024]"
        assert rendered.render(Context({"text": ""})) == "[]"


def indonesian_page(web, user, url: str) -> str:
    client = web(user)
    client.cookies["tangguh_language"] = "id"
    return client.get(url).content.decode()


def test_the_risk_methods_page_gives_the_legal_basis_and_notes_in_indonesian(
    web, kupang_editor
) -> None:
    page = indonesian_page(web, kupang_editor, "/risk/methods/")
    legal = page.split('data-testid="legal-basis">')[1].split("</p>")[0]
    assert "Peraturan Kepala BNPB No. 2 Tahun 2012" in legal
    assert "Several parameters" not in legal
    notes = page.split('data-testid="method-notes">')[1].split("</p>")[0]
    assert "Seeded from" not in notes
    assert "secondary sources print" not in page


def test_the_nomenclature_page_gives_the_legal_basis_in_indonesian(web, kupang_editor) -> None:
    page = indonesian_page(web, kupang_editor, "/nomenclature/")
    legal = page.split('data-testid="legal-basis">')[1].split("</td>")[0]
    assert "Permendagri 90/2019" in legal
    assert "not yet enacted" not in legal

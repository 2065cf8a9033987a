"""Region codes with and without dots."""

import pytest

from tangguh.regions import codes
from tangguh.regions.models import Kind, kind_from_code


@pytest.mark.parametrize(
    ("raw", "dotted"),
    [
        ("53", "53"),
        ("5301", "53.01"),
        ("530127", "53.01.27"),
        ("5301272005", "53.01.27.2005"),
        (" 53.01.27.2005 ", "53.01.27.2005"),
    ],
)
def test_codes_are_normalised_to_the_dotted_form(raw: str, dotted: str) -> None:
    assert codes.normalize(raw) == dotted


@pytest.mark.parametrize(
    "raw", ["", "5", "53.1", "530", "53.01.27.205", "53-01", "abc", "53.01.27.2005.1"]
)
def test_other_text_is_not_a_code(raw: str) -> None:
    with pytest.raises(codes.BadRegionCode):
        codes.normalize(raw)


def test_levels_parents_and_ancestors_follow_the_segments() -> None:
    assert codes.level_of("53.01.27.2005") == 4
    assert codes.parent_of("53.01.27.2005") == "53.01.27"
    assert codes.parent_of("53") is None
    assert codes.ancestors_of("53.01.27.2005") == ["53", "53.01", "53.01.27"]


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("53", Kind.PROVINSI),
        ("53.01", Kind.KABUPATEN),
        ("53.71", Kind.KOTA),
        ("53.01.27", Kind.KECAMATAN),
        ("53.71.01.1001", Kind.KELURAHAN),
        ("53.01.27.2005", Kind.DESA),
        ("51.03.01.3001", Kind.DESA_ADAT),
    ],
)
def test_the_kind_follows_from_the_code(code: str, kind: Kind) -> None:
    assert kind_from_code(code) == kind

"""The hazard resolver: codes of both DIBI schemes, names, and families of unknown codes."""

from tangguh.measures.hazards import HazardEntry, HazardResolver, name_key

ENTRIES = [
    HazardEntry("flood", None, "1010", True, "101", ("Banjir", "Flood", "BANJIR", "FLOOD")),
    HazardEntry("flash_flood", "flood", "1012", True, None, ("Banjir Bandang", "FLOOD")),
    HazardEntry("flood_landslide", "flood", "1013", True, "103", ("Banjir dan Tanah Longsor",)),
    HazardEntry("drought", None, "1060", False, "106", ("Kekeringan", "Drought")),
    HazardEntry("earthquake", None, "1080", False, "108", ("Gempa Bumi",)),
    HazardEntry("whirlwind", "extreme_weather", None, False, None, ("Puting Beliung",)),
    HazardEntry("extreme_weather", None, "1050", False, "105", ("Cuaca Ekstrem",)),
]
resolver = HazardResolver(ENTRIES)


def test_it_resolves_a_verified_current_code() -> None:
    assert resolver.resolve("1012").key == "flash_flood"
    assert resolver.resolve("1012").how == "code"


def test_it_resolves_an_older_three_digit_code() -> None:
    assert resolver.resolve("101").key == "flood"
    assert resolver.resolve("103").key == "flood_landslide"
    assert resolver.resolve("105").how == "legacy-code"


def test_it_maps_an_unknown_sub_type_code_to_its_family() -> None:
    result = resolver.resolve("1019")
    assert result is not None
    assert (result.key, result.how) == ("flood", "family-of-code")


def test_it_prefers_the_name_over_an_unconfirmed_code() -> None:
    result = resolver.resolve("1050", "Puting Beliung")
    assert result is not None
    assert (result.key, result.how) == ("whirlwind", "name")


def test_a_verified_code_wins_over_the_name() -> None:
    assert resolver.resolve("1012", "Banjir").key == "flash_flood"


def test_it_falls_back_to_an_unconfirmed_code_without_a_name() -> None:
    result = resolver.resolve("1060")
    assert result is not None
    assert (result.key, result.how) == ("drought", "provisional-code")


def test_names_are_spelling_insensitive() -> None:
    assert name_key("GEMPABUMI") == name_key("Gempa Bumi") == name_key("gempa-bumi")
    assert resolver.resolve(None, "GEMPABUMI").key == "earthquake"


def test_a_name_shared_with_sub_types_means_the_family() -> None:
    assert resolver.resolve(None, "FLOOD").key == "flood"


def test_spreadsheet_numbers_are_read_as_codes() -> None:
    assert resolver.resolve("1012.0").key == "flash_flood"


def test_it_returns_none_for_unknown_input() -> None:
    assert resolver.resolve("9999", "Hujan meteor") is None
    assert resolver.resolve("abc") is None
    assert resolver.resolve(None, None) is None


def test_it_knows_each_entry_s_family() -> None:
    assert resolver.family_of("flash_flood") == "flood"
    assert resolver.family_of("flood") == "flood"

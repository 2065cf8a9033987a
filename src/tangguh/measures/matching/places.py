"""Places and landmarks inside a proposal text, so that a place name never decides the sector.

Real proposals name where the work is: "Talud Jalan Sungai Mati", "drainase di RT 03 depan SD",
"jembatan penghubung Kampung Baru dan Gunung Putih", "(Kecamatan Amfoang Barat)". The words of
those names are ordinary words ("sungai", "baru", "gunung") or unknown ones that a spelling
correction would turn into something else. `strip_places` removes them before the text is read:

- an address in brackets that starts with an administrative word: "(Kec. Dlingo)", "(Desa X)";
- RT/RW numbers: "RT 03", "RT.03/RW.07", "rw 2";
- after a place marker (desa, dusun, kelurahan, kecamatan, kampung, jalan, jl, gang, sungai,
  kali, gunung, pulau, pantai, SD/SMP, ...), the run of capitalised words or numbers that follows,
  e.g. "di Desa **Manumutin Silole**", "Jalan **Sungai Mati**", "SDN **Cikasungka 1**". The marker
  itself stays (a road is still a road), and so do the known words of the run ("Jalan Umum",
  "Kampung Baru"): only its unknown words and numbers are taken as the name, so that they are
  never spell-corrected into a sector word. A word that forms a nomenclature phrase with the
  marker ("Jalan Usaha Tani", "Desa Siaga") ends the run.

Pure functions on the raw text (case matters); the index passes its own idea of "known".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tangguh.measures.text_id import is_content, normalise, word_set, words

# Words after which a capitalised name follows. Lower-case, as `normalise` gives them.
PLACE_MARKERS: frozenset[str] = word_set(
    "desa dusun dsn kelurahan kel kecamatan kec kampung kampong kp kabupaten kab kota jalan jl jln"
    " gang gg lorong kali sungai gunung pulau pantai teluk tanjung dukuh padukuhan pedukuhan"
    " blok perumahan komplek kompleks dermaga pasar sd sdn sdi sdk smp smpn smpk sma"
    " sman smk tk paud puskesmas pustu posyandu lapangan bendungan embung danau"
)
# Units after a number that make it a quantity ("300 m", "2 unit"), not part of a name.
QUANTITY_UNITS: frozenset[str] = word_set(
    "m meter mtr km ha hektar m2 m3 unit buah bh set titik kk orang ekor ton kg liter paket lokal"
)
_ADMIN_BRACKET = re.compile(
    r"\(\s*(?:kec(?:amatan)?|desa|dusun|kel(?:urahan)?|kab(?:upaten)?|kota|lokasi)\b\.?[^)]*\)",
    re.IGNORECASE,
)
_RT_RW = re.compile(r"\b(?:rt|rw)\s*\.?\s*\d+(?:\s*/\s*(?:rw\s*\.?\s*)?\d+)?", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’]*(?:-[A-Za-z0-9]+)*")
_ROMAN = re.compile(r"^(?:[IVX]+|[0-9]+[A-Za-z]?)$")


def _is_name_token(token: str) -> bool:
    return token[0].isupper() or bool(_ROMAN.match(token))


def _name_spans(
    text: str,
    known: Callable[[str], bool],
    phrase: Callable[[str, str], bool],
) -> list[tuple[int, int, str]]:
    """Character spans (start, end, words) of the names that follow place markers.

    In the run of capitalised words or numbers after a marker (separated by spaces only), the
    words unknown to the index and the numbers are the name ("Desa Manumutin Silole", "Jalan
    Nipah VII", "Dusun 2"): they are never spell-corrected into something else. Known words
    stay ("Jalan Umum", "Kampung Baru", "Kompleks Wisata Lepo" keeps "Wisata"), and so does a
    first word that forms a nomenclature phrase with the marker.
    """
    matches = list(_TOKEN.finditer(text))
    tokens = [m.group(0) for m in matches]
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(matches):
        marker = normalise(tokens[i])
        if marker not in PLACE_MARKERS:
            i += 1
            continue
        j = i + 1
        while j < len(matches) and _continues(text, matches, j, tokens[j]):
            if j == i + 1 and phrase(marker, normalise(tokens[j]).replace(" ", "")):
                break
            j += 1
        for k in range(i + 1, j):
            word = normalise(tokens[k]).replace(" ", "")
            after = normalise(tokens[k + 1]) if k + 1 < len(tokens) else ""
            if word.isdigit() and after in QUANTITY_UNITS:
                break  # "drainase 300 m": a quantity, not a house number
            if word.isdigit() or not known(word):
                spans.append((matches[k].start(), matches[k].end(), tokens[k]))
        i = max(j, i + 1)
    return spans


def _continues(text: str, matches: list[re.Match[str]], j: int, token: str) -> bool:
    """Whether token j continues a name: capitalised or a number, after spaces only."""
    between = text[matches[j - 1].end() : matches[j].start()]
    if between.strip() or not _is_name_token(token):
        return False
    return normalise(token) not in PLACE_MARKERS


# The heading a budget or planning list puts before an item's name ("Kegiatan Penanggulangan
# Bencana Alam", "Program padat karya ...", "Belanja Modal Pengadaan ...", "Sub kegiatan usulan:
# ..."): it says what kind of line this is, not what is asked, and would match the
# nomenclature's own "Kegiatan"/"Program" words.
_HEADING = re.compile(
    r"^\W*(?:sub\s+kegiatan(?:\s+usulan)?|kegiatan|program|belanja(?:\s+(?:modal|barang\s+dan"
    r"\s+jasa|barang|jasa|hibah))?)\b\s*:?\s*",
    re.IGNORECASE,
)


def strip_heading(text: str) -> str:
    """The text without a leading budget heading word, when anything is left after it."""
    rest = _HEADING.sub("", text, count=1)
    return rest if rest != text and any(is_content(w) for w in words(rest)) else text


def only_markers(text: str) -> bool:
    """Whether every content word left in a text is a place marker ("Desa", "Kecamatan")."""
    left = [w for w in words(text) if is_content(w)]
    return all(w in PLACE_MARKERS for w in left)


def strip_places(
    text: str,
    known: Callable[[str], bool] = lambda word: False,
    phrase: Callable[[str, str], bool] = lambda marker, word: False,
) -> tuple[str, tuple[str, ...]]:
    """The text without its place names and RT/RW numbers, and the names removed.

    `known(word)` tells whether the index knows a (normalised) word; `phrase(marker, word)`
    whether "marker word" is a phrase of the nomenclature (then it is not a name).
    """
    removed: list[str] = []

    def cut(match: re.Match[str]) -> str:
        removed.append(match.group(0).strip("() "))
        return " "

    cleaned = _ADMIN_BRACKET.sub(cut, text)
    cleaned = _RT_RW.sub(cut, cleaned)
    spans = _name_spans(cleaned, known, phrase)
    if spans:
        parts: list[str] = []
        last = 0
        for start, end, name in spans:
            parts.append(cleaned[last:start])
            parts.append(" ")
            removed.append(name)
            last = end
        parts.append(cleaned[last:])
        cleaned = "".join(parts)
    return cleaned, tuple(removed)


__all__ = ["PLACE_MARKERS", "only_markers", "strip_heading", "strip_places"]

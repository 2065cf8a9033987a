"""Operational definitions (definisi operasional) of sub-activities, cut into passages.

Pure Python, standard library only. A definition of the 2027 nomenclature is either a paragraph of
prose or a structured text with sections::

    Cakupan :
    - Pembangunan unit sekolah baru ...
    - Pengadaan alat peraga ...
    Operasionalisasi:
    1) Pendataan kebutuhan ...
    2) Melaksanakan pembangunan ...
    NSPK :
    1) Perpres Nomor 43 Tahun 2019 tentang ...

The bullets of "Cakupan" (what the sub-activity covers) and the steps of "Operasionalisasi" read
like proposals; the "NSPK" (norms, standards, procedures, criteria) list and other references to
regulations only add words such as *peraturan*, *nomor*, *tahun*, *tentang* and the titles of laws
about neighbouring matters. `definition_passages` returns the former, one passage per bullet, step
or sentence, and drops the latter; `definition_core` is the same text as one string.
"""

from __future__ import annotations

import re

# A section header: a short label ending in a colon, alone on its line or followed by its text
# ("Cakupan :", "NSPK:", "Operasionalisasi : ...", "NSPK terkait Dapodik:").
_HEADER = re.compile(r"^\s*([A-Za-z][A-Za-z /()&-]{1,48}?)\s*:\s*(.*)$")
# Sections whose content is a list of regulations, dropped whole.
_REFERENCE_SECTIONS = ("nspk", "dasar hukum", "referensi", "acuan", "regulasi", "landasan hukum")
# Sections that start real content again after a reference list.
_CONTENT_SECTIONS = (
    "cakupan",
    "operasionalisasi",
    "catatan",
    "deskripsi",
    "keterangan",
    "definisi",
    "perhitungan",
    "penghitungan",
)
# A bullet or a numbered step at the start of a line: "-", "•", "*", "a.", "1)", "1.", "(2)".
_BULLET = re.compile(r"^\s*(?:[-•*·▪◦]+|\(?[0-9]{1,2}[.)]|\(?[a-zA-Z][.)])\s+")
# Sentence ends inside a line: ". " followed by a capital letter or a digit.
_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-Z0-9(])")
# A reference to a regulation: "Nomor 43 Tahun 2019", "No. 5/2020", or a sentence opening with a
# kind of regulation.
_REGULATION = re.compile(
    r"\b(?:nomor|no\.?)\s*[0-9]+[^.;\n]{0,40}?\btahun\s*[0-9]{4}"
    r"|\b(?:nomor|no\.?)\s*[0-9]+\s*/\s*[0-9]{4}"
    r"|^\s*(?:perpres|permen[a-z]*|peraturan|undang|uu|pp|keputusan|kepmen[a-z]*|inpres"
    r"|surat edaran|se\b|perka|perda|perbup|perwali|pergub|instruksi|npk\b)",
    re.IGNORECASE,
)
# Boilerplate that closes many steps and says nothing about what is done.
_BOILERPLATE = re.compile(
    r",?\s*(?:sesuai|berdasarkan)\s+(?:dengan\s+)?(?:ketentuan|peraturan|standar|norma)"
    r"[^,.;()]*|,?\s*baik secara swakelola maupun kontraktual",
    re.IGNORECASE,
)
MIN_PASSAGE_WORDS = 2  # a passage needs at least this many words of three letters or more
_LONG_WORD = re.compile(r"[A-Za-z]{3,}")


def _is_reference(text: str) -> bool:
    return _REGULATION.search(text) is not None


def _section_kind(label: str) -> str | None:
    """The kind of a section label: "reference", "content", or None when unknown."""
    folded = " ".join(label.lower().split())
    if folded.startswith(_REFERENCE_SECTIONS):
        return "reference"
    if folded.startswith(_CONTENT_SECTIONS):
        return "content"
    return None


def definition_passages(definition: str) -> list[str]:
    """The passages of a definition: each bullet, step or sentence, without regulation lists.

    Lines of an NSPK (or "Dasar hukum") section are dropped until the next content section
    header; any other sentence that cites a regulation ("... Nomor 9 Tahun 2017 tentang ...") is
    dropped too. Section headers themselves are not passages; text following a header on the
    same line is. Passages with fewer than `MIN_PASSAGE_WORDS` real words are dropped.
    """
    passages: list[str] = []
    skipping = False
    for raw_line in definition.splitlines():
        line = raw_line.strip()
        if not line:
            continue
        header = _HEADER.match(line)
        if header is not None and not _BULLET.match(line):
            kind = _section_kind(header.group(1))
            if kind == "reference":
                skipping = True
                continue
            if kind == "content":
                skipping = False
                line = header.group(2).strip()
                if not line:
                    continue
        if skipping:
            continue
        body = _BOILERPLATE.sub("", _BULLET.sub("", line, count=1))
        for sentence in _SENTENCE.split(body):
            text = sentence.strip()
            if len(_LONG_WORD.findall(text)) < MIN_PASSAGE_WORDS or _is_reference(text):
                continue
            passages.append(text)
    return passages


def definition_core(definition: str) -> str:
    """The definition without its regulation lists and references, as one text."""
    return "\n".join(definition_passages(definition))


__all__ = ["definition_core", "definition_passages"]

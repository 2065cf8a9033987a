"""Indonesian text for matching: normalising, word tokens and a light, dictionary-free stemmer.

Pure Python (standard library only). Everything here is deterministic and cheap; `stem` is
memoised.

The stemmer follows the shape of the Nazief–Adriani algorithm (suffix, then up to two prefixes,
with the recoding rules of meN-/peN-) but without a root dictionary, so it is tuned for
*consistency* rather than linguistic correctness: the forms a planner or a villager writes —
`pembangunan`, `membangun`, `dibangun`, `bangunan` — all land on the same stem (`bangun`), and the
same function is applied to the nomenclature and to the proposal, so an over-stemmed root is
harmless as long as every form of the word agrees on it. Rules that cannot be decided without a
dictionary are settled by small root lists (`K_ROOTS`, `T_ROOTS`, `R_ROOTS`, ...) and a table of
exceptions; words shorter than five letters and words with digits are never stemmed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of a literal, as a set."""
    return frozenset(text.split())


_NON_WORD = re.compile(r"[^0-9a-z]+")
_WORD = re.compile(r"[0-9a-z]+")
# Clause boundaries: sentence punctuation followed by space (so "1.000" and "Rp150.000" stay one
# number), a colon followed by space ("Usulan: pembangunan ..."), or a line break.
_CLAUSE_BREAK = re.compile(r"[.!?;]+(?=\s|$)|:(?=\s)|[\r\n]+")

# Function words and planning boilerplate that say nothing about *what* is proposed. Kept small on
# purpose: words such as `desa`, `air` or `rumah` carry meaning and stay.
STOPWORDS: frozenset[str] = word_set(
    """
    dan atau di ke dari untuk utk u yang yg dengan dgn dlm dalam pada bagi oleh serta juga
    ini itu tersebut adalah ialah akan telah sudah sdh blm belum masih agar supaya spy krn karena
    sebab jadi maka sehingga tetapi tapi namun bila jika kalau apabila sebagai seperti antara
    para se kami kita mereka saya kamu dia ia nya beliau warga masyarakat mohon usul usulan
    diusulkan mengusulkan mengusulkan usulkan minta meminta permohonan harap diharapkan perlu
    butuh membutuhkan dibutuhkan tolong bisa dapat dapatnya ada
    berharap mengharapkan memohon dimohon dimohonkan mengajukan diajukan menginginkan adanya
    diperlukan perhatian diperhatikan mendesak segera
    sangat sekali banyak bnyk semua seluruh setiap tiap tiap2 lain lainnya lainnya dll dsb
    tahun thn tahunan bulan bln hari minggu kali2 pak bapak ibu bpk sdr yth
    kabupaten kab kota kabupatenkota provinsi prov daerah wilayah kecamatan kec kelurahan kel
    rt rw dusun dsn desa2 kampung2 lokasi lokasinya tempat sekitar
    buah orang org jiwa kk unit paket titik meter m km ha ton liter lokal2 sebanyak sepanjang
    kurang lebih lbh sekitar kurang2 hanya cuma saja sj pun lagi lg mau ingin sering kadang
    yang2 kpd kepada terhadap thd tentang sesuai sbg dr pd tsb
    """
)

# Pure function words: dropped even from lexicon expansions, where a word such as `kelurahan`
# (a stopword in free text, where it names a place) is meant.
FUNCTION_WORDS: frozenset[str] = word_set(
    "dan atau di ke dari untuk yang dengan dalam pada bagi oleh serta"
)

# Roots that start with k, t, p, s or r and lose that letter after meN-/peN-/per- (the recoding
# rules); without them `pengembangan` would become `embang` and `penilaian` `ilai`.
K_ROOTS: frozenset[str] = word_set(
    "kelola kembang kendali kumpul kuat kenal kirim kosong kurang kering kaji kerja kecil"
    " kemas kenda keluar kunjung kukuh kelompok"
)
N_ROOTS: frozenset[str] = word_set("nilai nikah nyata")
R_ROOTS: frozenset[str] = word_set("rumah rawat rencana rusak ringan rintis rangkai")
P_ROOTS_M: frozenset[str] = word_set("masak makan minum mukim muda")  # m-initial roots
SHORT_ROOTS: frozenset[str] = word_set("ada air ajar ayam")
# Roots never stripped further (a `ke`/`pe`/`ter` at their start is part of the root).
PROTECTED: frozenset[str] = (
    K_ROOTS
    | N_ROOTS
    | R_ROOTS
    | P_ROOTS_M
    | SHORT_ROOTS
    | word_set("kebun keluarga kepala kereta kelas kerja ternak petak pesta")
)

# Words whose stem the rules would get wrong in a way that collides with another word, or forms
# with no regular derivation. Values are final stems.
EXCEPTIONS: dict[str, str] = {
    "penyandang": "penyandang",  # not `sandang` (clothing)
    "penyakit": "penyakit",  # not `sakit` (rumah sakit)
    "perempuan": "perempuan",
    "pemukiman": "mukim",
    "permukiman": "mukim",
    "pemuda": "pemuda",
    "kepemudaan": "pemuda",
    "belajar": "ajar",
    "pelajar": "ajar",
    "pelajaran": "ajar",
    "pembelajaran": "ajar",
    "mengajar": "ajar",
    "pengajar": "ajar",
    "ajaran": "ajar",
    "bekerja": "kerja",
    "pekerja": "kerja",
    "pekerjaan": "kerja",
    "kerjasama": "kerjasama",
    "pengadaan": "ada",
    "diadakan": "ada",
    "mengadakan": "ada",
    "perikanan": "ikan",
    "peraturan": "atur",
    "pengaturan": "atur",
    "perizinan": "izin",
    "perekonomian": "ekonomi",
    "perusahaan": "usaha",
    "pengusaha": "usaha",
    "berusaha": "usaha",
    "usaha": "usaha",
    "penanaman": "tanam",
    "pertanian": "tani",
    "petani": "tani",
    "bertani": "tani",
    "penduduk": "penduduk",
    "kependudukan": "penduduk",
    "pendidik": "didik",
    "pendidikan": "didik",
    "peserta": "peserta",
    "pesisir": "pesisir",
    "perahu": "perahu",
    "pedesaan": "desa",
    "perdesaan": "desa",
    "pedagang": "dagang",
    "perdagangan": "dagang",
    "kelurahan": "lurah",
    "kecamatan": "camat",
    "kesehatan": "sehat",
    "menengah": "tengah",
    "terpencil": "pencil",
    "pemerintah": "perintah",
    "pemerintahan": "perintah",
    "terminal": "terminal",
    "dinding": "dinding",
    "digital": "digital",
    "diare": "diare",
    "dinas": "dinas",
    "pantai": "pantai",
    "sungai": "sungai",
    "bersih": "bersih",
    "kebersihan": "bersih",
    "pembersihan": "bersih",
    "dibersihkan": "bersih",
    "membersihkan": "bersih",
    "berat": "berat",
    "beras": "beras",
    "berita": "berita",
    "bencana": "bencana",
    "kebencanaan": "bencana",
    "perlu": "perlu",
    "menara": "menara",
    "medis": "medis",
    "mebel": "mebel",
    "mesin": "mesin",
    "metode": "metode",
    "pengungsi": "ungsi",
    "pengungsian": "ungsi",
    "mengungsi": "ungsi",
    "diklat": "diklat",
    "disabilitas": "disabilitas",
    "distribusi": "distribusi",
    "pendistribusian": "distribusi",
    "didistribusikan": "distribusi",
    "diskusi": "diskusi",
    "pelampung": "pelampung",
    "peta": "peta",
    "pemetaan": "peta",
    "dipetakan": "peta",
}


def normalise(text: object) -> str:
    """Lower-case ASCII words separated by single spaces; anything that is not text gives ``""``.

    Accents are folded (``é`` → ``e``), every run of characters that is not a letter or digit
    becomes one space (so ``TPS-3R`` → ``tps 3r``, ``jln.`` → ``jln``), control characters and
    NUL bytes vanish. Safe on any input: ``None``, bytes or numbers give their text or ``""``.
    """
    if text is None:
        return ""
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", errors="ignore")
    if not isinstance(text, str):
        text = str(text)
    folded = unicodedata.normalize("NFKD", text)
    folded = folded.encode("ascii", errors="ignore").decode("ascii").lower()
    return _NON_WORD.sub(" ", folded).strip()


def words(text: object) -> list[str]:
    """The normalised words of a text, in order, including stopwords and numbers."""
    return _WORD.findall(normalise(text))


def clauses(text: object) -> list[list[str]]:
    """The normalised words of a text, clause by clause (sentences, colon-separated parts, lines).

    Concatenated, the clauses are exactly `words(text)`; clauses without words are dropped.
    """
    if text is None:
        return []
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", errors="ignore")
    if not isinstance(text, str):
        text = str(text)
    parts = (words(part) for part in _CLAUSE_BREAK.split(text))
    return [part for part in parts if part]


def is_content(word: str) -> bool:
    """A word worth matching: not a stopword, at least two characters, not only digits."""
    return len(word) >= 2 and word not in STOPWORDS and not word.isdigit()


def tokens(text: object) -> list[str]:
    """The stems of the content words of a text, in order (see `stem` and `is_content`)."""
    return [stem(w) for w in words(text) if is_content(w)]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of one lower-case word (memoised). Non-alphabetic or short words are unchanged.

    >>> [stem(w) for w in ("pembangunan", "membangun", "dibangun", "bangunan")]
    ['bangun', 'bangun', 'bangun', 'bangun']
    >>> [stem(w) for w in ("penyediaan", "perbaikan", "rehabilitasi", "pelatihan")]
    ['sedia', 'baik', 'rehabilitasi', 'latih']
    """
    if word in EXCEPTIONS:
        return EXCEPTIONS[word]
    if len(word) < 5 or not word.isalpha() or word in PROTECTED:
        return word
    w = word
    if w.endswith("nya") and len(w) - 3 >= 4:
        w = w[:-3]
    verbal = w.startswith(("me", "di")) and _has_prefix(w)
    if verbal:
        if w.endswith("kan") and len(w) - 3 >= 4:
            w = w[:-3]
        elif w.endswith("i") and len(w) - 1 >= 5 and not w.endswith("si"):
            w = w[:-1]
    elif w.endswith("an") and len(w) - 2 >= 4:
        w = w[:-2]
    for _ in range(2):
        stripped = _strip_prefix(w)
        if stripped == w:
            break
        w = stripped
        if w in EXCEPTIONS:
            return EXCEPTIONS[w]
        if w in PROTECTED:
            break
    return w


def _has_prefix(w: str) -> bool:
    return _strip_prefix(w) != w


def _ok(rest: str) -> bool:
    return len(rest) >= 4 or rest in SHORT_ROOTS


def _strip_prefix(w: str) -> str:
    """Remove one prefix, applying the meN-/peN- recoding rules; unchanged if none applies."""
    vowels = "aeiou"
    if w.startswith(("memper", "diper")):
        rest = w[6:] if w.startswith("memper") else w[5:]
        return rest if _ok(rest) else w
    if w.startswith("di"):
        rest = w[2:]
        return rest if _ok(rest) else w
    if w.startswith("ke"):
        rest = w[2:]
        return rest if (_ok(rest) and rest[0] not in "aeiou") or rest in SHORT_ROOTS else w
    if w.startswith("ber"):
        rest = w[3:]
        return rest if _ok(rest) else w
    if w.startswith("ter") and len(w) > 3 and w[3] not in vowels:
        rest = w[3:]
        return rest if _ok(rest) else w
    for nasal in ("meng", "peng"):
        if w.startswith(nasal):
            rest = w[4:]
            if rest and rest[0] in vowels:
                if "k" + rest in K_ROOTS:
                    return "k" + rest
                return rest if _ok(rest) else w
            if rest[:1] in ("g", "h", "k"):
                return rest if _ok(rest) else w
            return w
    for nasal in ("meny", "peny"):
        if w.startswith(nasal):
            rest = w[4:]
            if rest and rest[0] in vowels:
                cand = "s" + rest
                return cand if _ok(cand) else w
            return w
    for nasal in ("mem", "pem"):
        if w.startswith(nasal):
            rest = w[3:]
            if rest[:1] in ("b", "f", "v", "p"):
                return rest if _ok(rest) else w
            if rest and rest[0] in vowels:
                if "m" + rest in P_ROOTS_M:
                    return "m" + rest
                cand = "p" + rest
                return cand if _ok(cand) else w
            return w
    for nasal in ("men", "pen"):
        if w.startswith(nasal):
            rest = w[3:]
            if rest[:1] in ("c", "d", "j", "t", "z", "s"):
                return rest if _ok(rest) else w
            if rest and rest[0] in vowels:
                if "n" + rest in N_ROOTS:
                    return "n" + rest
                cand = "t" + rest
                return cand if _ok(cand) else w
            return w
    if w.startswith("per"):
        rest = w[3:]
        if rest and rest[0] in vowels:
            if "r" + rest in R_ROOTS:
                return "r" + rest
            return rest if _ok(rest) else w
        return rest if _ok(rest) else w
    if w.startswith(("me", "pe")) and len(w) > 2 and w[2] in "lrwy":
        rest = w[2:]
        return rest if _ok(rest) else w
    if w.startswith("pe") and len(w) > 2 and w[2] not in vowels and w[2] not in "mnr":
        rest = w[2:]
        return rest if _ok(rest) else w
    return w

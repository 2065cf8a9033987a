"""The columns risk and climate tables may have, spelled in Indonesian or English (matched in any
case and punctuation by `core.importing.columns`), and the class words they use."""

from __future__ import annotations

# Region columns, finest first: a row's region is the first of them it fills in.
REGION_COLUMNS: dict[str, tuple[str, ...]] = {
    "village_code": (
        "kode desa",
        "kode desa/kelurahan",
        "kode kelurahan",
        "kd desa",
        "id desa",
        "kode wilayah desa",
        "village code",
    ),
    "district_code": (
        "kode kecamatan",
        "kode kec",
        "kd kec",
        "id kecamatan",
        "sub-district code",
        "district code",
    ),
    "regency_code": (
        "kode kabupaten",
        "kode kabupaten/kota",
        "kode kab/kota",
        "kode kab",
        "kd kab",
        "id kabupaten",
        "regency code",
    ),
    "region_code": ("kode wilayah", "kode kemendagri", "region code", "kode", "code", "region"),
    # BPS regency codes (5303 is Kabupaten Kupang), as BNPB's and BPS's tables give them.
    "bps_code": ("kode bps", "kode kabupaten bps", "kode bps kabupaten", "bps code"),
    # A regency's or city's name, read only from tables without any code column (IRBI tables).
    "regency_name": (
        "kabupaten/kota",
        "kabupaten",
        "kab/kota",
        "nama kabupaten",
        "nama kabupaten/kota",
        "regency/city",
        "regency",
    ),
}
REGION_ORDER = tuple(REGION_COLUMNS)
CODE_COLUMNS = REGION_ORDER[:-1]
COMMON_COLUMNS: dict[str, tuple[str, ...]] = {
    "year": ("tahun", "tahun kajian", "tahun data", "year"),
    "source": ("sumber", "sumber data", "source"),
    "notes": ("catatan", "keterangan", "notes", "note"),
}
RISK_COLUMNS: dict[str, tuple[str, ...]] = {
    **REGION_COLUMNS,
    "hazard_code": (
        "kode bahaya",
        "kode jenis bahaya",
        "kode ancaman",
        "kode bencana",
        "kode jenis bencana",
        "kode jenis kejadian",
        "hazard code",
    ),
    "hazard_name": (
        "bahaya",
        "jenis bahaya",
        "nama bahaya",
        "jenis ancaman",
        "jenis bencana",
        "bencana",
        "nama kejadian",
        "hazard",
        "hazard type",
        "hazard name",
    ),
    "hazard_index": ("indeks bahaya", "indeks ancaman", "nilai bahaya", "hazard index"),
    "hazard_class": (
        "kelas bahaya",
        "kelas ancaman",
        "tingkat bahaya",
        "tingkat ancaman",
        "hazard class",
        "hazard level",
    ),
    "vulnerability_index": ("indeks kerentanan", "nilai kerentanan", "vulnerability index"),
    "vulnerability_class": (
        "kelas kerentanan",
        "tingkat kerentanan",
        "vulnerability class",
        "vulnerability level",
    ),
    "capacity_index": ("indeks kapasitas", "nilai kapasitas", "capacity index"),
    "capacity_class": ("kelas kapasitas", "tingkat kapasitas", "capacity class", "capacity level"),
    "risk_index": ("indeks risiko", "indeks resiko", "nilai risiko", "risk index"),
    "risk_class": (
        "kelas risiko",
        "kelas resiko",
        "tingkat risiko",
        "tingkat resiko",
        "risk class",
        "risk level",
    ),
    "irbi_score": (
        "skor irbi",
        "irbi",
        "skor indeks risiko",
        "skor indeks risiko bencana",
        "indeks risiko bencana indonesia",
        "skor risiko",
        "nilai irbi",
        "irbi score",
        "risk score",
    ),
    "method": ("versi metode", "metode", "method version", "method"),
    **COMMON_COLUMNS,
}
CLIMATE_COLUMNS: dict[str, tuple[str, ...]] = {
    **REGION_COLUMNS,
    "climate_class": (
        "kelas kerentanan iklim",
        "kerentanan iklim",
        "kelas sidik",
        "climate vulnerability class",
        "climate vulnerability",
        "kelas kerentanan",
        "tingkat kerentanan",
        "vulnerability class",
        "kerentanan",
        "kelas",
        "class",
    ),
    "climate_index": (
        "indeks kerentanan iklim",
        "indeks sidik",
        "indeks kerentanan",
        "nilai kerentanan",
        "vulnerability index",
        "indeks",
        "index",
        "iv",
    ),
    **COMMON_COLUMNS,
}
# Columns read by people, not by the importer (names, results): never listed as ignored.
INFORMATIVE = (
    "region name",
    "nama wilayah",
    "nama desa",
    "desa",
    "desa/kelurahan",
    "kelurahan",
    "kecamatan",
    "provinsi",
    "no",
    "nomor",
    "hazard name",
    "risk ratio",
    "risk index computed",
    "risk class by index",
    "risk class by matrix",
    "risk class result",
    "risk basis",
    "climate vulnerability name",
)
# The class words named in problems (not translated: they are the words files use).
RISK_CLASS_WORDS = "Rendah, Sedang, Tinggi (low, medium, high)"
CLIMATE_CLASS_WORDS = (
    "Sangat Rendah, Rendah, Sedang, Tinggi, Sangat Tinggi (very low, low, medium, high, very high)"
)

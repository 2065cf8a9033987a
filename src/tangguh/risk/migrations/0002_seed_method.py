"""Seed the first risk method version from the defaults of tangguh.measures.risk.

The values are written out here (a migration must not change when the code's defaults change);
`tests/test_models.py` checks that they equal `RiskMethod()`'s defaults.
"""

from django.db import migrations
from django.utils.translation import gettext_noop

# The English texts below are stored as they are; pages show them in the user's language through
# the `translated` filter (tangguh.core.templatetags.stored_text), so they are declared here.
_ = gettext_noop

VERSION = "perka-2-2012/tangguh-2026.1"

SEED = {
    "version": VERSION,
    "title": _("Perka BNPB 2/2012 — tangguh defaults 2026.1"),
    "legal_basis": _(
        "Peraturan Kepala BNPB No. 2 Tahun 2012 tentang Pedoman Umum Pengkajian Risiko Bencana "
        "(risk R = H × V / C; indices on 0–1 in three classes rendah/sedang/tinggi; social "
        "vulnerability weights). Several parameters below were taken from secondary sources and "
        "must be checked against the printed regulation; see the evidence of each parameter."
    ),
    "class_threshold_low": "0.334",
    "class_threshold_high": "0.667",
    "normalisation": "geometric-lack-of-capacity",
    "class_rule": "matrix",
    "hv_matrix": [
        ["low", "low", "medium"],
        ["low", "medium", "high"],
        ["medium", "high", "high"],
    ],
    "hvc_matrix": [
        ["medium", "low", "low"],
        ["high", "medium", "low"],
        ["high", "high", "medium"],
    ],
    "social_weights": ["0.6", "0.1", "0.1", "0.1", "0.1"],
    "density_limits": ["500", "1000"],
    "ratio_limits": ["20", "40"],
    "evidence": {
        "class_thresholds": _(
            "[S] secondary sources print the classes as 0–0.333 / 0.334–0.666 / 0.667–1; not "
            "checked against the printed Perka. 0.334 keeps the class score 1/3 of a 'low' zone low."
        ),
        "normalisation": _(
            "[tangguh] the Perka gives R = H × V / C as a relationship, unbounded as C → 0; tangguh "
            "classes (H × V × (1 − C))^(1/3), which stays on 0–1 and keeps the components' scale "
            "(INFORM-like, drr.md §4, §6)."
        ),
        "class_rule": _(
            "[S] secondary sources say the final class per hazard comes from the matrix "
            "combination (H × V, then with C)."
        ),
        "hv_matrix": _("[U] symmetric matrix of tangguh; not checked against the printed Perka."),
        "hvc_matrix": _(
            "[U] the H × V matrix with the capacity columns reversed; check against the printed "
            "'matriks tingkat risiko' of Perka 2/2012."
        ),
        "social_weights": _(
            "[V] density 60 %, sex, poverty, disability and age-group ratios 10 % each."
        ),
        "density_limits": _(
            "[V] < 500, 500–1000, > 1000 people per km² (the log-scaled form is not used)."
        ),
        "ratio_limits": _("[V] < 20 %, 20–40 %, > 40 %."),
    },
    "notes": _(
        "Seeded from tangguh.measures.risk.RiskMethod(). [V] verified, [S] secondary source, "
        "[U] unverified, [tangguh] a choice of this application (drr.md §4)."
    ),
    "is_current": True,
}


def seed(apps, schema_editor):
    RiskMethodVersion = apps.get_model("risk", "RiskMethodVersion")
    if not RiskMethodVersion.objects.filter(version=VERSION).exists():
        RiskMethodVersion.objects.create(**SEED)


def unseed(apps, schema_editor):
    RiskMethodVersion = apps.get_model("risk", "RiskMethodVersion")
    RiskMethodVersion.objects.filter(version=VERSION, profiles__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("risk", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

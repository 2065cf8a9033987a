"""The demo's geography: the shipped NTT regions (a step of `tangguh demo`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tangguh.regions.loading import load_regions, shipped_files
from tangguh.regions.models import Region
from tangguh.regions.statistics import load_statistics


def load_demo() -> str:
    """Load the shipped geography; say what was loaded."""
    report = load_regions(shipped_files(), deactivate_missing=True)
    counts = {
        level: Region.objects.filter(level=level, is_active=True).count() for level in (1, 2, 3, 4)
    }
    loaded = (
        f"Regions: created {report.created} / updated {report.updated} / unchanged "
        f"{report.unchanged} / deactivated {report.deactivated}"
    )
    geography = _(
        "Geography: %(provinces)d province, %(regencies)d regencies/cities, "
        "%(districts)d sub-districts, %(villages)d villages"
    ) % {
        "provinces": counts[1],
        "regencies": counts[2],
        "districts": counts[3],
        "villages": counts[4],
    }
    statistics = load_statistics()
    poverty = _("BPS poverty statistics: %(count)d figures") % {
        "count": statistics.created + statistics.updated + statistics.unchanged
    }
    return f"{loaded}\n{geography}\n{poverty}"

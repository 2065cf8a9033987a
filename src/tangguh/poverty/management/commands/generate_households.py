"""`tangguh generate-households --region CODE --households N --seed S -o FILE.csv`: write a
synthetic registry calibrated to BPS's poverty rate and line of the region's regency/city."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils.translation import gettext as _

from tangguh.core.api import region_or_404
from tangguh.core.exporting import write_csv
from tangguh.poverty import synthetic
from tangguh.poverty.summaries import bps_series, regency_of
from tangguh.regions.models import Indicator


class Command(BaseCommand):
    """Write a synthetic household registry (every row labelled synthetic)."""

    help = (
        "Write a synthetic household registry for a regency/city (or one village) whose "
        "person-weighted poverty rate at BPS's poverty line of the year equals BPS's published "
        "P0. Rows are labelled synthetic. --year defaults to the latest year BPS published both."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="regency/city or village code")
        parser.add_argument("--households", type=int, required=True, help="how many households")
        parser.add_argument("--seed", type=int, default=1, help="random seed: same seed, same file")
        parser.add_argument("--year", type=int, help="the year whose BPS figures to reproduce")
        parser.add_argument("-o", "--output", required=True, help="the CSV file to write")
        parser.add_argument(
            "--with-nik",
            action="store_true",
            help="add NIKs of the right form with serial 0000, which is never issued",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            region = region_or_404(options["region"])
        except Http404 as exc:
            raise CommandError(str(exc)) from exc
        if region.level < 2:
            raise CommandError(_("Give a regency/city or a village, not a province."))
        count = options["households"]
        if not 1 <= count <= 10_000_000:
            raise CommandError(_("--households is a number from 1 to 10,000,000."))
        year = options["year"] or _latest_year(regency_of(region.code))
        if year is None:
            raise CommandError(_("BPS published no poverty rate and line of this region."))
        try:
            cal = synthetic.calibration(region, year)
        except synthetic.CannotCalibrate as exc:
            raise CommandError(str(exc)) from exc
        rows = synthetic.rows(cal, count, options["seed"], options["with_nik"])
        with open(options["output"], "w", encoding="utf-8", newline="") as handle:
            write_csv(handle, synthetic.HEADER, rows)
        self.stderr.write(
            _(
                "%(count)d synthetic households in %(villages)d villages, calibrated to BPS's "
                "P0 %(p0).2f %% at Rp%(line)s (%(regency)s, %(year)d)"
            )
            % {
                "count": count,
                "villages": len(cal.villages),
                "p0": cal.p0_percent,
                "line": f"{cal.line:,.0f}",
                "regency": cal.regency,
                "year": year,
            }
        )


def _latest_year(regency: str) -> int | None:
    years = [
        year
        for year, values in bps_series(regency).items()
        if Indicator.POVERTY_RATE in values and Indicator.POVERTY_LINE in values
    ]
    return max(years) if years else None

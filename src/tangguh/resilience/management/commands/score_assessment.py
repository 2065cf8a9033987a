"""`tangguh score-assessment INSTRUMENT ANSWERS.csv [--json]`: score a filled answers file
without storing anything."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tangguh.core.importing import Problems
from tangguh.measures import resilience as measure
from tangguh.resilience.answers_file import read_answers
from tangguh.resilience.models import Instrument


def _number(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    rounded = round(value, 4)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def result_data(instrument: Instrument, result: measure.Result) -> dict[str, Any]:
    """The result as the JSON output gives it (keys `score`, `class`, `indicators`)."""
    return {
        "instrument": instrument.code,
        "score": _number(result.score),
        "class": result.klass,
        "indicators": [
            {
                "indicator": i.key,
                "section": i.section,
                "relevant": i.relevant,
                "level": i.level,
                "score": _number(i.score),
                "flagged": list(i.flagged),
                "unanswered": list(i.unanswered),
            }
            for i in result.indicators
        ],
        "sections": [{"section": s.key, "score": _number(s.score)} for s in result.sections],
        "flagged": list(result.flagged),
        "rules": instrument.rules(),
    }


class Command(BaseCommand):
    help = "Score a filled answers file (columns question,answer) without storing anything."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instrument", help="instrument code, e.g. destana-2012 or ikd-2016")
        parser.add_argument("answers", type=Path, help="CSV or XLSX with columns question,answer")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument(
            "--hazards",
            default=None,
            help="hazard keys the region faces, comma-separated (indicators of other hazards "
            "are left out; default: every indicator counts)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        instrument = Instrument.objects.filter(code=options["instrument"]).first()
        if instrument is None:
            codes = ", ".join(Instrument.objects.values_list("code", flat=True))
            raise CommandError(
                _("no instrument %(code)s; known: %(codes)s")
                % {"code": options["instrument"], "codes": codes}
            )
        if instrument.is_placeholder:
            raise CommandError(
                _("%(code)s is an empty slot: its indicators are not loaded yet")
                % {"code": instrument.code}
            )
        path: Path = options["answers"]
        if not path.is_file():
            raise CommandError(_("file not found: %(files)s") % {"files": path})
        types = dict(instrument.questions.values_list("key", "answer_type"))
        problems = Problems()
        answers = read_answers(path, types, problems)
        if problems:
            for problem in problems.items:
                self.stderr.write(str(problem))
            raise CommandError(
                _("%(count)d problem(s) found; nothing was scored.") % {"count": len(problems)}
            )
        hazards = options["hazards"]
        region_hazards = (
            frozenset(h.strip() for h in hazards.split(",") if h.strip()) if hazards else None
        )
        result = measure.score(
            instrument.spec(), {k: v["answer"] for k, v in answers.items()}, region_hazards
        )
        data = result_data(instrument, result)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self._print(instrument, data)

    def _print(self, instrument: Instrument, data: dict[str, Any]) -> None:
        rules = data["rules"]
        self.stdout.write(f"{instrument.code} · {instrument.title}")
        self.stdout.write(_("score %(score)s") % {"score": data["score"]})
        self.stdout.write(_("class %(class)s") % {"class": data["class"] or "-"})
        unverified = _("unverified")
        basis = [
            f"{_('rule')} {rules['rule']}" + ("" if rules["rule_verified"] else f" ({unverified})")
        ]
        if rules["mapping"]:
            basis.append(
                f"{_('mapping')} {rules['mapping']}"
                + ("" if rules["mapping_verified"] else f" ({unverified})")
            )
        cuts = ", ".join(
            f"{c['key']} {'>' if c['above'] else '≥'} {c['minimum']}" for c in rules["classes"]
        )
        basis.append(
            f"{_('classes')} {cuts}" + ("" if rules["classes_verified"] else f" ({unverified})")
        )
        self.stdout.write("; ".join(basis))
        self.stdout.write(f"{_('indicator')}\t{_('level')}\t{_('score')}")
        for item in data["indicators"]:
            score = "-" if item["score"] is None else item["score"]
            note = "" if item["relevant"] else f"\t{_('not relevant')}"
            if item["flagged"]:
                note += "\t" + _("yes after no, not counted: %(keys)s") % {
                    "keys": ", ".join(item["flagged"])
                }
            self.stdout.write(f"{item['indicator']}\t{item['level'] or '-'}\t{score}{note}")

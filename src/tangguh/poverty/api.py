"""API of the poverty module under `/api/v1/poverty/…`, registered in tangguh/api_urls.py through
ROUTES and URLS:

- `poverty/households/` (read-only, identifiers masked: `has_nik`, `has_kk`) and
  `poverty/households/{id}/reveal/` (POST `{"reason": …}`: the identifiers, for a manager of the
  household's region; recorded);
- `poverty/targets/` (targets of regencies/cities; writes through the services);
- `poverty/measures/?region=&year=[&line=][&extreme=true]`: persons, poor_persons, p0, p1, p2
  (fractions) of a region's registry and the line used;
- `poverty/villages/?region=&year=`: every village's measures, ranked for attention;
- `poverty/statistics/?region=`: BPS's series and, apart, local estimates with their sources.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.accounts.models import Agency
from tangguh.core.api import (
    ModelSerializer,
    ReadOnlyScopedViewSet,
    ServiceViewSet,
    VisibleRelatedField,
)
from tangguh.core.scope import user_scope
from tangguh.planning.summaries import all_work_plan_items
from tangguh.poverty import coverage, ledger, services, summaries
from tangguh.poverty.filters import (
    BeneficiaryFilter,
    HouseholdFilter,
    ProgrammeFilter,
    TargetFilter,
)
from tangguh.poverty.ledger_api import ROUTES as LEDGER_ROUTES
from tangguh.poverty.ledger_api import ledger_day
from tangguh.poverty.models import (
    Beneficiary,
    FundLoan,
    Household,
    Programme,
    RevolvingFund,
    Sex,
    Target,
)
from tangguh.regions.api import RegionCodeField
from tangguh.regions.models import Level, Region


class HouseholdSerializer(ModelSerializer):
    """A household; its identifiers are never part of it (only whether there are any)."""

    region = serializers.CharField(source="region_id", read_only=True)
    head_sex = serializers.ChoiceField(choices=Sex.choices, allow_blank=True, read_only=True)
    has_nik = serializers.BooleanField(read_only=True)
    has_kk = serializers.BooleanField(read_only=True)

    class Meta:
        model = Household
        fields = [
            "id",
            "household_id",
            "year",
            "region",
            "members",
            "weight",
            "expenditure_per_capita",
            "welfare_score",
            "decile",
            "head_sex",
            "disabled_members",
            "elderly_members",
            "child_members",
            "latitude",
            "longitude",
            "has_nik",
            "has_kk",
            "synthetic",
            "source",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RevealSerializer(serializers.Serializer):
    """Why the identifiers are needed (recorded with the user's name)."""

    reason = serializers.CharField(max_length=500)


class IdentifiersSerializer(serializers.Serializer):
    nik = serializers.CharField()
    kk = serializers.CharField()


class HouseholdViewSet(ReadOnlyScopedViewSet):
    """Households of the registry in the user's regions (`?region=`, `?year=`, `?decile=`,
    `?decile_max=`, `?head_sex=`, `?below=` rupiah, `?q=` household id)."""

    model = Household
    serializer_class = HouseholdSerializer
    filterset_class = HouseholdFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().order_by("-year", "region_id", "household_id")

    @extend_schema(request=RevealSerializer, responses={200: IdentifiersSerializer})
    @action(detail=True, methods=["post"])
    def reveal(self, request: Request, pk: str | None = None) -> Response:
        """The household's NIK and KK number, for a manager of its region who says why; the
        reveal is recorded in the change log."""
        household: Household = self.get_object()
        body = RevealSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        shown = services.reveal_identifiers(
            household, actor=request.user, reason=body.validated_data["reason"]
        )
        response = Response(IdentifiersSerializer(shown).data)
        response["Cache-Control"] = "no-store"
        return response


class TargetSerializer(ModelSerializer):
    region = RegionCodeField()

    class Meta:
        model = Target
        fields = ["id", "region", "measure", "target_rate", "target_year", "basis", "notes"]
        read_only_fields = ["id"]


class TargetViewSet(ServiceViewSet):
    """Poverty-reduction targets of regencies/cities (`?region=`, `?year=`, `?measure=`)."""

    model = Target
    serializer_class = TargetSerializer
    filterset_class = TargetFilter
    create_service = services.create_target
    update_service = services.update_target
    delete_service = services.delete_target

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region")


class RegionYearSerializer(serializers.Serializer):
    region = RegionCodeField()
    year = serializers.IntegerField(min_value=1900, max_value=2200)
    line = serializers.FloatField(required=False, min_value=1)
    extreme = serializers.BooleanField(required=False, default=False)


def _visible_region(request: Request, query: serializers.Serializer) -> Region:
    if not query.is_valid():
        errors = query.errors.get("region") or []
        if any(getattr(e, "code", "") == "missing" for e in errors):
            raise exceptions.NotFound(str(errors[0]))
        raise exceptions.ValidationError(query.errors)
    region: Region = query.validated_data["region"]
    if not user_scope(request.user, "view").overlaps(region.code):
        raise exceptions.PermissionDenied(
            _("You have no access to region %(code)s.") % {"code": region.code}
        )
    return region


def _line(region: Region, data: dict[str, Any]) -> summaries.Line:
    year = data["year"]
    if data.get("line"):
        return summaries.given_line(data["line"], year)
    kind = summaries.EXTREME if data.get("extreme") else summaries.NATIONAL
    line = summaries.line_for(region.code, year, kind)
    if line is None:
        raise exceptions.ValidationError(
            {
                "line": _("No %(kind)s is known for %(code)s in %(year)d.")
                % {"kind": summaries.LINE_KINDS[kind], "code": region.code, "year": year}
            }
        )
    return line


QUERY = [
    OpenApiParameter("region", str, required=True, description="Region code, e.g. 53.71"),
    OpenApiParameter("year", int, required=True, description="The registry's year"),
    OpenApiParameter("line", float, description="Poverty line, rupiah per person per month"),
    OpenApiParameter("extreme", bool, description="Use the year's extreme-poverty line"),
]


@extend_schema(
    parameters=QUERY,
    responses=inline_serializer(
        "PovertyMeasures",
        {
            "region": serializers.CharField(),
            "year": serializers.IntegerField(),
            "households": serializers.IntegerField(),
            "persons": serializers.FloatField(),
            "poor_persons": serializers.FloatField(),
            "p0": serializers.FloatField(allow_null=True),
            "p1": serializers.FloatField(allow_null=True),
            "p2": serializers.FloatField(allow_null=True),
            "line": serializers.DictField(),
        },
    ),
)
@api_view(["GET"])
def measures(request: Request) -> Response:
    """P0, P1 and P2 (fractions) over the persons of a region's registry for a year, at BPS's
    poverty line of the region (or `line`, or the extreme-poverty line)."""
    query = RegionYearSerializer(data=request.query_params)
    region = _visible_region(request, query)
    data = query.validated_data
    line = _line(region, data)
    visible = Household.objects.restrict(request.user, "view")
    households = summaries.region_households(visible, region.code, data["year"]).count()
    result = summaries.measure(visible, region.code, data["year"], line)
    nan = result.p0 != result.p0
    return Response(
        {
            "region": region.code,
            "year": data["year"],
            "households": households,
            "persons": result.persons,
            "poor_persons": result.poor_persons,
            "p0": None if nan else result.p0,
            "p1": None if nan else result.p1,
            "p2": None if nan else result.p2,
            "line": line.as_dict(),
        }
    )


@extend_schema(
    parameters=QUERY[:2],
    responses=inline_serializer(
        "PovertyVillages",
        {
            "region": serializers.CharField(),
            "year": serializers.IntegerField(),
            "line": serializers.DictField(),
            "villages": serializers.ListField(child=serializers.DictField()),
        },
    ),
)
@api_view(["GET"])
def villages(request: Request) -> Response:
    """Every village of a region with registry households, ranked for attention (most poor
    persons, then the deepest poverty), with P0, P1, P2 and the extreme-poverty rate."""
    query = RegionYearSerializer(data=request.query_params)
    region = _visible_region(request, query)
    if region.level < Level.REGENCY:
        raise exceptions.ValidationError({"region": _("Give a regency/city or a sub-district.")})
    data = query.validated_data
    line = _line(region, {**data, "line": None, "extreme": False})
    extreme = summaries.line_for(region.code, data["year"], summaries.EXTREME)
    visible = Household.objects.restrict(request.user, "view")
    rows = summaries.priority_villages(
        summaries.village_measures(visible, region.code, data["year"], line, extreme)
    )
    return Response(
        {
            "region": region.code,
            "year": data["year"],
            "line": line.as_dict(),
            "villages": [{"rank": rank, **row.__dict__} for rank, row in enumerate(rows, start=1)],
        }
    )


class RegionQuery(serializers.Serializer):
    region = RegionCodeField()


@extend_schema(
    parameters=QUERY[:1],
    responses=inline_serializer(
        "PovertyStatistics",
        {
            "region": serializers.CharField(),
            "bps": serializers.ListField(child=serializers.DictField()),
            "bps_source": serializers.CharField(),
            "local_estimates": serializers.ListField(child=serializers.DictField()),
        },
    ),
)
@api_view(["GET"])
def statistics(request: Request) -> Response:
    """BPS's published series of a region (P0 %, poor people in thousands, P1, P2, poverty line
    in rupiah) and, apart, local estimates that are not BPS statistics, each with its source."""
    region = _visible_region(request, RegionQuery(data=request.query_params))
    series = summaries.bps_series(region.code)
    return Response(
        {
            "region": region.code,
            "bps": [
                {"year": year, **{k: float(v) for k, v in values.items()}}
                for year, values in sorted(series.items())
            ],
            "bps_source": summaries.statistic_source(region.code),
            "local_estimates": [
                {
                    "year": e.year,
                    "indicator": e.indicator,
                    "value": float(e.value),
                    "source": e.source,
                    "note": e.note,
                }
                for e in summaries.local_estimates(region.code)
            ],
        }
    )


class PovertyProgrammeSerializer(ModelSerializer):
    region = RegionCodeField()
    agency = VisibleRelatedField(Agency, allow_null=True, required=False)
    work_plan_item = VisibleRelatedField(
        all_work_plan_items().model, allow_null=True, required=False
    )

    class Meta:
        model = Programme
        fields = [
            "id",
            "region",
            "code",
            "name",
            "kind",
            "unit",
            "max_decile",
            "benefit_per_year",
            "agency",
            "sub_activity",
            "work_plan_item",
            "livelihood",
            "notes",
        ]
        read_only_fields = ["id"]


class ProgrammeViewSet(ServiceViewSet):
    """Poverty programmes (`?region=`, `?kind=`); writes through the services."""

    model = Programme
    serializer_class = PovertyProgrammeSerializer
    filterset_class = ProgrammeFilter
    create_service = services.create_programme
    update_service = services.update_programme
    delete_service = services.delete_programme

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region")


class BeneficiarySerializer(ModelSerializer):
    household_id = serializers.CharField(source="household.household_id", read_only=True)
    region = serializers.CharField(source="household.region_id", read_only=True)

    class Meta:
        model = Beneficiary
        fields = ["id", "programme", "household", "household_id", "region", "year", "benefit"]
        read_only_fields = fields


class BeneficiaryViewSet(ReadOnlyScopedViewSet):
    """Beneficiaries of programmes in the user's regions (`?region=`, `?year=`,
    `?programme=`); written by `tangguh import-beneficiaries` or the upload page."""

    model = Beneficiary
    serializer_class = BeneficiarySerializer
    filterset_class = BeneficiaryFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("household")


@extend_schema(
    parameters=QUERY[:2],
    responses=inline_serializer(
        "PovertyCoverage",
        {
            "region": serializers.CharField(),
            "year": serializers.IntegerField(),
            "programmes": serializers.ListField(child=serializers.DictField()),
            "overlaps": serializers.DictField(),
        },
    ),
)
@api_view(["GET"])
def programme_coverage(request: Request) -> Response:
    """Each programme's coverage of the eligible, the poor and the extreme poor, its inclusion
    and exclusion errors and leakage, and the overlaps of a regency/city's registry in a year."""
    query = RegionYearSerializer(data=request.query_params)
    region = _visible_region(request, query)
    if region.level != Level.REGENCY:
        raise exceptions.ValidationError({"region": _("Give a regency/city.")})
    year = query.validated_data["year"]
    visible = Household.objects.restrict(request.user, "view")
    programmes = list(Programme.objects.restrict(request.user, "view").applying_to(region.code))
    reg = coverage.registry(visible, region.code, year)
    found = coverage.overlaps(programmes, year, visible, region.code)
    return Response(
        {
            "region": region.code,
            "year": year,
            "programmes": [
                coverage.as_dict(coverage.programme_coverage(p, year, visible, reg))
                for p in programmes
            ],
            "overlaps": {
                "households_by_programme_count": [
                    {"programmes": n, "households": count} for n, count in found.by_count
                ],
                "poor_households": found.poor,
                "poor_in_no_programme": found.poor_in_none,
                "extreme_poor_in_no_programme": found.extreme_in_none,
            },
        }
    )


@extend_schema(
    parameters=[
        QUERY[0],
        OpenApiParameter("on", str, description="The day, YYYY-MM-DD (today by default)"),
    ],
    responses=inline_serializer(
        "FundLedger",
        {
            "region": serializers.CharField(),
            "on": serializers.DateField(),
            "villages": serializers.ListField(child=serializers.DictField()),
            "total": serializers.DictField(),
        },
    ),
)
@api_view(["GET"])
def fund_ledger(request: Request) -> Response:
    """Each kelurahan's revolving-fund ledger on a day within a region: capital, loans, lent,
    due, repaid, outstanding, arrears, loans in arrears and the repayment rate (a fraction of
    what fell due), the lowest rate first; and the total."""
    region = _visible_region(request, RegionQuery(data=request.query_params))
    on = ledger_day(request)
    found = RevolvingFund.objects.restrict(request.user, "view").within(region.code)
    loans = FundLoan.objects.restrict(request.user, "view")
    rows = ledger.by_village(found, loans, on)
    total = ledger.summary(ledger.loan_rows(loans.filter(fund__in=found), on))
    return Response(
        {
            "region": region.code,
            "on": on.isoformat(),
            "villages": [
                {
                    "code": v.code,
                    "name": v.name,
                    "funds": v.fund_count,
                    "capital": v.capital,
                    **ledger.ledger_dict(v.totals),
                }
                for v in rows
            ],
            "total": ledger.ledger_dict(total),
        }
    )


ROUTES = [
    *LEDGER_ROUTES,
    ("poverty/households", HouseholdViewSet, "poverty-household"),
    ("poverty/targets", TargetViewSet, "poverty-target"),
    ("poverty/programmes", ProgrammeViewSet, "poverty-programme"),
    ("poverty/beneficiaries", BeneficiaryViewSet, "poverty-beneficiary"),
]
URLS: list[tuple[str, Any, str]] = [
    ("poverty/measures/", measures, "poverty-measures"),
    ("poverty/villages/", villages, "poverty-villages"),
    ("poverty/statistics/", statistics, "poverty-statistics"),
    ("poverty/coverage/", programme_coverage, "poverty-coverage"),
    ("poverty/fund-ledger/", fund_ledger, "poverty-fund-ledger"),
]

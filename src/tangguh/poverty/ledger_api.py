"""API of the revolving funds, monitoring and livelihoods, under `/api/v1/poverty/…`:

- `poverty/revolving-funds/`, `poverty/fund-loans/`, `poverty/fund-repayments/` (writes through
  the services; a loan carries its standing on `?on=` or today: due, repaid, arrears, days late);
- (`poverty/fund-ledger/`, each kelurahan's ledger, is in `api`);
- `poverty/programme-outputs/`, `poverty/findings/` (`?overdue=true`);
- `poverty/livelihoods/`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.request import Request

from tangguh.core.api import ModelSerializer, ServiceViewSet
from tangguh.measures import funds
from tangguh.poverty import services
from tangguh.poverty.filters import (
    FindingFilter,
    FundFilter,
    LivelihoodFilter,
    LoanFilter,
    OutputFilter,
    RepaymentFilter,
)
from tangguh.poverty.models import (
    Finding,
    FundLoan,
    FundRepayment,
    Livelihood,
    ProgrammeOutput,
    RevolvingFund,
)
from tangguh.regions.api import RegionCodeField


def ledger_day(request: Request) -> dt.date:
    """The day a ledger is read on (`?on=YYYY-MM-DD`, else today)."""
    raw = request.query_params.get("on", "")
    if not raw:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise exceptions.ValidationError({"on": "YYYY-MM-DD"}) from exc


class FundSerializer(ModelSerializer):
    region = RegionCodeField()

    class Meta:
        model = RevolvingFund
        fields = [
            "id",
            "region",
            "name",
            "capital",
            "capital_source",
            "started_on",
            "programme",
            "notes",
        ]
        read_only_fields = ["id"]


class FundViewSet(ServiceViewSet):
    """Revolving funds of the kelurahan (`?region=`, `?programme=`, `?q=` name)."""

    model = RevolvingFund
    serializer_class = FundSerializer
    filterset_class = FundFilter
    create_service = services.create_fund
    update_service = services.update_fund
    delete_service = services.delete_fund

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region")


class LoanSerializer(ModelSerializer):
    standing = serializers.SerializerMethodField()

    class Meta:
        model = FundLoan
        fields = [
            "id",
            "fund",
            "borrower",
            "purpose",
            "amount",
            "issued_on",
            "instalments",
            "notes",
            "standing",
        ]
        read_only_fields = ["id", "standing"]

    @extend_schema_field(
        inline_serializer(
            "LoanStanding",
            {
                "on": serializers.DateField(),
                "due": serializers.IntegerField(),
                "repaid": serializers.IntegerField(),
                "arrears": serializers.IntegerField(),
                "outstanding": serializers.IntegerField(),
                "days_late": serializers.IntegerField(),
            },
        )
    )
    def get_standing(self, loan: FundLoan) -> dict[str, Any]:
        request = self.context.get("request")
        on = ledger_day(request) if request is not None else timezone.localdate()
        measured = funds.Loan(
            loan.amount,
            loan.issued_on,
            loan.instalments,
            [(r.paid_on, r.amount) for r in loan.repayments.all()],
        )
        s = funds.standing(measured, on)
        return {
            "on": on.isoformat(),
            "due": s.due,
            "repaid": s.repaid,
            "arrears": s.arrears,
            "outstanding": s.outstanding,
            "days_late": s.days_late,
        }


class LoanViewSet(ServiceViewSet):
    """Loans of the revolving funds (`?fund=`, `?region=`, `?year=` issued), each with its
    standing on `?on=YYYY-MM-DD` (today by default)."""

    model = FundLoan
    serializer_class = LoanSerializer
    filterset_class = LoanFilter
    create_service = services.create_loan
    update_service = services.update_loan
    delete_service = services.delete_loan

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("repayments")


class RepaymentSerializer(ModelSerializer):
    class Meta:
        model = FundRepayment
        fields = ["id", "loan", "paid_on", "amount", "notes"]
        read_only_fields = ["id"]


class RepaymentViewSet(ServiceViewSet):
    """Repayments of loans (`?loan=`, `?region=`, `?year=` paid)."""

    model = FundRepayment
    serializer_class = RepaymentSerializer
    filterset_class = RepaymentFilter
    create_service = services.create_repayment
    update_service = services.update_repayment
    delete_service = services.delete_repayment


class OutputSerializer(ModelSerializer):
    achievement = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = ProgrammeOutput
        fields = [
            "id",
            "programme",
            "year",
            "quarter",
            "indicator",
            "unit",
            "target",
            "achieved",
            "achievement",
            "notes",
        ]
        read_only_fields = ["id", "achievement"]


class OutputViewSet(ServiceViewSet):
    """Programme outputs against their quarterly targets (`?programme=`, `?region=`,
    `?year=`, `?quarter=`); `achievement` is achieved ÷ target."""

    model = ProgrammeOutput
    serializer_class = OutputSerializer
    filterset_class = OutputFilter
    create_service = services.create_output
    update_service = services.update_output
    delete_service = services.delete_output


class FindingSerializer(ModelSerializer):
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = [
            "id",
            "programme",
            "found_on",
            "source",
            "finding",
            "action",
            "owner",
            "due_on",
            "status",
            "done_on",
            "progress",
            "overdue",
        ]
        read_only_fields = ["id", "overdue"]

    def get_overdue(self, finding: Finding) -> bool:
        return finding.is_overdue()


class FindingViewSet(ServiceViewSet):
    """Monitoring findings on programmes with their follow-up (`?programme=`, `?region=`,
    `?year=` found, `?status=`, `?overdue=true`)."""

    model = Finding
    serializer_class = FindingSerializer
    filterset_class = FindingFilter
    create_service = services.create_finding
    update_service = services.update_finding
    delete_service = services.delete_finding


class LivelihoodSerializer(ModelSerializer):
    region = RegionCodeField()

    class Meta:
        model = Livelihood
        fields = ["id", "region", "commodity", "sector", "description", "source", "source_url"]
        read_only_fields = ["id"]


class LivelihoodViewSet(ServiceViewSet):
    """Economic potentials of villages and sub-districts with their source (`?region=`,
    `?sector=`, `?q=` commodity)."""

    model = Livelihood
    serializer_class = LivelihoodSerializer
    filterset_class = LivelihoodFilter
    create_service = services.create_livelihood
    update_service = services.update_livelihood
    delete_service = services.delete_livelihood

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region")


ROUTES = [
    ("poverty/revolving-funds", FundViewSet, "poverty-fund"),
    ("poverty/fund-loans", LoanViewSet, "poverty-loan"),
    ("poverty/fund-repayments", RepaymentViewSet, "poverty-repayment"),
    ("poverty/programme-outputs", OutputViewSet, "poverty-output"),
    ("poverty/findings", FindingViewSet, "poverty-finding"),
    ("poverty/livelihoods", LivelihoodViewSet, "poverty-livelihood"),
]

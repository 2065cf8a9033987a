"""Audited writes of the poverty module: targets, the reveal of a household's identifiers, and
(through `importers` and `estimates`) the registry and local estimates."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.core import audit
from tangguh.core.scope import user_scope
from tangguh.poverty import identifiers
from tangguh.poverty.beneficiaries import import_beneficiaries
from tangguh.poverty.importers import import_households
from tangguh.poverty.models import (
    Finding,
    FundLoan,
    FundRepayment,
    Household,
    IdentifierReveal,
    Livelihood,
    Programme,
    ProgrammeOutput,
    RevolvingFund,
    Target,
)

__all__ = [
    "can_reveal",
    "create_finding",
    "create_fund",
    "create_livelihood",
    "create_loan",
    "create_output",
    "create_programme",
    "create_repayment",
    "create_target",
    "delete_finding",
    "delete_fund",
    "delete_livelihood",
    "delete_loan",
    "delete_output",
    "delete_programme",
    "delete_repayment",
    "delete_target",
    "import_beneficiaries",
    "import_households",
    "reveal_identifiers",
    "update_finding",
    "update_fund",
    "update_livelihood",
    "update_loan",
    "update_output",
    "update_programme",
    "update_repayment",
    "update_target",
]
MIN_REASON = 10


def can_reveal(user: Any, household: Household) -> bool:
    """Whether a user may see a household's identifiers: a manager of its region."""
    return bool(user_scope(user, "manage").covers(household.region_id))


@transaction.atomic
def reveal_identifiers(household: Household, *, actor: Any, reason: str) -> dict[str, str]:
    """The household's NIK and KK number for a manager of its region who gives a reason; the
    reveal (who, when, why, not the numbers) is recorded and logged."""
    reason = " ".join(str(reason).split())
    if actor is None or not can_reveal(actor, household):
        raise PermissionDenied(
            _("Only a manager of %(region)s may see a household's identifiers.")
            % {"region": household.region_id}
        )
    if len(reason) < MIN_REASON:
        message = _("Say why you need the identifiers (at least %(count)d characters).")
        raise ValidationError({"reason": message % {"count": MIN_REASON}})
    audit.create_record(
        IdentifierReveal,
        actor=actor,
        needs="manage",
        household=household,
        region=household.region,
        user=actor,
        reason=reason[:500],
    )
    return {
        "nik": identifiers.decrypt(household.nik_token) if household.nik_token else "",
        "kk": identifiers.decrypt(household.kk_token) if household.kk_token else "",
    }


def create_target(*, actor: Any, **values: Any) -> Target:
    """Record a poverty-reduction target of a regency/city."""
    return audit.create_record(Target, actor=actor, **values)


def update_target(target: Target, *, actor: Any, **values: Any) -> Target:
    """Change a target."""
    return audit.update_record(target, actor=actor, **values)


def delete_target(target: Target, *, actor: Any) -> None:
    """Delete a target."""
    audit.delete_record(target, actor=actor)


def create_programme(*, actor: Any, **values: Any) -> Programme:
    """Record a poverty programme of a regency/city or the province."""
    return audit.create_record(Programme, actor=actor, **values)


def update_programme(programme: Programme, *, actor: Any, **values: Any) -> Programme:
    """Change a programme."""
    return audit.update_record(programme, actor=actor, **values)


def delete_programme(programme: Programme, *, actor: Any) -> None:
    """Delete a programme with its beneficiaries (each logged in its village), outputs and
    findings; the revolving funds it financed stay, without it."""
    with transaction.atomic():
        for beneficiary in programme.beneficiaries.select_related("household"):
            audit.delete_record(beneficiary, actor=actor)
        for item in [*programme.outputs.all(), *programme.findings.all()]:
            audit.delete_record(item, actor=actor)
        for fund in programme.funds.all():
            audit.update_record(fund, actor=actor, programme=None)
        audit.delete_record(programme, actor=actor)


# Revolving funds of the kelurahan: the fund, its loans, their repayments.


def create_fund(*, actor: Any, **values: Any) -> RevolvingFund:
    """Record a revolving fund of a kelurahan or village."""
    return audit.create_record(RevolvingFund, actor=actor, **values)


def update_fund(fund: RevolvingFund, *, actor: Any, **values: Any) -> RevolvingFund:
    """Change a revolving fund."""
    return audit.update_record(fund, actor=actor, **values)


@transaction.atomic
def delete_fund(fund: RevolvingFund, *, actor: Any) -> None:
    """Delete a fund with its loans and their repayments (each logged)."""
    for loan in fund.loans.all():
        delete_loan(loan, actor=actor)
    audit.delete_record(fund, actor=actor)


def create_loan(*, actor: Any, **values: Any) -> FundLoan:
    """Record a loan made by a fund."""
    return audit.create_record(FundLoan, actor=actor, **values)


def update_loan(loan: FundLoan, *, actor: Any, **values: Any) -> FundLoan:
    """Correct a loan."""
    return audit.update_record(loan, actor=actor, **values)


@transaction.atomic
def delete_loan(loan: FundLoan, *, actor: Any) -> None:
    """Delete a loan with its repayments (each logged)."""
    for repayment in loan.repayments.all():
        audit.delete_record(repayment, actor=actor)
    audit.delete_record(loan, actor=actor)


def create_repayment(*, actor: Any, **values: Any) -> FundRepayment:
    """Record a repayment of a loan (never more than is left to repay)."""
    return audit.create_record(FundRepayment, actor=actor, **values)


def update_repayment(repayment: FundRepayment, *, actor: Any, **values: Any) -> FundRepayment:
    """Correct a repayment."""
    return audit.update_record(repayment, actor=actor, **values)


def delete_repayment(repayment: FundRepayment, *, actor: Any) -> None:
    """Delete a repayment entered by mistake."""
    audit.delete_record(repayment, actor=actor)


# Monitoring and evaluation of programmes.


def create_output(*, actor: Any, **values: Any) -> ProgrammeOutput:
    """Record a programme's output target (and what it achieved) for a quarter."""
    return audit.create_record(ProgrammeOutput, actor=actor, **values)


def update_output(output: ProgrammeOutput, *, actor: Any, **values: Any) -> ProgrammeOutput:
    """Change an output: usually what it achieved."""
    return audit.update_record(output, actor=actor, **values)


def delete_output(output: ProgrammeOutput, *, actor: Any) -> None:
    """Delete an output."""
    audit.delete_record(output, actor=actor)


def create_finding(*, actor: Any, **values: Any) -> Finding:
    """Record a monitoring finding on a programme with its follow-up action, owner and date."""
    return audit.create_record(Finding, actor=actor, **values)


def update_finding(item: Finding, *, actor: Any, **values: Any) -> Finding:
    """Change a finding or report on its follow-up (`item`: the form has a `finding` field)."""
    return audit.update_record(item, actor=actor, **values)


def delete_finding(item: Finding, *, actor: Any) -> None:
    """Delete a finding."""
    audit.delete_record(item, actor=actor)


# Village livelihoods.


def create_livelihood(*, actor: Any, **values: Any) -> Livelihood:
    """Record a village's (or sub-district's) economic potential with its source."""
    return audit.create_record(Livelihood, actor=actor, **values)


def update_livelihood(livelihood: Livelihood, *, actor: Any, **values: Any) -> Livelihood:
    """Change a livelihood potential."""
    return audit.update_record(livelihood, actor=actor, **values)


def delete_livelihood(livelihood: Livelihood, *, actor: Any) -> None:
    """Delete a livelihood potential."""
    audit.delete_record(livelihood, actor=actor)

"""Add, change and delete pages of the poverty module's records: targets, programmes, revolving
funds (their loans and repayments as items), programme outputs and findings (items of a
programme), and livelihood potentials."""

from __future__ import annotations

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tangguh.core.crud import RecordPages
from tangguh.poverty import services
from tangguh.poverty.forms import (
    FindingForm,
    FundForm,
    LivelihoodForm,
    LoanForm,
    OutputForm,
    ProgrammeForm,
    RepaymentForm,
    TargetForm,
)
from tangguh.poverty.models import (
    Finding,
    FundLoan,
    FundRepayment,
    Livelihood,
    Programme,
    ProgrammeOutput,
    RevolvingFund,
    Target,
)

TARGET = RecordPages(
    model=Target,
    form=TargetForm,
    create=services.create_target,
    update=services.update_target,
    delete=services.delete_target,
    add_title=_("Record a poverty target"),
    edit_title=_("Edit poverty target"),
    list_url=reverse_lazy("poverty:target-list"),
    permission_field="region",
)
PROGRAMME = RecordPages(
    model=Programme,
    form=ProgrammeForm,
    create=services.create_programme,
    update=services.update_programme,
    delete=services.delete_programme,
    add_title=_("Record a programme"),
    edit_title=_("Edit programme"),
    list_url=reverse_lazy("poverty:programme-list"),
    permission_field="region",
)
FUND = RecordPages(
    model=RevolvingFund,
    form=FundForm,
    create=services.create_fund,
    update=services.update_fund,
    delete=services.delete_fund,
    add_title=_("Record a revolving fund"),
    edit_title=_("Edit revolving fund"),
    list_url=reverse_lazy("poverty:fund-list"),
    permission_field="region",
    prefill=("region",),
)
LIVELIHOOD = RecordPages(
    model=Livelihood,
    form=LivelihoodForm,
    create=services.create_livelihood,
    update=services.update_livelihood,
    delete=services.delete_livelihood,
    add_title=_("Record a livelihood potential"),
    edit_title=_("Edit livelihood potential"),
    list_url=reverse_lazy("poverty:livelihood-list"),
    permission_field="region",
    prefill=("region",),
)
# Items of a parent: /funds/1/loans/new/, /loans/5/repayments/new/, /programmes/2/findings/new/ …
ITEMS: dict[str, RecordPages] = {
    "loan": RecordPages(
        model=FundLoan,
        form=LoanForm,
        create=services.create_loan,
        update=services.update_loan,
        delete=services.delete_loan,
        add_title=_("Record a loan"),
        edit_title=_("Edit loan"),
        parent_model=RevolvingFund,
        parent_field="fund",
        anchor="loans",
        form_user=False,
    ),
    "repayment": RecordPages(
        model=FundRepayment,
        form=RepaymentForm,
        create=services.create_repayment,
        update=services.update_repayment,
        delete=services.delete_repayment,
        add_title=_("Record a repayment"),
        edit_title=_("Edit repayment"),
        parent_model=FundLoan,
        parent_field="loan",
        form_user=False,
    ),
    "output": RecordPages(
        model=ProgrammeOutput,
        form=OutputForm,
        create=services.create_output,
        update=services.update_output,
        delete=services.delete_output,
        add_title=_("Record a programme output"),
        edit_title=_("Edit programme output"),
        parent_model=Programme,
        parent_field="programme",
        anchor="outputs",
    ),
    "finding": RecordPages(
        model=Finding,
        form=FindingForm,
        create=services.create_finding,
        update=services.update_finding,
        delete=services.delete_finding,
        add_title=_("Record a finding"),
        edit_title=_("Edit finding"),
        parent_model=Programme,
        parent_field="programme",
        anchor="findings",
        form_user=False,
    ),
}

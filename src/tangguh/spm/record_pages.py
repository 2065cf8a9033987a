"""Add, change and delete pages of SPM service records and their quarterly figures."""

from __future__ import annotations

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tangguh.core.crud import RecordPages
from tangguh.spm import services
from tangguh.spm.forms import QuarterForm, RecordForm
from tangguh.spm.models import QuarterReport, ServiceRecord

RECORD = RecordPages(
    model=ServiceRecord,
    form=RecordForm,
    create=services.create_record,
    update=services.update_record,
    delete=services.delete_record,
    add_title=_("Record an SPM service"),
    edit_title=_("Edit SPM service record"),
    list_url=reverse_lazy("spm:record-list"),
    permission_field="region",
    prefill=("region", "year", "service"),
)
QUARTER = RecordPages(
    model=QuarterReport,
    form=QuarterForm,
    create=services.create_quarter,
    update=services.update_quarter,
    delete=services.delete_quarter,
    add_title=_("Record a quarter's figures"),
    edit_title=_("Edit a quarter's figures"),
    parent_model=ServiceRecord,
    parent_field="record",
    anchor="quarters",
)

"""Add, change and delete pages of poverty targets."""

from __future__ import annotations

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tangguh.core.crud import RecordPages
from tangguh.poverty import services
from tangguh.poverty.forms import ProgrammeForm, TargetForm
from tangguh.poverty.models import Programme, Target

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

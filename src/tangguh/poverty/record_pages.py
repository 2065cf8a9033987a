"""Add, change and delete pages of poverty targets."""

from __future__ import annotations

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tangguh.core.crud import RecordPages
from tangguh.poverty import services
from tangguh.poverty.forms import TargetForm
from tangguh.poverty.models import Target

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

"""Add, change and delete pages for agencies, declared once.

An agency returns to its own page after saving and to the agency list after deleting; a refusal
of the services (a region outside the user's, a duplicate code) lands on the form.
"""

from __future__ import annotations

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tangguh.accounts import services
from tangguh.accounts.forms import AgencyForm
from tangguh.accounts.models import Agency
from tangguh.core.crud import RecordPages

AGENCY = RecordPages(
    model=Agency,
    form=AgencyForm,
    create=services.create_agency,
    update=services.update_agency,
    delete=services.delete_agency,
    add_title=_("Add an agency"),
    edit_title=_("Edit agency"),
    list_url=reverse_lazy("accounts:agency-list"),
    delete_template="accounts/agency_confirm_delete.html",
    form_user=False,
    permission_field="region",
    saved_message=_("Agency saved."),
    deleted_message=_("Agency %(name)s deleted."),
)

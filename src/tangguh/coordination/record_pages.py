"""Add, change and delete pages of stakeholders, commitments, signatories and follow-up items,
declared once per kind. Signatories and follow-up items are added from their commitment's page
and return to it."""

from __future__ import annotations

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tangguh.coordination import services
from tangguh.coordination.forms import ActionForm, CommitmentForm, SignatoryForm, StakeholderForm
from tangguh.coordination.models import ActionItem, Commitment, Signatory, Stakeholder
from tangguh.core.crud import RecordPages

STAKEHOLDER = RecordPages(
    model=Stakeholder,
    form=StakeholderForm,
    create=services.create_stakeholder,
    update=services.update_stakeholder,
    delete=services.delete_stakeholder,
    add_title=_("Register a stakeholder"),
    edit_title=_("Edit stakeholder"),
    list_url=reverse_lazy("coordination:stakeholder-list"),
    permission_field="region",
)
COMMITMENT = RecordPages(
    model=Commitment,
    form=CommitmentForm,
    create=services.create_commitment,
    update=services.update_commitment,
    delete=services.delete_commitment,
    add_title=_("Record a commitment"),
    edit_title=_("Edit commitment"),
    list_url=reverse_lazy("coordination:commitment-list"),
    permission_field="region",
)
SIGNATORY = RecordPages(
    model=Signatory,
    form=SignatoryForm,
    create=services.create_signatory,
    update=services.update_signatory,
    delete=services.delete_signatory,
    add_title=_("Record a signatory"),
    edit_title=_("Edit signatory"),
    parent_model=Commitment,
    parent_field="commitment",
    anchor="signatories",
)
ACTION = RecordPages(
    model=ActionItem,
    form=ActionForm,
    create=services.create_action,
    update=services.update_action,
    delete=services.delete_action,
    add_title=_("Add a follow-up item"),
    edit_title=_("Edit follow-up item"),
    parent_model=Commitment,
    parent_field="commitment",
    anchor="actions",
    permission_field="region",
)

"""Small pages for the items of a plan or team (exercises, trainings, equipment, activations):
add, edit and delete, each returning to the parent's page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.preparedness import services
from tangguh.preparedness.forms import ActivationForm, EquipmentForm, ExerciseForm, TrainingForm
from tangguh.preparedness.models import (
    Activation,
    ContingencyPlan,
    Equipment,
    Exercise,
    PreparednessTeam,
    Training,
)
from tangguh.preparedness.views import record_for, show_errors


@dataclass(frozen=True)
class ItemKind:
    """How one kind of item is added, changed and deleted."""

    model: type[models.Model]
    form: type[ModelForm]
    parent_model: type[models.Model]
    parent_field: str
    anchor: str
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    add_title: str | Promise
    edit_title: str | Promise


ITEMS: dict[str, ItemKind] = {
    "exercise": ItemKind(
        Exercise,
        ExerciseForm,
        ContingencyPlan,
        "plan",
        "exercises",
        services.create_exercise,
        services.update_exercise,
        services.delete_exercise,
        gettext_lazy("Record an exercise"),
        gettext_lazy("Edit exercise"),
    ),
    "training": ItemKind(
        Training,
        TrainingForm,
        PreparednessTeam,
        "team",
        "trainings",
        services.create_training,
        services.update_training,
        services.delete_training,
        gettext_lazy("Record a training"),
        gettext_lazy("Edit training"),
    ),
    "equipment": ItemKind(
        Equipment,
        EquipmentForm,
        PreparednessTeam,
        "team",
        "equipment",
        services.create_equipment,
        services.update_equipment,
        services.delete_equipment,
        gettext_lazy("Record equipment"),
        gettext_lazy("Edit equipment"),
    ),
    "activation": ItemKind(
        Activation,
        ActivationForm,
        PreparednessTeam,
        "team",
        "activations",
        services.create_activation,
        services.update_activation,
        services.delete_activation,
        gettext_lazy("Record an activation"),
        gettext_lazy("Edit activation"),
    ),
}


def _back(item_kind: ItemKind, parent: Any) -> str:
    return f"{parent.get_absolute_url()}#{item_kind.anchor}"


def _render_form(
    request: HttpRequest, item_kind: ItemKind, form: ModelForm, parent: Any, item: Any
) -> HttpResponse:
    context = {
        "form": form,
        "parent": parent,
        "title": item_kind.edit_title if item else item_kind.add_title,
        "cancel": _back(item_kind, parent),
    }
    return render(request, "preparedness/item_form.html", context)


def _save(
    request: HttpRequest, item_kind: ItemKind, form: ModelForm, item: Any, parent: Any
) -> Any:
    values = {name: form.cleaned_data[name] for name in form._meta.fields or ()}
    try:
        if item is None:
            values[item_kind.parent_field] = parent
            return item_kind.create(actor=request.user, **values)
        return item_kind.update(item, actor=request.user, **values)
    except (ValidationError, PermissionDenied) as exc:
        show_errors(form, exc, "")
    return None


def _done(request: HttpRequest, item: Any, message: str) -> None:
    messages.success(request, message % {"item": capfirst(item._meta.verbose_name)})


def _form_page(request: HttpRequest, item_kind: ItemKind, item: Any, parent: Any) -> HttpResponse:
    """Show the item's form; on a valid POST save through the service and go back."""
    instance = item or item_kind.model(**{item_kind.parent_field: parent})
    form = item_kind.form(request.POST or None, instance=instance, user=request.user)  # type: ignore[call-arg]
    saved = None
    if request.method == "POST" and form.is_valid():
        saved = _save(request, item_kind, form, item, parent)
    if saved is not None:
        _done(request, saved, _("%(item)s saved."))
        return redirect(_back(item_kind, parent))
    return _render_form(request, item_kind, form, parent, item)


@login_required
def item_add(request: HttpRequest, kind: str, parent_pk: int) -> HttpResponse:
    """Add an item to a plan or team (the parent's page holds the same form)."""
    item_kind = ITEMS[kind]
    parent = record_for(request, item_kind.parent_model, parent_pk, "add")
    return _form_page(request, item_kind, None, parent)


@login_required
def item_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Correct an item."""
    item_kind = ITEMS[kind]
    item = record_for(request, item_kind.model, pk, "change")
    return _form_page(request, item_kind, item, getattr(item, item_kind.parent_field))


@login_required
def item_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Confirm and delete an item."""
    item_kind = ITEMS[kind]
    item = record_for(request, item_kind.model, pk, "delete")
    parent = getattr(item, item_kind.parent_field)
    if request.method == "POST":
        item_kind.delete(item, actor=request.user)
        _done(request, item, _("%(item)s deleted."))
        return redirect(_back(item_kind, parent))
    context = {
        "object": item,
        "kind": item._meta.verbose_name,
        "parent": parent,
        "cancel": _back(item_kind, parent),
    }
    return render(request, "preparedness/confirm_delete.html", context)

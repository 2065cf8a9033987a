"""Pages that add, change and delete records, declared once per kind of record.

`record_for` is the one way a page fetches a single record: 404 when there is no such record,
403 (the forbidden page) when it lies outside the regions where the user may do what they ask.
The API's `ScopedViewSetMixin.get_object` uses the same `fetch`. `RecordPages` declares how one
kind of record is added, changed and deleted (form, services, titles, where to go back) and gives
the three pages; every write goes through the app's services, whose refusals are put on the form
by `show_errors`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.forms import BaseForm, ModelForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from tangguh.core.scope import user_scope


def fetch(queryset: models.QuerySet[Any], pk: Any, user: Any, action: str = "view") -> Any:
    """The record `pk` of `queryset` if `user` may `action` it: Http404 when there is no such
    record, PermissionDenied when it lies outside the user's regions or role."""
    try:
        obj = queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404(_("This record does not exist.")) from exc
    manager = queryset.model._default_manager
    restrict = getattr(manager, "restrict", None)
    if restrict is None:
        allowed = user_scope(user, action).covers(getattr(obj, "region_id", None))
    elif action == "view" and getattr(queryset.model, "read_from_below", False):
        # Records that apply to the regions below theirs (a regency's planning calendar) are
        # read by the users of those regions too.
        allowed = manager.visible_from_below(user).filter(pk=obj.pk).exists()
    else:
        allowed = restrict(user, action).filter(pk=obj.pk).exists()
    if not allowed:
        raise PermissionDenied(_("This record belongs to a region outside yours."))
    return obj


def record_for(
    request: HttpRequest,
    source: type[models.Model] | models.QuerySet[Any],
    pk: Any,
    action: str = "view",
) -> Any:
    """A record the signed-in user may `action` (see `fetch`); `source` is a model or a queryset
    (for `select_related`), never restricted beforehand."""
    queryset = source if isinstance(source, models.QuerySet) else source._default_manager.all()
    return fetch(queryset, pk, request.user, action)


def show_errors(form: BaseForm, exc: ValidationError | PermissionDenied, field: str = "") -> None:
    """Put a service's refusal on the form: a ValidationError on its fields (or the form), a
    PermissionDenied on `field` when the form has it (else on the form)."""
    if isinstance(exc, PermissionDenied):
        form.add_error(field if field in form.fields else None, str(exc))
        return
    by_field = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
    for name, errors in by_field.items():
        form.add_error(name if name in form.fields else None, errors)


def form_values(form: BaseForm) -> dict[str, Any]:
    """The cleaned values of a model form's own fields, as keyword arguments for a service."""
    names = getattr(getattr(form, "_meta", None), "fields", None) or form.fields
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


def save_with(form: BaseForm, call: Callable[[], Any], *, permission_field: str = "") -> Any | None:
    """Call a service; on refusal put the reasons on the form and return None."""
    try:
        return call()
    except (ValidationError, PermissionDenied) as exc:
        show_errors(form, exc, permission_field)
    return None


@dataclass(frozen=True)
class RecordPages:
    """How one kind of record is added, changed and deleted on pages.

    For items of a parent record (a plan's exercises), `parent_model` and `parent_field` name the
    parent: adding needs the right to add in the parent's region, and every page returns to the
    parent's page (at `anchor`). Otherwise pages return to the record's own page after saving
    and to `list_url` after deleting.
    """

    model: type[models.Model]
    form: type[ModelForm]
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    add_title: str | Promise
    edit_title: str | Promise
    parent_model: type[models.Model] | None = None
    parent_field: str = ""
    anchor: str = ""
    list_url: Any = ""
    template: str = "core/record_form.html"
    delete_template: str = "core/confirm_delete.html"
    form_user: bool = True
    permission_field: str = ""
    # Messages after saving and deleting; %(item)s is the kind of record, %(name)s the record.
    saved_message: str | Promise = ""
    deleted_message: str | Promise = ""
    # Fields the add page fills in from the link that leads to it (`?region=53.01.27.2002`).
    prefill: tuple[str, ...] = ()

    def back(self, obj: Any) -> str:
        """Where a page returns to."""
        if self.parent_model is not None:
            parent = getattr(obj, self.parent_field)
            return (
                f"{parent.get_absolute_url()}#{self.anchor}"
                if self.anchor
                else (parent.get_absolute_url())
            )
        if obj is not None and obj.pk and hasattr(obj, "get_absolute_url"):
            return str(obj.get_absolute_url())
        return str(self.list_url)

    def _form(self, request: HttpRequest, instance: Any) -> ModelForm:
        kwargs: dict[str, Any] = {"instance": instance}
        if instance.pk is None and self.prefill:
            kwargs["initial"] = {
                name: request.GET[name][:200] for name in self.prefill if request.GET.get(name)
            }
        if self.form_user:
            kwargs["user"] = request.user
        return self.form(request.POST or None, request.FILES or None, **kwargs)

    def _page(self, request: HttpRequest, item: Any, instance: Any) -> HttpResponse:
        form = self._form(request, instance)
        saved = None
        if request.method == "POST" and form.is_valid():
            values = form_values(form)
            if item is None:
                if self.parent_model is not None:
                    values[self.parent_field] = getattr(instance, self.parent_field)
                saved = save_with(
                    form,
                    lambda: self.create(actor=request.user, **values),
                    permission_field=self.permission_field,
                )
            else:
                saved = save_with(
                    form,
                    lambda: self.update(item, actor=request.user, **values),
                    permission_field=self.permission_field,
                )
        if saved is not None:
            _done(request, saved, self.saved_message or _("%(item)s saved."))
            return redirect(self.back(saved))
        parent = getattr(instance, self.parent_field) if self.parent_model is not None else None
        context = {
            "form": form,
            "parent": parent,
            "object": item,
            "title": self.edit_title if item else self.add_title,
            "cancel": self.back(instance if item is None else item) or self.list_url,
        }
        return render(request, self.template, context)

    def add_view(self) -> Callable[..., HttpResponse]:
        """The page that adds a record (`parent_pk` in the URL for items of a parent)."""

        @login_required
        def add(request: HttpRequest, parent_pk: Any = None) -> HttpResponse:
            if self.parent_model is not None:
                parent = record_for(request, self.parent_model, parent_pk, "add")
                instance = self.model(**{self.parent_field: parent})
            else:
                if user_scope(request.user, "add").is_empty:
                    raise PermissionDenied(_("You need the editor role to add records."))
                instance = self.model()
            return self._page(request, None, instance)

        return add

    def edit_view(self) -> Callable[..., HttpResponse]:
        """The page that changes a record."""

        @login_required
        def edit(request: HttpRequest, pk: Any) -> HttpResponse:
            item = record_for(request, self.model, pk, "change")
            # A bound ModelForm writes the typed values into its instance while validating; the
            # form gets a copy, so the update service compares against the stored record.
            return self._page(request, item, copy.copy(item))

        return edit

    def delete_view(self) -> Callable[..., HttpResponse]:
        """The page that confirms and deletes a record."""

        @login_required
        def remove(request: HttpRequest, pk: Any) -> HttpResponse:
            item = record_for(request, self.model, pk, "delete")
            back = self.back(item) if self.parent_model is not None else self.list_url
            if request.method == "POST":
                refused = save_with_message(request, lambda: self.delete(item, actor=request.user))
                if not refused:
                    _done(request, item, self.deleted_message or _("%(item)s deleted."))
                    return redirect(back)
            context = {
                "object": item,
                "kind": item._meta.verbose_name,
                "parent": getattr(item, self.parent_field, None) if self.parent_field else None,
                "cancel": back if self.parent_model is not None else self.back(item),
            }
            return render(request, self.delete_template, context)

        return remove


def save_with_message(request: HttpRequest, call: Callable[[], Any]) -> bool:
    """Call a service; on refusal show the reason as a message. True when it was refused."""
    try:
        call()
    except (ValidationError, PermissionDenied) as exc:
        reasons = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        for reason in reasons:
            messages.error(request, reason)
        return True
    return False


def _done(request: HttpRequest, item: Any, message: str | Promise) -> None:
    names = {"item": capfirst(item._meta.verbose_name), "name": str(item)}
    messages.success(request, str(message) % names)

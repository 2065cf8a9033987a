"""API plumbing shared by every app: one error format, region filters, scoped viewsets."""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import QuerySet
from django.db.models.query_utils import DeferredAttribute
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, generics, serializers, status, viewsets
from rest_framework.relations import PKOnlyObject
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from tangguh.core.crud import fetch
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.core.parsers import RequestTooLarge
from tangguh.core.querysets import forget_rows, related_rows
from tangguh.core.scope import user_scope
from tangguh.regions.models import Region, UnknownRegion, find_region


def error_body(status_code: int, code: str, message: str, details: Any = None) -> dict[str, Any]:
    """The one error format of the API."""
    body: dict[str, Any] = {"status": status_code, "code": code, "message": message}
    if details:
        body["details"] = details
    return {"error": body}


def _message(detail: Any) -> str:
    if isinstance(detail, list) and detail:
        return _message(detail[0])
    if isinstance(detail, dict) and detail:
        key, value = next(iter(detail.items()))
        text = _message(value)
        return text if key in ("non_field_errors", "detail") else f"{key}: {text}"
    return str(detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn every error into {"error": {"status", "code", "message", "details"}}."""
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        code, message, details = "invalid", _message(response.data), response.data
    else:
        detail = (
            response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        )
        code = str(getattr(detail, "code", None) or getattr(exc, "default_code", "error"))
        message, details = str(detail), None
    response.data = error_body(response.status_code, str(code), message, details)
    return response


def region_or_404(raw: str, queryset: QuerySet[Region] | None = None) -> Region:
    """The region with code `raw` (dots optional), or 404."""
    try:
        return find_region(raw, queryset)
    except UnknownRegion as exc:
        raise Http404(str(exc)) from exc


class YearFilter(django_filters.NumberFilter):
    """A whole year; other input is a form error (400 in the API), never a crash."""

    field_class = forms.IntegerField  # type: ignore[assignment]  # a year is whole


class RegionScopedFilterSet(django_filters.FilterSet):
    """Filters every list of region-owned records accepts: `region` (a subtree) and `year`."""

    region = django_filters.CharFilter(
        method="filter_region", label=gettext_lazy("Region code (records within its subtree)")
    )
    year = YearFilter(
        method="filter_year", label=gettext_lazy("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR
    )

    def filter_region(self, queryset: Any, name: str, value: str) -> Any:
        """Records within a region's subtree; 404 for an unknown code, 403 outside one's regions."""
        region = region_or_404(value)
        user = getattr(self.request, "user", None)
        if not user_scope(user, "view").overlaps(region.code):
            raise DjangoPermissionDenied(
                _("You have no access to region %(code)s.") % {"code": region.code}
            )
        return queryset.within(region.code)

    def filter_year(self, queryset: Any, name: str, value: int) -> Any:
        """Records of a year (the form field checks it is a whole number from 1900 to 2200)."""
        return queryset.for_year(value)


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A related record named by its id, among those the requesting user may view (or, with
    `from_below`, read from below): any other id is refused as if there were no such record, so
    that a refusal never tells what another region's record holds, nor that it exists.

    It is every model serializer's related field (`CoreConfig.ready`): a foreign key to a
    region-owned model (one whose manager has `restrict`) is scoped without a declaration; a
    model read from below (`read_from_below`) is read from below. Other models are not
    restricted. Without a request in the serializer's context no region-owned record is found:
    pass `context={"request": request}` (viewsets do) to serializers built by hand.
    """

    def __init__(
        self,
        model: type[models.Model] | None = None,
        *,
        from_below: bool = False,
        action: str = "view",
        **kwargs: Any,
    ):
        if model is None and kwargs.get("queryset") is not None:
            model = kwargs["queryset"].model
        self.model, self.from_below, self.scope_action = model, from_below, action
        if model is not None and not kwargs.get("read_only"):
            kwargs.setdefault("queryset", model._default_manager.all())  # for the schema
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        assert queryset is not None, "a writable related field has a queryset"
        user = getattr(self.context.get("request"), "user", None)
        return visible_to(queryset, user, self.scope_action, from_below=self.from_below)


def visible_to(
    queryset: QuerySet[Any], user: Any, action: str = "view", *, from_below: bool = False
) -> QuerySet[Any]:
    """The records of `queryset` that `user` may `action` (view: or read from below, for models
    read from below or when asked); a model that does not belong to regions is not restricted."""
    manager: Any = queryset.model._default_manager
    if not hasattr(manager, "restrict"):
        return queryset
    below = from_below or getattr(queryset.model, "read_from_below", False)
    if action == "view" and below:
        allowed = manager.visible_from_below(user)
    else:
        allowed = manager.restrict(user, action)
    return queryset.filter(pk__in=allowed.values("pk"))


class ScopedViewSetMixin(generics.GenericAPIView):
    """Lists show what the user may view; a record outside their regions answers 403, not 404."""

    model: type[models.Model]
    lookup_field = "pk"

    def get_queryset(self) -> Any:
        return self.model.objects.restrict(self.request.user, "view")  # type: ignore[attr-defined]

    def get_object(self) -> Any:
        """The record of the URL: 404 when there is none, 403 outside the user's regions."""
        lookup = self.kwargs[self.lookup_field]
        base = self.model._default_manager.all()
        if self.lookup_field != "pk":
            found = base.filter(**{self.lookup_field: lookup}).values_list("pk", flat=True)
            lookup = next(iter(found[:1]), None)
        obj = fetch(base, lookup, self.request.user, "view")
        self.check_object_permissions(self.request, obj)
        return obj


class ReadOnlyScopedViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only API over region-owned records."""


class ServiceViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """A scoped viewset whose writes call the app's `create`, `update` and `delete` services
    (validated, kept within the user's regions, recorded in the change log).

    A service is called as `create_service(actor=user, **validated_data)`,
    `update_service(instance, actor=user, **validated_data)` and `delete_service(instance,
    actor=user)`; override `service_values` to adapt the serializer's data.
    """

    create_service: Any
    update_service: Any
    delete_service: Any

    def service_values(self, serializer: Any) -> dict[str, Any]:
        """The keyword arguments a create or update service receives."""
        return dict(serializer.validated_data)

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = type(self).create_service(
            actor=self.request.user, **self.service_values(serializer)
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = type(self).update_service(
            serializer.instance, actor=self.request.user, **self.service_values(serializer)
        )
        forget_rows(serializer.instance)  # the answer shows the related rows as they are now

    def perform_destroy(self, instance: Any) -> None:
        type(self).delete_service(instance, actor=self.request.user)


def created(data: Any) -> Response:
    """A 201 response."""
    return Response(data, status=status.HTTP_201_CREATED)


class ListedSerializer(serializers.ListSerializer):
    """A nested list read from the rows `core.querysets.listed` prefetched (else the relation)."""

    def get_attribute(self, instance: Any) -> Any:
        if len(self.source_attrs) == 1 and getattr(instance, "pk", None) is not None:
            return related_rows(instance, self.source_attrs[0])
        return super().get_attribute(instance)


class ListedManyRelatedField(serializers.ManyRelatedField):
    """A writable to-many field read from the rows `core.querysets.listed` prefetched."""

    def get_attribute(self, instance: Any) -> Any:
        if len(self.source_attrs) == 1 and getattr(instance, "pk", None) is not None:
            return related_rows(instance, self.source_attrs[0])
        return super().get_attribute(instance)


# A readable field, where its value lies in a record's own columns (or None), and whether the
# field writes that column's value as it is (a related record's primary key).
_Plan = list[tuple[serializers.Field, str, str | None, bool]]


def _column_of(field: serializers.Field, model: type[models.Model]) -> tuple[str | None, bool]:
    """The column a field reads unchanged from a record, if it is one of the record's own."""
    if len(field.source_attrs) != 1:
        return None, False
    try:
        column = model._meta.get_field(field.source_attrs[0])
    except FieldDoesNotExist:  # a property or a method: the slow way
        return None, False
    if not getattr(column, "concrete", False):
        return None, False
    kind = type(field)
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        plain_key = (  # reads and writes the key as DRF's own does (VisibleRelatedField)
            kind.get_attribute is serializers.RelatedField.get_attribute
            and kind.to_representation is serializers.PrimaryKeyRelatedField.to_representation
            and getattr(kind, "use_pk_only_optimization", None)
            is serializers.PrimaryKeyRelatedField.use_pk_only_optimization
        )
        if plain_key and column.many_to_one and field.pk_field is None:
            return getattr(column, "attname", None), True
        return None, False
    if column.is_relation or kind.get_attribute is not serializers.Field.get_attribute:
        return None, False
    if getattr(type(column), "descriptor_class", None) is not DeferredAttribute:  # a file, wrapped
        return None, False
    attname = getattr(column, "attname", None)
    return (attname, False) if attname == field.source_attrs[0] else (None, False)


class ModelSerializer(serializers.ModelSerializer):
    """DRF's model serializer, reading the record's own columns straight from the record.

    DRF looks every field up through a generic path (mapping or attribute, callable or not,
    missing or not): on a list of 50 records of 40 fields that path was a third of the
    answer's cost. A field that reads one of the record's own columns (or the primary key of a
    related record) takes the value from the loaded row instead; every other field, and any
    column not loaded, goes DRF's way. The answer is the same (tested against DRF's own)."""

    # Where each kind of field of each serializer reads (its fields are built anew per use).
    _columns: ClassVar[dict[tuple[Any, ...], tuple[str | None, bool]]] = {}

    def _plan(self) -> _Plan:
        plan: _Plan | None = self.__dict__.get("_fast_plan")
        if plan is None:
            model, plan = self.Meta.model, []
            for field in self._readable_fields:
                key = (type(self), field.field_name, type(field), field.source)
                found = self._columns.get(key)
                if found is None:
                    found = self._columns[key] = _column_of(field, model)
                plan.append((field, str(field.field_name), *found))
            self.__dict__["_fast_plan"] = plan
        return plan

    def to_representation(self, instance: Any) -> dict[str, Any]:
        row = getattr(instance, "__dict__", {})
        answer: dict[str, Any] = {}
        for field, name, column, as_is in self._plan():
            if column is not None and column in row:
                value = row[column]
            else:
                try:
                    value = field.get_attribute(instance)
                except serializers.SkipField:
                    continue
                key = value.pk if isinstance(value, PKOnlyObject) else value
                answer[name] = None if key is None else field.to_representation(value)
                continue
            answer[name] = value if value is None or as_is else field.to_representation(value)
        return answer

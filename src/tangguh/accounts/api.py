"""API for the current user, agencies and memberships."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.accounts import services
from tangguh.accounts.filters import AgencyFilter, MembershipFilter
from tangguh.accounts.models import Agency, Membership, User
from tangguh.core.api import ScopedViewSetMixin, created
from tangguh.core.scope import Role
from tangguh.regions.api import RegionCodeField


class MembershipSerializer(serializers.ModelSerializer):
    """A user's role in a region."""

    username = serializers.SlugRelatedField(
        source="user", slug_field="username", queryset=User.objects.all()
    )
    region = RegionCodeField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["id", "username", "region", "region_name", "role", "created_at"]
        read_only_fields = ["id", "created_at"]
        validators: list[Any] = []  # an existing membership gets its role changed by the service


class MeSerializer(serializers.ModelSerializer):
    """The signed-in user."""

    memberships = MembershipSerializer(many=True, read_only=True)
    agency: serializers.Field = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_superuser",
            "agency",
            "memberships",
        ]


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request: Request) -> Response:
    """The signed-in user and the regions they are a member of."""
    return Response(MeSerializer(request.user).data)


class AgencySerializer(serializers.ModelSerializer):
    """An agency (perangkat daerah) of a province or regency/city."""

    region = RegionCodeField()
    bidang_codes = serializers.ListField(child=serializers.CharField(max_length=8), required=False)

    class Meta:
        model = Agency
        fields = [
            "id",
            "region",
            "code",
            "name",
            "short_name",
            "bidang_codes",
            "valid_from",
            "valid_until",
        ]
        read_only_fields = ["id"]
        validators: list[Any] = []  # uniqueness is checked by the service's full_clean


class AgencyViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Agencies; writes need the editor role in the agency's region."""

    model = Agency
    serializer_class = AgencySerializer
    filterset_class = AgencyFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region")

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.create_agency(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.update_agency(
            serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance: Agency) -> None:
        services.delete_agency(instance, actor=self.request.user)


class MembershipViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Memberships in the user's regions; adding and removing them needs the manager role."""

    model = Membership
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter

    def get_queryset(self) -> Any:
        # Who holds which role is for managers, as on the members page.
        queryset = Membership.objects.restrict(self.request.user, "manage")
        return queryset.select_related("user", "region")

    @transaction.atomic
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Give a user a role in a region (or change their role there)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        membership = services.add_membership(
            data["user"], data["region"], data["role"], actor=request.user
        )
        return created(self.get_serializer(membership).data)

    def perform_destroy(self, instance: Membership) -> None:
        services.remove_membership(instance, actor=self.request.user)

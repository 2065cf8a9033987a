"""API for the current user, agencies and memberships."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.accounts import services
from tangguh.accounts.filters import AgencyFilter, MembershipFilter
from tangguh.accounts.models import Agency, Membership, User
from tangguh.core.api import ModelSerializer, ServiceViewSet
from tangguh.core.crud import fetch
from tangguh.core.scope import Role
from tangguh.regions.api import RegionCodeField


class UsernameField(serializers.CharField):
    """An account named by its username: read as the username, taken as the text typed (the
    service finds the account among those the actor reaches, never telling of others)."""

    def to_representation(self, value: Any) -> str:
        return str(value.get_username() if isinstance(value, User) else value)


class MembershipSerializer(ModelSerializer):
    """A user's role in a region."""

    username = UsernameField(
        source="user",
        max_length=150,
        help_text=(
            "An account already in the regions you manage, or a new account's username (the "
            "account is made without a password)."
        ),
    )
    email = serializers.EmailField(
        write_only=True, required=False, allow_blank=True, help_text="E-mail of a new account."
    )
    region = RegionCodeField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["id", "username", "email", "region", "region_name", "role", "created_at"]
        read_only_fields = ["id", "created_at"]
        validators: list[Any] = []  # an existing membership gets its role changed by the service


class MeSerializer(ModelSerializer):
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


class AgencySerializer(ModelSerializer):
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


class AgencyViewSet(ServiceViewSet):
    """Agencies; writes need the editor role in the agency's region."""

    model = Agency
    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    create_service = services.create_agency
    update_service = services.update_agency
    delete_service = services.delete_agency

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region")


class MembershipViewSet(ServiceViewSet):
    """Memberships in the user's regions; adding and removing them needs the manager role.

    Adding a membership a user already has in that region changes its role; there is no
    separate update.
    """

    model = Membership
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    http_method_names = ["get", "post", "delete", "head", "options"]
    create_service = services.add_member
    delete_service = services.remove_membership

    def get_queryset(self) -> Any:
        # Who holds which role is for managers, as on the members page.
        queryset = Membership.objects.restrict(self.request.user, "manage")
        return queryset.select_related("user", "region")

    def get_object(self) -> Membership:
        """The membership of the URL: 404 when there is none, 403 outside the regions the user
        manages (as on the members page)."""
        queryset = Membership.objects.select_related("user", "region")
        membership: Membership = fetch(queryset, self.kwargs["pk"], self.request.user, "manage")
        self.check_object_permissions(self.request, membership)
        return membership

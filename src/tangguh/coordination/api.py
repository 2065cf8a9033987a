"""API of coordination, registered in tangguh/api_urls.py through ROUTES:

- `/api/v1/stakeholders/` (contacts only for members of the stakeholder's region);
- `/api/v1/commitments/` with their regions, parties and signatories, and
  `/api/v1/commitment-signatories/` to write signatories;
- `/api/v1/forums/` and `/api/v1/meetings/` with their members and attendance (read-only);
- `/api/v1/actions/` (follow-up items; `?overdue=true`, `?stalled=true`, `?region=`,
  `?commitment=`, `?responsible=`, `?status=`, `?phase=`, `?year=` due), with their progress
  updates; `POST /api/v1/actions/{id}/progress/` reports progress (the only way a status
  changes; going back needs a note).

Every write goes through the services: validated, kept within the user's regions, logged.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.coordination import services
from tangguh.coordination.filters import (
    ActionFilter,
    CommitmentFilter,
    ForumFilter,
    MeetingFilter,
    SignatoryFilter,
    StakeholderFilter,
    SupportFilter,
)
from tangguh.coordination.models import (
    ActionItem,
    ActionStatus,
    Attendance,
    Commitment,
    Forum,
    ForumMember,
    Meeting,
    ProgressUpdate,
    Signatory,
    Stakeholder,
    SupportDelivery,
)
from tangguh.core.api import ModelSerializer, ServiceViewSet, VisibleRelatedField, created
from tangguh.core.scope import user_scope
from tangguh.planning.summaries import all_work_plan_items, partner_programmes
from tangguh.regions.api import RegionCodeField
from tangguh.regions.models import Region

CONTACTS = ("contact_person", "email", "phone")


# Described without an enum: other apps' records have a "status" enum too, and drf-spectacular
# would warn about the name collision.
@extend_schema_field(
    {
        "type": "string",
        "description": "One of: not_started, in_progress, delayed, done, cancelled.",
    }
)
class ActionStatusField(serializers.ChoiceField):
    """The status of a follow-up item."""


class StakeholderSerializer(ModelSerializer):
    """A party to coordination with its pentahelix element; its contacts are empty for readers
    outside its region."""

    region = RegionCodeField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    role = serializers.CharField(read_only=True)
    regions_of_work = serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=Region.objects.all(), required=False
    )

    class Meta:
        model = Stakeholder
        fields = [
            "id",
            "region",
            "region_name",
            "name",
            "category",
            "role",
            "agency",
            "contact_person",
            "email",
            "phone",
            "regions_of_work",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: list[Any] = []  # uniqueness is checked by the service's full_clean

    def to_representation(self, instance: Stakeholder) -> dict[str, Any]:
        data = super().to_representation(instance)
        user = getattr(self.context.get("request"), "user", None)
        if not user_scope(user, "view").covers(instance.region_id):
            for name in CONTACTS:
                data[name] = ""
        return data


class SignatorySerializer(ModelSerializer):
    """Who signed a commitment for a region."""

    commitment = VisibleRelatedField(Commitment, from_below=True)
    region = RegionCodeField()

    class Meta:
        model = Signatory
        fields = ["id", "commitment", "region", "name", "position", "institution", "category"]
        read_only_fields = ["id"]


class CommitmentSerializer(ModelSerializer):
    """A signed commitment: who convened, the regions that committed, the parties, signatories."""

    region = RegionCodeField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    regions = serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=Region.objects.all()
    )
    parties = VisibleRelatedField(Stakeholder, from_below=True, many=True, required=False)
    signatories = SignatorySerializer(many=True, read_only=True)
    document = serializers.FileField(read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "region",
            "region_name",
            "title",
            "text",
            "date",
            "place",
            "document",
            "regions",
            "parties",
            "signatories",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class ProgressSerializer(ModelSerializer):
    """A progress report on a follow-up item."""

    status = ActionStatusField(choices=ActionStatus.choices)

    class Meta:
        model = ProgressUpdate
        fields = ["id", "date", "status", "note", "realised", "evidence_url", "evidence", "by"]
        read_only_fields = ["id", "evidence", "by"]
        extra_kwargs = {"date": {"required": False}}


class ActionSerializer(ModelSerializer):
    """A follow-up item; `status` changes through `progress/`, `overdue` and `stalled` are
    computed."""

    commitment = VisibleRelatedField(Commitment, from_below=True)
    region = RegionCodeField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    responsible = VisibleRelatedField(Stakeholder, from_below=True, allow_null=True, required=False)
    supporting = VisibleRelatedField(Stakeholder, from_below=True, many=True, required=False)
    work_plan_item = VisibleRelatedField(
        all_work_plan_items().model,
        allow_null=True,
        required=False,
    )
    status = ActionStatusField(choices=ActionStatus.choices, read_only=True)
    overdue = serializers.SerializerMethodField()
    stalled = serializers.SerializerMethodField()
    updates = ProgressSerializer(many=True, read_only=True)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "commitment",
            "region",
            "region_name",
            "number",
            "issue",
            "phase",
            "action",
            "indicator",
            "target",
            "unit",
            "responsible",
            "supporting",
            "deadline",
            "funding",
            "work_plan_item",
            "status",
            "last_update_on",
            "overdue",
            "stalled",
            "updates",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "status", "last_update_on", "created_at", "updated_at"]

    def get_overdue(self, obj: ActionItem) -> bool:
        """Open and past its deadline."""
        return obj.is_overdue(timezone.localdate())

    def get_stalled(self, obj: ActionItem) -> bool:
        """Open and without a progress update for 60 days."""
        return obj.is_stalled(timezone.localdate())


class StakeholderViewSet(ServiceViewSet):
    """Stakeholders of the user's regions and of the province (`?region=`, `?category=`,
    `?q=`)."""

    model = Stakeholder
    serializer_class = StakeholderSerializer
    filterset_class = StakeholderFilter
    create_service = services.create_stakeholder
    update_service = services.update_stakeholder
    delete_service = services.delete_stakeholder

    def get_queryset(self) -> Any:
        return (
            Stakeholder.objects.visible_from_below(self.request.user)
            .select_related("region")
            .prefetch_related("regions_of_work")
        )


class CommitmentViewSet(ServiceViewSet):
    """Commitments of the user's regions and of the province (`?region=`, `?year=` signed,
    `?q=`), with their signatories."""

    model = Commitment
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilter
    create_service = services.create_commitment
    update_service = services.update_commitment
    delete_service = services.delete_commitment

    def get_queryset(self) -> Any:
        return (
            Commitment.objects.visible_from_below(self.request.user)
            .select_related("region")
            .prefetch_related("regions", "parties", "signatories")
        )


class SignatoryViewSet(ServiceViewSet):
    """Signatories of the commitments in the user's regions (`?region=`, `?commitment=`)."""

    model = Signatory
    serializer_class = SignatorySerializer
    filterset_class = SignatoryFilter
    create_service = services.create_signatory
    update_service = services.update_signatory
    delete_service = services.delete_signatory

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region")


class ActionViewSet(ServiceViewSet):
    """Follow-up items of the user's regions (`?overdue=true&region=53.71`, `?stalled=`,
    `?commitment=`, `?responsible=`, `?status=`, `?phase=`, `?year=`, `?q=`)."""

    model = ActionItem
    serializer_class = ActionSerializer
    filterset_class = ActionFilter
    create_service = services.create_action
    update_service = services.update_action
    delete_service = services.delete_action

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("region")
            .prefetch_related("supporting", "updates")
            .order_by("deadline", "pk")
        )

    @extend_schema(request=ProgressSerializer, responses={201: ProgressSerializer})
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        """Report progress: the new status (going back needs a note), a note, the realised
        value and a link to the evidence."""
        item: ActionItem = self.get_object()
        serializer = ProgressSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        update = services.record_progress(item, actor=request.user, **serializer.validated_data)
        return created(ProgressSerializer(update).data)


class ForumMemberSerializer(ModelSerializer):
    """A member of a forum."""

    class Meta:
        model = ForumMember
        fields = ["id", "person", "agency", "institution", "role"]


class ForumSerializer(ModelSerializer):
    """A forum with its legal basis; members read-only (written on its page)."""

    region = RegionCodeField()
    members = ForumMemberSerializer(many=True, read_only=True)
    document = serializers.FileField(read_only=True)

    class Meta:
        model = Forum
        fields = [
            "id",
            "region",
            "name",
            "decree_number",
            "decree_date",
            "document",
            "purpose",
            "members",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: list[Any] = []  # uniqueness is checked by the service's full_clean


class AttendanceSerializer(ModelSerializer):
    """Who came from one region and agency; counts are null when unknown."""

    region = RegionCodeField()

    class Meta:
        model = Attendance
        fields = ["id", "region", "agency", "women", "men", "with_disability"]


class MeetingSerializer(ModelSerializer):
    """A coordination meeting; attendance read-only (written on its page)."""

    region = RegionCodeField()
    forum = VisibleRelatedField(Forum, allow_null=True, required=False)
    attendance = AttendanceSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "region",
            "forum",
            "title",
            "date",
            "place",
            "agenda",
            "minutes",
            "decisions",
            "attendance",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class ForumViewSet(ServiceViewSet):
    """Forums of the user's regions (`?region=`, `?q=`), with their members."""

    model = Forum
    serializer_class = ForumSerializer
    filterset_class = ForumFilter
    create_service = services.create_forum
    update_service = services.update_forum
    delete_service = services.delete_forum

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region").prefetch_related("members")


class MeetingViewSet(ServiceViewSet):
    """Meetings of the user's regions (`?region=`, `?year=`, `?forum=`, `?q=`), with who came."""

    model = Meeting
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    create_service = services.create_meeting
    update_service = services.update_meeting
    delete_service = services.delete_meeting

    def get_queryset(self) -> Any:
        return (
            super().get_queryset().select_related("region").prefetch_related("attendance__region")
        )


@extend_schema_field(
    {"type": "string", "description": "One of: training, stimulus (stimulus package), other."}
)
class SupportKindField(serializers.ChoiceField):
    """The kind of support delivered (described without an enum: other apps have "kind" enums)."""


class SupportSerializer(ModelSerializer):
    """A training or stimulus package delivered in a village; counts are null when unknown."""

    kind = SupportKindField(choices=SupportDelivery.Kind.choices)
    region = RegionCodeField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    programme = VisibleRelatedField(
        partner_programmes().model, from_below=True, allow_null=True, required=False
    )

    class Meta:
        model = SupportDelivery
        fields = [
            "id",
            "region",
            "region_name",
            "programme",
            "kind",
            "what",
            "date",
            "women",
            "men",
            "children",
            "adults",
            "older",
            "with_disability",
            "value",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class SupportViewSet(ServiceViewSet):
    """Support delivered in the user's villages (`?region=`, `?year=`, `?programme=`,
    `?kind=`)."""

    model = SupportDelivery
    serializer_class = SupportSerializer
    filterset_class = SupportFilter
    create_service = services.create_support
    update_service = services.update_support
    delete_service = services.delete_support

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region")


ROUTES: list = [  # (prefix, viewset, basename)
    ("stakeholders", StakeholderViewSet, "stakeholder"),
    ("commitments", CommitmentViewSet, "commitment"),
    ("commitment-signatories", SignatoryViewSet, "commitment-signatory"),
    ("actions", ActionViewSet, "action"),
    ("forums", ForumViewSet, "forum"),
    ("meetings", MeetingViewSet, "meeting"),
    ("village-support", SupportViewSet, "village-support"),
]

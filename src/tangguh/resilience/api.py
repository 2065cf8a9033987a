"""API of the resilience app, registered in tangguh/api_urls.py through ROUTES.

`/api/v1/assessments/` lists, creates, changes (hazards, note) and deletes assessments in the
user's regions (`?region=`, `?year=`, `?instrument=CODE`, `?status=`, `?klass=`), each with its
score, class and the rules it was computed with; `POST …/{id}/answers/` answers questions
(`{"answers": {"1": {"answer": "ya", "evidence": "…"}}}`), and `POST …/{id}/submit/`,
`verify/`, `return/`, `reopen/` move it through verification (`{"comment": "…"}`).
`/api/v1/instruments/` lists the instruments with their rules (reference data).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import ModelSerializer, ServiceViewSet
from tangguh.regions.api import RegionCodeField
from tangguh.resilience import services
from tangguh.resilience.filters import AssessmentFilter
from tangguh.resilience.models import Answer, Assessment, Instrument, Review


class AnswerSerializer(ModelSerializer):
    """An answer with its evidence; `flagged` marks a yes after a no (kept, not counted)."""

    question = serializers.CharField(source="question.key", read_only=True)
    value = serializers.CharField(
        read_only=True, help_text="yes, no, or empty (a number question, or not answered)"
    )

    class Meta:
        model = Answer
        fields = [
            "question",
            "value",
            "number",
            "evidence",
            "evidence_link",
            "evidence_file",
            "comment",
            "flagged",
            "carried_over",
        ]
        read_only_fields = fields


class ReviewSerializer(ModelSerializer):
    """A step of verification."""

    class Meta:
        model = Review
        fields = ["action", "comment", "actor_name", "at"]
        read_only_fields = fields


class AssessmentSerializer(ModelSerializer):
    """An assessment: instrument by code, region by code; score, class and the rules used are
    computed from the answers."""

    instrument = serializers.SlugRelatedField(slug_field="code", queryset=Instrument.objects.all())
    region = RegionCodeField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    hazards = serializers.ListField(
        child=serializers.CharField(max_length=40), allow_null=True, required=False
    )
    class_ = serializers.CharField(source="klass", read_only=True, label="class")
    answers = AnswerSerializer(many=True, read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "instrument",
            "region",
            "region_name",
            "year",
            "status",
            "hazards",
            "note",
            "score",
            "class_",
            "scored_with",
            "flagged",
            "unanswered",
            "source",
            "submitted_at",
            "verified_at",
            "answers",
            "reviews",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "status",
            "score",
            "scored_with",
            "flagged",
            "unanswered",
            "source",
            "submitted_at",
            "verified_at",
            "created_at",
            "updated_at",
        ]

    def get_fields(self) -> dict[str, Any]:
        """The class is answered as `class` (a Python keyword, so declared as `class_`); renamed
        here, the schema and the answer agree."""
        fields = super().get_fields()
        fields["class"] = fields.pop("class_")
        return dict(fields)


class AnswersSerializer(serializers.Serializer):
    """Answers by question key."""

    answers = serializers.DictField(child=serializers.DictField())


class CommentSerializer(serializers.Serializer):
    """A comment on a verification step."""

    comment = serializers.CharField(required=False, allow_blank=True, default="")


class AssessmentViewSet(ServiceViewSet):
    """Assessments in the user's regions with their answers and verification trail."""

    model = Assessment
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    create_service = services.create_assessment
    update_service = services.update_assessment
    delete_service = services.delete_assessment

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("region", "instrument")
            .prefetch_related("answers__question", "reviews")
        )

    def service_values(self, serializer: Any) -> dict[str, Any]:
        values = dict(serializer.validated_data)
        if "hazards" in values and not values["hazards"]:
            values["hazards"] = None
        if serializer.instance is not None:
            for name in ("instrument", "region", "year"):
                values.pop(name, None)
        return values

    @extend_schema(request=AnswersSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def answers(self, request: Request, pk: str | None = None) -> Response:
        """Answer questions; every answer is checked before any is saved."""
        assessment = self.get_object()
        body = AnswersSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.save_answers(assessment, body.validated_data["answers"], actor=request.user)
        return Response(AssessmentSerializer(self.get_object()).data)

    def _step(self, request: Request, step: Any) -> Response:
        assessment = self.get_object()
        body = CommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        step(assessment, actor=request.user, comment=body.validated_data["comment"])
        return Response(AssessmentSerializer(self.get_object()).data)

    @extend_schema(request=CommentSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Send for verification."""
        return self._step(request, services.submit)

    @extend_schema(request=CommentSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        """Verify (editors of the verifying region): the assessment becomes final."""
        return self._step(request, services.verify)

    @extend_schema(request=CommentSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        """Return for correction, with a comment."""
        return self._step(request, services.return_for_correction)

    @extend_schema(request=CommentSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        """Reopen a final assessment for correction, with a comment."""
        return self._step(request, services.reopen)


class InstrumentSerializer(ModelSerializer):
    """An instrument with its rules and whether they are verified."""

    rules = serializers.SerializerMethodField()

    class Meta:
        model = Instrument
        fields = [
            "code",
            "title",
            "family",
            "status",
            "legal_basis",
            "level",
            "verifier_level",
            "rules",
        ]
        read_only_fields = fields

    def get_rules(self, obj: Instrument) -> dict[str, Any]:
        return obj.rules()


class InstrumentViewSet(viewsets.ReadOnlyModelViewSet):
    """The instruments (reference data every signed-in user reads)."""

    queryset = Instrument.objects.all()
    serializer_class = InstrumentSerializer
    lookup_field = "code"


ROUTES = [
    ("assessments", AssessmentViewSet, "assessment"),
    ("instruments", InstrumentViewSet, "instrument"),
]

"""API of the risk app: viewsets registered in tangguh/api_urls.py through ROUTES.

`/api/v1/risk-profiles/`, `/api/v1/climate-vulnerability/` and `/api/v1/risk-scores/` (BNPB's
IRBI) are region-scoped (`?region=`, `?year=`) with audited writes; `/api/v1/risk-methods/` lists
the method versions.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from tangguh.catalogues.models import HazardType
from tangguh.core.api import ModelSerializer, ServiceViewSet
from tangguh.regions.api import RegionCodeField
from tangguh.risk import services
from tangguh.risk.choices import RiskBasis, RiskLevel, ScoreBasis
from tangguh.risk.filters import ClimateVulnerabilityFilter, RiskProfileFilter, RiskScoreFilter
from tangguh.risk.models import ClimateVulnerability, RiskMethodVersion, RiskProfile, RiskScore


@extend_schema_field(
    {
        # A pattern rather than an enum: one choice set under seven field names would otherwise
        # be named seven times in the schema.
        "type": "string",
        "pattern": "^(" + "|".join(RiskLevel.values) + ")?$",
        "description": "low, medium or high (rendah, sedang, tinggi); empty when unknown",
    }
)
class RiskLevelField(serializers.ChoiceField):
    """A Perka 2/2012 class (one schema for every class field, without an enum per field)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("required", False)
        super().__init__(RiskLevel.choices, **kwargs)


class RiskProfileSerializer(ModelSerializer):
    """A risk profile: give indices (their classes are computed) or classes; the risk class,
    R = H × V / C and the normalised risk are computed with the method version."""

    region = RegionCodeField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    hazard = serializers.SlugRelatedField(slug_field="key", queryset=HazardType.objects.all())
    hazard_name = serializers.CharField(source="hazard.name", read_only=True)
    method = serializers.SlugRelatedField(
        slug_field="version",
        queryset=RiskMethodVersion.objects.all(),
        required=False,
        help_text="Method version; the current one when omitted.",
    )
    hazard_class = RiskLevelField()
    vulnerability_class = RiskLevelField()
    capacity_class = RiskLevelField()
    risk_class_given = RiskLevelField()
    risk_class_by_index = RiskLevelField(read_only=True)
    risk_class_by_matrix = RiskLevelField(read_only=True)
    risk_class = RiskLevelField(read_only=True)
    basis = serializers.ChoiceField(choices=RiskBasis.choices, read_only=True)
    origin = serializers.CharField(read_only=True)

    class Meta:
        model = RiskProfile
        fields = [
            "id",
            "region",
            "region_name",
            "hazard",
            "hazard_name",
            "year",
            "method",
            *RiskProfile.INPUT_FIELDS,
            *RiskProfile.COMPUTED_FIELDS,
            "source",
            "notes",
            "origin",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [*RiskProfile.COMPUTED_FIELDS, "origin", "created_at", "updated_at"]
        validators: list[Any] = []


class RiskProfileViewSet(ServiceViewSet):
    """Risk profiles in the user's regions (`?region=`, `?year=`, `?hazard=`, `?risk_class=`,
    `?basis=`, `?method=`)."""

    model = RiskProfile
    serializer_class = RiskProfileSerializer
    filterset_class = RiskProfileFilter
    create_service = services.create_risk_profile
    update_service = services.update_risk_profile
    delete_service = services.delete_risk_profile

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region", "hazard", "method")


class ClimateVulnerabilitySerializer(ModelSerializer):
    """A climate vulnerability class (SIDIK) of a village in a year."""

    region = RegionCodeField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    origin = serializers.CharField(read_only=True)

    class Meta:
        model = ClimateVulnerability
        fields = [
            "id",
            "region",
            "region_name",
            "year",
            "vulnerability_class",
            "index",
            "source",
            "notes",
            "origin",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["origin", "created_at", "updated_at"]
        validators: list[Any] = []


class ClimateVulnerabilityViewSet(ServiceViewSet):
    """Climate vulnerability in the user's regions (`?region=`, `?year=`,
    `?vulnerability_class=`)."""

    model = ClimateVulnerability
    serializer_class = ClimateVulnerabilitySerializer
    filterset_class = ClimateVulnerabilityFilter
    create_service = services.create_climate_vulnerability
    update_service = services.update_climate_vulnerability
    delete_service = services.delete_climate_vulnerability

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region")


class RiskScoreSerializer(ModelSerializer):
    """A regency's IRBI score (BNPB) of one year, for a hazard or (hazard null) all hazards,
    as published (not on 0–1); without a class, the class of BNPB's published bounds."""

    region = RegionCodeField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    hazard = serializers.SlugRelatedField(
        slug_field="key",
        queryset=HazardType.objects.all(),
        allow_null=True,
        required=False,
        help_text="Hazard key; null for the score of all hazards together.",
    )
    score_class = RiskLevelField()
    class_basis = serializers.ChoiceField(
        choices=ScoreBasis.choices, read_only=True, allow_blank=True
    )
    origin = serializers.CharField(read_only=True)

    class Meta:
        model = RiskScore
        fields = [
            "id",
            "region",
            "region_name",
            "hazard",
            "year",
            "score",
            "score_class",
            "class_basis",
            "source",
            "notes",
            "origin",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["class_basis", "origin", "created_at", "updated_at"]
        validators: list[Any] = []


class RiskScoreViewSet(ServiceViewSet):
    """IRBI scores of the regencies in the user's regions (`?region=`, `?year=`, `?hazard=`,
    `?all_hazards=true`)."""

    model = RiskScore
    serializer_class = RiskScoreSerializer
    filterset_class = RiskScoreFilter
    create_service = services.create_risk_score
    update_service = services.update_risk_score
    delete_service = services.delete_risk_score

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region", "hazard")


class RiskMethodVersionSerializer(ModelSerializer):
    """A risk method version with its parameters and legal basis."""

    class Meta:
        model = RiskMethodVersion
        fields = [
            "version",
            "title",
            "legal_basis",
            "class_threshold_low",
            "class_threshold_high",
            "normalisation",
            "class_rule",
            "hv_matrix",
            "hvc_matrix",
            "social_weights",
            "density_limits",
            "ratio_limits",
            "evidence",
            "notes",
            "is_current",
            "created_at",
        ]


class RiskMethodVersionViewSet(viewsets.ReadOnlyModelViewSet):
    """The versions of the risk method (reference data every signed-in user may read)."""

    queryset = RiskMethodVersion.objects.all()
    serializer_class = RiskMethodVersionSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "pk"
    filter_backends: list[Any] = []


ROUTES: list = [  # (prefix, viewset, basename)
    ("risk-profiles", RiskProfileViewSet, "risk-profile"),
    ("climate-vulnerability", ClimateVulnerabilityViewSet, "climate-vulnerability"),
    ("risk-scores", RiskScoreViewSet, "risk-score"),
    ("risk-methods", RiskMethodVersionViewSet, "risk-method"),
]

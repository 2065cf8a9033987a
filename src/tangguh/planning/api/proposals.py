"""API of the proposals (with their suggestions, recommendations, coding and decision) and of
the free-text matcher."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.accounts.models import Agency
from tangguh.catalogues.choices import DisasterPhase
from tangguh.catalogues.models import HazardType
from tangguh.core.api import (
    ListedManyRelatedField,
    ListedSerializer,
    ModelSerializer,
    ServiceViewSet,
    VisibleRelatedField,
    created,
)
from tangguh.core.querysets import listed
from tangguh.nomenclature.api import choice_field
from tangguh.nomenclature.models import Edition, Government
from tangguh.planning import services
from tangguh.planning.api.common import (
    MAX_TEXT_LENGTH,
    MAX_TEXTS,
    MAX_TOP,
    SubActivityCodeField,
    check_view,
    money_field,
    regency_of,
    sub_activity_for,
    year_field,
)
from tangguh.planning.api.suggestions import MarkWrongSerializer, WrongSuggestionSerializer
from tangguh.planning.filters import ProposalFilter
from tangguh.planning.models import (
    Outcome,
    PartnerProgramme,
    Proposal,
    ProposalLink,
    Recommendation,
    SourceKind,
    TrailLevel,
    Verdict,
    WorkPlanItem,
)
from tangguh.regions.api import RegionCodeField
from tangguh.regions.models import Level as RegionLevel
from tangguh.regions.models import Region


class RecommendationSerializer(ModelSerializer):
    """One level's recommendation on a proposal (village → sub-district → agency → Bappeda)."""

    level = choice_field(TrailLevel)
    verdict = choice_field(Verdict)
    volume = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal(0), allow_null=True, required=False
    )
    cost = money_field(allow_null=True, required=False)
    agency = VisibleRelatedField(Agency, allow_null=True, required=False)
    agency_name = serializers.CharField(source="agency.name", read_only=True, allow_null=True)

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "level",
            "verdict",
            "note",
            "volume",
            "cost",
            "agency",
            "agency_name",
            "by",
            "at",
        ]
        read_only_fields = ["id", "by", "at"]


class LinkSerializer(ModelSerializer):
    """A work-plan item answering a proposal, with the budget and location that answer it."""

    sub_activity = serializers.CharField(source="item.sub_activity.code", read_only=True)
    sub_activity_name = serializers.CharField(source="item.sub_activity.name", read_only=True)
    agency = serializers.IntegerField(source="item.agency_id", read_only=True)
    agency_name = serializers.CharField(source="item.agency.name", read_only=True)
    location = serializers.CharField(source="location_id", read_only=True, allow_null=True)
    location_name = serializers.CharField(source="location.name", read_only=True, allow_null=True)

    class Meta:
        model = ProposalLink
        fields = [
            "item",
            "sub_activity",
            "sub_activity_name",
            "agency",
            "agency_name",
            "budget",
            "location",
            "location_name",
        ]
        read_only_fields = fields


class ProposalSerializer(ModelSerializer):
    """A proposal (usulan) for a budget year with its recommendation trail, coding and decision.

    Counts of beneficiaries are null when unknown. The coding, the decision and the stage reached
    are set through `…/code/`, `…/decision/` and `…/recommendations/`."""

    region = RegionCodeField(help_text="The village (or sub-district) the proposal is for.")
    region_name = serializers.CharField(source="region.name", read_only=True)
    regency = serializers.CharField(source="regency_id", read_only=True)
    year = year_field(help_text="Budget year")
    source_kind = choice_field(SourceKind)
    estimated_cost = money_field(allow_null=True, required=False)
    hazards = ListedManyRelatedField(
        child_relation=serializers.SlugRelatedField(
            slug_field="key", queryset=HazardType.objects.all()
        ),
        required=False,
    )
    phases = serializers.ListField(child=choice_field(DisasterPhase), required=False)
    partner_programme = VisibleRelatedField(
        PartnerProgramme, from_below=True, allow_null=True, required=False
    )
    beneficiaries = serializers.IntegerField(read_only=True, allow_null=True)
    stage = choice_field(TrailLevel, "The highest level reached.", read_only=True)
    sub_activity = SubActivityCodeField(read_only=True, allow_null=True)
    sub_activity_name = serializers.CharField(
        source="sub_activity.name", read_only=True, allow_null=True
    )
    sub_activity_edition = serializers.CharField(
        source="sub_activity.edition.name", read_only=True, allow_null=True
    )
    agency_name = serializers.CharField(source="agency.name", read_only=True, allow_null=True)
    outcome = choice_field(Outcome, read_only=True)
    recommendations = ListedSerializer(child=RecommendationSerializer(), read_only=True)
    links = ListedSerializer(child=LinkSerializer(), read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "region",
            "region_name",
            "regency",
            "year",
            "reference",
            "source_kind",
            "title",
            "description",
            "problem",
            "volume",
            "unit",
            "estimated_cost",
            "priority",
            "women",
            "men",
            "disabled",
            "elderly",
            "children",
            "beneficiaries",
            "hazards",
            "phases",
            "poverty",
            "climate_adaptation",
            "livelihood",
            "livelihood_commodity",
            "partner_programme",
            "stage",
            "sub_activity",
            "sub_activity_name",
            "sub_activity_edition",
            "agency",
            "agency_name",
            "outcome",
            "outcome_reason",
            "deferred_to",
            "decided_at",
            "decided_by",
            "carried_from",
            "recommendations",
            "links",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "agency",
            "outcome_reason",
            "deferred_to",
            "decided_at",
            "decided_by",
            "carried_from",
            "created_at",
            "updated_at",
        ]
        validators: list[Any] = []  # the service checks the reference is unique in the regency


class ExampleSerializer(serializers.Serializer):
    """A coded example that voted for a suggestion: its text, whose it is ("region": coded by
    the planners of this regency/city; "shipped": a labelled text tangguh ships) and the share
    of its words found in the text (idf-weighted, 0–1)."""

    text = serializers.CharField()
    source = serializers.ChoiceField(  # type: ignore[assignment]  # DRF moves it off the class
        choices=["region", "shipped"]
    )
    similarity = serializers.FloatField()


class SuggestionSerializer(serializers.Serializer):
    """A suggested sub-activity with why: `score` is the calibrated confidence (about this
    share of such suggestions are the code planners choose), `matched` the words that matched,
    `examples` the coded examples that decided, `route` "kelurahan" for the sub-district's own
    sub-activity proposed beside an agency's small work in a kelurahan; the agencies of the
    regency/city that hold its field of affairs."""

    rank = serializers.IntegerField()
    sub_activity_code = serializers.CharField()
    sub_activity_name = serializers.CharField()
    score = serializers.FloatField(help_text="Calibrated confidence, 0–1.")
    explanation = serializers.CharField()
    matched = serializers.ListField(child=serializers.CharField())
    examples = ExampleSerializer(many=True)
    route = serializers.CharField(allow_blank=True)
    agency_hint = serializers.CharField()
    agencies = serializers.ListField(child=serializers.IntegerField())


class ContextSerializer(serializers.Serializer):
    """Where the text was read as coming from."""

    place_kind = serializers.CharField(allow_null=True, help_text="desa, kelurahan or null")
    region_kind = serializers.CharField(allow_null=True, help_text="regency, city or null")
    region = serializers.CharField(
        allow_null=True, help_text="The regency/city whose planners' codings and marks count."
    )


STATUS_HELP = (
    "ok; weak (nothing matches well: the nearest candidates, with low confidence); empty; "
    "no_words (only numbers, symbols, emoji); only_place (only a place name); unknown_words "
    "(no known word, e.g. another language); no_edition (no nomenclature loaded)."
)


def _suggestions(found: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "rank": rank,
            "sub_activity_code": match.item.code,
            "sub_activity_name": match.item.name,
            "score": round(float(match.score), 4),
            "explanation": match.explanation,
            "matched": list(match.matched),
            "examples": [
                {"text": e.text, "source": e.source, "similarity": e.similarity}
                for e in match.examples
            ],
            "route": match.route,
            "agency_hint": match.agency_hint,
            "agencies": [agency.pk for agency in match.agencies],
        }
        for rank, match in enumerate(found, start=1)
    ]


def found_body(found: Any) -> dict[str, Any]:
    """The status, message, places set aside, context and suggestions of one text."""
    context = found.context
    return {
        "status": found.status,
        "message": found.message,
        "places": list(found.places),
        "context": {
            "place_kind": context.place_kind,
            "region_kind": context.region_kind,
            "region": context.region,
        },
        "suggestions": _suggestions(found.matches),
    }


class ProposalMatchesSerializer(serializers.Serializer):
    """Suggestions for one proposal, read in its place's context, with why there is no (good)
    suggestion when that is so (`status`, and `message` in the request's language)."""

    proposal = serializers.IntegerField()
    edition = serializers.CharField(allow_null=True)
    status = serializers.CharField(help_text=STATUS_HELP)
    message = serializers.CharField(allow_blank=True)
    places = serializers.ListField(child=serializers.CharField())
    context = ContextSerializer()  # type: ignore[assignment]  # DRF moves it off the class
    suggestions = SuggestionSerializer(many=True)


class TopQuerySerializer(serializers.Serializer):
    """How many suggestions to return."""

    top = serializers.IntegerField(min_value=1, max_value=MAX_TOP, default=5)


class CodeSerializer(serializers.Serializer):
    """The sub-activity and the agency a proposal is coded to; an omitted field keeps its value,
    null clears it."""

    sub_activity = SubActivityCodeField(required=False, allow_null=True)
    agency = VisibleRelatedField(Agency, required=False, allow_null=True)


class LinkInputSerializer(serializers.Serializer):
    """A work-plan item that answers the proposal, the budget and the location that answer it."""

    item = VisibleRelatedField(WorkPlanItem)
    budget = money_field(default=Decimal(0))
    location = RegionCodeField(
        required=False, allow_null=True, help_text="Where; the proposal's location when omitted."
    )


class DecisionSerializer(serializers.Serializer):
    """The decision on a proposal: accommodated or partly (with the work-plan items that answer
    it), deferred (to a later year) or rejected (with a reason); undecided takes it back."""

    outcome = choice_field(Outcome)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    deferred_to = year_field(required=False, allow_null=True, default=None)
    links = LinkInputSerializer(many=True, required=False, default=list)


class ProposalViewSet(ServiceViewSet):
    """Proposals in the user's regions (`?region=` location within, `?year=`, `?source_kind=`,
    `?outcome=`, `?agency=`, `?stage=`, `?partner_programme=`, `?q=` words in the title,
    description, problem or reference). Writes follow the planning calendar."""

    model = Proposal
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    create_service = services.create_proposal
    update_service = services.update_proposal
    delete_service = services.delete_proposal

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("region", "sub_activity__edition", "agency")
            .prefetch_related(
                listed("hazards"),
                listed("recommendations", Recommendation.objects.select_related("agency")),
                listed(
                    "links",
                    ProposalLink.objects.select_related(
                        "item__sub_activity", "item__agency", "location"
                    ).defer(*(f"location__{name}" for name in Region.deferred_when_related)),
                ),
            )
        )

    def _fresh(self, proposal: Proposal) -> Any:
        return ProposalSerializer(self.get_queryset().get(pk=proposal.pk)).data

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "top", int, description=f"How many suggestions (1–{MAX_TOP}, default 5)"
            )
        ],
        responses=ProposalMatchesSerializer,
    )
    @action(detail=True, methods=["get"])
    def matches(self, request: Request, pk: str | None = None) -> Response:
        """The sub-activities most likely to answer the proposal, best first, read in the
        proposal's context (desa or kelurahan, regency or city, what the regency's planners
        taught), each with its calibrated confidence, why it is suggested, and the agencies of
        its regency/city that hold its field of affairs; `status` and `message` say why there is
        no (good) suggestion."""
        from tangguh.planning import matching  # the matcher is loaded on first use

        proposal: Proposal = self.get_object()
        query = TopQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        edition = matching.resolve_edition(None, proposal.year)
        found = matching.find_for(proposal, top=query.validated_data["top"])
        data = {
            "proposal": proposal.pk,
            "edition": edition.name if edition else None,
            **found_body(found),
        }
        return Response(ProposalMatchesSerializer(data).data)

    @extend_schema(request=MarkWrongSerializer, responses={201: WrongSuggestionSerializer})
    @action(detail=True, methods=["post"], url_path="mark-wrong")
    def mark_wrong(self, request: Request, pk: str | None = None) -> Response:
        """Mark a suggested sub-activity wrong for the proposal: it is no longer suggested for
        this proposal, or for proposals like it, in its regency/city (planners of the
        regency/city only)."""
        proposal: Proposal = self.get_object()
        serializer = MarkWrongSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        item = sub_activity_for(data["sub_activity"], proposal.year, proposal.regency)
        mark = services.mark_wrong(
            actor=request.user, proposal=proposal, sub_activity=item, note=data["note"]
        )
        return created(WrongSuggestionSerializer(mark).data)

    @extend_schema(request=RecommendationSerializer, responses={201: RecommendationSerializer})
    @action(detail=True, methods=["post"])
    def recommendations(self, request: Request, pk: str | None = None) -> Response:
        """Add a level's recommendation to the proposal's trail (village in the village,
        sub-district in the sub-district, agency and Bappeda in the regency/city)."""
        proposal: Proposal = self.get_object()
        serializer = RecommendationSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        recommendation = services.recommend(
            proposal, actor=request.user, **serializer.validated_data
        )
        return created(RecommendationSerializer(recommendation).data)

    @extend_schema(request=CodeSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def code(self, request: Request, pk: str | None = None) -> Response:
        """Code the proposal to a sub-activity (a code of the edition for its budget year) and
        the agency responsible."""
        proposal: Proposal = self.get_object()
        serializer = CodeSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        sub_activity = proposal.sub_activity
        if "sub_activity" in data:
            code = data["sub_activity"]
            sub_activity = (
                None if code is None else sub_activity_for(code, proposal.year, proposal.regency)
            )
        agency = data.get("agency", proposal.agency)
        services.code_proposal(
            proposal, actor=request.user, sub_activity=sub_activity, agency=agency
        )
        return Response(self._fresh(proposal))

    @extend_schema(request=None, responses={201: ProposalSerializer})
    @action(detail=True, methods=["post"], url_path="carry-forward")
    def carry_forward(self, request: Request, pk: str | None = None) -> Response:
        """Take a deferred proposal up again in the year it was deferred to (a new proposal
        there, linked to this one; that year's calendar must accept it)."""
        proposal: Proposal = self.get_object()
        carried = services.carry_forward(proposal, actor=request.user)
        return created(self._fresh(carried))

    @extend_schema(request=DecisionSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def decision(self, request: Request, pk: str | None = None) -> Response:
        """Record the decision on the proposal (only in the regency/city, and only until the
        RKPD is adopted)."""
        proposal: Proposal = self.get_object()
        serializer = DecisionSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        links = [
            services.LinkSpec(
                item=link["item"], budget=link["budget"], location=link.get("location")
            )
            for link in data["links"]
        ]
        services.decide(
            proposal,
            actor=request.user,
            outcome=data["outcome"],
            reason=data["reason"],
            deferred_to=data["deferred_to"],
            links=links,
        )
        return Response(self._fresh(proposal))


# ---------------------------------------------------------------------------------------------
# Matching free text


class MatchRequestSerializer(serializers.Serializer):
    """Texts to match: `text` or `texts` (one of them)."""

    text = serializers.CharField(required=False, max_length=MAX_TEXT_LENGTH)
    texts = serializers.ListField(
        child=serializers.CharField(max_length=MAX_TEXT_LENGTH),
        required=False,
        allow_empty=False,
        max_length=MAX_TEXTS,
    )
    top = serializers.IntegerField(min_value=1, max_value=MAX_TOP, default=5)
    edition = serializers.SlugRelatedField(
        slug_field="name",
        queryset=Edition.objects.all(),
        required=False,
        help_text="Edition name; the one for `year`, or the newest, when omitted.",
    )
    year = year_field(required=False, help_text="Budget year (chooses the edition).")
    government = choice_field(
        Government, "Whose list; by default that of `region`, or kabkota.", required=False
    )
    region = RegionCodeField(
        required=False,
        help_text="Where the texts come from: a village (desa or kelurahan), sub-district, "
        "regency/city or the province. The texts are read in that context (what its "
        "regency's planners taught counts) and its regency's agencies are named.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("text" in attrs) == ("texts" in attrs):
            raise serializers.ValidationError(
                {"texts": [_("Give either text or texts (a list of texts).")]}
            )
        return attrs


class MatchResultSerializer(serializers.Serializer):
    """The suggestions for one text, with why there is no (good) suggestion."""

    text = serializers.CharField()
    status = serializers.CharField(help_text=STATUS_HELP)
    message = serializers.CharField(allow_blank=True)
    places = serializers.ListField(child=serializers.CharField())
    suggestions = SuggestionSerializer(many=True)


class MatchResponseSerializer(serializers.Serializer):
    """Suggestions for every text, in the order given."""

    edition = serializers.CharField(allow_null=True)
    government = choice_field(Government)
    context = ContextSerializer()  # type: ignore[assignment]  # DRF moves it off the class
    results = MatchResultSerializer(many=True)


@extend_schema(request=MatchRequestSerializer, responses=MatchResponseSerializer)
@api_view(["POST"])
def matches(request: Request) -> Response:
    """Suggest sub-activities for free texts (e.g. proposals not yet entered). With `region`,
    the texts are read as coming from there (desa or kelurahan, regency or city, what its
    regency's planners taught) and each suggestion names the agencies of that regency/city
    that may carry it."""
    from tangguh.planning import matching  # the matcher is loaded on first use

    query = MatchRequestSerializer(data=request.data, context={"request": request})
    query.is_valid(raise_exception=True)
    data = query.validated_data
    texts = [data["text"]] if "text" in data else list(data["texts"])
    region: Region | None = data.get("region")
    government_region = None
    if region is not None:
        check_view(request.user, region)
        government_region = region if region.level == RegionLevel.PROVINCE else regency_of(region)
    government = data.get("government") or (
        services.government_of(government_region) if government_region else Government.KABKOTA
    )
    year = data.get("year")
    edition = matching.resolve_edition(data.get("edition"), year)
    found = matching.find_many(
        texts, edition=edition, year=year, government=government, region=region, top=data["top"]
    )
    context = matching.context_for(region)
    body = {
        "edition": edition.name if edition else None,
        "government": government,
        "context": {
            "place_kind": context.place_kind,
            "region_kind": context.region_kind,
            "region": context.region,
        },
        "results": [
            {"text": text, **found_body(result)} for text, result in zip(texts, found, strict=True)
        ],
    }
    return Response(MatchResponseSerializer(body).data)

"""The REST API, version 1."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from tangguh.accounts.api import AgencyViewSet, MembershipViewSet, me
from tangguh.catalogues.api import HazardTypeViewSet, disaster_phases
from tangguh.coordination.api import ROUTES as COORDINATION_ROUTES
from tangguh.core.api_views import ChangeViewSet, job_detail
from tangguh.disasters.api import EventViewSet, hazard_profile, hazard_ranking, sendai
from tangguh.nomenclature.api import ROUTES as NOMENCLATURE_ROUTES
from tangguh.planning.api import ROUTES as PLANNING_ROUTES
from tangguh.planning.api import URLS as PLANNING_URLS
from tangguh.poverty.api import ROUTES as POVERTY_ROUTES
from tangguh.poverty.api import URLS as POVERTY_URLS
from tangguh.preparedness.api import ROUTES as PREPAREDNESS_ROUTES
from tangguh.regions.api import RegionViewSet, StatisticViewSet
from tangguh.resilience.api import ROUTES as RESILIENCE_ROUTES
from tangguh.risk.api import ROUTES as RISK_ROUTES
from tangguh.spm.api import ROUTES as SPM_ROUTES
from tangguh.spm.api import URLS as SPM_URLS

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("region-statistics", StatisticViewSet, basename="region-statistic")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("changes", ChangeViewSet, basename="change")
router.register("hazards", HazardTypeViewSet, basename="hazard")
router.register("events", EventViewSet, basename="event")
for prefix, viewset, basename in [
    *RISK_ROUTES,
    *PREPAREDNESS_ROUTES,
    *NOMENCLATURE_ROUTES,
    *PLANNING_ROUTES,
    *SPM_ROUTES,
    *RESILIENCE_ROUTES,
    *COORDINATION_ROUTES,
    *POVERTY_ROUTES,
]:
    router.register(prefix, viewset, basename=basename)

app_name = "api"
urlpatterns = [
    path("me/", me, name="me"),
    path("disaster-phases/", disaster_phases, name="disaster-phases"),
    path("jobs/<uuid:job_id>/", job_detail, name="job-detail"),
    path("sendai/", sendai, name="sendai"),
    path("hazard-profile/", hazard_profile, name="hazard-profile"),
    path("hazard-ranking/", hazard_ranking, name="hazard-ranking"),
    *(path(route, view, name=name) for route, view, name in PLANNING_URLS),
    *(path(route, view, name=name) for route, view, name in SPM_URLS),
    *(path(route, view, name=name) for route, view, name in POVERTY_URLS),
    path("", include(router.urls)),
]

"""URL map: pages, the API under /api/v1/, the OpenAPI schema and its docs page."""

from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from tangguh.accounts.views import LoginView
from tangguh.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.health, name="health"),
    # Browsers ask for /favicon.ico whatever the page says; send them to the icon.
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("tangguh.accounts.urls")),
    path("", include("tangguh.core.urls")),
    path("regions/", include("tangguh.regions.urls")),
    path("hazards/", include("tangguh.catalogues.urls")),
    path("disasters/", include("tangguh.disasters.urls")),
    path("risk/", include("tangguh.risk.urls")),
    path("preparedness/", include("tangguh.preparedness.urls")),
    path("spm/", include("tangguh.spm.urls")),
    path("resilience/", include("tangguh.resilience.urls")),
    path("nomenclature/", include("tangguh.nomenclature.urls")),
    path("planning/", include("tangguh.planning.urls")),
    path("coordination/", include("tangguh.coordination.urls")),
    path("poverty/", include("tangguh.poverty.urls")),
    path("api/v1/", include("tangguh.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # The page and its script apart, so that the CSP needs no inline script.
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="core/swagger_ui.html"
        ),
        name="api-docs",
    ),
]

handler400 = "tangguh.core.views.bad_request"
handler403 = "tangguh.core.views.permission_denied"
handler404 = "tangguh.core.views.page_not_found"
handler500 = "tangguh.core.views.server_error"

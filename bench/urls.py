"""tangguh's URL map plus minimal views that serve as the baseline of HTTP benchmarks."""

import os

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from tangguh import urls as app_urls


def ok(request: HttpRequest) -> HttpResponse:
    """The cheapest Django answer: no database, no template (the baseline)."""
    return HttpResponse(b"ok", content_type="text/plain")


@login_required
def ok_signed_in(request: HttpRequest) -> HttpResponse:
    """Like `ok`, after loading the session and the signed-in user (two small queries)."""
    return HttpResponse(b"ok", content_type="text/plain")


def pid(request: HttpRequest) -> HttpResponse:
    """The id of the server process that answers (to spread keep-alive clients over workers)."""
    return HttpResponse(str(os.getpid()).encode(), content_type="text/plain")


urlpatterns = [
    path("bench/pid/", pid, name="bench-pid"),
    path("bench/ok/", ok, name="bench-ok"),
    path("bench/ok-signed-in/", ok_signed_in, name="bench-ok-signed-in"),
    *app_urls.urlpatterns,
]

handler400 = app_urls.handler400
handler403 = app_urls.handler403
handler404 = app_urls.handler404
handler500 = app_urls.handler500

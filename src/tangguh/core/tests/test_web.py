"""Sign-in throttling, language, error pages, health, and odd query input without a crash."""

from __future__ import annotations

import gzip

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def sign_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_signing_in_works_with_the_right_password(client, kupang_editor) -> None:
    response = sign_in(client, "kupang.editor", "a-long-test-password-1")
    assert response.status_code == 302


def sign_in_from(address: str, username: str, password: str):
    from django.test import Client

    return Client(REMOTE_ADDR=address).post(
        reverse("login"), {"username": username, "password": password}
    )


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_repeated_failures_make_that_account_wait_at_that_address(client, kupang_editor) -> None:
    for _ in range(3):
        assert sign_in(client, "kupang.editor", "wrong").status_code == 200
    waiting = sign_in(client, "kupang.editor", "a-long-test-password-1")
    assert waiting.status_code == 200
    assert "Too many failed sign-ins for this account from this device" in waiting.content.decode()


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_failures_from_many_addresses_never_lock_the_owner_out(kupang_editor) -> None:
    """Six wrong passwords from six addresses (and twenty more) leave the owner free to sign
    in from their own address."""
    for number in range(26):
        sign_in_from(f"10.0.0.{number + 10}", "kupang.editor", "wrong")
    assert sign_in_from("192.0.2.7", "kupang.editor", "a-long-test-password-1").status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_colleagues_behind_one_address_are_not_slowed_by_one_person(
    kupang_editor, kota_editor
) -> None:
    for _ in range(10):
        sign_in_from("203.0.113.5", "kupang.editor", "wrong")
    assert sign_in_from("203.0.113.5", "kota.editor", "a-long-test-password-1").status_code == 302
    # The one who failed waits at that address, not elsewhere.
    waiting = sign_in_from("203.0.113.5", "kupang.editor", "a-long-test-password-1")
    assert waiting.status_code == 200
    assert (
        sign_in_from("198.51.100.1", "kupang.editor", "a-long-test-password-1").status_code == 302
    )


@override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_DELAY_SECONDS=2, LOGIN_MAX_DELAY_SECONDS=60)
def test_the_wait_grows_with_each_failure_and_is_bounded() -> None:
    from tangguh.core.throttle import delay_after

    assert [delay_after(n) for n in range(9)] == [0, 0, 0, 2, 4, 8, 16, 32, 60]
    assert delay_after(10**6) == 60


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_a_try_during_the_wait_is_not_checked_nor_counted(client, kupang_editor) -> None:
    from tangguh.core.models import LoginAttempt

    for _ in range(3):
        sign_in(client, "kupang.editor", "wrong")
    sign_in(client, "kupang.editor", "another-guess")
    assert LoginAttempt.objects.filter(username="kupang.editor").count() == 3


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_a_success_clears_earlier_failures(client, kupang_editor) -> None:
    sign_in(client, "kupang.editor", "wrong")
    assert sign_in(client, "kupang.editor", "a-long-test-password-1").status_code == 302
    from tangguh.core.models import LoginAttempt

    assert not LoginAttempt.objects.filter(username="kupang.editor").exists()


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_an_administrator_sees_the_attempts_and_clears_a_wait(
    web, superuser, kupang_editor
) -> None:
    from tangguh.core.models import ChangeRecord

    for _ in range(4):
        sign_in_from("203.0.113.9", "kupang.editor", "wrong")
    assert sign_in_from("203.0.113.9", "kupang.editor", "a-long-test-password-1").status_code == 200
    assert web(kupang_editor).get(reverse("accounts:sign-in-attempts")).status_code == 403
    admin = web(superuser)
    page = admin.get(reverse("accounts:sign-in-attempts")).content.decode()
    assert "kupang.editor" in page
    assert "203.0.113.9" in page
    response = admin.post(
        reverse("accounts:sign-in-attempts"),
        {"username": "kupang.editor", "address": "203.0.113.9"},
    )
    assert response.status_code == 302
    assert sign_in_from("203.0.113.9", "kupang.editor", "a-long-test-password-1").status_code == 302
    change = ChangeRecord.objects.get(model="accounts.user", object_id=str(kupang_editor.pk))
    assert change.actor == superuser
    assert change.changes == {"failed_sign_ins": ["3 (203.0.113.9)", 0]}  # the 4th waited


def test_pages_are_indonesian_by_default(kupang_editor) -> None:
    from django.test import Client

    browser = Client()
    browser.force_login(kupang_editor)
    html = browser.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="id"' in html
    assert "Wilayah" in html
    assert "Regions" not in html


def test_the_language_switch_sets_english(web, kupang_editor) -> None:
    client = web(kupang_editor)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in html
    assert "Regions" in html


def test_api_clients_may_ask_for_english(api, kupang_editor) -> None:
    response = api(kupang_editor).get("/api/v1/regions/99/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en"
    assert "does not exist" in response.json()["error"]["message"]
    indonesian = api(kupang_editor).get("/api/v1/regions/99/", HTTP_ACCEPT_LANGUAGE="id")
    assert "tidak ada" in indonesian.json()["error"]["message"]


def test_the_forbidden_page_is_a_page(web, kupang_editor, kota_agency) -> None:
    response = web(kupang_editor).get(reverse("accounts:agency-detail", args=[kota_agency.pk]))
    assert response.status_code == 403
    assert "<html" in response.content.decode()


def test_health_answers_ok(client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_every_page_is_served_with_local_assets_only(web, kupang_editor) -> None:
    html = web(kupang_editor).get(reverse("regions:detail", args=["53.01"])).content.decode()
    assert "https://" not in html.replace("https://github.com", "")
    assert "/static/vendor/htmx/htmx.min.js" in html


@override_settings(LOGIN_FAILURE_WINDOW_SECONDS=60)
def test_old_failures_are_forgotten(client, kupang_editor) -> None:
    import datetime as dt

    from django.utils import timezone

    from tangguh.core.models import LoginAttempt

    old = LoginAttempt.objects.create(username="kupang.editor", address="10.0.0.1")
    LoginAttempt.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(hours=1))
    sign_in(client, "kupang.editor", "wrong")
    assert not LoginAttempt.objects.filter(pk=old.pk).exists()
    assert LoginAttempt.objects.filter(username="kupang.editor").count() == 1


@pytest.mark.parametrize("year", ["1800", "2025.5", "99999999999999999999", "abc"])
def test_a_bad_year_on_a_page_is_explained_not_a_crash(web, kupang_editor, year: str) -> None:
    for name in ("change-log", "accounts:agency-list"):
        response = web(kupang_editor).get(reverse(name), {"year": year})
        assert response.status_code == 200, (name, year)
        assert "errorlist" in response.content.decode()


@pytest.mark.parametrize("digits", ["²", "٢٠٢٣", "２０２３"])
@pytest.mark.parametrize(
    "path",
    [
        "/poverty/?region=53.71&year={}",
        "/poverty/villages/?region=53.71&year={}",
        "/poverty/programmes/?year={}",
        "/disasters/sendai/?year={}",
        "/disasters/events/?year={}",
        "/disasters/profile/53/?first={}&last={}",
        "/risk/?region=53.01&year={}",
        "/risk/map/?region=53.01&year={}",
        "/spm/?year={}",
        "/spm/reporting/?year={}",
        "/resilience/?year={}",
        "/resilience/overview/?year={}",
        "/preparedness/overview/?year={}",
        "/preparedness/plans/?year={}",
        "/regions/pick/?q=kup&least={}",
    ],
)
def test_digits_of_other_scripts_in_a_query_are_not_a_number_and_not_a_crash(
    web, province_manager, path: str, digits: str
) -> None:
    response = web(province_manager).get(path.format(digits, digits))
    assert response.status_code in (200, 400), response.status_code


@pytest.mark.parametrize(
    "path",
    ["/regions/?q=a%00", "/regions/search/?q=a%00", "/changes/?user=a%00", "/agencies/?q=a%00"],
)
def test_nul_characters_in_queries_are_harmless(web, kupang_editor, path: str) -> None:
    assert web(kupang_editor).get(path).status_code in (200, 400)


def test_pages_are_gzipped_for_browsers_that_accept_it(web, kupang_editor):
    client = web(kupang_editor)
    plain = client.get("/regions/53.01/")
    packed = client.get("/regions/53.01/", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content).count(b"<html") == plain.content.count(b"<html") == 1
    assert len(packed.content) < len(plain.content) / 2


def test_the_page_showing_a_new_api_token_is_never_compressed(web, kupang_editor):
    response = web(kupang_editor).post("/account/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response

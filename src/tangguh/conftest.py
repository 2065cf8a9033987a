"""Test fixtures: the real NTT geography loaded once per test database, users with memberships."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tangguh.accounts.models import User
from tangguh.accounts.tests.factories import AgencyFactory, UserFactory
from tangguh.nomenclature.loading import load_shipped
from tangguh.regions.loading import load_regions, shipped_files


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Load the shipped NTT geography once; each test then runs inside a rolled-back transaction."""
    with django_db_blocker.unblock():
        load_regions(shipped_files())
        load_shipped()


@pytest.fixture
def small_geography(db: Any) -> None:
    """Within this test: the province, its regencies and one city's sub-districts and villages
    (Kota Kupang, 53.71), without the nomenclature — for tests that copy or scan the whole
    database and need no more (backups). The session's full geography returns after the test."""
    from tangguh.nomenclature.models import Edition, Item
    from tangguh.regions.models import Region

    outside = Region.objects.exclude(code__startswith="53.71.")
    for level in (4, 3):
        outside.filter(level=level)._raw_delete(outside.db)
    Item.objects.all()._raw_delete(Item.objects.db)
    Edition.objects.all()._raw_delete(Edition.objects.db)


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """Each test starts with an empty cache: figures kept per generation of their data
    (core.generations) must not outlive the test whose rows they were computed from (a rolled
    back test leaves no token, and the next test's first token is the same "-")."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Tests read messages in English unless they switch language themselves."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    """Create a user with memberships given as {"53.01": "editor", ...}."""

    def make(
        username: str | None = None, members: dict[str, str] | None = None, **extra: Any
    ) -> User:
        user: User = UserFactory(**({"username": username} if username else {}), **extra)
        for code, role in (members or {}).items():
            user.memberships.create(region_id=code, role=role)
        return user

    return make


@pytest.fixture
def province_manager(make_user: Callable[..., User]) -> User:
    """A manager of the whole province (53)."""
    return make_user("prov.manager", {"53": "manager"})


@pytest.fixture
def kupang_editor(make_user: Callable[..., User]) -> User:
    """An editor of Kabupaten Kupang (53.01)."""
    return make_user("kupang.editor", {"53.01": "editor"})


@pytest.fixture
def kota_editor(make_user: Callable[..., User]) -> User:
    """An editor of Kota Kupang (53.71)."""
    return make_user("kota.editor", {"53.71": "editor"})


@pytest.fixture
def village_officer(make_user: Callable[..., User]) -> User:
    """An editor of the village Nuataus (53.01.27.2002) only."""
    return make_user("nuataus.officer", {"53.01.27.2002": "editor"})


@pytest.fixture
def superuser(make_user: Callable[..., User]) -> User:
    """A superuser without memberships."""
    return make_user("root", is_superuser=True, is_staff=True)


@pytest.fixture
def kota_agency(db: Any) -> Any:
    """An agency of Kota Kupang."""
    return AgencyFactory(region_id="53.71", code="1.05.0.00.0.00.01.0000", short_name="BPBD")


@pytest.fixture
def kupang_agency(db: Any) -> Any:
    """An agency of Kabupaten Kupang."""
    return AgencyFactory(region_id="53.01", code="1.05.0.00.0.00.01.0000", short_name="BPBD")


@pytest.fixture
def client() -> Client:
    """A test browser that has chosen English (pages default to Indonesian otherwise)."""
    from django.conf import settings

    browser = Client()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return browser


@pytest.fixture
def web(client: Client) -> Callable[[User], Client]:
    """A browser-like client signed in as the given user."""

    def sign_in(user: User) -> Client:
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def api() -> Callable[[User | None], APIClient]:
    """An API client authenticated with the given user's token (anonymous for None)."""

    keys: dict[int, str] = {}  # one token per user within a test (only its digest is stored)

    def make(user: User | None) -> APIClient:
        from tangguh.accounts.models import ApiToken

        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            key = keys.get(user.pk)
            stored = ApiToken.objects.filter(user=user, digest=ApiToken.digest_of(key or ""))
            if key is None or not stored.exists():
                key = keys[user.pk] = ApiToken.new_key()
                ApiToken.objects.update_or_create(
                    user=user, defaults={"digest": ApiToken.digest_of(key), "prefix": key[:8]}
                )
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


@pytest.fixture
def planning_calendar(db: Any) -> Callable[..., int]:
    """Set a regency's planning calendar: `planning_calendar("53.01", state="open")`.

    state "open": every stage lies ahead (proposals, decisions and work plans all open);
    "decisions": the sub-district forum is over but the RKPD not yet adopted; "closed": every
    stage is over. Returns the budget year (next year unless `year` is given)."""
    import datetime as dt

    from tangguh.planning.models import PlanningStage, Stage
    from tangguh.planning.rules import today

    def make(region: str, *, state: str = "open", year: int | None = None) -> int:
        now = today()
        year = year or now.year + 1
        if state == "open":
            start = now + dt.timedelta(days=10)
        elif state == "decisions":
            start = now - dt.timedelta(days=60)
        elif state == "closed":
            start = now - dt.timedelta(days=400)
        else:
            raise ValueError(state)
        # 20 days a stage: in "decisions", the village and sub-district forums and Forum PD are
        # over and the regency/city forum is under way.
        for number, stage in enumerate(Stage):
            starts = start + dt.timedelta(days=20 * number)
            PlanningStage.objects.update_or_create(
                region_id=region,
                year=year,
                stage=stage,
                defaults={"starts": starts, "ends": starts + dt.timedelta(days=14)},
            )
        return year

    return make

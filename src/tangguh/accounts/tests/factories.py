"""factory-boy factories for accounts."""

from __future__ import annotations

import factory

from tangguh.accounts.models import Agency, User


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a usable password (`a-long-test-password-1`)."""

    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a-long-test-password-1")


class AgencyFactory(factory.django.DjangoModelFactory):
    """An agency of Kabupaten Kupang unless told otherwise."""

    class Meta:
        model = Agency

    region_id = "53.01"
    code = factory.Sequence(lambda n: f"9.99.0.00.0.00.{n:02d}.0000")
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    short_name = factory.Sequence(lambda n: f"DU{n}")
    bidang_codes = factory.LazyFunction(lambda: ["1.05"])

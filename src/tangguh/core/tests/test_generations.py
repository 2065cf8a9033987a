"""Figures kept per generation of their data: computed once, computed again after a write,
never served for other data after a rollback."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import transaction

from tangguh.core import generations
from tangguh.core.models import Generation

pytestmark = pytest.mark.django_db


def counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return compute, calls


def test_figures_are_computed_once_per_generation():
    cache.clear()
    compute, calls = counter()
    assert generations.memoised("test", ("a",), compute) == 1
    assert generations.memoised("test", ("a",), compute) == 1
    assert generations.memoised("test", ("b",), compute) == 2  # other parts, other entry
    generations.bump("test")
    assert generations.memoised("test", ("a",), compute) == 3
    assert len(calls) == 3


def test_figures_read_from_two_kinds_are_computed_again_after_a_write_of_either():
    cache.clear()
    compute, _calls = counter()
    kinds = ("first", "second")
    assert generations.memoised(kinds, ("a",), compute) == 1
    assert generations.memoised(kinds, ("a",), compute) == 1
    generations.bump("second")
    assert generations.memoised(kinds, ("a",), compute) == 2
    generations.bump("first")
    assert generations.memoised(kinds, ("a",), compute) == 3
    assert generations.memoised("first", ("a",), compute) == 4  # one kind is another entry


def test_a_rolled_back_write_never_brings_its_token_back():
    generations.bump("test")
    before = generations.token("test")
    seen: set[str] = set()

    def write_then_fail() -> None:
        with transaction.atomic():
            generations.bump("test")
            seen.add(generations.token("test"))
            raise RuntimeError

    for _ in range(3):
        with pytest.raises(RuntimeError):
            write_then_fail()
        assert generations.token("test") == before
    generations.bump("test")
    assert generations.token("test") not in seen | {before}


def test_two_read_models_with_the_same_parts_keep_apart():
    cache.clear()

    def one():
        return "one"

    def two():
        return "two"

    assert generations.memoised("test", ("x",), one) == "one"
    assert generations.memoised("test", ("x",), two) == "two"


def test_the_generations_are_left_out_of_backups():
    from tangguh.core.backup import EXCLUDED

    assert Generation._meta.label_lower in EXCLUDED


def test_a_request_reads_each_token_once_and_forgets_it_after_a_write(
    django_assert_num_queries,
):
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    generations.bump("test")
    stored = Generation.objects.get(name="test").token
    # As Django's test client does: the signals without closing the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.send(sender=None)
    try:
        with django_assert_num_queries(1):
            assert generations.token("test") == stored
            assert generations.token("test") == stored
        Generation.objects.filter(name="test").update(token="elsewhere")  # another process
        assert generations.token("test") == stored  # read before the data, kept for the request
        generations.bump("test")  # a write in this request
        fresh = Generation.objects.get(name="test").token
        assert generations.token("test") == fresh != stored
    finally:
        request_finished.send(sender=None)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    Generation.objects.filter(name="test").update(token="after")
    with django_assert_num_queries(2):  # outside a request every read asks the database
        assert generations.token("test") == "after"
        assert generations.token("test") == "after"

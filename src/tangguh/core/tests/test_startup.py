"""A server process freezes what it loaded, so full garbage collections stop walking it."""

from __future__ import annotations

import gc
import importlib

import pytest

from tangguh.core.startup import freeze_loaded_objects


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_freezing_takes_the_loaded_application_out_of_the_collectors_walk(unfrozen):
    frozen = freeze_loaded_objects()
    assert frozen == gc.get_freeze_count()
    assert frozen > 50_000  # Django, the views, the URL patterns: far more than a request makes
    assert sum(len(gc.get_objects(generation)) for generation in range(3)) < frozen


def test_the_wsgi_application_freezes_once_loaded(unfrozen):
    import tangguh.wsgi

    gc.unfreeze()
    importlib.reload(tangguh.wsgi)
    assert gc.get_freeze_count() > 50_000
    assert callable(tangguh.wsgi.application)

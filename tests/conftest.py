from __future__ import annotations

import importlib

import pytest

from tests.factories import CLOCK, Council, World, make_council


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files with a ``long`` test first (otherwise in the order collected): scripts/test.sh
    hands out whole files in this order (``--dist loadfile --no-loadscope-reorder``), so a
    file of one long test does not start last and keep the run going on one worker alone."""
    long_files = {item.path for item in items if item.get_closest_marker("long")}
    items.sort(key=lambda item: item.path not in long_files)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The time rules' clock (``workflow.clock.now``), at real time until a test moves it."""
    CLOCK.reset()
    monkeypatch.setattr("workflow.clock.now", CLOCK.now)
    yield CLOCK
    CLOCK.reset()


@pytest.fixture(autouse=True)
def _default_catalogues(request):
    """Transactional tests (``transaction=True``) empty every table when they end, the
    Vorlage-Arten and Beschlussarten seeded by the migrations included. Put them back for
    any database test that runs after one of those in the same worker."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or {"db", "transactional_db"} & set(request.fixturenames)
    if uses_db:
        transactional = marker is not None and marker.kwargs.get("transaction", False)
        request.getfixturevalue("transactional_db" if transactional else "db")
        from django.apps import apps

        if not apps.get_model("workflow", "ResolutionKind").objects.exists():
            importlib.import_module("workflow.migrations.0002_seed_catalogues").seed(apps, None)
        # The OParl cache outlives the rollback of the last test's data; start afresh.
        from oparl.cache import invalidate

        invalidate()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Stored files go to a directory of the test's own, never into the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def demo(db) -> None:
    """The demo data set of ``manage.py load_demo``."""
    from workflow.demo import load_demo

    load_demo()


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def council(world) -> Council:
    """The World with two Fraktionen, their members and a group chair (``Council``)."""
    return make_council(world)

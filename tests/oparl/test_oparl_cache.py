"""The shared OParl answer cache (oparl/cache.py), on the Redis of the test services."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from oparl import cache
from tests.oparl.test_oparl_lists import BASE, published_papers
from workflow.models import AgendaItem

pytestmark = [
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (make test runs it)"),
    # committed data: inside a transaction the cache stands aside
    pytest.mark.django_db(transaction=True),
]


def fetch(client, url: str) -> tuple[bytes, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content, len(captured)


def test_a_repeated_answer_costs_no_query_and_is_the_same(client, world):
    published_papers(world, 3)
    url = f"{BASE}body/{world.body.pk}/paper?limit=2"
    first, queries = fetch(client, url)
    again, repeat_queries = fetch(client, url)
    assert queries > 0 and repeat_queries == 0 and again == first
    assert client.get(url).headers["Access-Control-Allow-Origin"] == "*"


def test_a_write_empties_the_cache_at_once(client, world):
    published_papers(world, 1)
    url = f"{BASE}body/{world.body.pk}/paper"
    assert len(client.get(url).json()["data"]) == 1
    published_papers(world, 1)
    assert len(client.get(url).json()["data"]) == 2


def test_a_top_taken_out_of_public_view_leaves_the_cache_with_it(client, world):
    published_papers(world, 1)
    item = AgendaItem.objects.get()
    url = f"{BASE}agendaItem/{item.pk}"
    assert client.get(url).json()["name"] == item.name
    item.public = False
    item.save()
    response = client.get(url)
    assert response.status_code != 200 or response.json().get("deleted") is True
    assert item.name.encode() not in client.get(f"{BASE}body/{world.body.pk}/agendaItem").content


def test_a_transaction_raises_the_generation_once_at_its_commit(world):
    before = cache.generation()
    with transaction.atomic():
        published_papers(world, 2)
        assert cache.generation() == before
    assert cache.generation() == before + 1


def test_a_raise_dropped_with_a_savepoint_is_registered_again(world):
    before = cache.generation()
    with transaction.atomic():
        try:
            with transaction.atomic():
                published_papers(world, 1)  # registers the raise in this savepoint
                raise RuntimeError
        except RuntimeError:
            pass
        published_papers(world, 1)
    assert cache.generation() == before + 1


def test_inside_a_transaction_the_cache_stands_aside(client, world):
    published_papers(world, 1)
    url = f"{BASE}body/{world.body.pk}/paper"
    fetch(client, url)
    with transaction.atomic():
        assert fetch(client, url)[1] > 0
        published_papers(world, 1)
        assert len(client.get(url).json()["data"]) == 2


def test_the_cache_can_be_turned_off(client, world, settings):
    settings.OPARL_CACHE_SECONDS = 0
    published_papers(world, 1)
    url = f"{BASE}body/{world.body.pk}/paper"
    assert fetch(client, url)[1] > 0 and fetch(client, url)[1] > 0


def test_without_the_store_answers_come_from_the_database(client, world, settings):
    published_papers(world, 2)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    response = client.get(f"{BASE}body/{world.body.pk}/paper")
    assert response.status_code == 200 and len(response.json()["data"]) == 2

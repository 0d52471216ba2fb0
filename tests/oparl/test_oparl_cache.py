"""The shared OParl answer cache (oparl/cache.py), on the Redis of the test services."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from oparl import cache
from tests.oparl.test_oparl_lists import BASE, published_papers
from workflow.models import AgendaItem

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (make test runs it)")


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


def test_the_commit_raises_the_generation_again(world, django_capture_on_commit_callbacks):
    """What a concurrent request read before the commit and cached under the first raise
    is thrown away by the second."""
    before = cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        published_papers(world, 1)
        during = cache.generation()
    assert before < during < cache.generation()


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

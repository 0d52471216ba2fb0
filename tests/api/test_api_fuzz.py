"""schemathesis drives every operation of ``/api/schema/`` with a clerk's token, through the
WSGI application in the test's transaction (SQLite and PostgreSQL alike): never a server
error, only documented status codes and content types, answers as the schema says, and no
request the schema allows refused as malformed."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

# Fields that name another object by id: whether it exists no schema can say.
RELATED = {
    "body",
    "paper_type",
    "lead_organization",
    "officer",
    "organization",
    "location",
    "paper",
    "result",
}
# Dates and times lie between 1900 and 2200 (``config.params``), a bound OpenAPI cannot put
# on a ``date-time`` string; the serializers refuse the rest with 422.
BOUNDED_DATES = {"date", "start", "end", "actual_start", "actual_end"}


def refusal_is_not_a_loose_schema(ctx, response, case) -> bool | None:
    """A 422 for a request the schema allows is a refusal by the domain (``InvalidInput``)
    or names an object that does not exist; any other field means the schema is looser
    than the serializer."""
    if case.meta is None or "POSITIVE" not in str(case.meta.generation.mode).upper():
        return None
    if response.status_code != 422:
        return None
    problem = response.json()
    if problem.get("kind") == "InvalidInput":
        return True
    loose = set(problem.get("errors", {})) - RELATED - BOUNDED_DATES
    assert not loose, f"schema-valid input refused for {sorted(loose)}: {problem}"
    return True


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    positive_data_acceptance,
    refusal_is_not_a_loose_schema,
]
CONFIG = {
    "generation": {"mode": "all", "allow-x00": False, "deterministic": True},
    "checks": {
        # A request the schema allows may still be refused by the domain: 403 (not allowed),
        # 409 (not in this state), 404 (an id that names nothing visible), and 422 where the
        # body names a related object that does not exist (DRF's PrimaryKeyRelatedField) or
        # an empty reason; a schema cannot know which ids exist. What stays a failure is a
        # 400 or 415 for such a request: a schema looser than the parser.
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "401", "403", "404", "409", "422"]
        },
    },
}


def _load_schema():
    """The schema ``/api/schema/`` serves (generated here: test modules load before any
    database exists; the schemathesis fixture loader does not run under pytest 9)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(
        json.loads(OpenApiJsonRenderer().render(document)),
        config=SchemathesisConfig.from_dict(CONFIG),
    )
    loaded.app = application
    return loaded


# The schema document itself is drf-spectacular's view, not an operation of the API.
schema = _load_schema().exclude(path="/api/schema/")


@pytest.fixture
def _keep_the_connection():
    """Django's WSGI handler closes the database connection when a request ends, which would
    end the test's transaction on PostgreSQL; its test client does the same as this."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def clerk_token(world, settings, _keep_the_connection):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]  # schemathesis's WSGI client
    world.scheduled()  # a paper on a TOP of an invited meeting: small ids name something
    return Token.objects.create(user=world.clerk).key


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_its_schema_says(case, clerk_token):
    case.call_and_validate(headers={"Authorization": f"Token {clerk_token}"}, checks=CHECKS)

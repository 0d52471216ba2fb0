"""schemathesis drives every operation of ``/api/schema/`` with a clerk's token, through the
WSGI application in the test's transaction (SQLite and PostgreSQL alike): never a server
error, only documented status codes and content types, answers as the schema says, and no
request the schema allows refused as malformed."""

from __future__ import annotations

import json

import pytest
import schemathesis
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

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    positive_data_acceptance,
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
def clerk_token(world, settings):
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

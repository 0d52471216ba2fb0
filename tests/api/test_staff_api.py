from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import at, kind, paper_type
from workflow.models import Paper

PROBLEM = "application/problem+json"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_whole_seed_path_through_the_api(world, clock):
    officer, clerk, chair = (
        client_for(world.officer),
        client_for(world.clerk),
        client_for(world.chair),
    )
    created = officer.post(
        "/api/papers/",
        {
            "body": world.body.pk,
            "name": "Sachstand Regionalmarketing",
            "paper_type": paper_type("Standardvorlage").pk,
            "lead_organization": world.department.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    paper = created.json()["id"]
    assert (
        officer.post(
            f"/api/papers/{paper}/consultations/",
            {"organization": world.committee.pk, "role": "decision"},
            format="json",
        ).status_code
        == 201
    )
    assert (
        officer.post(f"/api/papers/{paper}/submit/", {}, format="json").json()["state"]
        == "submitted"
    )
    meeting = clerk.post(
        "/api/meetings/",
        {"organization": world.committee.pk, "start": at(3).isoformat()},
        format="json",
    ).json()["id"]
    item = clerk.post(
        f"/api/meetings/{meeting}/agenda-items/", {"paper": paper}, format="json"
    ).json()
    assert item["number"] == "Ö 1"
    clerk.post(f"/api/meetings/{meeting}/submit-agenda/", {}, format="json")
    assert (
        chair.post(f"/api/meetings/{meeting}/approve-agenda/", {}, format="json").status_code == 200
    )
    clerk.post(f"/api/meetings/{meeting}/send-invitations/", {}, format="json")
    clock.travel(at(3, 19))  # the meeting has begun, and ended
    times = clerk.post(
        f"/api/meetings/{meeting}/actual-times/",
        {"actual_start": at(3, 16).isoformat(), "actual_end": at(3, 17).isoformat()},
        format="json",
    )
    assert times.status_code == 200, times.content
    assert times.json()["actual_end"] == "2030-11-03T17:00:00+01:00"
    result = clerk.post(
        f"/api/agenda-items/{item['id']}/result/",
        {"result": kind("ungeändert beschlossen").pk, "resolution_text": "Kenntnisnahme"},
        format="json",
    )
    assert result.status_code == 200 and result.json()["resolution_text"] == "Kenntnisnahme"
    assert Paper.objects.get(pk=paper).state == Paper.State.RESOLVED
    assert (
        clerk.post(f"/api/meetings/{meeting}/close/", {}, format="json").json()["state"] == "held"
    )


def test_refusals_are_problem_details_with_the_reason(world):
    meeting = world.meeting()
    clerk = client_for(world.clerk)
    refused = clerk.post(f"/api/meetings/{meeting.pk}/submit-agenda/", {}, format="json")
    assert refused.status_code == 409 and refused["Content-Type"] == PROBLEM
    assert "Tagesordnung ist leer" in refused.json()["detail"]
    from workflow import services

    services.add_agenda_item(meeting, name="Eröffnung", by=world.clerk)
    services.submit_agenda(meeting, by=world.clerk)
    denied = clerk.post(f"/api/meetings/{meeting.pk}/approve-agenda/", {}, format="json")
    assert denied.status_code == 403 and denied["Content-Type"] == PROBLEM
    invalid = clerk.post("/api/meetings/", {"organization": world.committee.pk}, format="json")
    assert invalid.status_code == 422 and "start" in invalid.json()["errors"]
    reason = client_for(world.chair).post(
        f"/api/meetings/{meeting.pk}/return-agenda/", {"comment": ""}, format="json"
    )
    assert reason.status_code == 422 and "Begründung" in reason.json()["detail"]


def test_anonymous_gets_401_problem(db):
    response = APIClient().post("/api/papers/", {}, format="json")
    assert response.status_code == 401 and response["Content-Type"] == PROBLEM


def test_reading_needs_view_permission(world):
    paper = world.draft()
    assert client_for(world.outsider).get(f"/api/papers/{paper.pk}/").status_code == 403
    assert (
        client_for(world.admin).get(f"/api/papers/{paper.pk}/").json()["reference"]
        == paper.reference
    )


@pytest.mark.django_db
def test_openapi_schema_and_its_ui_are_served(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/papers/{id}/submit/" in paths and "/api/agenda-items/{id}/result/" in paths
    reschedule = paths["/api/meetings/{id}/reschedule/"]["post"]
    body = reschedule["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    fields = schema.json()["components"]["schemas"][body.rsplit("/", 1)[1]]["properties"]
    assert {"start", "end", "location", "reason", "allow_overlap"} <= set(fields)
    assert "/api/meetings/{id}/actual-times/" in paths
    assert client.get("/api/docs/").status_code == 200


def test_api_lists_only_what_the_user_may_see(client, demo):
    from django.contrib.auth import get_user_model

    from workflow.demo import CONFIDENTIAL_TITLE

    users = get_user_model().objects
    for username, sees in (("sitzungsdienst", True), ("zierstedt", False)):
        client.force_login(users.get(username=username))
        response = client.get("/api/agenda-items/?limit=500")
        assert response.status_code == 200
        assert (CONFIDENTIAL_TITLE in response.content.decode()) is sees, username


def test_a_meeting_is_moved_through_the_api_with_a_reason(world):
    _paper, item = world.scheduled()
    clerk = client_for(world.clerk)
    url = f"/api/meetings/{item.meeting_id}/reschedule/"
    refused = clerk.post(url, {"start": at(20, 17).isoformat(), "reason": ""}, format="json")
    assert refused.status_code == 422 and refused["Content-Type"] == PROBLEM
    assert "Begründung" in refused.json()["detail"]
    moved = clerk.post(
        url, {"start": at(20, 17).isoformat(), "reason": "Raum belegt"}, format="json"
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["start"] == "2030-11-20T17:00:00+01:00"
    assert client_for(world.chair).post(
        url, {"start": at(21, 17).isoformat(), "reason": "x"}, format="json"
    ).status_code in (403, 404)


def test_a_past_meeting_is_created_through_the_api_only_as_an_archive_entry(world):
    clerk = client_for(world.clerk)
    data = {"organization": world.committee.pk, "start": "2024-03-04T16:00:00+01:00"}
    refused = clerk.post("/api/meetings/", data, format="json")
    assert refused.status_code == 422 and "nachträglich" in refused.json()["detail"]
    created = clerk.post("/api/meetings/", {**data, "archive": True}, format="json")
    assert created.status_code == 201, created.content
    overlapping = clerk.post("/api/meetings/", {**data, "archive": True}, format="json")
    assert overlapping.status_code == 422 and "Überschneidung" in overlapping.json()["detail"]
    assert (
        clerk.post(
            "/api/meetings/", {**data, "archive": True, "allow_overlap": True}, format="json"
        ).status_code
        == 201
    )

"""The staff API looks objects up among those the caller may see, and no input makes it
fail: odd ids are a 404, values beyond a column a 422 naming the field."""

from __future__ import annotations

import pytest

from tests.api.test_staff_api import PROBLEM, client_for
from tests.factories import kind
from workflow import services


@pytest.fixture
def draft(world):
    return world.draft(name="Förderrichtlinie Ehrenamt")


@pytest.mark.parametrize("action", ["submit", "withdraw", "consultations"])
def test_caller_who_cannot_see_a_draft_gets_404_without_its_reference_or_title(
    world, draft, action
):
    stranger = client_for(world.other_chair)
    response = stranger.post(
        f"/api/papers/{draft.pk}/{action}/",
        {"organization": world.committee.pk, "role": "decision"},
        format="json",
    )
    assert response.status_code == 404 and response["Content-Type"] == PROBLEM
    body = response.content.decode()
    assert draft.reference not in body and "Förderrichtlinie" not in body


def test_refusal_on_a_visible_paper_still_names_it(world, draft):
    """The officer sees the draft; the clerk-only step is refused with its reference."""
    submitted = services.submit_paper(draft, by=world.officer)
    response = client_for(world.officer).post(
        f"/api/papers/{submitted.pk}/submit/", {}, format="json"
    )
    assert response.status_code in (403, 409)
    assert submitted.reference in response.json()["detail"]


def test_result_on_non_public_top_of_another_committee_is_404_without_its_title(world):
    meeting = world.meeting()
    item = services.add_agenda_item(
        meeting, name="Personalsache Geheim", public=False, by=world.clerk
    )
    world.invite(meeting)
    response = client_for(world.other_chair).post(
        f"/api/agenda-items/{item.pk}/result/",
        {"result": kind("ungeändert beschlossen").pk},
        format="json",
    )
    assert response.status_code == 404 and "Personalsache" not in response.content.decode()


def test_agenda_item_with_a_paper_the_caller_cannot_see_does_not_name_it(world, draft):
    meeting = world.meeting(world.other_committee)
    response = client_for(world.other_chair).post(
        f"/api/meetings/{meeting.pk}/agenda-items/", {"paper": draft.pk}, format="json"
    )
    assert response.status_code in (403, 422)
    body = response.content.decode()
    assert draft.reference not in body and "Förderrichtlinie" not in body


@pytest.mark.parametrize("pk", ["abc", "²", "0", "-1", "9223372036854775808", "1" * 30, "1.5"])
@pytest.mark.parametrize(
    "path",
    [
        "meetings/{}/close/",
        "meetings/{}/cancel/",
        "meetings/{}/agenda-items/",
        "papers/{}/submit/",
        "papers/{}/consultations/",
        "agenda-items/{}/result/",
    ],
)
def test_odd_ids_on_action_routes_are_404_problems(world, path, pk):
    response = client_for(world.clerk).post(f"/api/{path.format(pk)}", {}, format="json")
    assert response.status_code == 404 and response["Content-Type"] == PROBLEM


@pytest.mark.parametrize("pk", ["abc", "1" * 30, "9223372036854775807"])
def test_odd_ids_on_reads_are_404_problems(world, pk):
    world.meeting()
    admin = client_for(world.admin)
    for collection in ("papers", "meetings", "agenda-items"):
        response = admin.get(f"/api/{collection}/{pk}/")
        assert response.status_code == 404 and response["Content-Type"] == PROBLEM


@pytest.fixture
def invited_item(world):
    meeting = world.meeting()
    item = services.add_agenda_item(meeting, name="Eröffnung", by=world.clerk)
    world.invite(meeting)
    return item


@pytest.mark.parametrize("field", ["votes_yes", "votes_no", "votes_abstain"])
def test_vote_counts_beyond_the_column_are_422_naming_the_field(world, invited_item, field):
    response = client_for(world.clerk).post(
        f"/api/agenda-items/{invited_item.pk}/result/",
        {"result": kind("ungeändert beschlossen").pk, field: 99999999},
        format="json",
    )
    assert response.status_code == 422 and field in response.json()["errors"]
    invited_item.refresh_from_db()
    assert invited_item.result_id is None


def test_service_refuses_vote_counts_beyond_the_column_naming_the_field(world, invited_item):
    from workflow.errors import InvalidInput

    with pytest.raises(InvalidInput, match="Ja-Stimmen"):
        services.record_result(
            invited_item, result=kind("ungeändert beschlossen"), votes_yes=99999999, by=world.clerk
        )
    # within the column, the count is still held against the committee's voting seats
    with pytest.raises(InvalidInput, match="nur 2 Stimmberechtigte im Ausschuss"):
        services.record_result(
            invited_item,
            result=kind("ungeändert beschlossen"),
            votes_yes=services.MAX_VOTES,
            by=world.clerk,
        )


def test_result_form_refuses_vote_counts_beyond_the_column(invited_item):
    from staff.forms import ResultForm

    form = ResultForm(
        {f"top-{invited_item.pk}-votes_yes": "99999999"}, item=invited_item, choices=[]
    )
    assert not form.is_valid() and "votes_yes" in form.errors


def test_nul_bytes_in_text_input_are_422(world, invited_item):
    response = client_for(world.clerk).post(
        f"/api/agenda-items/{invited_item.pk}/result/",
        {"result": kind("ungeändert beschlossen").pk, "minutes_text": "a\x00b"},
        format="json",
    )
    assert response.status_code == 422 and "minutes_text" in response.json()["errors"]


@pytest.mark.parametrize("start", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_meeting_start_out_of_range_is_422(world, start):
    response = client_for(world.clerk).post(
        "/api/meetings/", {"organization": world.committee.pk, "start": start}, format="json"
    )
    assert response.status_code == 422 and "start" in response.json()["errors"]


@pytest.mark.parametrize("step", ["cancel", "return-agenda"])
def test_steps_that_need_a_reason_require_comment_in_request_and_schema(world, step):
    meeting = world.meeting()
    clerk = client_for(world.clerk)
    response = clerk.post(f"/api/meetings/{meeting.pk}/{step}/", {}, format="json")
    assert response.status_code == 422 and "comment" in response.json()["errors"]
    schema = clerk.get("/api/schema/?format=json").json()
    body = schema["paths"][f"/api/meetings/{{id}}/{step}/"]["post"]["requestBody"]
    reference = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert "comment" in schema["components"]["schemas"][reference]["required"]


def test_schema_lists_the_problem_responses_of_every_operation(world):
    schema = client_for(world.clerk).get("/api/schema/?format=json").json()
    assert "Problem" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            expected = {"400", "401", "403"}
            expected |= {"404"} if "{id}" in path else set()
            expected |= {"409", "422"} if method == "post" else set()
            assert expected <= set(operation["responses"]), (method, path)
            assert "application/problem+json" in operation["responses"]["403"]["content"]

from __future__ import annotations

from tests.oparl.test_oparl_walk import schemas, validate
from workflow.models import AgendaItem, Body, Membership, Organization, Person

BASE = "/oparl/v1/"
SINCE = "2000-01-01T00:00:00Z"


def all_pages(client, url: str) -> list[dict]:
    data = []
    while url:
        page = client.get(url).json()
        data += page["data"]
        url = page["links"].get("next")
    return data


def test_deleted_object_keeps_its_url_with_deleted_true(client, demo):
    person = Person.objects.get(family_name="Schmitz")
    created = client.get(f"{BASE}person/{person.pk}").json()["created"]
    pk = person.pk
    memberships = list(Membership.objects.filter(person=person).values_list("pk", flat=True))
    person.delete()  # takes the memberships with it
    for membership in memberships:
        gone = client.get(f"{BASE}membership/{membership}").json()
        assert gone["deleted"] is True
    response = client.get(f"{BASE}person/{pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["deleted"] is True and body["created"] == created
    validate(body, schemas(), "deleted person")


def test_lists_show_deletions_only_with_modified_since(client, demo):
    body = Body.objects.get()
    committee = Organization.objects.create(body=body, name="Ad-hoc-Ausschuss")
    pk = committee.pk
    committee.delete()
    plain = all_pages(client, f"{BASE}body/{body.pk}/organization")
    assert not any(o.get("deleted") for o in plain)
    for limit in (1, 2, 100):  # across page boundaries
        synced = all_pages(
            client, f"{BASE}body/{body.pk}/organization?modified_since={SINCE}&limit={limit}"
        )
        ids = [o["id"] for o in synced]
        assert len(ids) == len(set(ids)) == len(plain) + 1
        assert synced[-1]["deleted"] is True and synced[-1]["id"].endswith(f"/{pk}")


def test_never_public_objects_leave_no_trace(client, demo):
    secret = AgendaItem.objects.filter(public=False).first()
    pk = secret.pk
    secret.delete()
    assert client.get(f"{BASE}agendaItem/{pk}").status_code == 404


# -- leaving public view without a delete ------------------------------------------------


def _published(world, *, with_file: bool = False):
    """A paper on a public TOP of an invited meeting, beside a non-public TOP."""
    from documents import services as documents
    from tests.documents.helpers import text
    from workflow import services

    meeting = world.meeting()
    paper = world.submitted(name="Radweg Lindenallee")
    item = services.add_agenda_item(meeting, paper=paper, by=world.clerk)
    secret = services.add_agenda_item(meeting, name="Grundstück", public=False, by=world.clerk)
    file = None
    if with_file:
        file = documents.attach_file(paper, upload=text("plan.txt"), by=world.officer)
    world.invite(meeting)
    return meeting, paper, item, secret, file


def _deleted(client, kind: str, pk: int) -> bool:
    response = client.get(f"{BASE}{kind}/{pk}")
    return response.status_code == 200 and response.json().get("deleted") is True


def test_a_cancelled_meeting_leaves_tombstones_for_what_it_published(client, world):
    from workflow import services

    meeting, paper, item, secret, file = _published(world, with_file=True)
    consultation = paper.consultations.get()
    assert client.get(f"{BASE}paper/{paper.pk}").json()["name"] == "Radweg Lindenallee"
    services.cancel_meeting(meeting, by=world.clerk, comment="Beschlussunfähig")
    assert client.get(f"{BASE}meeting/{meeting.pk}").json()["cancelled"] is True
    for kind, pk in [
        ("agendaItem", item.pk),
        ("paper", paper.pk),
        ("consultation", consultation.pk),
        ("file", file.pk),
    ]:
        assert _deleted(client, kind, pk), kind
    assert client.get(f"{BASE}agendaItem/{secret.pk}").status_code == 404  # never public
    synced = all_pages(client, f"{BASE}body/{world.body.pk}/paper?modified_since={SINCE}&limit=1")
    assert [p["deleted"] for p in synced if p["id"].endswith(f"/{paper.pk}")] == [True]
    validate(client.get(f"{BASE}paper/{paper.pk}").json(), schemas(), "unpublished paper")


def test_a_top_made_non_public_and_public_again(client, world):
    _, paper, item, _, _ = _published(world)
    item.public = False
    item.save()
    assert _deleted(client, "agendaItem", item.pk) and _deleted(client, "paper", paper.pk)
    item.public = True
    item.save()
    shown = client.get(f"{BASE}agendaItem/{item.pk}")
    assert shown.status_code == 200 and shown.json().get("deleted") is None
    synced = all_pages(client, f"{BASE}body/{world.body.pk}/paper?modified_since={SINCE}")
    assert [p.get("deleted") for p in synced if p["id"].endswith(f"/{paper.pk}")] == [None]


def test_a_file_marked_non_public_or_deleted_with_its_paper(client, world):
    _, paper, item, _, file = _published(world, with_file=True)
    file.confidential = True
    file.save()
    assert _deleted(client, "file", file.pk)
    file.confidential = False
    file.save()
    shown = client.get(f"{BASE}file/{file.pk}")
    assert shown.status_code == 200 and shown.json().get("deleted") is None
    item.delete()  # as the admin may; the paper goes out of view, and its file with it
    assert _deleted(client, "file", file.pk) and _deleted(client, "paper", paper.pk)


def test_a_committee_turned_administrative_takes_its_memberships_out(client, demo):
    committee = Organization.objects.filter(
        organization_type=Organization.Type.COMMITTEE, memberships__isnull=False
    ).first()
    memberships = list(committee.memberships.values_list("pk", flat=True))
    shown = client.get(f"{BASE}membership/{memberships[0]}")
    assert shown.status_code == 200 and shown.json().get("deleted") is None
    committee.organization_type = Organization.Type.DEPARTMENT
    committee.save()
    assert all(_deleted(client, "membership", pk) for pk in memberships)

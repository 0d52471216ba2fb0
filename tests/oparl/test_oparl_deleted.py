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

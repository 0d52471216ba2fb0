"""Stellungnahmen: the Sitzungsdienst asks a department for its statement on a registered
Antrag by a due date, the department (which then reads the paper) gives it once, the mails
say so; nobody else may ask or give."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.rendering import render
from tests.factories import OrganizationFactory, at, person_user
from tests.factories import draft_filing as draft
from workflow import selectors, services
from workflow.errors import InvalidInput, PermissionDenied, TransitionRefused
from workflow.models import HistoryEntry, Membership, Organization

pytestmark = pytest.mark.django_db

K = Notification.Kind


def _registered_motion(council):
    filing = services.file_filing(draft(council, group=False), by=council.author)
    return services.register_filing(filing, by=council.world.clerk)


def test_a_department_gives_its_statement_on_a_members_motion(council, clock):
    world = council.world
    clock.travel(at(2))
    school = OrganizationFactory(
        body=world.body, name="Schulamt", organization_type=Organization.Type.DEPARTMENT
    )
    school_officer = person_user(world.body, school, Membership.Role.STAFF)
    paper = _registered_motion(council)
    assert not selectors.visible_papers(school_officer).filter(pk=paper.pk).exists()

    request = services.request_statement(
        paper, organization=school, due=datetime.date(2030, 11, 20), by=world.clerk
    )
    assert selectors.visible_papers(school_officer).filter(pk=paper.pk).exists()
    assert selectors.statements_to_give(school_officer) == [request]
    asked = Notification.objects.get(kind=K.STATEMENT_REQUESTED)
    assert asked.user == school_officer and "20.11.2030" in render(asked).body

    for user in (world.officer, council.author, world.clerk):
        with pytest.raises(PermissionDenied):
            services.give_statement(request, text="Nein.", by=user)
    with pytest.raises(InvalidInput):
        services.give_statement(request, text="  ", by=school_officer)
    services.give_statement(request, text="Der Radweg ist machbar.", by=school_officer)
    with pytest.raises(TransitionRefused):
        services.give_statement(request, text="Doch nicht.", by=school_officer)
    assert selectors.statements_of(paper)[0].text == "Der Radweg ist machbar."
    assert selectors.statements_to_give(school_officer) == []
    assert Notification.objects.filter(kind=K.STATEMENT_GIVEN, user=world.clerk).exists()
    actions = HistoryEntry.objects.filter(object_id=paper.pk, content_type__model="paper")
    assert {"request_statement", "give_statement"} <= set(actions.values_list("action", flat=True))


def test_only_the_clerk_asks_a_department_of_the_body_by_a_future_date(council, clock):
    world = council.world
    clock.travel(at(2))
    paper = _registered_motion(council)
    due = datetime.date(2030, 11, 20)
    for user in (council.author, world.officer, world.chair):
        with pytest.raises(PermissionDenied):
            services.request_statement(paper, organization=world.department, due=due, by=user)
    with pytest.raises(InvalidInput):  # a committee is no department
        services.request_statement(paper, organization=world.committee, due=due, by=world.clerk)
    with pytest.raises(InvalidInput):  # in the past
        services.request_statement(
            paper, organization=world.department, due=datetime.date(2030, 11, 1), by=world.clerk
        )
    services.request_statement(paper, organization=world.department, due=due, by=world.clerk)
    with pytest.raises(Exception, match="schon um Stellungnahme"):
        services.request_statement(paper, organization=world.department, due=due, by=world.clerk)
    assert paper.statements.count() == 1


def test_the_paper_page_asks_and_takes_the_statement(client, council, clock):
    world = council.world
    clock.travel(at(2))
    paper = _registered_motion(council)
    page = reverse("staff:paper", args=[paper.pk])
    client.force_login(world.clerk)
    assert "Stellungnahme anfordern" in client.get(page).content.decode()
    client.post(
        reverse("staff:statement_request", args=[paper.pk]),
        {"organization": world.department.pk, "due": "2030-11-20"},
    )
    request = paper.statements.get()
    client.force_login(world.officer)
    assert "Stellungnahme abgeben" in client.get(page).content.decode()
    response = client.post(
        reverse("staff:statement_give", args=[paper.pk, request.pk]),
        {"text": "Machbar bis 2028."},
        follow=True,
    )
    assert "Machbar bis 2028." in response.content.decode()
    client.force_login(council.other_group_member)  # may not read the paper: 404
    assert client.get(page).status_code == 404
    response = client.post(
        reverse("staff:statement_give", args=[paper.pk, request.pk]), {"text": "x"}
    )
    assert response.status_code == 404

"""A link checker or a cache asks with HEAD: every page that answers GET answers HEAD the same
way (status and type), without a body — the portal, the iCalendar feeds, the downloads, OParl
and the workspace. Every route of these apps is either visited here or named as POST-only, so
a new route cannot slip past."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLResolver, get_resolver, reverse

from documents import services as document_services
from documents.models import File
from notifications import subscriptions
from notifications.models import Subscription
from oparl.views import BODY_LISTS, ORGANIZATION_LISTS, SERIALIZERS
from tests.documents.helpers import pdf, text
from workflow.models import Body, Filing, Meeting, Paper

pytestmark = pytest.mark.django_db

NAMESPACES = ("portal", "oparl", "documents", "staff")
POST_ONLY = {
    "portal:subscribe",
    "portal:accessibility_feedback",
    "staff:paper_transition",
    "staff:filing_transition",
    "staff:filing_co_signer",
    "staff:filing_co_sign_answer",
    "staff:filing_register",
    "staff:filing_answer",
    "staff:meeting_reply",
    "staff:statement_request",
    "staff:statement_give",
    "staff:consultation_add",
    "staff:consultation_remove",
    "staff:paper_note",
    "staff:paper_file_add",
    "staff:meeting_file_add",
    "staff:file_version_add",
    "staff:file_remove",
    "staff:meeting_transition",
    "staff:agenda_item_add",
    "staff:agenda_item_move",
    "staff:agenda_item_remove",
    "staff:meeting_open",
    "staff:meeting_attendance",
    "staff:meeting_attendee",
    "staff:live_item_result",
    "staff:live_item_bias",
    "staff:live_item_drop",
    "staff:live_urgent_item",
    "staff:live_end",
}


def _route_names() -> set[str]:
    names = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in NAMESPACES:
            names |= {f"{entry.namespace}:{p.name}" for p in entry.url_patterns if p.name}
    return names


@pytest.fixture
def urls(demo) -> dict[str, list[str]]:
    """Route name: the URLs visited for it (ids of the demo, one with each kind of object)."""
    meeting = Meeting.objects.get(reference="SI/2024/129")
    item = meeting.agenda_items.filter(public=True, consultation__isnull=False).first()
    paper = Paper.objects.get(reference="2024/053")
    organization = meeting.organization
    person = organization.memberships.first().person  # a committee member is public
    body = Body.objects.get()
    clerk = get_user_model().objects.get(username="sitzungsdienst")
    upload = document_services.attach_file(paper, upload=pdf("anlage.pdf"), by=clerk)
    document_services.add_file_version(upload, upload=text("anlage.txt"), by=clerk)
    public_file = File.objects.filter(meeting=meeting, confidential=False).first()
    subscriptions.subscribe("leser@example.org", paper_id=paper.pk, language="de")
    token = Subscription.objects.get().token
    oparl = [
        *(reverse("oparl:body-list", args=[body.pk, name]) for name in BODY_LISTS),
        *(
            reverse("oparl:organization-list", args=[organization.pk, n])
            for n in ORGANIZATION_LISTS
        ),
        reverse("oparl:body-list", args=[body.pk, "nonsense"]),  # a 404 is a 404 for HEAD, too
    ]
    details = {
        "body": body.pk,
        "organization": organization.pk,
        "person": person.pk,
        "membership": organization.memberships.first().pk,
        "meeting": meeting.pk,
        "agendaItem": item.pk,
        "consultation": item.consultation_id,
        "paper": paper.pk,
        "location": meeting.location_id,
        "legislativeTerm": body.legislative_terms.first().pk,
        "file": public_file.pk,
    }
    assert set(details) == set(SERIALIZERS)
    return {
        "portal:calendar": [reverse("portal:calendar"), reverse("portal:calendar") + "?seite=x"],
        "portal:month": [reverse("portal:month", args=[2024, 10])],
        "portal:meeting": [reverse("portal:meeting", args=[meeting.pk])],
        "portal:agenda-item": [reverse("portal:agenda-item", args=[item.pk])],
        "portal:paper": [reverse("portal:paper", args=[paper.pk])],
        "portal:organization": [reverse("portal:organization", args=[organization.pk])],
        "portal:person": [reverse("portal:person", args=[person.pk])],
        "portal:search": [reverse("portal:search") + "?q=Regionalmarketing"],
        "portal:accessibility": [reverse("portal:accessibility")],
        "portal:easy_language": [reverse("portal:easy_language")],
        "portal:subscription_confirm": [reverse("portal:subscription_confirm", args=[token])],
        "portal:subscription_end": [reverse("portal:subscription_end", args=[token])],
        "portal:ical": [reverse("portal:ical")],
        "portal:organization-ical": [reverse("portal:organization-ical", args=[organization.pk])],
        "oparl:system": [reverse("oparl:system")],
        "oparl:bodies": [reverse("oparl:bodies")],
        "oparl:body-list": oparl,
        "oparl:organization-list": [],  # in ``oparl`` above
        "oparl:detail": [reverse("oparl:detail", args=[k, pk]) for k, pk in details.items()],
        "documents:file": [reverse("documents:file", args=[upload.pk])],
        "documents:file_download": [reverse("documents:file_download", args=[upload.pk])],
        "documents:file_version": [
            reverse("documents:file_version", args=[upload.pk, 1]),
            reverse("documents:file_version", args=[upload.pk, 9]),  # no such version: 404
        ],
        "documents:auszug": [reverse("documents:auszug", args=[item.pk])],
        "documents:paper": [reverse("documents:paper", args=[paper.pk])],
        "documents:minutes_draft": [reverse("documents:minutes_draft", args=[meeting.pk])],
        "staff:workspace": [reverse("staff:workspace")],
        "staff:paper_list": [reverse("staff:paper_list")],
        "staff:paper_create": [reverse("staff:paper_create")],
        "staff:paper": [reverse("staff:paper", args=[paper.pk])],
        "staff:paper_edit": [reverse("staff:paper_edit", args=[paper.pk])],
        "staff:notification_settings": [reverse("staff:notification_settings")],
        "staff:meeting_list": [reverse("staff:meeting_list")],
        "staff:meeting_create": [reverse("staff:meeting_create")],
        "staff:meeting": [reverse("staff:meeting", args=[meeting.pk])],
        "staff:meeting_results": [reverse("staff:meeting_results", args=[meeting.pk])],
        "staff:meeting_live": [reverse("staff:meeting_live", args=[meeting.pk])],
        "staff:sitting_fees": [
            reverse("staff:sitting_fees"),
            reverse("staff:sitting_fees") + "?art=quarter&jahr=2024&nummer=4",
        ],
        "staff:meeting_reschedule": [reverse("staff:meeting_reschedule", args=[meeting.pk])],
        "staff:filing_create": [reverse("staff:filing_create")],
        # the clerk reads the registered one; the draft is a 404 for everyone but its circle
        "staff:filing": [reverse("staff:filing", args=[f.pk]) for f in Filing.objects.all()],
        "staff:filing_edit": [
            reverse("staff:filing_edit", args=[f.pk]) for f in Filing.objects.all()
        ],
    }


def test_every_route_is_visited_or_post_only(urls):
    assert set(urls) | POST_ONLY == _route_names()
    assert not set(urls) & POST_ONLY


@pytest.mark.parametrize("username", ["anonymous", "sitzungsdienst"])
def test_head_answers_like_get_without_a_body(client, urls, username):
    if username != "anonymous":
        client.force_login(get_user_model().objects.get(username=username))
    visited = [url for group in urls.values() for url in group]
    assert len(visited) > 40
    statuses = set()
    for url in visited:
        got = client.get(url)
        head = client.head(url)
        assert head.status_code == got.status_code, url
        assert head.status_code != 405, url
        assert head.get("Content-Type") == got.get("Content-Type"), url
        body = b"".join(head.streaming_content) if head.streaming else head.content
        assert body == b"", url
        statuses.add(got.status_code)
    # the anonymous reader meets the login wall and 404s; the clerk reads the pages
    assert 200 in statuses

"""When the results of public TOPs become public: once the meeting is closed, or at once if
the body so chooses (``Body.publish_results_at_once``). Until then no public surface (portal
pages, Auszug PDF, Beschluss files, the search, OParl, subscribers' mails) shows them;
logged-in users read them as they are recorded."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from documents import services as documents
from documents.models import File
from notifications.models import Notification, Subscription
from notifications.rendering import render
from tests.documents.helpers import pdf
from tests.factories import grant, person_user
from workflow import services
from workflow.models import AgendaItem, Membership

pytestmark = pytest.mark.django_db

K = Notification.Kind
MARKER = "Ergebnismarke-4711"
FOLLOWER = "folgt@example.net"


def _follow_committee(world) -> None:
    Subscription.objects.create(
        email=FOLLOWER,
        target="organization",
        organization=world.committee,
        target_key=f"organization:{world.committee.pk}",
        token="f" * 40,
        confirmed_at=timezone.now(),
    )


def _in_session(world, *, at_once: bool = False):
    """A public TOP of an invited, begun meeting with its result, votes and a Beschluss file
    recorded; a committee subscriber follows."""
    world.body.publish_results_at_once = at_once
    world.body.save(update_fields=["publish_results_at_once"])
    _follow_committee(world)
    paper, item = world.scheduled()
    world.decide(
        item,
        "ungeändert beschlossen",
        resolution_text=f"Beschluss {MARKER}",
        minutes_text=f"Protokoll {MARKER}",
        votes_yes=1,
        votes_no=1,
        votes_abstain=0,
    )
    documents.attach_file(
        item, upload=pdf("beschluss.pdf"), by=world.clerk, role=File.Role.RESOLUTION
    )
    return paper, AgendaItem.objects.get(pk=item.pk)


def _public_views(client, paper, item) -> dict[str, str]:
    """What a reader gets of the TOP's result on every public surface."""
    meeting_page = client.get(reverse("portal:meeting", args=[item.meeting_id]))
    auszug = client.get(reverse("portal:agenda-item", args=[item.pk]))
    paper_page = client.get(reverse("portal:paper", args=[paper.pk]))
    oparl = client.get(reverse("oparl:detail", args=["agendaItem", item.pk]))
    oparl_meeting = client.get(reverse("oparl:detail", args=["meeting", item.meeting_id]))
    search = client.get(reverse("portal:search"), {"q": MARKER})
    assert {
        r.status_code for r in (meeting_page, auszug, paper_page, oparl, oparl_meeting, search)
    } == {200}
    return {
        "meeting": meeting_page.content.decode(),
        "auszug": auszug.content.decode(),
        "paper": paper_page.content.decode(),
        "oparl": oparl.content.decode(),
        "oparl_meeting": oparl_meeting.content.decode(),
        "search": search.content.decode(),
    }


def _resolution_file(item) -> File:
    return File.objects.get(agenda_item=item, role=File.Role.RESOLUTION)


def test_results_wait_for_the_close_on_every_public_surface(client, world):
    paper, item = _in_session(world)
    views = _public_views(client, paper, item)
    for name, text in views.items():
        if name != "search":  # the search page repeats the query and lists every Beschlussart
            assert MARKER not in text, name
            assert "ungeändert beschlossen" not in text, name
    assert f"Protokoll <mark>{MARKER}" not in views["search"] and item.name not in views["search"]
    assert "sobald die Sitzung geschlossen ist" in views["auszug"]
    assert '"ratsflow:votes"' not in views["oparl"] and '"result"' not in views["oparl"]
    assert client.get(reverse("documents:auszug", args=[item.pk])).status_code == 404
    file = _resolution_file(item)
    assert client.get(reverse("documents:file", args=[file.pk])).status_code == 404
    assert not Notification.objects.filter(kind=K.PUBLIC_RESULT)

    services.close_meeting(item.meeting, by=world.clerk)

    views = _public_views(client, paper, item)
    for name in ("meeting", "auszug", "paper", "oparl", "oparl_meeting"):
        assert "ungeändert beschlossen" in views[name], name
    for name in ("auszug", "oparl", "oparl_meeting"):
        assert MARKER in views[name], name
    assert item.name in views["search"]
    assert '"ratsflow:votes"' in views["oparl"]
    assert client.get(reverse("documents:auszug", args=[item.pk])).status_code == 200
    assert client.get(reverse("documents:file", args=[file.pk])).status_code == 200
    # OParl clients that sync by modified_since see the TOP change with the close
    assert AgendaItem.objects.get(pk=item.pk).modified > item.modified


def test_the_search_by_beschlussart_waits_too(client, world):
    paper, item = _in_session(world)
    query = {"q": paper.name.split()[0], "beschlussart": item.result_id}
    assert paper.reference not in client.get(reverse("portal:search"), query).content.decode()
    services.close_meeting(item.meeting, by=world.clerk)
    assert paper.reference in client.get(reverse("portal:search"), query).content.decode()


def test_logged_in_users_read_the_result_as_recorded(client, world):
    """The council's and the administration's people are not held to the portal's
    publication: the committee, the paper's side, a member of another committee."""
    _, item = _in_session(world)
    other = person_user(world.body, world.other_committee, Membership.Role.MEMBER)
    for user in (world.member, world.officer, other):
        client.force_login(user)
        grant(user, "view_agendaitem")  # the REST API's read permission
        token = Token.objects.get_or_create(user=user)[0].key
        api = client.get(f"/api/agenda-items/{item.pk}/", HTTP_AUTHORIZATION=f"Token {token}")
        assert api.json()["resolution_text"] == f"Beschluss {MARKER}", user
        assert client.get(reverse("documents:auszug", args=[item.pk])).status_code == 200, user
        file = client.get(reverse("documents:file", args=[_resolution_file(item).pk]))
        assert file.status_code == 200, user
        assert (
            "ungeändert beschlossen"
            in client.get(reverse("staff:meeting", args=[item.meeting_id])).content.decode()
        )


def test_the_subscribers_get_the_results_in_one_mail_at_the_close(world):
    paper, item = _in_session(world)
    assert not Notification.objects.filter(email=FOLLOWER, kind=K.PUBLIC_RESULT)
    services.close_meeting(item.meeting, by=world.clerk)
    (mail,) = Notification.objects.filter(email=FOLLOWER, kind=K.PUBLIC_RESULTS)
    message = render(mail)
    assert message.subject.startswith(f"Ergebnisse veröffentlicht: {item.meeting.reference}")
    assert f"{item.number}  {item.name} (Vorlage {paper.reference})" in message.body
    assert "Beschlussart: ungeändert beschlossen" in message.body
    assert reverse("portal:meeting", args=[item.meeting_id]) in message.body
    assert not Notification.objects.filter(email=FOLLOWER, kind=K.PUBLIC_RESULT)


def test_with_results_published_at_once_they_appear_as_recorded(client, world):
    paper, item = _in_session(world, at_once=True)
    views = _public_views(client, paper, item)
    for name in ("meeting", "auszug", "paper", "oparl"):
        assert "ungeändert beschlossen" in views[name], name
    assert MARKER in views["auszug"] and item.name in views["search"]
    assert client.get(reverse("documents:auszug", args=[item.pk])).status_code == 200
    assert Notification.objects.filter(email=FOLLOWER, kind=K.PUBLIC_RESULT).count() == 1
    services.close_meeting(item.meeting, by=world.clerk)
    assert not Notification.objects.filter(kind=K.PUBLIC_RESULTS)


def test_an_absetzung_keeps_the_paper_public_and_shows_with_the_results(client, world):
    _follow_committee(world)
    paper, item = world.scheduled()
    other_paper, other = world.scheduled()  # a second meeting: the first closes alone
    services.drop_agenda_item(item, by=world.clerk, reason="Beratungsbedarf")
    # public on the published agenda, it stays so while it waits for another meeting
    assert client.get(reverse("portal:paper", args=[paper.pk])).status_code == 200
    oparl_paper = client.get(reverse("oparl:detail", args=["paper", paper.pk])).json()
    assert not oparl_paper.get("deleted")
    oparl_item = client.get(reverse("oparl:detail", args=["agendaItem", item.pk])).json()
    assert "ratsflow:removed" not in oparl_item
    meeting_page = client.get(reverse("portal:meeting", args=[item.meeting_id])).content
    assert "abgesetzt" not in meeting_page.decode()

    services.close_meeting(item.meeting, by=world.clerk)
    oparl_item = client.get(reverse("oparl:detail", args=["agendaItem", item.pk])).json()
    assert oparl_item["ratsflow:removed"] is True
    assert (
        "abgesetzt"
        in client.get(reverse("portal:meeting", args=[item.meeting_id])).content.decode()
    )
    assert client.get(reverse("portal:paper", args=[paper.pk])).status_code == 200
    # the subscribers hear of it with the results, though no result was recorded
    (mail,) = Notification.objects.filter(email=FOLLOWER, kind=K.PUBLIC_RESULTS)
    assert f"{item.number}  {item.name}" in render(mail).body and "abgesetzt" in render(mail).body
    assert other_paper.pk != paper.pk and other.meeting_id != item.meeting_id


def test_the_search_finds_a_top_by_its_title_whether_or_not_a_result_is_held_back(client, world):
    _paper, item = world.scheduled()
    query = {"q": item.name.split()[-1]}
    assert item.name in client.get(reverse("portal:search"), query).content.decode()
    world.decide(item, "ungeändert beschlossen", minutes_text=f"Protokoll {MARKER} Regional")
    page = client.get(reverse("portal:search"), query).content.decode()
    # still found by its title; neither the minutes nor a snippet of them
    assert item.name in page and MARKER not in page
    assert MARKER not in client.get(reverse("portal:search"), {"q": "Protokoll"}).content.decode()
    services.close_meeting(item.meeting, by=world.clerk)
    assert MARKER in client.get(reverse("portal:search"), {"q": MARKER}).content.decode()


def test_a_wortprotokoll_uploaded_during_the_meeting_waits_for_the_close(client, world):
    _paper, item = _in_session(world)
    verbatim = documents.attach_file(
        item.meeting,
        upload=pdf("wortprotokoll.pdf"),
        by=world.clerk,
        role=File.Role.VERBATIM_PROTOCOL,
    )
    invitation_like = documents.attach_file(
        item.meeting, upload=pdf("anlage.pdf", content=pdf().read() + b"%x"), by=world.clerk
    )
    url = reverse("documents:file", args=[verbatim.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("documents:file", args=[invitation_like.pk])).status_code == 200
    oparl = client.get(reverse("oparl:detail", args=["meeting", item.meeting_id])).json()
    assert "verbatimProtocol" not in oparl
    services.close_meeting(item.meeting, by=world.clerk)
    assert client.get(url).status_code == 200
    oparl = client.get(reverse("oparl:detail", args=["meeting", item.meeting_id])).json()
    assert "verbatimProtocol" in oparl


def test_switching_to_results_at_once_gives_the_tops_under_way_a_new_modified(world):
    _paper, item = _in_session(world)
    before = AgendaItem.objects.get(pk=item.pk).modified
    world.body.publish_results_at_once = True
    world.body.save()
    assert AgendaItem.objects.get(pk=item.pk).modified > before

"""Anträge in the workspace: a member drafts one through the form, a co-signer answers on
its page, the group chair files, the Sitzungsdienst registers; whoever may not read a
filing gets a 404; every mail of these steps renders in German and English."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.models import MailSettings, Notification
from notifications.rendering import render
from tests.factories import draft_filing as draft
from workflow import services
from workflow.models import Filing, Paper

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_a_member_drafts_a_group_motion_through_the_form(client, council):
    world = council.world
    client.force_login(council.author)
    home = _text(client.get(reverse("staff:workspace")))
    assert "Mein Mandat" in home and "Fraktion Grüne" in home
    form = _text(client.get(reverse("staff:filing_create")))
    assert "Fraktion Grüne" in form and "Fraktion Blau" not in form  # only the author's groups
    response = client.post(
        reverse("staff:filing_create"),
        {
            "kind": "motion",
            "name": "Radweg",
            "text": "Der Rat möge beschließen …",
            "committee": world.committee.pk,
            "group": council.group.pk,
        },
        follow=True,
    )
    filing = Filing.objects.get()
    assert response.redirect_chain[-1][0] == reverse("staff:filing", args=[filing.pk])
    assert (filing.author, filing.group) == (council.author.person, council.group)
    page = _text(response)
    assert "Radweg" in page and "Mitzeichnung" in page
    response = client.post(
        reverse("staff:filing_co_signer", args=[filing.pk]),
        {"person": council.colleague.person.pk, "version": filing.version},
        follow=True,
    )
    assert "Um Mitzeichnung gebeten" in _messages(response)


def test_an_urgent_motion_without_its_reason_is_refused_with_the_input_kept(client, council):
    client.force_login(council.author)
    response = client.post(
        reverse("staff:filing_create"),
        {
            "kind": "motion",
            "name": "Eilt",
            "text": "Sofort",
            "committee": council.world.committee.pk,
            "urgent": "on",
        },
    )
    assert response.status_code == 200
    assert "braucht eine Begründung" in _text(response) and 'value="Eilt"' in _text(response)
    assert not Filing.objects.exists()


def test_who_may_not_read_the_draft_gets_a_404_on_every_page(client, council):
    filing = draft(council)
    services.ask_co_signer(filing, person=council.colleague.person, by=council.author)
    for user in (council.other_group_member, council.world.officer, council.world.clerk):
        client.force_login(user)
        for name in ("filing", "filing_edit"):
            assert client.get(reverse(f"staff:{name}", args=[filing.pk])).status_code == 404
        for name in ("filing_transition", "filing_co_sign_answer", "filing_register"):
            response = client.post(reverse(f"staff:{name}", args=[filing.pk]), {"name": "file"})
            assert response.status_code == 404
        assert filing.name not in _text(client.get(reverse("staff:workspace")))
    filing.refresh_from_db()
    assert filing.state == Filing.State.DRAFT


def test_a_declined_co_signer_no_longer_reads_the_draft(client, council):
    filing = draft(council, group=False)
    services.ask_co_signer(filing, person=council.colleague.person, by=council.author)
    client.force_login(council.colleague)
    page = client.get(reverse("staff:filing", args=[filing.pk]))
    assert "Mitzeichnung ablehnen" in _text(page)
    assert filing.name in _text(client.get(reverse("staff:workspace")))
    response = client.post(
        reverse("staff:filing_co_sign_answer", args=[filing.pk]),
        {"answer": "decline", "version": filing.version + 1},
    )
    assert response["Location"] == reverse("staff:workspace")
    assert client.get(reverse("staff:filing", args=[filing.pk])).status_code == 404
    assert filing.name not in _text(client.get(reverse("staff:workspace")))


def test_the_group_chair_files_and_the_clerk_registers_with_a_vorberatung(client, council):
    world = council.world
    filing = draft(council)
    client.force_login(council.group_chair)
    response = client.post(
        reverse("staff:filing_transition", args=[filing.pk]),
        {"name": "file", "version": filing.version},
        follow=True,
    )
    assert "Erledigt" in _messages(response)
    filing.refresh_from_db()
    client.force_login(world.clerk)
    home = _text(client.get(reverse("staff:workspace")))
    assert "Eingegangene Anträge und Anfragen" in home and filing.name in home
    page = _text(client.get(reverse("staff:filing", args=[filing.pk])))
    assert "Als Vorlage registrieren" in page
    response = client.post(
        reverse("staff:filing_register", args=[filing.pk]),
        {"preliminary": [world.other_committee.pk], "version": filing.version},
        follow=True,
    )
    paper = Paper.objects.get(filing=filing)
    assert response.redirect_chain[-1][0] == reverse("staff:paper", args=[paper.pk])
    assert f"Als {paper} registriert" in _messages(response)
    assert paper.consultations.count() == 2


def test_a_stale_register_form_is_refused(client, council):
    world = council.world
    filing = services.file_filing(draft(council), by=council.group_chair)
    client.force_login(world.clerk)
    response = client.post(
        reverse("staff:filing_register", args=[filing.pk]),
        {"version": filing.version - 1},
        follow=True,
    )
    assert "inzwischen geändert" in _messages(response)
    assert not Paper.objects.filter(filing=filing).exists()


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_mail_of_a_motion_renders_and_names_it(council, language):
    world = council.world
    for user in (council.author, council.colleague, council.group_chair, world.clerk):
        MailSettings.objects.update_or_create(user=user, defaults={"language": language})
    filing = draft(council)
    services.ask_co_signer(filing, person=council.colleague.person, by=council.author)
    services.answer_co_signature(filing, by=council.colleague, confirm=False)
    filing = services.file_filing(filing, by=council.group_chair)
    filing = services.return_filing(filing, by=world.clerk, comment="Bitte Kosten nennen")
    filing = services.file_filing(filing, by=council.group_chair)
    paper = services.register_filing(filing, by=world.clerk)
    K = Notification.Kind
    kinds = set()
    for notification in Notification.objects.filter(object_id=filing.pk):
        if notification.content_type.model != "filing":
            continue
        message = render(notification)
        kinds.add(notification.kind)
        assert filing.name in message.subject + message.body
        assert f"/arbeitsplatz/antraege/{filing.pk}/" in message.body
        if notification.kind == K.FILING_RETURNED:
            assert "Bitte Kosten nennen" in message.body
        if notification.kind == K.FILING_REGISTERED:
            assert paper.reference in message.subject
        if notification.kind == K.CO_SIGN_ANSWERED:
            assert council.colleague.person.name in message.body
    assert kinds == {
        K.CO_SIGN_REQUESTED,
        K.CO_SIGN_ANSWERED,
        K.FILING_FILED,
        K.FILING_RETURNED,
        K.FILING_REGISTERED,
    }


def test_a_post_without_a_choice_changes_nothing_and_the_edit_page_is_the_authors(client, council):
    filing = draft(council)
    services.ask_co_signer(filing, person=council.colleague.person, by=council.author)
    client.force_login(council.colleague)
    response = client.post(reverse("staff:filing_co_sign_answer", args=[filing.pk]), follow=True)
    assert "Bitte „Mitzeichnen“" in _messages(response)
    assert filing.co_signatures.get().answer == "invited"
    assert client.get(reverse("staff:filing_edit", args=[filing.pk])).status_code == 403
    client.force_login(council.author)
    assert client.get(reverse("staff:filing_edit", args=[filing.pk])).status_code == 200

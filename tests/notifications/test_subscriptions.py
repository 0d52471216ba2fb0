"""Abonnements with double opt-in: citizens follow a paper, a committee or a term and get
its public changes, never anything non-public, and leave with one click."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db.models import F
from django.urls import reverse

from notifications import subscriptions
from notifications.models import Notification, Subscription
from notifications.rendering import render
from tests.notifications.conftest import free_port
from workflow import services
from workflow.errors import InvalidInput

pytestmark = pytest.mark.django_db

K = Notification.Kind
CITIZEN = "buerger@example.net"
HOURS_2 = datetime.timedelta(hours=2)


@pytest.fixture(autouse=True)
def _fresh_client_budget():
    """The hourly budget of a client address lives in the cache, which outlives a test."""
    for address in ("127.0.0.1", "198.51.100.23", "198.51.100.24"):
        cache.delete(subscriptions.client_key(address))


def _confirm(client, subscription: Subscription) -> None:
    url = reverse("portal:subscription_confirm", args=[subscription.token])
    assert "Bestätigen" in client.get(url).content.decode()
    assert client.post(url).status_code == 200


def _to_citizen(kind: str) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind, email=CITIZEN))


def test_subscribing_on_the_committee_page_sends_a_confirmation_first(client, world):
    page = client.get(reverse("portal:organization", args=[world.committee.pk])).content.decode()
    assert 'name="gremium"' in page
    response = client.post(
        reverse("portal:subscribe"), {"email": CITIZEN, "gremium": world.committee.pk}
    )
    assert "Bestätigungslink" in response.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    (confirmation,) = _to_citizen(K.SUBSCRIPTION_CONFIRM)
    message = render(confirmation)
    assert message.subject == f"Bitte bestätigen: Abonnement des Gremiums {world.committee.name}"
    assert subscription.token in message.body
    # unconfirmed: the agenda is not mailed
    world.scheduled()
    assert not _to_citizen(K.PUBLIC_AGENDA)


def test_confirmed_committee_subscriber_gets_the_public_agenda_only(client, world):
    subscription = subscriptions.subscribe(CITIZEN, organization_id=world.committee.pk)
    _confirm(client, subscription)
    paper = world.submitted(name="Radweg Nord")
    meeting = world.meeting()
    services.add_agenda_item(meeting, paper=paper, by=world.clerk)
    services.add_agenda_item(
        meeting, name="Grundstücksgeschäft Vertraulich", public=False, by=world.clerk
    )
    world.invite(meeting)
    (agenda,) = _to_citizen(K.PUBLIC_AGENDA)
    assert not agenda.confidential and agenda.user_id is None
    message = render(agenda)
    assert message.subject.startswith(f"Tagesordnung veröffentlicht: {meeting.reference}")
    assert "Radweg Nord" in message.body
    assert "Vertraulich" not in message.body + message.alternatives[0][0]
    assert reverse("portal:meeting", args=[meeting.pk]) in message.body
    assert "/arbeitsplatz/" not in message.body
    unsubscribe = reverse("portal:subscription_end", args=[subscription.token])
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{unsubscribe}>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_committee_subscriber_hears_of_public_amendments_only(client, world):
    subscription = subscriptions.subscribe(CITIZEN, organization_id=world.committee.pk)
    _confirm(client, subscription)
    _paper, item = world.scheduled()
    meeting = item.meeting
    services.add_agenda_item(
        meeting,
        name="Grundstücksgeschäft Vertraulich",
        public=False,
        by=world.clerk,
        amendment_reason="Kaufangebot Vertraulich",
    )
    assert not _to_citizen(K.PUBLIC_AGENDA_AMENDED)
    services.add_agenda_item(
        meeting, name="Spielplatz Lindenhof", by=world.clerk, amendment_reason="Eilantrag Müller"
    )
    (amended,) = _to_citizen(K.PUBLIC_AGENDA_AMENDED)
    message = render(amended)
    assert message.subject.startswith(f"Tagesordnung geändert: {meeting.reference}")
    text = message.body + message.alternatives[0][0]
    assert "Spielplatz Lindenhof" in text and item.name in text
    # neither the non-public part nor the clerk's free-text reason
    assert "Vertraulich" not in text and "Eilantrag Müller" not in text


def _results_at_once(world) -> None:
    """The body publishes each result as it is recorded (by default: with the close,
    tests/portal/test_result_publication.py)."""
    world.body.publish_results_at_once = True
    world.body.save(update_fields=["publish_results_at_once"])


def test_paper_subscriber_hears_of_public_results_not_of_non_public_ones(client, world):
    _results_at_once(world)
    paper, item = world.scheduled()
    _confirm(client, subscriptions.subscribe(CITIZEN, paper_id=paper.pk))
    world.decide(item, "ungeändert beschlossen", resolution_text="So beschlossen.")
    (result,) = _to_citizen(K.PUBLIC_RESULT)
    message = render(result)
    assert message.subject == f"Ergebnis (ungeändert beschlossen): {paper}"
    assert "So beschlossen." in message.body

    secret = world.submitted(name="Nichtöffentliche Sache")
    meeting = world.meeting()
    hidden = services.add_agenda_item(meeting, paper=secret, public=False, by=world.clerk)
    world.invite(meeting)
    Subscription.objects.create(
        email="neugierig@example.net",
        target="organization",
        organization=world.committee,
        target_key=f"organization:{world.committee.pk}",
        token="t" * 40,
        confirmed_at=result.created,
    )
    world.decide(hidden, "ungeändert beschlossen")
    assert not Notification.objects.filter(email="neugierig@example.net", kind=K.PUBLIC_RESULT)


def test_a_recommendation_is_called_one(client, world):
    _results_at_once(world)
    paper, item = world.scheduled(world.two_step())
    _confirm(client, subscriptions.subscribe(CITIZEN, paper_id=paper.pk))
    world.decide(item, "ungeändert beschlossen")
    message = render(_to_citizen(K.PUBLIC_RESULT)[0])
    assert message.subject.startswith("Beschlussempfehlung (ungeändert beschlossen)")
    assert "noch kein Beschluss" in message.body


def test_term_subscriber_hears_of_matching_papers_on_published_agendas(client, world):
    _confirm(client, subscriptions.subscribe(CITIZEN, term="regionalmarketing"))
    world.scheduled(world.submitted(name="Haushalt 2031"))
    assert not _to_citizen(K.PUBLIC_AGENDA)
    world.scheduled(world.submitted(name="Sachstand Regionalmarketing"))
    assert len(_to_citizen(K.PUBLIC_AGENDA)) == 1


def test_one_click_unsubscribe_ends_it(client, world):
    subscription = subscriptions.subscribe(CITIZEN, organization_id=world.committee.pk)
    _confirm(client, subscription)
    url = reverse("portal:subscription_end", args=[subscription.token])
    assert client.post(url).status_code == 200  # as a mail client does, without a token form
    assert not Subscription.objects.exists()
    world.scheduled()
    assert not _to_citizen(K.PUBLIC_AGENDA)
    assert client.get(url).status_code == 404


def test_asking_again_within_the_hour_sends_no_second_confirmation(world):
    subscriptions.subscribe(CITIZEN, organization_id=world.committee.pk)
    subscriptions.subscribe(CITIZEN.upper(), organization_id=world.committee.pk)
    assert Subscription.objects.count() == 1
    assert len(_to_citizen(K.SUBSCRIPTION_CONFIRM)) == 1


def test_bad_input_is_refused_with_a_reason_and_stores_nothing(client, world):
    response = client.post(
        reverse("portal:subscribe"), {"email": "kein-mail", "begriff": "Haushalt"}
    )
    assert response.status_code == 422
    assert "gültige E-Mail-Adresse" in response.content.decode()
    with pytest.raises(InvalidInput, match="3 bis 100"):
        subscriptions.subscribe(CITIZEN, term="ab")
    draft = world.draft()
    with pytest.raises(InvalidInput, match="nicht öffentlich"):
        subscriptions.subscribe(CITIZEN, paper_id=draft.pk)
    assert not Subscription.objects.exists() and not Notification.objects.filter(email=CITIZEN)


def test_unknown_confirmation_link(client, db):
    assert client.get(reverse("portal:subscription_confirm", args=["nope"])).status_code == 404


def _ask(client, address: str = "127.0.0.1", **fields):
    return client.post(reverse("portal:subscribe"), fields, REMOTE_ADDR=address)


def test_an_address_gets_three_confirmations_a_day_whatever_it_asks_for(client, world):
    paper, _item = world.scheduled()
    answers = [
        _ask(client, email=CITIZEN, gremium=world.committee.pk),
        _ask(client, email=CITIZEN, vorlage=paper.pk),
        _ask(client, email=CITIZEN, begriff="Radweg"),
        _ask(client, email=CITIZEN, begriff="Spielplatz"),
        _ask(client, email=CITIZEN.upper(), begriff="Schwimmbad"),
    ]
    assert subscriptions.CONFIRMATIONS_PER_ADDRESS_PER_DAY == 3
    assert len(_to_citizen(K.SUBSCRIPTION_CONFIRM)) == 3
    # the fourth and fifth look exactly like the first: nobody learns that no mail went out
    assert {answer.status_code for answer in answers} == {200}
    assert len({answer.content for answer in answers}) == 1
    # a resend of the first (after the hour) is no way around the limit either
    Subscription.objects.update(confirmation_sent_at=F("confirmation_sent_at") - HOURS_2)
    _ask(client, email=CITIZEN, gremium=world.committee.pk)
    assert len(_to_citizen(K.SUBSCRIPTION_CONFIRM)) == 3
    # a day later the address may be asked again
    Notification.objects.update(created=F("created") - datetime.timedelta(days=1))
    _ask(client, email=CITIZEN, begriff="Spielplatz")
    assert len(_to_citizen(K.SUBSCRIPTION_CONFIRM)) == 4


def test_the_daily_limit_of_one_address_leaves_other_addresses_alone(client, world):
    for term in ("Radweg", "Spielplatz", "Schwimmbad"):
        _ask(client, email=CITIZEN, begriff=term)
    _ask(client, email="nachbarin@example.net", begriff="Radweg")
    assert Notification.objects.filter(
        kind=K.SUBSCRIPTION_CONFIRM, email="nachbarin@example.net"
    ).exists()


def test_a_non_public_and_a_missing_paper_get_the_same_answer(client, world):
    draft = world.draft()
    answers = [
        _ask(client, email=CITIZEN, vorlage=draft.pk),
        _ask(client, email=CITIZEN, vorlage=draft.pk + 10_000),
        _ask(client, email=CITIZEN, vorlage="abc"),
    ]
    assert {answer.status_code for answer in answers} == {422}
    assert len({answer.content for answer in answers}) == 1
    assert "Diese Vorlage gibt es nicht oder sie ist nicht öffentlich." in (
        answers[0].content.decode()
    )
    assert not Subscription.objects.exists() and not Notification.objects.filter(email=CITIZEN)


def test_a_missing_committee_is_refused_not_taken_for_a_search_term(client, world):
    answers = [
        _ask(client, email=CITIZEN, gremium=world.committee.pk + 10_000),
        _ask(client, email=CITIZEN, gremium="x1"),
    ]
    assert {answer.status_code for answer in answers} == {422}
    assert len({answer.content for answer in answers}) == 1
    assert "Dieses Gremium gibt es nicht." in answers[0].content.decode()
    assert not Subscription.objects.exists()


def test_one_client_address_may_ask_twenty_times_an_hour(client, world):
    limit = subscriptions.REQUESTS_PER_CLIENT_PER_HOUR
    assert limit == 20
    answers = [
        _ask(client, "198.51.100.23", email=f"person{number}@example.net", begriff="Radweg")
        for number in range(limit + 1)
    ]
    assert Subscription.objects.count() == limit
    assert Notification.objects.filter(kind=K.SUBSCRIPTION_CONFIRM).count() == limit
    assert len({answer.content for answer in answers}) == 1  # the last one looks the same
    # another client address is not affected
    _ask(client, "198.51.100.24", email="andere@example.net", begriff="Radweg")
    assert Subscription.objects.filter(email="andere@example.net").exists()


def test_without_a_cache_subscriptions_still_work(client, world, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nobody listens there
        }
    }
    response = _ask(client, email=CITIZEN, begriff="Radweg")
    assert response.status_code == 200
    assert len(_to_citizen(K.SUBSCRIPTION_CONFIRM)) == 1

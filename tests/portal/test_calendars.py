from __future__ import annotations

from icalendar import Calendar

from workflow.demo import CONFIDENTIAL_TITLE
from workflow.models import Meeting, Organization


def events(client, url: str) -> list:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_feed_of_all_meetings_has_stable_uids_and_status(client, demo):
    first = {str(e["UID"]): e for e in events(client, "/buergerinfo/kalender.ics")}
    again = {str(e["UID"]): e for e in events(client, "/buergerinfo/kalender.ics")}
    assert first.keys() == again.keys() and len(first) == Meeting.objects.count()
    seed = next(e for e in first.values() if "SI/2024/129" in str(e["SUMMARY"]))
    assert "Ö 5 Sachstand Regionalmarketing" in str(seed["DESCRIPTION"])
    assert seed.decoded("DTSTART").hour == 15  # 16:00 in Eupen is 15:00 UTC
    cancelled = Meeting.objects.get(state=Meeting.State.CANCELLED)
    assert first[f"meeting-{cancelled.pk}@ratsflow"]["STATUS"] == "CANCELLED"


def test_committee_feed_only_has_its_meetings(client, demo):
    plenum = Organization.objects.get(name="Plenum")
    feed = events(client, f"/buergerinfo/gremium/{plenum.pk}/kalender.ics")
    assert len(feed) == Meeting.objects.filter(organization=plenum).count() >= 1
    assert all("Plenum" in str(e["SUMMARY"]) for e in feed)


def test_feeds_carry_no_non_public_or_unpublished_titles(client, demo):
    text = "".join(client.get("/buergerinfo/kalender.ics").content.decode().split("\r\n "))
    assert CONFIDENTIAL_TITLE not in text
    assert "Vertragsangelegenheit Regionalagentur" not in text  # N 1 of the invited plenum
    unpublished = Meeting.objects.get(state=Meeting.State.AGENDA_SUBMITTED)
    event = next(
        e
        for e in events(client, "/buergerinfo/kalender.ics")
        if str(e["UID"]) == f"meeting-{unpublished.pk}@ratsflow"
    )
    assert "DESCRIPTION" not in event, "an agenda not yet sent out stays unpublished"

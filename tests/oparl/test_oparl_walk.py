"""Walk the whole OParl API of the demo from the system object, following every URL:
each object validates against the OParl 1.1 schemas, no link is broken, and no
non-public or unpublished content appears anywhere."""

from __future__ import annotations

import json
import re
from collections import deque
from pathlib import Path

from django.contrib.auth import get_user_model
from jsonschema import Draft7Validator, FormatChecker

from workflow.demo import (
    CONFIDENTIAL_MINUTES,
    CONFIDENTIAL_RESOLUTION,
    CONFIDENTIAL_TITLE,
)

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"  # the OParl 1.1 schemas, unchanged
BASE = "http://testserver/oparl/v1/"
TYPE = re.compile(r"^https://schema\.oparl\.org/1\.1/(\w+)$")
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")

checker = FormatChecker()
checker.checks("url")(
    lambda value: isinstance(value, str) and value.startswith(("http://", "https://"))
)
checker.checks("date-time", raises=())(lambda value: bool(DATE_TIME.match(value)))
checker.checks("date", raises=())(lambda value: bool(re.match(r"^\d{4}-\d\d-\d\d$", value)))


def schemas() -> dict[str, dict]:
    return {path.stem: json.loads(path.read_text()) for path in SCHEMA_DIR.glob("*.json")}


def validate(obj: dict, all_schemas: dict[str, dict], where: str) -> None:
    """Validate ``obj`` by its type, and each embedded object by the schema its property
    names (the OParl schemas say ``"schema": "X.json"`` instead of ``$ref``)."""
    match = TYPE.match(obj.get("type", ""))
    assert match, f"{where}: no OParl type in {obj.get('type')!r}"
    schema = all_schemas[match[1]]
    errors = sorted(Draft7Validator(schema, format_checker=checker).iter_errors(obj), key=str)
    assert not errors, f"{where}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors)
    for name, spec in schema["properties"].items():
        value = obj.get(name)
        embedded = spec.get("schema") or (spec.get("items") or {}).get("schema")
        if not embedded or value is None:
            continue
        for inner in value if isinstance(value, list) else [value]:
            if isinstance(inner, dict):
                validate(inner, all_schemas, f"{where} → {name}")


def urls_in(value) -> list[str]:
    if isinstance(value, dict):
        return [u for v in value.values() for u in urls_in(v)]
    if isinstance(value, list):
        return [u for v in value for u in urls_in(v)]
    return [value] if isinstance(value, str) and value.startswith(BASE) else []


def walk(client) -> tuple[dict[str, dict], str]:
    all_schemas = schemas()
    seen: dict[str, dict] = {}
    queue = deque([BASE + "system"])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, f"broken link {url}: {response.status_code}"
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        seen[url] = body
        if "data" in body:  # a list page
            assert set(body) >= {"data", "pagination", "links"}, url
            for index, obj in enumerate(body["data"]):
                validate(obj, all_schemas, f"{url}#{index}")
        else:
            validate(body, all_schemas, url)
        queue.extend(u for u in urls_in(body) if u not in seen)
    return seen, json.dumps(seen, ensure_ascii=False)


def test_whole_api_validates_and_has_no_broken_link(client, demo):
    seen, _text = walk(client)
    kinds = {
        TYPE.match(b["type"])[1] for b in seen.values() if "type" in b and TYPE.match(b["type"])
    }
    assert kinds >= {
        "System",
        "Body",
        "Organization",
        "Person",
        "Membership",
        "Meeting",
        "AgendaItem",
        "Paper",
        "Consultation",
        "Location",
        "LegislativeTerm",
        "File",
    }


def test_every_file_opens_at_its_access_and_download_url(client, demo):
    seen, _text = walk(client)
    files = {
        obj["id"]: obj
        for page in seen.values()
        for obj in (page.get("data") or [page])
        if isinstance(obj, dict) and obj.get("type", "").endswith("/File")
    }
    # the seed meeting's Einladung and Niederschrift, and the upcoming meeting's Einladung
    assert len(files) >= 3
    for obj in files.values():
        shown = client.get(obj["accessUrl"])
        assert shown.status_code == 200, obj["accessUrl"]
        assert shown["Content-Type"] == obj["mimeType"]
        assert not shown["Content-Disposition"].startswith("attachment")
        saved = client.get(obj["downloadUrl"])
        assert saved["Content-Disposition"].startswith("attachment;")
        assert int(saved["Content-Length"]) == obj["size"]
    assert any("Kenntnisnahme" in obj.get("text", "") for obj in files.values())


def test_every_web_link_opens_its_portal_page(client, demo):
    seen, _text = walk(client)
    web = {
        obj["web"]
        for page in seen.values()
        for obj in (page.get("data") or [page])
        if isinstance(obj, dict) and "web" in obj
    }
    assert len(web) > 20
    for url in web:
        assert client.get(url).status_code == 200, url


def test_seed_auszug_is_served_with_extension_properties(client, demo):
    _seen, text = walk(client)
    for fact in (
        "SI/2024/129",
        "Ö 5",
        "2024/053",
        "Sachstand Regionalmarketing",
        "Standardvorlage",
        "ungeändert beschlossen",
        "Kenntnisnahme",
        "Zierstedt, Björn",
        "Arbeit, Bildungs- und Wissensregion",
        "Parlament der DG, Eupen",
        "Frau Thönnissen (RAZV) stellt den aktuellen Sachstand",
        '"ratsflow:resolutionCategory": "recommendation"',
        '"ratsflow:resolutionCategory": "decision"',
        '"license": "https://creativecommons.org/licenses/by/4.0/"',
    ):
        assert fact in text, fact


def test_nothing_non_public_or_unpublished_leaks(client, demo):
    _seen, text = walk(client)
    for secret in (
        CONFIDENTIAL_TITLE,
        CONFIDENTIAL_RESOLUTION,
        CONFIDENTIAL_MINUTES,
        "Vertragsangelegenheit Regionalagentur",  # non-public TOP of an invited meeting
        "Förderrichtlinie Ausbildungsprämie",  # draft
        "Digitale Lernplattform",  # submitted, on no published agenda yet
        "Heinen",  # administration staff, not a political person
        "@ratsflow.example",  # e-mail addresses
    ):
        assert secret not in text, secret
    assert '"number": "N ' not in text


def test_unknown_objects_and_bad_filters_answer_with_oparl_errors(client, demo):
    missing = client.get(BASE + "paper/999999")
    assert missing.status_code == 404 and missing.json()["type"].endswith("/Error")
    from workflow.models import Body

    body = Body.objects.get().pk  # ids differ between databases; never assume 1
    bad = client.get(f"{BASE}body/{body}/paper?modified_since=yesterday")
    assert bad.status_code == 400 and "ISO 8601" in bad.json()["debug"]
    assert client.get(f"{BASE}body/{body}/nonsense").status_code == 404


def _agenda_orders(seen: dict[str, dict]) -> list[tuple[dict, dict]]:
    """(embedded TOP, the TOP at its own URL) of every meeting, with its index checked."""
    pairs = []
    for page in seen.values():
        for obj in page.get("data") or [page]:
            if isinstance(obj, dict) and obj.get("type", "").endswith("/Meeting"):
                for index, item in enumerate(obj.get("agendaItem", [])):
                    assert item["order"] == index, (obj["id"], item["number"])
                    pairs.append((item, seen[item["id"]]))
    return pairs


def test_agenda_item_order_is_its_index_in_the_meeting_from_zero(client, demo):
    seen, _text = walk(client)
    pairs = _agenda_orders(seen)
    assert len(pairs) >= 5 and any(item["order"] == 0 for item, _alone in pairs)
    for item, alone in pairs:
        assert alone["order"] == item["order"], item["id"]
    # the body's list of TOPs says the same
    listed = {
        obj["id"]: obj["order"]
        for page in seen.values()
        for obj in page.get("data") or []
        if obj.get("type", "").endswith("/AgendaItem")
    }
    assert listed and all(listed[item["id"]] == item["order"] for item, _alone in pairs)


def test_agenda_item_order_counts_only_the_public_tops_served(client, demo):
    """Positions with a gap (say, set in the admin) still give 0, 1, 2, … in the list."""
    from workflow.models import AgendaItem, Meeting

    meeting = Meeting.objects.get(reference="SI/2024/129")
    public = list(meeting.agenda_items.filter(public=True).order_by("position"))
    AgendaItem.objects.filter(pk=public[0].pk).update(position=0)
    AgendaItem.objects.filter(pk=public[-1].pk).update(position=public[-1].position + 10)
    served = client.get(f"{BASE}meeting/{meeting.pk}").json()["agendaItem"]
    assert [item["order"] for item in served] == list(range(len(public)))
    for index, item in enumerate(served):
        assert client.get(item["id"]).json()["order"] == index


def test_seed_meeting_names_its_participants_and_exclusions(client, demo):
    from workflow import services
    from workflow.models import AgendaItem, Meeting, Person

    meeting = Meeting.objects.get(reference="SI/2024/129")
    found = client.get(f"{BASE}meeting/{meeting.pk}").json()
    present = {
        p.pk
        for p in Person.objects.filter(
            attendance__meeting=meeting,
            attendance__status="present",
            attendance__role__in=("member", "deputy"),
        )
    }
    assert len(found["participant"]) == len(present) == 6
    for url in found["participant"]:  # each a public person the client can follow
        assert client.get(url).status_code == 200, url
    excused = Person.objects.get(family_name="Lambertz")
    assert not any(url.endswith(f"/person/{excused.pk}") for url in found["participant"])
    item = AgendaItem.objects.get(meeting=meeting, public=True, position=5)
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.HELD)
    clerk = get_user_model().objects.get(username="sitzungsdienst")
    person = Person.objects.get(family_name="Käser")
    services.declare_exclusion(item, person=person, by=clerk, reason="GEHEIMER-GRUND")
    from oparl.cache import invalidate

    invalidate()
    served = client.get(f"{BASE}agendaItem/{item.pk}")
    assert served.json()["ratsflow:excludedForBias"][0].endswith(f"/person/{person.pk}")
    assert "GEHEIMER-GRUND" not in served.content.decode()

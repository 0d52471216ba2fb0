"""OParl 1.1 objects as dicts. Each function takes a model instance whose relations the
matching query in ``oparl.queries`` has already loaded, and the ``Urls`` of the request.
Properties OParl lacks are exported with the ``ratsflow:`` prefix."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.urls import reverse
from django.utils import timezone

from documents.models import File, FileVersion
from workflow.models import (
    AgendaItem,
    Body,
    Consultation,
    Filing,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)

SCHEMA = "https://schema.oparl.org/1.1/"

Json = dict[str, Any]


class Urls:
    """Absolute URLs of the API, built from the request's base once."""

    # OParl type -> path of its page in the Bürgerinformationssystem
    WEB_PAGES = {
        "meeting": "sitzung",
        "agendaItem": "top",
        "paper": "vorlage",
        "organization": "gremium",
        "person": "person",
    }

    def __init__(self, base: str, web_base: str, site: str) -> None:
        self.base = base.rstrip("/") + "/"
        self.web_base = web_base.rstrip("/") + "/"
        self.site = site.rstrip("/")

    def access(self, file_pk: int) -> str:
        return self.site + reverse("documents:file", args=[file_pk])

    def download(self, file_pk: int) -> str:
        return self.site + reverse("documents:file_download", args=[file_pk])

    def web(self, kind: str, pk: int) -> str | None:
        page = self.WEB_PAGES.get(kind)
        return f"{self.web_base}{page}/{pk}/" if page else None

    def system(self) -> str:
        return f"{self.base}system"

    def bodies(self) -> str:
        return f"{self.base}bodies"

    def object(self, kind: str, pk: int) -> str:
        return f"{self.base}{kind}/{pk}"

    def body_list(self, body_pk: int, name: str) -> str:
        return f"{self.base}body/{body_pk}/{name}"

    def organization_list(self, organization_pk: int, name: str) -> str:
        return f"{self.base}organization/{organization_pk}/{name}"


def stamp(value: datetime.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _clean(data: Json) -> Json:
    """Drop empty optional properties (OParl: leave out what has no value)."""
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def _common(kind: str, obj: Any, urls: Urls) -> Json:
    return {
        "id": urls.object(kind, obj.pk),
        "type": SCHEMA + kind[0].upper() + kind[1:],
        "web": urls.web(kind, obj.pk),
    }


def _times(obj: Any) -> Json:
    return {"created": stamp(obj.created), "modified": stamp(obj.modified)}


def system(urls: Urls) -> Json:
    return {
        "id": urls.system(),
        "type": SCHEMA + "System",
        "oparlVersion": SCHEMA,
        "body": urls.bodies(),
        "name": "ratsflow",
    }


def body(obj: Body, urls: Urls) -> Json:
    lists = {
        name: urls.body_list(obj.pk, name)
        for name in (
            "organization",
            "person",
            "meeting",
            "paper",
            "agendaItem",
            "consultation",
            "file",
            "locationList",
            "legislativeTermList",
            "membership",
        )
    }
    data = _clean(
        {
            **_common("body", obj, urls),
            "system": urls.system(),
            "name": obj.name,
            "shortName": obj.short_name,
            "website": obj.website,
            "contactEmail": obj.contact_email,
            "contactName": obj.contact_name,
            "classification": obj.classification,
            "license": obj.license,
            **lists,
            "location": location(obj.location, urls) if obj.location else None,
            **_times(obj),
        }
    )
    # required, even when empty
    data["legislativeTerm"] = [legislative_term(t, urls) for t in obj.legislative_terms.all()]
    return data


def legislative_term(obj: LegislativeTerm, urls: Urls) -> Json:
    return _clean(
        {
            **_common("legislativeTerm", obj, urls),
            "body": urls.object("body", obj.body_id),
            "name": obj.name,
            "startDate": day(obj.start_date),
            "endDate": day(obj.end_date),
            **_times(obj),
        }
    )


def location(obj: Location, urls: Urls) -> Json:
    return _clean(
        {
            **_common("location", obj, urls),
            "description": obj.description,
            "room": obj.room,
            "streetAddress": obj.street_address,
            "postalCode": obj.postal_code,
            "locality": obj.locality,
            **_times(obj),
        }
    )


def organization(obj: Organization, urls: Urls) -> Json:
    return _clean(
        {
            **_common("organization", obj, urls),
            "body": urls.object("body", obj.body_id),
            "name": obj.name,
            "shortName": obj.short_name,
            "membership": [urls.object("membership", m.pk) for m in obj.public_memberships],
            "meeting": urls.organization_list(obj.pk, "meeting"),
            "consultation": urls.organization_list(obj.pk, "consultation"),
            "subOrganizationOf": (
                urls.object("organization", obj.sub_organization_of_id)
                if obj.sub_organization_of_id
                else None
            ),
            "organizationType": obj.organization_type,
            "classification": obj.classification,
            "startDate": day(obj.start_date),
            "endDate": day(obj.end_date),
            "website": obj.website,
            **_times(obj),
        }
    )


def membership(obj: Membership, urls: Urls, *, embedded: bool = False) -> Json:
    return _clean(
        {
            **_common("membership", obj, urls),
            "person": None if embedded else urls.object("person", obj.person_id),
            "organization": urls.object("organization", obj.organization_id),
            "role": obj.get_role_display(),
            "votingRight": obj.voting_right,
            "startDate": day(obj.start_date),
            "endDate": day(obj.end_date),
            "onBehalfOf": (
                urls.object("organization", obj.on_behalf_of_id) if obj.on_behalf_of_id else None
            ),
            **_times(obj),
        }
    )


def person(obj: Person, urls: Urls) -> Json:
    return _clean(
        {
            **_common("person", obj, urls),
            "body": urls.object("body", obj.body_id),
            "name": obj.name,
            "familyName": obj.family_name,
            "givenName": obj.given_name,
            "formOfAddress": obj.form_of_address,
            "affix": obj.affix,
            "title": [obj.title] if obj.title else [],
            "membership": [membership(m, urls, embedded=True) for m in obj.public_memberships],
            **_times(obj),
        }
    )


def agenda_item(obj: AgendaItem, urls: Urls, *, order: int, embedded: bool = False) -> Json:
    # the result only once it is public (``selectors.public_agenda_items``)
    shown = getattr(obj, "results_shown", False)
    data = {
        **_common("agendaItem", obj, urls),
        "meeting": None if embedded else urls.object("meeting", obj.meeting_id),
        "number": obj.number,
        "order": order,
        "name": obj.name,
        "public": obj.public,
        "consultation": (
            urls.object("consultation", obj.consultation_id) if obj.consultation_id else None
        ),
        "start": stamp(obj.start) if obj.start else None,
        "end": stamp(obj.end) if obj.end else None,
        **_file_properties(obj, urls, {File.Role.RESOLUTION: "resolutionFile"}),
        **_times(obj),
    }
    if shown:
        data.update(_result(obj, urls))
    return _clean(data)


def _result(obj: AgendaItem, urls: Urls) -> Json:
    data: Json = {
        "ratsflow:removed": obj.removed or None,  # abgesetzt at the meeting
        "result": obj.result.name if obj.result is not None else None,
        "resolutionText": obj.resolution_text,
        "ratsflow:minutesText": obj.minutes_text,
    }
    if obj.consultation_id and obj.result_id:
        data["ratsflow:resolutionCategory"] = (
            "recommendation" if obj.is_recommendation else "decision"
        )
    votes = {"yes": obj.votes_yes, "no": obj.votes_no, "abstain": obj.votes_abstain}
    if any(v is not None for v in votes.values()):
        data["ratsflow:votes"] = votes
    # Befangenheit and roll calls (prefetched): the persons, never the internal reasons
    exclusions = [urls.object("person", e.person_id) for e in obj.exclusions.all()]
    if exclusions:
        data["ratsflow:excludedForBias"] = exclusions
    roll_call = [
        {"person": urls.object("person", v.person_id), "vote": v.vote} for v in obj.roll_call.all()
    ]
    if roll_call:
        data["ratsflow:rollCall"] = roll_call
    return data


def meeting(obj: Meeting, urls: Urls) -> Json:
    items = obj.public_items  # already limited to what the public may see
    return _clean(
        {
            **_common("meeting", obj, urls),
            "name": obj.name,
            "meetingState": obj.get_state_display(),
            "cancelled": obj.cancelled,
            "start": stamp(obj.start),
            "end": stamp(obj.end) if obj.end else None,
            "location": location(obj.location, urls) if obj.location else None,
            "organization": [urls.object("organization", obj.organization_id)],
            "participant": [urls.object("person", a.person_id) for a in obj.participants],
            # OParl's ``order`` is the index in this list (from 0), as for a TOP served alone
            "agendaItem": [
                agenda_item(item, urls, order=index, embedded=True)
                for index, item in enumerate(items)
            ],
            "ratsflow:reference": obj.reference,
            **_file_properties(
                obj,
                urls,
                {
                    File.Role.INVITATION: "invitation",
                    File.Role.RESULTS_PROTOCOL: "resultsProtocol",
                    File.Role.VERBATIM_PROTOCOL: "verbatimProtocol",
                },
            ),
            **_times(obj),
        }
    )


def consultation(obj: Consultation, urls: Urls, *, embedded: bool = False) -> Json:
    item = max(obj.public_items, key=lambda i: (i.meeting.start, i.pk), default=None)
    return _clean(
        {
            **_common("consultation", obj, urls),
            "paper": None if embedded else urls.object("paper", obj.paper_id),
            "agendaItem": urls.object("agendaItem", item.pk) if item else None,
            "meeting": urls.object("meeting", item.meeting_id) if item else None,
            "organization": [urls.object("organization", obj.organization_id)],
            "authoritative": obj.authoritative,
            "role": obj.get_role_display(),
            **_times(obj),
        }
    )


def _answer(filing: Filing | None) -> Json:
    if filing is None:
        return {}
    return {
        "ratsflow:answer": filing.answer,
        "ratsflow:answeredBy": filing.answering_organization.name
        if filing.answering_organization
        else None,
        "ratsflow:answeredAt": stamp(filing.answered_at) if filing.answered_at else None,
    }


def paper(obj: Paper, urls: Urls) -> Json:
    return _clean(
        {
            **_common("paper", obj, urls),
            "body": urls.object("body", obj.body_id),
            "name": obj.name,
            "reference": obj.reference,
            "date": day(obj.date),
            "paperType": obj.paper_type.name,
            "relatedPaper": [urls.object("paper", p.pk) for p in obj.public_related],
            "superordinatedPaper": [urls.object("paper", p.pk) for p in obj.public_superordinate],
            "subordinatedPaper": [urls.object("paper", p.pk) for p in obj.public_subordinate],
            "originatorPerson": [urls.object("person", p.pk) for p in obj.originator_person_list],
            "originatorOrganization": [
                urls.object("organization", o.pk) for o in obj.originator_organization_list
            ],
            "underDirectionOf": (
                [urls.object("organization", obj.lead_organization_id)]
                if obj.lead_organization_id
                else []
            ),
            "consultation": [consultation(c, urls, embedded=True) for c in obj.consultation_list],
            "ratsflow:officer": obj.officer.sort_name if obj.officer is not None else None,
            **_answer(getattr(obj, "filing", None)),  # None unless a public, answered Anfrage
            **_file_properties(obj, urls, {File.Role.MAIN: "mainFile"}),
            **_times(obj),
        }
    )


def file(obj: File, urls: Urls, *, embedded: bool = False) -> Json:
    """A file and its current version. Its owner is named unless it is embedded there."""
    version = cast(FileVersion, obj.current)  # served files have one (current__isnull=False)
    owner = {"paper": "paper", "meeting": "meeting", "agenda_item": "agendaItem"}[obj.owner_kind]
    owner_id = getattr(obj, f"{obj.owner_kind}_id")
    return _clean(
        {
            **_common("file", obj, urls),
            "name": obj.name,
            "fileName": version.file_name,
            "mimeType": version.mime_type,
            "date": day(timezone.localdate(version.created)),
            "size": version.size,
            "text": version.text,
            "accessUrl": urls.access(obj.pk),
            "downloadUrl": urls.download(obj.pk),
            owner: None if embedded else [urls.object(owner, owner_id)],
            "ratsflow:sha256Checksum": version.sha256,
            "ratsflow:version": version.number,
            "ratsflow:role": obj.role,
            **_times(obj),
        }
    )


def _file_properties(obj: Any, urls: Urls, single: dict[str, str]) -> Json:
    """The owner's file properties: one object per role in ``single`` (the first file of that
    role), every other file in ``auxiliaryFile``."""
    data: Json = {}
    auxiliary = []
    for f in obj.public_files:
        name = single.get(f.role)
        if name and name not in data:
            data[name] = file(f, urls, embedded=True)
        else:
            auxiliary.append(file(f, urls, embedded=True))
    data["auxiliaryFile"] = auxiliary
    return data


def deleted(tombstone: Any, urls: Urls) -> Json:
    """A deleted object: id, type, created, modified (= time of deletion), deleted."""
    kind = tombstone.kind
    return {
        "id": urls.object(kind, tombstone.object_id),
        "type": SCHEMA + kind[0].upper() + kind[1:],
        "created": stamp(tombstone.created),
        "modified": stamp(tombstone.deleted),
        "deleted": True,
    }

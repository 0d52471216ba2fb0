"""The walk that proves the security model: a unique marker in every confidential field,
planted before and after the agenda is approved (as an amendment with its reason), in a
meeting that is then held and its minutes approved; then, as every role, every workspace
page, every admin page, every API answer (GET, and every POST refused with every id), every
document and generated PDF (text read back), every mail, every portal and iCalendar page and
every OParl answer is fetched and searched for the markers.

Nobody who is not entitled finds any marker; the entitled find every marker they may read
(the member of the committee the non-public TOPs; its clerk also the internal note; the
administrator also the private contact data). The channel tests elsewhere pin each rule on
its own; this one fails when any channel anywhere lets a marker through.
"""

from __future__ import annotations

import datetime
import io
import json
import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from documents import services as document_services
from documents.models import File
from notifications.models import Notification, Subscription
from notifications.rendering import render
from tests.factories import (
    OrganizationFactory,
    UserFactory,
    World,
    grant,
    kind,
    person_user,
    political_group,
    second_body_clerk,
)
from tests.oparl.test_oparl_walk import BASE as OPARL_BASE
from tests.oparl.test_oparl_walk import urls_in
from workflow import services
from workflow.models import (
    AgendaItem,
    Consultation,
    Filing,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)

# Markers: letters only, so that HTML, JSON, mail encodings and PDF text keep them whole.
MARKERS = {
    "top_title": "QXTOPTITLE",
    "amended_title": "QXAMENDEDTITLE",
    "amendment_reason": "QXAMENDREASON",
    "resolution": "QXRESOLUTION",
    "minutes": "QXMINUTES",
    "file_name": "QXFILENAME",
    "file_text": "QXFILETEXT",
    "paper_title": "QXPAPERTITLE",
    "statement": "QXSTATEMENT",
    "note": "QXNOTE",
    "email": "QXEMAIL",
    "phone": "QXPHONE",
    "draft_title": "QXDRAFTTITLE",
    "draft_text": "QXDRAFTTEXT",
    "draft_reasoning": "QXDRAFTREASON",
    "filed_title": "QXFILEDTITLE",
    "filed_urgency": "QXFILEDURGENCY",
    "question_title": "QXQUESTIONTITLE",
    "question_text": "QXQUESTIONTEXT",
    "answer": "QXANSWER",
    "absence_reason": "QXABSENCEREASON",
    "department_statement": "QXDEPTSTATEMENT",
    "attendance_note": "QXATTENDANCENOTE",
    "bias_reason": "QXBIASREASON",
}
TOP_CONTENT = {
    "top_title",
    "amended_title",
    "amendment_reason",
    "resolution",
    "minutes",
    "file_name",
    "file_text",
    "paper_title",
    "statement",
    "department_statement",  # the Stellungnahme on the paper only on a non-public TOP
}
# Words in the same fields as the markers, for the search.
SEARCH_WORDS = (
    "Personalsache",
    "Dringlich",
    "eilbedürftig",
    "Beschluss",
    "Aussprache",
    "Bewerbungen",
    "Inhalt",
    "Vergabe",
    "Sachverhalt",
    "intern",
    "Kontakt",
)
# A Fraktion's draft Antrag (read by its author, its group and who co-signs), and a
# member's personal Antrag filed with the Sitzungsdienst (read by its author and the clerks).
DRAFT = {"draft_title", "draft_text", "draft_reasoning"}
FILED = {"filed_title", "filed_urgency"}
# A non-public Anfrage of the member, answered by the department: the asker, the department
# and the Sitzungsdienst read it, not the committee (it is on no TOP).
QUESTION = {"question_title", "question_text", "answer"}
MEETING_DAY = {"attendance_note", "bias_reason"}
# Who must find what (the controls): everything else finds nothing.
# The member's Absage has a reason: read by the member and the Sitzungsdienst; the deputy
# asked to stand in reads the non-public part, not the reason.
ENTITLED = {
    "member": TOP_CONTENT | DRAFT | FILED | QUESTION | {"absence_reason"},
    # the attendance list's internal notes and the reasons of a Befangenheit: the clerk's
    "clerk": TOP_CONTENT | {"note"} | FILED | QUESTION | {"absence_reason"} | MEETING_DAY,
    "deputy standing in": TOP_CONTENT,
    "administrator": (set(MARKERS) - DRAFT),
    "member of the committee": TOP_CONTENT,
    "answering officer": QUESTION,
    "member of the group": DRAFT,
    "co-signer": DRAFT,
    # asked by mail with the title, then declined: nothing more
    "co-signer who declined": {"draft_title"},
}


@dataclass
class Scene:
    world: World
    users: dict  # role -> user or None (anonymous)
    addresses: dict[str, set[str]] = field(default_factory=dict)


def _plant() -> Scene:
    """The world with every marker in place, the meeting held and its minutes approved."""
    world = World()
    m = MARKERS
    # A member with private contact data (members are public persons; their data is not).
    contact = Person.objects.create(
        body=world.body,
        family_name="Kontakt",
        given_name="Karla",
        email=f"{m['email'].lower()}@example.org",
        phone=m["phone"],
    )
    Membership.objects.create(person=contact, organization=world.committee, role="member")

    # A citizen follows the committee and the paper title's word: public mail only.
    for target, key in (
        ({"organization": world.committee, "target": Subscription.Target.ORGANIZATION}, "o"),
        ({"term": m["paper_title"], "target": Subscription.Target.TERM}, "t"),
    ):
        Subscription.objects.create(
            email="citizen@example.org",
            target_key=key,
            token=f"citizen-token-{key}",
            confirmed_at=timezone.now(),
            **target,
        )

    public_paper = world.submitted(name="Radwegekonzept")
    secret_paper = world.submitted(
        name=f"Vergabe {m['paper_title']}", statement=f"Sachverhalt {m['statement']}"
    )
    services.add_paper_note(secret_paper, by=world.officer, text=f"intern {m['note']}")
    services.give_statement(
        services.request_statement(
            secret_paper,
            organization=world.department,
            due=timezone.localdate() + datetime.timedelta(days=7),
            by=world.clerk,
        ),
        text=f"Stellungnahme {m['department_statement']}",
        by=world.officer,
    )
    late_paper = world.submitted(name=f"Nachtrag {m['paper_title']}")

    meeting = world.meeting()
    services.add_agenda_item(meeting, paper=public_paper, by=world.clerk)
    secret_item = services.add_agenda_item(
        meeting, name=f"Personalsache {m['top_title']}", public=False, by=world.clerk
    )
    services.add_agenda_item(meeting, paper=secret_paper, public=False, by=world.clerk)
    document_services.attach_file(
        secret_item,
        upload=SimpleUploadedFile(
            f"{m['file_name']}.txt", f"Inhalt {m['file_text']}\n".encode(), "text/plain"
        ),
        name=f"Bewerbungen {m['file_name']}",
        by=world.clerk,
    )
    deputy = person_user(world.body)
    Membership.objects.create(
        person=deputy.person,
        organization=world.committee,
        role=Membership.Role.DEPUTY,
        represents=world.member.person,
    )
    world.invite(meeting, begin=False)
    services.reply_to_invitation(
        meeting, by=world.member, accept=False, reason=f"Arzttermin {m['absence_reason']}"
    )
    services.reply_to_invitation(meeting, by=deputy, accept=True)
    world.begin(meeting)
    services.open_meeting(meeting, by=world.clerk, at=meeting.start)
    deputy_row = meeting.attendance.get(person=deputy.person)
    services.record_attendance(
        meeting,
        entries=[
            services.AttendanceEntry(deputy_row, "present", note=f"intern {m['attendance_note']}")
        ],
        by=world.clerk,
    )
    public_item = meeting.agenda_items.get(public=True)
    services.declare_exclusion(
        public_item, person=contact, by=world.clerk, reason=f"intern {m['bias_reason']}"
    )
    amended = services.add_agenda_item(
        meeting,
        name=f"Dringlich {m['amended_title']}",
        public=False,
        paper=late_paper,
        amendment_reason=f"eilbedürftig {m['amendment_reason']}",
        by=world.clerk,
    )
    services.move_agenda_item(
        amended, up=True, amendment_reason=f"zuerst {m['amendment_reason']}", by=world.clerk
    )
    for item in AgendaItem.objects.filter(meeting=meeting):
        services.record_result(
            item,
            result=kind("ungeändert beschlossen"),
            resolution_text="" if item.public else f"Beschluss {m['resolution']}",
            minutes_text="" if item.public else f"Aussprache {m['minutes']}",
            votes_yes=2,
            by=world.clerk,
        )
    meeting = services.close_meeting(meeting, by=world.clerk)
    services.approve_minutes(meeting, by=world.chair)

    other_department = OrganizationFactory(
        body=world.body, name="Ordnungsamt", organization_type=Organization.Type.DEPARTMENT
    )
    other_officer = person_user(world.body, other_department, Membership.Role.STAFF)
    grant(other_officer, "add_paper")
    world.submitted(name="Friedhofssatzung", lead=other_department)
    other_clerk = UserFactory(username="other-clerk")
    grant(other_clerk, "manage_meetings", obj=world.other_committee)

    # A second body in the same installation, with a clerk for all its committees.
    _second_body, second_body_clerk_user = second_body_clerk(
        "manage_meetings", "change_paper", "add_paper", "view_paper"
    )

    # Staff accounts as the demo once made them: is_staff and every view permission. The
    # admin's door must hold for them all the same.
    viewers = Group.objects.create(name="Lesen")
    viewers.permissions.set(Permission.objects.filter(codename__startswith="view_"))
    for user in (world.other_chair, other_officer):
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(viewers)

    # The member writes for the Fraktion; one colleague co-signs, another member declines.
    group = political_group(world.body, "Fraktion Grün")
    other_group = political_group(world.body, "Fraktion Blau")
    Membership.objects.create(person=world.member.person, organization=group)
    group_member = person_user(world.body, group, Membership.Role.CHAIR)
    co_signer = person_user(world.body, world.plenum)
    declined = person_user(world.body, world.plenum)
    draft = services.create_filing(
        body=world.body,
        name=f"Radweg {m['draft_title']}",
        text=f"Antrag {m['draft_text']}",
        reasoning=f"Begründung {m['draft_reasoning']}",
        committee=world.committee,
        group=group,
        by=world.member,
    )
    for person in (co_signer.person, declined.person):
        services.ask_co_signer(draft, person=person, by=world.member)
    services.answer_co_signature(draft, by=co_signer, confirm=True)
    services.answer_co_signature(draft, by=declined, confirm=False)
    filed = services.create_filing(
        body=world.body,
        name=f"Parkplätze {m['filed_title']}",
        text="Mehr Parkplätze",
        committee=world.committee,
        urgent=True,
        urgency_reason=f"Frist {m['filed_urgency']}",
        by=world.member,
    )
    services.file_filing(filed, by=world.member)

    school_office = OrganizationFactory(
        body=world.body, name="Schulamt", organization_type=Organization.Type.DEPARTMENT
    )
    answering_officer = person_user(world.body, school_office, Membership.Role.STAFF)

    def question(name: str, text: str, by) -> Filing:
        asked = services.create_filing(
            body=world.body,
            kind=Filing.Kind.QUESTION,
            name=name,
            text=text,
            committee=world.committee,
            public=False,
            by=by,
        )
        services.file_filing(asked, by=by)
        services.register_filing(asked, by=world.clerk, answering_organization=school_office)
        return Filing.objects.get(pk=asked.pk)

    services.answer_question(
        question(f"Frage {m['question_title']}", f"Wie {m['question_text']}?", world.member),
        answer=f"So {m['answer']}.",
        by=answering_officer,
    )
    other_asker = person_user(world.body, world.plenum)
    question("Frage zum Haushalt", "Wie hoch?", other_asker)

    users = {
        "deputy standing in": deputy,
        "asker of another question": other_asker,
        "member of the committee": person_user(world.body, world.committee),
        "answering officer": answering_officer,
        "anonymous": None,
        "member of the group": group_member,
        "member of another group": person_user(world.body, other_group),
        "co-signer": co_signer,
        "co-signer who declined": declined,
        "member of another committee": person_user(
            world.body, world.other_committee, Membership.Role.MEMBER
        ),
        "chair of another committee": world.other_chair,
        "clerk of another committee": other_clerk,
        "officer of another department": other_officer,
        "staff without role": UserFactory(is_staff=True),
        "user of a second body": second_body_clerk_user,
        "member": world.member,
        "clerk": world.clerk,
        "administrator": world.admin,
    }
    scene = Scene(world=world, users=users)
    for role, user in users.items():
        scene.addresses[role] = (
            {"citizen@example.org"}
            if user is None
            else {user.email, *Person.objects.filter(user=user).values_list("email", flat=True)}
        )
    return scene


# -- fetching ---------------------------------------------------------------------------

LINK = re.compile(r'(?:href|src|action)="([^"#]+)"')


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(content))
        return " ".join(page.extract_text() or "" for page in reader.pages)
    return content.decode("utf-8", "replace")


def _crawl(client: Client, starts: list[str], prefixes: tuple[str, ...]) -> dict[str, str]:
    """Every page under ``prefixes`` reachable from ``starts`` (GET), with its text."""
    pages: dict[str, str] = {}
    queue = deque(starts)
    while queue:
        url = queue.popleft()
        if url in pages:
            continue
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        pages[url] = _text(response) if response.status_code == 200 else ""
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        for link in LINK.findall(pages[url]):
            target = urljoin(url, link.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc not in ("", "testserver"):
                continue
            # Query strings only re-sort or filter what a page without them shows, and the
            # month calendar links on without end: neither adds content to search.
            if parts.query and not re.fullmatch(r"seite=\d+", parts.query):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if "/monat/" in path or "abmelden" in path or "/admin/" in path:
                continue
            if path.startswith(prefixes) and path not in pages:
                queue.append(path)
    return pages


def _guessed_urls() -> list[str]:
    """Every object's workspace, document and portal address, guessed from the ids."""
    urls = []
    for pk in Paper.objects.values_list("pk", flat=True):
        urls += [
            f"/arbeitsplatz/vorlagen/{pk}/",
            f"/arbeitsplatz/vorlagen/{pk}/bearbeiten/",
            f"/dokumente/vorlage/{pk}/vorlage.pdf",
            f"/buergerinfo/vorlage/{pk}/",
        ]
    for pk in Meeting.objects.values_list("pk", flat=True):
        urls += [
            f"/arbeitsplatz/sitzungen/{pk}/",
            f"/arbeitsplatz/sitzungen/{pk}/ergebnisse/",
            f"/dokumente/sitzung/{pk}/niederschrift-entwurf.pdf",
            f"/buergerinfo/sitzung/{pk}/",
        ]
    for pk in AgendaItem.objects.values_list("pk", flat=True):
        urls += [f"/dokumente/top/{pk}/auszug.pdf", f"/buergerinfo/top/{pk}/"]
    for file in File.objects.all():
        urls += [f"/dokumente/{file.pk}/", f"/dokumente/{file.pk}/herunterladen/"]
        urls += [f"/dokumente/{file.pk}/fassung/{n}/" for n in range(1, 4)]
    for pk in Filing.objects.values_list("pk", flat=True):
        urls += [f"/arbeitsplatz/antraege/{pk}/", f"/arbeitsplatz/antraege/{pk}/bearbeiten/"]
    for pk in Organization.objects.values_list("pk", flat=True):
        urls += [f"/buergerinfo/gremium/{pk}/", f"/buergerinfo/gremium/{pk}/kalender.ics"]
    for pk in Person.objects.values_list("pk", flat=True):
        urls += [f"/buergerinfo/person/{pk}/"]
    # The search repeats what was asked: ask for the words planted beside the markers.
    urls += [f"/buergerinfo/suche/?q={word}" for word in SEARCH_WORDS]
    urls += ["/buergerinfo/kalender.ics"]
    return urls


def _admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        for pk in model.objects.values_list("pk", flat=True)[:200]:
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk]))
    return urls


def _api(client: Client, *, refusals: bool) -> dict[str, str]:
    """Every API answer: lists, every object, and (with ``refusals``) every action POSTed
    with every id (each rolled back, so a wrongly allowed action changes nothing for the
    next role)."""
    answers = {}
    world_kind = kind("ungeändert beschlossen").pk
    body = {
        "comment": "x",
        "name": "x",
        "result": world_kind,
        "organization": Organization.objects.first().pk,
        "role": Consultation.Role.DECISION,
    }
    routes = {
        "papers": (Paper, ["submit", "withdraw", "consultations"]),
        "meetings": (
            Meeting,
            [
                "agenda-items",
                "submit-agenda",
                "return-agenda",
                "approve-agenda",
                "send-invitations",
                "close",
                "approve-minutes",
                "cancel",
            ],
        ),
        "agenda-items": (AgendaItem, ["result"]),
    }
    for collection, (model, actions) in routes.items():
        url = f"/api/{collection}/"
        answers[url] = _text(client.get(url))
        for pk in model.objects.values_list("pk", flat=True):
            answers[f"{url}{pk}/"] = _text(client.get(f"{url}{pk}/"))
            for action in actions if refusals else ():
                target = f"{url}{pk}/{action}/"
                with transaction.atomic():
                    response = client.post(
                        target, json.dumps(body), content_type="application/json"
                    )
                    transaction.set_rollback(True)
                assert response.status_code < 500, (target, response.status_code)
                answers[f"POST {target}"] = _text(response)
    answers["/api/schema/"] = _text(client.get("/api/schema/"))
    return answers


def _workspace_posts(client: Client) -> dict[str, str]:
    """Every workspace form posted with every id, the message page it leads to included
    (each rolled back)."""
    targets = []
    for pk in Paper.objects.values_list("pk", flat=True):
        targets += [
            (f"/arbeitsplatz/vorlagen/{pk}/{action}/", {"name": "submit", "text": "x"})
            for action in ("vorgang", "notiz", "beratung")
        ]
    for pk in Meeting.objects.values_list("pk", flat=True):
        targets += [
            (f"/arbeitsplatz/sitzungen/{pk}/{action}/", {"name": "close", "comment": "x"})
            for action in ("vorgang", "top")
        ]
    for item in AgendaItem.objects.all():
        base = f"/arbeitsplatz/sitzungen/{item.meeting_id}/top/{item.pk}"
        targets += [(f"{base}/verschieben/", {"direction": "up"}), (f"{base}/entfernen/", {})]
    for pk in File.objects.values_list("pk", flat=True):
        targets += [(f"/arbeitsplatz/dateien/{pk}/entfernen/", {})]
    for pk in Filing.objects.values_list("pk", flat=True):
        base = f"/arbeitsplatz/antraege/{pk}"
        targets += [
            (f"{base}/vorgang/", {"name": "file", "comment": "x"}),
            (f"{base}/mitzeichnung/", {"person": "1"}),
            (f"{base}/mitzeichnung/antwort/", {"answer": "confirm"}),
            (f"{base}/registrieren/", {}),
        ]
    answers = {}
    for url, data in targets:
        with transaction.atomic():
            response = client.post(url, data, follow=True)
            transaction.set_rollback(True)
        assert response.status_code < 500, (url, response.status_code)
        answers[f"POST {url}"] = _text(response)
    return answers


LISTS_WITH_DELETIONS = (
    "paper",
    "meeting",
    "agendaItem",
    "file",
    "person",
    "membership",
    "consultation",
)


def _oparl(client: Client) -> dict[str, str]:
    """The whole OParl API from the system object, and every list once more with the
    deletions (``modified_since``) appended."""
    answers: dict[str, str] = {}
    queue = deque([OPARL_BASE + "system"])
    while queue:
        url = queue.popleft()
        if url in answers:
            continue
        response = client.get(url)
        assert response.status_code < 500, url
        answers[url] = response.content.decode()
        for link in urls_in(response.json()):
            queue.append(link)
            if "?" not in link and link.rsplit("/", 1)[-1] in LISTS_WITH_DELETIONS:
                queue.append(link + "?modified_since=2000-01-01T00:00:00%2B00:00")
    return answers


def _mails(addresses: set[str]) -> dict[str, str]:
    mails = {}
    for notification in Notification.objects.filter(email__in=addresses):
        message = render(notification)
        parts = [message.subject, message.body]
        parts += [str(content) for content, _mime in message.alternatives]
        parts += [
            attachment[1].decode() if isinstance(attachment[1], bytes) else str(attachment[1])
            for attachment in message.attachments
            if isinstance(attachment, tuple)
        ]
        mails[f"mail {notification.kind} → {notification.email}"] = "\n".join(parts)
    return mails


def _everything(scene: Scene, role: str) -> dict[str, str]:
    client = Client()
    user = scene.users[role]
    if user is not None:
        client.force_login(user)
    answers = _crawl(
        client,
        ["/arbeitsplatz/", "/buergerinfo/", *_guessed_urls()],
        ("/arbeitsplatz/", "/buergerinfo/", "/dokumente/"),
    )
    answers |= _crawl(client, _admin_urls(), ())  # every admin page is among the guessed
    # The controls may run these actions; what matters is what the others are refused.
    refusals = role not in ENTITLED
    answers |= _api(client, refusals=refusals)
    if refusals:
        answers |= _workspace_posts(client)
    answers |= _oparl(client)
    answers |= _mails(scene.addresses[role])
    return answers


def _found(answers: dict[str, str]) -> dict[str, list[str]]:
    upper = {url: text.upper() for url, text in answers.items()}
    return {
        name: sorted(url for url, text in upper.items() if marker in text)
        for name, marker in MARKERS.items()
    }


@pytest.mark.long
@pytest.mark.django_db
def test_every_marker_reaches_exactly_those_entitled_through_every_channel():
    scene = _plant()
    report = {}
    for role in scene.users:
        found = _found(_everything(scene, role))
        seen = {name for name, urls in found.items() if urls}
        missing = ENTITLED.get(role, set()) - seen
        leaked = {
            name: urls[:5]
            for name, urls in found.items()
            if name not in ENTITLED.get(role, set()) and urls
        }
        if missing or leaked:
            report[role] = {"missing": sorted(missing), "leaked": leaked}
    assert report == {}, json.dumps(report, indent=1, ensure_ascii=False)

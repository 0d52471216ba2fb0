"""Services of an Antrag or Anfrage of members and Fraktionen (``Filing``): draft, co-sign,
file with the Sitzungsdienst, and register as a Vorlage."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from workflow import clock, permissions, publication, selectors
from workflow.errors import InvalidInput, TransitionRefused
from workflow.models import (
    AgendaItem,
    Body,
    Consultation,
    CoSignature,
    Filing,
    HistoryEntry,
    Meeting,
    Organization,
    Paper,
    PaperType,
    Person,
)
from workflow.services.engine import (
    lock,
    organization_check,
    perform,
    require,
    save_new,
    touch,
    validate,
)
from workflow.services.history import write_entry, write_event
from workflow.services.meetings import add_agenda_item
from workflow.services.papers import insert_paper, submit_paper

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# What the author may change in a draft.
EDITABLE_FIELDS = (
    "name",
    "text",
    "reasoning",
    "committee",
    "group",
    "public",
    "urgent",
    "urgency_reason",
)


def _check_amended(filing: Filing, *, by: User) -> None:
    """An Änderungsantrag amends a paper the author reads while it waits on an agenda; it is
    decided where that paper is."""
    if filing.kind != Filing.Kind.AMENDMENT:
        filing.amends = None
        return
    paper = (
        selectors.visible_papers(by).filter(pk=filing.amends_id).first()
        if filing.amends_id is not None
        else None
    )  # read afresh: the caller's copy may be from before it was scheduled
    if paper is None:
        raise InvalidInput(_("Bitte die Vorlage wählen, die der Änderungsantrag ändert."))
    step = paper.current_consultation()
    if paper.state != Paper.State.SCHEDULED or step is None:
        raise InvalidInput(
            _("Ein Änderungsantrag ist möglich, solange %(paper)s auf einer Tagesordnung steht.")
            % {"paper": paper}
        )
    filing.committee = step.organization


def _check_parties(filing: Filing, *, by: User) -> None:
    """The committee and group belong to the filing's body; the group is one of the author's."""
    _check_amended(filing, by=by)
    organization_check(
        filing.committee if filing.committee_id is not None else None,
        filing.body_id,
        Organization.Type.COMMITTEE,
        _("Bitte ein Gremium dieser Körperschaft wählen."),
    )
    if (
        filing.group is not None
        and not permissions.groups_of(by).filter(pk=filing.group.pk).exists()
    ):
        raise InvalidInput(_("Sie können nur für eine Fraktion einreichen, der Sie angehören."))
    if not filing.urgent:
        filing.urgency_reason = ""


def create_filing(
    *,
    body: Body,
    name: str,
    text: str,
    by: User,
    committee: Organization | None = None,
    kind: str = Filing.Kind.MOTION,
    amends: Paper | None = None,
    reasoning: str = "",
    group: Organization | None = None,
    public: bool = True,
    urgent: bool = False,
    urgency_reason: str = "",
) -> Filing:
    """Draft an Antrag or Anfrage as the user's person, alone or for one of their Fraktionen."""
    require(
        permissions.can_create_filing(by, body),
        _("Anträge und Anfragen stellen Mitglieder eines Gremiums oder einer Fraktion."),
    )
    author = Person.objects.get(user=by)
    if committee is None and kind != Filing.Kind.AMENDMENT:
        raise InvalidInput(_("Bitte das Gremium wählen, in dem beraten werden soll."))
    filing = Filing(
        body=body,
        kind=kind,
        name=name.strip(),
        text=text.strip(),
        reasoning=reasoning.strip(),
        author=author,
        group=group,
        amends=amends,
        public=public,
        urgent=urgent,
        urgency_reason=urgency_reason.strip(),
    )
    if committee is not None:
        filing.committee = committee
    _check_parties(filing, by=by)
    with transaction.atomic():
        save_new(filing)
        write_entry(filing, HistoryEntry.CREATED, source="", target=filing.state, by=by)
    return filing


def update_filing(
    filing: Filing, *, by: User, expected_version: int | None = None, **changes: Any
) -> Filing:
    """Change the draft's text, committee, group or urgency (the author, while a draft)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(_("Diese Angaben sind nicht änderbar: %s") % ", ".join(sorted(unknown)))
    with transaction.atomic():
        filing = lock(filing, expected_version)
        _check_draft(filing, by=by)
        changed = [f for f, value in changes.items() if getattr(filing, f) != value]
        for field, value in changes.items():
            setattr(filing, field, value.strip() if isinstance(value, str) else value)
        _check_parties(filing, by=by)
        validate(filing)
        if changed:
            labels = ", ".join(str(Filing._meta.get_field(f).verbose_name) for f in changed)
            filing.version += 1
            filing.save()
            write_event(filing, HistoryEntry.EDITED, by=by, comment=labels)
    return filing


def _check_draft(filing: Filing, *, by: User) -> None:
    require(
        permissions.is_filing_author(by, filing),
        _("Nur die Verfasserin oder der Verfasser bearbeitet den Entwurf."),
    )
    if filing.state != Filing.State.DRAFT:
        raise TransitionRefused(
            _("%(filing)s ist %(state)s und kann nicht mehr bearbeitet werden.")
            % {"filing": filing, "state": filing.get_state_display()}
        )


def ask_co_signer(
    filing: Filing, *, person: Person, by: User, expected_version: int | None = None
) -> CoSignature:
    """Ask a member of the body to co-sign the draft (Mitzeichnung); they get a mail."""
    with transaction.atomic():
        filing = lock(filing, expected_version)
        _check_draft(filing, by=by)
        if person.pk == filing.author_id:
            raise InvalidInput(_("Sie haben den Antrag selbst verfasst."))
        seated = Q(person=person, organization__body=filing.body_id)
        if not permissions.seats().filter(seated).exists():
            raise InvalidInput(
                _("Um Mitzeichnung gebeten werden Mitglieder eines Gremiums oder einer Fraktion.")
            )
        co_signature = save_new(CoSignature(filing=filing, person=person))
        touch(filing)
        write_event(filing, HistoryEntry.CO_SIGN_REQUESTED, by=by, comment=person.name)
    return co_signature


def answer_co_signature(
    filing: Filing, *, by: User, confirm: bool, expected_version: int | None = None
) -> CoSignature:
    """The co-signer confirms or declines; a declined co-signer no longer reads the draft."""
    with transaction.atomic():
        filing = lock(filing, expected_version)
        require(
            permissions.can_answer_co_signature(by, filing),
            _("Sie sind nicht um Mitzeichnung dieses Entwurfs gebeten."),
        )
        co_signature = CoSignature.objects.select_for_update().get(filing=filing, person__user=by)
        co_signature.answer = (
            CoSignature.Answer.CONFIRMED if confirm else CoSignature.Answer.DECLINED
        )
        co_signature.answered_at = clock.now()
        co_signature.save(update_fields=["answer", "answered_at", "modified"])
        touch(filing)
        action = HistoryEntry.CO_SIGNED if confirm else HistoryEntry.CO_SIGN_DECLINED
        write_event(filing, action, by=by, comment=co_signature.person.name)
    return co_signature


def file_filing(
    filing: Filing, *, by: User, comment: str = "", expected_version: int | None = None
) -> Filing:
    """Hand the filing to the Sitzungsdienst of the committee it asks for."""
    with transaction.atomic():
        filing = lock(filing, expected_version)
        filing.filed_at = clock.now()
        perform(filing, "file", by=by, comment=comment)
    return filing


def return_filing(
    filing: Filing, *, by: User, comment: str, expected_version: int | None = None
) -> Filing:
    """The Sitzungsdienst gives the filing back to its authors as a draft, with a reason."""
    with transaction.atomic():
        filing = lock(filing, expected_version)
        perform(filing, "return_to_authors", by=by, comment=comment)
    return filing


def withdraw_filing(
    filing: Filing, *, by: User, comment: str = "", expected_version: int | None = None
) -> Filing:
    with transaction.atomic():
        filing = lock(filing, expected_version)
        perform(filing, "withdraw", by=by, comment=comment)
    return filing


def _paper_type(filing: Filing) -> PaperType:
    name = Filing.PAPER_TYPE_NAMES[Filing.Kind(filing.kind)]
    found = (
        PaperType.objects.filter(Q(body=filing.body_id) | Q(body__isnull=True), name=name)
        .order_by("body")  # the body's own entry before the shared one
        .first()
    )
    if found is None:
        raise InvalidInput(_("Die Vorlage-Art „%(name)s“ fehlt im Katalog.") % {"name": name})
    return found


def register_filing(
    filing: Filing,
    *,
    by: User,
    preliminary: Iterable[Organization] = (),
    answering_organization: Organization | None = None,
    comment: str = "",
    expected_version: int | None = None,
) -> Paper:
    """Register the filing as a Vorlage (Vorlage-Art Antrag or Anfrage, the next reference):
    the authors (the author and who co-signed) or the Fraktion as originators. An Antrag gets
    a Vorberatung in each of ``preliminary`` and the Entscheidung in the committee asked for;
    an Anfrage the department that answers it (``answering_organization``, the paper's
    federführend department), its due date and a Kenntnisnahme in the committee. The paper
    is submitted at once and waits for the agenda."""
    with transaction.atomic():
        filing = lock(filing, expected_version)
        question = filing.kind == Filing.Kind.QUESTION
        if question:
            organization_check(
                answering_organization,
                filing.body_id,
                Organization.Type.DEPARTMENT,
                _("Bitte das Amt wählen, das die Anfrage beantwortet."),
            )
            filing.answering_organization = answering_organization
            filing.answer_due = timezone.localdate(clock.now()) + datetime.timedelta(
                days=filing.body.answer_period_days
            )
        perform(filing, "register", by=by, comment=comment)
        paper = Paper(
            body=filing.body,
            name=_("Änderungsantrag zu %(paper)s: %(name)s")
            % {"paper": filing.amends.reference, "name": filing.name}
            if filing.kind == Filing.Kind.AMENDMENT and filing.amends is not None
            else filing.name,
            paper_type=_paper_type(filing),
            date=timezone.localdate(),
            lead_organization=answering_organization if question else None,
            resolution_proposal="" if question else filing.text,
            statement=filing.text if question else filing.reasoning,
        )
        # The clerk registers for the authors: the paper's creation is the registration.
        insert_paper(paper, by=by)
        if filing.group_id is not None:
            paper.originator_organizations.set([filing.group_id])
        co_signers = filing.co_signatures.filter(answer=CoSignature.Answer.CONFIRMED)
        paper.originator_persons.set(
            [filing.author_id, *co_signers.values_list("person_id", flat=True)]
        )
        if filing.kind == Filing.Kind.AMENDMENT:
            steps = [(filing.committee, Consultation.Role.DECISION)]
        elif question:
            steps = [(filing.committee, Consultation.Role.INFORMATION)]
        else:
            steps = [
                (organization, Consultation.Role.PRELIMINARY)
                for organization in dict.fromkeys(preliminary)
                if organization.pk != filing.committee_id
            ] + [(filing.committee, Consultation.Role.DECISION)]
        for position, (organization, role) in enumerate(steps, start=1):
            if organization.body_id != filing.body_id:
                raise InvalidInput(_("Das Gremium gehört zu einer anderen Körperschaft."))
            save_new(
                Consultation(
                    paper=paper,
                    organization=organization,
                    role=role,
                    authoritative=role != Consultation.Role.PRELIMINARY,
                    position=position,
                )
            )
        filing.paper = paper
        filing.save(update_fields=["paper", "modified"])
        paper = submit_paper(paper, by=by)
        if filing.kind == Filing.Kind.AMENDMENT:
            _schedule_amendment(filing, paper, by=by)
    return paper


def _schedule_amendment(filing: Filing, paper: Paper, *, by: User) -> None:
    """The amendment goes on a TOP right before the paper it amends, to be decided first."""
    main = filing.amends
    main_item = (
        AgendaItem.objects.filter(consultation__paper=main, result__isnull=True)
        .select_related("meeting")
        .order_by("-meeting__start", "-pk")
        .first()
    )
    if main is None or main_item is None:
        raise TransitionRefused(
            _("%(paper)s steht auf keiner Tagesordnung mehr.") % {"paper": main}
        )
    paper.superordinate_papers.add(main)
    meeting = main_item.meeting
    add_agenda_item(
        meeting,
        paper=paper,
        public=main_item.public,
        before=main_item,
        by=by,
        amendment_reason=_("Änderungsantrag zu %(paper)s") % {"paper": main.reference}
        if meeting.state == Meeting.State.INVITED
        else "",
    )


def answer_question(
    filing: Filing, *, answer: str, by: User, expected_version: int | None = None
) -> Filing:
    """Give the Antwort (the answering department): the askers are told by mail; a public
    Anfrage is published with its Antwort."""
    with transaction.atomic():
        filing = lock(filing, expected_version)
        filing.answer = answer.strip()
        filing.answered_at = clock.now()
        perform(filing, "give_answer", by=by)
        if filing.public and filing.paper_id is not None:
            publication.refresh([filing.paper_id])
    return filing

"""Reads that several places share (portal, OParl API, documents, notifications).

The public selectors decide what a citizen may see; every public page and the OParl API
read through them, so "what is public" is decided here and nowhere else:

- meetings: their dates and metadata are public; their agenda once invitations went out;
- TOPs: the public ones (``Ö …``) of a meeting whose agenda is published; their results
  (Beschlussart, Beschluss, votes, minutes, Befangenheit, Beschluss files) once the meeting
  is closed, or at once if its body so chooses: every TOP read carries ``results_shown``,
  and every page, document, feed and API response shows a result only where it is true
  (logged-in users read results as recorded);
- papers: those on at least one public TOP of a published agenda (drafts and papers not
  yet on a published agenda do not exist for the public);
- consultations: those of public papers;
- persons and memberships: members of committees and political groups, not staff of the
  administration (a Bearbeiter/-in is named on the paper only).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)

from workflow import clock, permissions
from workflow.models import (
    AgendaDecision,
    AgendaItem,
    Attendance,
    Body,
    Consultation,
    CoSignature,
    Filing,
    HistoryEntry,
    InvitationReply,
    Meeting,
    Membership,
    Organization,
    Paper,
    PaperType,
    Person,
    ResolutionKind,
    SignOff,
    StatementRequest,
)
from workflow.models.base import refusal_message, state_transitions, transition_label
from workflow.models.body import MembershipQuerySet
from workflow.models.meeting import PUBLISHED_AGENDA_STATES, RESULTS_PUBLISHED_STATES

if TYPE_CHECKING:
    from workflow.permissions import User

POLITICAL_TYPES = (
    Organization.Type.COMMITTEE,
    Organization.Type.PARLIAMENTARY_GROUP,
    Organization.Type.PARTY,
    Organization.Type.EXTERNAL,
)


def public_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.all()


def published_results(prefix: str = "") -> Q:
    """Over ``AgendaItem`` (or, with ``prefix``, what leads to one): the results of the TOP's
    meeting are public (``workflow.models.meeting.results_published``)."""
    return Q(**{f"{prefix}meeting__state__in": RESULTS_PUBLISHED_STATES}) | Q(
        **{
            f"{prefix}meeting__state__in": PUBLISHED_AGENDA_STATES,
            f"{prefix}meeting__body__publish_results_at_once": True,
        }
    )


def _results_shown(rule: Q) -> ExpressionWrapper:
    return ExpressionWrapper(rule, output_field=BooleanField())


def public_agenda_items() -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(
        public=True, meeting__state__in=PUBLISHED_AGENDA_STATES
    ).annotate(results_shown=_results_shown(published_results()))


def public_papers() -> QuerySet[Paper]:
    """Papers on a public TOP of a published agenda (``workflow.publication``)."""
    return Paper.objects.filter(publication__isnull=False)


def public_consultations() -> QuerySet[Consultation]:
    return Consultation.objects.filter(paper__in=public_papers())


def public_memberships() -> MembershipQuerySet:
    return Membership.objects.filter(organization__organization_type__in=POLITICAL_TYPES)


def public_persons() -> QuerySet[Person]:
    return Person.objects.filter(
        Exists(public_memberships().filter(person=OuterRef("pk")))
        | Exists(public_papers().filter(originator_persons=OuterRef("pk")))
    )


def meeting_participants() -> QuerySet[Attendance]:
    """Those present at meetings as members or deputies (OParl ``Meeting.participant``):
    public persons; guests and the internal notes are not."""
    return Attendance.objects.filter(
        status=Attendance.Status.PRESENT,
        role__in=(Attendance.Role.MEMBER, Attendance.Role.DEPUTY),
        person__isnull=False,
    )


def public_meeting_page(pk: int) -> tuple[Meeting, list[AgendaItem], bool]:
    """A meeting, its public TOPs (empty until the agenda is published) with everything the
    page shows loaded, and whether it has a non-public part (shown without titles)."""
    meeting = public_meetings().select_related("organization", "location", "body").get(pk=pk)
    items = list(
        public_agenda_items()
        .filter(meeting=meeting)
        .select_related("result", "consultation__paper")
        .order_by("position")
    )
    has_non_public = meeting.state in PUBLISHED_AGENDA_STATES and (
        AgendaItem.objects.filter(meeting=meeting, public=False).exists()
    )
    return meeting, items, has_non_public


def public_agenda_decisions(items: list[AgendaItem]) -> list[AgendaDecision]:
    """What the meeting decided about these public TOPs of a published agenda (Absetzung,
    Dringlichkeit, order), without the clerk's free text, once their results are shown."""
    return list(
        AgendaDecision.objects.filter(
            agenda_item__in=[i.pk for i in items if i.public and getattr(i, "results_shown", False)]
        )
        .select_related("agenda_item")
        .order_by("decided_at", "pk")
    )


# What an Auszug shows of a TOP besides its own fields (page and PDF).
AUSZUG_RELATIONS = (
    "meeting__organization",
    "meeting__location",
    "meeting__body",
    "result",
    "consultation__paper__paper_type",
    "consultation__paper__lead_organization",
    "consultation__paper__officer",
)


def public_auszug(pk: int) -> AgendaItem:
    """One public TOP with its meeting and paper, for the Auszug page."""
    return public_agenda_items().select_related(*AUSZUG_RELATIONS).get(pk=pk)


def public_paper_page(pk: int) -> tuple[Paper, list[tuple[Consultation, AgendaItem | None]]]:
    """A public paper and its Beratungsfolge, each step with its latest public TOP."""
    paper = public_papers().select_related("paper_type", "lead_organization", "officer").get(pk=pk)
    return paper, consultation_steps(paper, public_agenda_items())


def originators(paper: Paper) -> list[str]:
    """The Antragsteller of a paper: its Fraktionen, then its persons, by name."""
    groups = [o.name for o in paper.originator_organizations.order_by("name")]
    persons = [p.name for p in paper.originator_persons.order_by("family_name", "given_name")]
    return groups + persons


def public_answers() -> QuerySet[Filing]:
    """Public Anfragen of members with their Antwort (public with their paper)."""
    return Filing.objects.filter(
        kind=Filing.Kind.QUESTION, public=True, state=Filing.State.ANSWERED
    ).select_related("answering_organization")


def public_answer(paper: Paper) -> Filing | None:
    """The Antwort of a public Anfrage of members, if the paper is one."""
    return public_answers().filter(paper=paper).first()


def consultation_steps(
    paper: Paper, agenda_items: QuerySet[AgendaItem]
) -> list[tuple[Consultation, AgendaItem | None]]:
    """The Beratungsfolge, each step with its latest TOP among ``agenda_items`` (what the
    reader may see), in two queries."""
    consultations = list(paper.consultations.select_related("organization").order_by("position"))
    items = (
        agenda_items.filter(consultation__paper=paper)
        .select_related("meeting", "result", "consultation")
        .order_by("meeting__start", "pk")
    )
    latest = {item.consultation_id: item for item in items}
    return [(c, latest.get(c.pk)) for c in consultations]


def public_agendas(meetings: list[Meeting]) -> dict[int, list[AgendaItem]]:
    """The public TOPs of the given meetings (published agendas only), in one query."""
    agendas: dict[int, list[AgendaItem]] = {}
    items = public_agenda_items().filter(meeting__in=meetings).order_by("meeting", "position")
    for item in items:
        agendas.setdefault(item.meeting_id, []).append(item)
    return agendas


# -- what a logged-in user sees (staff workspace, API) ----------------------------------


def visible_agenda_items(user: User) -> QuerySet[AgendaItem]:
    """Public TOPs of published agendas, every TOP of the committees whose non-public
    content the user reads (members, clerks), and the TOPs of the user's own papers; their
    results as recorded (``results_shown``: the council's and the administration's people
    are not held to the portal's publication of results)."""
    if not user.is_authenticated:
        return public_agenda_items()
    return AgendaItem.objects.filter(
        Q(pk__in=public_agenda_items().values("pk"))
        | Q(meeting__organization__in=permissions.confidential_organizations(user))
        | Q(consultation__paper__in=permissions.editable_papers(user))
    ).annotate(results_shown=Value(True, output_field=BooleanField()))


def visible_meetings(user: User) -> QuerySet[Meeting]:
    """The meetings whose page this user may open: every meeting's metadata is public, so
    for now this is ``public_meetings``; lookups for a user go through it all the same."""
    return public_meetings()


def visible_papers(user: User) -> QuerySet[Paper]:
    """Public papers; the user's own (drafts included); the Anträge and Anfragen the user or
    their Fraktion originated, or reads as clerk or answering department; papers awaiting the
    user's Freigabe;
    submitted papers of the committees whose non-public content the user reads."""
    if not user.is_authenticated:
        return public_papers()
    committees = permissions.confidential_organizations(user)
    awaiting = SignOff.objects.pending().filter(
        organization__in=permissions.headed_organizations(user)
    )
    statements_asked = StatementRequest.objects.filter(
        organization__in=permissions.answering_departments(user)
    )
    # A non-public Anfrage reaches the committee only on one of its (non-public) TOPs.
    private_questions = Filing.objects.filter(kind=Filing.Kind.QUESTION, public=False)
    on_committee_agenda = AgendaItem.objects.filter(meeting__organization__in=committees)
    return Paper.objects.filter(
        Q(pk__in=public_papers().values("pk"))
        | Q(pk__in=permissions.editable_papers(user).values("pk"))
        | Q(pk__in=awaiting.values("paper"))
        | Q(pk__in=permissions.originated_papers(user).values("pk"))
        | Q(pk__in=permissions.readable_filings(user).values("paper"))
        | Q(pk__in=statements_asked.values("paper"))
        | (
            ~Q(state=Paper.State.DRAFT)
            & Q(pk__in=Consultation.objects.filter(organization__in=committees).values("paper"))
            & (
                ~Q(pk__in=private_questions.values("paper"))
                | Q(pk__in=on_committee_agenda.values("consultation__paper"))
            )
        )
    )


def next_committee() -> Subquery:
    """Annotation: the organization of a paper's first open consultation."""
    return Subquery(
        Consultation.objects.open()
        .filter(paper=OuterRef("pk"))
        .order_by("position")
        .values("organization")[:1]
    )


def next_committee_name() -> Subquery:
    """Annotation: the name of the organization of a paper's first open consultation (read
    in the same query as the paper, for lists that say where each paper is due)."""
    return Subquery(
        Consultation.objects.open()
        .filter(paper=OuterRef("pk"))
        .order_by("position")
        .values("organization__name")[:1]
    )


def schedulable_papers() -> QuerySet[Paper]:
    """Submitted, signed-off papers, annotated with ``next_committee``."""
    return (
        Paper.objects.filter(state=Paper.State.SUBMITTED)
        .exclude(Exists(SignOff.objects.pending().filter(paper=OuterRef("pk"))))
        .annotate(next_committee=next_committee())
        .select_related("paper_type")
        .order_by("date", "reference")
    )


def papers_waiting_for(organization: Organization) -> QuerySet[Paper]:
    """Papers the Sitzungsdienst can put on an agenda of this committee."""
    # The plugin does not see the annotation made in schedulable_papers.
    return schedulable_papers().filter(next_committee=organization.pk)  # type: ignore[misc]


def agenda_parts(meeting: Meeting, *, non_public: bool) -> list[AgendaItem]:
    """A meeting's TOPs as its documents and mails list them, in agenda order: the public
    part, and with ``non_public`` the non-public part too (for the committee only)."""
    items = meeting.agenda_items.select_related(
        "result", "consultation__paper__paper_type"
    ).order_by("-public", "position")
    return list(items if non_public else items.filter(public=True))


def meeting_agenda(*, meeting: Meeting, user: User) -> list[AgendaItem]:
    """The TOPs of a meeting this user sees, with paper and result loaded, in agenda order."""
    return list(
        visible_agenda_items(user)
        .filter(meeting=meeting)
        .select_related("result", "consultation__paper", "consultation__organization")
        .order_by("-public", "position")
    )


@dataclass
class Workspace:
    """Mein Arbeitsplatz: what is waiting for this user."""

    drafts: list[Paper]
    papers_in_progress: list[Paper]
    sign_offs: list[Paper]
    papers_to_schedule: list[Paper]
    meetings_to_prepare: list[Meeting]
    meetings_to_approve: list[Meeting]


WORKSPACE_LIMIT = 50


def workspace(user: User) -> Workspace:
    own = permissions.editable_papers(user).select_related("paper_type").order_by("-modified")
    clerk_of = permissions.clerk_organizations(user)
    headed = permissions.headed_organizations(user)
    pending = SignOff.objects.pending().filter(organization__in=headed)
    to_schedule = (
        schedulable_papers()
        .filter(next_committee__in=clerk_of)  # type: ignore[misc]  # as in papers_waiting_for
        .annotate(next_committee_name=next_committee_name())
    )
    meetings = Meeting.objects.select_related("organization").order_by("start")
    return Workspace(
        drafts=list(own.filter(state=Paper.State.DRAFT)[:WORKSPACE_LIMIT]),
        papers_in_progress=list(
            own.filter(state__in=(Paper.State.SUBMITTED, Paper.State.SCHEDULED))[:WORKSPACE_LIMIT]
        ),
        sign_offs=list(
            Paper.objects.filter(state=Paper.State.SUBMITTED, pk__in=pending.values("paper"))
            .select_related("paper_type", "lead_organization")
            .order_by("date")[:WORKSPACE_LIMIT]
        ),
        papers_to_schedule=list(to_schedule[:WORKSPACE_LIMIT]),
        meetings_to_prepare=list(
            meetings.filter(
                organization__in=clerk_of,
                # every meeting in progress, those waiting for the chair included
                state__in=(*Meeting.NOT_YET_HELD_STATES, Meeting.State.HELD),
            )[:WORKSPACE_LIMIT]
        ),
        meetings_to_approve=list(
            meetings.filter(
                organization__in=permissions.chaired_organizations(user),
                state__in=(Meeting.State.AGENDA_SUBMITTED, Meeting.State.HELD),
            )[:WORKSPACE_LIMIT]
        ),
    )


# -- Mein Mandat: members, Fraktionen and their Anträge and Anfragen ---------------------

FILING_RELATIONS = ("author", "group", "committee", "paper", "body", "answering_organization")


def visible_filings(user: User) -> QuerySet[Filing]:
    """The Anträge and Anfragen of members the user reads (``permissions.readable_filings``)."""
    return permissions.readable_filings(user).select_related(*FILING_RELATIONS)


def co_signatures_of(filing: Filing) -> list[CoSignature]:
    return list(filing.co_signatures.select_related("person").order_by("pk"))


def co_signer_candidates(filing: Filing) -> QuerySet[Person]:
    """Who can be asked to co-sign: holders of a seat in the body, not yet asked, not the
    author."""
    seated = permissions.seats().filter(organization__body=filing.body_id).values("person")
    return (
        Person.objects.filter(pk__in=seated)
        .exclude(pk=filing.author_id)
        .exclude(pk__in=filing.co_signatures.values("person"))
        .order_by("family_name", "given_name")
    )


@dataclass
class Mandate:
    """Mein Mandat: a member's committees and Fraktionen, their next meetings, the filings
    they wrote, co-sign or their Fraktion filed, and the requests to co-sign."""

    seats: list[Membership]
    next_meetings: list[Meeting]
    unanswered: list[Meeting]  # invitations out, not yet answered
    co_sign_requests: list[Filing]
    filings: list[Filing]
    papers: list[Paper]


MANDATE_MEETINGS = 10


def mandate(user: User) -> Mandate:
    """What "Mein Mandat" shows; a fixed number of queries however many meetings and
    filings there are."""
    seats = list(
        permissions.mandate_memberships(user)
        .select_related("organization")
        .order_by("organization__organization_type", "organization__name")
    )
    if not seats:
        return Mandate([], [], [], [], [], [])
    committees = [m.organization_id for m in seats]
    person_id = seats[0].person_id
    filings = visible_filings(user).filter(
        Q(author_id=person_id)
        | Q(group__in=permissions.groups_of(user))
        | Q(co_signatures__person_id=person_id, co_signatures__answer=CoSignature.Answer.CONFIRMED)
    )
    requests = visible_filings(user).filter(
        state=Filing.State.DRAFT,
        co_signatures__person_id=person_id,
        co_signatures__answer=CoSignature.Answer.INVITED,
    )
    return Mandate(
        seats=seats,
        next_meetings=list(
            visible_meetings(user)
            .filter(
                organization__in=committees,
                state__in=Meeting.NOT_YET_HELD_STATES,
            )
            .select_related("organization")
            .order_by("start")[:MANDATE_MEETINGS]
        ),
        unanswered=list(
            visible_meetings(user)
            .filter(
                organization__in=permissions.invited_memberships_of(user).values("organization"),
                state=Meeting.State.INVITED,
                start__gt=clock.now(),
            )
            .exclude(replies__person_id=person_id)
            .select_related("organization")
            .order_by("start")[:MANDATE_MEETINGS]
        ),
        co_sign_requests=list(requests.distinct()[:WORKSPACE_LIMIT]),
        filings=list(filings.exclude(state=Filing.State.WITHDRAWN).distinct()[:WORKSPACE_LIMIT]),
        papers=list(
            permissions.originated_papers(user)
            .exclude(state=Paper.State.WITHDRAWN)
            .select_related("paper_type")
            .order_by("-date", "-reference")[:WORKSPACE_LIMIT]
        ),
    )


def statements_of(paper: Paper) -> list[StatementRequest]:
    """The Stellungnahmen asked for on a paper (read by whoever reads the paper)."""
    return list(paper.statements.select_related("organization", "given_by").order_by("due", "pk"))


def statements_to_give(user: User) -> list[StatementRequest]:
    """Stellungnahmen the user's department is asked for and has not given yet."""
    return list(
        StatementRequest.objects.filter(
            given_at__isnull=True, organization__in=permissions.answering_departments(user)
        )
        .select_related("paper", "organization")
        .order_by("due", "pk")[:WORKSPACE_LIMIT]
    )


def questions_to_answer(user: User) -> list[Filing]:
    """Registered Anfragen the user's department is to answer, the earliest due first."""
    return list(
        visible_filings(user)
        .filter(
            state=Filing.State.REGISTERED,
            kind=Filing.Kind.QUESTION,
            answering_organization__in=permissions.answering_departments(user),
        )
        .order_by("answer_due", "pk")[:WORKSPACE_LIMIT]
    )


def overdue_questions(user: User, today: datetime.date) -> list[Filing]:
    """Anfragen past their due date without an Antwort, for their Sitzungsdienst."""
    return list(
        visible_filings(user)
        .filter(
            state=Filing.State.REGISTERED,
            kind=Filing.Kind.QUESTION,
            answer_due__lt=today,
            committee__in=permissions.clerk_organizations(user),
        )
        .select_related("answering_organization")
        .order_by("answer_due", "pk")[:WORKSPACE_LIMIT]
    )


def filings_to_register(user: User) -> list[Filing]:
    """Filed Anträge and Anfragen waiting for this user's registration as Sitzungsdienst."""
    return list(
        visible_filings(user)
        .filter(state=Filing.State.FILED, committee__in=permissions.clerk_organizations(user))
        .order_by("filed_at")[:WORKSPACE_LIMIT]
    )


# -- Zusagen and Absagen -----------------------------------------------------------------


@dataclass
class ExpectedAttendance:
    """One invited person of a meeting as the Sitzungsdienst sees it."""

    membership: Membership
    reply: InvitationReply | None
    deputy: InvitationReply | None  # the deputy asked to stand in, with their answer

    @property
    def answer(self) -> str:
        return (
            self.reply.get_answer_display()
            if self.reply
            else str(InvitationReply.Answer.OPEN.label)
        )


def expected_attendance(meeting: Meeting, user: User) -> list[ExpectedAttendance] | None:
    """Zusagen, Absagen (with their reasons) and deputies per invited person, for the
    meeting's Sitzungsdienst; None for everyone else. Two queries, however many invited."""
    if not permissions.can_manage_meeting(user, meeting):
        return None
    replies = {
        r.person_id: r
        for r in InvitationReply.objects.filter(meeting=meeting).select_related(
            "person", "stands_in_for"
        )
    }
    deputies = {r.stands_in_for_id: r for r in replies.values() if r.stands_in_for_id}
    memberships = (
        permissions.invited_memberships(meeting.organization)
        .select_related("person")
        .order_by("role", "person__family_name", "person__given_name")
    )
    return [
        ExpectedAttendance(m, replies.get(m.person_id), deputies.get(m.person_id))
        for m in memberships
    ]


def own_reply(meeting: Meeting, user: User) -> InvitationReply | None:
    """The signed-in person's own answer to the meeting's invitation (with their reason)."""
    return (
        InvitationReply.objects.filter(meeting=meeting, person__user_id=user.pk)
        .select_related("stands_in_for")
        .first()
        if user.is_authenticated
        else None
    )


def history(subject: Paper | Meeting | Filing, *, user: User) -> list[HistoryEntry]:
    """Verlauf of a paper or meeting as ``user`` may read it, oldest first, with who did it.

    Notes on a paper only for those who read notes (``permissions.can_read_paper_notes``;
    everyone else does not learn that there are any). An entry about a non-public TOP (its
    title, the clerk's reason, its result) in full only for those who read that committee's
    non-public part, and on a paper for the paper's side; everyone else reads that the
    non-public part changed, without title or reason (the entries are not saved again).
    """
    entries = HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).select_related("by", "content_type")
    if isinstance(subject, Paper) and not permissions.can_read_paper_notes(user, subject):
        entries = entries.exclude(action=HistoryEntry.NOTE)
    rows = list(entries)
    if isinstance(subject, Paper) and permissions.can_edit_paper(user, subject):
        return rows
    parts = {
        entry.confidential_organization_id
        for entry in rows
        if entry.confidential_organization_id is not None
    }
    if parts:
        readable = set(
            permissions.confidential_organizations(user)
            .filter(pk__in=parts)
            .values_list("pk", flat=True)
        )
        for entry in rows:
            part = entry.confidential_organization_id
            if part is not None and part not in readable:
                entry.comment = str(HistoryEntry.REDACTED_COMMENT)
    return rows


def site_body() -> Body | None:
    """The body the public site speaks for (its header, its accessibility statement): the
    first one, as an installation serves one body."""
    return Body.objects.order_by("pk").first()


def user_body(user: User) -> Body | None:
    """The body a staff user works for: their person's; without a person, the only body of a
    one-body installation (with several, a user must belong to one)."""
    # The stub wants a key; None (anonymous) is a valid lookup, too: IS NULL.
    person_body = Person.objects.filter(user_id=user.pk).values("body")[:1]  # type: ignore[misc]
    own = Body.objects.filter(pk__in=person_body).first()
    if own is not None:
        return own
    bodies = list(Body.objects.order_by("pk")[:2])
    return bodies[0] if len(bodies) == 1 else None


def paper_types_for(body: Body) -> QuerySet[PaperType]:
    return PaperType.objects.filter(Q(body=None) | Q(body=body))


def resolution_kinds_for(body: Body) -> QuerySet[ResolutionKind]:
    return ResolutionKind.objects.filter(Q(body=None) | Q(body=body))


def organizations_of(body: Body, kind: str) -> QuerySet[Organization]:
    return Organization.objects.filter(body=body, organization_type=kind, end_date__isnull=True)


@dataclass(frozen=True)
class TransitionOption:
    """A transition offered as a button: ``blocked`` says why it cannot run yet."""

    name: str
    label: str
    comment_required: bool
    blocked: str = ""


def transition_options(subject: Paper | Meeting | Filing, user: User) -> list[TransitionOption]:
    """The transitions of ``subject`` offered as buttons (``custom["offered"]``) that its
    state and the user's permission allow, each with the reason of its first unmet condition
    (shown next to a disabled button)."""
    options = []
    for transition in state_transitions(subject):
        if not transition.custom.get("offered"):
            continue
        if not permissions.may_run_transition(user, subject, transition.name):
            continue
        unmet = next(
            (refusal_message(c, subject) for c in transition.conditions if not c(subject)), ""
        )
        options.append(
            TransitionOption(
                name=transition.name,
                label=transition_label(subject, transition.name),
                comment_required=bool(transition.custom.get("comment_required")),
                blocked=str(unmet),
            )
        )
    return options

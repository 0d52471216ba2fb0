"""Forms of the workspace: field validation only. What is allowed is decided by the
services; their refusals are shown on the form (``add_refusal``) with the input kept."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from workflow import permissions, selectors, services
from workflow.errors import WorkflowError
from workflow.forms import MeetingEntryConfirmations
from workflow.models import (
    AgendaItem,
    Attendance,
    Body,
    Consultation,
    Filing,
    Location,
    Organization,
    Paper,
    PaperType,
    Person,
    Vote,
)

# Browsers take the value of <input type="date"> and "datetime-local" only in ISO form (a
# German "01.12.2026" is dropped, and the field is shown empty), whatever the page's language.
ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


# ``form.fields`` holds the base Field type: these say which kind a declared field is.
def _model_choice(form: forms.Form, name: str) -> forms.ModelChoiceField[Any]:
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


class VersionedForm(forms.Form):
    """Carries the version of the object the user saw (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def add_refusal(self, error: WorkflowError) -> None:
        self.add_error(None, error.message)


class PaperForm(VersionedForm):
    name = forms.CharField(label=_("Betreff"), max_length=500)
    paper_type: forms.ModelChoiceField[PaperType] = forms.ModelChoiceField(
        label=_("Vorlage-Art"), queryset=None
    )
    date = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)
    )
    lead_organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("federführend"), queryset=None
    )
    officer: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        label=_("Bearbeiter/-in"), queryset=None, required=False
    )
    co_organizations: forms.ModelMultipleChoiceField[Organization] = forms.ModelMultipleChoiceField(
        label=_("Mitzeichnung"),
        queryset=None,
        required=False,
        help_text=_("weitere Ämter, die die Vorlage freigeben"),
    )
    statement = forms.CharField(label=_("Sachverhalt"), widget=forms.Textarea, required=False)
    resolution_proposal = forms.CharField(
        label=_("Beschlussvorschlag"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = selectors.organizations_of(body, Organization.Type.DEPARTMENT)
        _model_choice(self, "paper_type").queryset = selectors.paper_types_for(body)
        _model_choice(self, "lead_organization").queryset = departments
        _model_choice(self, "co_organizations").queryset = departments
        _model_choice(self, "officer").queryset = body.persons.all()

    @classmethod
    def initial_for_new(cls, user: Any, body: Body) -> dict[str, Any]:
        """A new paper's Bearbeiter/-in is its author, when the author is a person of the body."""
        own = body.persons.filter(user_id=user.pk).values_list("pk", flat=True).first()
        return {"officer": own} if own is not None else {}

    @classmethod
    def initial_for(cls, paper: Paper) -> dict[str, Any]:
        return {
            "name": paper.name,
            "paper_type": paper.paper_type_id,
            "date": paper.date,
            "lead_organization": paper.lead_organization_id,
            "officer": paper.officer_id,
            "co_organizations": list(paper.co_organizations.values_list("pk", flat=True)),
            "statement": paper.statement,
            "resolution_proposal": paper.resolution_proposal,
            "version": paper.version,
        }


class ConsultationForm(forms.Form):
    organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("Gremium"), queryset=None
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=Consultation.Role.choices)
    authoritative = forms.BooleanField(
        label=_("entscheidet"),
        required=False,
        help_text=_(
            "Das Ergebnis dieser Beratung ist der Beschluss, keine Empfehlung. Ohne Häkchen "
            "entscheidet eine Entscheidung, ebenso eine Kenntnisnahme, die als letzte Beratung "
            "ergänzt wird, solange keine andere entscheidet."
        ),
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "organization").queryset = selectors.organizations_of(
            body, Organization.Type.COMMITTEE
        )


class MeetingForm(MeetingEntryConfirmations, VersionedForm):
    field_order = ["version", "organization", "name", "start", "end", "location"]
    organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("Gremium"), queryset=None
    )
    name = forms.CharField(label=_("Anlass"), max_length=300, initial=_("Ordentliche Sitzung"))
    start = forms.DateTimeField(
        label=_("Beginn"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=ISO_DATETIME_LOCAL),
    )
    end = forms.DateTimeField(
        label=_("Ende"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=ISO_DATETIME_LOCAL),
    )
    location: forms.ModelChoiceField[Location] = forms.ModelChoiceField(
        label=_("Raum/Ort"), queryset=None, required=False
    )

    def __init__(self, *args: Any, user: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "organization").queryset = permissions.clerk_organizations(user).filter(
            body=body, organization_type=Organization.Type.COMMITTEE
        )
        _model_choice(self, "location").queryset = Location.objects.filter(body__in=[body, None])


LOCAL_INPUT = "%Y-%m-%dT%H:%M"  # the value format of <input type="datetime-local">


class RescheduleForm(VersionedForm):
    """Sitzung verlegen: a new time (and room), with the reason the invited are told."""

    start = forms.DateTimeField(
        label=_("Beginn"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )
    end = forms.DateTimeField(
        label=_("Ende"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )
    location: forms.ModelChoiceField[Location] = forms.ModelChoiceField(
        label=_("Raum/Ort"), queryset=None, required=False
    )
    reason = forms.CharField(label=_("Begründung"), widget=forms.Textarea(attrs={"rows": 3}))
    allow_overlap = forms.BooleanField(
        label=_("Überschneidung bestätigen"),
        required=False,
        help_text=_("das Gremium tagt zur selben Zeit noch in einer anderen Sitzung"),
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "location").queryset = Location.objects.filter(body__in=[body, None])


class MeetingTimesForm(forms.Form):
    """The actual start and end of a meeting, on the result screen."""

    actual_start = forms.DateTimeField(
        label=_("tatsächlicher Beginn"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )
    actual_end = forms.DateTimeField(
        label=_("tatsächliches Ende"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )


class AgendaItemForm(VersionedForm):
    paper: forms.ModelChoiceField[Paper] = forms.ModelChoiceField(
        label=_("Vorlage"),
        queryset=None,
        required=False,
        help_text=_("eingereichte, freigegebene Vorlagen, die als Nächstes hier beraten werden"),
    )
    name = forms.CharField(
        label=_("Titel"),
        max_length=1000,
        required=False,
        help_text=_("leer: der Betreff der Vorlage"),
    )
    public = forms.TypedChoiceField(
        label=_("Teil"),
        choices=[("1", _("öffentlich (Ö)")), ("0", _("nichtöffentlich (N)"))],
        coerce=lambda value: value == "1",
        initial="1",
    )
    amendment_reason = forms.CharField(
        label=_("Begründung der Änderung"),
        required=False,
        help_text=_("nötig, wenn die Tagesordnung schon freigegeben ist"),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "paper").queryset = selectors.papers_waiting_for(organization)


class FileForm(forms.Form):
    """Attach a file to a paper, or to a meeting or one of its TOPs."""

    upload = forms.FileField(label=_("Datei"))
    name = forms.CharField(
        label=_("Titel"), max_length=300, required=False, help_text=_("leer: der Dateiname")
    )
    role = forms.ChoiceField(label=_("Art"))
    agenda_item = forms.ModelChoiceField(
        label=_("zu TOP"), queryset=AgendaItem.objects.none(), required=False
    )
    confidential = forms.BooleanField(
        label=_("nichtöffentlich"),
        required=False,
        help_text=_("nur für das Gremium (und bei Vorlagen für das federführende Amt)"),
    )

    def __init__(
        self, *args: Any, roles: list, agenda_items: list[AgendaItem] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "role").choices = roles
        if agenda_items is None:
            del self.fields["agenda_item"]
        else:
            _model_choice(self, "agenda_item").queryset = AgendaItem.objects.filter(
                pk__in=[item.pk for item in agenda_items]
            )
            _model_choice(self, "agenda_item").empty_label = _("– die Sitzung selbst –")


class FileVersionForm(forms.Form):
    upload = forms.FileField(label=_("neue Fassung"))
    comment = forms.CharField(label=_("Bemerkung"), max_length=500, required=False)


class NotificationSettingsForm(forms.Form):
    """Per kind of notification: at once, daily or off; and the language of the mails."""

    language = forms.ChoiceField(label=_("Sprache der E-Mails"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, kinds: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from notifications.models import Preference

        for kind in kinds:
            self.fields[f"mode_{kind.value}"] = forms.ChoiceField(
                label=kind.label, choices=Preference.Mode.choices
            )

    def modes(self) -> dict[str, str]:
        return {
            name.removeprefix("mode_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("mode_")
        }


class ResultForm(forms.Form):
    """One TOP's row on the result screen; the Beschlussart choices are shared by all rows
    (loaded once, not once per row)."""

    result = forms.TypedChoiceField(label=_("Beschlussart"), required=False, coerce=int)
    resolution_text = forms.CharField(label=_("Beschluss"), widget=forms.Textarea, required=False)
    minutes_text = forms.CharField(label=_("Protokolltext"), widget=forms.Textarea, required=False)
    votes_yes = forms.IntegerField(
        label=_("Ja"), min_value=0, max_value=services.MAX_VOTES, required=False
    )
    votes_no = forms.IntegerField(
        label=_("Nein"), min_value=0, max_value=services.MAX_VOTES, required=False
    )
    votes_abstain = forms.IntegerField(
        label=_("Enthaltung"), min_value=0, max_value=services.MAX_VOTES, required=False
    )

    FIELDS = ("resolution_text", "minutes_text", "votes_yes", "votes_no", "votes_abstain")

    def __init__(self, *args: Any, item: AgendaItem, choices: list, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"top-{item.pk}")
        kwargs.setdefault(
            "initial",
            {"result": item.result_id, **{name: getattr(item, name) for name in self.FIELDS}},
        )
        super().__init__(*args, **kwargs)
        self.item = item
        _choice(self, "result").choices = [("", "–"), *choices]

    def changed_entry(self) -> dict[str, Any] | None:
        """The row's values when it has a Beschlussart and differs from what is stored."""
        data = self.cleaned_data
        if data["result"] in (None, ""):
            return None
        if all(data[name] == stored for name, stored in self.initial.items()):
            return None
        return data


class FilingForm(VersionedForm):
    """Antrag or Anfrage of a member, alone or for one of their Fraktionen."""

    kind = forms.ChoiceField(label=_("Art"), choices=Filing.Kind.choices)
    name = forms.CharField(label=_("Betreff"), max_length=500)
    text = forms.CharField(
        label=_("Antragstext"),
        widget=forms.Textarea,
        help_text=_("bei einer Anfrage: die Fragen"),
    )
    reasoning = forms.CharField(label=_("Begründung"), widget=forms.Textarea, required=False)
    committee: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("zur Beratung in"),
        queryset=None,
        required=False,
        help_text=_("bei einem Änderungsantrag: wo die Vorlage beraten wird"),
    )
    amends: forms.ModelChoiceField[Paper] = forms.ModelChoiceField(
        label=_("ändert die Vorlage"),
        queryset=None,
        required=False,
        help_text=_("nur bei einem Änderungsantrag: eine Vorlage auf einer Tagesordnung"),
    )
    group: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("für die Fraktion"),
        queryset=None,
        required=False,
        help_text=_("leer: Sie stellen den Antrag persönlich"),
    )
    public = forms.BooleanField(
        label=_("öffentlich"),
        required=False,
        initial=True,
        help_text=_(
            "ohne Häkchen lesen eine Anfrage und ihre Antwort nur die Fragenden, das "
            "antwortende Amt und der Sitzungsdienst"
        ),
    )
    urgent = forms.BooleanField(
        label=_("Dringlichkeitsantrag"),
        required=False,
        help_text=_("nach der Antragsfrist: nur mit Begründung der Dringlichkeit"),
    )
    urgency_reason = forms.CharField(
        label=_("Begründung der Dringlichkeit"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args: Any, user: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "committee").queryset = selectors.organizations_of(
            body, Organization.Type.COMMITTEE
        )
        _model_choice(self, "group").queryset = permissions.groups_of(user).filter(body=body)
        _model_choice(self, "amends").queryset = (
            selectors.visible_papers(user)
            .filter(body=body, state=Paper.State.SCHEDULED)
            .order_by("-date", "-reference")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        amendment = data.get("kind") == Filing.Kind.AMENDMENT
        if amendment and not data.get("amends"):
            self.add_error("amends", _("Bitte die Vorlage wählen, die der Änderungsantrag ändert."))
        if not amendment and not data.get("committee"):
            self.add_error("committee", _("Bitte das Gremium wählen, in dem beraten werden soll."))
        if data.get("urgent") and not (data.get("urgency_reason") or "").strip():
            self.add_error("urgency_reason", _("Ein Dringlichkeitsantrag braucht eine Begründung."))
        return data

    @classmethod
    def initial_for(cls, filing: Filing) -> dict[str, Any]:
        return {
            "kind": filing.kind,
            "name": filing.name,
            "text": filing.text,
            "reasoning": filing.reasoning,
            "committee": filing.committee_id,
            "amends": filing.amends_id,
            "group": filing.group_id,
            "public": filing.public,
            "urgent": filing.urgent,
            "urgency_reason": filing.urgency_reason,
            "version": filing.version,
        }


class CoSignerForm(VersionedForm):
    person: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        label=_("um Mitzeichnung bitten"), queryset=None
    )

    def __init__(self, *args: Any, filing: Filing, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "person").queryset = selectors.co_signer_candidates(filing)


class RegisterFilingForm(VersionedForm):
    """Registrieren: the Beratungsfolge before the Entscheidung in the committee asked for."""

    preliminary: forms.ModelMultipleChoiceField[Organization] = forms.ModelMultipleChoiceField(
        label=_("Vorberatung in"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("die Entscheidung fällt im beantragten Gremium"),
    )

    answering_organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("antwortendes Amt"), queryset=None
    )

    def __init__(self, *args: Any, filing: Filing, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if filing.kind == Filing.Kind.QUESTION:  # answered by a department, not decided
            del self.fields["preliminary"]
            _model_choice(self, "answering_organization").queryset = selectors.organizations_of(
                filing.body, Organization.Type.DEPARTMENT
            )
        else:
            del self.fields["answering_organization"]
            _model_choice(self, "preliminary").queryset = selectors.organizations_of(
                filing.body, Organization.Type.COMMITTEE
            ).exclude(pk=filing.committee_id)


class AnswerForm(VersionedForm):
    answer = forms.CharField(label=_("Antwort"), widget=forms.Textarea(attrs={"rows": 8}))


class StatementRequestForm(forms.Form):
    organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("Amt"), queryset=None
    )
    due = forms.DateField(
        label=_("fällig am"), widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "organization").queryset = selectors.organizations_of(
            body, Organization.Type.DEPARTMENT
        )


class StatementForm(forms.Form):
    text = forms.CharField(label=_("Stellungnahme"), widget=forms.Textarea(attrs={"rows": 6}))


# -- Sitzung durchführen: the live meeting screen ---------------------------------------


TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class OpenMeetingForm(forms.Form):
    actual_start = forms.DateTimeField(
        label=_("Beginn"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=ISO_DATETIME_LOCAL),
        help_text=_("leer: jetzt"),
    )


class AttendanceRowForm(forms.Form):
    """One row of the attendance list."""

    status = forms.ChoiceField(label=_("Anwesenheit"), choices=Attendance.Status.choices)
    from_item = forms.TypedChoiceField(
        label=_("ab TOP"), required=False, coerce=int, empty_value=None
    )
    until_item = forms.TypedChoiceField(
        label=_("bis TOP"), required=False, coerce=int, empty_value=None
    )
    arrived_at = forms.TimeField(label=_("gekommen um"), required=False, widget=TIME_INPUT)
    left_at = forms.TimeField(label=_("gegangen um"), required=False, widget=TIME_INPUT)
    note = forms.CharField(label=_("Vermerk (intern)"), required=False, max_length=500)

    FIELDS = ("status", "from_item", "until_item", "arrived_at", "left_at", "note")

    def __init__(
        self, *args: Any, row: Attendance, items: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", f"att-{row.pk}")
        kwargs.setdefault(
            "initial",
            {
                "status": row.status,
                "from_item": row.from_item_id,
                "until_item": row.until_item_id,
                "arrived_at": row.arrived_at,
                "left_at": row.left_at,
                "note": row.note,
            },
        )
        super().__init__(*args, **kwargs)
        self.row = row
        for name in ("from_item", "until_item"):
            _choice(self, name).choices = [("", "–"), *items]

    def changed(self) -> bool:
        return any(self.cleaned_data[n] != self.initial.get(n) for n in self.FIELDS)


class AttendeeForm(forms.Form):
    """Add a member, deputy or guest to the attendance list."""

    person: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        label=_("Person"), queryset=None, required=False
    )
    stands_in_for: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        label=_("vertritt"),
        queryset=None,
        required=False,
        help_text=_("nur bei einem stellv. Mitglied, das für ein Mitglied abstimmt"),
    )
    guest_name = forms.CharField(label=_("oder Name eines Gastes"), required=False, max_length=300)
    affiliation = forms.CharField(label=_("Funktion/Dienststelle"), required=False, max_length=300)

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        persons = Person.objects.filter(body=body).order_by("family_name", "given_name")
        _model_choice(self, "person").queryset = persons
        _model_choice(self, "stands_in_for").queryset = persons


class LiveResultForm(ResultForm):
    """One TOP on the live screen, saved on its own with the TOP's version; a vote field per
    voter present for a namentliche Abstimmung."""

    quorum_exception = forms.CharField(
        label=_("Beschlussfähig kraft Regel"),
        required=False,
        max_length=500,
        help_text=_(
            "nur wenn die Sitzung nicht beschlussfähig war: die Regel, nach der sie "
            "trotzdem entscheiden durfte"
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        item: AgendaItem,
        choices: list,
        voters: list[Attendance],
        roll_call: dict[int, str],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", f"top-{item.pk}")
        kwargs.setdefault(
            "initial",
            {
                "result": item.result_id,
                "quorum_exception": item.quorum_exception,
                "version": item.version,
                **{name: getattr(item, name) for name in self.FIELDS},
                **{f"vote_{pk}": vote for pk, vote in roll_call.items()},
            },
        )
        super().__init__(*args, item=item, choices=choices, **kwargs)
        self.voters = voters
        for voter in voters:
            self.fields[f"vote_{voter.person_id}"] = forms.ChoiceField(
                label=voter.display_name,
                required=False,
                choices=[("", "–"), *Vote.choices],
            )

    @property
    def vote_fields(self) -> list[forms.BoundField]:
        return [self[f"vote_{voter.person_id}"] for voter in self.voters]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in (
                "result",
                "votes_yes",
                "votes_no",
                "votes_abstain",
                "quorum_exception",
                "resolution_text",
                "minutes_text",
            )
        ]

    def clean_result(self) -> int:
        value = self.cleaned_data["result"]
        if value in (None, ""):
            raise forms.ValidationError(_("Bitte eine Beschlussart wählen."))
        return cast(int, value)

    def roll_call_votes(self) -> dict[int, str] | None:
        votes = {
            voter.person_id: self.cleaned_data[f"vote_{voter.person_id}"]
            for voter in self.voters
            if voter.person_id is not None and self.cleaned_data.get(f"vote_{voter.person_id}")
        }
        return cast("dict[int, str]", votes) or None


class ExclusionForm(forms.Form):
    """Befangenheit of a member on the attendance list for one TOP."""

    person: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        label=_("Befangen"), queryset=None
    )
    reason = forms.CharField(label=_("Grund (intern)"), required=False, max_length=500)

    def __init__(self, *args: Any, persons: list[Person], item: AgendaItem, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"bias-{item.pk}")
        super().__init__(*args, **kwargs)
        field = _model_choice(self, "person")
        field.queryset = Person.objects.filter(pk__in=[p.pk for p in persons])
        field.choices = [("", "–"), *((p.pk, p.name) for p in persons)]


class DropItemForm(forms.Form):
    reason = forms.CharField(label=_("Begründung der Absetzung"), max_length=1000)


class UrgentItemForm(AgendaItemForm):
    """Erweiterung der Tagesordnung at the meeting by an urgent item, with its vote."""

    votes_yes = forms.IntegerField(label=_("Ja"), min_value=0, max_value=services.MAX_VOTES)
    votes_no = forms.IntegerField(
        label=_("Nein"), min_value=0, max_value=services.MAX_VOTES, initial=0
    )
    votes_abstain = forms.IntegerField(
        label=_("Enthaltung"), min_value=0, max_value=services.MAX_VOTES, initial=0
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, organization=organization, **kwargs)
        reason = self.fields["amendment_reason"]
        reason.label = _("Begründung der Dringlichkeit")
        reason.required = True
        reason.help_text = ""
        self.fields["paper"].help_text = _("auch ein nach der Antragsfrist eingereichter Antrag")


class EndMeetingForm(forms.Form):
    actual_end = forms.DateTimeField(
        label=_("Ende"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=ISO_DATETIME_LOCAL),
    )

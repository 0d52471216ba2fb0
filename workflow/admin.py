"""Admin for every model. State changes go through ``workflow.services``: the change page of
a paper or meeting shows the transitions the user may run as buttons, and saving a new paper,
meeting, TOP or result calls the matching service."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from workflow import selectors, services
from workflow.errors import WorkflowError
from workflow.forms import MeetingEntryConfirmations
from workflow.models import (
    AgendaItem,
    Body,
    ClerkAssignment,
    Consultation,
    HistoryEntry,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    PaperType,
    Person,
    ReferenceCounter,
    ResolutionKind,
    SignOff,
    SignOffRule,
)
from workflow.models.base import transition_label

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    _ModelAdmin = admin.ModelAdmin
else:
    _ModelAdmin = object


def _staff(request: HttpRequest) -> User:
    """The user of an admin view: the admin site lets signed-in staff users in only."""
    return cast("User", request.user)


class TransitionAdminMixin(admin.ModelAdmin):
    """Buttons for the transitions offered (``selectors.transition_options``) that the user
    may run now."""

    change_form_template = "admin/workflow/transition_change_form.html"

    def get_urls(self) -> list:
        meta = self.model._meta
        return [
            path(
                "<path:object_id>/transition/<str:name>/",
                self.admin_site.admin_view(require_POST(self.transition_view)),
                name=f"{meta.app_label}_{meta.model_name}_transition",
            ),
            *super().get_urls(),
        ]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        context = extra_context or {}
        if obj is not None:
            context["transitions"] = [
                option
                for option in selectors.transition_options(obj, request.user)
                if not option.blocked
            ]
            context["history"] = selectors.history(obj, user=request.user)
        return super().change_view(request, object_id, form_url, extra_context=context)

    def transition_view(self, request: HttpRequest, object_id: str, name: str) -> HttpResponse:
        obj = get_object_or_404(self.model, pk=object_id)
        try:
            services.run_transition(
                obj, name, by=_staff(request), comment=request.POST.get("comment", "")
            )
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Erledigt: %(action)s") % {"action": transition_label(obj, name)},
            )
        meta = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[object_id])
        )


class ServiceSaveMixin(_ModelAdmin):
    """Turn a refused service call into a message on the form instead of a 500."""

    def _run_service(self, request: HttpRequest, call: Callable[[], Any]) -> bool:
        try:
            call()
        except WorkflowError as error:
            messages.error(request, error.message)
            return False
        return True

    def response_add(
        self, request: HttpRequest, obj: Any, post_url_continue: str | None = None
    ) -> HttpResponse:
        if obj.pk is None:
            return HttpResponseRedirect(request.path)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request: HttpRequest, obj: Any) -> HttpResponse:
        if getattr(obj, "_refused", False):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)


class ConsultationInline(admin.TabularInline):
    model = Consultation
    extra = 0
    fields = ["position", "organization", "role", "authoritative"]
    ordering = ["position"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or obj.state == Paper.State.DRAFT

    has_delete_permission = has_change_permission


class SignOffInline(admin.TabularInline):
    """Freigaben are requested on submission and given in the workspace, never here."""

    model = SignOff
    extra = 0
    fields = ("kind", "organization", "given_by", "given_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Paper)
class PaperAdmin(ServiceSaveMixin, TransitionAdminMixin):
    list_display = ["reference", "name", "paper_type", "lead_organization", "officer", "state"]
    list_filter = ["state", "paper_type", "body", "lead_organization"]
    search_fields = ["reference", "name"]
    list_select_related = ["paper_type", "lead_organization", "officer"]
    autocomplete_fields = [
        "officer",
        "originator_persons",
        "related_papers",
        "superordinate_papers",
    ]
    readonly_fields = ["reference", "state"]
    inlines = [ConsultationInline, SignOffInline]

    def get_readonly_fields(
        self, request: HttpRequest, obj: Any = None
    ) -> list[str] | tuple[str, ...]:
        if obj is not None and obj.state != Paper.State.DRAFT:
            return [f.name for f in Paper._meta.fields if f.name != "id"] + [
                "originator_persons",
                "originator_organizations",
                "related_papers",
                "superordinate_papers",
                "co_organizations",
            ]
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
        elif not self._run_service(
            request, lambda: services.register_paper(obj, by=_staff(request))
        ):
            obj.pk = None

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if form.instance.pk is not None:
            super().save_related(request, form, formsets, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Consultation:
            return super().save_formset(request, form, formset, change)
        for consultation in formset.save(commit=False):
            if consultation.pk is None:

                def add(c: Consultation = consultation) -> Consultation:
                    return services.add_consultation(
                        form.instance,
                        organization=c.organization,
                        role=c.role,
                        authoritative=c.authoritative,
                        position=c.position,
                        by=_staff(request),
                    )

                self._run_service(request, add)
            else:
                consultation.save()
        for consultation in formset.deleted_objects:
            consultation.delete()
        return None


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ("number", "name", "consultation", "result")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MeetingAddForm(MeetingEntryConfirmations, forms.ModelForm):
    """A new meeting asks the same confirmations as in the workspace."""

    class Meta:
        model = Meeting
        fields = ["organization", "name", "start", "end", "location"]


@admin.register(Meeting)
class MeetingAdmin(ServiceSaveMixin, TransitionAdminMixin):
    list_display = ["reference", "name", "organization", "start", "state"]
    list_filter = ["state", "organization", "body"]
    search_fields = ["reference", "name"]
    date_hierarchy = "start"
    list_select_related = ["organization"]
    fields = ["organization", "name", "start", "end", "location", "reference", "state"]
    readonly_fields = ["reference", "state"]
    inlines = [AgendaItemInline]

    def get_readonly_fields(
        self, request: HttpRequest, obj: Any = None
    ) -> list[str] | tuple[str, ...]:
        # Once saved, a meeting is moved only through "Sitzung verlegen" (workspace, API),
        # which keeps the history, counts the version and tells the invited.
        if obj is not None:
            return [
                "organization",
                "start",
                "end",
                "location",
                "actual_start",
                "actual_end",
                *self.readonly_fields,
            ]
        return self.readonly_fields

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = MeetingAddForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        if obj is not None:
            return [*self.fields, "actual_start", "actual_end"]
        return [*self.fields, "archive", "allow_overlap"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
        elif not self._run_service(
            request,
            lambda: services.register_meeting(
                obj,
                by=_staff(request),
                archive=form.cleaned_data.get("archive", False),
                allow_overlap=form.cleaned_data.get("allow_overlap", False),
            ),
        ):
            obj.pk = None


class AgendaItemForm(forms.ModelForm):
    paper = forms.ModelChoiceField(
        label=_("Vorlage"),
        queryset=Paper.objects.filter(state=Paper.State.SUBMITTED),
        required=False,
        help_text=_("Vorlagen, die auf eine Beratung warten"),
    )
    amendment_reason = forms.CharField(
        label=_("Begründung der Änderung"),
        required=False,
        help_text=_("nötig, wenn die Tagesordnung schon freigegeben ist"),
    )

    class Meta:
        model = AgendaItem
        fields = [
            "meeting",
            "public",
            "name",
            "result",
            "resolution_text",
            "minutes_text",
            "votes_yes",
            "votes_no",
            "votes_abstain",
            "start",
            "end",
        ]


@admin.register(AgendaItem)
class AgendaItemAdmin(ServiceSaveMixin, admin.ModelAdmin):
    """New TOPs go through ``add_agenda_item``; results through ``record_result``."""

    form = AgendaItemForm
    list_display = ["meeting", "number", "name", "result"]
    list_filter = ["public", "meeting__organization"]
    search_fields = ["name", "meeting__reference"]
    list_select_related = ["meeting", "result"]
    RESULT_FIELDS = [
        "result",
        "resolution_text",
        "minutes_text",
        "votes_yes",
        "votes_no",
        "votes_abstain",
    ]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        if obj is None:
            return ["meeting", "public", "name", "paper", "amendment_reason"]
        return ["meeting", "number", "name", "consultation", *self.RESULT_FIELDS, "start", "end"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: Any = None
    ) -> list[str] | tuple[str, ...]:
        return [] if obj is None else ["meeting", "number", "name", "consultation"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            created = {}

            def add() -> None:
                created["item"] = services.add_agenda_item(
                    data["meeting"],
                    name=data["name"],
                    public=data["public"],
                    paper=data.get("paper"),
                    amendment_reason=data.get("amendment_reason", ""),
                    by=_staff(request),
                )

            if self._run_service(request, add):
                obj.pk = created["item"].pk
            return
        if data.get("result") and any(f in form.changed_data for f in self.RESULT_FIELDS):
            obj._refused = not self._run_service(
                request,
                lambda: services.record_result(
                    obj,
                    result=data["result"],
                    resolution_text=data["resolution_text"],
                    minutes_text=data["minutes_text"],
                    votes_yes=data["votes_yes"],
                    votes_no=data["votes_no"],
                    votes_abstain=data["votes_abstain"],
                    by=_staff(request),
                ),
            )
        else:
            obj.save(update_fields=["start", "end", "modified"])


URL_FIELDS_HTTPS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_HTTPS
    list_display = ["name", "short_name", "time_zone"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_HTTPS
    list_display = ["name", "organization_type", "classification", "body"]
    list_filter = ["organization_type", "body"]
    search_fields = ["name", "short_name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "person"
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["sort_name", "email", "user"]
    search_fields = ["family_name", "given_name", "email"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "organization", "role", "voting_right", "start_date", "end_date"]
    list_filter = ["role", "organization"]


@admin.register(PaperType, ResolutionKind)
class CatalogueAdmin(admin.ModelAdmin):
    list_display = ["name", "body", "position"]


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["paper", "position", "organization", "role", "authoritative"]
    list_select_related = ["paper", "organization"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(HistoryEntry)
class HistoryEntryAdmin(admin.ModelAdmin):
    list_display = [
        "at",
        "content_type",
        "object_id",
        "action",
        "source_state",
        "target_state",
        "by",
    ]
    list_filter = ["content_type", "action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.register([LegislativeTerm, Location, ReferenceCounter])


@admin.register(ClerkAssignment)
class ClerkAssignmentAdmin(admin.ModelAdmin):
    """Saving or deleting an assignment grants or revokes the committee's
    ``manage_meetings`` object permission (``workflow.grants``)."""

    list_display = ["user", "organization", "created"]
    list_filter = ["organization"]
    autocomplete_fields = ["user", "organization"]


@admin.register(SignOffRule)
class SignOffRuleAdmin(admin.ModelAdmin):
    list_display = ["body", "paper_type", "lead_required", "co_required"]
    list_filter = ["body"]

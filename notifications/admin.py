"""The outbox in the admin: what was sent, what failed and why; failed ones can be sent
again ("erneut senden")."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.models import Feedback, MailSettings, Notification, Preference
from notifications.queue import resend


class RecordAdmin(admin.ModelAdmin):
    """Rows written by the application, shown as they are: nothing to add or change here."""

    date_hierarchy = "created"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(RecordAdmin):
    list_display = ("created", "kind", "email", "state", "attempts", "sent_at", "last_error")
    list_filter = ("state", "kind")
    search_fields = ("email", "name", "key")
    actions = ["send_again"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    @admin.action(description=_("Fehlgeschlagene erneut senden"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        count = resend(list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(count)d Benachrichtigung wird erneut gesendet.",
                "%(count)d Benachrichtigungen werden erneut gesendet.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


admin.site.register(Preference)
admin.site.register(MailSettings)


@admin.register(Feedback)
class FeedbackAdmin(RecordAdmin):
    """Rückmeldungen zur Barrierefreiheit, as they came in."""

    list_display = ("created", "email", "page")
    search_fields = ("message", "email")
    readonly_fields = [f.name for f in Feedback._meta.fields]

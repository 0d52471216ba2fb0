from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Benachrichtigungen")

    def ready(self) -> None:
        from notifications import outbox
        from workflow import events

        events.register("outbox", outbox.on_event)

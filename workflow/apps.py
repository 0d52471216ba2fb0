from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("Sitzungsdienst und Vorlagen")

    def ready(self) -> None:
        from workflow import signals  # noqa: F401  (connects the receivers)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("Sitzungsdienst und Vorlagen")

    def ready(self) -> None:
        from workflow import publication, signals  # noqa: F401  (signals connects its receivers)

        # Before the OParl receivers (oparl is installed later), which read what is public.
        publication.connect()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Mein Arbeitsplatz: the pages where the Sitzungsdienst, the departments and the
    chairs move papers and meetings. Thin views over ``workflow.services`` and
    ``workflow.selectors``."""

    name = "staff"
    verbose_name = _("Arbeitsplatz")

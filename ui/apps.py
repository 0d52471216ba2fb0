from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UiConfig(AppConfig):
    """The design system shared by the portal and the workspace: one stylesheet
    (``ui/styles.css``) and the template tags of its components (docs/design.md)."""

    name = "ui"
    verbose_name = _("Gestaltung")

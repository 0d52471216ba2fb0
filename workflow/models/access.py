"""Who is assigned to what, and guardian's object permissions on Gremien.

The object permissions are never granted by hand: ``workflow.grants`` derives them from
active memberships (read non-public content of one's committee) and Sitzungsdienst
assignments (manage that committee's meetings). The direct foreign-key tables let a list
be filtered by permission in one query.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from workflow.models.body import Organization


class ClerkAssignment(models.Model):
    """Sitzungsdienst-Zuständigkeit: a user manages the meetings of one committee."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer/-in"),
        on_delete=models.CASCADE,
        related_name="clerk_assignments",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Gremium"),
        on_delete=models.CASCADE,
        related_name="clerk_assignments",
    )
    created = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Zuständigkeit im Sitzungsdienst")
        verbose_name_plural = _("Zuständigkeiten im Sitzungsdienst")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                name="one_assignment_per_committee",
                violation_error_message=_("Diese Zuständigkeit gibt es schon."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organization}"


class OrganizationUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Organization, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("Berechtigung für ein Gremium")
        verbose_name_plural = _("Berechtigungen für Gremien")


class OrganizationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Organization, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("Gruppenberechtigung für ein Gremium")
        verbose_name_plural = _("Gruppenberechtigungen für Gremien")

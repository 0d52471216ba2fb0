from __future__ import annotations

from django.db import models


class Tombstone(models.Model):
    """What remains of a deleted public object, so OParl clients learn of the deletion:
    its URL keeps answering with ``deleted: true`` and lists filtered by ``modified_since``
    include it (OParl 1.1, "Gelöschte Objekte")."""

    kind = models.CharField(max_length=32)  # the OParl type, e.g. "paper"
    object_id = models.PositiveBigIntegerField()
    body_id = models.PositiveBigIntegerField(null=True)
    created = models.DateTimeField()
    deleted = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "gelöschtes Objekt"
        verbose_name_plural = "gelöschte Objekte"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_tombstone_per_object")
        ]
        indexes = [models.Index(fields=["kind", "body_id", "deleted"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"

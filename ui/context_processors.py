"""What the header of every page shows: the body's name and logo."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from workflow.models import Body


def site_body(request: HttpRequest) -> dict[str, object]:
    """``site_body``: the body the site is for (the first one), read only by a page that
    shows it."""
    return {"site_body": SimpleLazyObject(lambda: Body.objects.order_by("pk").first())}

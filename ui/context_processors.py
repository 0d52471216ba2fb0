"""What the header of every page shows: the body's name and logo."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from workflow import selectors


def site_body(request: HttpRequest) -> dict[str, object]:
    """``site_body`` (``selectors.site_body``), read only by a page that shows it."""
    return {"site_body": SimpleLazyObject(selectors.site_body)}

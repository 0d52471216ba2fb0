"""Every error of the staff API as RFC 9457 problem details (application/problem+json),
with the reason an action was refused in ``detail``."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from workflow import errors

STATUS = {
    errors.PermissionDenied: status.HTTP_403_FORBIDDEN,
    errors.TransitionRefused: status.HTTP_409_CONFLICT,
    errors.ConcurrentChange: status.HTTP_409_CONFLICT,
    errors.InvalidInput: status.HTTP_422_UNPROCESSABLE_ENTITY,
}
TITLES = {
    status.HTTP_400_BAD_REQUEST: "Ungültige Anfrage",
    status.HTTP_401_UNAUTHORIZED: "Anmeldung erforderlich",
    status.HTTP_403_FORBIDDEN: "Nicht erlaubt",
    status.HTTP_404_NOT_FOUND: "Nicht gefunden",
    status.HTTP_405_METHOD_NOT_ALLOWED: "Methode nicht erlaubt",
    status.HTTP_409_CONFLICT: "Im jetzigen Zustand nicht möglich",
    status.HTTP_422_UNPROCESSABLE_ENTITY: "Ungültige Eingabe",
}


def problem(code: int, detail: str, **extra: Any) -> Response:
    body = {
        "type": "about:blank",
        "title": TITLES.get(code, "Fehler"),
        "status": code,
        "detail": detail,
        **extra,
    }
    return Response(body, status=code, content_type="application/problem+json")


def handle(exc: Exception, context: dict) -> Response | None:
    for error_class, code in STATUS.items():
        if isinstance(exc, error_class):
            return problem(code, exc.message, kind=type(exc).__name__)
    if isinstance(exc, exceptions.ValidationError):
        return problem(
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            "Die Eingabe ist unvollständig oder ungültig.",
            errors=exc.detail,
        )
    response = exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
    return problem(response.status_code, str(detail))

"""The OpenAPI schema states what the API answers: every operation's problem responses
(RFC 9457, ``application/problem+json``, the ``Problem`` component) and path ids as the
integers ``config.params.parse_id`` accepts. One drf-spectacular post-processing hook
(``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]``, after the default one), so no action
can forget them."""

from __future__ import annotations

from typing import Any

from config.params import MAX_ID

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details; the reason is in `detail`.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "kind": {
            "type": "string",
            "description": "the domain error: PermissionDenied, TransitionRefused, "
            "ConcurrentChange or InvalidInput",
        },
        "errors": {"description": "per field, what is wrong with the input"},
    },
    "required": ["type", "title", "status", "detail"],
}

# status: (description, when it applies to an operation)
PROBLEMS: dict[int, tuple[str, Any]] = {
    400: ("Die Anfrage ist nicht lesbar (etwa kein gültiges JSON).", lambda path, method: True),
    401: ("Anmeldung erforderlich (Token oder Sitzung).", lambda path, method: True),
    403: ("Nicht erlaubt.", lambda path, method: True),
    404: (
        "Nicht vorhanden, oder für den Aufrufer nicht sichtbar (auch ein unbekanntes `format`).",
        lambda path, method: "{" in path or path.endswith("/schema/"),
    ),
    409: ("Im jetzigen Zustand nicht möglich.", lambda path, method: method == "post"),
    415: ("Kein unterstütztes Format des Inhalts.", lambda path, method: method == "post"),
    422: (
        "Ungültige oder fehlende Eingabe, auch ein unbekanntes oder nicht sichtbares Objekt.",
        lambda path, method: method == "post",
    ),
}
METHODS = {"get", "post", "put", "patch", "delete"}


def add_problem_responses(result: dict, generator: Any, **kwargs: Any) -> dict:
    """Post-processing hook: the problem responses of every operation, and path ids."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    reference = {"$ref": "#/components/schemas/Problem"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code, (description, applies) in PROBLEMS.items():
                if applies(path, method):
                    responses.setdefault(
                        str(code),
                        {
                            "description": description,
                            "content": {"application/problem+json": {"schema": reference}},
                        },
                    )
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and parameter.get("name") == "id":
                    parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    return result

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class ChosenLanguageMiddleware(LocaleMiddleware):
    """German unless the visitor chose another language with the language switch (cookie).

    Django's own LocaleMiddleware follows the browser's Accept-Language; the council's
    pages are German first, so a browser set to English still gets German until asked.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()


class PrivateResponsesMiddleware:
    """Whatever is answered to a signed-in user (session or API token) may hold non-public
    content: no cache keeps it (``Cache-Control: private, no-store``), unless the view said
    the answer is public (the portal's pages are the same for everyone)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and "public" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response

"""Error pages that say what is true, in the reader's language, without the database.

When the database cannot be reached (a cut, a failover, too many connections), every page
answers 503 with Retry-After and a "try again in a moment": never a 400 because the
session could not be saved, never a 500. They are rendered without context processors,
which would read the user, and so the database."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views import defaults

RETRY_AFTER_SECONDS = 30
UNREACHABLE = (OperationalError, InterfaceError)


def database_unreachable(error: BaseException | None) -> bool:
    """Whether the error, or one it was raised from, says the database is unreachable
    (a session that could not be saved wraps it: SessionInterrupted, UpdateError)."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, UNREACHABLE):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        body = render_to_string(
            template,
            {
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
                "home": "/" if language == "fr" else f"/{language}/",
            },
        )
    response = HttpResponse(body, status=status)
    response["Content-Language"] = language
    return response


def unavailable(request: HttpRequest) -> HttpResponse:
    response = _page(request, "503.html", 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: called while the exception is being handled."""
    if database_unreachable(sys.exc_info()[1]):
        return unavailable(request)
    return _page(request, template_name, 500)


def bad_request(request: HttpRequest, exception: Exception, template_name: str = "400.html"):
    """handler400: a session that could not be saved because the database is cut is not
    the user's fault."""
    if database_unreachable(exception):
        return unavailable(request)
    return defaults.bad_request(request, exception, template_name)


class DatabaseUnavailableMiddleware:
    """A view that finds the database unreachable answers 503 (Retry-After), even with
    DEBUG on; an unreachable database met by another middleware reaches handler400 or
    handler500 above, which answer the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if database_unreachable(exception):
            return unavailable(request)
        return None

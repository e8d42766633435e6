"""The applicant's language for unprefixed (French) pages.

French pages carry no prefix, so Django's LocaleMiddleware serves them in French whatever
the browser asks. A person who chose a language with the switcher (the language cookie),
or failing that whose browser prefers English or Arabic, is sent to that language's page;
the JSON API reads the same preference (get_language_from_request)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import get_script_prefix, is_valid_path
from django.utils import translation
from django.utils.cache import patch_vary_headers


class PreferredLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if translation.get_language_from_path(request.path_info):
            return self.get_response(request)
        redirect = self._redirect(request)
        response = redirect or self.get_response(request)
        # The unprefixed address answers differently by preference: caches must know.
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def _redirect(self, request: HttpRequest) -> HttpResponse | None:
        if request.method not in ("GET", "HEAD"):
            return None  # a form posted in French is answered in French, never lost
        preferred = translation.get_language_from_request(request, check_path=False)
        if preferred == settings.LANGUAGE_CODE:
            return None
        urlconf = getattr(request, "urlconf", None)
        target = f"/{preferred}{request.path_info}"
        # Only pages that exist in that language: the API, admin and health checks do not.
        with translation.override(preferred):  # a prefix resolves only in its language
            if not is_valid_path(target, urlconf):
                return None
        query = request.META.get("QUERY_STRING", "")
        url = get_script_prefix().rstrip("/") + target + (f"?{query}" if query else "")
        return HttpResponseRedirect(url)

"""The JSON API, version 1: public, without authentication, rate-limited per address."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Status
from ninja.errors import Throttled

from sejour.api.guards import MAX_BODY_BYTES, MAX_DEPTH, BodyRefused, NotJson, json_body
from sejour.api.schemas import (
    AssessmentOut,
    InvalidOut,
    NotFoundOut,
    RateLimitedOut,
    RefusedOut,
    TooLargeOut,
    VerificationOut,
)
from sejour.api.throttle import ClientRateThrottle
from sejour.rules import FieldError, InvalidSituation, assess, parse_situation
from sejour.rules.situation import Situation
from sejour.rules.vocabulary import LANGS, Lang

LANG_BY_CODE: dict[str, Lang] = {lang: lang for lang in LANGS}

# The situation's nested shapes (Person, Protection...) are published as components, so
# that every reference of the document resolves from its root (a fuzzer follows them).
_SITUATION = Situation.model_json_schema(ref_template="#/components/schemas/{model}")
_SITUATION_PARTS: dict[str, Any] = _SITUATION.pop("$defs", {})


class _Api(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"]["schemas"].update(_SITUATION_PARTS)
        return schema


api = _Api(
    title="sejour",
    version="1",
    description=(
        "Rules of the residence permits of beneficiaries of international protection and "
        "their families in France: for a situation, the channel, card, attestation, fees, "
        "deadlines, documents and reasons with their sources."
    ),
    urls_namespace="api-v1",
    docs_url=None,  # the interactive docs load scripts from a CDN: the JSON description suffices
    throttle=[ClientRateThrottle(settings.API_RATE_LIMIT)],
)


def _lang(request: HttpRequest) -> Lang:
    code = translation.get_language_from_request(request, check_path=False)
    return LANG_BY_CODE.get(code, "fr")


@api.exception_handler(Throttled)
def rate_limited(request: HttpRequest, exc: Throttled) -> HttpResponse:
    wait = max(1, math.ceil(exc.wait or 1))
    with translation.override(_lang(request)):
        detail = _(
            "Trop de demandes depuis votre adresse : réessayez dans %(seconds)s secondes."
        ) % {"seconds": wait}
    response = api.create_response(
        request, {"error": "rate_limited", "detail": detail, "retry_after": wait}, status=429
    )
    response["Retry-After"] = str(wait)
    return response


@api.post(
    "/assess",
    response={
        200: AssessmentOut,
        400: RefusedOut,
        413: TooLargeOut,
        422: InvalidOut,
        429: RateLimitedOut,
    },
    summary="Assess a situation",
    description=(
        "The situation JSON of rules.md. `Accept-Language` (fr, en, ar) chooses the language "
        "of reasons and errors unless the situation gives `lang`. Invalid input: 422 with the "
        f"dotted path of each faulty field. A body over {MAX_BODY_BYTES} bytes: 413; nested "
        f"deeper than {MAX_DEPTH} levels: 400."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _SITUATION}},
        }
    },
)
def assess_situation(request: HttpRequest):
    lang = _lang(request)
    try:
        data = json_body(request)
    except BodyRefused as refused:
        return Status(refused.status, _refusal(refused, lang))
    except NotJson:
        error = InvalidSituation([FieldError("(root)", "not_an_object")])
        return Status(422, error.to_dict(lang))
    try:
        situation = parse_situation(data, today=timezone.localdate(), lang=lang)
        return Status(200, assess(situation).to_dict())
    except InvalidSituation as exc:
        return Status(422, exc.to_dict(lang))


def _refusal(refused: BodyRefused, lang: Lang) -> dict[str, Any]:
    with translation.override(lang):
        if refused.code == "too_large":
            detail = _(
                "La requête dépasse %(max)s octets : envoyez seulement la situation décrite "
                "dans la documentation de l'API."
            ) % {"max": MAX_BODY_BYTES}
            return {"error": "too_large", "detail": detail, "max_bytes": MAX_BODY_BYTES}
        detail = _(
            "Trop de niveaux d'imbrication dans le JSON : %(max)s au plus. Envoyez la "
            "situation décrite dans la documentation de l'API."
        ) % {"max": MAX_DEPTH}
        return {"error": "too_deep", "detail": detail}


@api.get(
    "/attestations/{code}",
    response={200: VerificationOut, 404: NotFoundOut, 429: RateLimitedOut},
    summary="Check an attestation",
    description="Whether the attestation with this code is genuine and valid today, its kind "
    "and rights, and only the holder's initials and birth year.",
)
def attestation_check(request: HttpRequest, code: str):
    from sejour.attestations.views import lookup

    attestation = lookup(code)
    if attestation is None:
        return Status(404, {"error": "unknown_code"})
    birth = attestation.holder_birth_date
    return Status(
        200,
        {
            "code": attestation.code,
            "genuine": True,
            "valid_today": attestation.is_valid_on(timezone.localdate()),
            "kind": attestation.kind,
            "issued_on": attestation.issued_on.isoformat(),
            "valid_until": attestation.valid_until.isoformat() if attestation.valid_until else None,
            "allows_work": attestation.allows_work,
            "allows_schengen_travel": attestation.allows_schengen_travel,
            "valid_only_with_previous_card": attestation.valid_only_with_previous_card,
            "holder_initials": attestation.initials,
            "holder_birth_year": birth.year if birth else None,
            # A correction replaced (or withdrew) it: the day only, nothing of the new one.
            "replaced_on": (
                attestation.superseded_on.isoformat() if attestation.superseded_on else None
            ),
        },
    )

"""The JSON API, version 1: public, without authentication, rate-limited per address."""

from __future__ import annotations

import json
import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Status
from ninja.errors import Throttled
from ninja.throttling import AnonRateThrottle

from sejour.api.schemas import (
    AssessmentOut,
    InvalidOut,
    NotFoundOut,
    RateLimitedOut,
    VerificationOut,
)
from sejour.rules import FieldError, InvalidSituation, assess, parse_situation
from sejour.rules.situation import Situation
from sejour.rules.vocabulary import LANGS, Lang

LANG_BY_CODE: dict[str, Lang] = {lang: lang for lang in LANGS}

api = NinjaAPI(
    title="sejour",
    version="1",
    description=(
        "Rules of the residence permits of beneficiaries of international protection and "
        "their families in France: for a situation, the channel, card, attestation, fees, "
        "deadlines, documents and reasons with their sources."
    ),
    urls_namespace="api-v1",
    docs_url=None,  # the interactive docs load scripts from a CDN: the JSON description suffices
    throttle=[AnonRateThrottle(settings.API_RATE_LIMIT)],
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
    response={200: AssessmentOut, 422: InvalidOut, 429: RateLimitedOut},
    summary="Assess a situation",
    description=(
        "The situation JSON of rules.md. `Accept-Language` (fr, en, ar) chooses the language "
        "of reasons and errors unless the situation gives `lang`. Invalid input: 422 with the "
        "dotted path of each faulty field."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": Situation.model_json_schema()}},
        }
    },
)
def assess_situation(request: HttpRequest):
    lang = _lang(request)
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        error = InvalidSituation([FieldError("(root)", "not_an_object")])
        return Status(422, error.to_dict(lang))
    try:
        situation = parse_situation(data, today=timezone.localdate(), lang=lang)
        return Status(200, assess(situation).to_dict())
    except InvalidSituation as exc:
        return Status(422, exc.to_dict(lang))


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

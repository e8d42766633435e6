"""The simulator: each screen a GET form; the answers live in the URL, not on the server."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sejour.dossiers.procedures import kind_for
from sejour.simulator import answers as answer_map
from sejour.simulator import labels
from sejour.simulator.services import (
    GoBack,
    first_invalid_step,
    next_step,
    previous_step,
    simulation_result,
)
from sejour.simulator.steps import BY_SLUG, applicable


def _url(name: str, answers: dict[str, str], slug: str | None = None, **extra: str) -> str:
    path = reverse(name, args=[slug]) if slug else reverse(name)
    query = urlencode({**answers, **extra})
    return f"{path}?{query}" if query else path


def _step_url(slug: str, answers: dict[str, str], **extra: str) -> str:
    return _url("simulator:step", answers, slug, **extra)


def start(request):
    first = applicable({})[0]
    return render(request, "simulator/start.html", {"first_url": _step_url(first.slug, {})})


def step(request, slug: str):
    current = BY_SLUG.get(slug)
    if current is None:
        raise Http404
    answers = answer_map.read(request.GET)
    back_to_result = request.GET.get("retour") == "resultat"
    if not current.applies(answers):
        following = next_step(answers, current)
        target = (
            _step_url(following.slug, answers) if following else _url("simulator:result", answers)
        )
        return HttpResponseRedirect(target)
    earlier = first_invalid_step(answers, before=current)
    if earlier:
        return HttpResponseRedirect(_step_url(earlier, answers, verifier="1"))

    submitted = request.GET.get("etape") == slug
    if submitted or request.GET.get("verifier"):
        form = current.form_class(data=request.GET, answers=answers)
        if submitted and form.is_valid():
            merged = {k: v for k, v in answers.items() if k not in form.fields}
            merged.update(form.serialized())
            merged = answer_map.prune(merged)
            following = next_step(merged, current)
            if back_to_result or following is None:
                return HttpResponseRedirect(_url("simulator:result", merged))
            return HttpResponseRedirect(_step_url(following.slug, merged))
    else:
        form = current.form_class(initial=answers, answers=answers)
        form.initial = _typed(form, answers)
    missing = request.GET.get("manque", "")
    if missing and form.is_bound is False:
        form = current.form_class(data=request.GET, answers=answers)
    if missing:
        field = next(iter(form.fields), None)
        if field:
            form.add_error(None, _("Il manque une réponse pour conclure : complétez cette étape."))

    steps = applicable(answers)
    slugs = [s.slug for s in steps]
    previous = previous_step(answers, current)
    hidden = {k: v for k, v in answers.items() if k not in form.fields}
    return render(
        request,
        "simulator/step.html",
        {
            "step": current,
            "form": form,
            "hidden": hidden,
            "number": slugs.index(slug) + 1,
            "total": len(steps),
            "next_title": steps[slugs.index(slug) + 1].title
            if slugs.index(slug) + 1 < len(steps)
            else None,
            "back_url": (
                _url("simulator:result", answers)
                if back_to_result
                else _step_url(previous.slug, answers)
                if previous
                else reverse("simulator:start")
            ),
            "back_to_result": back_to_result,
        },
        status=200,
    )


def result(request):
    answers = answer_map.read(request.GET)
    try:
        assessment = simulation_result(answers, today=timezone.localdate(), lang=get_language())
    except GoBack as back:
        extra = {"verifier": "1"}
        if back.missing:
            extra["manque"] = back.missing
        return HttpResponseRedirect(_step_url(back.slug, answers, **extra))
    return render(
        request,
        "simulator/result.html",
        {
            "a": assessment,
            "channel": labels.CHANNELS[assessment.channel],
            "card_label": labels.CARDS.get(assessment.card.kind) if assessment.card else None,
            "attestation_label": (
                labels.ATTESTATIONS[assessment.deposit_attestation.kind]
                if assessment.deposit_attestation
                else None
            ),
            "fees": [
                (labels.FEES[f.code], f.amount_eur, labels.DUE[f.due]) for f in assessment.fees
            ],
            "deadlines": [
                (labels.DEADLINES[key], value)
                for key, value in ((k, getattr(assessment.deadlines, k)) for k in labels.DEADLINES)
                if value is not None
            ],
            "documents": [(labels.DOCUMENTS[d.code], d) for d in assessment.documents],
            "rights": [(labels.RIGHTS[r.code], r) for r in assessment.rights],
            "summary": _summary(answers),
            "permalink": request.build_absolute_uri(),
            "start_kind": kind_for(assessment.procedure)
            if assessment.channel == "online"
            else None,
        },
    )


def _typed(form, answers: dict[str, str]) -> dict:
    """Initial values as the fields expect them (dates as dates, shown as JJ/MM/AAAA)."""
    initial = {}
    for name, field in form.fields.items():
        if name in answers:
            try:
                initial[name] = field.to_python(answers[name])
            except forms.ValidationError:  # a tampered value is shown as typed
                initial[name] = answers[name]
    return initial


def _summary(answers: dict[str, str]) -> list[dict]:
    """Each applicable step's answers in words, with a link to change them."""
    rows = []
    for current in applicable(answers):
        form = current.form_class(data=answers, answers=answers)
        form.is_valid()
        values = []
        for name, field in form.fields.items():
            raw = answers.get(name)
            if not raw:
                continue
            cleaned = form.cleaned_data.get(name)
            if hasattr(field, "choices") and field.choices:
                value = dict(field.choices).get(raw, raw)
            elif cleaned is True:
                value = _("Oui")
            elif hasattr(cleaned, "strftime"):
                value = cleaned
            else:
                value = raw
            values.append((field.label, value))
        rows.append(
            {
                "title": current.title,
                "values": values,
                "edit_url": _step_url(current.slug, answers, retour="resultat"),
            }
        )
    return rows

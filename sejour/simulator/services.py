"""The simulator's decisions: which step comes next, and what the engine answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sejour.rules import Assessment, InvalidSituation, assess, parse_situation
from sejour.simulator import answers as answer_map
from sejour.simulator.steps import Answers, Step, applicable


@dataclass(eq=False)  # not frozen: raising through a context manager sets __traceback__
class GoBack(Exception):
    """An answer is missing or wrong: send the visitor back to this step."""

    slug: str
    missing: str = ""


def first_invalid_step(answers: Answers, *, before: Step | None = None) -> str | None:
    """The first applicable step (before `before`) whose answers do not validate."""
    for step in applicable(answers):
        if before is not None and step.slug == before.slug:
            return None
        if not step.form_class(data=answers, answers=answers).is_valid():
            return step.slug
    return None


def next_step(answers: Answers, current: Step) -> Step | None:
    steps = applicable(answers)
    slugs = [s.slug for s in steps]
    if current.slug in slugs:
        index = slugs.index(current.slug) + 1
        return steps[index] if index < len(steps) else None
    return steps[0] if steps else None


def previous_step(answers: Answers, current: Step) -> Step | None:
    steps = [s for s in applicable(answers)]
    slugs = [s.slug for s in steps]
    if current.slug in slugs and slugs.index(current.slug) > 0:
        return steps[slugs.index(current.slug) - 1]
    return None


def simulation_result(answers: Answers, *, today: date, lang: str) -> Assessment:
    """The engine's assessment of complete answers, or `GoBack` to what is missing."""
    invalid = first_invalid_step(answers)
    if invalid:
        raise GoBack(invalid)
    data = answer_map.situation(answers, today=today, lang=lang)
    try:
        return assess(parse_situation(data, today=today, lang=lang))
    except InvalidSituation as exc:
        raise GoBack(answer_map.step_for_path(exc.path), missing=exc.path) from None

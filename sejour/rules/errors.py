"""Invalid input: a clear message that names the field, never a traceback.

A `FieldError` is structured (dotted path, code, parameters) so that each surface
renders it in its user's language: the command on stderr, the API as HTTP 422.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sejour.rules.texts import render_error
from sejour.rules.vocabulary import Lang


@dataclass(frozen=True, slots=True)
class FieldError:
    path: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: Lang = "en") -> str:
        return f"{self.path}: {render_error(self.code, lang, self.params)}"


class InvalidSituation(ValueError):
    """The situation cannot be assessed; `errors` says which fields and why."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        super().__init__(self.message("en"))

    @property
    def path(self) -> str:
        return self.errors[0].path

    def message(self, lang: Lang = "en") -> str:
        """The first error on one line: what the command prints."""
        return self.errors[0].message(lang)

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        return {
            "error": "invalid_situation",
            "detail": [
                {"path": e.path, "code": e.code, "message": e.message(lang)} for e in self.errors
            ],
        }


def missing(path: str) -> InvalidSituation:
    """A field the applicable rule needs was not given."""
    return InvalidSituation([FieldError(path, "needed")])

"""What every rule reads (`Facts`) and where it writes why (`Trail`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from sejour.rules import parameters
from sejour.rules.dates import age_on, birthday
from sejour.rules.errors import missing
from sejour.rules.situation import Situation
from sejour.rules.vocabulary import RightCode

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Facts:
    """The situation and what follows from it by arithmetic alone."""

    s: Situation
    on: date  # the deposit date: ages and the law in force are read on it
    age: int
    params: parameters.ParameterSet  # the set in force when the assessment began
    _reached: dict[str, bool] = field(default_factory=dict)  # ages, once each

    @classmethod
    def of(cls, s: Situation) -> Facts:
        on = s.deposit_on
        return cls(s=s, on=on, age=age_on(s.person.birth_date, on), params=parameters.current())

    def param(self, name: str) -> int:
        return self.params.table[name].at(self.on)

    def reached(self, age_param: str) -> bool:
        """Whether the person has reached the age the parameter names."""
        found = self._reached.get(age_param)
        if found is None:
            birth = self.s.person.birth_date
            found = self._reached[age_param] = self.on >= birthday(birth, self.param(age_param))
        return found

    @property
    def is_minor(self) -> bool:
        return not self.reached("ages.majority")

    @property
    def is_family(self) -> bool:
        return self.s.person.role == "family_member"


def need(value: T | None, path: str) -> T:
    """The value a rule cannot do without; its absence is the caller's error, by name."""
    if value is None:
        raise missing(path)
    return value


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    met: bool
    key: str
    params: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Granted:
    code: RightCode
    key: str


@dataclass(slots=True)
class Trail:
    """Reasons, caveats and rights, in the order the rules fired."""

    reasons: list[Finding] = field(default_factory=list)
    caveats: list[Finding] = field(default_factory=list)
    rights: list[Granted] = field(default_factory=list)

    def add(self, rule: str, met: bool, key: str | None = None, **params: Any) -> bool:
        self.reasons.append(Finding(rule, met, key or rule, params))
        return met

    def caveat(self, rule: str, key: str, **params: Any) -> None:
        self.caveats.append(Finding(rule, True, key, params))

    def extend(self, other: Trail) -> None:
        self.reasons += other.reasons
        self.caveats += other.caveats
        for right in other.rights:
            self.grant(right.code, right.key)

    def met(self, rule: str) -> bool:
        """Whether `rule` was checked and held."""
        return any(r.rule == rule and r.met for r in self.reasons)

    def grant(self, code: RightCode, key: str) -> None:
        if all(r.code != code for r in self.rights):
            self.rights.append(Granted(code, key))

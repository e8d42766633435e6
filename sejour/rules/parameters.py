"""Dated parameters: every number of the rules, with its source (OpenFisca style).

Each `parameters/<group>.yaml` holds parameters named `<group>.<key>`:

    droit_timbre:
      description: ...
      unit: EUR
      reference: [CESEDA L436-7, 002 "Coût"]
      values:
        2021-05-01: {value: 25}

A change in the law is a new dated value, not a code change. The value in force on a
date is the one with the latest start on or before it.

To see what a change would do, an assessment can run under another set:

    changed = DEFAULT.with_values({"fees.droit_timbre": 30})
    with using(changed):
        assess(situation)          # or assess(situation, parameters=changed)

The set in force is held in a context variable, so each thread (and each asyncio task)
sees its own; nothing global is ever modified.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Final

import yaml


class NotInForce(LookupError):
    """No value of the parameter is in force on the date asked."""

    def __init__(self, name: str, on: date, earliest: date) -> None:
        self.name, self.on, self.earliest = name, on, earliest
        super().__init__(f"{name}: no value in force on {on}; the earliest starts {earliest}")


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    description: str
    unit: str
    reference: tuple[str, ...]
    starts: tuple[date, ...]
    values: tuple[int, ...]

    def at(self, on: date) -> int:
        index = bisect_right(self.starts, on) - 1
        if index < 0:
            raise NotInForce(self.name, on, self.starts[0])
        return self.values[index]


_DIR: Final = Path(__file__).parent / "parameters"


def _parse(name: str, node: object) -> Parameter:
    if not isinstance(node, dict):
        raise RuntimeError(f"parameter {name}: expected a mapping")
    reference = node.get("reference")
    values = node.get("values")
    if not reference or not isinstance(values, dict) or not values:
        raise RuntimeError(f"parameter {name}: needs a reference and dated values")
    dated: list[tuple[date, int]] = []
    for start, entry in values.items():
        if not isinstance(start, date) or not isinstance(entry, dict):
            raise RuntimeError(f"parameter {name}: each value is `YYYY-MM-DD: {{value: N}}`")
        value = entry.get("value")
        if not isinstance(value, int) or isinstance(value, bool):
            raise RuntimeError(f"parameter {name}: value at {start} must be a whole number")
        dated.append((start, value))
    dated.sort()
    return Parameter(
        name=name,
        description=str(node.get("description", "")),
        unit=str(node.get("unit", "")),
        reference=tuple(str(r) for r in reference),
        starts=tuple(d for d, _ in dated),
        values=tuple(v for _, v in dated),
    )


def _load() -> dict[str, Parameter]:
    params: dict[str, Parameter] = {}
    for path in sorted(_DIR.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, node in (raw or {}).items():
            name = f"{path.stem}.{key}"
            params[name] = _parse(name, node)
    return params


class ParameterSet(Mapping[str, Parameter]):
    """Every parameter by name, read-only. `with_values` gives a changed copy."""

    __slots__ = ("table",)

    def __init__(self, params: Mapping[str, Parameter]) -> None:
        self.table: Mapping[str, Parameter] = MappingProxyType(dict(params))

    def __getitem__(self, name: str) -> Parameter:
        return self.table[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.table)

    def __len__(self) -> int:
        return len(self.table)

    def value(self, name: str, on: date) -> int:
        return self.table[name].at(on)

    def with_values(self, changes: Mapping[str, int | Mapping[date, int]]) -> ParameterSet:
        """A copy where each named parameter has a new value: a number replaces every
        dated value (in force from the parameter's first start); a mapping of start
        dates to numbers adds dated values, as a change in the law would."""
        params = dict(self.table)
        for name, change in changes.items():
            if name not in params:
                raise KeyError(f"no parameter named {name!r}")
            current = params[name]
            if isinstance(change, int):
                dated = {current.starts[0]: change}
            else:
                dated = {**dict(zip(current.starts, current.values, strict=True)), **change}
            starts = tuple(sorted(dated))
            params[name] = replace(
                current, starts=starts, values=tuple(dated[start] for start in starts)
            )
        return ParameterSet(params)


DEFAULT: Final = ParameterSet(_load())
PARAMETERS: Final[Mapping[str, Parameter]] = DEFAULT  # the set in the YAML files

_IN_FORCE: ContextVar[ParameterSet] = ContextVar("sejour_rules_parameters", default=DEFAULT)


def current() -> ParameterSet:
    """The parameter set rules read now: DEFAULT unless `using` says otherwise."""
    return _IN_FORCE.get()


@contextmanager
def using(params: ParameterSet) -> Iterator[ParameterSet]:
    """Within the block, in this thread or task only, rules read `params`."""
    token = _IN_FORCE.set(params)
    try:
        yield params
    finally:
        _IN_FORCE.reset(token)


def value(name: str, on: date) -> int:
    """The value of parameter `name` in force on `on`, in the current set."""
    return _IN_FORCE.get().table[name].at(on)


def earliest_start() -> date:
    """The first day on which every parameter has a value."""
    return max(p.starts[0] for p in DEFAULT.values())

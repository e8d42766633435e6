"""Refusals are raised through context managers (transaction.atomic, contextmanager
generators), which set `__traceback__` on the exception: a frozen dataclass cannot take
it and turns into FrozenInstanceError, a 500 instead of the refusal's message."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil

import sejour


def _exception_dataclasses():
    for module_info in pkgutil.walk_packages(sejour.__path__, "sejour."):
        if ".migrations" in module_info.name or module_info.name.endswith(".cli"):
            continue
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                cls.__module__ == module.__name__
                and issubclass(cls, BaseException)
                and dataclasses.is_dataclass(cls)
            ):
                yield cls


def test_no_refusal_is_a_frozen_dataclass() -> None:
    found = list(_exception_dataclasses())
    assert found, "the scan found no exception dataclass: it looks in the wrong place"
    frozen = [c.__qualname__ for c in found if c.__dataclass_params__.frozen]
    assert frozen == []


def test_a_refusal_keeps_its_identity_hash() -> None:
    for cls in _exception_dataclasses():
        assert cls.__hash__ is not None, cls.__qualname__

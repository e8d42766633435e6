"""What a body must be before the rules engine sees it: small, and shallow.

Python's JSON parser recurses once per level: a body of brackets a few hundred kilobytes
long exhausts the interpreter's stack, and even a legal depth costs memory for nothing.
A situation (rules.md "Input") is 4 levels deep; MAX_DEPTH leaves room for growth.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest

MAX_BODY_BYTES = 64 * 1024  # a family of ten with every date is under 8 KiB
MAX_DEPTH = 16


@dataclass(eq=False)  # not frozen: raising through a context manager sets __traceback__
class BodyRefused(Exception):
    status: int
    code: str  # too_large, too_deep


class NotJson(ValueError):
    pass


def _depth(value: Any) -> int:
    """Nesting depth, counted without recursion (the value may be deep)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            break
        if isinstance(node, dict):
            stack.extend((child, level + 1) for child in node.values())
        elif isinstance(node, list):
            stack.extend((child, level + 1) for child in node)
    return deepest


def json_body(request: HttpRequest) -> Any:
    """The body as JSON, or BodyRefused (413 too large, 400 too deep), or NotJson."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        raise BodyRefused(413, "too_large")  # refused before a byte is read
    try:
        raw = request.body
    except RequestDataTooBig:
        raise BodyRefused(413, "too_large") from None
    if len(raw) > MAX_BODY_BYTES:
        raise BodyRefused(413, "too_large")
    try:
        data = json.loads(raw or b"null")
    except RecursionError:
        raise BodyRefused(400, "too_deep") from None
    except (ValueError, UnicodeDecodeError):
        raise NotJson from None
    if _depth(data) > MAX_DEPTH:
        raise BodyRefused(400, "too_deep")
    return data

"""The published OpenAPI document is whole: every reference resolves inside it."""

from __future__ import annotations

from typing import Any

from django.test import Client


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def _resolve(document: dict, ref: str) -> Any:
    assert ref.startswith("#/"), f"{ref}: only references inside the document are published"
    node: Any = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and part in node, f"{ref} does not resolve"
        node = node[part]
    return node


def test_every_reference_of_the_openapi_document_resolves() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    refs = _refs(document)
    assert "#/components/schemas/Person" in refs  # the situation's nested shapes are published
    for ref in refs:
        _resolve(document, ref)


def test_the_guards_are_documented() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    responses = document["paths"]["/api/v1/assess"]["post"]["responses"]
    assert {"200", "400", "413", "422", "429"} <= set(responses)

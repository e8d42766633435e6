"""The queue's search, as the agent's browser sends it: the form posted, then its results."""

from __future__ import annotations

from django.test import Client


def search(client: Client, text: str, **filters: str):
    posted = client.post("/instruction/", {"q": text, **filters})
    assert posted.status_code == 302, posted.status_code
    return client.get(posted["Location"])

"""A simulator step sent back with errors has a real <title>: the word "Erreur" and the
step, never the error box's markup (issue 15)."""

from __future__ import annotations

import re

from django.test import Client

from tests.simulator.walker import errors, submit


def test_a_step_with_errors_has_a_plain_title() -> None:
    url = "/simulateur/naissance/?demarche=first_permit&role=protected&statut=refugee&decision=2026-10-01"
    response = submit(Client(), url, {"naissance": "02/04/2090"})
    assert response.status_code == 200 and errors(response)
    (title,) = re.findall(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert "<" not in title and "fr-alert" not in title
    assert title.strip().startswith("Erreur : ")
    assert "Simulateur" in title

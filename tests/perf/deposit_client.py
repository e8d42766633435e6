"""A browser-like client (cookies, CSRF) and the five-step deposit journey it makes."""

from __future__ import annotations

import http.cookiejar
import re
import time
import urllib.parse
import urllib.request
import uuid


class Client:
    """Counts every HTTP request it makes, redirects followed included."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.requests = 0

    def token(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def _open(self, request: urllib.request.Request | str) -> tuple[str, str]:
        with self.opener.open(request) as response:
            asked = request if isinstance(request, str) else request.full_url
            self.requests += 1 + (response.geturl() != asked)
            return response.geturl(), response.read().decode()

    def get(self, path: str) -> str:
        return self._open(self.base + path)[1]

    def post(self, path: str, data: dict, files: dict | None = None) -> str:
        """POST with the CSRF token; the URL the redirect led to."""
        data = {**data, "csrfmiddlewaretoken": self.token()}
        if not files:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            return self._open(urllib.request.Request(self.base + path, data=body))[0]
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            for key, value in data.items()
        ]
        for key, (name, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; filename="{name}"\r\n'
                "Content-Type: application/pdf\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self._open(urllib.request.Request(self.base + path, data=body, headers=headers))[0]


def journey(client: Client, ephoto: str, document: bytes, submit_times: list[float]) -> str:
    """One first-permit request from the start page to the confirmation; its reference."""
    client.get("/demarches/nouvelle/premier-titre/")
    url = client.post("/demarches/nouvelle/premier-titre/", {"for": "self"})
    reference = url.split("/demarches/")[1].split("/")[0]
    step = f"/demarches/{reference}/depot/"
    client.post(step + "identite/", {"confirm": "on"})
    address = {"street": "3 rue de la Paix", "postal_code": "75002", "city": "Paris"}
    client.post(step + "adresse/", address)
    situation = {
        "status": "refugee",
        "decided_by": "OFPRA",
        "decision_date": "01/10/2026",
        "asylum_date": "15/03/2024",
        "role": "protected",
        "marital_status": "single",
        "children": "0",
        "wants_to_work": "oui",
    }
    client.post(step + "situation/", situation)
    for code in ("decision_protection", "justificatif_domicile"):
        upload = {"action": "upload", "code": code}
        client.post(step + "documents/", upload, {"file": ("d.pdf", document)})
    client.post(step + "documents/", {"action": "ephoto", "ephoto": ephoto})
    page = client.get(step + "recapitulatif/")
    found = re.search(r'name="deposit_key" value="([^"]+)"', page)
    assert found, "the summary page has no deposit key"
    started = time.perf_counter()
    done = client.post(step + "recapitulatif/", {"sworn": "on", "deposit_key": found.group(1)})
    submit_times.append(time.perf_counter() - started)
    assert done.endswith("/confirmation/"), done
    return reference

"""`make run`'s e-mails, readable among the server's log lines: each one framed, its text
decoded, and every link it holds on a line of its own, ready to be clicked or copied."""

from __future__ import annotations

import re

from django.core.mail.backends.console import EmailBackend as ConsoleBackend

LINK = re.compile(r"https?://[^\s<>\"')]+")


class EmailBackend(ConsoleBackend):
    def write_message(self, message) -> None:
        rule = "=" * 72
        body = message.body if isinstance(message.body, str) else str(message.body)
        lines = [
            "",
            rule,
            f"E-MAIL to {', '.join(message.to)}: {message.subject}",
            rule,
            body.rstrip(),
        ]
        links = LINK.findall(body)
        if links:
            lines += ["", "Links:"] + [f"  {link}" for link in links]
        lines += [rule, ""]
        self.stream.write("\n".join(lines) + "\n")

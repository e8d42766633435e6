"""Attempt limits on the account pages: login, sign-up step 1, e-mails sent on request.

Every limit is keyed on what an attacker cannot choose for their victim: a login is
slowed down per (account, client), never per account alone, so failing on purpose
cannot keep the real person out; a client failing across many accounts or numbers is
slowed down as a whole. Limits wait, they never lock for good (throttle.Policy.cap).
"""

from __future__ import annotations

import re

from sejour.accounts.throttle import Policy, clear, fail, longest_wait


def _account(username: str) -> str:
    return re.sub(r"\s", "", username or "").lower()


def login_wait(*, username: str, client: str) -> int:
    return longest_wait(
        [
            (Policy.named("login_account"), (_account(username), client)),
            (Policy.named("login_client"), (client,)),
        ]
    )


def login_failed(*, username: str, client: str) -> None:
    fail(Policy.named("login_account"), _account(username), client)
    fail(Policy.named("login_client"), client)


def login_succeeded(*, username: str, client: str) -> None:
    clear(Policy.named("login_account"), _account(username), client)


def signup_wait(*, number: str, client: str) -> int:
    return longest_wait(
        [
            (Policy.named("signup_number"), (number,)),
            (Policy.named("signup_client"), (client,)),
        ]
    )


def signup_failed(*, number: str, client: str) -> None:
    fail(Policy.named("signup_number"), number)
    fail(Policy.named("signup_client"), client)


def mail_wait(*, address: str, client: str) -> int:
    """Whether one more e-mail may be sent on request to this address from this client;
    counting the request at once (every request sends, or looks as if it sent)."""
    checks = [
        (Policy.named("mail_address"), (address.strip().lower(),)),
        (Policy.named("mail_client"), (client,)),
    ]
    wait = longest_wait(checks)
    if not wait:
        for policy, parts in checks:
            fail(policy, *parts)
    return wait


def current_password_ok(*, user, password: str) -> bool:
    """The current password, asked again before a sensitive change. A session someone
    took cannot be used to guess it: failures are limited per account (only the
    person's own change forms wait), and while waiting even the right one is refused."""
    policy = Policy.named("reauth")
    if longest_wait([(policy, (str(user.pk),))]):
        return False
    if user.check_password(password):
        clear(policy, str(user.pk))
        return True
    fail(policy, str(user.pk))
    return False

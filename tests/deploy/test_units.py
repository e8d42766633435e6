"""The production process files: every long-running process is restarted by systemd,
and each unit runs a command that exists in this repository."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
# The scheduled jobs docs/operations.md tells to enable with sejour-job@.timer.
JOBS = ("renew_attestations", "send_reminders", "rescan_quarantine", "sweep_uploads")


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(DEPLOY / name)
    return parser


@pytest.mark.parametrize("name", ["sejour-web.service", "sejour-worker.service"])
def test_the_long_running_processes_are_restarted(name) -> None:
    service = unit(name)["Service"]
    assert service["Restart"] == "always"
    assert int(service["RestartSec"]) > 0
    assert service["KillMode"] == "mixed"  # no child left behind on stop
    assert unit(name)["Install"]["WantedBy"] == "multi-user.target"


def test_each_unit_runs_what_exists() -> None:
    web = unit("sejour-web.service")["Service"]["ExecStart"]
    assert "-c /opt/sejour/deploy/gunicorn.conf.py" in web
    assert (DEPLOY / "gunicorn.conf.py").exists()
    commands = get_commands()
    for name in ("sejour-worker.service", "sejour-backup.service"):
        command = re.search(r"manage\.py (\w+)", unit(name)["Service"]["ExecStart"])[1]
        assert command in commands, name
    assert unit("sejour-job@.service")["Service"]["ExecStart"].endswith("manage.py %i")
    operations = (ROOT / "docs" / "operations.md").read_text()
    for job in JOBS:
        assert job in commands
        assert f"sejour-job@{job}.timer" in operations


def test_the_timers_run_their_services_on_a_calendar() -> None:
    for name in ("sejour-job@.timer", "sejour-backup.timer"):
        timer = unit(name)
        assert timer["Timer"]["OnCalendar"] and timer["Timer"]["Persistent"] == "true"
        assert timer["Install"]["WantedBy"] == "timers.target"

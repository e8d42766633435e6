"""The benchmarks' verdicts, one format for all: `make bench` collects these lines.

Each target is printed as one line starting with ``TARGET``: its name, the measured
figure, the limit and ``met`` or ``MISSED``. tests/perf/__main__.py gathers them from
every benchmark and exits non-zero when one is missed (or a benchmark did not finish).
"""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

PREFIX = "TARGET"


def judge(name: str, measured: float, limit: float, unit: str, *, at_most: bool = True) -> bool:
    """Print the target's line; True when `measured` is within `limit`."""
    ok = measured <= limit if at_most else measured >= limit
    sign = "≤" if at_most else "≥"
    print(
        f"{PREFIX} {name}: {measured:,.2f} {unit} (target {sign} {limit:,.2f} {unit}) "
        f"{'met' if ok else 'MISSED'}",
        flush=True,
    )
    return ok


def machine() -> str:
    """The CPUs, their load, and a reminder that figures on a shared machine are noisy."""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = f" ({found.group(1).strip()})" if found else ""
    load = ""
    if hasattr(os, "getloadavg"):
        load = " load " + " ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{os.cpu_count()} CPUs{model},{load}, Python {platform.python_version()}"


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and of its reaped and live children.

    Read from /proc so a server's workers count too (gunicorn forks them)."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue  # gone between the two reads
        # utime, stime, cutime, cstime are fields 14-17 of stat (index 11-14 after the name).
        total += sum(int(value) for value in fields[11:15]) / ticks
        stack.extend(int(child) for child in children)
    return total

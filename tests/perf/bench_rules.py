"""`make bench`: throughput and latency of the rules engine on one core.

The mix is every valid shared case (../shared/cases), in the three languages, assessed
on four dates (the case's own and 30, 90 and 200 days later): first requests, family
members, renewals in, before and after the window, travel documents, duplicates and
reunification, as the product sees them.

Targets (issue "Foundation and the rules engine"): at least 20,000 assessments per
second on one core, p99 latency under 200 µs. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import copy
import gc
import os
import platform
import statistics
import sys
import time
from datetime import date, timedelta
from typing import Any

from sejour.rules import Situation, assess, parse_situation
from tests.rules.cases import load_cases

TARGET_PER_SECOND = 20_000
TARGET_P99_US = 200.0
CALLS = 200_000


def mix() -> list[dict[str, Any]]:
    situations = []
    for case in load_cases():
        if "expect" not in case:
            continue
        for offset in (0, 30, 90, 200):
            for lang in ("fr", "en", "ar"):
                data = copy.deepcopy(case["situation"])
                data["on"] = (date.fromisoformat(data["on"]) + timedelta(days=offset)).isoformat()
                data["lang"] = lang
                situations.append(data)
    return situations


def percentile(sorted_values: list[int], fraction: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))] / 1000


def measure(label: str, work: list[Any], call: Any, calls: int) -> tuple[float, float]:
    for item in work[:500]:
        call(item)  # warm-up
    latencies: list[int] = []
    clock = time.perf_counter_ns
    n = len(work)
    gc.collect()
    start = clock()
    for i in range(calls):
        item = work[i % n]
        t0 = clock()
        call(item)
        latencies.append(clock() - t0)
    elapsed = (clock() - start) / 1e9
    latencies.sort()
    per_second = calls / elapsed
    p50, p99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
    print(
        f"{label:<28} {per_second:>10,.0f}/s   p50 {p50:6.1f} µs   p99 {p99:6.1f} µs"
        f"   mean {statistics.fmean(latencies) / 1000:6.1f} µs"
    )
    return per_second, p99


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    raw = mix()
    today = date(2026, 11, 22)
    parsed: list[Situation] = [parse_situation(d, today=today) for d in raw]
    print(f"rules engine benchmark: {len(raw)} situations, {CALLS:,} calls each, one core")
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cpus")
    per_second, p99 = measure("assess(situation)", parsed, assess, CALLS)
    measure("parse + assess", raw, lambda d: assess(parse_situation(d, today=today)), CALLS // 4)
    measure(
        "parse + assess + to_dict",
        raw,
        lambda d: assess(parse_situation(d, today=today)).to_dict(),
        CALLS // 4,
    )
    ok = per_second >= TARGET_PER_SECOND and p99 < TARGET_P99_US
    verdict = "met" if ok else "MISSED"
    print(
        f"targets ≥ {TARGET_PER_SECOND:,}/s and p99 < {TARGET_P99_US:.0f} µs on assess: {verdict}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

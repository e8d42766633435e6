"""`make bench`: the rules engine's work as the API does it, on one core.

The mix is every valid shared case (../shared/cases), in the three languages, assessed
on four dates (the case's own and 30, 90 and 200 days later). The judged figure is the
API's work per situation: parse the JSON-shaped input, assess, serialise the answer
(`parse + assess + to_dict`), in repeated rounds; each round's rate is counted in the
process's CPU time (a machine shared with other work slows the wall clock, not this)
and the minimum and median of the rounds are printed. A reference loop (the same
situations through `json.dumps` and `json.loads`) runs in the same rounds, interleaved,
so a slower machine shows in both.

Target (issue 19): the API's work at ≥ 20,000 situations per second on one core;
assess alone and p99 latencies are printed for information.
"""

from __future__ import annotations

import copy
import gc
import json
import os
import statistics
import sys
import time
from datetime import date, timedelta
from typing import Any

from sejour.rules import Situation, assess, parse_situation
from tests.perf.targets import judge, machine
from tests.rules.cases import load_cases

TARGET_PER_SECOND = 20_000
ROUNDS = int(os.environ.get("BENCH_RULES_ROUNDS", "7"))
CALLS = int(os.environ.get("BENCH_RULES_CALLS", "20000"))  # per round
TODAY = date(2026, 11, 22)


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


def api_work(data: dict[str, Any]) -> Any:
    return assess(parse_situation(data, today=TODAY)).to_dict()


def reference(data: dict[str, Any]) -> Any:
    return json.loads(json.dumps(data))


def one_round(work: list[Any], call: Any, calls: int) -> tuple[float, list[int]]:
    """Calls per CPU second, and each call's latency in ns (wall clock)."""
    n = len(work)
    latencies: list[int] = []
    clock = time.perf_counter_ns
    gc.collect()
    cpu = time.process_time()
    for i in range(calls):
        item = work[i % n]
        t0 = clock()
        call(item)
        latencies.append(clock() - t0)
    return calls / (time.process_time() - cpu), latencies


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    raw = mix()
    parsed: list[Situation] = [parse_situation(d, today=TODAY) for d in raw]
    print(f"rules engine: {len(raw)} situations, {ROUNDS} rounds of {CALLS:,} calls, one core")
    print(f"machine: {machine()}")
    kinds = {
        "API work (parse+assess+to_dict)": (raw, api_work),
        "assess(situation) alone": (parsed, assess),
        "reference loop (json round trip)": (raw, reference),
    }
    rates: dict[str, list[float]] = {k: [] for k in kinds}
    latencies: dict[str, list[int]] = {k: [] for k in kinds}
    for work, call in kinds.values():
        for item in work[:500]:
            call(item)  # warm-up
    for _ in range(ROUNDS):
        for label, (work, call) in kinds.items():  # interleaved: each round runs all three
            rate, lat = one_round(work, call, CALLS)
            rates[label].append(rate)
            latencies[label].extend(lat)
    for label in kinds:
        values, lat = rates[label], sorted(latencies[label])
        print(
            f"  {label:<34} min {min(values):>10,.0f}/s  median {statistics.median(values):>10,.0f}/s"
            f"  (CPU time)  p50 {lat[len(lat) // 2] / 1000:6.1f} µs  p99 {lat[int(0.99 * len(lat))] / 1000:6.1f} µs"
        )
    api = statistics.median(rates["API work (parse+assess+to_dict)"])
    ref = statistics.median(rates["reference loop (json round trip)"])
    print(f"  API work / reference loop: {api / ref:.3f} (the same rounds)")
    ok = judge(
        "rules API work per CPU second (median)", api, TARGET_PER_SECOND, "/s", at_most=False
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

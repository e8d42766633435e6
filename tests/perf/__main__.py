"""`make bench`: every benchmark, then each target with its figure; exit 1 when one is
missed or a benchmark did not finish.

    python -m tests.perf [rules pages deposit queue]
"""

from __future__ import annotations

import subprocess
import sys

from tests.perf.targets import PREFIX, machine

BENCHES = ("rules", "pages", "deposit", "queue")


def main(names: list[str]) -> int:
    verdicts: list[str] = []
    exited: list[str] = []  # a missed target, or a benchmark that did not finish
    for name in names or BENCHES:
        print(f"\n=== bench_{name} ===", flush=True)
        run = subprocess.Popen(
            [sys.executable, "-m", f"tests.perf.bench_{name}"], stdout=subprocess.PIPE, text=True
        )
        assert run.stdout is not None
        for line in run.stdout:
            print(line, end="", flush=True)
            if line.startswith(PREFIX):
                verdicts.append(f"{name}: {line.strip()[len(PREFIX) + 1 :]}")
        if run.wait() != 0:
            exited.append(name)
    print(f"\n=== targets ({machine()}) ===")
    for line in verdicts:
        print(line)
    missed = sum(line.endswith("MISSED") for line in verdicts)
    print(f"{len(verdicts) - missed} of {len(verdicts)} targets met")
    if exited:
        print("benchmarks that exited non-zero: " + ", ".join(exited))
    return 1 if missed or exited else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The slow tier's figures in one table, from what its runs wrote to var/trust/: the fault run
(`bin/faults`), the bad-input properties (tests/trust/) and the accessibility run of every
page (tests/browser/). Exits 1 if a figure whose goal is 0 is not 0, or a run left nothing."""

import json
import sys
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "var" / "trust"

# (file, key, label, goal of zero)
FIGURES = [
    ("faults.json", "requests_made", "requests made", False),
    ("faults.json", "faults_injected", "faults injected", False),
    ("faults.json", "writes_lost", "writes lost", True),
    ("faults.json", "reminders_lost", "reminders lost", True),
    ("faults.json", "reminders_duplicated", "reminders duplicated", True),
    ("faults.json", "tracebacks_or_raw_errors", "tracebacks shown during faults", True),
    ("bad-input.json", "inputs_tried", "bad inputs tried", False),
    ("bad-input.json", "server_errors", "server errors", True),
    ("accessibility.json", "pages_checked", "pages checked with axe (page, role, state)", False),
    ("accessibility.json", "violations", "axe violations", True),
]


def main() -> int:
    missed = []
    print("| figure | value | goal |\n| --- | ---: | --- |")
    for name, key, label, zero in FIGURES:
        path = FOLDER / name
        found = json.loads(path.read_text()).get(key) if path.exists() else None
        if found is None or (zero and found != 0):
            missed.append(label)
        goal = "0" if zero else ""
        print(f"| {label} | {'not run' if found is None else f'{found:,}'} | {goal} |")
    if missed:
        print(f"\nMissed or not run: {', '.join(missed)}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

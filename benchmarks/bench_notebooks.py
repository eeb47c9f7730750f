"""Seconds to execute each notebook in a fresh kernel, and the median in-kernel time of each
slider callback. Goals (2-core machine): all notebooks together <= 60 s; each callback <= 100 ms."""

from __future__ import annotations

import statistics
from pathlib import Path

from nbrunner import run_notebook

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
GOAL_TOTAL_S = 60.0
GOAL_CALLBACK_MS = 100.0


def main() -> None:
    total = 0.0
    rows = []
    for path in NOTEBOOKS:
        run = run_notebook(path)
        total += run.seconds
        print(f"{path.name:<36} {run.seconds:7.1f} s (fresh kernel, all cells)", flush=True)
        for entry in run.views:
            ms = statistics.median(entry["timings_s"]) * 1000
            rows.append((path.name, entry["view"], entry["control"], ms))
    flag = "ok" if total <= GOAL_TOTAL_S else "OVER GOAL"
    print(f"{'all notebooks':<36} {total:7.1f} s (goal <= {GOAL_TOTAL_S:.0f} s: {flag})\n")
    print(f"{'notebook':<28} {'view':<30} {'control':<14} {'median ms':>9}")
    for nb, view, ctrl, ms in rows:
        flag = "" if ms <= GOAL_CALLBACK_MS else "  OVER GOAL"
        print(f"{nb:<28} {view[:30]:<30} {str(ctrl)[:14]:<14} {ms:9.1f}{flag}")
    if rows:
        worst = max(r[3] for r in rows)
        print(f"\nslowest callback {worst:.1f} ms (goal <= {GOAL_CALLBACK_MS:.0f} ms)")


if __name__ == "__main__":
    main()

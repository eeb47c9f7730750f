"""Slider latency in a real browser: JupyterLab in headless Chromium, every notebook, every view.

A move is one arrow press on a slider handle or one drag of it with the mouse (released a
quarter of the track away), one dropdown choice or one checkbox click; its
latency is the time from that event to the animation frame after the view's last changed image
was decoded (tests/browser/labdriver.py says exactly how). Goal (issue: "sliders that feel
immediate", 2-core machine): median <= 150 ms per move for every view, no move above 300 ms.
Needs Debian's chromium (`apt-get install -y chromium fonts-noto-cjk`); without it, says so.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

import labdriver  # noqa: E402

GOAL_MEDIAN_MS = 150.0
GOAL_MAX_MS = 300.0
MOVES = {"moves_per_slider": 5, "max_options": None, "clicks": 2}


def _stats(latencies: list[float | None]) -> tuple[float, float, int]:
    lat = [x for x in latencies if x is not None]
    if not lat:
        return float("nan"), float("nan"), 0
    return statistics.median(lat), max(lat), len(lat)


def main(names: list[str] | None = None) -> None:
    if not labdriver.browser_available():
        print(f"skipped: {labdriver.INSTALL_HINT}")
        return
    paths = labdriver.notebooks()
    if names:
        paths = [p for p in paths if any(n in p.name for n in names)]
    t0 = time.monotonic()
    results = []
    with labdriver.jupyter_lab() as server, labdriver.chromium() as context:
        for p in paths:
            try:
                r = labdriver.run_notebook_in_lab(context, server, p.name, **MOVES)
            except Exception as err:  # a benchmark reports and goes on with the next notebook
                print(f"{p.name}: not measured: {err}", flush=True)
                continue
            if r.errors:
                print(f"{p.name}: errors, views not driven:\n  " + "\n  ".join(r.errors))
            results.append(r)
    summary = labdriver.write_latency(results, labdriver.OUTPUTS / "bench_browser_latency.json")
    print(f"{'notebook':<26} {'view':<34} {'control':<24} {'moves':>5} {'median':>7} {'max':>7}")
    worst_median = worst_max = 0.0
    for r in results:
        by_view: dict[str, list[float | None]] = {}
        for m in r.moves:
            by_view.setdefault(m["view"], []).append(m["latency_ms"])
        for view, controls in summary["notebooks"][r.name]["views"].items():
            for ctrl, e in controls.items():
                med, mx, n = _stats(e["latencies_ms"])
                print(
                    f"{r.name[:26]:<26} {view[:34]:<34} {ctrl[:24]:<24} {n:5d} {med:7.0f} {mx:7.0f}"
                )
            med, mx, n = _stats(by_view[view])
            flag = "" if med <= GOAL_MEDIAN_MS and mx <= GOAL_MAX_MS else "  OVER GOAL"
            print(f"{'':<26} {'= whole view':<34} {'':<24} {n:5d} {med:7.0f} {mx:7.0f}{flag}")
            worst_median, worst_max = max(worst_median, med), max(worst_max, mx)
    print(
        f"\nms per move (event -> new figure painted); slowest view median {worst_median:.0f} ms "
        f"(goal <= {GOAL_MEDIAN_MS:.0f}), slowest move {worst_max:.0f} ms "
        f"(goal <= {GOAL_MAX_MS:.0f}); {time.monotonic() - t0:.0f} s in all; "
        f"written to {labdriver.OUTPUTS / 'bench_browser_latency.json'}"
    )
    unchanged = [
        (r.name, m["view"], m["control"]) for r in results for m in r.moves if not m["changed"]
    ]
    if unchanged:
        print("moves that changed nothing:", json.dumps(unchanged, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])

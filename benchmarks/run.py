"""``make bench``: run every benchmark in this folder and print its measured figures.

Benchmarks report; they never fail the test suite. Each ``bench_*.py`` here defines
``main() -> None`` that prints its own table. ``bench_browser`` (slider latency in JupyterLab +
headless Chromium) needs Debian's chromium; without it, it prints how to install it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> None:
    files = sorted(HERE.glob("bench_*.py"))
    if names:
        files = [f for f in files if any(n in f.stem for n in names)]
    for f in files:
        print(f"\n## {f.stem}\n", flush=True)
        spec = importlib.util.spec_from_file_location(f.stem, f)
        mod = importlib.util.module_from_spec(spec)
        # registered, so that worker processes can pickle the benchmark's own functions
        sys.modules[f.stem] = mod
        spec.loader.exec_module(mod)
        mod.main()


if __name__ == "__main__":
    main(sys.argv[1:])

"""Decode throughput (x realtime) per format and backend, measured in one run.

The bundled corpus (``audiolevels.data.list_clips``) is re-encoded to each format into a
temporary folder (Opus at 48 kHz, the rest at each clip's own rate; lossy formats at their
:func:`audiolevels.decoding.encode` defaults), then every backend that reads the format
decodes the whole set to float32; the best of 3 passes counts. Throughput is the corpus's
audio duration divided by the decode time: 100x means one second of audio per 10 ms.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from audiolevels.data import list_clips, load_clip
from audiolevels.decoding import BACKEND_FORMATS, BACKENDS, FORMATS, decode, encode

REPEATS = 3
SUFFIX = {"wav": "wav", "flac": "flac", "mp3": "mp3", "ogg": "ogg", "opus": "opus", "aac": "m4a"}


def _encode_corpus(folder: Path) -> tuple[dict[str, list[Path]], float]:
    files: dict[str, list[Path]] = {f: [] for f in FORMATS}
    total_s = 0.0
    for clip in list_clips():
        x, sr = load_clip(clip["name"])
        total_s += x.shape[0] / sr
        for fmt in FORMATS:
            if fmt == "opus":
                y, rate = load_clip(clip["name"], sr=48000)
            else:
                y, rate = x, sr
            if fmt == "aac" and y.ndim == 2 and y.shape[1] > 2:
                continue
            path = folder / f"{clip['name']}.{SUFFIX[fmt]}"
            files[fmt].append(encode(y, rate, path, fmt))
    return files, total_s


def measure() -> tuple[dict[tuple[str, str], float], float]:
    """x-realtime per (format, backend) and the corpus duration in seconds."""
    speeds: dict[tuple[str, str], float] = {}
    with tempfile.TemporaryDirectory(prefix="bench_decoding_") as tmp:
        files, total_s = _encode_corpus(Path(tmp))
        for fmt in FORMATS:
            for backend in BACKENDS:
                if fmt not in BACKEND_FORMATS[backend]:
                    continue
                best = float("inf")
                for _ in range(REPEATS):
                    t0 = time.perf_counter()
                    for path in files[fmt]:
                        decode(path, backend=backend)
                    best = min(best, time.perf_counter() - t0)
                speeds[fmt, backend] = total_s / best
    return speeds, total_s


def main() -> None:
    t0 = time.perf_counter()
    speeds, total_s = measure()
    print(
        f"Decode throughput, x realtime (corpus: {len(list_clips())} clips, {total_s:.1f} s of "
        f"audio; float32; best of {REPEATS}); * = fastest backend for the format, - = no decoder"
    )
    print(f"{'format':<8}" + "".join(f"{b:>13}" for b in BACKENDS))
    for fmt in FORMATS:
        row = {b: s for (f, b), s in speeds.items() if f == fmt}
        fastest = max(row, key=row.get)
        cells = []
        for b in BACKENDS:
            if b in row:
                cells.append(f"{row[b]:>12.0f}{'*' if b == fastest else ' '}")
            else:
                cells.append(f"{'-':>12} ")
        print(f"{fmt:<8}" + "".join(cells))
    print(f"(run took {time.perf_counter() - t0:.1f} s, encoding included)")


if __name__ == "__main__":
    main()

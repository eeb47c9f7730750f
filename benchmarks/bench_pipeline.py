"""Disk size and loading speed per storage format, and the worker scaling, measured in one run.

A corpus of 500 clips, 1-10 s each (uniformly random, seed 0), mono 16 kHz (speech-dataset
rates; ~46 min of audio), is generated into a temporary folder and written in every format of
:data:`audiolevels.storage.FORMATS`; MP3, Vorbis and Opus encode at 20-40x realtime on this
machine, so they hold the first 100 clips only (sizes are compared per hour of audio). Each
row loads the whole corpus through :class:`audiolevels.storage.AudioFolder` into float32
with :func:`audiolevels.storage.measure_throughput` (page cache warm; best of 2 epochs):
sequential and shuffled in this process, then shuffled with every core. The goal checked:
with all cores, loading reaches >= 80 % of (single-worker throughput x cores) for the
per-file formats. The machine may be shared: the load average before the run is printed.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy.signal import lfilter

from audiolevels import storage

N_CLIPS = 500
LOSSY_CLIPS = 100  # mp3/ogg/opus: the first 100 of the 500 (encoding all would take minutes)
SR = 16000
REPEATS = 2
GOAL = 0.80
PER_FILE = tuple(f for f in storage.FORMATS if f not in ("packed", "hdf5"))


def make_clips(n: int = N_CLIPS, seed: int = 0) -> list[tuple[np.ndarray, int]]:
    """Speech-like clips: low-passed noise under a syllable-rate (4 Hz) envelope, plus a tone."""
    rng = np.random.default_rng(seed)
    clips = []
    for k in range(n):
        frames = int(rng.uniform(1.0, 10.0) * SR)
        t = np.arange(frames) / SR
        noise = lfilter([1.0], [1.0, -0.95], rng.standard_normal(frames))
        envelope = 0.5 * (1 + np.sin(2 * np.pi * 4 * t + rng.uniform(0, 2 * np.pi)))
        x = 0.08 * noise / noise.std() * envelope + 0.1 * np.sin(2 * np.pi * (150 + k) * t)
        clips.append((np.clip(x, -1, 1), SR))
    return clips


def measure(folder: Path, workers: int, n_clips: int = N_CLIPS) -> tuple[list[dict], float, float]:
    clips = make_clips(n_clips)
    t0 = time.perf_counter()
    rows = []
    for fmt in storage.FORMATS:
        use = clips[:LOSSY_CLIPS] if fmt in ("mp3", "ogg", "opus") else clips
        ds = storage.AudioFolder(storage.write_corpus(use, folder / fmt, fmt))
        seq = storage.measure_throughput(ds, order="sequential", repeats=REPEATS)
        shuf = storage.measure_throughput(ds, order="shuffled", repeats=REPEATS)
        many = storage.measure_throughput(
            ds, order="shuffled", workers=workers, repeats=REPEATS, batch_size=16
        )
        rows.append(
            {
                "format": fmt,
                "clips": len(ds),
                "mb_per_hour": ds.disk_bytes() / 1e6 / (seq.audio_s / 3600),
                "sequential": seq.audio_s_per_s,
                "shuffled": shuf.audio_s_per_s,
                "mb_per_s": shuf.mb_per_s,
                "workers": many.audio_s_per_s,
                "efficiency": many.audio_s_per_s / (shuf.audio_s_per_s * workers),
            }
        )
    audio_s = sum(x.shape[0] for x, _ in clips) / SR
    return rows, audio_s, time.perf_counter() - t0


def main() -> None:
    workers = os.cpu_count() or 1
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench_pipeline_") as tmp:
        rows, audio_s, seconds = measure(Path(tmp), workers)
    wav = next(r["mb_per_hour"] for r in rows if r["format"] == "wav_int16")
    print(
        f"{N_CLIPS} clips, {audio_s / 60:.1f} min of mono {SR} Hz audio; x realtime = seconds "
        f"of audio loaded into float32 per wall second (page cache warm, best of {REPEATS}); "
        f"{workers} cores, load average {load:.2f} before the run\n"
    )
    print(
        "| format | clips | MB per audio hour | size / WAV int16 | sequential x | shuffled x "
        f"| shuffled MB/s "
        f"| {workers} workers x | of 1 worker x {workers} |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['format']} | {r['clips']} | {r['mb_per_hour']:.0f} "
            f"| {r['mb_per_hour'] / wav:.2f} "
            f"| {r['sequential']:.0f} | {r['shuffled']:.0f} | {r['mb_per_s']:.0f} "
            f"| {r['workers']:.0f} | {100 * r['efficiency']:.0f} % |"
        )
    met = [r["format"] for r in rows if r["format"] in PER_FILE and r["efficiency"] >= GOAL]
    missed = [r["format"] for r in rows if r["format"] in PER_FILE and r["efficiency"] < GOAL]
    print(
        f"\nGoal: {workers} workers reach ≥ {100 * GOAL:.0f} % of (1 worker × {workers}) for "
        f"the per-file formats: met by {', '.join(met) or 'none'}; "
        f"missed by {', '.join(missed) or 'none'}. (Run took {seconds:.0f} s.)"
    )


if __name__ == "__main__":
    main()

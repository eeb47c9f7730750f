"""Disk size and loading speed per storage format, and the worker scaling, measured in one run.

A corpus of 500 clips, 1-10 s each (uniformly random, seed 0), mono 16 kHz (speech-dataset
rates; 44 min of audio), is generated into a temporary folder and written in every format of
:data:`audiolevels.storage.FORMATS`, lossy ones included (their encoders run one format per
core, as setup: nothing is timed while they run). Each row loads the whole corpus through
:class:`audiolevels.storage.AudioFolder` into float32 with
:func:`audiolevels.storage.measure_throughput` (page cache warm; best of up to 3 epochs, fewer
for the slow codecs): sequential and shuffled in this process, then shuffled through a
process pool of 1 … N workers (N = cores; no pool of 1 for the codecs slower than 3 s an epoch).

The goal checked: with all cores, loading reaches >= 80 % of (single-worker throughput x
cores) for the per-file formats. Two things can keep it below: the pipe (every decoded array
is pickled in the worker and copied back to the consumer, which then has less of a core for
itself) and core contention (other processes on a shared machine). A synthetic CPU-bound item
(a fixed amount of pure-Python work, returning one sample, or returning a mean clip's worth of
float32) runs through the same pool to tell them apart: its scaling is what the cores give at
the moment. Workers send 16-bit formats as int16 (half the bytes of float32; the consumer
scales them); the same formats sent as float32 are measured too, to show what that saves.
"""

from __future__ import annotations

import concurrent.futures
import functools
import os
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy.signal import lfilter

from audiolevels import storage

N_CLIPS = 500
SR = 16000
GOAL = 0.80
PER_FILE = tuple(f for f in storage.FORMATS if f not in ("packed", "hdf5"))
INT16_SENT = ("wav_int16", "flac", "npy_int16")  # formats whose workers send int16
EPOCH_BUDGET_S = 3.0  # repeats per measurement: as many as fit, 1 to 3
SPIN_ITEMS = 200
SPIN_LOOPS = 20_000  # pure-Python additions per synthetic item (~1-2 ms of an idle core)


@functools.lru_cache(maxsize=1)
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
        clips.append((np.clip(x, -1, 1).astype(np.float32), SR))
    return clips


def _write(folder: Path, fmt: str, n_clips: int) -> float:
    t0 = time.perf_counter()
    storage.write_corpus(make_clips(n_clips), folder / fmt, fmt)
    return time.perf_counter() - t0


def write_all(folder: Path, n_clips: int, workers: int) -> float:
    """Every format written; the slow encoders first, one format per core."""
    make_clips(n_clips)  # generated once here; the forked writers inherit them
    t0 = time.perf_counter()
    slow_first = sorted(storage.FORMATS, key=lambda f: f not in ("opus", "mp3", "ogg"))
    with concurrent.futures.ProcessPoolExecutor(workers) as pool:
        list(pool.map(_write, [folder] * len(slow_first), slow_first, [n_clips] * len(slow_first)))
    return time.perf_counter() - t0


class Spin:
    """A synthetic dataset: each item is a fixed amount of CPU work, then ``frames`` zeros."""

    def __init__(self, items: int, frames: int) -> None:
        self.items, self.frames = items, frames

    def __len__(self) -> int:
        return self.items

    def __getitem__(self, index: int) -> tuple[np.ndarray, int]:
        acc = 0
        for k in range(SPIN_LOOPS):
            acc += k ^ index
        return np.zeros((self.frames, 1), dtype=np.float32), SR

    def duration_s(self, index: int) -> float:
        return self.frames / SR

    def stored_bytes(self, index: int) -> int:
        return 4 * self.frames


class SendFloat32:
    """An AudioFolder whose workers send float32 (no ``load_stored``): the transfer before."""

    def __init__(self, ds: storage.AudioFolder) -> None:
        self.ds = ds

    def __len__(self) -> int:
        return len(self.ds)

    def __getitem__(self, index: int) -> tuple[np.ndarray, int]:
        return self.ds[index]

    def duration_s(self, index: int) -> float:
        return self.ds.duration_s(index)

    def stored_bytes(self, index: int) -> int:
        return self.ds.stored_bytes(index)


def _speed(ds, *, order: str, workers: int, repeats: int) -> storage.Throughput:
    return storage.measure_throughput(
        ds, order=order, workers=workers, repeats=repeats, batch_size=16
    )


def _repeats(epoch_s: float) -> int:
    return int(max(1, min(3, EPOCH_BUDGET_S // max(epoch_s, 1e-9))))


def scaling(ds, cores: int, repeats: int, *, pool_of_1: bool = True) -> dict[int, float]:
    """Shuffled speed (x realtime) through a pool of 1 (if ``pool_of_1``) … cores workers."""
    return {
        w: _speed(ds, order="shuffled", workers=w, repeats=repeats).audio_s_per_s
        for w in range(1 if pool_of_1 else 2, cores + 1)
    }


def measure(folder: Path, cores: int, n_clips: int = N_CLIPS) -> dict:
    out: dict = {"write_s": write_all(folder, n_clips, cores), "rows": [], "float32": {}}
    for fmt in storage.FORMATS:
        ds = storage.AudioFolder(folder / fmt)
        first = _speed(ds, order="sequential", workers=1, repeats=1)
        reps = _repeats(first.seconds)
        seq = _speed(ds, order="sequential", workers=1, repeats=reps) if reps > 1 else first
        shuf = _speed(ds, order="shuffled", workers=1, repeats=reps)
        row = {
            "format": fmt,
            "clips": len(ds),
            "disk_mb": ds.disk_bytes() / 1e6,
            "audio_s": seq.audio_s,
            "repeats": reps,
            "seq_x": seq.audio_s_per_s,
            "seq_mb_s": seq.mb_per_s,
            "shuf_x": shuf.audio_s_per_s,
            "shuf_mb_s": shuf.mb_per_s,
            # a pool of 1 shows the pipe's cost; skipped for the slow codecs (a minute an epoch)
            "pool": scaling(ds, cores, reps, pool_of_1=first.seconds <= EPOCH_BUDGET_S),
        }
        out["rows"].append(row)
        if fmt in INT16_SENT:
            f32 = _speed(SendFloat32(ds), order="shuffled", workers=cores, repeats=reps)
            out["float32"][fmt] = f32.audio_s_per_s
    mean_frames = int(np.mean([x.shape[0] for x, _ in make_clips(n_clips)]))
    out["spin"] = {}
    for label, frames in (("returns 1 sample", 1), ("returns a mean clip", mean_frames)):
        ds = Spin(SPIN_ITEMS, frames)
        one = _speed(ds, order="shuffled", workers=1, repeats=2)
        pool = scaling(ds, cores, 2)
        out["spin"][label] = {"inproc": one.items / one.seconds, "pool": pool, "one": one}
    return out


def main(n_clips: int = N_CLIPS) -> None:
    t0 = time.perf_counter()
    cores = os.cpu_count() or 1
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench_pipeline_") as tmp:
        res = measure(Path(tmp), cores, n_clips)
    load_after = os.getloadavg()
    rows = res["rows"]
    audio_s = rows[0]["audio_s"]
    wav_mb = next(r["disk_mb"] for r in rows if r["format"] == "wav_int16")
    print(
        f"{n_clips} clips (every format), {audio_s / 60:.1f} min of mono {SR} Hz audio; "
        f"x realtime = seconds of audio loaded into float32 per wall second (page cache warm, "
        f"best of the repeats shown); MB/s = stored bytes read per second; {cores} cores; "
        f"load average (1, 5, 15 min) {', '.join(f'{v:.2f}' for v in load_before)} before, "
        f"{', '.join(f'{v:.2f}' for v in load_after)} after. Writing the corpora took "
        f"{res['write_s']:.0f} s (setup, not timed below).\n"
    )
    print("### Size and speed, one worker (this process)\n")
    print(
        "| format | disk MB | size / WAV int16 | MB per audio hour | sequential x "
        "| sequential MB/s | shuffled x | shuffled MB/s | repeats |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['format']} | {r['disk_mb']:.1f} | {r['disk_mb'] / wav_mb:.2f} "
            f"| {r['disk_mb'] / (audio_s / 3600):.0f} "
            f"| {r['seq_x']:.0f} | {r['seq_mb_s']:.1f} | {r['shuf_x']:.0f} "
            f"| {r['shuf_mb_s']:.1f} | {r['repeats']} |"
        )
    workers = list(range(1, cores + 1))
    print("\n### Worker scaling, shuffled (x realtime; % of 1 worker in this process × N)\n")
    print(
        "| load | in this process | "
        + " | ".join(f"pool of {w}" for w in workers)
        + f" | {cores} workers, % of ideal |"
    )
    print("|---|---:|" + "---:|" * len(workers) + "---:|")
    spin_eff = {}
    for label, s in res["spin"].items():
        pool_items = {w: v * s["one"].items / s["one"].audio_s for w, v in s["pool"].items()}
        spin_eff[label] = pool_items[cores] / (s["inproc"] * cores)
        print(
            f"| synthetic CPU item, {label} (items/s) | {s['inproc']:.0f} | "
            + " | ".join(f"{pool_items[w]:.0f}" for w in workers)
            + f" | {100 * spin_eff[label]:.0f} % |"
        )
    for r in rows:
        eff = r["pool"][cores] / (r["shuf_x"] * cores)
        r["efficiency"] = eff
        print(
            f"| {r['format']} | {r['shuf_x']:.0f} | "
            + " | ".join(f"{r['pool'][w]:.0f}" if w in r["pool"] else "—" for w in workers)
            + f" | {100 * eff:.0f} % |"
        )
    print(f"\n### int16 or float32 through the pipe ({cores} workers, shuffled, x realtime)\n")
    print("| format | workers send int16 | workers send float32 | int16 / float32 |")
    print("|---|---:|---:|---:|")
    for fmt, f32 in res["float32"].items():
        i16 = next(r["pool"][cores] for r in rows if r["format"] == fmt)
        print(f"| {fmt} | {i16:.0f} | {f32:.0f} | {i16 / f32:.2f} |")
    per_file = [r for r in rows if r["format"] in PER_FILE]
    met = [r["format"] for r in per_file if r["efficiency"] >= GOAL]
    missed = [r["format"] for r in per_file if r["efficiency"] < GOAL]
    cpu = spin_eff["returns 1 sample"]
    print(
        f"\nGoal: {cores} workers reach ≥ {100 * GOAL:.0f} % of (1 worker × {cores}) for "
        f"the per-file formats: met by {', '.join(met) or 'none'}; "
        f"missed by {', '.join(missed) or 'none'}."
    )
    print(
        f"\nNotes: the synthetic CPU-bound item, which sends nothing back, reached "
        f"{100 * cpu:.0f} % of ideal with {cores} workers: that is what the cores gave this "
        f"run (100 % on an idle machine; less means other processes held the cores). Sending a "
        f"mean clip of float32 back with it reached {100 * spin_eff['returns a mean clip']:.0f} "
        f"%: the difference is the pipe's cost at that item rate. A format's % divided by "
        f"{100 * cpu:.0f} % separates its own overhead from the machine's contention: "
        + ", ".join(f"{r['format']} {100 * r['efficiency'] / cpu:.0f} %" for r in per_file)
        + f". (Whole run {time.perf_counter() - t0:.0f} s.)"
    )


if __name__ == "__main__":
    main()

"""Folder audit throughput: audiolevels.audit.audit_folder vs pure decoding, pyloudnorm and
ffmpeg's ebur128 filter, measured in one run on one generated folder.

The folder (a temporary one): 1 000 clips of 1–10 s (excerpts of the bundled speech, music and
noise at random gains, 44.1/48 kHz, mono and stereo, half WAV PCM_16, half FLAC) plus three
2-minute stereo files. Throughput is seconds of audio per second of wall time, page cache warm
(the folder is decoded once before timing).

- pure decode: soundfile reading every file in 65 536-frame blocks, all cores (processes);
- audiolevels: audit_folder (every column: true peak, loudness, LRA, hash …), all cores;
- pyloudnorm + soundfile: ``sf.read`` then ``Meter.integrated_loudness`` per file, a loop in
  one process (how it is used);
- ffmpeg ebur128: PyAV's filter graph (``ebur128=peak=true``: integrated, LRA, true peak) per
  file, a loop in one process.

Pure decoding and the audit are timed in ``ROUNDS`` alternating rounds (decode, audit, decode,
audit, …), so that a burst of load from elsewhere on the machine hits both; each is reported
as its best round (as ``timeit`` does), and every round's ratio is printed too.

Goals: audit ≥ 80 % of pure-decode throughput, and faster than both other tools. The audit is
timed in a process that has audited once already (numba's compiled loops and pandas loaded,
as the soundfile decoder is); that first call's fixed cost is printed apart. Other processes
on the machine move these figures: compare the ratios of one run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import soundfile as sf

from audiolevels.audit import _list_audio, audit_folder
from audiolevels.data import load_clip

N_CLIPS = 1000
N_LONG = 3
ROUNDS = 5
LONG_S = 120.0
GOAL_VS_DECODE = 0.8
SOURCES = ["speech_en", "speech_ko", "music", "music_mastered", "noise_pink", "noise_brown"]


def _make_folder(folder: Path) -> float:
    rng = np.random.default_rng(13)
    clips = [load_clip(n) for n in SOURCES]
    total = 0.0
    for i in range(N_CLIPS + N_LONG):
        x, sr = clips[i % len(clips)]
        x = x if x.ndim == 2 else x[:, None]
        if i < N_CLIPS:
            n = int(rng.uniform(1.0, 10.0) * sr)
            reps = -(-n // x.shape[0])
            start = int(rng.integers(0, x.shape[0]))
            y = np.tile(x, (reps + 1, 1))[start : start + n]
        else:
            n = int(LONG_S * sr)
            y = np.tile(x, (-(-n // x.shape[0]), 1))[:n]
            if y.shape[1] == 1:
                y = np.repeat(y, 2, axis=1)
        y = y * 10 ** (rng.uniform(-20.0, 0.0) / 20.0)
        ext = ".wav" if i % 2 == 0 else ".flac"
        sf.write(folder / f"clip{i:04d}{ext}", y, sr, subtype="PCM_16")
        total += n / sr
    return total


def _decode(path: str) -> int:
    n = 0
    with sf.SoundFile(path) as f:
        for b in f.blocks(1 << 16, dtype="float32"):
            n += b.shape[0]
    return n


def _decode_all(files: list[str]) -> None:
    with ProcessPoolExecutor(os.cpu_count()) as pool:
        list(pool.map(_decode, files, chunksize=16))


def _pyloudnorm_all(files: list[str]) -> None:
    import pyloudnorm

    meters: dict[int, pyloudnorm.Meter] = {}
    for p in files:
        x, sr = sf.read(p, dtype="float32")
        meter = meters.setdefault(sr, pyloudnorm.Meter(sr))
        meter.integrated_loudness(x)


def _ebur128(path: str) -> float:
    import av

    with av.open(path) as c:
        s = c.streams.audio[0]
        g = av.filter.Graph()
        src = g.add_abuffer(template=s)
        eb = g.add("ebur128", "metadata=1:peak=true")
        sink = g.add("abuffersink")
        src.link_to(eb)
        eb.link_to(sink)
        g.configure()
        last: dict[str, str] = {}

        def drain() -> None:
            while True:
                try:
                    f = g.pull()
                except (av.BlockingIOError, av.EOFError):
                    return
                last.update(f.metadata)

        for frame in c.decode(s):
            g.push(frame)
            drain()
        g.push(None)
        drain()
    return float(last.get("lavfi.r128.I", "nan"))


def _ebur128_all(files: list[str]) -> None:
    for p in files:
        _ebur128(p)


def _time(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench_audit_") as tmp:
        folder = Path(tmp)
        audio_s = _make_folder(folder)
        files = [str(p) for p in _list_audio(folder, True)]
        print(
            f"folder: {len(files)} files (WAV and FLAC PCM_16), {audio_s / 3600:.2f} h of "
            f"audio, {os.cpu_count()} cores"
        )
        _decode_all(files)  # warm the page cache
        # The first audit in a process also loads numba's cached loops and pandas: a fixed
        # cost, timed here on one file and reported apart from the throughput.
        one = folder / "_first_call"
        one.mkdir()
        shutil.copy(files[0], one)
        first_s = _time(lambda: audit_folder(one, progress=False))
        shutil.rmtree(one)
        rounds = []
        for _ in range(ROUNDS):
            decode_s = _time(lambda: _decode_all(files))
            rounds.append((decode_s, _time(lambda: audit_folder(folder, progress=False))))
        rows = [
            ("soundfile decode (all cores)", min(d for d, _ in rounds)),
            ("audiolevels audit_folder (all cores)", min(a for _, a in rounds)),
            ("pyloudnorm + soundfile (loop)", _time(lambda: _pyloudnorm_all(files))),
            ("ffmpeg ebur128 via PyAV (loop)", _time(lambda: _ebur128_all(files))),
        ]
    decode_t, audit_t = rows[0][1], rows[1][1]
    print(f"\n{'':38} {'time (s)':>9} {'audio s / s':>12} {'audit ×':>8}")
    for name, t in rows:
        print(f"{name:38} {t:9.2f} {audio_s / t:12.0f} {t / audit_t:8.2f}")
    print(f"(the first audit_folder call of this process, on one file, took {first_s:.2f} s)")
    print(
        "rounds (decode s / audit s = share): "
        + ", ".join(f"{d:.2f} / {a:.2f} = {d / a:.0%}" for d, a in rounds)
    )
    share = decode_t / audit_t
    print(
        f"\naudit throughput = {share:.0%} of pure decoding, best rounds "
        f"(goal ≥ {GOAL_VS_DECODE:.0%}): " + ("met" if share >= GOAL_VS_DECODE else "NOT met")
    )
    for name, t in rows[2:]:
        verdict = "met" if t > audit_t else "NOT met"
        print(f"faster than {name}: {t / audit_t:.2f}× ({verdict})")


if __name__ == "__main__":
    main()

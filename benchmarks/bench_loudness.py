"""Integrated loudness of 10 minutes of stereo 48 kHz noise (level steps every 5 s):
audiolevels.loudness vs pyloudnorm ("DeMan" filter class) vs libebur128 (through pyebur128),
measured in one run.

Goals: ≥ 2× faster than pyloudnorm, not slower than libebur128, and the same reading as
libebur128 to 0.01 LU. Ours filters the channels in parallel threads (2 cores here);
the "1 thread" row shows the same meter without them, for a single-core comparison. Times
are the best of a few runs (pyloudnorm: fewer, it is slow); each meter gets the same float32
(samples, channels) array, as soundfile would return it. Other processes on the machine
move these figures: compare the ratios of one run, not seconds across runs.
"""

from __future__ import annotations

import time

import numpy as np

from audiolevels.loudness import integrated_loudness

SR = 48000
DURATION_S = 600.0
GOAL_VS_PYLOUDNORM = 2.0
GOAL_VS_LIBEBUR128 = 1.0
GOAL_AGREEMENT_LU = 0.01


def _signal() -> np.ndarray:
    """Stereo white noise whose level changes every 5 s (−30…0 dB), so that the gates matter."""
    rng = np.random.default_rng(2019)
    n = int(SR * DURATION_S)
    x = rng.standard_normal((n, 2), dtype=np.float32) * np.float32(0.1)
    steps_db = rng.uniform(-30.0, 0.0, size=int(DURATION_S / 5) + 1)
    gain = np.repeat(10.0 ** (steps_db / 20.0), SR * 5)[:n].astype(np.float32)
    return np.ascontiguousarray(x * gain[:, None])


def _best(fn, repeat: int) -> tuple[float, float]:
    best, value = np.inf, np.nan
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t0)
    return best, float(value)


def _ours(x: np.ndarray) -> float:
    return integrated_loudness(x, SR)


def _ours_one_thread(x: np.ndarray) -> float:
    """The same meter with the channels filtered one after the other (no threads)."""
    import audiolevels.loudness as mod

    saved = mod._THREAD_MIN_SAMPLES
    mod._THREAD_MIN_SAMPLES = 1 << 62
    try:
        return integrated_loudness(x, SR)
    finally:
        mod._THREAD_MIN_SAMPLES = saved


def _pyloudnorm(x: np.ndarray) -> float:
    import pyloudnorm

    return pyloudnorm.Meter(SR, filter_class="DeMan").integrated_loudness(x)


def _pyebur128(x: np.ndarray) -> float:
    import pyebur128

    state = pyebur128.R128State(x.shape[1], SR, pyebur128.MeasurementMode.MODE_I)
    state.add_frames(x.ravel(), x.shape[0])  # interleaved frames; x is C-contiguous
    return pyebur128.get_loudness_global(state)


def main() -> None:
    x = _signal()
    print(f"signal: {DURATION_S / 60:.0f} min, stereo, {SR} Hz, float32, {x.nbytes / 1e6:.0f} MB")
    rows = [("audiolevels.loudness", *_best(lambda: _ours(x), 5))]
    for name, fn, repeat in (
        ("ours, 1 thread", _ours_one_thread, 5),
        ("pyloudnorm (DeMan)", _pyloudnorm, 2),
        ("pyebur128 (libebur128)", _pyebur128, 5),
    ):
        try:
            rows.append((name, *_best(lambda fn=fn: fn(x), repeat)))
        except ImportError as err:
            print(f"{name}: not installed ({err})")
    ours_s, ours_lufs = rows[0][1], rows[0][2]
    one_s = rows[1][1]
    print(f"\n{'meter':<24} {'seconds':>8} {'× realtime':>11} {'LUFS':>11}")
    for name, secs, lufs in rows:
        print(f"{name:<24} {secs:8.3f} {DURATION_S / secs:10.0f}× {lufs:11.5f}")
    print()
    for name, secs, lufs in rows[2:]:
        goal = GOAL_VS_PYLOUDNORM if name.startswith("pyloudnorm") else GOAL_VS_LIBEBUR128
        ratio, ratio_one = secs / ours_s, secs / one_s
        diff = abs(lufs - ours_lufs)
        print(
            f"vs {name}: ours is {ratio:.2f}× faster ({ratio_one:.2f}× on 1 thread); "
            f"goal ≥ {goal:g}×: {'ok' if ratio >= goal else 'MISSED'}"
            f"{'' if ratio_one >= goal else ' (missed on 1 thread)'}; "
            f"|Δ| = {diff:.1e} LU (goal ≤ {GOAL_AGREEMENT_LU} LU: "
            f"{'ok' if diff <= GOAL_AGREEMENT_LU else 'MISSED'})"
        )


if __name__ == "__main__":
    main()

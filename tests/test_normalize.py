"""audiolevels.normalize: meters and the three normalizers, checked against plain NumPy and
(for loudness) pyloudnorm's BS.1770 filter ("DeMan") as an independent oracle."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pyloudnorm
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audiolevels import normalize as N


def _np_peak_db(x):
    return 20 * np.log10(np.max(np.abs(x)))


def _np_rms_db(x):
    return 10 * np.log10(np.mean(np.asarray(x, dtype=np.float64) ** 2))


def _oracle_lufs(x, sr):
    return pyloudnorm.Meter(sr, filter_class="DeMan").integrated_loudness(x)


def _tone_mix(sr, duration_s=3.0, channels=None, seed=0):
    """A varying, music-like test signal: tones plus noise with a level that changes over time."""
    rng = np.random.default_rng(seed)
    n = int(duration_s * sr)
    t = np.arange(n) / sr
    env = 0.2 + 0.15 * np.sin(2 * np.pi * 0.7 * t) ** 2
    mono = env * (
        np.sin(2 * np.pi * 220 * t) + 0.5 * np.sin(2 * np.pi * 3000 * t + 1.0)
    ) + 0.05 * rng.standard_normal(n)
    if channels is None:
        return mono
    return np.stack([mono * (1 - 0.2 * c) for c in range(channels)], axis=1)


# ---------------------------------------------------------------- meters


def test_peak_dbfs_of_known_signals():
    x = np.array([0.0, 0.5, -0.25])
    assert N.peak_dbfs(x) == pytest.approx(20 * math.log10(0.5))  # -6.0206 dBFS
    assert N.peak_dbfs(np.array([[0.1, -1.0], [0.2, 0.3]])) == pytest.approx(0.0)
    assert N.peak_dbfs(np.array([-32768, 0], dtype=np.int16)) == pytest.approx(0.0)
    assert N.peak_dbfs(np.zeros(10)) == -math.inf


def test_rms_dbfs_full_scale_sine_is_minus_3_01():
    sr = 48000
    x = np.sin(2 * np.pi * 1000 * np.arange(sr) / sr)  # whole number of periods
    assert N.rms_dbfs(x) == pytest.approx(20 * math.log10(1 / math.sqrt(2)), abs=1e-9)
    assert N.rms_dbfs(x) == pytest.approx(-3.0103, abs=1e-4)


def test_rms_dbfs_averages_over_all_samples_and_channels():
    x = np.array([[1.0, 0.0], [1.0, 0.0]])  # mean square 0.5
    assert N.rms_dbfs(x) == pytest.approx(10 * math.log10(0.5))
    square = np.where(np.arange(100) % 2, 0.25, -0.25)
    assert N.rms_dbfs(square) == pytest.approx(20 * math.log10(0.25))
    assert N.rms_dbfs(np.zeros((5, 2))) == -math.inf


def test_crest_factor_of_sine_and_square():
    sr = 48000
    sine = 0.3 * np.sin(2 * np.pi * 1000 * np.arange(sr) / sr + np.pi / 2)
    assert N.crest_factor_db(sine) == pytest.approx(10 * math.log10(2), abs=1e-6)  # 3.0103
    square = np.where(np.arange(100) % 2, 0.7, -0.7)
    assert N.crest_factor_db(square) == pytest.approx(0.0, abs=1e-12)
    impulse = np.zeros(100)
    impulse[3] = 0.5  # peak 0.5, mean square 0.25/100 → 20 dB
    assert N.crest_factor_db(impulse) == pytest.approx(20.0)


def test_crest_factor_of_silence_is_a_clear_error():
    with pytest.raises(ValueError, match="silence"):
        N.crest_factor_db(np.zeros(100))


# ---------------------------------------------------------------- normalizers

SR = 48000


@pytest.mark.parametrize("target", [-1.0, -12.5, 0.0, 3.0])
@pytest.mark.parametrize("channels", [None, 2])
def test_peak_normalize_hits_target(target, channels):
    x = _tone_mix(SR, 1.0, channels)
    res = N.peak_normalize(x, target_dbfs=target)
    assert _np_peak_db(res.audio) == pytest.approx(target, abs=0.01)
    assert res.peak_dbfs == pytest.approx(_np_peak_db(res.audio), abs=1e-9)
    assert res.gain_db == pytest.approx(target - _np_peak_db(x), abs=1e-9)
    assert res.clipped == (target > 0)


@pytest.mark.parametrize("target", [-30.0, -20.0, -6.0])
@pytest.mark.parametrize("channels", [None, 2])
def test_rms_normalize_hits_target(target, channels):
    x = _tone_mix(SR, 1.0, channels)
    res = N.rms_normalize(x, target_dbfs=target)
    assert _np_rms_db(res.audio) == pytest.approx(target, abs=0.01)
    assert res.gain_db == pytest.approx(target - _np_rms_db(x), abs=1e-9)
    np.testing.assert_allclose(res.audio, x * 10 ** (res.gain_db / 20), rtol=1e-12)


@pytest.mark.parametrize("sr", [44100, 48000])
@pytest.mark.parametrize("channels", [None, 2])
@pytest.mark.parametrize("target", [-23.0, -16.0, -31.0])
def test_loudness_normalize_hits_target_by_pyloudnorm(sr, channels, target):
    x = _tone_mix(sr, 3.0, channels, seed=sr)
    res = N.loudness_normalize(x, sr, target_lufs=target)
    assert _oracle_lufs(res.audio, sr) == pytest.approx(target, abs=0.01)
    assert res.gain_db == pytest.approx(target - _oracle_lufs(x, sr), abs=0.01)


def test_loudness_normalize_near_the_absolute_gate():
    # 7 s at -65 LUFS-ish and 7 s about 7 LU quieter, below the -70 LUFS absolute gate: after
    # a +42 dB gain the quiet part passes both gates, so a single measurement would miss.
    sr = 48000
    t = np.arange(7 * sr) / sr
    loud = 10 ** (-62 / 20) * np.sin(2 * np.pi * 1000 * t)
    quiet = 10 ** (-69 / 20) * np.sin(2 * np.pi * 1000 * t)
    x = np.concatenate([loud, quiet])
    assert _oracle_lufs(x, sr) == pytest.approx(-65.0, abs=0.2)
    res = N.loudness_normalize(x, sr, target_lufs=-23.0)
    assert _oracle_lufs(res.audio, sr) == pytest.approx(-23.0, abs=0.01)


def test_the_three_return_the_same_kind_of_result():
    x = _tone_mix(SR, 1.0)
    results = [
        N.peak_normalize(x),
        N.rms_normalize(x),
        N.loudness_normalize(x, SR),
    ]
    fields = [f.name for f in dataclasses.fields(N.NormalizeResult)]
    assert fields == ["audio", "gain_db", "clipped", "n_clipped", "peak_dbfs"]
    for res in results:
        assert isinstance(res, N.NormalizeResult)
        assert res.audio.dtype == np.float64 and res.audio.shape == x.shape
        assert isinstance(res.gain_db, float) and isinstance(res.n_clipped, int)
        assert isinstance(res.clipped, bool)
        with pytest.raises(dataclasses.FrozenInstanceError):
            res.gain_db = 0.0
        assert "gain_db=" in repr(res)


def test_input_is_never_modified():
    x = _tone_mix(SR, 1.0, 2)
    before = x.copy()
    for res in (N.peak_normalize(x), N.rms_normalize(x), N.loudness_normalize(x, SR)):
        assert res.audio is not x and not np.shares_memory(res.audio, x)
    np.testing.assert_array_equal(x, before)


def test_int16_input_is_converted_without_overflow():
    x16 = (np.sin(2 * np.pi * 440 * np.arange(SR) / SR) * 32767).astype(np.int16)
    before = x16.copy()
    res = N.rms_normalize(x16, target_dbfs=-1.0)  # +2 dB on a full-scale sine
    np.testing.assert_array_equal(x16, before)
    assert res.audio.dtype == np.float64
    expected = x16.astype(np.float64) / 32768 * 10 ** (res.gain_db / 20)
    np.testing.assert_allclose(res.audio, expected, rtol=1e-12)
    assert res.peak_dbfs == pytest.approx(_np_peak_db(expected))
    assert res.peak_dbfs > 0 and res.clipped  # int16 arithmetic would have wrapped around
    assert res.n_clipped == np.count_nonzero(np.abs(expected) > 1.0)


def test_clipping_is_reported_not_applied():
    # RMS of [1, 0.1, -0.1, 0.1] is ~-5.9 dBFS; to -3 dBFS means ~+2.9 dB: only the 1.0 clips.
    x = np.array([1.0, 0.1, -0.1, 0.1])
    res = N.rms_normalize(x, target_dbfs=-3.0)
    assert res.clipped and res.n_clipped == 1
    assert res.audio.max() > 1.0  # kept, not clipped
    assert res.peak_dbfs == pytest.approx(_np_peak_db(res.audio))


def test_n_clipped_counts_every_channel():
    x = np.array([[0.9, -0.9], [0.1, 0.9], [0.05, 0.0]])
    res = N.peak_normalize(x, target_dbfs=1.0)  # 0.9 → ~1.01
    assert res.n_clipped == 3  # both channels of frame 0 and channel 1 of frame 1
    assert res.clipped


def test_peak_normalize_at_minus_one_never_clips():
    res = N.peak_normalize(_tone_mix(SR, 1.0) * 10)
    assert not res.clipped and res.n_clipped == 0
    assert np.max(np.abs(res.audio)) <= 10 ** (-1 / 20) + 1e-12


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call",
    [
        lambda x: N.peak_normalize(x),
        lambda x: N.rms_normalize(x),
        lambda x: N.loudness_normalize(x, SR),
    ],
    ids=["peak", "rms", "loudness"],
)
def test_silence_cannot_be_normalized(call):
    for silence in (np.zeros(SR), np.zeros((SR, 2)), np.zeros(SR, dtype=np.int16)):
        with pytest.raises(ValueError, match="silence cannot be normalized"):
            call(silence)


BAD_AUDIO = {
    "nan": np.array([0.1, np.nan, 0.2]),
    "inf": np.array([0.1, np.inf, 0.2]),
    "empty": np.zeros(0),
    "3-D": np.ones((10, 2, 2)) * 0.1,
    "0-D": np.array(0.5),
}


@pytest.mark.parametrize("kind", BAD_AUDIO)
@pytest.mark.parametrize(
    "func",
    [
        N.peak_dbfs,
        N.rms_dbfs,
        N.crest_factor_db,
        N.peak_normalize,
        N.rms_normalize,
        lambda x: N.loudness_normalize(x, SR),
    ],
    ids=["peak_dbfs", "rms_dbfs", "crest", "peak_norm", "rms_norm", "loud_norm"],
)
def test_bad_audio_is_a_value_error(kind, func):
    with pytest.raises(ValueError, match="NaN|empty|shape"):
        func(BAD_AUDIO[kind])


def test_non_numeric_audio_is_a_type_error():
    with pytest.raises(TypeError):
        N.rms_normalize(np.array(["a", "b"]))
    with pytest.raises(TypeError):
        N.peak_dbfs(np.array([True, False]))


@pytest.mark.parametrize("target", [math.nan, math.inf, -math.inf])
def test_target_must_be_finite(target):
    x = _tone_mix(SR, 1.0)
    with pytest.raises(ValueError, match="target_dbfs"):
        N.peak_normalize(x, target_dbfs=target)
    with pytest.raises(ValueError, match="target_dbfs"):
        N.rms_normalize(x, target_dbfs=target)
    with pytest.raises(ValueError, match="target_lufs"):
        N.loudness_normalize(x, SR, target_lufs=target)


def test_target_of_wrong_type_is_a_type_error():
    x = _tone_mix(SR, 1.0)
    with pytest.raises(TypeError, match="target_dbfs"):
        N.peak_normalize(x, target_dbfs="-1")
    with pytest.raises(TypeError, match="target_lufs"):
        N.loudness_normalize(x, SR, target_lufs=None)


@pytest.mark.parametrize("sr", [0, -48000, math.nan, math.inf])
def test_loudness_normalize_needs_a_positive_sr(sr):
    with pytest.raises(ValueError, match="sr"):
        N.loudness_normalize(_tone_mix(SR, 1.0), sr)


def test_loudness_normalize_of_a_clip_shorter_than_one_block():
    x = _tone_mix(SR, 0.3)  # 300 ms < 400 ms: loudness is -inf
    with pytest.raises(ValueError, match="400 ms"):
        N.loudness_normalize(x, SR)
    # RMS normalization still works on it
    assert _np_rms_db(N.rms_normalize(x).audio) == pytest.approx(-20.0, abs=0.01)


# ---------------------------------------------------------------- gain invariance


@settings(max_examples=40, deadline=None)
@given(
    gain_db=st.floats(-40, 40),
    seed=st.integers(0, 2**16),
    stereo=st.booleans(),
)
def test_gain_moves_every_level_by_the_same_db(gain_db, seed, stereo):
    rng = np.random.default_rng(seed)
    x = 0.1 * rng.standard_normal((SR // 2, 2) if stereo else SR // 2)
    y = x * 10 ** (gain_db / 20)
    assert N.peak_dbfs(y) == pytest.approx(N.peak_dbfs(x) + gain_db, abs=1e-9)
    assert N.rms_dbfs(y) == pytest.approx(N.rms_dbfs(x) + gain_db, abs=1e-9)
    assert N.crest_factor_db(y) == pytest.approx(N.crest_factor_db(x), abs=1e-9)
    # A normalizer undoes any gain: same output, gain smaller by exactly gain_db.
    for norm in (N.peak_normalize, N.rms_normalize):
        a, b = norm(x), norm(y)
        assert b.gain_db == pytest.approx(a.gain_db - gain_db, abs=1e-9)
        np.testing.assert_allclose(b.audio, a.audio, rtol=1e-9, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(gain_db=st.floats(-20, 20), seed=st.integers(0, 2**16))
def test_loudness_normalize_undoes_any_gain(gain_db, seed):
    x = _tone_mix(SR, 1.0, seed=seed)  # about -17 LUFS; ±20 dB stays far from the gate
    a = N.loudness_normalize(x, SR)
    b = N.loudness_normalize(x * 10 ** (gain_db / 20), SR)
    assert b.gain_db == pytest.approx(a.gain_db - gain_db, abs=1e-6)
    np.testing.assert_allclose(b.audio, a.audio, rtol=1e-6, atol=1e-12)


# ----------------------------------------------------------------------------- look-ahead limiter


def _make_data_limit_90a424e(x, sr, ceiling_dbfs=-1.0, lookahead_s=0.005, release_s=0.080):
    # scripts/make_data.py's limit() as committed in 90a424e, the function that made
    # data/music_mastered.flac (the script now calls audiolevels.normalize.lookahead_limiter).
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    ceiling = 10 ** (ceiling_dbfs / 20)
    peak = np.max(np.abs(x), axis=1) if x.ndim == 2 else np.abs(x)
    need = np.minimum(1.0, ceiling / np.maximum(peak, 1e-12))
    width = 2 * int(round(lookahead_s * sr)) + 1
    g = uniform_filter1d(minimum_filter1d(need, width, mode="nearest"), width, mode="nearest")
    a = float(np.exp(-1 / (release_s * sr)))
    out = np.empty_like(g)
    prev = 1.0
    for i, gi in enumerate(g.tolist()):
        prev = min(gi, a * prev + (1 - a) * gi)
        out[i] = prev
    y = x * (out[:, None] if x.ndim == 2 else out)
    return np.clip(y, -ceiling, ceiling)


def _loud_music_like(sr, seconds=2.0, channels=2, seed=3):
    rng = np.random.default_rng(seed)
    n = int(seconds * sr)
    x = 0.3 * rng.standard_normal((n, channels))
    x[rng.integers(0, n, 40)] *= 6.0  # drum-like peaks well above the ceiling
    return x


@pytest.mark.parametrize("sr", [44100, 48000])
def test_lookahead_limiter_is_bit_identical_to_the_limiter_that_made_the_corpus(sr):
    x = _loud_music_like(sr)
    y, _ = N.lookahead_limiter(x, sr)
    np.testing.assert_array_equal(y, _make_data_limit_90a424e(x, sr))
    ym, _ = N.lookahead_limiter(x[:, 0], sr, ceiling_dbfs=-3.0, lookahead_ms=2.0, release_ms=50.0)
    ref = _make_data_limit_90a424e(
        x[:, 0], sr, ceiling_dbfs=-3.0, lookahead_s=0.002, release_s=0.05
    )
    np.testing.assert_array_equal(ym, ref)


def _load_make_data():
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "make_data.py"
    spec = importlib.util.spec_from_file_location("make_data", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_data"] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


def test_make_data_master_reproduces_the_committed_music_mastered_file():
    # make_data.py mastered the float render and stored it as 24-bit music.flac: mastering
    # music.flac again differs from the float render by < 2**-23, which moves a few hundred
    # of the 1.15 million samples by one 16-bit step and no sample further.
    import soundfile as sf

    from audiolevels.data import clip_path

    md = _load_make_data()
    music, sr = sf.read(clip_path("music"), dtype="float64")
    committed, _ = sf.read(clip_path("music_mastered"), dtype="int16")
    remade = md.quantize(md.master(music, sr), "PCM_16")
    diff = np.abs(remade.astype(np.int32) - committed)
    assert diff.max() <= 1
    assert np.count_nonzero(diff) < 1e-3 * diff.size


def test_lookahead_limiter_never_exceeds_the_ceiling_and_does_not_touch_the_input():
    x = _loud_music_like(48000)
    before = x.copy()
    y, gain = N.lookahead_limiter(x, 48000, ceiling_dbfs=-1.0)
    np.testing.assert_array_equal(x, before)
    assert np.max(np.abs(y)) <= 10 ** (-1 / 20)
    assert np.all((gain > 0) & (gain <= 1))
    np.testing.assert_array_equal(y, np.clip(x * gain[:, None], -(10**-0.05), 10**-0.05))


def test_lookahead_limiter_turns_down_2l_samples_ahead_and_reaches_the_needed_gain_at_the_peak():
    # min filter (±L) then moving average (±L): the gain leaves 1 exactly 2L samples before a
    # lone peak and equals ceiling/peak at the peak itself.
    sr, k, lookahead = 10000, 500, 5  # L = 5 ms = 50 samples
    x = np.zeros(1000)
    x[k] = 2.0
    _, gain = N.lookahead_limiter(x, sr, ceiling_dbfs=0.0, lookahead_ms=lookahead, release_ms=0)
    assert np.all(gain[: k - 100] == 1.0) and gain[k - 100] < 1.0
    assert gain[k] == pytest.approx(0.5, rel=1e-12)


def test_lookahead_limiter_release_only_slows_the_recovery():
    x = _loud_music_like(48000, channels=1)[:, 0]
    _, no_release = N.lookahead_limiter(x, 48000, release_ms=0)
    _, slow = N.lookahead_limiter(x, 48000, release_ms=200)
    assert np.all(slow <= no_release + 1e-15)
    assert np.mean(slow) < np.mean(no_release)


def test_lookahead_limiter_leaves_a_signal_below_the_ceiling_unchanged():
    x = 0.5 * np.sin(2 * np.pi * 100 * np.arange(4800) / 48000)
    y, gain = N.lookahead_limiter(x, 48000)
    np.testing.assert_array_equal(y, x)
    assert np.all(gain == 1.0)

"""audiolevels.signals: tone generation, dB conversion and input checks, from first principles."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from audiolevels import signals as S


def test_full_scale_sine_rms_is_minus_3_01_dbfs():
    x = S.sine(1000, 1.0, 48000)
    rms_db = 10 * np.log10(np.mean(x**2))
    assert rms_db == pytest.approx(20 * np.log10(1 / np.sqrt(2)), abs=1e-6)
    assert rms_db == pytest.approx(-3.0103, abs=1e-4)


def test_sine_phase_and_length():
    x = S.sine(12000, 0.001, 48000, amplitude=0.5, phase_deg=90)
    assert x.shape == (48,)
    assert x[0] == pytest.approx(0.5)
    assert x[2] == pytest.approx(-0.5)  # fs/4: quarter period per sample


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(freq_hz=24000, duration_s=1, sr=48000),
        dict(freq_hz=0, duration_s=1, sr=48000),
        dict(freq_hz=100, duration_s=0, sr=48000),
        dict(freq_hz=100, duration_s=1, sr=-1),
        dict(freq_hz=float("nan"), duration_s=1, sr=48000),
        dict(freq_hz=100, duration_s=1, sr=0),
        dict(freq_hz=100, duration_s=1, sr=float("nan")),
        dict(freq_hz=100, duration_s=-1, sr=48000),
    ],
)
def test_sine_bad_input(kwargs):
    with pytest.raises(ValueError, match="freq_hz|duration_s|sr"):
        S.sine(**kwargs)


@given(st.floats(-200, 200))
def test_db_round_trip(db):
    assert S.amplitude_to_db(S.db_to_amplitude(db)) == pytest.approx(db, abs=1e-9)


def test_amplitude_to_db_of_zero_is_minus_inf_without_warning():
    with np.errstate(all="raise"):
        assert S.amplitude_to_db(0.0) == -np.inf


def test_playback_assumption():
    assert S.dbfs_to_spl(0.0) == 100.0
    assert S.dbfs_to_spl(-20.0, full_scale_spl_db=94.0) == 74.0
    assert S.spl_to_dbfs(S.dbfs_to_spl(-37.5)) == pytest.approx(-37.5)


def test_as_float_audio_scales_pcm_and_copies():
    i16 = np.array([-32768, 0, 16384], dtype=np.int16)
    assert S.as_float_audio(i16).tolist() == [-1.0, 0.0, 0.5]
    i32 = np.array([-(2**31), 2**30], dtype=np.int32)
    assert S.as_float_audio(i32).tolist() == [-1.0, 0.5]
    u8 = np.array([0, 128, 192], dtype=np.uint8)
    assert S.as_float_audio(u8).tolist() == [-1.0, 0.0, 0.5]
    f = np.zeros((4, 2), dtype=np.float32)
    out = S.as_float_audio(f)
    out[0, 0] = 1.0
    assert f[0, 0] == 0.0, "the caller's array must not be modified"
    assert out.dtype == np.float64


@pytest.mark.parametrize(
    "bad, exc, words",
    [
        (np.array([]), ValueError, "empty"),
        (np.zeros((2, 2, 2)), ValueError, "shape"),
        (np.float64(1.0), ValueError, "shape"),
        (np.array([0.0, np.nan]), ValueError, "NaN"),
        (np.array([0.0, np.inf]), ValueError, "Inf"),
        (np.array([True, False]), TypeError, "dtype"),
        (np.array(["a"]), TypeError, "dtype"),
        (np.array([1, 2], dtype=np.int64), TypeError, "int16"),
        (np.zeros((3, 0)), ValueError, "0 channels"),
    ],
)
def test_as_float_audio_bad_input(bad, exc, words):
    with pytest.raises(exc, match=words):
        S.as_float_audio(bad, name="x")


@pytest.mark.parametrize("good", [1, 8000, 44100.0, np.int32(48000), np.float32(22050)])
def test_check_sr_accepts_positive_numbers(good):
    assert S.check_sr(good) == float(good)


@pytest.mark.parametrize(
    "bad, exc",
    [(0, ValueError), (-1, ValueError), (float("nan"), ValueError), (float("inf"), ValueError)]
    + [(True, TypeError), ("44100", TypeError), (None, TypeError)],
)
def test_check_sr_rejects(bad, exc):
    with pytest.raises(exc, match="sr"):
        S.check_sr(bad)


def test_as_real_array():
    out = S.as_real_array([1, 2.5], "freqs_hz")
    assert out.dtype == np.float64 and out.tolist() == [1.0, 2.5]
    with pytest.raises(ValueError, match="freqs_hz contains NaN"):
        S.as_real_array([1.0, np.nan], "freqs_hz")
    with pytest.raises(TypeError, match="phon must be a real number"):
        S.as_real_array(["a"], "phon")
    with pytest.raises(TypeError, match="dtype bool"):
        S.as_real_array([True], "x")

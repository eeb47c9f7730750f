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


# ----------------------------------------------------------------------------- listening sets


def _notebook_03_listening_set(audio_by_name, sr, gap_s=0.25, fade_s=0.01):
    # notebooks/03_normalization.ipynb's listening_set, which fade and concatenate replace.
    fade = np.linspace(0.0, 1.0, int(fade_s * sr))
    gap = np.zeros(int(gap_s * sr))
    parts = []
    for x in audio_by_name.values():
        y = x.copy()
        y[: fade.size] *= fade
        y[-fade.size :] *= fade[::-1]
        parts += [y, gap]
    return np.concatenate(parts)


def test_concatenate_gives_notebook_03_listening_set_exactly():
    rng = np.random.default_rng(1)
    clips = {"a": 0.1 * rng.standard_normal(9600), "b": 0.5 * rng.standard_normal(4000)}
    before = {k: v.copy() for k, v in clips.items()}
    out = S.concatenate(clips, 48000)
    np.testing.assert_array_equal(out, _notebook_03_listening_set(clips, 48000))
    np.testing.assert_array_equal(S.concatenate(list(clips.values()), 48000), out)
    for k in clips:
        np.testing.assert_array_equal(clips[k], before[k])  # the caller's arrays are untouched


def test_fade_linear_ramps_from_zero_to_one_and_back():
    y = S.fade(np.ones(1000), 1000, fade_s=0.01)
    np.testing.assert_allclose(y[:10], np.linspace(0, 1, 10))
    np.testing.assert_allclose(y[-10:], np.linspace(1, 0, 10))
    assert np.all(y[10:-10] == 1.0)


def test_fade_cosine_is_the_raised_cosine_of_make_data():
    y = S.fade(np.ones((400, 2)), 4000, fade_s=0.01, shape="cosine")
    k = np.arange(40)
    np.testing.assert_allclose(y[:40, 1], 0.5 - 0.5 * np.cos(np.pi * k / 40), atol=1e-15)
    np.testing.assert_allclose(y[-40:, 0], (0.5 - 0.5 * np.cos(np.pi * k / 40))[::-1], atol=1e-15)


def test_fade_of_zero_seconds_is_an_unchanged_copy():
    x = np.array([0.5, -0.5, 0.25])
    y = S.fade(x, 100, fade_s=0.0)
    np.testing.assert_array_equal(y, x)
    assert y is not x


def test_fade_longer_than_half_the_clip_is_refused():
    with pytest.raises(ValueError, match="fade_s=0.6 s .* do not fit"):
        S.fade(np.ones(100), 100, fade_s=0.6)


def test_concatenate_stereo_keeps_channels_and_puts_silence_between():
    a, b = np.full((100, 2), 0.5), np.full((50, 2), -0.25)
    out = S.concatenate([a, b], 1000, gap_s=0.01, fade_s=0.0)
    assert out.shape == (100 + 10 + 50 + 10, 2)
    assert np.all(out[100:110] == 0) and np.all(out[110:160] == -0.25)


def test_concatenate_refuses_mixed_channel_counts_and_no_clips():
    with pytest.raises(ValueError, match="same number of channels"):
        S.concatenate([np.zeros(100), np.zeros((100, 2))], 1000)
    with pytest.raises(ValueError, match="at least one clip"):
        S.concatenate([], 1000)


# ----------------------------------------------------------------------------- warnings


def test_silenced_hides_the_warnings_and_says_how_many_and_why(capsys):
    import warnings

    with warnings.catch_warnings(record=True) as outside:
        warnings.simplefilter("always")
        with S.silenced(UserWarning, "10 phon is outside the range; drawn dashed"):
            for _ in range(3):
                warnings.warn("outside", UserWarning, stacklevel=1)
    assert outside == []
    assert capsys.readouterr().out == (
        "(silenced 3 UserWarning: 10 phon is outside the range; drawn dashed)\n"
    )


def test_silenced_prints_nothing_when_nothing_was_silenced_and_lets_other_warnings_through(
    capsys,
):
    import warnings

    with warnings.catch_warnings(record=True) as outside:
        warnings.simplefilter("always")
        with S.silenced(UserWarning, "expected"):
            warnings.warn("keep me", RuntimeWarning, stacklevel=1)
    assert [str(w.message) for w in outside] == ["keep me"]
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_silenced_requires_a_reason(reason):
    with pytest.raises(ValueError, match="reason"):
        with S.silenced(UserWarning, reason):
            pass


def test_caught_warnings_records_every_message_of_its_category():
    import warnings

    with warnings.catch_warnings(record=True) as outside:
        warnings.simplefilter("always")
        with S.caught_warnings(UserWarning) as caught:
            for i in range(2):
                warnings.warn(f"w{i}", UserWarning, stacklevel=1)
                warnings.warn("same line twice", UserWarning, stacklevel=1)
            assert len(caught) == 4  # filled as the warnings occur
            warnings.warn("other", DeprecationWarning, stacklevel=1)
    assert caught == ["w0", "same line twice", "w1", "same line twice"]
    assert [str(w.message) for w in outside] == ["other"]


def test_caught_warnings_records_the_iso226_validity_warning():
    from audiolevels.contours import spl_from_phon

    with S.caught_warnings(UserWarning) as caught:
        spl_from_phon(100)
    assert len(caught) == 1 and "validity range of ISO 226" in caught[0]


def test_warning_helpers_need_a_warning_class():
    with pytest.raises(TypeError, match="category"):
        with S.caught_warnings("UserWarning"):
            pass

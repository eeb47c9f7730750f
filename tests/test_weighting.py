"""audiolevels.weighting against IEC 61672-1:2013 Table 3, its class-1 limits, and librosa."""

from __future__ import annotations

import csv
import math

import librosa
import numpy as np
import pytest
import scipy.signal as sig
from hypothesis import given, settings
from hypothesis import strategies as st

from audiolevels import signals as S
from audiolevels import weighting as Wt
from conftest import REFERENCE


def _table() -> dict[str, np.ndarray]:
    with open(REFERENCE / "iec61672_1_2013_table3.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = {k: np.array([float(r[k]) for r in rows]) for k in rows[0]}
    out["exact_hz"] = 1000.0 * 10 ** (out["n"] / 10)  # the base-ten frequencies of the table
    return out


TABLE = _table()


def _response_db(sos: np.ndarray, freqs_hz: np.ndarray, sr: float) -> np.ndarray:
    """Digital magnitude response in dB, by scipy (an implementation independent of ours)."""
    _, h = sig.sosfreqz(sos, worN=freqs_hz, fs=sr)
    return 20 * np.log10(np.abs(h))


# ------------------------------------------------------------------- the analog curves


def test_pole_frequencies_derived_from_annex_e():
    f1, f2, f3, f4 = Wt.POLE_FREQS_HZ
    # The rounded values IEC 61672-1 prints (and librosa types in).
    assert round(f1, 2) == 20.60
    assert round(f2, 1) == 107.7
    assert round(f3, 1) == 737.9
    assert round(f4) == 12194
    # Annex E relations the exact values satisfy: f2·f3 = f_A², f3 − f2 = √5·f_A,
    # f1·f4 = f_L·f_H (f1², f4² are the roots of x² + b x + c, c = f_L² f_H²), and the
    # quadratic itself.
    f_a = 10**2.45
    assert f2 * f3 == pytest.approx(f_a**2, rel=1e-12)
    assert f3 - f2 == pytest.approx(math.sqrt(5) * f_a, rel=1e-12)
    assert f1 * f4 == pytest.approx(10**1.5 * 10**3.9, rel=1e-12)
    f_l, f_h, d = 10**1.5, 10**3.9, math.sqrt(0.5)
    b = (1e6 + f_l**2 * f_h**2 / 1e6 - d * (f_l**2 + f_h**2)) / (1 - d)
    assert f1**2 + f4**2 == pytest.approx(-b, rel=1e-12)


@pytest.mark.parametrize("kind", ["A", "C"])
def test_every_row_of_table_3_at_the_exact_base_ten_frequencies(kind):
    got = Wt.weighting_db(TABLE["exact_hz"], kind)
    expected = TABLE[f"{kind}_db"]
    assert np.all(np.abs(got - expected) <= 0.05), dict(
        zip(TABLE["nominal_hz"], np.round(got - expected, 3), strict=True)
    )


@pytest.mark.parametrize("kind", ["A", "C", "Z", "a", "c", "z"])
def test_exactly_zero_db_at_1_khz(kind):
    assert abs(Wt.weighting_db(1000.0, kind)) < 1e-12
    assert abs(Wt.weighting_db(np.array([1000.0, 50.0]), kind)[0]) < 1e-12


@pytest.mark.parametrize("kind, oracle", [("A", librosa.A_weighting), ("C", librosa.C_weighting)])
def test_agrees_with_librosa_above_10_hz(kind, oracle):
    f = np.geomspace(10, 40000, 500)
    ours = Wt.weighting_db(f, kind)
    theirs = oracle(f, min_db=None)
    assert np.max(np.abs(ours - theirs)) < 0.01
    # librosa's constant offsets (+2.0 / +0.062 dB) leave it slightly off at 1 kHz.
    assert abs(float(oracle(1000.0, min_db=None))) > 1e-5


def test_no_floor_and_zero_hz_is_minus_inf_without_warning():
    with np.errstate(all="raise"):
        a = Wt.weighting_db(np.array([0.0, 1.0, 10.0]), "A")
        c = Wt.weighting_db(0.0, "C")
    assert a[0] == -np.inf and c == -np.inf
    assert a[1] < -80  # librosa's default min_db would clip this to -80
    assert a[2] == pytest.approx(-70.4, abs=0.05)
    assert Wt.weighting_db(1.0, "A") == pytest.approx(
        float(librosa.A_weighting(1.0, min_db=None)), abs=0.01
    )


def test_z_is_flat_everywhere_including_0_hz():
    f = np.array([0.0, 10.0, 1000.0, 1e5])
    assert np.array_equal(Wt.weighting_db(f, "Z"), np.zeros(4))


def test_shape_follows_input_and_caller_array_untouched():
    f = np.array([[100.0, 1000.0], [10.0, 0.0]])
    before = f.copy()
    out = Wt.weighting_db(f)
    assert out.shape == (2, 2)
    assert np.array_equal(f, before)
    assert isinstance(Wt.weighting_db(100), float)
    assert Wt.weighting_db([100, 1000]).shape == (2,)  # integers and lists accepted


@pytest.mark.parametrize("bad", [-1.0, [100.0, -0.001], float("nan"), [1.0, np.inf]])
def test_bad_frequencies(bad):
    with pytest.raises(ValueError, match="freqs_hz"):
        Wt.weighting_db(bad)


@pytest.mark.parametrize("bad", ["100", [True, False], np.array([1 + 1j])])
def test_non_numeric_frequencies(bad):
    with pytest.raises(TypeError, match="freqs_hz"):
        Wt.weighting_db(bad)


@pytest.mark.parametrize("kind", ["B", "D", "ITU", "", None, 1])
def test_unknown_kind_lists_the_kinds(kind):
    with pytest.raises(ValueError, match="A, C, Z"):
        Wt.weighting_db(1000.0, kind)
    with pytest.raises(ValueError, match="A, C, Z"):
        Wt.weighting_filter(kind, 48000)


# ------------------------------------------------------------------- the digital filters


@pytest.mark.parametrize("method", ["fitted", "bilinear"])
@pytest.mark.parametrize("kind", ["A", "C"])
@pytest.mark.parametrize("sr", [44100, 48000, 96000])
def test_digital_filters_inside_class_1_limits(sr, kind, method):
    below = TABLE["exact_hz"] < sr / 2
    f = TABLE["exact_hz"][below]
    err = _response_db(Wt.weighting_filter(kind, sr, method=method), f, sr) - Wt.weighting_db(
        f, kind
    )
    upper, lower = TABLE["class1_upper_tol_db"][below], TABLE["class1_lower_tol_db"][below]
    inside = (err <= upper) & (err >= lower)
    assert np.all(inside), dict(zip(TABLE["nominal_hz"][below][~inside], err[~inside], strict=True))


@pytest.mark.parametrize("kind", ["A", "C", "Z"])
@pytest.mark.parametrize("sr", [8000, 16000, 44100, 48000, 96000])
def test_digital_filter_is_0_db_at_1_khz(kind, sr):
    for method in Wt.METHODS:
        assert _response_db(Wt.weighting_filter(kind, sr, method=method), [1000.0], sr)[
            0
        ] == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize(
    "sr, sag_db",
    [(48000, {10000: 1.2, 12500: 2.7, 16000: 6.2}), (44100, {10000: 1.5, 12500: 3.5, 16000: 8.2})],
)
def test_plain_bilinear_a_filter_sags_as_the_reference_says(sr, sag_db):
    nominal = np.array(list(sag_db))
    exact = 1000 * 10 ** (np.round(10 * np.log10(nominal / 1000)) / 10)
    err = _response_db(
        Wt.weighting_filter("A", sr, method="bilinear"), exact, sr
    ) - Wt.weighting_db(exact)
    assert err == pytest.approx(-np.array(list(sag_db.values())), abs=0.1)


@pytest.mark.parametrize("kind", ["A", "C"])
@pytest.mark.parametrize(
    "sr, tol_db",
    [
        (44100, 0.1),
        (48000, 0.1),
        (96000, 0.1),
        (8000, 0.15),
        (16000, 0.15),
        (22050, 0.15),
        (32000, 0.15),
    ],
)
def test_fitted_design_follows_the_analog_curve(kind, sr, tol_db):
    f = TABLE["exact_hz"][TABLE["exact_hz"] < sr / 2]
    err = _response_db(Wt.weighting_filter(kind, sr), f, sr) - Wt.weighting_db(f, kind)
    assert np.max(np.abs(err)) < tol_db


@pytest.mark.parametrize("sr", [8000, 16000, 44100, 48000, 96000])
def test_filters_are_stable(sr):
    for kind in ("A", "C"):
        for method in Wt.METHODS:
            sos = Wt.weighting_filter(kind, sr, method=method)
            poles = np.concatenate([np.roots(s[3:]) for s in sos])
            assert np.all(np.abs(poles) < 1)


def test_weighting_filter_returns_a_fresh_array():
    a = Wt.weighting_filter("A", 48000)
    a[:] = 0
    assert np.any(Wt.weighting_filter("A", 48000) != 0)


def test_z_filter_passes_through():
    x = np.random.default_rng(0).standard_normal(100)
    assert np.array_equal(sig.sosfilt(Wt.weighting_filter("z", 8), x), x)


@pytest.mark.parametrize("sr", [0, -48000, float("nan"), float("inf"), 4000])
def test_bad_sample_rate_for_filter(sr):
    with pytest.raises(ValueError, match="sr"):
        Wt.weighting_filter("A", sr)


def test_bad_method_and_non_numeric_sr():
    with pytest.raises(ValueError, match="fitted, bilinear"):
        Wt.weighting_filter("A", 48000, method="prewarped")
    with pytest.raises(TypeError, match="sr"):
        Wt.weighting_filter("A", "48000")


# ------------------------------------------------------------------- weighted levels


@pytest.mark.parametrize("kind", ["A", "C", "Z"])
@pytest.mark.parametrize("sr", [16000, 44100, 48000])
def test_full_scale_1_khz_sine_reads_minus_3_01_db(kind, sr):
    x = S.sine(1000, 1.0, sr)
    assert Wt.weighted_level_db(x, sr, kind) == pytest.approx(
        20 * np.log10(1 / np.sqrt(2)), abs=0.01
    )


@pytest.mark.parametrize("freq_hz", [100, 250, 3000, 8000])
@pytest.mark.parametrize("sr", [44100, 48000])
def test_tone_reads_its_rms_plus_the_weighting(freq_hz, sr):
    x = S.sine(freq_hz, 1.0, sr, amplitude=0.1)
    expected = 20 * np.log10(0.1 / np.sqrt(2)) + float(librosa.A_weighting(freq_hz, min_db=None))
    assert Wt.weighted_level_db(x, sr) == pytest.approx(expected, abs=0.05)


def test_equal_energy_100_hz_and_3_khz_tones_differ_by_about_20_db_a():
    # The blog's example: same RMS (-20 dBFS), 100 Hz vs 3 kHz.
    sr = 48000
    amp = np.sqrt(2) * 10 ** (-20 / 20)
    low, high = S.sine(100, 2.0, sr, amplitude=amp), S.sine(3000, 2.0, sr, amplitude=amp)
    assert Wt.weighted_level_db(low, sr, "Z") == pytest.approx(-20.0, abs=1e-3)
    assert Wt.weighted_level_db(high, sr, "Z") == pytest.approx(-20.0, abs=1e-3)
    gap = Wt.weighted_level_db(high, sr) - Wt.weighted_level_db(low, sr)
    expected = float(
        librosa.A_weighting(3000, min_db=None) - librosa.A_weighting(100, min_db=None)
    )  # 1.23 - (-19.14) = 20.37 dB
    assert expected == pytest.approx(20.37, abs=0.01)
    assert gap == pytest.approx(expected, abs=0.05)


def test_z_level_is_plain_rms_and_silence_is_minus_inf():
    x = np.random.default_rng(1).uniform(-0.5, 0.5, 4800)
    assert Wt.weighted_level_db(x, 48000, "Z") == pytest.approx(
        10 * np.log10(np.mean(x**2)), abs=1e-9
    )
    with np.errstate(all="raise"):
        assert Wt.weighted_level_db(np.zeros(1000), 48000) == -np.inf


def test_multichannel_int16_and_caller_array_untouched():
    sr = 48000
    mono = S.sine(3000, 0.5, sr, amplitude=0.5)
    stereo = np.stack([mono, mono], axis=1)
    before = stereo.copy()
    assert Wt.weighted_level_db(stereo, sr) == pytest.approx(
        Wt.weighted_level_db(mono, sr), abs=1e-9
    )
    assert np.array_equal(stereo, before)
    pcm = np.round(mono * 32767).astype(np.int16)
    assert Wt.weighted_level_db(pcm, sr) == pytest.approx(Wt.weighted_level_db(mono, sr), abs=0.01)


def test_method_keyword_reaches_the_filter():
    sr = 48000
    x = S.sine(12000, 0.5, sr)
    sag = Wt.weighted_level_db(x, sr, method="bilinear") - Wt.weighted_level_db(x, sr)
    expected = np.diff(
        [_response_db(Wt.weighting_filter("A", sr, method=m), [12000.0], sr)[0] for m in Wt.METHODS]
    )[0]  # bilinear − fitted, about −2.3 dB at 12 kHz
    assert expected < -2
    assert sag == pytest.approx(expected, abs=0.01)


def test_start_up_transient_counts_unless_skipped():
    sr = 48000
    x = S.sine(20, 2.0, sr, amplitude=0.5)
    steady = 20 * np.log10(0.5 / np.sqrt(2)) + float(librosa.A_weighting(20, min_db=None))
    assert Wt.weighted_level_db(x, sr) - steady > 0.1  # the onset is weighted less than 20 Hz
    assert Wt.weighted_level_db(x, sr, skip_s=0.5) == pytest.approx(steady, abs=0.02)
    with pytest.raises(ValueError, match="skip_s"):
        Wt.weighted_level_db(x, sr, skip_s=-1)
    with pytest.raises(ValueError, match="skip_s"):
        Wt.weighted_level_db(x, sr, skip_s=2.0)


@settings(max_examples=25, deadline=None)
@given(st.floats(-60, 20))
def test_gain_shifts_the_level_by_the_same_db(gain_db):
    sr = 16000
    x = np.random.default_rng(2).standard_normal(1600) * 0.05
    shifted = Wt.weighted_level_db(x * 10 ** (gain_db / 20), sr)
    assert shifted - Wt.weighted_level_db(x, sr) == pytest.approx(gain_db, abs=1e-9)


@pytest.mark.parametrize(
    "x, sr, err",
    [
        (np.array([]), 48000, ValueError),
        (np.array([0.1, np.nan]), 48000, ValueError),
        (np.array([0.1, np.inf]), 48000, ValueError),
        (np.ones(100), float("nan"), ValueError),
        (np.ones(100), float("inf"), ValueError),
        (np.zeros((4, 2, 2)), 48000, ValueError),
        (np.ones(100), 0, ValueError),
        (np.ones(100), -1, ValueError),
        (np.array(["a"]), 48000, TypeError),
    ],
)
def test_weighted_level_bad_input(x, sr, err):
    with pytest.raises(err, match="x|sr|empty|shape|dtype"):
        Wt.weighted_level_db(x, sr)


def test_sos_response_db_equals_scipy_sosfreqz():
    sos = Wt.weighting_filter("A", 48000)
    f = np.array([20.0, 100.0, 1000.0, 10000.0, 23000.0])
    _, h = sig.sosfreqz(sos, worN=f, fs=48000)
    expected = 20 * np.log10(np.abs(h))
    np.testing.assert_allclose(Wt.sos_response_db(sos, f, 48000), expected, atol=1e-9)
    assert Wt.sos_response_db(sos, 1000.0, 48000) == pytest.approx(0.0, abs=1e-12)


def test_sos_response_db_keeps_the_earlier_private_name():
    assert Wt._sos_db is Wt.sos_response_db


def test_sos_response_db_is_minus_inf_at_a_zero_without_warning():
    sos = Wt.weighting_filter("A", 48000)
    with np.errstate(all="raise"):
        assert Wt.sos_response_db(sos, 0.0, 48000) == -np.inf


@pytest.mark.parametrize(
    ("sos", "freqs", "error", "match"),
    [
        (np.ones((2, 5)), 100.0, ValueError, r"shape \(n_sections, 6\)"),
        ([[1, 0, 0, 0, 0, 0]], 100.0, ValueError, "a0 = 0"),
        ([[1, 0, 0, 1, 0, 0]], -5.0, ValueError, "freqs_hz"),
        ("sos", 100.0, TypeError, "sos"),
    ],
)
def test_sos_response_db_bad_input(sos, freqs, error, match):
    with pytest.raises(error, match=match):
        Wt.sos_response_db(sos, freqs, 48000)

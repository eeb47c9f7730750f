"""audiolevels.contours against ISO 226:2003 / ISO 226:2023 (tests/reference/iso226_parameters.csv).

The oracle below evaluates the standard's formulas (as printed in tests/reference/README.md)
one frequency at a time with the `math` module, on the parameters read from the reference CSV —
independent of the module's own table, vectorisation and broadcasting.
"""

from __future__ import annotations

import csv
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audiolevels import contours as C
from conftest import REFERENCE

# --------------------------------------------------------------------------- reference data


def _read_reference():
    with open(REFERENCE / "iso226_parameters.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    table = {}
    for ed in (2003, 2023):
        table[ed] = {
            "freqs_hz": [float(r["f_hz"]) for r in rows],
            "alpha_f": [float(r[f"alpha_f_{ed}"]) for r in rows],
            "L_U": [float(r[f"L_U_{ed}"]) for r in rows],
            "T_f": [float(r[f"T_f_{ed}"]) for r in rows],
        }
    return table


REF = _read_reference()
FREQS = REF[2023]["freqs_hz"]
I_1K = FREQS.index(1000.0)


def oracle_spl(phon: float, i: int, edition: int) -> float:
    """ISO 226 formula 1 (2023) or formulas 1–2 (2003) at table row i, scalar math."""
    p = REF[edition]
    a, lu, tf = p["alpha_f"][i], p["L_U"][i], p["T_f"][i]
    if edition == 2023:
        arg = (4e-10) ** (0.3 - a) * (10 ** (0.03 * phon) - 10**0.072) + 10 ** (a * (tf + lu) / 10)
        return (10 / a) * math.log10(arg) - lu
    af = 4.47e-3 * (10 ** (0.025 * phon) - 1.15) + (0.4 * 10 ** ((tf + lu) / 10 - 9)) ** a
    return (10 / a) * math.log10(af) - lu + 94


def oracle_phon(spl: float, i: int, edition: int) -> float:
    """ISO 226 formula 2 (2023) or formula 3 (2003) at table row i, scalar math."""
    p = REF[edition]
    a, lu, tf = p["alpha_f"][i], p["L_U"][i], p["T_f"][i]
    if edition == 2023:
        b = (10 ** (a * (spl + lu) / 10) - 10 ** (a * (tf + lu) / 10)) / (4e-10) ** (
            0.3 - a
        ) + 10**0.072
        return (100 / 3) * math.log10(b)
    b = (0.4 * 10 ** ((spl + lu) / 10 - 9)) ** a - (0.4 * 10 ** ((tf + lu) / 10 - 9)) ** a
    b += 0.005076
    return 40 * math.log10(b) + 94


def valid_levels(freq_hz: float, step: float = 1.0) -> np.ndarray:
    """Loudness levels inside the standard's validity range at this frequency."""
    top = 90.0 if freq_hz <= 4000 else 80.0
    return np.arange(20.0, top + step / 2, step)


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    # Any validity warning a test does not expect fails it.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# --------------------------------------------------------------------------- the table


@pytest.mark.parametrize("edition", [2003, 2023])
def test_parameter_table_matches_the_standard(edition):
    got = C.iso226_parameters(edition)
    for key in ("freqs_hz", "alpha_f", "L_U", "T_f"):
        np.testing.assert_array_equal(got[key], REF[edition][key], err_msg=key)
    np.testing.assert_array_equal(C.STANDARD_FREQS_HZ, FREQS)
    assert len(C.STANDARD_FREQS_HZ) == 29


def test_standard_freqs_are_read_only_and_parameters_are_copies():
    with pytest.raises(ValueError):
        C.STANDARD_FREQS_HZ[0] = 1.0
    p = C.iso226_parameters(2023)
    p["T_f"][:] = 0
    assert C.hearing_threshold(2023)[0] == 78.1


def test_2023_changed_threshold_only_at_20_hz():
    diff = C.hearing_threshold(2023) - C.hearing_threshold(2003)
    assert diff[0] == pytest.approx(78.1 - 78.5)
    assert np.all(diff[1:] == 0)


# --------------------------------------------------------------------------- against the formulas


@pytest.mark.parametrize("edition", [2003, 2023])
@pytest.mark.parametrize("phon", [20, 40, 60, 80])
def test_forward_matches_scalar_oracle(edition, phon):
    got = C.spl_from_phon(phon, edition)
    want = [oracle_spl(phon, i, edition) for i in range(29)]
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)


@pytest.mark.parametrize("edition", [2003, 2023])
def test_inverse_matches_scalar_oracle(edition):
    spl = np.array([40.0, 60.0, 80.0])[:, None] + np.zeros(29)
    spl = np.maximum(spl, np.array(REF[edition]["T_f"]) + 1.0)  # stay above threshold
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # some land below 20 phon
        got = C.phon_from_spl(spl, C.STANDARD_FREQS_HZ, edition)
    want = [[oracle_phon(s, i, edition) for i, s in enumerate(row)] for row in spl]
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)


def test_known_2023_values():
    # Mathematics: 10**(0.03*2.4) == 10**0.072, so formula 1 gives T_f at 2.4 phon, and at
    # 1 kHz (alpha_f = 0.3, L_U = 0) it reduces to L_f = L_N.
    with pytest.warns(UserWarning):
        np.testing.assert_allclose(C.spl_from_phon(2.4), REF[2023]["T_f"], atol=1e-9)


# --------------------------------------------------------------------------- 1 kHz identities


def test_1khz_2023_is_exactly_the_loudness_level():
    phon = np.arange(20.0, 90.5, 0.5)
    np.testing.assert_allclose(C.spl_from_phon(phon, 2023, 1000), phon, rtol=0, atol=1e-9)


def test_1khz_2003_is_within_0_02_db():
    phon = np.arange(20.0, 90.5, 0.5)
    err = C.spl_from_phon(phon, 2003, 1000) - phon
    assert np.max(np.abs(err)) <= 0.02
    # The reference's published example: 40 phon → 40.01 dB.
    assert C.spl_from_phon(40, 2003, 1000) == pytest.approx(40.01, abs=0.005)


# --------------------------------------------------------------------------- round trips


@settings(max_examples=200, deadline=None)
@given(phon=st.floats(20, 90), i=st.integers(0, 28))
def test_round_trip_2023_exact(phon, i):
    f = FREQS[i]
    if f > 4000:
        phon = min(phon, 80.0)
    spl = C.spl_from_phon(phon, 2023, f)
    assert C.phon_from_spl(spl, f, 2023) == pytest.approx(phon, abs=1e-9)


def test_round_trip_2023_whole_family():
    phon = np.arange(20.0, 81.0, 10.0)
    spl = C.spl_from_phon(phon, 2023)  # (7, 29)
    back = C.phon_from_spl(spl, C.STANDARD_FREQS_HZ, 2023)
    assert np.max(np.abs(back - phon[:, None])) <= 1e-9


def test_round_trip_2003_within_validity():
    # The 2003 inverse (formula 3) is not the exact inverse of formula 1. Over the validity
    # range the forward→inverse error reaches 0.0546 phon at 20 Hz / 90 phon (0.0503 at
    # 31.5 Hz); from 40 Hz up it stays ≤ 0.05 phon, the tolerance the issue asks for.
    worst = {}
    for f in FREQS:
        phon = valid_levels(f, step=0.25)
        back = C.phon_from_spl(C.spl_from_phon(phon, 2003, f), f, 2003)
        worst[f] = float(np.max(np.abs(back - phon)))
    assert max(worst.values()) <= 0.055
    assert max(v for f, v in worst.items() if f >= 40) <= 0.05
    assert worst[20.0] > 0.05  # documents the standard's own inconsistency, not ours


# --------------------------------------------------------------------------- monotonicity


@pytest.mark.parametrize("edition", [2003, 2023])
def test_monotonic_in_phon_at_every_frequency(edition):
    phon = np.linspace(0.0, 100.0, 401)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        spl = C.spl_from_phon(phon, edition)  # (401, 29)
    assert np.all(np.diff(spl, axis=0) > 0)


@pytest.mark.parametrize("edition", [2003, 2023])
def test_inverse_monotonic_in_spl(edition):
    tf = C.hearing_threshold(edition)
    spl = tf + np.linspace(0.0, 80.0, 161)[:, None]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        phon = C.phon_from_spl(spl, C.STANDARD_FREQS_HZ, edition)
    assert np.all(np.diff(phon, axis=0) > 0)


# --------------------------------------------------------------------------- threshold


@pytest.mark.parametrize("edition", [2003, 2023])
def test_threshold_is_t_f(edition):
    np.testing.assert_array_equal(C.hearing_threshold(edition), REF[edition]["T_f"])
    assert C.hearing_threshold(edition, 1000) == 2.4
    np.testing.assert_array_equal(
        C.hearing_threshold(edition, [20, 12500]), [REF[edition]["T_f"][0], 12.3]
    )


def test_tone_at_threshold_reads_its_threshold_level():
    with pytest.warns(UserWarning, match="validity"):
        got = C.phon_from_spl(C.hearing_threshold(2023), C.STANDARD_FREQS_HZ, 2023)
    np.testing.assert_allclose(got, 2.4, atol=1e-9)
    with pytest.warns(UserWarning):
        got = C.phon_from_spl(C.hearing_threshold(2003), C.STANDARD_FREQS_HZ, 2003)
    np.testing.assert_allclose(got, 40 * math.log10(0.005076) + 94, atol=1e-9)  # 2.22 phon


def test_2003_at_0_phon_is_below_the_threshold():
    # Reference: "the 2003 formula at 0 phon lands 2–6.6 dB below T_f".
    with pytest.warns(UserWarning):
        gap = C.spl_from_phon(0, 2003) - C.hearing_threshold(2003)
    assert np.all(gap < -1.9) and np.all(gap > -6.7)


def test_below_threshold_raises_or_gives_nan():
    with pytest.raises(ValueError, match=r"below the hearing threshold T_f = 12\.3"):
        C.phon_from_spl(10.0, 12500)
    got = C.phon_from_spl([10.0, 60.0], 12500, below_threshold="nan")
    assert np.isnan(got[0]) and np.isfinite(got[1])
    with pytest.raises(ValueError, match="below_threshold"):
        C.phon_from_spl(60.0, 1000, below_threshold="clip")


# --------------------------------------------------------------------------- shapes


def test_shapes():
    assert C.spl_from_phon(40).shape == (29,)
    assert C.spl_from_phon([40, 60]).shape == (2, 29)
    assert C.spl_from_phon(np.full((2, 3), 50.0), freqs_hz=[100, 1000]).shape == (2, 3, 2)
    one = C.spl_from_phon(40, freqs_hz=100)
    assert np.ndim(one) == 0 and isinstance(one, float)
    assert C.spl_from_phon(40, freqs_hz=[100]).shape == (1,)
    # phon_from_spl pairs SPL and frequency elementwise (NumPy broadcasting)
    assert C.phon_from_spl([60, 70], [100, 1000]).shape == (2,)
    assert C.phon_from_spl([[60], [70]], [100, 1000]).shape == (2, 2)
    assert isinstance(C.phon_from_spl(60, 1000), float)


def test_inputs_are_not_modified():
    phon = np.array([30.0, 50.0])
    freqs = np.array([100.0, 1000.0])
    C.spl_from_phon(phon, freqs_hz=freqs)
    spl = np.array([70.0, 50.0])
    C.phon_from_spl(spl, freqs)
    assert phon.tolist() == [30.0, 50.0] and freqs.tolist() == [100.0, 1000.0]
    assert spl.tolist() == [70.0, 50.0]


# --------------------------------------------------------------------------- validity warnings


@pytest.mark.parametrize(("phon", "freq"), [(95, 100), (85, 8000), (10, 1000), (81, 5000), (0, 20)])
def test_outside_validity_warns_and_still_returns(phon, freq):
    with pytest.warns(UserWarning, match="20–90 phon from 20 Hz to 4 kHz") as rec:
        got = C.spl_from_phon(phon, 2023, freq)
    assert "20–80 phon from 5 kHz to 12.5 kHz" in str(rec[0].message)
    assert math.isfinite(got)


def test_inside_validity_is_silent():
    for f in FREQS:
        C.spl_from_phon(valid_levels(f), 2023, f)  # warnings are errors here
        C.spl_from_phon(valid_levels(f), 2003, f)


def test_inverse_warns_outside_validity():
    with pytest.warns(UserWarning, match="phon_from_spl"):
        C.phon_from_spl(110.0, 1000)  # 110 phon
    C.phon_from_spl(85.0, 1000)  # silent


# --------------------------------------------------------------------------- interpolation


def test_interpolation_equals_table_at_standard_freqs():
    got = C.spl_from_phon(60, 2023, C.STANDARD_FREQS_HZ, interpolate=True)
    np.testing.assert_array_equal(got, C.spl_from_phon(60, 2023))


def test_interpolated_parameters_do_not_overshoot():
    # PCHIP is shape-preserving: between two table frequencies the threshold stays between
    # the two tabulated values.
    for i in range(28):
        f = np.geomspace(FREQS[i], FREQS[i + 1], 9)[1:-1]
        tf = C.hearing_threshold(2023, f, interpolate=True)
        lo, hi = sorted(REF[2023]["T_f"][i : i + 2])
        assert np.all(tf >= lo - 1e-12) and np.all(tf <= hi + 1e-12)


def test_interpolated_contour_is_smooth_and_round_trips():
    f = np.geomspace(20, 12500, 2000)
    spl = C.spl_from_phon(60, 2023, f, interpolate=True)
    assert np.max(np.abs(np.diff(spl))) < 0.5  # no jumps on a fine grid (range ≈ 60 dB)
    back = C.phon_from_spl(spl, f, 2023, interpolate=True)
    np.testing.assert_allclose(back, 60.0, atol=1e-9)


@pytest.mark.parametrize("freq", [19.0, 13000.0, 0.0, -100.0])
def test_interpolation_does_not_extrapolate(freq):
    with pytest.raises(ValueError, match="20 Hz to 12500 Hz"):
        C.spl_from_phon(40, freqs_hz=[freq], interpolate=True)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("edition", [2010, 226, 0])
def test_unknown_edition(edition):
    with pytest.raises(ValueError, match=r"\(2003, 2023\)"):
        C.spl_from_phon(40, edition)
    with pytest.raises(ValueError, match=r"\(2003, 2023\)"):
        C.phon_from_spl(40, 1000, edition)
    with pytest.raises(ValueError, match=r"\(2003, 2023\)"):
        C.hearing_threshold(edition)


@pytest.mark.parametrize("edition", ["2023", 2023.0, True, None])
def test_edition_must_be_an_int(edition):
    with pytest.raises(TypeError, match="edition must be an int"):
        C.spl_from_phon(40, edition)


@pytest.mark.parametrize("phon", [float("nan"), float("inf"), [40, float("nan")]])
def test_nan_phon(phon):
    with pytest.raises(ValueError, match="NaN or Inf"):
        C.spl_from_phon(phon)


def test_nan_spl_and_freq():
    with pytest.raises(ValueError, match="spl_db contains NaN"):
        C.phon_from_spl(float("nan"), 1000)
    with pytest.raises(ValueError, match="freqs_hz contains NaN"):
        C.spl_from_phon(40, freqs_hz=[float("nan")])


@pytest.mark.parametrize("phon", [-1, -0.001, [40, -5]])
def test_negative_phon(phon):
    with pytest.raises(ValueError, match="phon must be ≥ 0"):
        C.spl_from_phon(phon)


@pytest.mark.parametrize("freq", [1001, 30, 16000])
def test_frequency_not_in_table(freq):
    with pytest.raises(ValueError, match=r"not one of them.*31\.5, 40.*12500.*interpolate=True"):
        C.spl_from_phon(40, freqs_hz=[100, freq])
    with pytest.raises(ValueError, match="not one of them"):
        C.phon_from_spl(60, freq)
    with pytest.raises(ValueError, match="not one of them"):
        C.hearing_threshold(2023, freq)


@pytest.mark.parametrize("phon", ["40", True, [True], None])
def test_non_numeric_phon(phon):
    with pytest.raises(TypeError, match="phon must be a real number"):
        C.spl_from_phon(phon)


def test_standard_freq_index_finds_every_table_frequency():
    for i, f in enumerate(C.STANDARD_FREQS_HZ):
        assert C.standard_freq_index(f) == i
        assert isinstance(C.standard_freq_index(float(f)), int)
    assert C.standard_freq_index(1000) == 17  # ISO 226 Table 1: 1 kHz is the 18th row
    assert C.standard_freq_index(31.5) == 2


def test_standard_freq_index_of_an_array_is_an_int_array_of_its_shape():
    idx = C.standard_freq_index(np.array([[20, 1000], [12500, 63]]))
    assert idx.dtype.kind == "i"
    np.testing.assert_array_equal(idx, [[0, 17], [28, 5]])
    np.testing.assert_array_equal(C.STANDARD_FREQS_HZ[idx], [[20, 1000], [12500, 63]])


def test_standard_freq_index_of_a_frequency_not_in_the_table_lists_the_table():
    with pytest.raises(ValueError, match=r"\[1001\.0\] Hz is not a standard .* 20, 25, 31\.5"):
        C.standard_freq_index(1001)

"""audiolevels.spectral against librosa's ``amplitude_to_db``, the windowed-sinusoid mathematics,
the scaler's definitions and GANSynth's instantaneous-frequency convention.

Oracles:
- ``librosa.amplitude_to_db`` on the same (window-sum-scaled) STFT, with the same ref/amin/top_db.
  For multichannel input with ``ref="max"`` or ``top_db`` the oracle is fed a 2-D view of all
  channels, whose maximum is global on librosa 0.11 and 1.0 alike (1.0 takes one maximum per
  channel of a 3-D array).
- The DTFT of a Hann-windowed sinusoid, written out in closed form. For the periodic Hann window
  w[j] = ½ − ½cos(2πj/N), W(δ) = Σ_j w[j]·e^{−i2πδj/N} = ½D(δ) − ¼D(δ−1) − ¼D(δ+1), with the
  Dirichlet sum D(δ) = (1 − e^{−i2πδ}) / (1 − e^{−i2πδ/N}) (D(0) = N). A frame starting at
  sample n0 of sin(2πf n/sr) has X(k) = [e^{iφ}W(k − k0) − e^{−iφ}W(k + k0)] / 2i with
  k0 = f·N/sr and φ = 2πf·n0/sr. On a bin centre (k0 an integer) |X(k0)| = W(0)/2 = N/4 =
  sum(w)/2: the module divides by it, so a full-scale bin-centred sine reads 0 dB.
- Instantaneous frequency: a stationary sinusoid advances its phase by 2π·f·hop/sr per frame;
  at 1 kHz, sr 16 kHz, hop 500 that is 2π·31.25 ≡ π/2, i.e. IF = 0.5.
"""

from __future__ import annotations

import librosa
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audiolevels.spectral import (
    DbScaler,
    ScaleStats,
    instantaneous_frequency,
    log_magnitude_db,
    phase_from_instantaneous_frequency,
)

SR = 16000
N_FFT = 2048
HOP = 512


def _sine(freq_hz, sr, duration_s=1.0, amplitude=1.0):
    n = np.arange(round(duration_s * sr))
    return amplitude * np.sin(2 * np.pi * freq_hz * n / sr)


def _test_audio(sr=SR, seconds=1.0, channels=None, seed=0):
    """Tones plus quiet noise, with a silent stretch (some bins fall under any floor)."""
    rng = np.random.default_rng(seed)
    n = round(sr * seconds)
    t = np.arange(n) / sr
    x = 0.5 * np.sin(2 * np.pi * 440 * t) + 0.1 * np.sin(2 * np.pi * 3000 * t)
    x = x + 0.01 * rng.standard_normal(n)
    x[n // 2 : n // 2 + n // 8] = 0.0
    if channels is None:
        return x
    return np.stack([x * 10 ** (-6 * c / 20) for c in range(channels)], axis=1)


def _scaled_stft(x, n_fft=N_FFT, hop=HOP):
    """|librosa.stft| divided by sum(window)/2 — the module's stated convention."""
    w = librosa.filters.get_window("hann", n_fft, fftbins=True)
    y = x.T if x.ndim == 2 else x
    return np.abs(librosa.stft(y, n_fft=n_fft, hop_length=hop)) / (w.sum() / 2)


def _interior(n_frames, n_samples, n_fft=N_FFT, hop=HOP):
    """Frames that see no zero padding: m·hop − N/2 >= 0 and m·hop + N/2 <= samples."""
    m = np.arange(n_frames)
    return m[(m * hop - n_fft // 2 >= 0) & (m * hop + n_fft // 2 <= n_samples)]


def _hann_dtft(delta, n):
    def dirichlet(d):
        return (1 - np.exp(-2j * np.pi * d)) / (1 - np.exp(-2j * np.pi * d / n))

    return 0.5 * dirichlet(delta) - 0.25 * dirichlet(delta - 1) - 0.25 * dirichlet(delta + 1)


# ------------------------------------------------------------------ the mathematics of the scale


def test_hann_window_sum_is_half_its_length_so_a_bin_centred_sine_peaks_at_sum_over_two():
    w = librosa.filters.get_window("hann", N_FFT, fftbins=True)
    assert w.sum() == pytest.approx(N_FFT / 2, rel=1e-12)
    x = _sine(1000, SR)  # 1000 Hz = bin 128 exactly at 16 kHz, n_fft 2048
    mag = np.abs(librosa.stft(x, n_fft=N_FFT, hop_length=HOP))
    frames = _interior(mag.shape[1], x.size)
    np.testing.assert_allclose(mag[128, frames], w.sum() / 2, rtol=1e-9)


def test_full_scale_bin_centred_1_khz_sine_reads_0_db():
    x = _sine(1000, SR)
    s = log_magnitude_db(x, SR)
    frames = _interior(s.shape[1], x.size)
    assert np.abs(s[128, frames]).max() < 1e-9
    assert np.argmax(s[:, frames], axis=0).tolist() == [128] * frames.size
    # librosa's unscaled STFT reads the same sine 20·log10(n_fft/4) = 54.19 dB higher
    raw = librosa.amplitude_to_db(np.abs(librosa.stft(x, n_fft=N_FFT, hop_length=HOP)), top_db=None)
    np.testing.assert_allclose(raw[128, frames] - s[128, frames], 20 * np.log10(N_FFT / 4))
    assert 20 * np.log10(N_FFT / 4) == pytest.approx(54.1854, abs=1e-4)


@pytest.mark.parametrize("sr", [44100, 48000])
def test_1_khz_sine_between_bins_reads_the_closed_form_windowed_dtft(sr):
    x = _sine(1000, sr)
    s = log_magnitude_db(x, sr)
    k0 = 1000 * N_FFT / sr
    bins = np.arange(int(k0) - 3, int(k0) + 5)
    for m in _interior(s.shape[1], x.size)[:5]:
        phi = 2 * np.pi * 1000 * (m * HOP - N_FFT // 2) / sr
        spec = (
            np.exp(1j * phi) * _hann_dtft(bins - k0, N_FFT)
            - np.exp(-1j * phi) * _hann_dtft(bins + k0, N_FFT)
        ) / 2j
        expected = 20 * np.log10(np.abs(spec) / (N_FFT / 4))
        np.testing.assert_allclose(s[bins, m], expected, atol=1e-9)
    # the peak bin reads less than 0 dB (Hann scalloping), never more than 1.42 dB less
    peak = s[:, _interior(s.shape[1], x.size)].max()
    assert -1.43 < peak < 0.0


# ------------------------------------------------------------------ librosa as the oracle


@pytest.mark.parametrize(
    ("ref", "amin", "top_db"),
    [(1.0, 1e-10, None), (1.0, 1e-5, 80.0), (0.25, 1e-10, 60.0), ("max", 1e-10, None),
     ("max", 1e-4, 40.0), (3.0, 1e-3, 0.0)],
)  # fmt: skip
def test_agrees_with_librosa_amplitude_to_db_on_the_same_stft(ref, amin, top_db):
    x = _test_audio()
    ours = log_magnitude_db(x, SR, ref=ref, amin=amin, top_db=top_db)
    theirs = librosa.amplitude_to_db(
        _scaled_stft(x), ref=np.max if ref == "max" else ref, amin=amin, top_db=top_db
    )
    assert ours.shape == theirs.shape == (1 + N_FFT // 2, 1 + x.size // HOP)
    assert np.max(np.abs(ours - theirs)) < 1e-9


@pytest.mark.parametrize(
    ("ref", "top_db"), [(1.0, None), (1.0, 70.0), ("max", None), ("max", 50.0)]
)
def test_stereo_agrees_with_librosa_with_one_reference_for_all_channels(ref, top_db):
    x = _test_audio(channels=2)
    ours = log_magnitude_db(x, SR, ref=ref, top_db=top_db)
    mag = _scaled_stft(x)
    assert ours.shape == mag.shape == (2, 1 + N_FFT // 2, 1 + x.shape[0] // HOP)
    # a 2-D view of both channels: librosa's max is then global on 0.11 and 1.0 alike
    flat = mag.reshape(-1, mag.shape[-1])
    theirs = librosa.amplitude_to_db(
        flat, ref=np.max if ref == "max" else ref, amin=1e-10, top_db=top_db
    ).reshape(mag.shape)
    assert np.max(np.abs(ours - theirs)) < 1e-9


def test_ref_max_keeps_the_balance_between_channels():
    x = _test_audio(channels=2)  # channel 1 is 6 dB below channel 0
    s = log_magnitude_db(x, SR, ref="max")
    assert s[0].max() == pytest.approx(0.0, abs=1e-12)
    assert s[1].max() == pytest.approx(-6.0, abs=1e-9)


def test_each_channel_reads_as_the_same_mono_signal_with_a_fixed_reference():
    x = _test_audio(channels=3)
    s = log_magnitude_db(x, SR)
    for c in range(3):
        np.testing.assert_allclose(s[c], log_magnitude_db(x[:, c], SR), atol=1e-12)
    assert log_magnitude_db(x[:, :1], SR).shape == (1, 1 + N_FFT // 2, 1 + x.shape[0] // HOP)


# ------------------------------------------------------------------ level: fixed vs max reference


@pytest.mark.parametrize("channels", [None, 2])
def test_a_20_db_quieter_clip_reads_exactly_20_db_lower_with_the_fixed_reference(channels):
    x = _test_audio(channels=channels)
    loud = log_magnitude_db(x, SR)
    quiet = log_magnitude_db(x * 0.1, SR)
    above = quiet > 20 * np.log10(1e-10) + 1e-6  # where the quiet clip is above amin
    assert above.mean() > 0.9
    assert np.max(np.abs((loud - quiet)[above] - 20.0)) < 1e-9


def test_with_ref_max_a_20_db_quieter_clip_reads_the_same_the_level_is_erased():
    x = _test_audio()
    loud = log_magnitude_db(x, SR, ref="max")
    quiet = log_magnitude_db(x * 0.1, SR, ref="max")
    assert loud.max() == 0.0 and quiet.max() == 0.0
    above = quiet > 20 * np.log10(1e-10) + 1e-6
    assert np.max(np.abs(loud[above] - quiet[above])) < 1e-9


def test_top_db_raises_everything_to_max_minus_top_db():
    x = _test_audio()
    s = log_magnitude_db(x, SR, top_db=60.0)
    assert s.min() == pytest.approx(s.max() - 60.0, abs=1e-12)
    plain = log_magnitude_db(x, SR)
    kept = plain >= plain.max() - 60.0
    np.testing.assert_array_equal(s[kept], plain[kept])


def test_silence_reads_amin_relative_to_ref_not_nan_and_ref_max_reads_it_as_0_db():
    z = np.zeros(SR)
    s = log_magnitude_db(z, SR)
    assert np.all(s == 20 * np.log10(1e-10)) and s[0, 0] == pytest.approx(-200.0)
    assert np.all(log_magnitude_db(z, SR, amin=1e-5, ref=0.1) == pytest.approx(-80.0))
    # the ref="max" trap: max(amin, 0) is amin, so silence reads 0 dB — as in librosa
    m = log_magnitude_db(z, SR, ref="max")
    assert np.all(m == 0.0)
    assert np.all(librosa.amplitude_to_db(_scaled_stft(z), ref=np.max, amin=1e-10) == 0.0)


def test_int16_is_scaled_and_the_input_is_not_modified():
    x = (_test_audio(channels=2) * 20000).astype(np.int16)
    before = x.copy()
    s = log_magnitude_db(x, SR)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_allclose(s, log_magnitude_db(x / 32768.0, SR), atol=1e-12)


# ------------------------------------------------------------------ DbScaler

floats = st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def scalers(draw, modes=("fixed", "dataset", "per_utterance", "standardize")):
    floor = draw(st.floats(-150.0, 50.0))
    width = draw(st.floats(1.0, 200.0))
    low = draw(st.floats(-200.0, 200.0))
    span = draw(st.floats(1e-3, 400.0))
    mode = draw(st.sampled_from(modes))
    return DbScaler(floor, floor + width, (low, low + span), mode=mode)


def _data_for(scaler, seed, n=400):
    """dB values from 30 dB below the floor to 20 dB above the ceiling, and a -inf."""
    rng = np.random.default_rng(seed)
    v = rng.uniform(scaler.floor_db - 30, scaler.ceiling_db + 20, size=(4, n // 4))
    v[0, 0] = -np.inf
    return v


def _fitted(scaler, data):
    if scaler.mode in ("dataset", "standardize"):
        scaler.fit([data[:2], data[2:, :50]])  # clips of different lengths
    return scaler


@settings(max_examples=60, deadline=None)
@given(scaler=scalers(), seed=st.integers(0, 2**32 - 1))
def test_inverse_transform_undoes_transform_above_the_floor(scaler, seed):
    data = _data_for(scaler, seed)
    _fitted(scaler, data)
    y = scaler.transform(data)
    stats = scaler.last_stats
    kw = {"ceiling_db": stats.ceiling_db} if scaler.mode == "per_utterance" else {}
    back = scaler.inverse_transform(y, **kw)
    inside = (data >= stats.floor_db) & (data <= stats.ceiling_db)
    assert inside.sum() > 0
    np.testing.assert_allclose(back[inside], data[inside], rtol=0, atol=1e-6)
    # and what was clipped comes back at the window's edges
    np.testing.assert_allclose(back[data < stats.floor_db], stats.floor_db, atol=1e-6)
    np.testing.assert_allclose(back[data > stats.ceiling_db], stats.ceiling_db, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(scaler=scalers(modes=("fixed", "dataset", "per_utterance")), seed=st.integers(0, 2**32 - 1))
def test_values_land_in_the_declared_range_with_floor_and_ceiling_at_its_ends(scaler, seed):
    data = _data_for(scaler, seed)
    _fitted(scaler, data)
    y = scaler.transform(data)
    low, high = scaler.out_range
    assert np.all(np.isfinite(y)) and y.min() >= low and y.max() <= high
    stats = scaler.last_stats
    assert np.all(y[data <= stats.floor_db] == low)
    assert np.all(y[data >= stats.ceiling_db] == high)


@settings(max_examples=40, deadline=None)
@given(scaler=scalers(modes=("fixed", "dataset")), seed=st.integers(0, 2**32 - 1))
def test_transform_undoes_inverse_transform_inside_the_range(scaler, seed):
    _fitted(scaler, _data_for(scaler, seed))
    low, high = scaler.out_range
    y = np.random.default_rng(seed).uniform(low, high, size=300)
    back = scaler.transform(scaler.inverse_transform(y))
    np.testing.assert_allclose(back, y, rtol=0, atol=1e-9 * max(1.0, high - low, abs(low)))


def test_fixed_mode_maps_the_blogs_ranges_linearly():
    s = np.array([-80.0, -60.0, -40.0, -20.0, 0.0])
    np.testing.assert_allclose(DbScaler().transform(s), [-1.0, -0.5, 0.0, 0.5, 1.0])
    np.testing.assert_allclose(DbScaler(out_range=(0, 80)).transform(s), [0, 20, 40, 60, 80])
    np.testing.assert_allclose(DbScaler(-120, 0, (0, 120)).transform(s), [40, 60, 80, 100, 120])
    np.testing.assert_allclose(DbScaler(-120, 0, (-120, 0)).transform(s), s)


def test_clipping_at_the_floor_and_ceiling_is_counted_and_reported():
    s = np.concatenate([
        np.full(7, -100.0), [-np.inf, -np.inf],  # 9 below the floor
        [-80.0, 0.0],  # exactly on the edges: not clipped
        np.linspace(-79, -1, 86),
        np.full(3, 5.0),  # 3 above the ceiling
    ])  # fmt: skip
    scaler = DbScaler()
    assert scaler.last_stats is None
    y = scaler.transform(s)
    assert scaler.last_stats == ScaleStats(
        floor_db=-80.0, ceiling_db=0.0, n_values=100, n_below_floor=9, n_above_ceiling=3
    )
    assert scaler.last_stats.n_clipped == 12 and scaler.last_stats.fraction_clipped == 0.12
    assert np.count_nonzero(y == -1.0) == 10 and np.count_nonzero(y == 1.0) == 4
    scaler.transform(np.zeros(5) - 40.0)  # the report is of the last transform
    assert scaler.last_stats.n_clipped == 0 and scaler.last_stats.n_values == 5


def test_a_silent_input_gives_the_floor_not_nan():
    silence = log_magnitude_db(np.zeros(SR), SR)
    for out_range in [(-1.0, 1.0), (0.0, 80.0), (-120.0, 0.0)]:
        scaler = DbScaler(out_range=out_range)
        y = scaler.transform(silence)
        assert np.all(y == out_range[0])
        assert scaler.last_stats.n_below_floor == silence.size
    y = DbScaler().transform(np.full((3, 4), -np.inf))  # -inf dB (log of 0) as well
    assert np.all(y == -1.0)
    std = DbScaler(mode="standardize").fit(log_magnitude_db(_test_audio(), SR))
    z = std.transform(silence)
    assert np.all(np.isfinite(z)) and np.all(z == z.flat[0])
    assert std.inverse_transform(z) == pytest.approx(np.full(silence.shape, -80.0))


def test_dataset_mode_takes_one_window_from_the_data_and_keeps_level_differences():
    x = _test_audio()
    loud = log_magnitude_db(x, SR)
    quiet = log_magnitude_db(x * 0.1, SR)
    scaler = DbScaler(-80.0, 0.0, (-1.0, 1.0), mode="dataset").fit([loud, quiet])
    assert scaler.ceiling_db_ == loud.max() and scaler.floor_db_ == loud.max() - 80.0
    yl, yq = scaler.transform(loud), scaler.transform(quiet)
    assert yl.max() == 1.0
    # 20 dB of the 80 dB window is a quarter of the width 2: 0.5 apart
    both = (loud > scaler.floor_db_ + 20) & (quiet > scaler.floor_db_)
    assert both.sum() > 1000
    np.testing.assert_allclose((yl - yq)[both], 0.5, atol=1e-9)


def test_per_utterance_mode_erases_the_level_and_inverse_needs_it_back():
    x = _test_audio()
    loud = log_magnitude_db(x, SR)
    quiet = log_magnitude_db(x * 0.1, SR)
    scaler = DbScaler(mode="per_utterance")
    yl = scaler.transform(loud)
    ceiling_loud = scaler.last_stats.ceiling_db
    yq = scaler.transform(quiet)
    assert scaler.last_stats.ceiling_db == pytest.approx(ceiling_loud - 20.0, abs=1e-9)
    assert yl.max() == yq.max() == 1.0
    np.testing.assert_allclose(yl, yq, atol=1e-9)  # indistinguishable
    with pytest.raises(ValueError, match="ceiling_db"):
        scaler.inverse_transform(yq)
    back = scaler.inverse_transform(yq, ceiling_db=scaler.last_stats.ceiling_db)
    inside = quiet >= scaler.last_stats.floor_db
    np.testing.assert_allclose(back[inside], quiet[inside], atol=1e-6)


def test_standardize_mode_gives_zero_mean_unit_std_on_the_fitted_data():
    s = log_magnitude_db(_test_audio(), SR)
    scaler = DbScaler(-100.0, 0.0, mode="standardize").fit(s)
    clipped = np.clip(s, -100.0, 0.0)
    assert scaler.mean_db_ == pytest.approx(clipped.mean()) and scaler.std_db_ > 0
    z = scaler.transform(s)
    assert z.mean() == pytest.approx(0.0, abs=1e-9) and z.std() == pytest.approx(1.0, abs=1e-9)


def test_transform_does_not_modify_its_input():
    s = np.linspace(-120, 20, 50)
    before = s.copy()
    scaler = DbScaler()
    y = scaler.transform(s)
    scaler.inverse_transform(y)
    np.testing.assert_array_equal(s, before)


# ------------------------------------------------------------------ instantaneous frequency

phases = st.integers(0, 2**32 - 1).map(
    lambda seed: np.random.default_rng(seed).uniform(-np.pi, np.pi, size=(5, 40))
)


@settings(max_examples=50, deadline=None)
@given(phase=phases)
def test_phase_to_if_to_phase_round_trips_up_to_multiples_of_2_pi(phase):
    back = phase_from_instantaneous_frequency(instantaneous_frequency(phase))
    # the unwrapped phase, exactly; the original phase modulo 2π
    np.testing.assert_allclose(back, np.unwrap(phase, axis=-1), atol=1e-9)
    turns = (back - phase) / (2 * np.pi)
    np.testing.assert_allclose(turns, np.round(turns), atol=1e-9)
    wrapped = phase_from_instantaneous_frequency(instantaneous_frequency(phase), wrap=True)
    assert np.all(np.abs(np.exp(1j * wrapped) - np.exp(1j * phase)) < 1e-9)
    assert wrapped.min() > -np.pi - 1e-12 and wrapped.max() <= np.pi


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), scale=st.floats(0.1, 100.0))
def test_instantaneous_frequency_lies_in_minus_one_to_one(seed, scale):
    phase = np.random.default_rng(seed).normal(scale=scale, size=(3, 30))  # not only [−π, π]
    f = instantaneous_frequency(phase)
    assert f.min() >= -1.0 and f.max() <= 1.0


def test_first_frame_is_the_phase_over_pi_and_the_rest_the_unwrapped_step():
    phase = np.array([[0.5, 3.0, -3.0, -2.0], [-np.pi, 0.0, np.pi / 2, np.pi]])
    f = instantaneous_frequency(phase)
    np.testing.assert_allclose(f[:, 0], phase[:, 0] / np.pi)
    # 3.0 → −3.0 is a step of 2π − 6 after unwrapping, not −6
    np.testing.assert_allclose(f[0, 1:], [2.5 / np.pi, (2 * np.pi - 6.0) / np.pi, 1.0 / np.pi])
    np.testing.assert_allclose(f[1, 1:], [1.0, 0.5, 0.5])
    # a first-frame phase outside [−π, π] is wrapped into it
    assert instantaneous_frequency(np.array([2 * np.pi + 1.0, 0.0]))[0] == pytest.approx(1 / np.pi)


def test_a_stationary_sine_has_the_instantaneous_frequency_of_its_phase_advance():
    x = _sine(1000, SR)  # bin 128 of 2048 at 16 kHz
    for hop, expected in [(500, 0.5), (512, 0.0), (400, 0.0), (300, -0.5)]:
        # advance per hop 2π·1000·hop/16000: 31.25, 32, 25 and 18.75 turns
        phase = np.angle(librosa.stft(x, n_fft=N_FFT, hop_length=hop))
        f = instantaneous_frequency(phase)
        frames = _interior(phase.shape[1], x.size, hop=hop)
        frames = frames[1:]  # IF[m] needs frames m − 1 and m both free of padding
        np.testing.assert_allclose(f[128, frames], expected, atol=1e-9)


def test_the_time_axis_can_be_chosen():
    phase = np.random.default_rng(3).uniform(-np.pi, np.pi, size=(6, 20))
    np.testing.assert_allclose(
        instantaneous_frequency(phase.T, axis=0), instantaneous_frequency(phase).T
    )
    f = instantaneous_frequency(phase.T, axis=0)
    np.testing.assert_allclose(
        phase_from_instantaneous_frequency(f, axis=0), np.unwrap(phase, axis=-1).T, atol=1e-9
    )
    before = phase.copy()
    phase_from_instantaneous_frequency(instantaneous_frequency(phase))
    np.testing.assert_array_equal(phase, before)


# ------------------------------------------------------------------ bad input

X = _test_audio(seconds=0.25)


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"n_fft": 0}, ValueError, "n_fft"),
        ({"n_fft": -512}, ValueError, "n_fft"),
        ({"n_fft": 1}, ValueError, "n_fft"),
        ({"n_fft": 1024.0}, TypeError, "n_fft"),
        ({"hop_length": 0}, ValueError, "hop_length"),
        ({"hop_length": 4096}, ValueError, "hop_length must be <= n_fft"),
        ({"ref": 0.0}, ValueError, "ref"),
        ({"ref": -1.0}, ValueError, "ref"),
        ({"ref": "min"}, ValueError, "ref"),
        ({"ref": np.max}, TypeError, "ref"),
        ({"ref": float("nan")}, ValueError, "ref"),
        ({"amin": 0.0}, ValueError, "amin"),
        ({"top_db": -1.0}, ValueError, "top_db"),
        ({"top_db": "80"}, TypeError, "top_db"),
    ],
)
def test_bad_stft_options_raise_naming_the_argument(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        log_magnitude_db(X, SR, **kwargs)


def test_bad_audio_raises_clearly():
    bad = X.copy()
    bad[10] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        log_magnitude_db(bad, SR)
    with pytest.raises(ValueError, match=r"x\.T"):
        log_magnitude_db(_test_audio(channels=2).T, SR)  # librosa's (channels, samples)
    with pytest.raises(ValueError, match="shape"):
        log_magnitude_db(np.zeros((2, 2, 100)), SR)
    with pytest.raises(ValueError, match="empty"):
        log_magnitude_db(np.zeros(0), SR)
    with pytest.raises(TypeError):
        log_magnitude_db(X.astype(complex), SR)
    with pytest.raises(ValueError, match="sr"):
        log_magnitude_db(X, 0)


@pytest.mark.parametrize(
    ("args", "kwargs", "exc", "match"),
    [
        ((-80.0, -80.0), {}, ValueError, "floor_db must be below ceiling_db"),
        ((0.0, -80.0), {}, ValueError, "floor_db must be below ceiling_db"),
        ((-80.0, 0.0, (1.0, -1.0)), {}, ValueError, "low < high"),
        ((-80.0, 0.0, (0.0, 0.0)), {}, ValueError, "low < high"),
        ((-80.0, 0.0, (0.0, 1.0, 2.0)), {}, ValueError, "pair"),
        ((-80.0, 0.0, 1.0), {}, TypeError, "pair"),
        ((-80.0, 0.0, (0.0, np.inf)), {}, ValueError, "out_range"),
        ((float("nan"), 0.0), {}, ValueError, "floor_db"),
        ((), {"mode": "per_clip"}, ValueError, "mode must be one of"),
    ],
)
def test_bad_scaler_settings_raise_naming_the_argument(args, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        DbScaler(*args, **kwargs)


def test_scaler_misuse_raises_clearly():
    s = np.linspace(-100, 0, 30)
    for mode in ("dataset", "standardize"):
        with pytest.raises(ValueError, match="fit"):
            DbScaler(mode=mode).transform(s)
        with pytest.raises(ValueError, match="fit"):
            DbScaler(mode=mode).inverse_transform(np.zeros(3))
    for mode in ("fixed", "per_utterance"):
        with pytest.raises(ValueError, match="fit"):
            DbScaler(mode=mode).fit(s)
    with pytest.raises(ValueError, match="NaN"):
        DbScaler().transform(np.array([0.0, np.nan]))
    with pytest.raises(ValueError, match=r"\+Inf"):
        DbScaler().transform(np.array([0.0, np.inf]))
    with pytest.raises(ValueError, match="empty"):
        DbScaler(mode="dataset").fit([])
    with pytest.raises(ValueError, match="silence"):
        DbScaler(mode="dataset").fit([np.full(4, -np.inf)])
    with pytest.raises(ValueError, match="silence"):
        DbScaler(mode="per_utterance").transform(np.full(4, -np.inf))
    with pytest.raises(ValueError, match="std is 0"):
        DbScaler(mode="standardize").fit(np.full(10, -20.0))
    with pytest.raises(ValueError, match="only for mode='per_utterance'"):
        DbScaler().inverse_transform(np.zeros(3), ceiling_db=0.0)
    with pytest.raises(ValueError, match="NaN"):
        DbScaler().inverse_transform(np.array([np.nan]))


def test_bad_phase_raises_clearly():
    with pytest.raises(ValueError, match="NaN"):
        instantaneous_frequency(np.array([0.0, np.nan]))
    with pytest.raises(ValueError, match="axis"):
        instantaneous_frequency(np.zeros((2, 3)), axis=2)
    with pytest.raises(TypeError, match="axis"):
        instantaneous_frequency(np.zeros((2, 3)), axis=1.0)
    with pytest.raises(ValueError, match="non-empty"):
        instantaneous_frequency(np.float64(1.0))
    with pytest.raises(TypeError, match="real"):
        phase_from_instantaneous_frequency(np.zeros(3, dtype=complex))
    with pytest.raises(TypeError, match="wrap"):
        phase_from_instantaneous_frequency(np.zeros(3), wrap=1)

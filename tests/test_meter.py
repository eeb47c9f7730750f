"""audiolevels.loudness.LoudnessMeter, the streaming meter, against the whole-array functions.

The whole-array functions are tested against BS.1770, EBU Tech 3341/3342, pyloudnorm and
libebur128 in test_loudness.py; here the claim is that feeding the same samples in blocks of
any size gives the same numbers (integrated, LRA, max momentary and short-term to 1e-9 LU,
true peak to 1e-6 dB), on the bundled clips and on Tech 3341/3342 signals, and that the
meter's state stays bounded.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.signal import resample_poly, sosfilt

from audiolevels import loudness as L
from audiolevels.data import load_clip
from audiolevels.normalize import peak_dbfs


def tone(parts, sr, *, channels=2, freq_hz=1000.0):
    """Tech 3341/3342 signal: 1 kHz sine, [(level dBFS, seconds), ...], same on every channel."""
    g = np.concatenate([np.full(round(d * sr), 10.0 ** (db / 20.0)) for db, d in parts])
    x = np.sin(2 * np.pi * freq_hz * np.arange(g.size) / sr) * g
    return np.repeat(x[:, None], channels, axis=1) if channels > 1 else x


def whole(x, sr, weights=None):
    kw = {} if weights is None else {"channel_weights": weights}
    m = L.momentary_loudness(x, sr, **kw)
    s = L.short_term_loudness(x, sr, **kw)
    return {
        "integrated_lufs": L.integrated_loudness(x, sr, **kw),
        "loudness_range_lu": L.loudness_range(x, sr, **kw),
        "max_momentary_lufs": float(m.max()) if m.size else -np.inf,
        "max_short_term_lufs": float(s.max()) if s.size else -np.inf,
        "true_peak_dbtp": L.true_peak_dbtp(x, sr),
        "sample_peak_dbfs": peak_dbfs(x),
    }


TOL = {
    "integrated_lufs": 1e-9,
    "loudness_range_lu": 1e-9,
    "max_momentary_lufs": 1e-9,
    "max_short_term_lufs": 1e-9,
    "true_peak_dbtp": 1e-6,
    "sample_peak_dbfs": 1e-12,
}


def streamed(x, sr, sizes, weights=None):
    ch = 1 if x.ndim == 1 else x.shape[1]
    meter = L.LoudnessMeter(sr, ch, channel_weights=weights)
    i, k = 0, 0
    while i < x.shape[0]:
        n = sizes[k % len(sizes)]
        meter.add(x[i : i + n])
        i, k = i + n, k + 1
    return meter


def assert_same(meter, expected):
    for key, want in expected.items():
        got = getattr(meter, key)
        if np.isinf(want):
            assert got == want, key
        else:
            assert abs(got - want) <= TOL[key], (key, got, want)


def random_sizes(sr, seed):
    """Block sizes that split 100 ms hops anywhere: 1 sample, hop ± 1, odd and large sizes."""
    hop = round(sr / 10)
    rng = np.random.default_rng(seed)
    pool = [1, 2, 3, hop - 1, hop + 1, 4 * hop - 1, 30 * hop + 7, 65_537, 100_003]
    return [
        int(rng.choice(pool)) if rng.random() < 0.5 else int(rng.integers(1, 20_000))
        for _ in range(400)
    ]


@pytest.mark.parametrize("name", ["music", "music_mastered", "speech_en", "speech_ko"])
def test_random_block_sizes_give_the_whole_array_numbers_on_the_bundled_clips(name):
    x, sr = load_clip(name)
    meter = streamed(x, sr, random_sizes(sr, seed=len(name)))
    assert meter.frames == x.shape[0]
    assert_same(meter, whole(x, sr))


def fed(x, sr, sizes):
    """A meter fed blocks of the given sizes in order, then the rest in one block."""
    meter = L.LoudnessMeter(sr, 1 if x.ndim == 1 else x.shape[1])
    i = 0
    for n in sizes:
        meter.add(x[i : i + n])
        i += n
    meter.add(x[i:])
    return meter


def test_one_sample_blocks_give_the_whole_array_numbers():
    x, sr = load_clip("music_mastered")
    x = x[: int(3.3 * sr)]  # 3.3 s: short-term and LRA have values
    # 7000 single samples (crossing 100 ms hops), blocks across a true-peak segment edge,
    # 1-sample blocks again there, then the rest.
    sizes = [1] * 7000 + [65_536 - 7000 - 3] + [1] * 70 + [4409]
    assert_same(fed(x, sr, sizes), whole(x, sr))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sizes=st.lists(st.integers(0, 30_000), min_size=1, max_size=30))
def test_any_block_sizes_give_the_same_numbers(sizes):
    x, sr = load_clip("speech_en")
    x = x[: int(3.5 * sr)]
    assert_same(fed(x, sr, sizes), whole(x, sr))


TECH3341 = {  # case: (parts, integrated LUFS ± 0.1)
    1: ([(-23.0, 20.0)], -23.0),
    3: ([(-36.0, 10.0), (-23.0, 60.0), (-36.0, 10.0)], -23.0),
    5: ([(-26.0, 20.0), (-20.0, 20.1), (-26.0, 20.0)], -23.0),
}


@pytest.mark.parametrize("case", sorted(TECH3341))
def test_ebu_tech_3341_cases_read_minus_23_in_blocks_as_on_the_whole_signal(case):
    parts, lufs = TECH3341[case]
    sr = 48000
    x = tone(parts, sr)
    meter = streamed(x, sr, random_sizes(sr, seed=case))
    assert abs(meter.integrated_lufs - lufs) <= 0.1  # EBU Tech 3341 tolerance
    assert_same(meter, whole(x, sr))


def test_ebu_tech_3342_case_1_lra_10_in_blocks():
    sr = 44100
    x = tone([(-20.0, 20.0), (-30.0, 20.0)], sr)
    meter = streamed(x, sr, random_sizes(sr, seed=3342))
    assert abs(meter.loudness_range_lu - 10.0) <= 1.0  # Tech 3342 case 1: 10 ± 1 LU
    assert_same(meter, whole(x, sr))


@pytest.mark.parametrize("sr", [44100, 48000, 96000, 192000])
def test_tech_3341_case_19_true_peak_in_blocks(sr):
    # Sine at sr/4, amplitude 1.41, phase 45°: samples at ±0.997, true peak +3.0 dBTP.
    n = np.arange(sr)
    x = 1.41 * np.sin(2 * np.pi * n / 4 + np.pi / 4)
    x = np.stack([x, 0.5 * x], axis=1)
    meter = streamed(x, sr, random_sizes(sr, seed=19))
    assert_same(meter, whole(x, sr))
    if sr == 48000:
        assert 2.6 <= meter.true_peak_dbtp <= 3.2  # Tech 3341 case 19: +3.0, +0.2/−0.4 dB


def test_five_and_six_channel_weights_stream_like_the_whole_array():
    sr = 48000
    rng = np.random.default_rng(6)
    x = rng.standard_normal((5 * sr, 6)) * np.array([0.1, 0.1, 0.05, 0.3, 0.02, 0.02])
    w = (1.0, 1.0, 1.0, 0.0, 1.41, 1.41)
    assert_same(streamed(x, sr, random_sizes(sr, 6), weights=w), whole(x, sr, w))
    assert_same(streamed(x[:, :5], sr, [4799]), whole(x[:, :5], sr))


def test_int16_blocks_are_scaled_like_the_whole_array():
    sr = 48000
    x = (np.random.default_rng(1).standard_normal((3 * sr, 2)) * 3000).astype(np.int16)
    assert_same(streamed(x, sr, [1234, 1, 4800]), whole(x, sr))


def test_silence_short_input_and_no_input_read_as_the_standard_says():
    sr = 48000
    empty = L.LoudnessMeter(sr, 2)
    empty.add(np.zeros((0, 2)))
    for m in (empty, streamed(np.zeros((sr, 2)), sr, [999])):
        assert m.integrated_lufs == -np.inf and m.true_peak_dbtp == -np.inf
        assert m.sample_peak_dbfs == -np.inf and m.loudness_range_lu == 0.0
        assert m.max_momentary_lufs == -np.inf and m.max_short_term_lufs == -np.inf
    short = streamed(0.5 * np.ones((int(0.39 * sr), 1)), sr, [100])  # < one 400 ms block
    assert short.integrated_lufs == -np.inf and short.max_momentary_lufs == -np.inf
    assert short.sample_peak_dbfs == pytest.approx(20 * np.log10(0.5))


def test_state_is_bounded_by_the_hops_not_the_samples():
    sr = 48000
    meter = L.LoudnessMeter(sr, 2)
    block = np.random.default_rng(0).standard_normal((sr, 2)) * 0.01
    for _ in range(30):
        meter.add(block)
        assert meter._pos < sr // 10  # at most one partial hop, kept as its sum of squares
        assert meter._tp_fill < L._TP_BACK + L._TP_SEGMENT + L._TP_AHEAD
        assert meter._tp_buf.shape[1] <= L._TP_SEGMENT + 2 * sr  # the context and one block
    assert meter._n_hops == 300 and meter._hops.shape[0] <= 2048


def test_blocks_are_not_modified():
    x = np.linspace(-0.5, 0.5, 9600).reshape(-1, 2)
    before = x.copy()
    L.LoudnessMeter(48000, 2).add(x)
    np.testing.assert_array_equal(x, before)


def test_a_block_with_the_wrong_channel_count_raises_and_names_the_transpose():
    meter = L.LoudnessMeter(48000, 2)
    with pytest.raises(ValueError, match=r"shape \(samples, 2\).*got shape \(4800, 3\)"):
        meter.add(np.zeros((4800, 3)))
    with pytest.raises(ValueError, match=r"pass block\.T"):
        meter.add(np.zeros((2, 4800)))
    with pytest.raises(ValueError, match=r"shape \(samples, 2\)"):
        meter.add(np.zeros(4800))  # 1-D is for a one-channel meter only
    mono = L.LoudnessMeter(48000, 1)
    with pytest.raises(ValueError, match=r"pass block\.T"):
        mono.add(np.zeros((1, 4800)))


@pytest.mark.parametrize(
    ("args", "kwargs", "exc", "match"),
    [
        ((48000, 0), {}, ValueError, "channels must be ≥ 1"),
        ((48000, 2.0), {}, TypeError, "channels must be an integer"),
        ((0, 2), {}, ValueError, "sr"),
        ((float("nan"), 2), {}, ValueError, "sr"),
        ((48000, 6), {}, ValueError, "channel_weights"),
        ((48000, 2), {"channel_weights": [1.0]}, ValueError, "one weight per channel"),
    ],
)
def test_bad_constructor_arguments_raise_clearly(args, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        L.LoudnessMeter(*args, **kwargs)


def test_bad_blocks_raise_clearly():
    meter = L.LoudnessMeter(48000, 1)
    with pytest.raises(ValueError, match="NaN or Inf"):
        meter.add(np.array([0.0, np.nan]))
    with pytest.raises(TypeError, match="real float or integer"):
        meter.add(np.array(["a", "b"]))
    with pytest.raises(ValueError, match=r"shape \(samples, 1\)"):
        meter.add(np.zeros((10, 1, 1)))


# ---- the compiled inner loops against the library functions they stand for --------------


@pytest.mark.parametrize("sr", [44100, 48000, 96000])
def test_the_polyphase_branches_are_resample_polys_impulse_response(sr):
    factor = int(np.ceil(192000 / sr - 1e-9))
    phases, _ = L._tp_phases(factor)
    n, at = 64, 30
    impulse = np.zeros(n)
    impulse[at] = 1.0
    up = resample_poly(impulse, factor, 1).reshape(n, factor)  # up[j, r]: output j·f + r
    # Output (j, r) weighs input j − back + t with phases[r, t]: the impulse at `at` gives
    # phases[r, at − j + back] for every j whose support holds it, 0 elsewhere.
    want = np.zeros_like(up)
    for j in range(n):
        t = at - j + L._TP_BACK
        if 0 <= t < phases.shape[1]:
            want[j] = phases[:, t]
    # The meter writes firwin's formula out with numpy (np.kaiser, np.sinc): the same taps
    # up to the last bits.
    np.testing.assert_allclose(up, want, rtol=0, atol=1e-15)


@pytest.mark.parametrize("factor", [2, 3, 4, 5])
def test_the_meters_interpolation_filter_is_firwins_kaiser_sinc(factor):
    from scipy.signal import firwin

    h_pad, skip, _ = L._tp_filter(factor)
    want = firwin(20 * factor + 1, 1.0 / factor, window=("kaiser", 5.0)) * factor
    assert h_pad[0] == 0.0 and skip == 10 * factor + 1
    np.testing.assert_allclose(h_pad[1:], want, rtol=0, atol=2 * np.finfo(float).eps)  # 2 ulps of 1


def test_the_skip_bound_is_the_largest_branch_gain_and_is_reached():
    # |y| ≤ Σ_t |h_r[t]|·max|x| over the support, with equality for x = sign(h_r): the bound
    # that lets the meter skip stretches is exact and cannot be lowered.
    factor = 5
    phases, gain = L._tp_phases(factor)
    r = int(np.argmax(np.abs(phases).sum(axis=1)))
    x = np.zeros(200)
    j = 100
    x[j - L._TP_BACK : j - L._TP_BACK + phases.shape[1]] = np.sign(phases[r])
    up = resample_poly(x, factor, 1)
    assert up[j * factor + r] == pytest.approx(gain, rel=1e-12)
    assert np.max(np.abs(up)) <= gain * (1 + 1e-9)
    rng = np.random.default_rng(5)
    y = rng.uniform(-1, 1, 50_000)
    assert np.max(np.abs(resample_poly(y, factor, 1))) <= gain * np.max(np.abs(y))


@pytest.mark.parametrize("sr", [44100, 48000])
def test_a_true_peak_between_samples_in_a_quiet_looking_stretch_is_found(sr):
    # A steady 100 Hz sine at 0.5 sets the sample peak; far from it, 300 samples of a sine at
    # sr/4 (phase 45°, amplitude 0.6) have samples of only ±0.42 but peak at 0.6 between them.
    # Stretches are skipped only when they cannot exceed the running maximum: this one must be
    # measured, and the streamed reading is the whole-array one.
    n = np.arange(6 * sr)
    x = 0.5 * np.sin(2 * np.pi * 100 * n / sr)
    burst = slice(4 * sr + 123, 4 * sr + 423)
    x[burst] = 0.6 * np.sin(2 * np.pi * n[burst] / 4 + np.pi / 4)
    x = np.stack([x, 0.3 * x], axis=1)
    assert np.max(np.abs(x[burst])) < 0.43
    want = L.true_peak_dbtp(x, sr)
    assert want > 20 * np.log10(0.59)  # the maximum is in the burst, between samples
    for sizes in ([65_536], [4410, 1, 17], random_sizes(sr, seed=sr)):
        got = streamed(x, sr, sizes).true_peak_dbtp
        assert abs(got - want) <= 1e-6


def test_the_compiled_k_filter_is_sosfilt_to_the_last_bit():
    K = L._kernels()

    sr, hop = 44100, 4410
    x = np.random.default_rng(7).standard_normal((50_000, 2)) * 0.3
    sos = L.k_weighting_sos(sr)
    y, zf = sosfilt(sos, x, axis=0, zi=np.zeros((2, 2, 2)))
    zi, acc, hops = np.zeros((2, 2, 2)), np.zeros(2), np.zeros(20)
    pos, n_hops = K.k_block(x, 1.0, sos, zi, np.array([1.0, 2.0]), hop, acc, 0, hops, 0)
    np.testing.assert_array_equal(zi, zf.transpose(2, 0, 1))  # the same recursion, bit for bit
    y3 = y[: n_hops * hop].reshape(n_hops, hop, 2)
    np.testing.assert_allclose(hops[:n_hops], (y3**2).sum(axis=1) @ [1.0, 2.0], rtol=1e-13)
    np.testing.assert_allclose(acc, (y[n_hops * hop :] ** 2).sum(axis=0), rtol=1e-13)
    assert (pos, n_hops) == (50_000 % hop, 50_000 // hop)
    peak, clipped = K.float_pass(x, np.empty((2, 0)), 0, 0.9, np.zeros((2, 4)))
    assert peak == np.max(np.abs(x)) and clipped == np.count_nonzero(np.abs(x) >= 0.9)


@pytest.mark.parametrize("ch, with_tp", [(1, True), (2, True), (2, False), (3, True)])
def test_the_pcm_kernels_are_sosfilt_and_numpy_on_the_scaled_samples(ch, with_tp):
    # 16-bit PCM in blocks of 1, 2, 7 774 and 22 224 frames (state carried; channels go in
    # pairs and an odd one alone, in stretches of 2 048 frames): the rewritten recursion
    # gives sosfilt's K-weighted energies to rounding, and the channel sums, the int16 copy
    # for the true peak, the float32 values, the peak, the clip count and Σq² exactly.
    K = L._kernels()
    sr, hop, scale = 48000, 4800, 2.0**-15
    x = np.random.default_rng(8).integers(-32768, 32768, (30_001, ch)).astype(np.int16)
    x[5, ch - 1] = -32768
    weights = np.arange(1.0, ch + 1)
    sos = L.k_weighting_sos(sr)
    xf = x * scale
    y, zf = sosfilt(sos, xf, axis=0, zi=np.zeros((2, 2, ch)))
    coef = L._pcm_coefficients(sos, scale)
    hist, acc, hops = np.zeros((ch, 6)), np.zeros(ch), np.zeros(20)
    tp = np.zeros((ch, 30_001 if with_tp else 0), np.int16)
    out32 = np.empty(x.shape, np.float32)
    isums = np.empty((ch, 2), np.int64)
    pos, n_hops, tot = 0, 0, np.zeros((ch, 2), np.int64)
    for lo, hi in [(0, 1), (1, 3), (3, 7_777), (7_777, 30_001)]:
        pos, n_hops = K.pcm_block(
            x[lo:hi], 0, scale, coef, hist, weights, hop, acc, pos, hops, n_hops,
            tp, lo, out32[lo:hi], isums,
        )  # fmt: skip
        tot += isums
    y3 = y[: n_hops * hop].reshape(n_hops, hop, ch)
    np.testing.assert_allclose(hops[:n_hops], (y3**2).sum(axis=1) @ weights, rtol=1e-12)
    np.testing.assert_allclose(acc, (y[n_hops * hop :] ** 2).sum(axis=0), rtol=1e-12)
    # the carried state: the last two inputs, shelf outputs and outputs (the outputs divided
    # by g = b0·scale), which give sosfilt's direct form II transposed state
    g = sos[0, 0] * scale
    xs1, xs2, y1, y2, w1, w2 = (hist * [scale, scale, g, g, g, g]).T
    b0, b1, b2, _, a1, a2 = sos[0]
    _, _, _, _, c1, c2 = sos[1]
    zi = np.stack(
        [
            [b1 * xs1 + b2 * xs2 - a1 * y1 - a2 * y2, b2 * xs1 - a2 * y1],
            [-2 * y1 + y2 - c1 * w1 - c2 * w2, y1 - c2 * w1],
        ]
    )  # (biquad, 2, channel)
    np.testing.assert_allclose(zi, zf, rtol=1e-9, atol=1e-15)
    np.testing.assert_array_equal(hist[:, :2], x[-1:-3:-1].T)
    assert (pos, n_hops) == (30_001 % hop, 30_001 // hop)
    if with_tp:
        np.testing.assert_array_equal(tp, x.T)
    q = x.astype(np.int64)
    np.testing.assert_array_equal(tot[:, 0], q.sum(axis=0))
    np.testing.assert_array_equal(tot[:, 1], (q * q).sum(axis=0))
    np.testing.assert_array_equal(out32, xf.astype(np.float32))
    imax, clipped, lost = K.pcm_stats(x.reshape(-1), 0, 32767)
    assert (imax, lost) == (32768, 0)
    assert clipped == np.count_nonzero(np.abs(q) >= 32767)
    assert K.pcm16_stats(x.reshape(-1), 32767) == (32768, clipped)
    assert K.pcm16_stats(x.reshape(-1), 1 << 16) == (32768, 0)
    assert K.pcm16_stats(np.array([3, -7, 5], np.int16), 5) == (7, 2)
    x24 = q.astype(np.int32) << 8
    x24[7, 0] |= 0x40  # a low bit set: not a 24-bit sample
    imax, _, lost = K.pcm_stats(x24.reshape(-1), 8, 1 << 40)
    assert imax == 32768 << 8 and lost == 0x40


def test_24_bit_sums_of_squares_are_exact_at_full_scale():
    # Σq² of 24-bit samples (q² ≤ 2⁴⁶) summed per channel in int64, 2¹⁶ frames per kernel
    # call: 200 000 frames of −2²³ on two channels (2⁶³·3 in all) are still exact.
    meter = L.LoudnessMeter(48000, 2)
    x = np.full((200_000, 2), -(1 << 31), np.int32)  # −2²³ << 8, as soundfile reads it
    meter._feed_pcm(x, 24)
    s1, s2 = meter._channel_sums()
    assert s1.tolist() == [-200_000.0, -200_000.0]
    assert s2 == 400_000.0
    assert meter.sample_peak_dbfs == 0.0


def test_pcm_blocks_give_the_numbers_of_their_float_values():
    # The audit feeds 16- and 24-bit PCM as integers (int32 holding the sample << 8 for 24
    # bits, as soundfile reads it): the same numbers as the float values, and those values
    # in float32 exactly.
    sr = 44100
    rng = np.random.default_rng(9)
    for bits, dtype, scale in [(16, np.int16, 2.0**-15), (24, np.int32, 2.0**-31)]:
        q = rng.integers(-(2 ** (bits - 1)), 2 ** (bits - 1), (4 * sr + 77, 2))
        x = (q << (0 if bits == 16 else 8)).astype(dtype)
        meter = L.LoudnessMeter(sr, 2)
        out = np.empty(x.shape, dtype=np.float32)
        for i in range(0, x.shape[0], 65_536):
            meter._feed_pcm(x[i : i + 65_536], bits, out[i : i + 65_536])
        f = x.astype(np.float64) * scale
        np.testing.assert_array_equal(out, f.astype(np.float32))
        np.testing.assert_array_equal(out.astype(np.float64), f)
        assert_same(meter, whole(f, sr))
        s1, s2 = meter._channel_sums()
        assert s1.tolist() == [math.fsum(f[:, c]) for c in range(2)]
        assert s2 == math.fsum((f**2).ravel())


def test_a_louder_copy_by_3e_8_is_found_to_1e_10_db():
    # Two copies of a clip, the second louder by 3e-8 (below float32's resolution): the true
    # peak is the second's, as the whole-array float64 computation finds it.
    x, sr = load_clip("music_mastered")
    x = x[: 2 * sr].astype(np.float64)
    y = np.concatenate([x, np.zeros((sr, x.shape[1])), x * (1 + 3e-8)])
    want = L.true_peak_dbtp(y, sr)
    assert want - L.true_peak_dbtp(x, sr) == pytest.approx(20 * np.log10(1 + 3e-8), abs=1e-12)
    for sizes in ([65_536], [1000, 3]):
        assert abs(streamed(y, sr, sizes).true_peak_dbtp - want) <= 1e-10


@pytest.mark.parametrize("dtype", [np.float64, np.int16, np.int32])
def test_the_stretch_maxima_are_numpys_over_each_stretchs_inputs(dtype):
    # The true peak's bound for the outputs of positions [a, b) is the largest |input| from
    # a − back to b − back + taps − 2; full-scale negative integers included.
    K = L._kernels()
    rng = np.random.default_rng(4)
    info = np.iinfo(dtype) if dtype != np.float64 else None
    if info is None:
        ext = rng.standard_normal((2, 1000)) * 10.0 ** rng.uniform(-30, 3, (2, 1000))
    else:
        ext = rng.integers(info.min, info.max, (2, 1000), endpoint=True).astype(dtype)
        ext[1, 500] = info.min
    lo, hi, back, taps, sub = 10, 989, 10, 22, 64
    local = np.empty((-(-(hi - lo) // sub), 2))
    slope = np.empty_like(local)
    (K.stretch_max_float if info is None else K.stretch_max_int)(
        ext, lo, hi, back, taps, sub, local, slope
    )
    for s_ in range(local.shape[0]):
        a, b = lo + s_ * sub, min(hi, lo + (s_ + 1) * sub)
        inputs = ext[:, a - back : b - back + taps - 1]
        want = np.abs(inputs.astype(np.float64)).max(axis=1)
        np.testing.assert_array_equal(local[s_], want)
        steps = np.diff(inputs.astype(np.float64 if info is None else np.int64), axis=1)
        np.testing.assert_array_equal(slope[s_], np.abs(steps).max(axis=1))


@pytest.mark.parametrize("smooth", [False, True])
def test_the_screens_never_hide_a_value_above_the_running_maximum(smooth):
    # With the running maximum set a hair (1e-9) below the exact peak, only the float64
    # computation can exceed it: a screen that trusted its float32 values (±1e-7) would
    # return the bar for about half of the noise signals, and a bound from the neighbour
    # differences that were too small would skip the peak's stretch of a smooth one
    # (sums of three tones below sr/30, where that bound is the one that skips).
    K = L._kernels()

    factor = 5
    phases, gain = L._tp_phases(factor)
    rng = np.random.default_rng(21)
    t = np.arange(3000)[:, None]
    for _ in range(20):
        if smooth:
            f = rng.uniform(0.001, 1 / 30, (3, 1, 2))
            x = np.sum(np.sin(2 * np.pi * f * t + rng.uniform(0, 7, (3, 1, 2))), axis=0) / 3
        else:
            x = rng.uniform(-1, 1, (3000, 2))
        exact = float(np.max(np.abs(resample_poly(x, factor, 1, axis=0))))
        ext = np.zeros((2, 3000 + L._TP_BACK + L._TP_AHEAD))
        ext[:, L._TP_BACK : L._TP_BACK + 3000] = x.T
        bar = exact * (1 - 1e-9)
        lo, hi, taps = L._TP_BACK, L._TP_BACK + 3000, phases.shape[1]
        local = np.empty((-(-3000 // 256), 2))
        slope = np.empty_like(local)
        K.stretch_max_float(ext, lo, hi, L._TP_BACK, taps, 256, local, slope)
        if smooth:  # the difference bound is below Σ|h|·max|x| in most stretches
            dist = np.abs(np.arange(taps) - L._TP_BACK - np.array([[[0]], [[1]]]))
            spread = (np.abs(phases) * dist).sum(axis=2).min(axis=0).max()
            assert np.mean(1.001 * local + spread * slope < gain * local) > 0.5
        got = K.tp_max(ext, local, slope, lo, hi, phases, L._TP_BACK, bar, 256)
        assert got == pytest.approx(exact, rel=1e-13)

"""audiolevels.mulaw against G.711 / CPython's audioop vectors, torchaudio's and librosa's
documented formulas, and the quantization-noise mathematics.

Oracles:
- G.711: CPython's test vectors (the package's reference_data/README.md) and ``audioop``
  itself where it is importable (stdlib on Python ≤ 3.12, ``audioop-lts`` on 3.13+).
- WaveNet/torchaudio convention: ``torchaudio.functional.mu_law_encoding`` /
  ``mu_law_decoding``, written out below from their definitions (torchaudio is not a
  dependency):  encode  F = sign(x)·log1p(μ|x|)/log1p(μ);  code = int((F + 1)/2·μ + 0.5)
                decode  y = code/μ·2 − 1;  x = sign(y)·(exp(|y|·log1p(μ)) − 1)/μ
  with μ = quantization_channels − 1.
- librosa's ``mu_compress(quantize=True)``, called directly.
- SNR: the uniform-noise model. A quantizer with step Δ adds noise of variance Δ²/12;
  through μ-law (compressed step Δ_y = 2/(2**bits − 1)) the input-domain noise variance is
  Δ_y²/12 · (ln(1+μ)/μ)² · E[(1 + μ|x|)²] = Δ_y²/12 · (ln(1+μ)/μ)² · (1 + 2μE|x| + μ²σ²),
  and for a sine of peak A: σ² = A²/2, E|x| = 2A/π.
"""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audiolevels import mulaw as M
from audiolevels.signals import as_float_audio, db_to_amplitude, sine

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import audioop
    except ImportError:  # Python >= 3.13 without audioop-lts
        audioop = None

needs_audioop = pytest.mark.skipif(
    audioop is None,
    reason=f"audioop is not importable on Python {sys.version.split()[0]} "
    "(install audioop-lts on 3.13+)",
)

# ------------------------------------------------------------------ the standard's numbers


def test_reference_values_of_the_continuous_curve():
    assert M.mu_compress(0.5) == pytest.approx(0.875703068649, abs=1e-12)
    # F⁻¹(0.5) = (256**0.5 − 1)/255 = 15/255 = 1/17: exact in float64 too.
    assert M.mu_expand(0.5) == 1 / 17
    assert M.mu_compress(1.0) == 1.0 and M.mu_compress(-1.0) == -1.0
    assert M.mu_compress(0.0) == 0.0 and M.mu_expand(0.0) == 0.0


LIN2ULAW_IN = [0, 0x1234, 0x4567, -0x4567, 0x7FFF, -0x8000, -1]
LIN2ULAW_OUT = "ff ad 8e 0e 80 00 7e"
ULAW2LIN_IN = "00 0e 28 3f 57 6a 76 7c 7e 7f 80 8e a8 bf d7 ea f6 fc fe ff"
# CPython's Lib/test/test_audioop.py gives the decoded values on a 14-bit scale,
# ``src = [-8031, -4447, …]``, and checks ``ulaw2lin(encoded, 2)`` against ``src << 2``.
ULAW2LIN_SRC14 = [-8031, -4447, -1471, -495, -163, -53, -18, -6, -2, 0,
                  8031, 4447, 1471, 495, 163, 53, 18, 6, 2, 0]  # fmt: skip
ULAW2LIN_OUT = [v << 2 for v in ULAW2LIN_SRC14]


def _readme_int16_list(text: str) -> list[int]:
    """The ``int16 [...]`` list that follows the ulaw2lin input vector in the README."""
    after = text[text.index(ULAW2LIN_IN) :]
    body = after[after.index("int16 [") + len("int16 [") : after.index("]")]
    return [int(v) for v in body.replace("\n", " ").split(",")]


def test_cpython_vectors_are_the_reference_ones(reference_dir):
    text = (reference_dir / "README.md").read_text(encoding="utf-8")
    assert LIN2ULAW_OUT in text and ULAW2LIN_IN in text
    # The reference's decoded int16 list is CPython's (14-bit values << 2), entry for entry.
    assert _readme_int16_list(text) == ULAW2LIN_OUT


def test_g711_encode_cpython_vector():
    codes = M.g711_encode(np.array(LIN2ULAW_IN, dtype=np.int16))
    assert codes.dtype == np.uint8
    assert codes.tobytes() == bytes.fromhex(LIN2ULAW_OUT)


def test_g711_decode_cpython_vector():
    out = M.g711_decode(np.frombuffer(bytes.fromhex(ULAW2LIN_IN), dtype=np.uint8))
    assert out.dtype == np.int16
    assert out.tolist() == ULAW2LIN_OUT


@needs_audioop
def test_g711_encode_every_int16_like_audioop():
    x = np.arange(-32768, 32768, dtype=np.int16)
    expected = np.frombuffer(audioop.lin2ulaw(x.tobytes(), 2), dtype=np.uint8)
    np.testing.assert_array_equal(M.g711_encode(x), expected)


@needs_audioop
def test_g711_decode_every_code_like_audioop():
    codes = np.arange(256, dtype=np.uint8)
    expected = np.frombuffer(audioop.ulaw2lin(codes.tobytes(), 2), dtype=np.int16)
    np.testing.assert_array_equal(M.g711_decode(codes), expected)


def test_g711_decode_encode_round_trip_all_codes_but_0x7f():
    codes = np.arange(256, dtype=np.uint8)
    back = M.g711_encode(M.g711_decode(codes))
    differs = codes[back != codes]
    assert differs.tolist() == [0x7F]  # "negative zero" decodes to 0, which encodes as 0xFF
    assert back[0x7F] == 0xFF


def test_g711_decoded_range_and_two_zeros():
    dec = M.g711_decode(np.arange(256, dtype=np.uint8)).astype(int)
    assert dec.max() == M.G711_MAX_DECODED == 32124 and dec.min() == -32124
    assert np.flatnonzero(dec == 0).tolist() == [0x7F, 0xFF]
    assert len(np.unique(dec)) == 255


def test_g711_is_monotonic_and_segments_double():
    x = np.arange(-32768, 32768, dtype=np.int16)
    y = M.g711_decode(M.g711_encode(x)).astype(int)
    assert np.all(np.diff(y) >= 0)
    # positive half: u = ~code = 0 … 127 is (segment << 4) | step, 8 segments of 16 steps;
    # the step doubles from segment to segment: 8, 16, …, 1024 in 16-bit units.
    u = np.arange(128)
    pos = M.g711_decode((~u & 0xFF).astype(np.uint8)).astype(int)
    assert np.all(np.diff(pos) > 0) and pos[0] == 0
    steps = np.diff(pos.reshape(8, 16), axis=1)
    np.testing.assert_array_equal(steps, np.repeat(8 * 2 ** np.arange(8), 15).reshape(8, 15))


def test_g711_preserves_shape_and_does_not_modify_input():
    x = (np.arange(200, dtype=np.int16) * 321 - 30000).reshape(100, 2)
    before = x.copy()
    codes = M.g711_encode(x)
    assert codes.shape == (100, 2)
    np.testing.assert_array_equal(x, before)
    assert M.g711_decode(codes).shape == (100, 2)
    np.testing.assert_array_equal(M.g711_encode(x[:, 0]), codes[:, 0])


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int32, np.int64, np.uint8])
def test_g711_encode_rejects_non_int16(dtype):
    with pytest.raises(TypeError, match=np.dtype(dtype).name):
        M.g711_encode(np.zeros(4, dtype=dtype))


@pytest.mark.parametrize("dtype", [np.int16, np.int64, np.float64, np.int8])
def test_g711_decode_rejects_non_uint8(dtype):
    with pytest.raises(TypeError, match=np.dtype(dtype).name):
        M.g711_decode(np.zeros(4, dtype=dtype))


def test_g711_against_continuous_curve():
    # With 16-bit full scale 4·33·255 = 33660, G.711's decoded level for u = 16·s + q is
    # 1 + 255·x = 2^s·(1 + 2q/33) (segment s, step q = 0 … 15), while the continuous μ = 255
    # curve at the same position u/128 gives 2^(s + q/16). So each segment's first level lies
    # exactly on the curve, and in between the chord sits above it by
    # 16·log2(1 + 2q/33) − q compressed steps (of 128): the same in every segment, at most
    # 1.17 (q ≈ 6.6).
    u = np.arange(128)
    x = M.g711_decode((~u & 0xFF).astype(np.uint8)).astype(float) / 33660.0
    np.testing.assert_allclose(x[::16], M.mu_expand(np.arange(8) / 8), rtol=1e-12, atol=0)
    dev = M.mu_compress(x) * 128 - u
    q = u % 16
    np.testing.assert_allclose(dev, 16 * np.log2(1 + 2 * q / 33) - q, atol=1e-9)
    assert 1.16 < dev.max() < 1.17


# ------------------------------------------------------------------ continuous μ-law


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-1, 1, allow_nan=False), min_size=1, max_size=50),
    st.sampled_from([1.0, 15.0, 255.0, 1023.0]),
)
def test_expand_inverts_compress(values, mu):
    x = np.array(values)
    np.testing.assert_allclose(M.mu_expand(M.mu_compress(x, mu=mu), mu=mu), x, atol=1e-12)
    y = np.clip(x, -1, 1)
    np.testing.assert_allclose(M.mu_compress(M.mu_expand(y, mu=mu), mu=mu), y, atol=1e-12)


def test_dense_round_trip_and_inverse_curve_is_not_the_encoder():
    x = np.linspace(-1, 1, 100_001)
    y = M.mu_compress(x)
    np.testing.assert_allclose(M.mu_expand(y), x, atol=1e-12, rtol=0)
    # the "decoded" curve is the mirror image of the encoder, not the encoder drawn twice
    assert np.max(np.abs(M.mu_expand(x) - M.mu_compress(x))) > 0.5
    inside = (x > 0) & (x < 1)
    assert np.all(M.mu_expand(x[inside]) < x[inside]) and np.all(y[inside] > x[inside])


def test_compress_is_odd_monotonic_and_keeps_shape():
    half = np.linspace(0, 1, 1001)
    x = np.concatenate([-half[:0:-1], half]).reshape(-1, 1).repeat(2, axis=1)
    y = M.mu_compress(x)
    assert y.shape == x.shape
    np.testing.assert_array_equal(y[:, 0], -y[::-1, 0])
    assert np.all(np.diff(y[:, 0]) > 0)


def test_small_mu_is_nearly_linear():
    x = np.linspace(-1, 1, 101)
    assert np.max(np.abs(M.mu_compress(x, mu=1e-6) - x)) < 1e-6


def test_compress_does_not_modify_input():
    x = np.array([0.5, -0.25, 2.0])
    before = x.copy()
    M.mu_compress(x, clip=True)
    np.testing.assert_array_equal(x, before)


@pytest.mark.parametrize("fn", [M.mu_compress, M.mu_expand])
def test_out_of_range_raises_unless_clip(fn):
    with pytest.raises(ValueError, match=r"\[-1, 1\]"):
        fn(np.array([0.0, 1.5]))
    np.testing.assert_array_equal(fn(np.array([-3.0, 1.5]), clip=True), [-1.0, 1.0])


@pytest.mark.parametrize(
    "fn", [M.mu_compress, M.mu_expand, M.mu_quantize, lambda x: M.linear_quantize(x, bits=8)]
)
@pytest.mark.parametrize("bad", [np.array([0.0, np.nan]), np.array([np.inf]), float("nan")])
def test_nan_inf_raise_value_error(fn, bad):
    with pytest.raises(ValueError, match="NaN or Inf"):
        fn(bad)


@pytest.mark.parametrize("mu", [0, -1, float("nan"), float("inf")])
def test_bad_mu(mu):
    with pytest.raises(ValueError, match="mu"):
        M.mu_compress(0.5, mu=mu)


def test_bad_kinds_of_input():
    with pytest.raises(TypeError):
        M.mu_compress(np.array([True, False]))
    with pytest.raises(TypeError):
        M.mu_compress(0.5, mu="255")
    with pytest.raises(ValueError, match="empty"):
        M.mu_compress(np.array([]))


# ------------------------------------------------------------------ μ-law quantization


def torchaudio_encode(x, quantization_channels):
    """torchaudio.functional.mu_law_encoding, written out from its definition."""
    mu = quantization_channels - 1.0
    f = np.sign(x) * np.log1p(mu * np.abs(x)) / np.log1p(mu)
    return ((f + 1) / 2 * mu + 0.5).astype(np.int64)  # int() truncation; argument ≥ 0


def torchaudio_decode(codes, quantization_channels):
    """torchaudio.functional.mu_law_decoding, written out from its definition."""
    mu = quantization_channels - 1.0
    y = codes / mu * 2 - 1.0
    return np.sign(y) * (np.exp(np.abs(y) * np.log1p(mu)) - 1.0) / mu


@pytest.mark.parametrize("bits", [8, 10])
def test_mu_quantize_matches_torchaudio(bits):
    rng = np.random.default_rng(6)
    x = np.concatenate([rng.uniform(-1, 1, 50_000), rng.normal(0, 0.01, 50_000).clip(-1, 1)])
    x = np.concatenate([x, [-1.0, 0.0, 1.0]])
    mu = 2**bits - 1
    np.testing.assert_array_equal(M.mu_quantize(x, bits=bits, mu=mu), torchaudio_encode(x, 2**bits))
    codes = np.arange(2**bits)
    np.testing.assert_allclose(
        M.mu_dequantize(codes, bits=bits, mu=mu), torchaudio_decode(codes, 2**bits), atol=1e-14
    )


def test_defaults_are_wavenet_8_bit():
    assert M.mu_quantize(np.array([-1.0, 0.0, 1.0])).tolist() == [0, 128, 255]
    assert M.mu_quantize(0.5) == int((0.875703068649 + 1) / 2 * 255 + 0.5) == 239
    assert isinstance(M.mu_quantize(0.5), int)


def test_librosa_codes_differ_by_at_most_one_on_about_half():
    # librosa bins with digitize(right=True): code_lib + 128 = ceil(t), t = (F + 1)/2·255,
    # where ours is round(t). They agree when frac(t) is 0 or ≥ 0.5 and librosa is one
    # higher when 0 < frac(t) < 0.5. Over many bins frac(t) is close to uniform, so the
    # share of differing codes is 1/2, up to sampling noise (σ ≈ 0.0016 for 10⁵ draws).
    import librosa  # a hard requirement: no skip

    rng = np.random.default_rng(5)
    for x in (rng.uniform(-1, 1, 100_000), np.clip(rng.laplace(0, 0.05, 100_000), -1, 1)):
        ours = M.mu_quantize(x)
        theirs = librosa.mu_compress(x, mu=255, quantize=True).astype(np.int64) + 128
        diff = theirs - ours
        assert set(np.unique(diff).tolist()) <= {0, 1}
        assert 0.48 < np.mean(diff == 1) < 0.52


@pytest.mark.parametrize("bits", [1, 2, 4, 8, 12])
def test_code_count_is_exactly_two_to_the_bits(bits):
    codes = np.arange(2**bits)
    x = M.mu_dequantize(codes, bits=bits)
    # every code is reached, and quantize ∘ dequantize is the identity on codes
    np.testing.assert_array_equal(M.mu_quantize(x, bits=bits), codes)
    dense = np.concatenate([x, np.linspace(-1, 1, 200_001)])
    q = M.mu_quantize(dense, bits=bits)
    assert len(np.unique(q)) == 2**bits and q.min() == 0 and q.max() == 2**bits - 1
    lq = M.linear_quantize(np.linspace(-1, 1, 200_001), bits=bits)
    assert len(np.unique(lq)) == 2**bits and lq.min() == 0 and lq.max() == 2**bits - 1


def test_codes_are_monotonic():
    x = np.linspace(-1, 1, 100_001)
    for bits in (3, 8, 16):
        assert np.all(np.diff(M.mu_quantize(x, bits=bits)) >= 0)
        assert np.all(np.diff(M.linear_quantize(x, bits=bits)) >= 0)
    assert np.all(np.diff(M.mu_dequantize(np.arange(256))) > 0)


def test_dequantize_rejects_bad_codes():
    with pytest.raises(TypeError, match="float64"):
        M.mu_dequantize(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="0 … 255"):
        M.mu_dequantize(np.array([0, 256]))
    with pytest.raises(ValueError, match="0 … 15"):
        M.linear_dequantize(np.array([-1, 3]), bits=4)


@pytest.mark.parametrize("bits", [0, 25, -3])
def test_bad_bits(bits):
    with pytest.raises(ValueError, match="bits"):
        M.mu_quantize(0.1, bits=bits)
    with pytest.raises(ValueError, match="bits"):
        M.linear_quantize(0.1, bits=bits)


def test_bits_must_be_an_integer():
    with pytest.raises(TypeError, match="bits"):
        M.mu_quantize(0.1, bits=8.0)
    with pytest.raises(TypeError, match="bits"):
        M.linear_quantize(0.1, bits=True)


# ------------------------------------------------------------------ linear quantization


def test_linear_quantizer_is_the_pcm_convention():
    # 8 bits: the codes are an 8-bit WAV's uint8 samples, decoded as as_float_audio does
    x = np.linspace(-1, 1, 10_001)
    c8 = M.linear_quantize(x, bits=8)
    np.testing.assert_array_equal(
        M.linear_dequantize(c8, bits=8), as_float_audio(c8.astype(np.uint8))
    )
    # 16 bits: codes − 32768 are the int16 samples of round(x·32768), saturated at 32767
    c16 = M.linear_quantize(x, bits=16)
    expected = np.clip(np.round(x * 32768), -32768, 32767).astype(np.int16)
    np.testing.assert_array_equal((c16 - 32768).astype(np.int16), expected)
    np.testing.assert_array_equal(M.linear_dequantize(c16, bits=16), as_float_audio(expected))
    assert M.linear_quantize(0.0, bits=8) == 128  # mid-tread: zero is a level
    assert M.linear_quantize(np.array([0.5]), 8).tolist() == [
        192
    ]  # bits positional: linear_quantize(x, bits)
    assert M.linear_dequantize(np.array([192]), 8).tolist() == [0.5]
    assert M.linear_quantize(1.0, bits=8) == 255 and M.linear_quantize(-1.0, bits=8) == 0


def test_linear_error_is_at_most_half_a_step():
    x = np.linspace(-1, 1 - 2 / 256, 10_001)
    err = M.linear_dequantize(M.linear_quantize(x, bits=8), bits=8) - x
    assert np.max(np.abs(err)) <= 1 / 256 + 1e-15


# ------------------------------------------------------------------ SNR


def test_snr_db_definition():
    ref = np.tile([1.0, -1.0], 500)
    assert M.snr_db(ref, ref + 0.1) == pytest.approx(20.0, abs=1e-9)
    assert M.snr_db(ref, ref) == float("inf")
    assert M.snr_db(ref, np.zeros_like(ref)) == pytest.approx(0.0, abs=1e-12)


def test_snr_db_bad_input():
    with pytest.raises(ValueError, match="same shape"):
        M.snr_db(np.ones(4), np.ones(5))
    with pytest.raises(ValueError, match="silent"):
        M.snr_db(np.zeros(4), np.ones(4))
    with pytest.raises(ValueError, match="NaN"):
        M.snr_db(np.ones(4), np.array([1, np.nan, 1, 1]))


SR = 48_000
TONE = sine(997, 1.0, SR)  # 997 Hz: not a divisor of 48 kHz, so samples hit many phases


def _snr_linear(level_dbfs, bits):
    x = db_to_amplitude(level_dbfs) * TONE
    return M.snr_db(x, M.linear_dequantize(M.linear_quantize(x, bits=bits), bits=bits))


def _snr_mu(level_dbfs, bits=8, mu=255):
    x = db_to_amplitude(level_dbfs) * TONE
    return M.snr_db(x, M.mu_dequantize(M.mu_quantize(x, bits=bits, mu=mu), bits=bits, mu=mu))


@pytest.mark.parametrize("bits", [8, 16])
def test_linear_snr_of_a_sine_is_6_02_bits_plus_1_76(bits):
    # Step Δ = 2/2**bits, noise Δ²/12, sine power A²/2 → SNR = 6.02·bits + 1.76 + 20·log10 A.
    # Peak A = 0.99 so that the sine never reaches the saturated top code (1 − Δ).
    amp = 0.99
    expected = 10 * np.log10((amp**2 / 2) / ((2 / 2**bits) ** 2 / 12))
    measured = M.snr_db(
        amp * TONE, M.linear_dequantize(M.linear_quantize(amp * TONE, bits=bits), bits=bits)
    )
    assert measured == pytest.approx(expected, abs=0.3)
    assert expected == pytest.approx(6.02 * bits + 1.76 + 20 * np.log10(amp), abs=0.02)


def test_mu_law_snr_follows_the_companding_noise_model():
    mu, step = 255.0, 2 / 255
    for level in range(-60, 1, 5):
        a = db_to_amplitude(level)
        var = (
            step**2
            / 12
            * (np.log1p(mu) / mu) ** 2
            * (1 + 2 * mu * 2 * a / np.pi + mu**2 * a**2 / 2)
        )
        expected = 10 * np.log10(a**2 / 2 / var)
        assert _snr_mu(level) == pytest.approx(expected, abs=1.0), level


def test_mu_law_plateau_and_linear_slope():
    levels = np.arange(-40, -4, 5)  # −40 … −5 dBFS (sine peak)
    mu = np.array([_snr_mu(lv) for lv in levels])
    lin = np.array([_snr_linear(lv, 8) for lv in levels])
    # μ-law: the model above gives 38.0 → 34.4 dB from −5 to −40 dBFS (3.6 dB) and stays within
    # 2.1 dB down to −35 dBFS; linear 8-bit loses 1 dB of SNR per dB of level.
    assert np.ptp(mu) < 5.0
    assert np.ptp(mu[levels >= -35]) < 3.0
    assert mu.min() > 32.0
    assert lin[-1] - lin[0] == pytest.approx(35.0, abs=2.0)
    slope = np.polyfit(levels, lin, 1)[0]
    assert slope == pytest.approx(1.0, abs=0.05)
    # below about −12 dBFS μ-law wins; at −40 dBFS by more than 20 dB
    assert _snr_mu(-20) > _snr_linear(-20, 8) and _snr_mu(-5) < _snr_linear(-5, 8)
    assert mu[0] - lin[0] > 20.0


def test_mu_law_after_8_bit_linear_cannot_bring_quality_back():
    # The blog's point: 16-bit → 8-bit linear → μ-law gives 8-bit-linear quality (or worse),
    # while 16-bit → μ-law 8-bit directly keeps μ-law's SNR.
    x16 = np.round(db_to_amplitude(-30) * TONE * 32767) / 32768
    lin8 = M.linear_dequantize(M.linear_quantize(x16, bits=8), bits=8)
    late = M.mu_dequantize(M.mu_quantize(lin8))
    early = M.mu_dequantize(M.mu_quantize(x16))
    assert M.snr_db(x16, late) <= M.snr_db(x16, lin8) + 0.1
    assert M.snr_db(x16, early) > M.snr_db(x16, lin8) + 10

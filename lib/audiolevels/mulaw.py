"""μ-law companding: the continuous curve, WaveNet's 256 classes, and G.711 bit-exact.

Three things share the name "μ-law" and this module keeps them apart:

* **Continuous μ-law** (``mu_compress`` / ``mu_expand``): the curve
  F(x) = sign(x)·ln(1 + μ|x|)/ln(1 + μ) on [−1, 1] and its exact inverse
  F⁻¹(y) = sign(y)·((1 + μ)^|y| − 1)/μ. No quantization.
* **μ-law quantization** (``mu_quantize`` / ``mu_dequantize``): F followed by a uniform grid
  of 2**bits codes, in the WaveNet/torchaudio convention (codes 0 … 2**bits − 1). With
  bits = 8 this is the 256-way classification target of WaveNet.
* **ITU-T G.711 μ-law** (``g711_encode`` / ``g711_decode``): the telephone codec, a
  piecewise-linear (8 segments × 16 steps per sign) approximation of F with μ = 255 on 14-bit
  integers, bit-exact with CPython's ``audioop.lin2ulaw`` / ``ulaw2lin``. Measured on a
  16-bit full scale of 4·33·255 = 33660, the first level of each segment lies exactly on the
  μ = 255 curve; in between, the chords sit above it by up to 1.17 of the 128 steps.

``linear_quantize`` / ``linear_dequantize`` are the uniform (PCM) quantizer with the same
interface, and ``snr_db`` measures what each one costs.

Array convention: float audio in [−1, 1], any 1-D or 2-D shape (``(samples,)`` or
``(samples, channels)``); scalars are accepted by the curve functions. Functions never modify
the caller's array.

Taught in notebooks/05_mu_law.ipynb.
"""

from __future__ import annotations

import numbers

import numpy as np

from audiolevels import _checks
from audiolevels.signals import as_float_audio

__all__ = [
    "G711_MAX_DECODED",
    "g711_decode",
    "g711_encode",
    "linear_dequantize",
    "linear_quantize",
    "mu_compress",
    "mu_dequantize",
    "mu_expand",
    "mu_quantize",
    "snr_db",
]

#: Largest magnitude ``g711_decode`` returns (codes 0x00 and 0x80): 32124.
G711_MAX_DECODED = 32124

# G.711 / CPython audioop constants (14-bit magnitude domain).
_G711_CLIP = 8159
_G711_BIAS14 = 33  # 0x84 >> 2
_G711_SEG_END = np.array([0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF], dtype=np.int32)

_MAX_BITS = 24  # codes and steps stay exact in float64 well beyond this


# --------------------------------------------------------------------------- input checks
def _check_mu(mu: float) -> float:
    return _checks.real_number(mu, "mu", positive=True)


def _check_bits(bits: int) -> int:
    return _checks.integer(bits, "bits", min=1, max=_MAX_BITS)


def _as_values(x: object, name: str) -> tuple[np.ndarray, bool]:
    """Float64 copy of ``x`` (a real scalar or a 1-D/2-D audio array); flag if it was a scalar.

    A Python number or NumPy float scalar is a value in [-1, 1]; a NumPy integer scalar is one
    PCM sample, scaled exactly as a one-element array of its dtype (int16 by 1/32768).
    """
    if isinstance(x, np.ndarray) and x.ndim == 0:
        x = x[()]
    if isinstance(x, np.integer):
        return _checks.audio(np.array([x]), name), True
    if isinstance(x, numbers.Real) and not isinstance(x, bool | np.bool_):
        return _checks.real_array([x], name), True
    return _checks.audio(x, name), False


def _check_range(v: np.ndarray, name: str, clip: bool) -> np.ndarray:
    if _checks.boolean(clip, "clip"):
        return np.clip(v, -1.0, 1.0)
    if np.any(np.abs(v) > 1.0):
        raise ValueError(
            f"{name} must lie in [-1, 1], got values from {v.min():.6g} to {v.max():.6g}; "
            "scale it first or pass clip=True"
        )
    return v


def _out(v: np.ndarray, scalar: bool):
    return float(v[0]) if scalar else v


def _as_codes(codes: object, bits: int, name: str = "codes") -> np.ndarray:
    arr = np.asarray(codes)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name} must be an integer array (codes 0 … 2**bits − 1), got {arr.dtype}")
    _checks.layout(arr, name)
    if arr.size and (arr.min() < 0 or arr.max() > 2**bits - 1):
        raise ValueError(
            f"{name} must lie in 0 … {2**bits - 1} for bits={bits}, got {arr.min()} … {arr.max()}"
        )
    return arr.astype(np.int64)


# --------------------------------------------------------------------------- continuous μ-law
def mu_compress(x, *, mu: float = 255.0, clip: bool = False):
    """Continuous μ-law compression F(x) = sign(x)·ln(1 + μ|x|)/ln(1 + μ).

    Taught in notebooks/05_mu_law.ipynb.

    Parameters
    ----------
    x : float or array, shape (samples,) or (samples, channels)
        Values in [−1, 1] (int16/int32/uint8 PCM is scaled to float first).
    mu : float
        Compression parameter μ > 0 (255 in G.711 and WaveNet; small μ is nearly linear).
    clip : bool
        Clip ``x`` to [−1, 1] instead of raising.

    Returns
    -------
    float or numpy.ndarray of float64
        F(x) in [−1, 1], same shape as ``x``. F(±1) = ±1, F(0) = 0; with μ = 255,
        F(0.5) = 0.875703068649.

    Raises
    ------
    ValueError
        Values outside [−1, 1] (unless ``clip``), NaN/Inf, empty input, mu ≤ 0.

    Notes
    -----
    The curve of ITU-T G.711 (1988), section 3 and the WaveNet paper (van den Oord et al.
    2016, eq. 2).
    """
    m = _check_mu(mu)
    v, scalar = _as_values(x, "x")
    v = _check_range(v, "x", clip)
    y = np.sign(v) * np.log1p(m * np.abs(v)) / np.log1p(m)
    return _out(y, scalar)


def mu_expand(y, *, mu: float = 255.0, clip: bool = False):
    """Continuous μ-law expansion, the exact inverse: F⁻¹(y) = sign(y)·((1 + μ)^|y| − 1)/μ.

    Taught in notebooks/05_mu_law.ipynb.

    Parameters
    ----------
    y : float or array, shape (samples,) or (samples, channels)
        Compressed values in [−1, 1].
    mu : float
        The μ used to compress, > 0.
    clip : bool
        Clip ``y`` to [−1, 1] instead of raising.

    Returns
    -------
    float or numpy.ndarray of float64
        F⁻¹(y) in [−1, 1]; with μ = 255, F⁻¹(0.5) = 1/17 exactly
        ((256^0.5 − 1)/255 = 15/255).

    Raises
    ------
    ValueError
        Values outside [−1, 1] (unless ``clip``), NaN/Inf, empty input, mu ≤ 0.

    Notes
    -----
    ITU-T G.711 (continuous form); WaveNet's decoder.
    """
    m = _check_mu(mu)
    v, scalar = _as_values(y, "y")
    v = _check_range(v, "y", clip)
    # power (not expm1) so that exact cases stay exact: 256**0.5 - 1 = 15, 15/255 = 1/17.
    x = np.sign(v) * (np.power(1.0 + m, np.abs(v)) - 1.0) / m
    return _out(x, scalar)


# --------------------------------------------------------------------------- quantizers
def mu_quantize(x, *, bits: int = 8, mu: float = 255.0, clip: bool = False):
    """μ-law quantization to integer codes 0 … 2**bits − 1 (WaveNet/torchaudio convention).

    Taught in notebooks/05_mu_law.ipynb.

    Parameters
    ----------
    x : float or array, shape (samples,) or (samples, channels)
        Audio in [−1, 1].
    bits : int
        Bit depth, 1 … 24: the number of codes is exactly 2**bits.
    mu : float
        Compression parameter μ > 0.
    clip : bool
        Clip ``x`` to [−1, 1] instead of raising.

    Returns
    -------
    numpy.ndarray of int64, or int for a scalar ``x``
        Codes, same shape as ``x``. Code 0 ↔ −1.0,
        code 2**bits − 1 ↔ +1.0; codes increase monotonically with ``x``.

    Notes
    -----
    ``codes = floor((F(x) + 1)/2 · (2**bits − 1) + 0.5)``: the compressed value is mapped
    onto 2**bits equally spaced levels from −1 (code 0) to +1 (code 2**bits − 1) and rounded
    half up. With bits = 8 and μ = 255 this is exactly torchaudio's
    ``mu_law_encoding(x, quantization_channels=256)`` and WaveNet's 256 classes.
    torchaudio ties μ to the grid (μ = channels − 1); here the two are separate: pass
    ``mu=2**bits - 1`` to get torchaudio at other depths.

    The librosa convention (``librosa.mu_compress(x, quantize=True)``) is different: it bins
    F(x) with ``np.digitize(F, np.linspace(-1, 1, 256), right=True) - 128`` (codes −128 … 127),
    i.e. it rounds *up* (ceil) where we round to nearest. librosa's code + 128 equals ours when
    the fractional part of (F + 1)/2·255 is 0 or ≥ 0.5 and is one higher otherwise — on
    about half of all inputs. librosa's ``mu_expand(quantize=True)`` also scales codes by
    2/256 rather than 2/255. Don't mix the two conventions.
    """
    b = _check_bits(bits)
    y = mu_compress(x, mu=mu, clip=clip)
    codes = np.floor((np.asarray(y) + 1.0) / 2.0 * (2**b - 1) + 0.5).astype(np.int64)
    return int(codes) if np.ndim(y) == 0 else codes


def mu_dequantize(codes, *, bits: int = 8, mu: float = 255.0) -> np.ndarray:
    """Inverse of :func:`mu_quantize`: y = codes/(2**bits − 1)·2 − 1, then x = F⁻¹(y).

    Taught in notebooks/05_mu_law.ipynb.

    Parameters
    ----------
    codes : int array
        Codes 0 … 2**bits − 1 (any integer dtype).
    bits : int
        Bit depth used to quantize, 1 … 24.
    mu : float
        μ used to quantize.

    Returns
    -------
    numpy.ndarray of float64
        Reconstructed audio in [−1, 1], same shape as ``codes``.

    Raises
    ------
    TypeError
        Non-integer codes.
    ValueError
        Codes outside 0 … 2**bits − 1.

    Notes
    -----
    Equals torchaudio's ``mu_law_decoding(codes, quantization_channels=2**bits)`` when
    ``mu = 2**bits - 1``.
    """
    b = _check_bits(bits)
    m = _check_mu(mu)
    c = _as_codes(codes, b)
    y = c / (2**b - 1) * 2.0 - 1.0
    return np.sign(y) * (np.power(1.0 + m, np.abs(y)) - 1.0) / m


def linear_quantize(x, bits: int, *, clip: bool = False):
    """Uniform (linear PCM) quantization to codes 0 … 2**bits − 1, as a WAV file stores it.

    Taught in notebooks/05_mu_law.ipynb.

    Parameters
    ----------
    x : float or array, shape (samples,) or (samples, channels)
        Audio in [−1, 1].
    bits : int
        Bit depth, 1 … 24.
    clip : bool
        Clip ``x`` to [−1, 1] instead of raising.

    Returns
    -------
    numpy.ndarray of int64, or int for a scalar ``x``
        Codes, same shape as ``x``.

    Notes
    -----
    Mid-tread quantizer with step Δ = 2/2**bits (2**(bits−1) steps per unit amplitude, the
    int16 convention): ``code = clip(round(x·2**(bits−1)), −2**(bits−1), 2**(bits−1) − 1)
    + 2**(bits−1)`` (offset binary; round half to even). Zero is a level (code 2**(bits−1));
    +1.0 saturates to the top code, which means 1 − Δ. For bits = 16, ``codes − 32768`` are
    the int16 samples; for bits = 8, the codes are an 8-bit WAV's uint8 samples.
    The SNR of a full-scale sine is 6.02·bits + 1.76 dB (49.9 dB at 8 bits, 98.1 dB at 16).
    """
    b = _check_bits(bits)
    v, scalar = _as_values(x, "x")
    v = _check_range(v, "x", clip)
    half = 2 ** (b - 1)
    codes = (np.clip(np.round(v * half), -half, half - 1) + half).astype(np.int64)
    return int(codes[0]) if scalar else codes


def linear_dequantize(codes, bits: int) -> np.ndarray:
    """Inverse of :func:`linear_quantize`: x = (code − 2**(bits−1)) / 2**(bits−1).

    Taught in notebooks/05_mu_law.ipynb.

    Parameters
    ----------
    codes : int array
        Codes 0 … 2**bits − 1.
    bits : int
        Bit depth, 1 … 24.

    Returns
    -------
    numpy.ndarray of float64
        Levels in [−1, 1 − 2/2**bits], same shape as ``codes``.
    """
    b = _check_bits(bits)
    c = _as_codes(codes, b)
    half = 2 ** (b - 1)
    return (c - half) / half


# --------------------------------------------------------------------------- G.711
def g711_encode(x: np.ndarray) -> np.ndarray:
    """ITU-T G.711 μ-law encoder: int16 samples → 8-bit codes, bit-exact with ``audioop``.

    Taught in notebooks/05_mu_law.ipynb.

    Parameters
    ----------
    x : numpy.ndarray of int16, any shape
        16-bit linear PCM.

    Returns
    -------
    numpy.ndarray of uint8
        G.711 μ-law codes, same shape.

    Raises
    ------
    TypeError
        ``x`` is not an int16 array (float audio: scale and round it to int16 first).

    Notes
    -----
    The rules of CPython's ``audioop.lin2ulaw(data, 2)``: take the 14-bit value x >> 2
    (arithmetic shift), sign mask 0x7F for negative else 0xFF, magnitude clipped to 8159,
    add the bias 33, segment = index of the first of {0x3F, 0x7F, …, 0x1FFF} ≥ value
    (8 if none: the code of the largest magnitude), code = ((seg << 4) | ((value >> (seg+1))
    & 0xF)) XOR mask. All bits are inverted, so silence is 0xFF and full scale 0x80 / 0x00.

    ITU-T Recommendation G.711 (1988), Table 2a.
    """
    arr = np.asarray(x)
    if arr.dtype != np.int16:
        raise TypeError(
            f"g711_encode needs an int16 array (16-bit PCM), got dtype {arr.dtype}; "
            "convert float audio with np.round(x * 32767).astype(np.int16) first"
        )
    _checks.layout(arr, "x")
    v = arr.astype(np.int32) >> 2
    neg = v < 0
    mask = np.where(neg, 0x7F, 0xFF).astype(np.int32)
    mag = np.minimum(np.abs(v), _G711_CLIP) + _G711_BIAS14
    seg = np.searchsorted(_G711_SEG_END, mag, side="left").astype(np.int32)
    uval = (np.minimum(seg, 7) << 4) | ((mag >> (np.minimum(seg, 7) + 1)) & 0xF)
    uval = np.where(seg >= 8, 0x7F, uval)
    return (uval ^ mask).astype(np.uint8)


def g711_decode(codes: np.ndarray) -> np.ndarray:
    """ITU-T G.711 μ-law decoder: 8-bit codes → int16, bit-exact with ``audioop.ulaw2lin``.

    Taught in notebooks/05_mu_law.ipynb.

    Parameters
    ----------
    codes : numpy.ndarray of uint8, any shape
        G.711 μ-law bytes.

    Returns
    -------
    numpy.ndarray of int16
        16-bit linear PCM, same shape.

    Raises
    ------
    TypeError
        ``codes`` is not a uint8 array.

    Notes
    -----
    u = ~code & 0xFF; magnitude = ((((u & 0xF) << 3) + 132) << ((u >> 4) & 7)) − 132;
    negative when bit 7 of u is set. Output range ±32124; codes 0x7F and 0xFF both decode
    to 0, which is why decode → encode is the identity for every code but 0x7F (→ 0xFF).

    ITU-T Recommendation G.711 (1988), Table 2a.
    """
    arr = np.asarray(codes)
    if arr.dtype != np.uint8:
        raise TypeError(f"g711_decode needs a uint8 array of μ-law codes, got dtype {arr.dtype}")
    _checks.layout(arr, "codes")
    u = (~arr.astype(np.int32)) & 0xFF
    t = (((u & 0xF) << 3) + 132) << ((u >> 4) & 7)
    return np.where(u & 0x80, 132 - t, t - 132).astype(np.int16)


# --------------------------------------------------------------------------- measurement
def snr_db(reference, test) -> float:
    """Signal-to-noise ratio of ``test`` against ``reference``: 10·log10(Σ ref² / Σ (ref − test)²).

    Taught in notebooks/05_mu_law.ipynb.

    Parameters
    ----------
    reference, test : array, shape (samples,) or (samples, channels)
        Same shape; float in [−1, 1] or integer PCM (scaled as in ``as_float_audio``).

    Returns
    -------
    float
        SNR in dB; +inf when ``test`` equals ``reference`` exactly. A test signal of all
        zeros reads 0 dB (the noise is the whole signal).

    Raises
    ------
    ValueError
        Shapes differ, NaN/Inf, empty input, or a silent (all-zero) reference.
    """
    ref = as_float_audio(reference, name="reference")
    tst = as_float_audio(test, name="test")
    if ref.shape != tst.shape:
        raise ValueError(
            f"reference and test must have the same shape, got {ref.shape} and {tst.shape}"
        )
    p_sig = float(np.sum(ref**2))
    if p_sig == 0.0:
        raise ValueError("reference is silent (all zeros): SNR is undefined")
    p_noise = float(np.sum((ref - tst) ** 2))
    if p_noise == 0.0:
        return float("inf")
    return float(10.0 * np.log10(p_sig / p_noise))

"""Audio Levels Lab: tested helpers for the notebooks on audio levels for machine learning.

Array convention, everywhere: audio is a NumPy array of shape ``(samples,)`` or
``(samples, channels)`` — soundfile's and pyloudnorm's layout — float in [-1, 1] (int16 is
scaled by 1/32768). librosa's ``(channels, samples)`` is rejected with a hint to pass ``x.T``.
No function modifies the array you pass in.

The map (one module per concept; ``audiolevels.<module>`` works after ``import audiolevels``):

- ``signals``    test tones, dB conversions, fades, the "0 dBFS = 100 dB SPL" assumption
- ``contours``   ISO 226:2003 / 2023 equal-loudness contours, their inverse, the threshold
- ``weighting``  IEC 61672-1 A/C/Z weighting curves, digital weighting filters, dB(A) levels
- ``loudness``   ITU-R BS.1770-5 / EBU R 128 meter: integrated, momentary, short-term, LRA,
  true peak
- ``normalize``  peak / RMS / crest factor; peak, RMS and loudness normalization; a limiter
- ``mulaw``      continuous μ-law, WaveNet codes, linear PCM quantizer, G.711 bit-exact, SNR
- ``data``       the bundled clips: ``list_clips()``, ``load_clip(name)``, ``read_audio(path)``
- ``reference``  the standards' published tables: ``reference.table("iec61672_table3")``
- ``decoding``   decode with three independent decoders, encode, align and compare files
- ``spectral``   log-magnitude STFTs, dB scalers for models, instantaneous frequency
- ``storage``    corpus formats for training, a map-style dataset, multi-worker loading speed
- ``display``    Markdown tables and players at the true level (IPython)
- ``audit``      audit a folder's levels and faults (pandas), normalize it into a new folder
- ``cli``        the ``audiolevels audit|normalize`` command line (also ``python -m audiolevels``)
- ``plotting``   the figures of the notebooks (matplotlib; imported on first use)
- ``widgets``    the sliders and the hook the tests drive (ipywidgets; imported on first use)
- ``exercises``  the notebooks' exercise checks

Every module loads on first use (``audiolevels.weighting`` imports it then): the first eight
need only NumPy, SciPy and soundfile, and ``import audiolevels`` itself imports none of them,
so a process that only meters audio (``audiolevels.audit``) never loads scipy.signal,
pandas (until it builds its table), matplotlib or ipywidgets.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("audiolevels")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

#: The light modules: NumPy, SciPy and soundfile only.
_LIGHT = ("contours", "data", "loudness", "mulaw", "normalize", "reference", "signals", "weighting")

#: Every module, loaded on first attribute access (some import matplotlib, ipywidgets, PyAV …).
_LAZY = (
    *_LIGHT,
    "audit",
    "cli",
    "decoding",
    "display",
    "exercises",
    "plotting",
    "spectral",
    "storage",
    "widgets",
)

__all__ = [
    "__version__",
    *_LAZY,
]


def __getattr__(name: str):
    if name in _LAZY:
        return importlib.import_module(f"audiolevels.{name}")
    raise AttributeError(f"module 'audiolevels' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

"""Pay the one-time costs of a fresh set-up once, during ``make lab``/``make test`` set-up.

On a new machine the first Run All of a notebook is slow — matplotlib builds its font cache,
numba compiles (and caches) librosa's kernels and the loudness meter's loops, scipy and
librosa import for the first time — and a workshop participant thinks it hung. This script
touches each of those once, so that the first run of every notebook is as fast as later ones.
It writes only to the caches those libraries keep for themselves (matplotlib's cache folder,
numba's ``__pycache__``).
"""

from __future__ import annotations

import time
import warnings

warnings.simplefilter("ignore")  # nothing here is a result anyone reads
t0 = time.perf_counter()

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import io  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

fig, ax = plt.subplots()
ax.plot([0, 1], [0, 1], label="dB(A) · μ-law · −3 dB")
ax.set_xscale("log")
ax.legend()
fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")
plt.close(fig)

import librosa  # noqa: E402
import scipy.signal  # noqa: E402, F401

sr = 22050
x = np.sin(2 * np.pi * 440 * np.arange(sr) / sr).astype(np.float32)
S = np.abs(librosa.stft(x))
librosa.perceptual_weighting(S**2, librosa.fft_frequencies(sr=sr))
librosa.amplitude_to_db(S, ref=1.0)
librosa.feature.melspectrogram(S=S**2, sr=sr)
librosa.feature.mfcc(y=x, sr=sr)
librosa.mu_compress(x * 0.5, quantize=True)
librosa.resample(x, orig_sr=sr, target_sr=16000)
librosa.effects.preemphasis(x)
librosa.griffinlim(S[:, :8], n_iter=2)

from audiolevels.audit import _warm_meter  # noqa: E402

_warm_meter()  # numba compiles the meter's loops into lib/audiolevels/__pycache__

print(f"warmed matplotlib, scipy, librosa and meter caches in {time.perf_counter() - t0:.1f} s")

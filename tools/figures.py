"""``make figures``: the README's figures, drawn by the library's plotting functions.

Usage: ``python tools/figures.py [OUT_DIR]`` (default ``figures/``) writes each figure as PNG
and SVG. The output is deterministic (fixed SVG hash salt, no date or software metadata), so
the committed files are exactly what this code draws (``tests/test_figures.py`` checks it).
Each ``figure_*`` function computes what its notebook computes and returns the Figure.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from scipy.signal import resample_poly  # noqa: E402

from audiolevels import (  # noqa: E402
    contours,
    decoding,
    loudness,
    mulaw,
    normalize,
    plotting,
    signals,
    weighting,
)
from audiolevels.data import load_clip  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SVG_HASHSALT = "audiolevels-figures"
PNG_DPI = 110
FREQS = contours.STANDARD_FREQS_HZ


def figure_contour_family() -> plt.Figure:
    """ISO 226:2023 equal-loudness contours, 10–90 phon (notebook 01)."""
    levels = np.arange(10, 91, 10)
    with signals.silenced(UserWarning, "outside ISO 226"):
        spl = contours.spl_from_phon(levels, 2023)
    valid = (levels[:, None] >= 20) & ((FREQS <= 4000) | (levels[:, None] <= 80))
    fig, ax = plt.subplots(figsize=(8, 5))
    plotting.plot_contour_family(
        ax, FREQS, levels, spl, threshold_db=contours.hearing_threshold(2023), valid=valid
    )
    ax.set_ylim(-15, 130)
    ax.set_title("Equal-loudness contours, ISO 226:2023 (labels: phon; dashed: extrapolated)")
    fig.tight_layout()
    return fig


def figure_a_weighting_vs_40_phon() -> plt.Figure:
    """A-weighting against the inverted 40-phon contour (notebook 01)."""
    inverted_40 = 40 - contours.spl_from_phon(40, 2023)
    return plotting.plot_weighting_vs_contour(
        FREQS, inverted_40, weighting.weighting_db(FREQS, "A"), phon=40
    )


NORMALIZATION_CLIPS = (
    "speech_en speech_ko music music_mastered noise_white noise_pink noise_brown "
    "sine_100hz sine_1khz sine_3khz"
).split()
NORMALIZATION_TARGETS = {"peak": -1.0, "RMS": -23.0, "loudness": -23.0}


def normalization_levels() -> dict[str, dict[str, tuple[float, float, float]]]:
    """Peak, RMS and loudness of each bundled clip's 2-s excerpt after each normalization."""
    sr = 48000
    offsets_s = {"speech_en": 0.5, "speech_ko": 0.5, "music": 8.5, "music_mastered": 8.5}
    excerpts = {}
    for name in NORMALIZATION_CLIPS:
        x, _ = load_clip(name, sr=sr, mono=True)
        start = int(offsets_s.get(name, 1.0) * sr)
        excerpts[name] = x.astype(np.float64)[start : start + 2 * sr]
    t = NORMALIZATION_TARGETS
    methods = {
        "peak": lambda x: normalize.peak_normalize(x, target_dbfs=t["peak"]),
        "RMS": lambda x: normalize.rms_normalize(x, target_dbfs=t["RMS"]),
        "loudness": lambda x: normalize.loudness_normalize(x, sr, target_lufs=t["loudness"]),
    }
    out = {}
    for method, f in methods.items():
        out[method] = {}
        for name, x in excerpts.items():
            y = f(x).audio
            out[method][name] = (
                normalize.peak_dbfs(y),
                normalize.rms_dbfs(y),
                loudness.integrated_loudness(y, sr),
            )
    return out


def figure_normalization() -> plt.Figure:
    """Peak vs RMS vs loudness normalization of the bundled clips (notebook 03)."""
    return plotting.plot_normalized_levels(
        normalization_levels(), targets=NORMALIZATION_TARGETS, floor_db=-40.0
    )


SNR_LEVELS_DBFS = np.arange(-60, 1, 2.0)


def mu_law_snr() -> dict[str, dict[str, np.ndarray]]:
    """SNR against peak level of a 997 Hz sine and of speech, per quantizer (notebook 05)."""
    sr = 16000
    speech, sr_speech = load_clip("speech_en")
    speech = resample_poly(speech.astype(np.float64), sr, sr_speech)
    speech = speech[:, 0] if speech.ndim == 2 else speech
    speech /= np.max(np.abs(speech))
    tone = signals.sine(997, 1.0, sr)
    codecs = {
        "8-bit linear": lambda x: mulaw.linear_dequantize(mulaw.linear_quantize(x, bits=8), bits=8),
        "8-bit μ-law": lambda x: mulaw.mu_dequantize(mulaw.mu_quantize(x, bits=8)),
        "16-bit linear": lambda x: mulaw.linear_dequantize(
            mulaw.linear_quantize(x, bits=16), bits=16
        ),
    }

    def curve(signal, codec):
        out = []
        for level in SNR_LEVELS_DBFS:
            x = signals.db_to_amplitude(level) * signal
            out.append(mulaw.snr_db(x, codec(x)))
        return np.array(out)

    return {
        name: {"sine": curve(tone, f), "speech": curve(speech, f)} for name, f in codecs.items()
    }


def figure_mu_law_snr() -> plt.Figure:
    """The μ-law SNR curve against 8- and 16-bit linear PCM (notebook 05)."""
    linear_8 = 20 * np.log10(2.0**8) + 10 * np.log10(1.5) + SNR_LEVELS_DBFS
    return plotting.plot_snr_vs_level(
        SNR_LEVELS_DBFS,
        mu_law_snr(),
        styles={
            "8-bit linear": {"color": "C0"},
            "8-bit μ-law": {"color": "C3"},
            "16-bit linear": {"color": "C2"},
        },
        models={"6.02·8 + 1.76 + L": ("sine", linear_8, {})},
        band_dbfs=(-40, -6),
        ylim_db=(-5, 105),
        title="SNR against input level: μ-law holds its SNR where linear 8-bit falls 1 dB per dB",
    )


DECODER_PAIRS = (("soundfile", "ffmpeg"), ("soundfile", "miniaudio"), ("ffmpeg", "miniaudio"))


def decoder_differences() -> tuple[list[str], list[list]]:
    """Notebook 04's table: how much decoders disagree on one file, and how much the encode
    changed it (max abs difference in dBFS)."""
    music, sr = load_clip("music")
    clip = music[int(8.0 * sr) : int(9.5 * sr)].astype(np.float64)
    excerpt = np.concatenate(
        [np.zeros(int(0.1 * sr)), signals.fade(clip.mean(axis=1), sr, fade_s=0.002)]
    )
    excerpt48 = resample_poly(excerpt, 160, 147)
    shown = [
        ("mp3", "soundfile", 128, excerpt, sr),
        ("mp3", "ffmpeg", 128, excerpt, sr),
        ("mp3", "soundfile", "VBR", excerpt, sr),
        ("ogg", "soundfile", "q", excerpt, sr),
        ("opus", "soundfile", 96, excerpt48, 48000),
    ]
    rows = []
    with tempfile.TemporaryDirectory(prefix="figures_") as tmp:
        for fmt, encoder, rate, x, x_sr in shown:
            options = {}
            if rate == "VBR":
                options = {"vbr": True}
            elif isinstance(rate, int):
                options = {"bitrate_kbps": rate}
            path = decoding.encode(
                x,
                x_sr,
                Path(tmp) / f"{fmt}_{encoder}_{rate}.{fmt}",
                fmt,
                encoder=encoder,
                **options,
            )
            dec = {
                b: decoding.decode(path, backend=b)[0][:, 0].astype(np.float64)
                for b in ("soundfile", "ffmpeg", "miniaudio")
                if fmt in decoding.BACKEND_FORMATS[b]
            }
            cells = []
            for a, b in DECODER_PAIRS:
                if a in dec and b in dec:
                    cells.append(decoding.compare(dec[a], dec[b]).max_abs_diff_dbfs)
                else:
                    cells.append("no decoder")
            encode = decoding.compare(x, dec["ffmpeg"]).max_abs_diff_dbfs
            rows.append([f"{fmt} {rate} ({encoder})", *cells, encode])
    header = ["file", *[f"{a} vs {b}" for a, b in DECODER_PAIRS], "decoded vs original"]
    return header, rows


def figure_decoder_table() -> plt.Figure:
    """The decoder-difference table of notebook 04, as an image."""
    header, rows = decoder_differences()
    return plotting.plot_table(
        header,
        rows,
        title="Max abs difference (dBFS): decoders of one file vs the encode itself",
        fmt="{:.1f}",
    )


#: name → function drawing the figure, in the README's order.
FIGURES: dict[str, Callable[[], plt.Figure]] = {
    "equal_loudness_contours": figure_contour_family,
    "a_weighting_vs_40_phon": figure_a_weighting_vs_40_phon,
    "normalization_peak_rms_loudness": figure_normalization,
    "mu_law_snr": figure_mu_law_snr,
    "decoder_differences": figure_decoder_table,
}


def save(fig: plt.Figure, out_dir: Path, name: str) -> list[Path]:
    """Write ``fig`` as ``name.svg`` and ``name.png`` without metadata that would vary."""
    paths = [out_dir / f"{name}.svg", out_dir / f"{name}.png"]
    with plt.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path"}):
        fig.savefig(paths[0], format="svg", metadata={"Date": None, "Creator": None})
    fig.savefig(paths[1], format="png", dpi=PNG_DPI, metadata={"Software": None})
    return paths


def make_figures(out_dir: Path, names=None) -> list[Path]:
    """Draw the figures (all, or those in ``names``) into ``out_dir``; returns the files."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draw in FIGURES.items():
        if names is not None and name not in names:
            continue
        fig = draw()
        written += save(fig, out_dir, name)
        plt.close(fig)
    return written


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "figures"
    for path in make_figures(out):
        print(path)

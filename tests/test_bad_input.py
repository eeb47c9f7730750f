"""Bad input to every public function of the package: one table, (call) → (exception, message).

Every function and class in the ``__all__`` of each module appears in :data:`TABLE` (a meta-test
enumerates them). Every function that takes audio rejects librosa's (channels, samples) layout
with the same message, which says to pass ``x.T``. No function modifies the caller's array, and
int16 at full scale never overflows.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from audiolevels import (
    _checks,  # noqa: E402
    cli,  # noqa: E402
)
from audiolevels import audit as Au  # noqa: E402
from audiolevels import contours as C  # noqa: E402
from audiolevels import data as D  # noqa: E402
from audiolevels import decoding as Dc  # noqa: E402
from audiolevels import display as Dp  # noqa: E402
from audiolevels import loudness as L  # noqa: E402
from audiolevels import mulaw as M  # noqa: E402
from audiolevels import normalize as N  # noqa: E402
from audiolevels import plotting as P  # noqa: E402
from audiolevels import reference as R  # noqa: E402
from audiolevels import signals as S  # noqa: E402
from audiolevels import spectral as Sp  # noqa: E402
from audiolevels import storage as St  # noqa: E402
from audiolevels import weighting as Wt  # noqa: E402
from audiolevels import widgets as W  # noqa: E402

MODULES = (S, C, Wt, L, N, M, D, P, W, Dp, _checks, Dc, Sp, R, Au, cli, St)

NAN, INF = float("nan"), float("inf")
SR = 48000
X = 0.1 * np.sin(2 * np.pi * 997 * np.arange(SR) / SR)  # 1 s, −23 dBFS RMS
AX = object()  # replaced by a fresh matplotlib Axes when the row runs


def _manifest(text: str):
    """An env setter: AUDIOLEVELS_DATA → a folder holding a manifest.csv with ``text``."""

    def setup(tmp_path):
        (tmp_path / "manifest.csv").write_text(text, encoding="utf-8")
        return {D.ENV_VAR: str(tmp_path)}

    return setup


def _missing_folder(tmp_path):
    return {D.ENV_VAR: str(tmp_path / "no-such-folder")}


_GOOD_COLUMNS = "name,path,kind,frames,samplerate,channels,duration_s,peak_dbfs,rms_dbfs,crest_db\n"


@dataclass
class Row:
    fn: Any
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    error: type[BaseException] = ValueError
    match: str = ""
    env: Any = None  # callable(tmp_path) -> dict of environment variables


def _zero_length_file():
    return next(r["path"] for r in D.list_audit_demo() if r["expected_problem"] == "zero_length")


def _slider():
    return W.slider(1.0, 0.0, 2.0)


def _render(a=None, b=None):
    return None


_FIG = matplotlib.figure.Figure()


# A two-file audit table (audit.COLUMNS' level columns) for the notebook 08 figures.
AUDIT = pd.DataFrame(
    {
        "path": ["a.wav", "b.wav"],
        "sample_peak_dbfs": [-1.0, -6.0],
        "true_peak_dbtp": [-0.5, -6.0],
        "rms_dbfs": [-20.0, -18.0],
        "integrated_lufs": [-18.0, -17.0],
        "flags": ["", "clipped"],
    }
)


TABLE: list[Row] = [
    # ---------------------------------------------------------------- signals
    Row(S.sine, (1000, 1, SR), {"amplitude": NAN}, ValueError, "amplitude must be a number"),
    Row(S.sine, (1000, 1, SR), {"amplitude": "1"}, TypeError, "amplitude must be a real number"),
    Row(S.sine, (1000, 1, SR), {"phase_deg": INF}, ValueError, "phase_deg must be finite"),
    Row(S.sine, (1 + 1j, 1, SR), {}, TypeError, "freq_hz must be a real number"),
    Row(S.sine, (1000, 1, 1e12), {}, ValueError, r"2\*\*28"),
    Row(S.sine, (1000, 1e9, SR), {}, ValueError, "duration_s"),
    Row(S.db_to_amplitude, (None,), {}, TypeError, "db must be a real number"),
    Row(S.db_to_amplitude, (NAN,), {}, ValueError, "db contains NaN"),
    Row(S.db_to_amplitude, ("6",), {}, TypeError, "db must be a real number"),
    Row(S.amplitude_to_db, (None,), {}, TypeError, "amplitude must be a real number"),
    Row(S.amplitude_to_db, (np.array([1 + 2j]),), {}, TypeError, "complex"),
    Row(S.amplitude_to_db, ([0.5, NAN],), {}, ValueError, "amplitude contains NaN"),
    Row(S.dbfs_to_spl, (None,), {}, TypeError, "dbfs must be a real number"),
    Row(S.dbfs_to_spl, (-20,), {"full_scale_spl_db": NAN}, ValueError, "full_scale_spl_db"),
    Row(S.spl_to_dbfs, ("80",), {}, TypeError, "spl_db must be a real number"),
    Row(S.as_float_audio, (np.array([1 + 1j, 0]),), {}, TypeError, "complex"),
    Row(S.as_float_audio, (np.zeros((3, 3, 3)),), {}, ValueError, r"shape \(samples,\)"),
    Row(S.as_float_audio, (X,), {"allow_empty": "no"}, TypeError, "allow_empty must be True"),
    Row(S.as_real_array, ([1.0, NAN], "freqs_hz"), {}, ValueError, "freqs_hz contains NaN"),
    Row(S.check_sr, ("48000",), {}, TypeError, "sr must be a number"),
    Row(S.check_sr, (NAN,), {}, ValueError, "sr must be a finite sample rate"),
    Row(S.fade, (X, SR), {"fade_s": -1}, ValueError, "fade_s must be ≥ 0"),
    Row(S.fade, (X, SR), {"fade_s": "short"}, TypeError, "fade_s must be a real number"),
    Row(S.fade, (X, SR), {"shape": "square"}, ValueError, "shape must be one of 'linear'"),
    Row(S.fade, (X[:100], SR), {"fade_s": 0.01}, ValueError, "do not fit"),
    Row(S.concatenate, (X, SR), {}, TypeError, "clips must be a list"),
    Row(S.concatenate, ([X], SR), {"gap_s": NAN}, ValueError, "gap_s must be a number"),
    Row(S.concatenate, ([X], SR), {"gap_s": 1e9}, ValueError, "concatenate asks for"),
    Row(S.silenced, (UserWarning, ""), {}, ValueError, "reason must say why"),
    Row(S.silenced, ("UserWarning", "why"), {}, TypeError, "category must be a Warning class"),
    Row(S.caught_warnings, (42,), {}, TypeError, "category must be a Warning class"),
    # ---------------------------------------------------------------- contours
    Row(C.spl_from_phon, (NAN,), {}, ValueError, "phon contains NaN"),
    Row(C.spl_from_phon, (1 + 1j,), {}, TypeError, "phon must be a real number"),
    Row(C.spl_from_phon, (40, "2023"), {}, TypeError, "edition must be an integer"),
    Row(C.spl_from_phon, (40, 2010), {}, ValueError, "unknown ISO 226 edition 2010"),
    Row(C.spl_from_phon, (40,), {"interpolate": "no"}, TypeError, "interpolate must be True"),
    Row(C.spl_from_phon, (40,), {"freqs_hz": [1001]}, ValueError, "not one of them"),
    Row(C.phon_from_spl, (None, 1000), {}, TypeError, "spl_db must be a real number"),
    Row(C.phon_from_spl, (60, 1000), {"below_threshold": "zero"}, ValueError, "below_threshold"),
    Row(C.phon_from_spl, (0, 1000), {}, ValueError, "below the hearing threshold"),
    Row(C.hearing_threshold, (2023,), {"freqs_hz": "1k"}, TypeError, "freqs_hz must be a real"),
    Row(C.hearing_threshold, (True,), {}, TypeError, "edition must be an integer"),
    Row(C.iso226_parameters, (2003.0,), {}, TypeError, "edition must be an integer"),
    Row(C.standard_freq_index, (1001,), {}, ValueError, "not a standard frequency"),
    Row(C.standard_freq_index, (None,), {}, TypeError, "freq_hz must be a real number"),
    # ---------------------------------------------------------------- weighting
    Row(Wt.weighting_db, (-1,), {}, ValueError, "freqs_hz must be ≥ 0"),
    Row(Wt.weighting_db, (1000, "B"), {}, ValueError, "kind must be one of 'A', 'C', 'Z'"),
    Row(Wt.weighting_db, (1000, None), {}, ValueError, "kind must be one of"),
    Row(Wt.weighting_filter, ("A", 1e7), {}, ValueError, "≤ 5000000 Hz"),
    Row(Wt.weighting_filter, ("A", 1e12), {}, ValueError, "≤ 5000000 Hz"),
    Row(Wt.weighting_filter, ("C", 4000), {}, ValueError, "≥ 8000 Hz"),
    Row(Wt.weighting_filter, ("A", SR), {"method": "fast"}, ValueError, "method must be one of"),
    Row(Wt.weighting_filter, ("A", "48k"), {}, TypeError, "sr must be a number"),
    Row(Wt.weighted_level_db, (X, SR), {"skip_s": "fast"}, TypeError, "skip_s must be a real"),
    Row(Wt.weighted_level_db, (X, SR), {"skip_s": -1}, ValueError, "skip_s must be ≥ 0"),
    Row(Wt.weighted_level_db, (X + 0j, SR), {}, TypeError, "complex"),
    Row(Wt.sos_response_db, (np.ones((2, 5)), 100, SR), {}, ValueError, r"\(n_sections, 6\)"),
    Row(Wt.sos_response_db, ([[1, 0, 0, 1, 0, 0]], NAN, SR), {}, ValueError, "freqs_hz"),
    # ---------------------------------------------------------------- loudness
    Row(L.k_weighting_coefficients, (3000,), {}, ValueError, "K-weighting shelf"),
    Row(L.k_weighting_coefficients, ("48000",), {}, TypeError, "sr must be a number"),
    Row(L.k_weighting_sos, (NAN,), {}, ValueError, "sr must be a finite sample rate"),
    Row(L.gated_blocks, (X, SR), {"channel_weights": [1 + 1j]}, TypeError, "complex"),
    Row(L.gated_blocks, (X, SR), {"channel_weights": "L"}, TypeError, "channel_weights"),
    Row(L.integrated_loudness, (np.zeros((SR, 6)), SR), {}, ValueError, "Pass channel_weights"),
    Row(L.integrated_loudness, (X, SR), {"channel_weights": [NAN]}, ValueError, "NaN"),
    Row(L.momentary_loudness, (X, SR), {"hop_s": "fast"}, TypeError, "hop_s must be a real"),
    Row(L.momentary_loudness, (X, SR), {"hop_s": NAN}, ValueError, "hop_s must be a number"),
    Row(L.short_term_loudness, (X, SR), {"hop_s": 0}, ValueError, "hop_s must be > 0"),
    Row(L.loudness_range, (X, None), {}, TypeError, "sr must be a number"),
    Row(L.true_peak_dbtp, (X, 100), {}, ValueError, "≥ 4000 Hz"),
    Row(L.true_peak_dbtp, ("x", SR), {}, TypeError, "x must be an audio array"),
    Row(L.GatingResult, (), {}, TypeError, "missing"),
    # ---------------------------------------------------------------- normalize
    Row(N.NormalizeResult, (), {}, TypeError, "missing"),
    Row(N.peak_dbfs, (np.zeros(0),), {}, ValueError, "x is empty"),
    Row(N.rms_dbfs, (np.array([1 + 1j]),), {}, TypeError, "complex"),
    Row(N.crest_factor_db, (np.zeros(10),), {}, ValueError, "silence"),
    Row(N.peak_normalize, (X,), {"target_dbfs": "-1"}, TypeError, "target_dbfs must be a real"),
    Row(N.peak_normalize, (X,), {"target_dbfs": NAN}, ValueError, "target_dbfs must be a number"),
    Row(N.rms_normalize, (X,), {"target_dbfs": INF}, ValueError, "target_dbfs must be finite"),
    Row(N.loudness_normalize, (X, SR), {"target_lufs": None}, TypeError, "target_lufs"),
    Row(N.lookahead_limiter, (X, SR), {"release_ms": -1}, ValueError, "release_ms must be ≥ 0"),
    Row(N.lookahead_limiter, (X, SR), {"ceiling_dbfs": NAN}, ValueError, "ceiling_dbfs"),
    Row(N.lookahead_limiter, (X, SR), {"lookahead_ms": "5"}, TypeError, "lookahead_ms"),
    Row(N.lookahead_limiter, (X, SR), {"lookahead_ms": 1e12}, ValueError, "lookahead_ms"),
    # ---------------------------------------------------------------- mulaw
    Row(M.mu_compress, (2.0,), {}, ValueError, r"x must lie in \[-1, 1\]"),
    Row(M.mu_compress, (0.5,), {"mu": 0}, ValueError, "mu must be > 0"),
    Row(M.mu_compress, (0.5,), {"clip": "no"}, TypeError, "clip must be True or False"),
    Row(M.mu_compress, (1 + 1j,), {}, TypeError, "complex"),
    Row(M.mu_expand, (0.5,), {"mu": NAN}, ValueError, "mu must be a number"),
    Row(M.mu_expand, (None,), {}, TypeError, "y must be an audio array"),
    Row(M.mu_quantize, (0.5,), {"bits": 0}, ValueError, "bits must be ≥ 1"),
    Row(M.mu_quantize, (0.5,), {"bits": 8.0}, TypeError, "bits must be an integer"),
    Row(M.mu_dequantize, (np.array([256]),), {"bits": 8}, ValueError, "0 … 255"),
    Row(M.mu_dequantize, (np.array([0.5]),), {}, TypeError, "codes must be an integer array"),
    Row(M.linear_quantize, (0.5, 25), {}, ValueError, "bits must be ≤ 24"),
    Row(M.linear_quantize, ("0.5", 8), {}, TypeError, "x must be an audio array"),
    Row(M.linear_dequantize, (np.array([1.5]), 8), {}, TypeError, "codes must be an integer"),
    Row(M.g711_encode, (np.array([0.5]),), {}, TypeError, "needs an int16 array"),
    Row(M.g711_decode, (np.array([1, 2]),), {}, TypeError, "needs a uint8 array"),
    Row(M.snr_db, (np.ones(3), np.ones(4)), {}, ValueError, "same shape"),
    Row(M.snr_db, (np.zeros(3), np.zeros(3)), {}, ValueError, "reference is silent"),
    # ---------------------------------------------------------------- data
    Row(D.read_audio, (None,), {}, TypeError, "path must be a str or path-like"),
    Row(D.read_audio, (D.clip_path("sine_1khz"),), {"mono": "no"}, TypeError, "mono must be"),
    Row(D.read_audio, (D.clip_path("sine_1khz"),), {"sr": 10**12}, ValueError, "resampling"),
    Row(D.read_audio, (D.clip_path("sine_1khz"),), {"sr": 44100.5}, ValueError, "integer"),
    Row(D.read_audio, (_zero_length_file(),), {}, D.AudioFileError, "empty"),
    Row(D.load_clip, ("nope",), {}, KeyError, "known clips"),
    Row(D.load_clip, (3,), {}, TypeError, "name must be a clip name"),
    Row(D.load_clip, ("music",), {"mono": "yes"}, TypeError, "mono must be True or False"),
    Row(D.clip_path, (None,), {}, TypeError, "name must be a clip name"),
    Row(D.data_dir, (), {}, FileNotFoundError, "AUDIOLEVELS_DATA", env=_missing_folder),
    Row(D.list_clips, (), {}, ValueError, "lacks the column", env=_manifest("name,path\n")),
    Row(
        D.list_audit_demo,
        (),
        {},
        ValueError,
        "line 2: malformed row",
        env=_manifest(_GOOD_COLUMNS + "a,a.wav,audit,many,1,1,1,1,1,1\n"),
    ),
    # ---------------------------------------------------------------- plotting
    Row(P.format_hz, ("1k",), {}, TypeError, "freq_hz must be a real number"),
    Row(P.format_hz, (-1,), {}, ValueError, "freq_hz must be ≥ 0"),
    Row(P.log_freq_axis, ("ax",), {}, TypeError, "ax must be a matplotlib Axes"),
    Row(P.log_freq_axis, (AX,), {"fmin_hz": 0}, ValueError, "fmin_hz must be > 0"),
    Row(P.log_freq_axis, (AX,), {"fmin_hz": "20"}, TypeError, "fmin_hz must be a real"),
    Row(P.log_freq_axis, (AX,), {"fmax_hz": INF}, ValueError, "fmax_hz must be finite"),
    Row(P.log_freq_axis, (AX,), {"ticks_hz": [100, NAN]}, ValueError, "ticks_hz contains NaN"),
    Row(P.log_freq_axis, (AX,), {"ticks_hz": 100}, ValueError, "ticks_hz must be a 1-D"),
    Row(P.log_freq_axis, (AX,), {"which": "z"}, ValueError, "which must be one of 'x', 'y'"),
    Row(P.log_freq_axis, (AX,), {"grid": "no"}, TypeError, "grid must be True or False"),
    Row(P.log_freq_axis, (AX,), {"label": 5}, TypeError, "label must be a str"),
    Row(
        P.update_contour_view,
        ("fig", [[1, 2]], [1, 2], [0, 0], [1, 2]),
        {"label": "l", "title": "t"},
        TypeError,
        "fig must be a matplotlib Figure",
    ),
    Row(
        P.update_tone_view,
        (_FIG, [[1, 2]], [100, 1000], [0, 0]),
        {"freq_hz": 100, "spl_db": 1, "title": "t"},
        ValueError,
        "fig was not drawn by the matching plot_",
    ),
    Row(
        P.update_contour_backdrop,
        (AX, [[1, 2]], [100, 1000], [0, 0]),
        {},
        ValueError,
        "ax holds no contour backdrop",
    ),
    Row(
        P.plot_contour_view,
        ([100, 1000], [[1, 2]], [100, 1000], [0, 0], [1, 2, 3]),
        {"label": "l", "title": "t"},
        ValueError,
        r"spl_db must have shape \(2,\)",
    ),
    Row(
        P.plot_contour_view,
        ([100, 1000], [[1, 2]], [100, 1000], [0, 0], [1, 2]),
        {"label": 5, "title": "t"},
        TypeError,
        "label must be a str",
    ),
    Row(
        P.plot_tone_view,
        ([100, 1000], [[1, 2]], [100, 1000], [0, 0]),
        {"freq_hz": 0, "spl_db": 1, "title": "t"},
        ValueError,
        "freq_hz must be > 0",
    ),
    # ---------------------------------------------------------------- widgets
    Row(W.slider, (50, 0, INF), {}, ValueError, "max must be finite"),
    Row(W.slider, (5, 0, 10), {"step": NAN}, ValueError, "step must be a number"),
    Row(W.slider, (5, 0, 10), {"step": -1}, ValueError, "step must be > 0"),
    Row(W.slider, ("5", 0, 10), {}, TypeError, "value must be a real number"),
    Row(W.slider, (5, 0, 10), {"integer": "no"}, TypeError, "integer must be True or False"),
    Row(W.slider, (5.5, 0, 10), {"integer": True}, TypeError, "value must be an integer"),
    Row(W.slider, (11, 0, 10), {}, ValueError, "outside"),
    Row(W.log_slider, (100, 20, 2e4), {"steps_per_decade": 0}, ValueError, "steps_per_decade"),
    Row(W.log_slider, (100, 20, 2e4), {"steps_per_decade": 2.5}, TypeError, "steps_per_decade"),
    Row(W.log_slider, (100, 0, 1000), {}, ValueError, "min must be > 0"),
    Row(W.log_slider, (100, 20, INF), {}, ValueError, "max must be finite"),
    Row(W.log_slider, ("100", 20, 2e4), {}, TypeError, "value must be a real number"),
    Row(W.dropdown, ("abc",), {}, TypeError, "options must be a list"),
    Row(W.dropdown, ([1, 2],), {"value": 3}, ValueError, "not one of"),
    Row(W.dropdown, ([],), {}, ValueError, "at least one option"),
    Row(W.dropdown, ([1, 2],), {"description": 7}, TypeError, "description must be a str"),
    Row(W.checkbox, ("no",), {}, TypeError, "value must be True or False"),
    Row(W.InteractiveView, (_render, [_slider()]), {}, TypeError, "controls must be a mapping"),
    Row(W.InteractiveView, (_render, {}), {}, ValueError, "at least one control"),
    Row(W.InteractiveView, (_render, {"a": 5}), {}, TypeError, "ipywidgets value widget"),
    Row(W.InteractiveView, (_render, {"a": _slider()}), {"fixed": [1]}, TypeError, "fixed must"),
    Row(
        W.InteractiveView,
        (_render, {"a": _slider()}),
        {"fixed": {"a": 1}},
        ValueError,
        "a is both a control and a fixed argument",
    ),
    Row(W.interactive_view, (5,), {"a": _slider()}, TypeError, "render must be callable"),
    Row(W.interactive_view, (_render,), {"title": 5, "a": _slider()}, TypeError, "title"),
    Row(
        W.interactive_view,
        (_render,),
        {"update": 5, "a": _slider()},
        TypeError,
        "update must be callable",
    ),
    Row(W.InteractiveView, (_render, {"a": _slider()}), {"update": "f"}, TypeError, "update must"),
    Row(W.slider, (5, 0, 10), {"continuous_update": 1}, TypeError, "continuous_update must be"),
    Row(W.log_slider, (100, 20, 2e4), {"continuous_update": "y"}, TypeError, "continuous_update"),
    Row(W.figure_png, ("fig",), {}, TypeError, "fig must be a matplotlib Figure"),
    Row(W.figure_png, (_FIG,), {"dpi": 0}, ValueError, "dpi must be > 0"),
    Row(W.static_mode, (1,), {}, TypeError, "positional argument"),
    Row(W.registered_views, (1,), {}, TypeError, "positional argument"),
    Row(W.drive_all_views, (1,), {}, TypeError, "positional argument"),
    # ---------------------------------------------------------------- display
    Row(Dp.markdown_table, (["a"], [[1, 2]]), {}, ValueError, "has 2 cells"),
    Row(Dp.markdown_table, ("ab", []), {}, TypeError, "header must be a non-empty sequence"),
    Row(Dp.listen, (np.array([2.0]), 8000), {}, ValueError, "beyond ±1"),
    Row(Dp.listen, (X, 44100.5), {}, ValueError, "whole number"),
    Row(Dp.listen, (X, "8000"), {}, TypeError, "sr must be a number"),
    # ---------------------------------------------------------------- _checks
    Row(_checks.audio, ([[1.0], [NAN]],), {}, ValueError, "x contains NaN"),
    Row(_checks.audio, (np.zeros((4, 40)),), {}, ValueError, r"pass x\.T"),
    Row(_checks.layout, (np.zeros((40, 33)),), {}, ValueError, "more than the 32"),
    Row(_checks.sample_rate, (0,), {}, ValueError, "sr must be a finite sample rate > 0"),
    Row(_checks.sample_rate, (100, "sr"), {"min_hz": 4000}, ValueError, "≥ 4000 Hz"),
    Row(_checks.real_number, (None, "gain_db"), {}, TypeError, "gain_db must be a real number"),
    Row(_checks.real_number, (0, "q"), {"positive": True}, ValueError, "q must be > 0"),
    Row(_checks.integer, (3.0, "n"), {}, TypeError, "n must be an integer"),
    Row(_checks.integer, (0, "n"), {"min": 1}, ValueError, "n must be ≥ 1"),
    Row(_checks.boolean, ("no", "mono"), {}, TypeError, "mono must be True or False"),
    Row(_checks.boolean, (1, "mono"), {}, TypeError, "mono must be True or False"),
    Row(_checks.choice, ("b", "kind", ("a",)), {}, ValueError, "kind must be one of 'a'"),
    Row(_checks.choice, ([1], "kind", ("a",)), {}, ValueError, "kind must be one of 'a'"),
    Row(_checks.real_array, ([1, INF], "f"), {}, ValueError, "f contains NaN or Inf"),
    Row(_checks.n_samples, (1e12, "sine"), {}, ValueError, "sine asks for 1e\\+12 samples"),
    # ---------------------------------------------------------------- decoding
    Row(Dc.decode, (3,), {}, TypeError, "path must be a file path"),
    Row(Dc.decode, ("/no/such/file.wav",), {}, FileNotFoundError, "no such audio file"),
    Row(
        Dc.decode,
        (_zero_length_file(),),
        {"backend": "nope"},
        ValueError,
        "unknown backend 'nope'; backends: soundfile",
    ),
    Row(
        Dc.decode,
        (_zero_length_file(),),
        {"dtype": "int8"},
        ValueError,
        "unknown dtype 'int8'; dtypes: float32",
    ),
    Row(Dc.decode, (_zero_length_file(),), {}, Dc.DecodeError, "zero_length"),
    Row(
        Dc.encode, (X, SR, "x.flac", "flac"), {"bitrate_kbps": 128}, ValueError, "flac is lossless"
    ),
    Row(
        Dc.encode,
        (X, SR, "x.mp3", "mp3"),
        {"bitrate_kbps": -5},
        ValueError,
        "bitrate_kbps for mp3 must be in",
    ),
    Row(Dc.encode, (X, SR, "x.xyz", "xyz"), {}, ValueError, "unknown format 'xyz'; formats: wav"),
    Row(Dc.encode, (X, 0, "x.wav", "wav"), {}, ValueError, "sr must be a positive integer"),
    Row(Dc.encode, (X, SR, 3, "wav"), {}, TypeError, "path must be a file path"),
    Row(Dc.align, (X, np.array([NAN])), {}, ValueError, "test contains NaN or Inf"),
    Row(Dc.align, (X, X), {"max_lag": -1}, ValueError, "max_lag must be a whole number"),
    Row(Dc.compare, (X, "a"), {}, TypeError, "b must be an audio array"),
    Row(Dc.compare, (X, X), {"align": "yes"}, TypeError, "align must be True or False"),
    Row(Dc.sample_hash, (np.array([NAN]),), {}, ValueError, "x contains NaN or Inf"),
    Row(Dc.sample_hash, ("x",), {}, TypeError, "x must be an audio array"),
    Row(Dc.sniff_format, ("/no/such/file.wav",), {}, FileNotFoundError, "no such audio file"),
    Row(Dc.available_backends, (), {"format": "xyz"}, ValueError, "unknown format 'xyz'"),
    Row(Dc.ComparisonReport, (), {}, TypeError, "missing 8 required"),
    # ---------------------------------------------------------------- spectral
    Row(Sp.log_magnitude_db, (X, SR), {"n_fft": 0}, ValueError, "n_fft must be an integer >= 2"),
    Row(
        Sp.log_magnitude_db,
        (X, SR),
        {"ref": np.max},
        TypeError,
        'ref must be a number > 0 or "max"',
    ),
    Row(Sp.log_magnitude_db, (X, SR), {"amin": NAN}, ValueError, "amin"),
    Row(
        Sp.DbScaler,
        (),
        {"floor_db": 0, "ceiling_db": -10},
        ValueError,
        "floor_db must be below ceiling_db",
    ),
    Row(Sp.DbScaler, (), {"mode": "zzz"}, ValueError, "mode must be one of 'fixed'"),
    Row(Sp.DbScaler, (), {"out_range": (1, -1)}, ValueError, "out_range must be"),
    Row(Sp.ScaleStats, (), {}, TypeError, "missing 5 required"),
    Row(Sp.instantaneous_frequency, (np.array([NAN, 1.0]),), {}, ValueError, "phase contains NaN"),
    Row(Sp.instantaneous_frequency, ("x",), {}, TypeError, "phase must be a real array"),
    Row(
        Sp.phase_from_instantaneous_frequency,
        (np.array([INF]),),
        {},
        ValueError,
        "if_ contains NaN",
    ),
    # ---------------------------------------------------------------- reference
    Row(R.table, ("nope",), {}, ValueError, "unknown table 'nope'"),
    Row(R.path, (3,), {}, TypeError, "name must be a str"),
    Row(R.path, ("../pyproject.toml",), {}, ValueError, "unknown reference"),
    # ---------------------------------------------------------------- plotting (notebook 02)
    Row(P.format_frequency, ("x",), {}, TypeError, "freq_hz must be a real number"),
    Row(P.format_frequency, (-1,), {}, ValueError, "freq_hz must be ≥ 0"),
    Row(P.plot_class1_limits, (AX, [1, 2], [1], [1, 2]), {}, ValueError, "one length"),
    Row(P.plot_design_errors, ({}, None), {}, ValueError, "at least one sample rate"),
    Row(
        P.plot_digital_vs_analog,
        ([1, 2], [1, 2], {}, SR),
        {"limits": None},
        TypeError,
        "limits must be",
    ),
    Row(
        P.plot_digital_vs_analog,
        ([1, NAN], [1, 2], {}, SR),
        {"limits": None},
        ValueError,
        "freqs_hz contains NaN",
    ),
    Row(P.plot_level_bars, ({"a": NAN},), {"title": "t"}, ValueError, "readings must be finite"),
    Row(P.plot_level_bars, ([-3.0],), {"title": "t"}, TypeError, "readings must be a mapping"),
    Row(
        P.plot_digital_vs_analog,
        ([100, 1000], [0, 0], {"x": [0]}, SR),
        {"limits": ([1000], [-1], [1])},
        ValueError,
        r"responses_db\['x'\] must have shape \(2,\)",
    ),
    Row(
        P.update_digital_vs_analog,
        (_FIG, [100, 1000], [0, 0], {}, SR),
        {"limits": ([1000], [-1], [1])},
        ValueError,
        "fig was not drawn by the matching plot_",
    ),
    Row(
        P.update_level_bars,
        ("fig", {"a": -3.0}),
        {"title": "t"},
        TypeError,
        "fig must be a matplotlib Figure",
    ),
    # ---------------------------------------------------------------- plotting (notebook 01)
    Row(
        P.plot_contour_family,
        (AX, [100, 1000], [40], np.zeros((1, 3))),
        {},
        ValueError,
        "spl_db must have shape",
    ),
    Row(
        P.plot_contour_backdrop,
        (AX, [100, 1000], np.zeros((2, 5)), [100, 1000], [1, 2]),
        {},
        ValueError,
        "must have shape",
    ),
    Row(
        P.plot_edition_comparison,
        ([100, 1000], [40], np.zeros((1, 3)), [1, 2]),
        {},
        ValueError,
        "must map the same two editions",
    ),
    # ---------------------------------------------------------------- plotting (notebook 06)
    Row(
        P.plot_normalized_spectrograms,
        ({},),
        {"times_s": [0, 1], "freqs_hz": [1, 2]},
        TypeError,
        "panels must be a non-empty dict",
    ),
    Row(P.plot_activations, (), {"x_max": 0}, ValueError, "x_max must be > 0"),
    Row(P.plot_saturation_shares, ({},), {}, TypeError, "shares must be a non-empty dict"),
    Row(
        P.plot_spectrogram_grid,
        ([],),
        {"col_labels": [], "times_s": [0, 1], "freqs_hz": [1, 2], "vmin": 0, "vmax": -1},
        ValueError,
        "low < high",
    ),
    Row(
        P.plot_scaled_spectrogram,
        (np.zeros((3, 4)),),
        {"times_s": [0, 1, 2, 3], "freqs_hz": [1, 2, 3], "out_range": (1, -1)},
        ValueError,
        "low < high",
    ),
    Row(
        P.update_scaled_spectrogram,
        (object(), np.zeros((3, 4))),
        {"out_range": (0, 1)},
        TypeError,
        "fig must be a Figure returned by plot_scaled_spectrogram",
    ),
    # ---------------------------------------------------------------- plotting (notebook 03)
    Row(P.plot_normalized_levels, ({},), {"targets": {}}, ValueError, "levels is empty"),
    Row(P.plot_clipping_fixes, (X[:10], X[:10], X[:9], X[:10], SR), {}, ValueError, "same length"),
    Row(P.plot_gated_blocks, ({}, -20), {}, ValueError, "gated is empty"),
    Row(P.plot_gain_envelope, ([0, 1], [0], [0, 1]), {"gain_db": 0}, ValueError, "same length"),
    Row(
        P.plot_gain_envelope,
        ([0, 1], [0, 0], [0, 1]),
        {"gain_db": 0, "title": 5},
        TypeError,
        "title must be a str",
    ),
    Row(
        P.update_gain_envelope,
        (_FIG, [0, 1], [0, 0], [0, 1]),
        {"gain_db": 0},
        ValueError,
        "fig was not drawn by the matching plot_",
    ),
    Row(
        P.update_padding_levels,
        ("fig", [0, 1], [1, 2], [1, 2]),
        {"pad_s": 1, "speech_s": 1},
        TypeError,
        "fig must be a matplotlib Figure",
    ),
    Row(
        P.plot_padding_levels,
        ([0, 1], [1, 2], [1, 2]),
        {"pad_s": 1, "speech_s": 0},
        ValueError,
        "speech_s must be > 0",
    ),
    Row(
        P.plot_padding_levels,
        ([0, 1], [1], [1, 2]),
        {"pad_s": 1, "speech_s": 1},
        ValueError,
        "same length",
    ),
    # ---------------------------------------------------------------- plotting (figures)
    Row(
        P.plot_weighting_vs_contour,
        ([100, 1000], [0, 0], [0, 0, 0]),
        {},
        ValueError,
        "must have shape",
    ),
    Row(P.plot_table, (["a", "b"], [[1]]), {}, ValueError, "rows of 2 cells each"),
    Row(P.plot_table, (["a"], [[None]]), {}, TypeError, "a cell must be a str or a number"),
    # ---------------------------------------------------------------- plotting (notebook 05)
    Row(P.plot_snr_vs_level, ([0, 1], {}), {}, ValueError, "snr_by_codec is empty"),
    Row(
        P.plot_g711_segments,
        ([0, 1], [0]),
        {"curve_x": [0], "curve_y": [0]},
        ValueError,
        "need one shape",
    ),
    Row(P.plot_requantization, ([0, 1], [0], {}), {}, ValueError, "need one 1-D shape"),
    Row(
        P.plot_quantizers,
        (X, 0, {"a": None}),
        {"bits": 8, "level_dbfs": 0, "curve_levels_dbfs": [0]},
        ValueError,
        "sr must be",
    ),
    Row(
        P.plot_quantizers,
        (X, SR, {"a": None}),
        {"bits": 0, "level_dbfs": 0, "curve_levels_dbfs": [0]},
        ValueError,
        "bits must be ≥ 1",
    ),
    Row(
        P.update_quantizers,
        (object(), X, SR, {"a": None}),
        {"bits": 8, "level_dbfs": 0, "curve_levels_dbfs": [0]},
        TypeError,
        "fig must be a Figure returned by plot_quantizers",
    ),
    # ---------------------------------------------------------------- plotting (notebook 04)
    Row(P.plot_codec_spectra, ([1, 2], {}, {}), {}, ValueError, "spectra_db is empty"),
    Row(P.plot_decode_speed, ({},), {"formats": [], "backends": []}, ValueError, "speeds must map"),
    Row(
        P.plot_difference_spectrum,
        ([1, 2], [1, 2], [1, 2], [1, 2]),
        {"labels": ("a", "a", "b")},
        ValueError,
        "three different",
    ),
    Row(
        P.update_difference_spectrum,
        (object(), [1, 2], [1, 2], [1, 2], [1, 2]),
        {},
        TypeError,
        "fig must be a Figure returned by plot_difference_spectrum",
    ),
    Row(
        P.plot_feature_differences,
        ({},),
        {"sr": SR, "hop_length": 1, "vmax": 1},
        ValueError,
        "images is empty",
    ),
    Row(P.plot_pre_echo, ([0, 1], {}), {}, ValueError, "envelopes_db is empty"),
    # ---------------------------------------------------------------- audit, command line
    Row(Au.audit_folder, ("/no/such/folder",), {}, FileNotFoundError, "no such folder"),
    Row(Au.audit_folder, (3,), {}, TypeError, "folder must be a path"),
    Row(Au.audit_folder, (".",), {"workers": 0}, ValueError, "workers must be ≥ 1"),
    Row(Au.audit_folder, (".",), {"executor": "x"}, TypeError, "executor must be a concurrent"),
    Row(Au.audit_folder, (".",), {"recursive": "yes"}, TypeError, "recursive must be True"),
    Row(Au.normalize_folder, (".", "."), {}, ValueError, "dst must differ from src"),
    Row(Au.normalize_folder, (".", "out"), {}, ValueError, "is inside src"),
    Row(L.LoudnessMeter, (0, 2), {}, ValueError, "sr must be a finite sample rate"),
    Row(L.LoudnessMeter, (SR, 0), {}, ValueError, "channels must be ≥ 1"),
    Row(cli.main, ("audit data",), {}, TypeError, "argv must be a list of str"),
    Row(cli.main, (3,), {}, TypeError, "argv must be a list of str"),
    # ---------------------------------------------------------------- storage
    Row(St.write_corpus, ([(X, SR)], "/tmp/c", "aiff"), {}, ValueError, "format must be one of"),
    Row(St.write_corpus, (X, "/tmp/c", "flac"), {}, TypeError, "clips must be a list"),
    Row(
        St.write_corpus,
        ([(X, SR)], D.data_dir() / "corpus", "flac"),
        {},
        ValueError,
        "inside the bundled corpus folder data/",
    ),
    Row(St.AudioFolder, ("/no/such/folder",), {}, FileNotFoundError, "no such folder"),
    Row(St.iterate, ([(X, SR)], 0), {}, ValueError, "batch_size must be ≥ 1"),
    Row(St.iterate, ([(X, SR)], 2), {"workers": 0}, ValueError, "workers must be ≥ 1"),
    Row(St.measure_throughput, ([(X, SR)],), {"order": "random"}, ValueError, "order must be"),
    Row(St.Batches, (), {}, TypeError, "missing 4 required"),
    Row(St.Throughput, (), {}, TypeError, "missing 8 required"),
    Row(St.as_float32, ([0, 1],), {}, TypeError, "x must be a NumPy array"),
    Row(St.as_float32, (X,), {}, TypeError, "x must be int16 or float32, got dtype float64"),
    Row(P.plot_size_speed, ({"flac": 60.0}, {"wav": 1.0}), {}, ValueError, "same formats"),
    Row(P.plot_size_speed, ([], {}), {}, TypeError, "sizes_mb_per_hour must be a non-empty"),
    Row(
        P.plot_throughput_bars,
        ({("flac", 1): 100.0},),
        {"fmt": "flac", "workers": 3},
        ValueError,
        "no measurements for workers=3",
    ),
    Row(
        P.plot_throughput_bars,
        ({("flac", 1): 100.0},),
        {"fmt": "aiff", "workers": 1},
        ValueError,
        "fmt must be one of 'flac'",
    ),
    Row(
        P.plot_load_vs_length,
        ({"flac": (1e-3, 1e-3)}, 100.0),
        {"length_s": 0},
        ValueError,
        "length_s must be > 0",
    ),
    # ---------------------------------------------------------------- plotting (notebook 08)
    Row(P.plot_level_histograms, ([1, 2],), {}, TypeError, "table must be a pandas DataFrame"),
    Row(P.plot_level_histograms, (pd.DataFrame({"path": ["a.wav"]}),), {}, ValueError, "lacks"),
    Row(P.plot_level_histograms, (AUDIT,), {"bin_db": 0}, ValueError, "bin_db must be > 0"),
    Row(P.plot_loudness_vs_peak, (AUDIT,), {"target_lufs": -23.0}, ValueError, "give both"),
    Row(
        P.plot_gain_plan,
        (AUDIT,),
        {"target_lufs": NAN, "ceiling_dbtp": -1.0},
        ValueError,
        "target_lufs",
    ),
    Row(
        P.plot_gain_plan,
        (AUDIT.assign(integrated_lufs=-INF),),
        {"target_lufs": -23.0, "ceiling_dbtp": -1.0},
        ValueError,
        "nothing to normalize",
    ),
    Row(
        P.update_gain_plan,
        (None, AUDIT),
        {"target_lufs": -23.0, "ceiling_dbtp": -1.0},
        TypeError,
        "figure returned by plotting.plot_gain_plan",
    ),
    Row(
        P.plot_normalized_loudness,
        (AUDIT, [1]),
        {"target_lufs": -23.0},
        TypeError,
        "after must be a pandas DataFrame",
    ),
    Row(
        P.update_throughput_bars,
        (object(), {("flac", 1): 100.0}),
        {"fmt": "flac", "workers": 1},
        TypeError,
        "fig must be a Figure drawn by plot_throughput_bars",
    ),
    Row(
        P.update_throughput_bars,
        (P.plot_throughput_bars({("flac", 1): 1.0}, fmt="flac", workers=1), {("flac", 1): -1.0}),
        {"fmt": "flac", "workers": 1},
        ValueError,
        "speed of flac must be > 0",
    ),
    Row(
        P.update_load_vs_length,
        (object(), {"flac": (1e-3, 1e-3)}, 100.0),
        {"length_s": 1.0},
        TypeError,
        "fig must be a Figure drawn by plot_load_vs_length",
    ),
    Row(
        P.update_load_vs_length,
        (
            P.plot_load_vs_length({"flac": (1e-3, 1e-3)}, 1.0, length_s=1.0),
            {"mp3": (1.0, 1.0)},
            1.0,
        ),
        {"length_s": 1.0},
        ValueError,
        "fits has formats",
    ),
]


def _row_id(row: Row) -> str:
    return f"{row.fn.__module__.split('.')[-1]}.{row.fn.__name__}-{row.match[:30]}"


@pytest.mark.parametrize("row", TABLE, ids=[_row_id(r) for r in TABLE])
def test_bad_input_raises_a_clear_error_naming_what_is_wrong(row, tmp_path, monkeypatch):
    for k, v in (row.env(tmp_path) if row.env else {}).items():
        monkeypatch.setenv(k, v)
    figs = []

    def real(a):
        if a is AX:
            fig, ax = plt.subplots()
            figs.append(fig)
            return ax
        return a

    try:
        with pytest.raises(row.error, match=row.match):
            result = row.fn(*[real(a) for a in row.args], **row.kwargs)
            if hasattr(result, "__enter__") and hasattr(result, "__exit__"):
                with result:  # a context manager checks its arguments when entered
                    pass
    finally:
        for fig in figs:
            plt.close(fig)


def _public_callables():
    for module in MODULES:
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                yield module, name, obj


def test_an_unsupported_format_backend_pair_names_both_and_who_can(tmp_path):
    path = tmp_path / "x.opus"
    Dc.encode(np.tile(X[:, None], 2).astype(np.float32), SR, path, "opus")
    with pytest.raises(Dc.UnsupportedFormatError, match="miniaudio.*opus.*soundfile"):
        Dc.decode(path, backend="miniaudio")


# Exceptions raised by a test of their own just above, rather than by a table row.
RAISED_OUTSIDE_THE_TABLE = {Dc.UnsupportedFormatError}


def test_every_public_function_and_class_is_in_the_table():
    in_table = {id(r.fn) for r in TABLE}
    raised = {r.error for r in TABLE} | RAISED_OUTSIDE_THE_TABLE
    missing = [
        f"{module.__name__}.{name}"
        for module, name, obj in _public_callables()
        if id(obj) not in in_table
        and not (inspect.isclass(obj) and issubclass(obj, BaseException) and obj in raised)
    ]
    assert missing == []


def test_the_table_covers_every_module_of_the_package():
    import pkgutil

    import audiolevels

    names = {m.name for m in pkgutil.iter_modules(audiolevels.__path__)}
    # not library API: the exercise checks, and `python -m audiolevels` (cli.main is in the table)
    tooling = {"exercises", "__main__"}
    covered = {m.__name__.split(".")[-1] for m in MODULES}
    assert names - tooling - covered == set()


# ---------------------------------------------------------------------------- (channels, samples)


def _tone(n, channels=2, amplitude=0.5):
    t = np.arange(n) / SR
    return amplitude * np.stack([np.sin(2 * np.pi * 440 * (c + 1) * t) for c in range(channels)])


def _int16(x):
    return np.round(x * 32767).astype(np.int16)


def _codes(x):
    """8-bit codes 0 … 255 of the same shape as x (any valid codes will do)."""
    return np.round((x + 1) / 2 * 255).astype(np.int64)


# (name, call taking the transposed array)
AUDIO_CALLS = [
    ("signals.as_float_audio", lambda x: S.as_float_audio(x)),
    ("signals.fade", lambda x: S.fade(x, SR)),
    ("signals.concatenate", lambda x: S.concatenate([x], SR)),
    ("normalize.peak_dbfs", lambda x: N.peak_dbfs(x)),
    ("normalize.rms_dbfs", lambda x: N.rms_dbfs(x)),
    ("normalize.crest_factor_db", lambda x: N.crest_factor_db(x)),
    ("normalize.peak_normalize", lambda x: N.peak_normalize(x)),
    ("normalize.rms_normalize", lambda x: N.rms_normalize(x)),
    ("normalize.loudness_normalize", lambda x: N.loudness_normalize(x, SR)),
    ("normalize.lookahead_limiter", lambda x: N.lookahead_limiter(x, SR)),
    ("loudness.gated_blocks", lambda x: L.gated_blocks(x, SR)),
    ("loudness.integrated_loudness", lambda x: L.integrated_loudness(x, SR)),
    ("loudness.momentary_loudness", lambda x: L.momentary_loudness(x, SR)),
    ("loudness.short_term_loudness", lambda x: L.short_term_loudness(x, SR)),
    ("loudness.loudness_range", lambda x: L.loudness_range(x, SR)),
    ("loudness.true_peak_dbtp", lambda x: L.true_peak_dbtp(x, SR)),
    ("weighting.weighted_level_db", lambda x: Wt.weighted_level_db(x, SR)),
    ("mulaw.mu_compress", lambda x: M.mu_compress(x)),
    ("mulaw.mu_expand", lambda x: M.mu_expand(x)),
    ("mulaw.mu_quantize", lambda x: M.mu_quantize(x)),
    ("mulaw.linear_quantize", lambda x: M.linear_quantize(x, 8)),
    ("mulaw.snr_db", lambda x: M.snr_db(x, x)),
    ("mulaw.g711_encode", lambda x: M.g711_encode(_int16(x))),
    ("mulaw.g711_decode", lambda x: M.g711_decode(_codes(x).astype(np.uint8))),
    ("mulaw.mu_dequantize", lambda x: M.mu_dequantize(_codes(x))),
    ("mulaw.linear_dequantize", lambda x: M.linear_dequantize(_codes(x), 8)),
    ("display.listen", lambda x: Dp.listen(x, SR)),
    ("decoding.align", lambda x: Dc.align(x, x)),
    ("decoding.compare", lambda x: Dc.compare(x, x)),
    ("decoding.sample_hash", lambda x: Dc.sample_hash(x)),
    ("spectral.log_magnitude_db", lambda x: Sp.log_magnitude_db(x, SR)),
    ("_checks.audio", lambda x: _checks.audio(x)),
    ("_checks.layout", lambda x: _checks.layout(x)),
]


@pytest.mark.parametrize("n", [4800, 96000])
@pytest.mark.parametrize(("name", "call"), AUDIO_CALLS, ids=[a for a, _ in AUDIO_CALLS])
def test_channels_samples_audio_is_rejected_with_the_transpose_hint(name, call, n):
    x = _tone(n)  # shape (2, n): librosa's layout
    with pytest.raises(ValueError, match=r"\(channels, samples\) — librosa's layout") as err:
        call(x)
    assert f"shape (2, {n})" in str(err.value)
    assert re.search(r"this package takes \(samples, channels\): pass \w+\.T$", str(err.value))


@pytest.mark.parametrize(("name", "call"), AUDIO_CALLS, ids=[a for a, _ in AUDIO_CALLS])
def test_the_same_audio_in_samples_channels_is_accepted(name, call):
    if name == "_checks.layout":
        assert call(_tone(4800).T) is None
        return
    call(_tone(96000).T)  # the check only rejects the transposed layout


def test_snr_db_rejects_a_transposed_test_signal_too():
    with pytest.raises(ValueError, match=r"test has shape \(2, 4800\).*pass test\.T"):
        M.snr_db(_tone(4800).T, _tone(4800))


def test_more_channels_than_the_maximum_is_rejected_even_when_long():
    x = np.zeros((48000, _checks.MAX_CHANNELS + 1))
    with pytest.raises(ValueError, match=r"33 channels, more than the 32 .* pass x\.T"):
        N.peak_dbfs(x)
    assert N.rms_dbfs(np.full((48000, _checks.MAX_CHANNELS), 0.5)) == pytest.approx(
        20 * np.log10(0.5)
    )


def test_transposed_audio_used_to_read_a_wrong_level_and_now_fails():
    # A (2, 96000) array taken for 96000 channels of 2 samples read −16.4 dB(A) instead of the
    # −10.3 dB of the same audio as (96000, 2).
    x = _tone(96000)
    assert Wt.weighted_level_db(x.T, SR, kind="Z") == pytest.approx(
        10 * np.log10(np.mean(x**2)), abs=1e-9
    )
    with pytest.raises(ValueError, match=r"pass x\.T"):
        Wt.weighted_level_db(x, SR)
    with pytest.raises(ValueError, match=r"pass x\.T"):
        L.true_peak_dbtp(x, SR)


# ---------------------------------------------------------------------------- input untouched

# (name, call) on (samples, channels) audio, for every function that takes audio
INPUT_CALLS = [
    ("signals.as_float_audio", lambda x: S.as_float_audio(x)),
    ("signals.fade", lambda x: S.fade(x, SR)),
    ("signals.concatenate", lambda x: S.concatenate([x, x], SR)),
    ("normalize.peak_dbfs", lambda x: N.peak_dbfs(x)),
    ("normalize.rms_dbfs", lambda x: N.rms_dbfs(x)),
    ("normalize.crest_factor_db", lambda x: N.crest_factor_db(x)),
    ("normalize.peak_normalize", lambda x: N.peak_normalize(x).audio),
    ("normalize.rms_normalize", lambda x: N.rms_normalize(x).audio),
    ("normalize.loudness_normalize", lambda x: N.loudness_normalize(x, SR).audio),
    ("normalize.lookahead_limiter", lambda x: N.lookahead_limiter(x, SR)[0]),
    ("loudness.gated_blocks", lambda x: L.gated_blocks(x, SR).block_lufs),
    ("loudness.integrated_loudness", lambda x: L.integrated_loudness(x, SR)),
    ("loudness.momentary_loudness", lambda x: L.momentary_loudness(x, SR)),
    ("loudness.short_term_loudness", lambda x: L.short_term_loudness(x, SR)),
    ("loudness.loudness_range", lambda x: L.loudness_range(x, SR)),
    ("loudness.true_peak_dbtp", lambda x: L.true_peak_dbtp(x, SR)),
    ("weighting.weighted_level_db", lambda x: Wt.weighted_level_db(x, SR)),
    ("mulaw.mu_compress", lambda x: M.mu_compress(x)),
    ("mulaw.mu_expand", lambda x: M.mu_expand(x)),
    ("mulaw.mu_quantize", lambda x: M.mu_quantize(x)),
    ("mulaw.linear_quantize", lambda x: M.linear_quantize(x, 8)),
    ("mulaw.snr_db", lambda x: M.snr_db(x, 0.5 * S.as_float_audio(x))),
    ("display.listen", lambda x: np.frombuffer(Dp.listen(x, SR).data[44:], dtype="<i2")),
]


@pytest.mark.parametrize(("name", "call"), INPUT_CALLS, ids=[a for a, _ in INPUT_CALLS])
def test_no_function_modifies_its_input_and_int16_full_scale_does_not_overflow(name, call):
    pcm = _int16(_tone(4 * SR, amplitude=1.0).T)  # 4 s: long enough for the 3 s window
    pcm[0] = -32768  # the one int16 value whose negation (or abs) overflows in int16
    pcm[1] = 32767
    before = pcm.copy()
    pcm.flags.writeable = False  # an in-place write raises instead of passing unnoticed
    as_float = pcm / 32768.0
    as_float.flags.writeable = False
    from_int16, from_float = call(pcm), call(as_float)
    np.testing.assert_array_equal(pcm, before)
    # int16 is read as x / 32768 (no wrap-around): the same answer as the float array gives.
    np.testing.assert_allclose(np.asarray(from_int16, dtype=float), np.asarray(from_float, float))


def test_g711_encode_full_scale_int16_without_overflow_and_input_untouched():
    pcm = np.array([-32768, 32767, 0], dtype=np.int16)
    pcm.flags.writeable = False
    assert M.g711_encode(pcm).tolist() == [0x00, 0x80, 0xFF]  # G.711: full scale −, +, silence


def test_a_scalar_int16_is_one_pcm_sample_like_a_one_element_int16_array():
    for fn in (M.mu_compress, M.mu_quantize, lambda v: M.linear_quantize(v, 8)):
        for v in (-32768, -5, 0, 16384, 32767):
            assert fn(np.int16(v)) == fn(np.array([v], dtype=np.int16))[0]
    assert M.mu_compress(np.int16(16384)) == pytest.approx(M.mu_compress(0.5))
    assert M.g711_encode(np.int16(1000)) == M.g711_encode(np.array([1000], np.int16))[0]


def test_an_integer_beyond_float_range_is_a_value_error_naming_the_argument():
    with pytest.raises(ValueError, match="sr is too large"):
        S.sine(1000, 1, 10**400)
    with pytest.raises(ValueError, match="amplitude is too large"):
        S.sine(1000, 1, SR, amplitude=10**400)

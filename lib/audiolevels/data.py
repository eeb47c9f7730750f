"""The bundled audio corpus in data/: list, locate and load its clips; read audio safely.

The corpus is committed to the repository and described by ``data/manifest.csv`` (written by
``scripts/make_data.py`` together with ``data/README.md``). Nothing is downloaded.

    >>> from audiolevels.data import load_clip
    >>> x, sr = load_clip("music_mastered", sr=48000, mono=True)  # float32, (samples,)

Clips (speech, music, noise, tones) are for the lessons; the files in ``data/audit_demo/``
have the faults a dataset audit must catch and are listed by :func:`list_audit_demo`.
:func:`read_audio` is the loader both use: every file it cannot decode — empty, not audio,
truncated — becomes an :class:`AudioFileError` that names the file, including a truncated
WAV, which libsndfile itself reads without complaint.
"""

from __future__ import annotations

import csv
import numbers
import os
import struct
from math import gcd
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from audiolevels import _checks

__all__ = [
    "AudioFileError",
    "clip_path",
    "data_dir",
    "list_audit_demo",
    "list_clips",
    "load_clip",
    "read_audio",
]

ENV_VAR = "AUDIOLEVELS_DATA"
_COLUMNS = ("name", "path", "kind")
_INT_COLUMNS = ("frames", "samplerate", "channels")
_FLOAT_COLUMNS = ("duration_s", "peak_dbfs", "rms_dbfs", "crest_db")


class AudioFileError(ValueError):
    """A file that exists but cannot be read as (complete) audio; the message names it."""


def data_dir() -> Path:
    """The corpus folder: ``$AUDIOLEVELS_DATA`` if set, else ``data/`` of this checkout.

    Used by the notebooks through load_clip.

    Returns
    -------
    Path
        The folder holding ``manifest.csv`` and the audio.

    Raises
    ------
    FileNotFoundError
        If the folder does not exist (the package is used outside its repository and
        ``AUDIOLEVELS_DATA`` is not set).
    """
    env = os.environ.get(ENV_VAR)
    folder = Path(env) if env else Path(__file__).resolve().parents[2] / "data"
    if not folder.is_dir():
        how = f"${ENV_VAR}" if env else "the repository's data/ (editable install)"
        raise FileNotFoundError(
            f"audio corpus folder not found: {folder} (from {how}); set {ENV_VAR} to the "
            "data/ folder of an Audio Levels Lab checkout"
        )
    return folder


def _manifest() -> list[dict[str, Any]]:
    """Rows of data/manifest.csv, numbers parsed, ``path`` made absolute."""
    folder = data_dir()
    manifest = folder / "manifest.csv"
    if not manifest.is_file():
        raise FileNotFoundError(f"{manifest} not found: rebuild the corpus with `make data`")
    rows = []
    with manifest.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        have = set(reader.fieldnames or [])
        missing = [c for c in (*_COLUMNS, *_INT_COLUMNS, *_FLOAT_COLUMNS) if c not in have]
        if missing:
            raise ValueError(
                f"{manifest} lacks the column(s) {', '.join(missing)}: it is not a manifest "
                "written by scripts/make_data.py (rebuild the corpus with `make data`)"
            )
        for line, row in enumerate(reader, start=2):
            out: dict[str, Any] = dict(row)
            try:
                out["path"] = folder / row["path"]
                for k in _INT_COLUMNS:
                    out[k] = int(row[k]) if row[k] else None
                for k in _FLOAT_COLUMNS:
                    out[k] = float(row[k]) if row[k] else None
            except (TypeError, ValueError) as err:
                raise ValueError(f"{manifest}, line {line}: malformed row ({err})") from err
            rows.append(out)
    return rows


def list_clips() -> list[dict[str, Any]]:
    """The corpus's clips (not the audit demo files) with their metadata.

    Taught in notebooks/03_normalization.ipynb.

    Returns
    -------
    list of dict
        One dict per clip, in manifest order, with keys ``name``, ``path`` (absolute
        ``Path``), ``kind`` (speech, music, noise, tone), ``description``, ``licence``,
        ``duration_s``, ``frames``, ``samplerate``, ``channels``, ``subtype`` (e.g.
        ``"PCM_24"``), ``format`` (``"WAV"``/``"FLAC"``), ``peak_dbfs``, ``rms_dbfs``,
        ``crest_db``, ``sha256`` and ``command`` (how it was made). A fresh list each call.
    """
    return [
        {k: v for k, v in r.items() if k != "expected_problem"}
        for r in _manifest()
        if r["kind"] != "audit"
    ]


def list_audit_demo() -> list[dict[str, Any]]:
    """The files of ``data/audit_demo/``, each with the problem an audit should find.

    Used by the dataset-audit tools; no lesson yet.

    Returns
    -------
    list of dict
        Same keys as :func:`list_clips` plus ``expected_problem``: one of ``clipped``,
        ``dc_offset``, ``near_silence``, ``low_samplerate``, ``wrong_channels``,
        ``truncated``, ``zero_length``, ``not_audio``. For files that cannot be decoded the
        audio facts (``samplerate`` …) are ``None``.
    """
    return [r for r in _manifest() if r["kind"] == "audit"]


def clip_path(name: str) -> Path:
    """Absolute path of the clip called ``name``.

    Used by the notebooks through load_clip.

    Parameters
    ----------
    name : str
        A name from :func:`list_clips`, e.g. ``"speech_en"``.

    Returns
    -------
    Path

    Raises
    ------
    KeyError
        If there is no such clip; the message lists the known names.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a clip name (str), got {type(name).__name__} {name!r}")
    clips = list_clips()
    for c in clips:
        if c["name"] == name:
            return c["path"]
    known = ", ".join(c["name"] for c in clips)
    raise KeyError(f"unknown clip {name!r}; known clips: {known}")


#: Bytes read at once from a WAV's start to find its data chunk (more are read if needed).
_WAV_HEAD_BYTES = 4096


def _check_wav_complete(path: Path | str, size: int | None = None) -> None:
    """Raise AudioFileError if a RIFF/WAVE file's data chunk runs past the end of the file.

    libsndfile reads such a file without an error and returns the frames that are there, so a
    download cut short passes unnoticed. RF64 and streamed WAVs (size 0xFFFFFFFF) are left
    to libsndfile. ``size``: the file's size in bytes, if the caller has it already.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))  # unbuffered: a few reads
    try:
        if size is None:
            size = os.fstat(fd).st_size
        head = os.read(fd, _WAV_HEAD_BYTES)  # the chunk headers before the data, as a rule
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            return
        pos = 12
        while pos + 8 <= size:
            if pos + 8 <= len(head):
                chunk_id, n = struct.unpack_from("<4sI", head, pos)
            else:
                os.lseek(fd, pos, os.SEEK_SET)
                chunk_id, n = struct.unpack("<4sI", os.read(fd, 8))
            if chunk_id == b"data":
                if n != 0xFFFFFFFF and pos + 8 + n > size:
                    raise AudioFileError(
                        f"{path}: truncated WAV: the header declares {n} bytes of audio but "
                        f"only {size - pos - 8} are in the file"
                    )
                return
            pos += 8 + n + (n & 1)
    finally:
        os.close(fd)
    raise AudioFileError(f"{path}: truncated WAV: no data chunk before the end of the file")


def _check_sr(sr: int | None) -> int | None:
    if sr is None:
        return None
    if isinstance(sr, bool | np.bool_) or not isinstance(sr, numbers.Real):
        raise TypeError(f"sr must be a positive integer or None, got {type(sr).__name__}")
    if not np.isfinite(sr) or sr <= 0 or int(sr) != sr:
        raise ValueError(f"sr must be a positive integer (Hz) or None, got {sr!r}")
    return int(sr)


def read_audio(
    path: str | os.PathLike[str], *, sr: int | None = None, mono: bool = False
) -> tuple[np.ndarray, int]:
    """Read an audio file as float32, optionally resampled and mixed to mono.

    Used by load_clip and the dataset-audit tools.

    Parameters
    ----------
    path : str or path-like
        Any file libsndfile reads (WAV, FLAC, OGG, MP3, …).
    sr : int, optional
        Target sample rate in Hz; ``None`` keeps the file's rate. Resampling is polyphase
        (``scipy.signal.resample_poly`` with the reduced ratio, e.g. up 160, down 147 for
        44.1 → 48 kHz; Kaiser-windowed anti-aliasing filter).
    mono : bool, optional
        Mix to one channel by averaging the channels.

    Returns
    -------
    samples : np.ndarray, float32
        Shape ``(samples,)`` for mono (or ``mono=True``), ``(samples, channels)`` otherwise;
        a new array owned by the caller.
    sr : int
        Its sample rate.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    AudioFileError
        (a ``ValueError``) If the file is empty, not audio, or truncated; the message names
        the file.
    ValueError, TypeError
        If ``sr`` is not a positive integer.
    """
    target = _check_sr(sr)
    mono = _checks.boolean(mono, "mono")
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or path-like, got {type(path).__name__} {path!r}")
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no such audio file")
    if p.stat().st_size == 0:
        raise AudioFileError(f"{p}: the file is empty (0 bytes), not audio")
    _check_wav_complete(p)
    try:
        x, file_sr = sf.read(p, dtype="float32", always_2d=False)
    except sf.LibsndfileError as exc:
        raise AudioFileError(f"{p}: cannot be read as audio: {exc.error_string}") from exc
    except RuntimeError as exc:  # other soundfile errors
        raise AudioFileError(f"{p}: cannot be read as audio: {exc}") from exc
    if mono and x.ndim == 2:
        x = x.mean(axis=1, dtype=np.float64).astype(np.float32)
    if target is not None and target != file_sr:
        _checks.n_samples(x.size * target / file_sr, f"resampling {p.name} to sr={target}")
        from scipy.signal import resample_poly

        g = gcd(target, file_sr)
        x = resample_poly(x, target // g, file_sr // g, axis=0).astype(np.float32)
        file_sr = target
    return np.ascontiguousarray(x, dtype=np.float32), int(file_sr)


def load_clip(name: str, sr: int | None = None, mono: bool = False) -> tuple[np.ndarray, int]:
    """Load a clip of the bundled corpus by name.

    Taught in notebooks/02_a_weighting.ipynb.

    Parameters
    ----------
    name : str
        A name from :func:`list_clips` (e.g. ``"speech_ko"``, ``"music_mastered"``,
        ``"sine_3khz"``).
    sr : int, optional
        Resample to this rate in Hz; ``None`` keeps the file's own rate.
    mono : bool, optional
        Average the channels into one.

    Returns
    -------
    samples : np.ndarray, float32
        Shape ``(samples,)`` or ``(samples, channels)``, in [-1, 1); a fresh array each call,
        so changing it changes nothing else.
    sr : int
        Its sample rate.

    Raises
    ------
    KeyError
        If ``name`` is not a clip; the message lists the known names.
    ValueError
        If ``sr`` is not a positive integer.
    """
    _check_sr(sr)
    _checks.boolean(mono, "mono")
    return read_audio(clip_path(name), sr=sr, mono=mono)

"""Decode and encode audio through independent implementations, align and compare the results.

Three decoder implementations, all from wheels (no system package):

- ``"soundfile"``: libsndfile (its own WAV reader, libFLAC, libvorbis, libopus, mpg123);
- ``"ffmpeg"``: FFmpeg's own decoders, in-process through PyAV (``av``). MP3 goes through
  FFmpeg's floating-point decoder ``mp3float`` (chosen explicitly, not the fixed-point ``mp3``);
- ``"miniaudio"``: dr_wav, dr_flac, dr_mp3 and stb_vorbis through the ``miniaudio`` wheel;

plus ``"librosa"``: ``librosa.load(path, sr=None, mono=False)`` transposed, which calls
soundfile (and, for what soundfile cannot read, audioread — here only WAV/AIFF).

    >>> x, sr = decode("clip.flac", backend="miniaudio")   # (samples, channels), float32

Every decoded array is 2-D, ``(samples, channels)``, even for mono, so that channel counts
compare without special cases. Files that cannot be decoded — empty, not audio, corrupt,
or truncated (a WAV whose data chunk runs past the end, a FLAC that decodes to fewer frames
than its STREAMINFO declares) — raise :class:`DecodeError`, naming the file and the backend.

Taught in notebooks/04_decoding_equality.ipynb.
"""

from __future__ import annotations

import dataclasses
import fractions
import hashlib
import math
import os
import struct
import uuid
import warnings
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import correlate, correlation_lags

from audiolevels import _checks
from audiolevels.data import AudioFileError, _check_wav_complete
from audiolevels.signals import as_float_audio

__all__ = [
    "BACKENDS",
    "BACKEND_FORMATS",
    "DTYPES",
    "ENCODERS",
    "FORMATS",
    "ComparisonReport",
    "DecodeError",
    "UnsupportedFormatError",
    "align",
    "available_backends",
    "compare",
    "decode",
    "encode",
    "sample_hash",
    "sniff_format",
]

#: Decoder backends, in the order tables show them.
BACKENDS = ("soundfile", "ffmpeg", "miniaudio", "librosa")
#: Formats this module reads and writes (``"ogg"`` is Ogg Vorbis, ``"opus"`` is Ogg Opus,
#: ``"aac"`` is AAC-LC in an MP4/.m4a container).
FORMATS = ("wav", "flac", "mp3", "ogg", "opus", "aac")
#: Which backend decodes which format. miniaudio has no Opus or AAC decoder; libsndfile (and
#: so librosa, whose audioread fallback has only its raw WAV/AIFF reader here) has no AAC.
BACKEND_FORMATS = {
    "soundfile": ("wav", "flac", "mp3", "ogg", "opus"),
    "ffmpeg": ("wav", "flac", "mp3", "ogg", "opus", "aac"),
    "miniaudio": ("wav", "flac", "mp3", "ogg"),
    "librosa": ("wav", "flac", "mp3", "ogg", "opus"),
}
DTYPES = ("float32", "float64", "int16")
#: Encoders per format; the first is the default. ``"soundfile"`` is libsndfile (LAME for
#: MP3, libvorbis, libopus, libFLAC); ``"ffmpeg"`` is PyAV's FFmpeg (libmp3lame, libopus, aac).
ENCODERS = {
    "wav": ("soundfile",),
    "flac": ("soundfile",),
    "mp3": ("soundfile", "ffmpeg"),
    "ogg": ("soundfile",),
    "opus": ("soundfile", "ffmpeg"),
    "aac": ("ffmpeg",),
}
_SUBTYPES = {"wav": ("PCM_16", "PCM_24", "FLOAT"), "flac": ("PCM_16", "PCM_24")}
_LOSSY_DEFAULT_KBPS = {"mp3": 128, "opus": 96, "aac": 128}
_OPUS_RATES = (8000, 12000, 16000, 24000, 48000)
# libsndfile's one-shot Vorbis write crashes past ~47 s; write it in blocks this long.
_OGG_BLOCK_FRAMES = 65536
# LAME's VBR quality for vbr=True (0 best … 9 smallest): V2, LAME's recommended default.
_MP3_VBR_QUALITY = 2


class DecodeError(AudioFileError):
    """A file that a backend cannot decode as complete audio; the message names both."""


class UnsupportedFormatError(DecodeError):
    """The backend has no decoder for this file's format; the message names both."""


# --------------------------------------------------------------------------- format sniffing


def _skip_id3(head: bytes) -> int:
    """Offset after any ID3v2 tags at the start of ``head``."""
    pos = 0
    while head[pos : pos + 3] == b"ID3" and len(head) >= pos + 10:
        size = 0
        for b in head[pos + 6 : pos + 10]:
            size = (size << 7) | (b & 0x7F)
        footer = 10 if head[pos + 5] & 0x10 else 0
        pos += 10 + size + footer
    return pos


def _as_path(path: object, name: str = "path") -> Path:
    if not isinstance(path, str | os.PathLike):
        raise TypeError(
            f"{name} must be a file path (str or os.PathLike), got {type(path).__name__}"
        )
    return Path(path)


def sniff_format(path: str | os.PathLike[str]) -> str:
    """The audio format of a file from its first bytes (not its name).

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    str
        One of :data:`FORMATS`.

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    DecodeError
        If the file is empty or its bytes are none of the formats (the message names it).

    Taught in notebooks/04_decoding_equality.ipynb.
    """
    p = _as_path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no such audio file")
    size = p.stat().st_size
    if size == 0:
        raise DecodeError(f"{p}: the file is empty (0 bytes), not audio")
    with p.open("rb") as f:
        head = f.read(1 << 16)
        pos = _skip_id3(head)
        if pos + 4 > len(head):
            f.seek(pos)
            head = head[:pos] + f.read(4096)
    if head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"OggS":
        if b"OpusHead" in head[:200]:
            return "opus"
        if b"\x01vorbis" in head[:200]:
            return "ogg"
    if head[4:8] == b"ftyp":
        return "aac"
    body = head[pos:]
    if body[:4] == b"fLaC":
        return "flac"
    if len(body) >= 2 and body[0] == 0xFF and body[1] & 0xE0 == 0xE0:
        layer = (body[1] >> 1) & 0x3
        if layer == 0x1:  # MPEG audio layer III
            return "mp3"
        if layer == 0x0 and body[1] & 0xF0 == 0xF0:  # ADTS
            return "aac"
    raise DecodeError(
        f"{p}: not a recognised audio file (first bytes {head[:12]!r}); this module reads "
        f"{', '.join(FORMATS)}"
    )


def _flac_declared_frames(path: Path) -> int | None:
    """Total samples per channel from a FLAC file's STREAMINFO (None if unknown or 0)."""
    with path.open("rb") as f:
        head = f.read(1 << 16)
    pos = _skip_id3(head)
    if head[pos : pos + 4] != b"fLaC" or len(head) < pos + 8 + 18:
        return None
    info = head[pos + 8 : pos + 8 + 34]  # the first metadata block is STREAMINFO
    total = ((info[13] & 0x0F) << 32) | struct.unpack(">I", info[14:18])[0]
    return total or None


# --------------------------------------------------------------------------- backends


def _sf_read(path: Path, fmt: str, want: str) -> tuple[np.ndarray, int]:
    dtype = "int32" if want == "int" else want
    if want == "int" and fmt not in ("wav", "flac"):
        dtype = "float32"
    x, sr = sf.read(path, dtype=dtype, always_2d=True)
    return x, sr


def _av_frame_to_array(frame) -> np.ndarray:
    """A PyAV audio frame as (samples, channels): int32 full scale or float."""
    a = frame.to_ndarray()
    name = frame.format.name
    ch = frame.layout.nb_channels
    a = a.T if frame.format.is_planar else a.reshape(-1, ch)
    base = name.rstrip("p")
    if base == "s16":
        return a.astype(np.int32) << 16
    if base == "s32":
        return a.astype(np.int32)
    if base == "u8":
        return (a.astype(np.int32) - 128) << 24
    if base in ("flt", "dbl"):
        return a
    raise DecodeError(f"FFmpeg gave an unexpected sample format {name!r}")


def _ff_read(path: Path, fmt: str, want: str) -> tuple[np.ndarray, int]:
    import av

    blocks = []
    with av.open(str(path)) as container:
        if not container.streams.audio:
            raise DecodeError(f"{path}: no audio stream (backend 'ffmpeg')")
        stream = container.streams.audio[0]
        if fmt == "mp3":
            # FFmpeg has a fixed-point ("mp3") and a floating-point ("mp3float") decoder;
            # take the float one explicitly so the output is not rounded to 16 bits.
            ctx = av.CodecContext.create("mp3float", "r")
            for packet in container.demux(stream):
                if packet.size:
                    blocks.extend(_av_frame_to_array(fr) for fr in ctx.decode(packet))
            sr = ctx.sample_rate or stream.codec_context.sample_rate
        else:
            blocks.extend(_av_frame_to_array(fr) for fr in container.decode(stream))
            sr = stream.codec_context.sample_rate
    if not blocks:
        raise DecodeError(f"{path}: no audio frames decoded (backend 'ffmpeg')")
    x = np.concatenate(blocks, axis=0)
    return x, int(sr)


def _ma_read(path: Path, fmt: str, want: str) -> tuple[np.ndarray, int]:
    import miniaudio

    info = miniaudio.get_file_info(str(path))
    integer = want == "int" and fmt in ("wav", "flac")
    out = miniaudio.SampleFormat.SIGNED32 if integer else miniaudio.SampleFormat.FLOAT32
    # The file's own channel count and rate: miniaudio converts nothing.
    d = miniaudio.decode_file(
        str(path), output_format=out, nchannels=info.nchannels, sample_rate=info.sample_rate
    )
    dtype = np.int32 if integer else np.float32
    x = np.frombuffer(d.samples, dtype=dtype).reshape(-1, d.nchannels).copy()
    return x, int(d.sample_rate)


def _lr_read(path: Path, fmt: str, want: str) -> tuple[np.ndarray, int]:
    import librosa

    dtype = np.float64 if want == "float64" else np.float32
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its audioread fallback warns; we raise instead
        y, sr = librosa.load(path, sr=None, mono=False, dtype=dtype)
    x = y[:, None] if y.ndim == 1 else y.T
    return np.ascontiguousarray(x), int(sr)


_READERS = {"soundfile": _sf_read, "ffmpeg": _ff_read, "miniaudio": _ma_read, "librosa": _lr_read}
_IMPORTS = {
    "soundfile": "soundfile",
    "ffmpeg": "av",
    "miniaudio": "miniaudio",
    "librosa": "librosa",
}


def available_backends(format: str | None = None) -> dict[str, str | None]:
    """Which decoder backends work here (and decode ``format``), and why the others do not.

    Parameters
    ----------
    format : str, optional
        One of :data:`FORMATS`; ``None`` asks only whether the backend imports.

    Returns
    -------
    dict
        Backend name → ``None`` if it works, else a sentence saying why not (its import
        error, or that it has no decoder for ``format`` and which formats it decodes).

    Raises
    ------
    ValueError
        If ``format`` is not one of :data:`FORMATS`.

    Taught in notebooks/04_decoding_equality.ipynb.
    """
    fmt = None if format is None else _check_format(format)
    out: dict[str, str | None] = {}
    for backend in BACKENDS:
        try:
            __import__(_IMPORTS[backend])
        except ImportError as exc:  # pragma: no cover - every backend is installed here
            out[backend] = f"cannot import {_IMPORTS[backend]!r}: {exc}"
            continue
        if fmt is not None and fmt not in BACKEND_FORMATS[backend]:
            out[backend] = (
                f"{backend} has no {fmt} decoder; it decodes {', '.join(BACKEND_FORMATS[backend])}"
            )
        else:
            out[backend] = None
    return out


def _check_backend(backend: object) -> str:
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; backends: {', '.join(BACKENDS)}")
    return str(backend)


def _check_format(format: object) -> str:
    fmt = format.lower() if isinstance(format, str) else format
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {format!r}; formats: {', '.join(FORMATS)}")
    return str(fmt)


def _to_dtype(x: np.ndarray, dtype: str, path: Path, backend: str) -> np.ndarray:
    if x.dtype == np.int32:
        if dtype == "int16":
            if np.any(x & 0xFFFF):
                raise ValueError(
                    f"dtype='int16' would round the samples of {path} (backend {backend!r}): "
                    "they are not 16-bit values (a 24-bit or 32-bit file); "
                    "pass dtype='float32' or 'float64'"
                )
            return (x >> 16).astype(np.int16)
        return (x.astype(np.float64) / 2.0**31).astype(dtype)
    if dtype == "int16":
        scaled = x.astype(np.float64) * 32768.0
        if not (
            np.all(scaled == np.round(scaled)) and scaled.min() >= -32768 and scaled.max() < 32768
        ):
            raise ValueError(
                f"dtype='int16' would round the samples of {path} (backend {backend!r}): "
                "they are not 16-bit values (a lossy, 24-bit or float file); "
                "pass dtype='float32' or 'float64'"
            )
        return scaled.astype(np.int16)
    return np.ascontiguousarray(x, dtype=dtype)


def decode(
    path: str | os.PathLike[str], backend: str = "soundfile", dtype: str = "float32"
) -> tuple[np.ndarray, int]:
    """Decode an audio file with one chosen decoder implementation.

    Parameters
    ----------
    path : str or path-like
        A WAV, FLAC, MP3, Ogg Vorbis, Ogg Opus or AAC (.m4a/.aac) file; the format is read
        from the file's bytes, not its name.
    backend : {"soundfile", "ffmpeg", "miniaudio", "librosa"}
        The decoder (see the module docstring and :data:`BACKEND_FORMATS`).
    dtype : {"float32", "float64", "int16"}
        Float in [-1, 1] (integer PCM scaled by 1/32768 for 16-bit, 1/2**23 for 24-bit:
        exact in float32). ``"int16"`` is returned only when it is lossless — the decoded
        samples are 16-bit values (16-bit WAV/FLAC); otherwise ValueError.

    Returns
    -------
    x : np.ndarray, shape (samples, channels)
        Always 2-D, also for mono; a new array owned by the caller.
    sr : int
        The sample rate in Hz.

    Raises
    ------
    ValueError
        Unknown ``backend`` or ``dtype`` (the message lists the allowed ones), or
        ``dtype="int16"`` for samples that are not 16-bit values.
    FileNotFoundError
        If ``path`` does not exist.
    UnsupportedFormatError
        (a :class:`DecodeError`) If ``backend`` has no decoder for the file's format.
    DecodeError
        (an ``audiolevels.data.AudioFileError``) If the file is empty, not audio, corrupt or
        truncated; the message names the file and the backend.

    Taught in notebooks/04_decoding_equality.ipynb.
    """
    backend = _check_backend(backend)
    if dtype not in DTYPES:
        raise ValueError(f"unknown dtype {dtype!r}; dtypes: {', '.join(DTYPES)}")
    p = _as_path(path)
    try:
        fmt = sniff_format(p)
    except DecodeError as exc:
        raise DecodeError(f"{exc} (backend {backend!r})") from None
    if fmt not in BACKEND_FORMATS[backend]:
        can = [b for b in BACKENDS if fmt in BACKEND_FORMATS[b]]
        raise UnsupportedFormatError(
            f"{p}: backend {backend!r} cannot decode format {fmt!r}; "
            f"backends that can: {', '.join(can)}"
        )
    if fmt == "wav":
        try:
            _check_wav_complete(p)
        except AudioFileError as exc:
            raise DecodeError(f"{exc} (backend {backend!r})") from None
    want = "int" if dtype == "int16" else dtype
    try:
        x, sr = _READERS[backend](p, fmt, want)
    except DecodeError as exc:
        raise DecodeError(f"{p}: {exc} (backend {backend!r})") from exc
    except Exception as exc:  # each library has its own error types; keep the cause chained
        raise DecodeError(
            f"{p}: backend {backend!r} cannot decode this {fmt} file: {type(exc).__name__}: {exc}"
        ) from exc
    if x.shape[0] == 0:
        raise DecodeError(f"{p}: backend {backend!r} decoded 0 samples")
    if fmt == "flac":
        declared = _flac_declared_frames(p)
        if declared is not None and x.shape[0] != declared:
            raise DecodeError(
                f"{p}: truncated or corrupt FLAC: its header declares {declared} frames but "
                f"backend {backend!r} decoded {x.shape[0]}"
            )
    return _to_dtype(x, dtype, p, backend), int(sr)


# --------------------------------------------------------------------------- encoding


def _inside_data_dir(path: Path) -> bool:
    from audiolevels.data import data_dir

    try:
        folder = data_dir().resolve()
    except FileNotFoundError:
        return False
    return path.resolve().is_relative_to(folder)


def _check_bitrate(fmt: str, bitrate_kbps: object, vbr: bool, encoder: str, sr: int) -> int | None:
    if fmt in ("wav", "flac"):
        if bitrate_kbps is not None or vbr:
            raise ValueError(
                f"{fmt} is lossless: bitrate_kbps and vbr do not apply (got "
                f"bitrate_kbps={bitrate_kbps!r}, vbr={vbr!r})"
            )
        return None
    if fmt == "ogg":
        if bitrate_kbps is not None or vbr:
            raise ValueError(
                "libsndfile's Vorbis encoder is quality-based (its default quality): "
                f"bitrate_kbps and vbr do not apply (got bitrate_kbps={bitrate_kbps!r})"
            )
        return None
    if fmt == "mp3" and vbr:
        if bitrate_kbps is not None:
            raise ValueError(
                f"vbr=True encodes MP3 at LAME's VBR quality V{_MP3_VBR_QUALITY}, not at a "
                f"bitrate: leave bitrate_kbps=None (got {bitrate_kbps!r})"
            )
        return None
    if vbr:
        raise ValueError(f"vbr applies to mp3 only, not to {fmt}")
    if bitrate_kbps is None:
        return _LOSSY_DEFAULT_KBPS[fmt]
    if isinstance(bitrate_kbps, bool) or not isinstance(bitrate_kbps, int | np.integer):
        raise TypeError(f"bitrate_kbps must be a whole number of kbps, got {bitrate_kbps!r}")
    kbps = int(bitrate_kbps)
    lo, hi = {"mp3": (8, 320), "opus": (6, 510), "aac": (8, 512)}[fmt]
    if fmt == "mp3" and sr >= 32000:
        lo = 32
    if not lo <= kbps <= hi:
        raise ValueError(f"bitrate_kbps for {fmt} must be in [{lo}, {hi}] kbps, got {kbps}")
    return kbps


def _write_soundfile(
    x: np.ndarray, sr: int, path: Path, fmt: str, kbps: int | None, vbr: bool, subtype: str
) -> None:
    ch = x.shape[1]
    if fmt in ("wav", "flac"):
        # Quantise here (round to nearest, full scale clipped to the top code) and hand
        # libsndfile integers, so that k/32768 (or k/2**23) comes back as exactly k.
        if subtype == "PCM_16":
            data = np.clip(np.round(x * 32768.0), -32768, 32767).astype(np.int16)
        elif subtype == "PCM_24":
            q = np.clip(np.round(x * 2.0**23), -(2**23), 2**23 - 1).astype(np.int32)
            data = q << 8
        else:
            data = x.astype(np.float32)
        sf.write(path, data, sr, format=fmt.upper(), subtype=subtype)
    elif fmt == "mp3":
        # Always float: libsndfile's int16 stereo MP3 path copies half the bytes it should
        # (memcpy of `writecount` bytes for `writecount` shorts) and writes garbage.
        data = x.astype(np.float32)
        if vbr:
            sf.write(
                path,
                data,
                sr,
                format="MP3",
                subtype="MPEG_LAYER_III",
                bitrate_mode="VARIABLE",
                compression_level=_MP3_VBR_QUALITY / 10.0,
            )
        else:
            # libsndfile maps compression c to (int)(320 - c * 288) kbps at >= 32 kHz
            # ((int)(160 - c * 152) at 16-32 kHz, (int)(64 - c * 56) below): aim half a
            # kbps above the target so the truncation lands on it.
            top, span = (320, 288) if sr >= 32000 else (160, 152) if sr >= 16000 else (64, 56)
            c = min(max((top - kbps - 0.5) / span, 0.0), 1.0)
            sf.write(
                path,
                data,
                sr,
                format="MP3",
                subtype="MPEG_LAYER_III",
                bitrate_mode="CONSTANT",
                compression_level=c,
            )
    elif fmt == "ogg":
        # One-shot Vorbis writes longer than ~47 s crash libsndfile: write in blocks.
        with sf.SoundFile(path, "w", sr, ch, format="OGG", subtype="VORBIS") as f:
            for i in range(0, x.shape[0], _OGG_BLOCK_FRAMES):
                f.write(x[i : i + _OGG_BLOCK_FRAMES].astype(np.float32))
    elif fmt == "opus":
        # libsndfile: bitrate = ((1 - c) * 250000 + 6000) * channels bps.
        per_channel = kbps * 1000.0 / ch
        c = min(max(1.0 - (per_channel - 6000.0) / 250000.0, 0.0), 1.0)
        with sf.SoundFile(
            path, "w", sr, ch, format="OGG", subtype="OPUS", compression_level=c
        ) as f:
            for i in range(0, x.shape[0], _OGG_BLOCK_FRAMES):
                f.write(x[i : i + _OGG_BLOCK_FRAMES].astype(np.float32))
    else:  # pragma: no cover - guarded by ENCODERS
        raise ValueError(f"soundfile does not encode {fmt}")


def _write_ffmpeg(
    x: np.ndarray,
    sr: int,
    path: Path,
    fmt: str,
    kbps: int | None,
    vbr: bool,
    *,
    gapless_tag: bool = True,
) -> None:
    import av

    codec, container_fmt, sample_fmt = {
        "mp3": ("libmp3lame", "mp3", "fltp"),
        "opus": ("libopus", "ogg", "flt"),
        "aac": ("aac", "ipod", "fltp"),
    }[fmt]
    ch = x.shape[1]
    layout = {1: "mono", 2: "stereo"}.get(ch)
    if layout is None:
        raise ValueError(f"the ffmpeg encoder here writes mono or stereo, got {ch} channels")
    options = {} if gapless_tag or fmt != "mp3" else {"write_xing": "0"}
    data = x.astype(np.float32)
    with av.open(str(path), "w", format=container_fmt, options=options) as out:
        stream = out.add_stream(codec, rate=sr, layout=layout)
        cc = stream.codec_context
        cc.format = sample_fmt
        if vbr:
            cc.qscale = True
            # PyAV's FFmpeg takes global_quality here as LAME's V quality itself (measured:
            # 2 gives the same bitrate as libsndfile's V2; 2 * FF_QP2LAMBDA gives V9.99).
            cc.global_quality = _MP3_VBR_QUALITY
        else:
            cc.bit_rate = kbps * 1000
        cc.open()
        n = cc.frame_size or 1152
        tb = fractions.Fraction(1, sr)
        for i in range(0, data.shape[0], n):
            block = data[i : i + n]
            if sample_fmt.endswith("p"):
                arr = np.ascontiguousarray(block.T)
            else:
                arr = np.ascontiguousarray(block).reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(arr, format=sample_fmt, layout=layout)
            frame.sample_rate = sr
            frame.pts = i
            frame.time_base = tb
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def encode(
    x: np.ndarray,
    sr: int,
    path: str | os.PathLike[str],
    format: str,
    *,
    bitrate_kbps: int | None = None,
    vbr: bool = False,
    encoder: str | None = None,
    subtype: str | None = None,
    overwrite: bool = False,
    gapless_tag: bool = True,
) -> Path:
    """Write audio as WAV, FLAC, MP3, Ogg Vorbis, Ogg Opus or AAC (.m4a).

    Parameters
    ----------
    x : array, shape (samples,) or (samples, channels)
        Float audio in [-1, 1], or int16/int32 PCM (scaled by 1/32768, 1/2**31).
    sr : int
        Sample rate in Hz, > 0 (Opus: 8000, 12000, 16000, 24000 or 48000).
    path : str or path-like
        The file to write; its folder must exist, and it must not be inside ``data/``.
    format : {"wav", "flac", "mp3", "ogg", "opus", "aac"}
        ``"aac"`` writes AAC-LC in an MP4 (.m4a) container: only the ``"ffmpeg"`` backend
        decodes it.
    bitrate_kbps : int, optional
        For mp3 (CBR; default 128), opus (default 96) and aac (default 128). Not for
        wav/flac (lossless) or ogg (libsndfile's Vorbis is quality-based).
    vbr : bool
        MP3 only: LAME's VBR at quality V2 instead of CBR (``bitrate_kbps`` must be None).
    encoder : str, optional
        From :data:`ENCODERS` for the format: ``"soundfile"`` (libsndfile: LAME, libvorbis,
        libopus, libFLAC) or ``"ffmpeg"`` (PyAV: libmp3lame, libopus, FFmpeg's aac).
        Default: the first listed.
    subtype : str, optional
        WAV: ``"PCM_16"`` (default), ``"PCM_24"``, ``"FLOAT"``; FLAC: ``"PCM_16"``
        (default), ``"PCM_24"``. Integer subtypes round to the nearest code; float values
        outside [-1, 1] raise instead of clipping.
    overwrite : bool
        Replace an existing file (default: refuse).
    gapless_tag : bool
        MP3 through ``"ffmpeg"`` only: ``False`` leaves out the Xing/LAME info frame, so
        decoders cannot remove the encoder delay and padding.

    Returns
    -------
    Path
        The written file (written under a temporary name in the same folder, then renamed).

    Raises
    ------
    ValueError, TypeError
        Bad audio (wrong shape — a (channels, samples) array asks for ``x.T`` —, NaN, empty),
        ``sr`` not a positive integer, an unknown format/encoder/subtype, a bitrate for a
        lossless format or out of range, a target inside ``data/``.
    FileExistsError
        If ``path`` exists and ``overwrite`` is False.

    Taught in notebooks/04_decoding_equality.ipynb.
    """
    fmt = _check_format(format)
    audio = as_float_audio(x, name="x")
    if audio.ndim == 1:
        audio = audio[:, None]
    else:
        _checks.layout(np.asarray(x))
    if isinstance(sr, bool) or not isinstance(sr, int | np.integer) or sr <= 0:
        raise ValueError(f"sr must be a positive integer sample rate in Hz, got {sr!r}")
    sr = int(sr)
    if encoder is None:
        encoder = ENCODERS[fmt][0]
    if encoder not in ENCODERS[fmt]:
        raise ValueError(
            f"unknown encoder {encoder!r} for {fmt}; encoders for {fmt}: {', '.join(ENCODERS[fmt])}"
        )
    if fmt in _SUBTYPES:
        subtype = "PCM_16" if subtype is None else subtype
        if subtype not in _SUBTYPES[fmt]:
            raise ValueError(
                f"unknown subtype {subtype!r} for {fmt}; subtypes: {', '.join(_SUBTYPES[fmt])}"
            )
        if subtype != "FLOAT" and np.max(np.abs(audio)) > 1.0:
            raise ValueError(
                f"x has samples beyond full scale (max |x| = {np.max(np.abs(audio)):.4g}); "
                f"{subtype} would clip them: scale x into [-1, 1] first"
            )
    elif subtype is not None:
        raise ValueError(f"subtype applies to wav and flac only, not to {fmt}")
    kbps = _check_bitrate(fmt, bitrate_kbps, bool(vbr), encoder, sr)
    if fmt == "opus" and sr not in _OPUS_RATES:
        raise ValueError(
            f"Opus encodes at {', '.join(map(str, _OPUS_RATES))} Hz only, got sr={sr}: "
            "resample first (e.g. scipy.signal.resample_poly)"
        )
    ch = audio.shape[1]
    if fmt == "opus" and encoder == "soundfile" and not 6 * ch <= kbps <= 256 * ch:
        raise ValueError(
            f"libsndfile's Opus encoder takes 6-256 kbps per channel ({6 * ch}-{256 * ch} kbps "
            f"for {ch} channel(s)), got bitrate_kbps={kbps}"
        )
    if not gapless_tag and not (fmt == "mp3" and encoder == "ffmpeg"):
        raise ValueError("gapless_tag=False applies to mp3 with encoder='ffmpeg' only")
    target = _as_path(path)
    if _inside_data_dir(target):
        raise ValueError(f"{target} is inside the bundled corpus folder data/: write elsewhere")
    if not target.parent.is_dir():
        raise FileNotFoundError(f"{target.parent}: the output folder does not exist")
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} exists; pass overwrite=True to replace it")
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        if encoder == "soundfile":
            _write_soundfile(audio, sr, tmp, fmt, kbps, bool(vbr), subtype or "")
        else:
            _write_ffmpeg(audio, sr, tmp, fmt, kbps, bool(vbr), gapless_tag=gapless_tag)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


# --------------------------------------------------------------------------- comparing


def _as_2d(x: object, name: str) -> np.ndarray:
    arr = as_float_audio(x, name=name)
    if arr.ndim == 1:
        arr = arr[:, None]
    else:
        _checks.layout(np.asarray(x), name)
    return arr


def align(
    reference: np.ndarray, test: np.ndarray, *, max_lag: int | None = None
) -> tuple[int, np.ndarray, np.ndarray]:
    """Align ``test`` to ``reference`` by cross-correlation and trim both to their overlap.

    Parameters
    ----------
    reference, test : array, shape (samples,) or (samples, channels)
        The same number of channels; correlated on their channel means
        (``scipy.signal.correlate``, FFT method).
    max_lag : int, optional
        Largest |lag| searched, in samples (default: every lag).

    Returns
    -------
    lag : int
        Samples by which ``test`` is late: ``test[n + lag]`` lines up with ``reference[n]``
        (an encoder delay of 1105 samples gives +1105; negative if ``test`` starts early).
    reference_aligned, test_aligned : np.ndarray of float64
        New arrays of equal length (the common overlap), the input's shape kind kept
        (1-D in, 1-D out). The inputs are not modified.

    Raises
    ------
    ValueError, TypeError
        Bad audio, different channel counts, or a negative ``max_lag``.

    Taught in notebooks/04_decoding_equality.ipynb.
    """
    one_d = np.ndim(reference) == 1 and np.ndim(test) == 1
    ref = _as_2d(reference, "reference")
    tst = _as_2d(test, "test")
    if ref.shape[1] != tst.shape[1]:
        raise ValueError(
            f"reference has {ref.shape[1]} channels and test {tst.shape[1]}: align needs the same"
        )
    if max_lag is not None:
        if isinstance(max_lag, bool) or not isinstance(max_lag, int | np.integer) or max_lag < 0:
            raise ValueError(f"max_lag must be a whole number of samples >= 0, got {max_lag!r}")
    corr = correlate(tst.mean(axis=1), ref.mean(axis=1), mode="full", method="fft")
    lags = correlation_lags(tst.shape[0], ref.shape[0], mode="full")
    if max_lag is not None:
        keep = np.abs(lags) <= max_lag
        corr, lags = corr[keep], lags[keep]
    lag = int(lags[np.argmax(corr)]) if np.any(corr > 0) else 0
    if lag >= 0:
        ref_a, tst_a = ref, tst[lag:]
    else:
        ref_a, tst_a = ref[-lag:], tst
    n = min(ref_a.shape[0], tst_a.shape[0])
    ref_a, tst_a = ref_a[:n].copy(), tst_a[:n].copy()
    if one_d:
        return lag, ref_a[:, 0], tst_a[:, 0]
    return lag, ref_a, tst_a


_align = align  # compare() takes a keyword called ``align``


def _db(ratio: float, power: bool = False) -> float:
    if ratio == 0:
        return -math.inf
    if math.isinf(ratio):
        return math.inf
    return (10.0 if power else 20.0) * math.log10(ratio)


@dataclasses.dataclass(frozen=True)
class ComparisonReport:
    """How a test signal ``b`` differs from a reference ``a`` (see :func:`compare`)."""

    bit_exact: bool
    max_abs_diff: float
    max_abs_diff_dbfs: float
    snr_db: float
    lag_samples: int
    length_diff_samples: int
    gain_db: float
    compared_samples: int

    def __repr__(self) -> str:
        return (
            f"ComparisonReport(bit_exact={self.bit_exact}, max|Δ|={self.max_abs_diff:.3g} "
            f"({self.max_abs_diff_dbfs:.1f} dBFS), SNR={self.snr_db:.1f} dB, "
            f"lag={self.lag_samples} samples, length diff={self.length_diff_samples:+d} "
            f"samples, gain={self.gain_db:+.3f} dB, over {self.compared_samples} samples)"
        )

    def as_dict(self) -> dict[str, float | int | bool]:
        """The fields as a plain dict (for a pandas row)."""
        return dataclasses.asdict(self)


def compare(
    a: np.ndarray, b: np.ndarray, *, align: bool = True, max_lag: int | None = None
) -> ComparisonReport:
    """Compare a test signal ``b`` with a reference ``a``: exactness, difference, gain, lag.

    Parameters
    ----------
    a, b : array, shape (samples,) or (samples, channels)
        Same channel count. int16 is scaled by 1/32768, so int16 and float decodes compare.
    align : bool
        Align ``b`` to ``a`` first (:func:`align`); otherwise compare from sample 0.
        Either way both are trimmed to their common length.
    max_lag : int, optional
        Passed to :func:`align`.

    Returns
    -------
    ComparisonReport
        ``bit_exact``: same shape and every sample equal, before any alignment.
        ``max_abs_diff`` = max |b − a| over the overlap, and in dBFS (20·log10; −inf if 0).
        ``snr_db`` = 10·log10(Σa² / Σ(b − a)²) (+inf if equal). ``lag_samples`` from
        :func:`align` (0 without it). ``length_diff_samples`` = len(b) − len(a).
        ``gain_db`` = 20·log10(g), g = Σab / Σa² the least-squares gain of ``b`` against ``a``.
        ``compared_samples``: the overlap's length.

    Taught in notebooks/04_decoding_equality.ipynb.
    """
    ref = _as_2d(a, "a")
    tst = _as_2d(b, "b")
    if ref.shape[1] != tst.shape[1]:
        raise ValueError(
            f"a has {ref.shape[1]} channels and b {tst.shape[1]}: compare needs the same"
        )
    align = _checks.boolean(align, "align")
    bit_exact = ref.shape == tst.shape and bool(np.array_equal(ref, tst))
    if align:
        lag, ra, ta = _align(ref, tst, max_lag=max_lag)
    else:
        lag = 0
        n = min(ref.shape[0], tst.shape[0])
        ra, ta = ref[:n], tst[:n]
    diff = ta - ra
    max_abs = float(np.max(np.abs(diff))) if diff.size else 0.0
    e_ref = float(np.sum(ra * ra))
    e_diff = float(np.sum(diff * diff))
    snr = math.inf if e_diff == 0 else _db(e_ref / e_diff, power=True)
    g = float(np.sum(ra * ta)) / e_ref if e_ref > 0 else math.nan
    gain_db = _db(g) if g > 0 else (math.nan if math.isnan(g) or g < 0 else -math.inf)
    return ComparisonReport(
        bit_exact=bit_exact,
        max_abs_diff=max_abs,
        max_abs_diff_dbfs=_db(max_abs),
        snr_db=snr,
        lag_samples=int(lag),
        length_diff_samples=int(tst.shape[0] - ref.shape[0]),
        gain_db=gain_db,
        compared_samples=int(ra.shape[0]),
    )


def sample_hash(x: np.ndarray) -> str:
    """SHA-256 of the sample values, independent of the container, decoder and dtype.

    The values (float, or int16/int32 scaled as everywhere in the package) are written as
    the narrowest exact form: 16-bit integers if every sample is k/32768, else 24-bit
    integers (in int32) if every sample is k/2**23, else float32 if exact, else float64;
    the hash covers that form's name, the shape (samples, channels) and the little-endian
    bytes. So a 16-bit WAV and its FLAC hash equal whether decoded to float32, float64 or
    int16, by any backend; 1-D input hashes as one channel.

    Parameters
    ----------
    x : array, shape (samples,) or (samples, channels)

    Returns
    -------
    str
        64 hex digits.

    Taught in notebooks/04_decoding_equality.ipynb.
    """
    v = _as_2d(x, "x")
    for name, scale, lo, hi, dtype in (
        ("int16", 2.0**15, -(2**15), 2**15 - 1, "<i2"),
        ("int24", 2.0**23, -(2**23), 2**23 - 1, "<i4"),
    ):
        s = v * scale
        if np.all(s == np.round(s)) and s.min() >= lo and s.max() <= hi:
            kind, data = name, s.astype(dtype)
            break
    else:
        f32 = v.astype(np.float32)
        if np.array_equal(f32.astype(np.float64), v):
            kind, data = "float32", f32.astype("<f4")
        else:
            kind, data = "float64", v.astype("<f8")
    h = hashlib.sha256()
    h.update(f"{kind}:{data.shape[0]}x{data.shape[1]}:".encode())
    h.update(np.ascontiguousarray(data).tobytes())
    return h.hexdigest()

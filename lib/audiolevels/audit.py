"""Audit the levels of a whole folder of audio, and write a normalized copy of it.

:func:`audit_folder` reads every audio file in blocks through the streaming
:class:`audiolevels.loudness.LoudnessMeter` (memory bounded by the number of 100 ms hops, not
by the samples), one file per task, in parallel processes — or on any
``concurrent.futures.Executor``, such as a Dask cluster's::

    from distributed import Client
    client = Client("tcp://scheduler:8786")           # or Client(LocalCluster(...))
    table = audit_folder("corpus/", executor=client.get_executor())

(the workers must see the same files under the same path). It returns one row per file
with the levels and the problems found (:data:`FLAGS`). :func:`normalize_folder` writes a
peak-, RMS- or loudness-normalized copy into another folder, never touching the source.

Taught in notebooks/08_dataset_audit.ipynb.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import sys
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, ProcessPoolExecutor, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import soundfile as sf
import xxhash

from audiolevels import _checks
from audiolevels.data import AudioFileError, _check_wav_complete
from audiolevels.loudness import LoudnessMeter
from audiolevels.signals import as_float_audio

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AUDIO_EXTENSIONS",
    "CLIP_LEVEL",
    "CLIPPED_MIN_SAMPLES",
    "COLUMNS",
    "DC_OFFSET_MAX",
    "FLAGS",
    "MANIFEST_COLUMNS",
    "MANIFEST_NAME",
    "MINORITY_SHARE_MAX",
    "NEAR_SILENCE_LUFS",
    "NEAR_SILENT_SHARE_MAX",
    "TOO_SHORT_S",
    "audit_folder",
    "normalize_folder",
]

#: File name endings (case-insensitive) taken as audio; other files are not audited.
AUDIO_EXTENSIONS: tuple[str, ...] = (
    ".wav", ".wave", ".flac", ".ogg", ".oga", ".opus", ".mp3", ".aif", ".aiff", ".aifc",
    ".au", ".snd", ".caf", ".w64", ".rf64",
)  # fmt: skip
#: A sample value with |x| ≥ this counts as clipped: 32767/32768, int16's full scale
#: (−0.00027 dBFS); 24-bit and float files at or beyond full scale count too.
CLIP_LEVEL = 1.0 - 2.0**-15
#: Flag ``clipped`` from this many clipped sample values (one full-scale peak is not clipping).
CLIPPED_MIN_SAMPLES = 3
#: Flag ``dc_offset`` when the mean of a channel exceeds this in magnitude (−40 dBFS).
DC_OFFSET_MAX = 0.01
#: A 100 ms hop is near-silent below this K-weighted loudness, LUFS.
NEAR_SILENCE_LUFS = -60.0
#: Flag ``near_silence`` when at least this share of the 100 ms hops is near-silent.
NEAR_SILENT_SHARE_MAX = 0.5
#: Shorter than one 400 ms gating block of BS.1770: integrated loudness is −inf.
TOO_SHORT_S = 0.4
#: Flag ``sample_rate`` / ``channels`` only for a rare value: one held by at most this share
#: of the readable files (or by a single file) and by fewer files than the most common value.
#: A folder that is half 44.1 kHz and half 48 kHz is mixed, not faulty: nothing is flagged.
MINORITY_SHARE_MAX = 0.1
#: A duplicate's reason names this many of the other files with its samples, then counts the
#: rest (so that it stays short when thousands of files are copies of one).
DUPLICATES_NAMED = 3

#: The flags :func:`audit_folder` can raise, and what each means.
FLAGS: dict[str, str] = {
    "unreadable": "the file cannot be opened or decoded as audio",
    "truncated": "the file ends before the audio its header declares (cut short)",
    "zero_length": "an empty file (0 bytes) or one with no audio frames",
    "too_short": f"shorter than {TOO_SHORT_S * 1000:.0f} ms: BS.1770 integrated loudness is -inf",
    "clipped": f"at least {CLIPPED_MIN_SAMPLES} sample values with |x| >= 1 - 2**-15",
    "dc_offset": f"a channel's mean exceeds {DC_OFFSET_MAX} in magnitude (-40 dBFS)",
    "near_silence": (
        f"at least {NEAR_SILENT_SHARE_MAX:.0%} of the 100 ms hops are below "
        f"{NEAR_SILENCE_LUFS:.0f} LUFS"
    ),
    "sample_rate": (
        f"a rare sample rate: at most {MINORITY_SHARE_MAX:.0%} of the readable files (or one "
        "file) have it, and more have the most common one"
    ),
    "channels": (
        f"a rare channel count: at most {MINORITY_SHARE_MAX:.0%} of the readable files (or one "
        "file) have it, and more have the most common one"
    ),
    "duplicate": "the same decoded samples (and rate) as another file",
}

#: Columns of :func:`audit_folder`'s table, in order.
COLUMNS: tuple[str, ...] = (
    "path", "format", "subtype", "sr", "channels", "duration_s", "sample_peak_dbfs",
    "true_peak_dbtp", "rms_dbfs", "integrated_lufs", "lra_lu", "max_short_term_lufs",
    "dc_offset", "clipped_samples", "near_silent_share", "content_hash", "error", "flags",
    "reasons",
)  # fmt: skip

#: Columns of the manifest :func:`normalize_folder` writes and returns.
MANIFEST_COLUMNS: tuple[str, ...] = (
    "file", "status", "reason", "method", "level_unit", "level_before", "gain_db",
    "level_after", "true_peak_before_dbtp", "true_peak_after_dbtp", "lowered_for_true_peak",
    "clipped_samples",
)  # fmt: skip
#: The manifest's file name in the destination folder.
MANIFEST_NAME = "normalize_manifest.csv"

_BLOCK_FRAMES = 1 << 16
_LOSSY = ("MP3", "OGG")  # header frame counts are estimates; levels change on encoding
_METHODS = {"loudness": "LUFS", "peak": "dBFS", "rms": "dBFS"}
_PCM_BITS = {"PCM_S8": 8, "PCM_U8": 8, "PCM_16": 16, "PCM_24": 24, "PCM_32": 32}
_FIVE_ONE = (1.0, 1.0, 1.0, 0.0, 1.41, 1.41)  # L, R, C, LFE, Ls, Rs (WAVE default order)


# --------------------------------------------------------------------------------------------
# Argument checks and file lists
# --------------------------------------------------------------------------------------------


def _check_folder(folder: object, name: str) -> Path:
    if not isinstance(folder, str | os.PathLike):
        raise TypeError(f"{name} must be a path (str or os.PathLike), got {type(folder).__name__}")
    p = Path(folder)
    if not p.exists():
        raise FileNotFoundError(f"{name}: no such folder: {p}")
    if not p.is_dir():
        raise NotADirectoryError(f"{name} must be a folder, got a file: {p}")
    return p.resolve()


def _check_workers(workers: object) -> int:
    if workers is None:
        return os.cpu_count() or 1
    if isinstance(workers, bool) or not isinstance(workers, int | np.integer):
        raise TypeError(f"workers must be an integer ≥ 1 or None, got {type(workers).__name__}")
    if workers < 1:
        raise ValueError(f"workers must be ≥ 1 (or None for all cores), got {workers}")
    return int(workers)


def _check_executor(executor: object) -> Executor | None:
    if executor is not None and not callable(getattr(executor, "submit", None)):
        raise TypeError(
            "executor must be a concurrent.futures.Executor (e.g. "
            f"distributed.Client(...).get_executor()), got {type(executor).__name__}"
        )
    return executor  # type: ignore[return-value]


def _list_audio(folder: Path, recursive: bool) -> list[Path]:
    """Audio files under folder (by extension), sorted; hidden files and folders skipped,
    links to folders not followed (as Path.rglob), links to files kept."""
    out = []
    todo = [str(folder)]
    while todo:
        with os.scandir(todo.pop()) as entries:
            for e in entries:
                if e.name.startswith("."):
                    continue
                if e.is_dir(follow_symlinks=False):
                    if recursive:
                        todo.append(e.path)
                elif os.path.splitext(e.name)[1].lower() in AUDIO_EXTENSIONS and e.is_file():
                    out.append(Path(e.path))
    return sorted(out)


def _channel_weights(channels: int) -> tuple[float, ...] | None:
    """BS.1770 weights: the default for 1–5 channels, 5.1 (LFE 0) for 6, 1.0 each above."""
    if channels <= 5:
        return None
    if channels == 6:
        return _FIVE_ONE
    return (1.0,) * channels


def _read_dtype(subtype: str) -> str:
    return "float64" if subtype == "DOUBLE" else "float32"


def _read_plan(subtype: str) -> tuple[str, int | None]:
    """How the audit reads a file: (integer dtype, bits), or (float dtype, None).

    16- and 24-bit PCM are read as integers (libsndfile's float conversion is the slow part
    of decoding them): int16 · 2⁻¹⁵ and int32 · 2⁻³¹ (24-bit samples arrive shifted left by
    8) are exactly the float32 values soundfile returns, so levels and hashes do not change.
    """
    if subtype == "PCM_16":
        return "int16", 16
    if subtype == "PCM_24":
        return "int32", 24
    return _read_dtype(subtype), None


# --------------------------------------------------------------------------------------------
# Running tasks in parallel
# --------------------------------------------------------------------------------------------


class _ContentHash:
    """XXH3-128 (xxHash) of the sample rate, the channel count and the decoded samples: as
    little-endian int16 when every sample is a multiple of 2⁻¹⁵ in [−1, 1) — any 16-bit
    source, also stored as 24-bit PCM or float — else as soundfile's float32 samples
    (float64 for DOUBLE files). So the same audio hashes alike in any of those formats.

    A 128-bit non-cryptographic hash: two different recordings share one by chance with
    probability 2⁻¹²⁸ (for a million files, about 10⁻²⁷ that any pair does), so equal hashes
    find duplicates; it is no proof against someone forging a collision. It runs at tens
    of GB/s where SHA-256 runs at about 1.4 here, which the audit's throughput needs."""

    def __init__(self, sr: int, ch: int, subtype: str) -> None:
        prefix = f"{sr}:{ch}:".encode()
        self._h16: Any = xxhash.xxh3_128(prefix + b"int16:")
        self._hf: Any = None
        if subtype != "PCM_16":
            kind = b"float64:" if subtype == "DOUBLE" else b"float32:"
            self._hf = xxhash.xxh3_128(prefix + kind)

    def add_int16(self, block: np.ndarray) -> None:
        self._h16.update(block.astype("<i2", copy=False).data)

    def add(
        self,
        values: np.ndarray,
        to_int16: Callable[[np.ndarray], np.ndarray | None],
        block: np.ndarray,
    ) -> None:
        """``values``: the float samples; ``to_int16(block)``: the same samples as int16, or
        None when they are not all on the 16-bit grid (called while every block so far was)."""
        self._hf.update(np.ascontiguousarray(values).data)
        if self._h16 is not None:
            as_int16 = to_int16(block)
            if as_int16 is None:
                self._h16 = None
            else:
                self.add_int16(as_int16)

    def hexdigest(self) -> str:
        return (self._h16 if self._h16 is not None else self._hf).hexdigest()


def _int16_of_float(b: np.ndarray) -> np.ndarray | None:
    y = b * 32768.0
    if y.size and (y.min() < -32768.0 or y.max() > 32767.0 or not np.array_equal(y, np.rint(y))):
        return None
    return y.astype(np.int16)


def _int16_of_pcm24(b: np.ndarray) -> np.ndarray | None:
    if np.any(b & 0xFFFF):  # int32 holding the sample << 8: 16-bit values have 16 low zeros
        return None
    return (b >> 16).astype(np.int16)


def _warm_meter() -> None:
    """Compile (or load from numba's cache) every inner loop the audit uses, in this process,
    so that forked workers start with them instead of each importing numba and compiling."""
    for x in (np.full((9600, 1), 1000, np.int16), np.full((9600, 1), 1000 << 8, np.int32)):
        m = LoudnessMeter(48000, 1)
        m._feed_pcm(x, 16 if x.dtype == np.int16 else 24, np.empty(x.shape, np.float32))
        _ = m.true_peak_dbtp, m.integrated_lufs
    m = LoudnessMeter(48000, 1)
    m.add(np.full(9600, 0.5))
    _ = m.true_peak_dbtp, m.integrated_lufs


def _run_batch(fn: Callable[..., dict], batch: Sequence[tuple]) -> list[dict]:
    return [fn(*args) for args in batch]


def _progress_bar(total: int, desc: str, enabled: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="file", disable=not enabled)


def _task_bytes(task: tuple) -> int:
    try:
        return os.stat(task[0]).st_size
    except OSError:
        return 0


def _batches(tasks: list[tuple], parallel: int) -> list[list[int]]:
    """Indices of ``tasks`` (whose first item is a path) in batches: the largest files first,
    each batch up to 32 files or 1/(8·parallel) of all the bytes, so that the last batches
    are small and no worker is left with a long one while the others wait."""
    size = [_task_bytes(t) for t in tasks]
    budget = max(1, sum(size) // (8 * parallel))
    batches: list[list[int]] = []
    batch: list[int] = []
    held = 0
    for i in sorted(range(len(tasks)), key=lambda i: -size[i]):
        if batch and (len(batch) == 32 or held + size[i] > budget):
            batches.append(batch)
            batch, held = [], 0
        batch.append(i)
        held += size[i]
    if batch:
        batches.append(batch)
    return batches


def _run(
    fn: Callable[..., dict],
    tasks: list[tuple],
    *,
    workers: int,
    executor: Executor | None,
    progress: bool,
    desc: str,
) -> list[dict]:
    """fn(*task) for every task, in order: inline, in a process pool, or on ``executor``."""
    results: list[dict | None] = [None] * len(tasks)
    bar = _progress_bar(len(tasks), desc, progress)
    try:
        if executor is None and (workers == 1 or len(tasks) < 2):
            for i, args in enumerate(tasks):
                results[i] = fn(*args)
                bar.update(1)
            return results  # type: ignore[return-value]
        own = None
        if executor is None:
            # fork on Linux: no re-import of __main__ (scripts without a main guard, stdin,
            # notebooks work); elsewhere the platform's default start method.
            ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
            own = ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=ctx)
            pool: Executor = own
            parallel = min(workers, len(tasks))
        else:
            pool = executor
            parallel = max(workers, 8)
        batches = _batches(tasks, parallel)
        pending: dict[Any, list[int]] = {}
        todo = iter(batches)
        try:
            while True:
                while len(pending) < 4 * parallel:
                    idx = next(todo, None)
                    if idx is None:
                        break
                    pending[pool.submit(_run_batch, fn, [tasks[i] for i in idx])] = idx
                if not pending:
                    break
                done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                for fut in done:
                    idx = pending.pop(fut)
                    for i, row in zip(idx, fut.result(), strict=True):
                        results[i] = row
                    bar.update(len(idx))
        finally:
            for fut in pending:
                fut.cancel()
            if own is not None:
                own.shutdown(wait=True, cancel_futures=True)
        return results  # type: ignore[return-value]
    finally:
        bar.close()


# --------------------------------------------------------------------------------------------
# Measuring one file
# --------------------------------------------------------------------------------------------


def _empty_row(rel: str) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update(path=rel, error="", flags=[], reasons=[])
    return row


def _fail(row: dict[str, Any], flag: str, message: str) -> dict[str, Any]:
    row["error"] = message
    row["flags"].append(flag)
    row["reasons"].append(message)
    return row


def _db(power: float, *, amplitude: bool) -> float:
    if power <= 0:
        return -math.inf
    return (20.0 if amplitude else 10.0) * math.log10(power)


def _measure(path: str, rel: str) -> dict[str, Any]:
    """One table row for one file; never raises (a failure becomes the row's ``error``)."""
    row = _empty_row(rel)
    try:
        size = os.stat(path).st_size
        if size == 0:
            return _fail(row, "zero_length", "the file is empty (0 bytes)")
        try:
            f = sf.SoundFile(path)
        except (sf.LibsndfileError, RuntimeError) as exc:
            msg = getattr(exc, "error_string", None) or str(exc)
            try:
                _check_wav_complete(path, size)  # a WAV cut short is named so, readable or not
            except AudioFileError as exc2:
                return _fail(row, "truncated", str(exc2).replace(f"{path}: ", ""))
            return _fail(row, "unreadable", f"cannot be read as audio: {msg}")
        with f:
            fmt, subtype = f.format, f.subtype  # each a libsndfile query: asked once
            if fmt in ("WAV", "WAVEX"):  # libsndfile reads a cut WAV without a word
                try:
                    _check_wav_complete(path, size)
                except AudioFileError as exc:
                    return _fail(row, "truncated", str(exc).replace(f"{path}: ", ""))
            sr, ch = int(f.samplerate), int(f.channels)
            row.update(format=fmt, subtype=subtype, sr=sr, channels=ch)
            declared = int(f.frames)
            meter = LoudnessMeter(sr, ch, channel_weights=_channel_weights(ch))
            meter._clip_level = CLIP_LEVEL  # the meter's pass counts the clipped values
            digest = _ContentHash(sr, ch, subtype)
            read_dtype, bits = _read_plan(subtype)
            out32 = np.empty((_BLOCK_FRAMES, ch), dtype=np.float32) if bits == 24 else None
            buf = np.empty((_BLOCK_FRAMES, ch), dtype=read_dtype)
            try:
                while (b := f.read(out=buf)).shape[0]:  # views of one buffer, no copies
                    if bits is None:  # float files may hold NaN/Inf: the checked path
                        meter.add(b)
                        digest.add(b, _int16_of_float, b)
                    elif bits == 16:  # the int16 samples are what is hashed
                        meter._feed_pcm(b, bits)
                        digest.add_int16(b)
                    else:  # 24-bit, scaled exactly to soundfile's float32 samples
                        h = out32[: b.shape[0]]
                        meter._feed_pcm(b, bits, h)
                        digest.add(h, _int16_of_pcm24, b)
            except (sf.LibsndfileError, RuntimeError) as exc:
                msg = getattr(exc, "error_string", None) or str(exc)
                return _fail(
                    row,
                    "truncated",
                    f"decoding failed after {meter.frames} of the {declared} frames the "
                    f"header declares: {msg}",
                )
        n = meter.frames
        if n < declared and fmt not in _LOSSY:
            return _fail(row, "truncated", f"only {n} of the {declared} frames the header declares")
        row["duration_s"] = n / sr
        if n == 0:
            return _fail(row, "zero_length", "the file holds no audio frames")
        sums, sumsq = meter._channel_sums()
        dc = sums / n
        row.update(
            sample_peak_dbfs=meter.sample_peak_dbfs,
            true_peak_dbtp=meter.true_peak_dbtp,
            rms_dbfs=_db(sumsq / (n * ch), amplitude=False),
            integrated_lufs=meter.integrated_lufs,
            lra_lu=meter.loudness_range_lu,
            max_short_term_lufs=meter.max_short_term_lufs,
            dc_offset=float(dc[np.argmax(np.abs(dc))]),
            clipped_samples=meter._clipped,
            near_silent_share=meter._share_of_hops_below(NEAR_SILENCE_LUFS),
            content_hash=digest.hexdigest(),
        )
    except Exception as exc:  # noqa: BLE001 — any failure is reported in the row, not raised
        return _fail(row, "unreadable", f"{type(exc).__name__}: {exc}")
    return row


def _flag_levels(row: dict[str, Any]) -> None:
    if row["error"]:
        return
    dur = row["duration_s"]
    if dur < TOO_SHORT_S:
        row["flags"].append("too_short")
        row["reasons"].append(
            f"{dur * 1000:.0f} ms is shorter than one 400 ms BS.1770 gating block: its "
            "integrated loudness is -inf, which is the standard's answer, not a meter fault"
        )
    if row["clipped_samples"] >= CLIPPED_MIN_SAMPLES:
        row["flags"].append("clipped")
        row["reasons"].append(
            f"{row['clipped_samples']} sample values at digital full scale "
            f"(|x| >= 1 - 2**-15, flagged from {CLIPPED_MIN_SAMPLES})"
        )
    if abs(row["dc_offset"]) > DC_OFFSET_MAX:
        row["flags"].append("dc_offset")
        row["reasons"].append(
            f"DC offset {row['dc_offset']:+.4f} (a channel's mean, flagged above "
            f"{DC_OFFSET_MAX}, -40 dBFS)"
        )
    share = row["near_silent_share"]
    if (share >= NEAR_SILENT_SHARE_MAX) if not math.isnan(share) else row["sample_peak_dbfs"] < -60:
        row["flags"].append("near_silence")
        row["reasons"].append(
            f"{share:.0%} of the 100 ms hops are below {NEAR_SILENCE_LUFS:.0f} LUFS "
            f"(flagged from {NEAR_SILENT_SHARE_MAX:.0%})"
        )


def _flag_table(rows: list[dict[str, Any]]) -> None:
    """Flags that compare files: majority sample rate and channel count, duplicates."""
    ok = [r for r in rows if not r["error"]]
    for key, flag, unit in (("sr", "sample_rate", " Hz"), ("channels", "channels", "")):
        counts = Counter(r[key] for r in ok)
        if len(counts) < 2:
            continue
        common, k = counts.most_common(1)[0]
        rare = max(1, math.floor(MINORITY_SHARE_MAX * len(ok)))
        for r in ok:
            if counts[r[key]] <= rare and counts[r[key]] < k:
                r["flags"].append(flag)
                what = "sample rate" if key == "sr" else "channel count"
                r["reasons"].append(
                    f"{what} {r[key]}{unit} differs from the most common {common}{unit} "
                    f"({k} of {len(ok)} readable files)"
                )
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in ok:
        groups.setdefault(r["content_hash"], []).append(r)
    for group in groups.values():
        if len(group) > 1:
            for r in group:
                # a few of the others by name (the first ones, r excluded), then their count:
                # a reason stays short when thousands of files hold the same samples
                named = [o["path"] for o in group[: DUPLICATES_NAMED + 1] if o is not r]
                named = named[:DUPLICATES_NAMED]
                more = len(group) - 1 - len(named)
                others = ", ".join(named) + (f" and {more} more" if more else "")
                r["flags"].append("duplicate")
                r["reasons"].append(f"the same decoded samples as {others}")


def _table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    for r in rows:
        r["flags"] = ",".join(r["flags"])
        r["reasons"] = "; ".join(r["reasons"])
    import pandas as pd  # here, after the metering: its ~30 MB do not add to the meter's peak

    df = pd.DataFrame(rows, columns=list(COLUMNS))
    for c in ("sr", "channels", "clipped_samples"):
        df[c] = df[c].astype("Int64")
    for c in (
        "duration_s",
        "sample_peak_dbfs",
        "true_peak_dbtp",
        "rms_dbfs",
        "integrated_lufs",
        "lra_lu",
        "max_short_term_lufs",
        "dc_offset",
        "near_silent_share",
    ):
        df[c] = df[c].astype("float64")
    for c in ("path", "format", "subtype", "content_hash", "error", "flags", "reasons"):
        df[c] = df[c].astype(object)
    return df


def audit_folder(
    folder: str | os.PathLike[str],
    *,
    recursive: bool = True,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """Measure every audio file in a folder and flag what is broken or unusual.

    Each file is read in blocks of 65 536 frames (``soundfile.SoundFile.blocks``) through
    :class:`audiolevels.loudness.LoudnessMeter`, so memory stays bounded whatever the length.
    A file that cannot be read gets a row with the reason; it never stops the run.

    Parameters
    ----------
    folder : str or path-like
        The folder to audit. Audio files are found by extension (:data:`AUDIO_EXTENSIONS`,
        case-insensitive); names starting with "." are skipped.
    recursive : bool
        Also audit the sub-folders.
    workers : int, optional
        Processes to use (default: all cores); 1 measures in this process. Ignored when
        ``executor`` is given.
    executor : concurrent.futures.Executor, optional
        Where to run the measurements, e.g. ``distributed.Client(address).get_executor()``
        for a Dask cluster (its workers must see ``folder`` under the same path).
    progress : bool
        Show a progress bar (tqdm; a widget in notebooks) on stderr.

    Returns
    -------
    pandas.DataFrame
        One row per file, sorted by path, columns :data:`COLUMNS`: ``path`` (relative to
        ``folder``), ``format``, ``subtype``, ``sr`` (Hz), ``channels``, ``duration_s``,
        ``sample_peak_dbfs``, ``true_peak_dbtp``, ``rms_dbfs`` (all samples and channels),
        ``integrated_lufs`` (−inf below 400 ms or for silence), ``lra_lu``,
        ``max_short_term_lufs`` (−inf below 3 s), ``dc_offset`` (the largest channel mean,
        signed, full scale = 1), ``clipped_samples`` (values with |x| ≥ :data:`CLIP_LEVEL`),
        ``near_silent_share`` (share of 100 ms hops below :data:`NEAR_SILENCE_LUFS`),
        ``content_hash`` (XXH3-128, 32 hex digits, of sample rate, channels and the decoded
        samples: as int16 when they are 16-bit values in any format, else as float32),
        ``error`` ("" when read), ``flags`` (comma-separated names from :data:`FLAGS`) and
        ``reasons`` ("; "-separated, with the measured value and the threshold). Loudness
        uses BS.1770 weights, 5.1 order (LFE weight 0) for 6 channels, 1.0 each above.

    Raises
    ------
    FileNotFoundError, NotADirectoryError
        ``folder`` is missing or is a file.
    ValueError, TypeError
        ``workers`` < 1 or not an integer; ``executor`` without ``submit``.

    Notes
    -----
    Flags and thresholds: ``unreadable``, ``truncated`` (a WAV whose data chunk runs past the
    end of the file, or a decoder error after the header), ``zero_length`` (0 bytes or 0
    frames), ``too_short`` (< 400 ms), ``clipped`` (≥ 3 values at |x| ≥ 1 − 2⁻¹⁵),
    ``dc_offset`` (|mean| > 0.01), ``near_silence`` (≥ 50 % of 100 ms hops below −60 LUFS),
    ``sample_rate`` / ``channels`` (a rare value: held by at most 10 % of the readable files
    — :data:`MINORITY_SHARE_MAX` — or by a single file, and by fewer than the most common
    value; a folder of mixed rates raises no flag, its summary shows the mix),
    ``duplicate`` (same content hash as another file).

    Taught in notebooks/08_dataset_audit.ipynb.
    """
    root = _check_folder(folder, "folder")
    n_workers = _check_workers(workers)
    pool = _check_executor(executor)
    files = _list_audio(root, _checks.boolean(recursive, "recursive"))
    tasks = [(str(p), p.relative_to(root).as_posix()) for p in files]
    if tasks and pool is None:
        _warm_meter()
    rows = _run(_measure, tasks, workers=n_workers, executor=pool, progress=progress, desc="audit")
    for r in rows:
        _flag_levels(r)
    _flag_table(rows)
    return _table(rows)


# --------------------------------------------------------------------------------------------
# Normalizing a folder
# --------------------------------------------------------------------------------------------


def _quantizer(subtype: str, fmt: str) -> tuple[Callable[[np.ndarray], tuple[Any, int]], float]:
    """How to turn float64 samples into what is written, and the ceiling margin (one LSB)."""
    bits = _PCM_BITS.get(subtype)
    if bits in (16, 24, 32) and fmt not in _LOSSY:
        scale = 2.0 ** (bits - 1)
        dtype = np.int16 if bits == 16 else np.int32
        shift = 8 if bits == 24 else 0

        def to_int(y: np.ndarray) -> tuple[np.ndarray, int]:
            q = np.rint(y * scale)
            over = int(np.count_nonzero((q < -scale) | (q > scale - 1)))
            q = np.clip(q, -scale, scale - 1).astype(dtype)
            return (q << shift if shift else q), over

        return to_int, 1.0 / scale
    if subtype in ("FLOAT", "DOUBLE"):
        dt = np.float32 if subtype == "FLOAT" else np.float64
        return (lambda y: (y.astype(dt), 0)), 0.0

    def to_float(y: np.ndarray) -> tuple[np.ndarray, int]:
        over = int(np.count_nonzero(np.abs(y) > 1.0))
        return np.clip(y, -1.0, 1.0), over

    return to_float, (1.0 / 2.0 ** (bits - 1) if bits else 0.0)


def _measure_for_gain(f: sf.SoundFile) -> tuple[LoudnessMeter, float, float]:
    meter = LoudnessMeter(f.samplerate, f.channels, channel_weights=_channel_weights(f.channels))
    sumsq = 0.0
    for b in f.blocks(_BLOCK_FRAMES, dtype="float64", always_2d=True):
        meter.add(b)
        sumsq += float(np.einsum("ij,ij->", b, b))
    n = meter.frames * f.channels
    return meter, (_db(sumsq / n, amplitude=False) if n else -math.inf), float(n)


def _level(meter: LoudnessMeter, rms: float, method: str) -> float:
    if method == "loudness":
        return meter.integrated_lufs
    return meter.sample_peak_dbfs if method == "peak" else rms


def _normalize_one(
    src: str, dst: str, rel: str, method: str, target: float, ceiling: float | None
) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(MANIFEST_COLUMNS)
    row.update(
        file=rel,
        method=method,
        level_unit=_METHODS[method],
        reason="",
        lowered_for_true_peak=False,
        clipped_samples=0,
    )
    p, out = Path(src), Path(dst)
    tmp: Path | None = None
    try:
        if p.stat().st_size == 0:
            return {**row, "status": "skipped", "reason": "the file is empty (0 bytes)"}
        try:
            _check_wav_complete(p)
            f = sf.SoundFile(p)
        except (AudioFileError, sf.LibsndfileError, RuntimeError) as exc:
            msg = getattr(exc, "error_string", None) or str(exc).replace(f"{p}: ", "")
            return {**row, "status": "skipped", "reason": f"cannot be read: {msg}"}
        with f:
            try:
                meter, rms, n = _measure_for_gain(f)
            except (sf.LibsndfileError, RuntimeError) as exc:
                msg = getattr(exc, "error_string", None) or str(exc)
                return {**row, "status": "skipped", "reason": f"truncated or corrupt: {msg}"}
            if meter.frames < f.frames and f.format not in _LOSSY:
                return {
                    **row,
                    "status": "skipped",
                    "reason": f"truncated: {meter.frames} of {f.frames} frames",
                }
            level = _level(meter, rms, method)
            row["level_before"] = level
            row["true_peak_before_dbtp"] = meter.true_peak_dbtp
            if not math.isfinite(level):
                why = (
                    "its integrated loudness is -inf (silent, or shorter than one 400 ms "
                    "BS.1770 block), so no gain reaches the target"
                    if method == "loudness"
                    else "it is silent (or empty), so no gain reaches the target"
                )
                return {**row, "status": "skipped", "reason": why}
            gain_db = target - level
            if method == "loudness" and min(level, target) < -50.0:
                for _ in range(3):  # blocks may cross the fixed −70 LUFS gate (as normalize.py)
                    after = meter._integrated_lufs_scaled(gain_db)
                    if not math.isfinite(after) or abs(after - target) < 1e-6:
                        break
                    gain_db += target - after
            quantize, lsb = _quantizer(f.subtype, f.format)
            g = 10.0 ** (gain_db / 20.0)
            tp_lin = 10.0 ** (meter.true_peak_dbtp / 20.0)
            if ceiling is not None:
                limit = 10.0 ** (ceiling / 20.0) - lsb
                if tp_lin * g > limit:
                    g = limit / tp_lin
                    gain_db = 20.0 * math.log10(g)
                    row["lowered_for_true_peak"] = True
            row["gain_db"] = gain_db
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:12]}.part")
            after_meter = LoudnessMeter(
                f.samplerate, f.channels, channel_weights=_channel_weights(f.channels)
            )
            sumsq, clipped = 0.0, 0
            f.seek(0)
            with sf.SoundFile(
                tmp,
                "w",
                samplerate=f.samplerate,
                channels=f.channels,
                format=f.format,
                subtype=f.subtype,
                endian=f.endian,
            ) as w:
                for b in f.blocks(_BLOCK_FRAMES, dtype="float64", always_2d=True):
                    q, over = quantize(b * g)
                    clipped += over
                    w.write(q)
                    y = as_float_audio(q, name="written")
                    after_meter.add(y)
                    sumsq += float(np.einsum("ij,ij->", y, y))
        rms_after = _db(sumsq / n, amplitude=False) if n else -math.inf
        os.replace(tmp, out)
        tmp = None
        note = "" if f.format not in _LOSSY else "levels after are of the samples before encoding"
        row.update(
            status="written",
            reason=note,
            clipped_samples=meter._clipped,
            level_after=_level(after_meter, rms_after, method),
            true_peak_after_dbtp=after_meter.true_peak_dbtp,
        )
        return row
    except Exception as exc:  # noqa: BLE001 — reported in the manifest, never raised
        return {**row, "status": "failed", "reason": f"{type(exc).__name__}: {exc}"}
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def _check_level(value: object, name: str, *, allow_none: bool = False) -> float | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"{name} must be a real number in dB, got {type(value).__name__}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be a finite level in dB, got {value!r}")
    return v


def normalize_folder(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    *,
    method: str = "loudness",
    target: float = -23.0,
    true_peak_max_dbtp: float | None = -1.0,
    overwrite: bool = False,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """Write a normalized copy of every readable audio file of ``src`` into ``dst``.

    Each file gets one gain (all channels alike) that brings its level to ``target``, read
    in two passes of 65 536-frame blocks (measure, then write), so long files need not fit in
    memory. Files keep their relative path, format and subtype; PCM is rounded (no dither)
    to the file's own bit depth. Each file is written under a temporary name in its ``dst``
    folder (``.name.<random>.part``) and renamed when complete, so an interrupted run leaves
    no partial file under a final name (it may leave ``.part`` files). ``src`` is only read.

    Parameters
    ----------
    src, dst : str or path-like
        Source folder (audited recursively, as :func:`audit_folder` finds files) and
        destination folder (created if missing). Neither may be inside the other.
    method : {"loudness", "peak", "rms"}
        What ``target`` sets: integrated loudness (LUFS, BS.1770), sample peak (dBFS) or
        RMS over all samples and channels (dBFS).
    target : float
        The level after normalization, in the method's unit.
    true_peak_max_dbtp : float or None
        Ceiling for the true peak after the gain, dBTP: where the gain would exceed it, the
        gain is lowered so the true peak sits at the ceiling minus one LSB of the file's bit
        depth (so rounding cannot cross it; the manifest says ``lowered_for_true_peak``).
        No limiter is applied. ``None``: no ceiling (values beyond full scale are clipped and
        counted). Lossy formats (MP3, OGG) change peaks on encoding: not guaranteed there.
    overwrite : bool
        Replace files already in ``dst`` (and its manifest); otherwise refuse.
    workers, executor, progress
        As for :func:`audit_folder`.

    Returns
    -------
    pandas.DataFrame
        The manifest (:data:`MANIFEST_COLUMNS`), also written as ``dst/`` :data:`MANIFEST_NAME`:
        ``status`` written / skipped / failed and ``reason``; levels before and after in
        ``level_unit`` (after: measured on the samples as written), ``gain_db``, true peaks.

    Raises
    ------
    FileNotFoundError, NotADirectoryError
        ``src`` missing or a file; ``dst`` is a file.
    ValueError
        ``dst`` is ``src``, inside it or contains it; unknown ``method``; non-finite
        ``target`` or ceiling; ``workers`` < 1.
    FileExistsError
        ``dst`` already holds a file this would write, and ``overwrite`` is False.

    Taught in notebooks/08_dataset_audit.ipynb.
    """
    root = _check_folder(src, "src")
    if not isinstance(dst, str | os.PathLike):
        raise TypeError(f"dst must be a path (str or os.PathLike), got {type(dst).__name__}")
    out_root = Path(dst).resolve()
    if out_root.exists() and not out_root.is_dir():
        raise NotADirectoryError(f"dst must be a folder, got a file: {out_root}")
    if out_root == root:
        raise ValueError(f"dst must differ from src (both are {root}): src is never modified")
    if out_root.is_relative_to(root):
        raise ValueError(f"dst ({out_root}) is inside src ({root}): choose a folder outside it")
    if root.is_relative_to(out_root):
        raise ValueError(f"src ({root}) is inside dst ({out_root}): choose a folder outside it")
    if not isinstance(method, str) or method not in _METHODS:
        raise ValueError(f"method must be one of {sorted(_METHODS)}, got {method!r}")
    tgt = _check_level(target, "target")
    ceiling = _check_level(true_peak_max_dbtp, "true_peak_max_dbtp", allow_none=True)
    n_workers = _check_workers(workers)
    pool = _check_executor(executor)
    files = _list_audio(root, True)
    plan = [(p, out_root / p.relative_to(root)) for p in files]
    if not overwrite:
        taken = [q for _, q in plan if q.exists()]
        if (out_root / MANIFEST_NAME).exists():
            taken.append(out_root / MANIFEST_NAME)
        if taken:
            shown = ", ".join(str(q) for q in taken[:5])
            more = f" and {len(taken) - 5} more" if len(taken) > 5 else ""
            raise FileExistsError(
                f"dst already holds {len(taken)} file(s) this would write: {shown}{more} "
                "(pass overwrite=True to replace them)"
            )
    out_root.mkdir(parents=True, exist_ok=True)
    tasks = [
        (str(p), str(q), p.relative_to(root).as_posix(), method, tgt, ceiling) for p, q in plan
    ]
    rows = _run(
        _normalize_one, tasks, workers=n_workers, executor=pool, progress=progress, desc="normalize"
    )
    import pandas as pd

    manifest = pd.DataFrame(rows, columns=list(MANIFEST_COLUMNS))
    tmp = out_root / f".{MANIFEST_NAME}.{uuid.uuid4().hex[:12]}.part"
    try:
        manifest.to_csv(tmp, index=False)
        os.replace(tmp, out_root / MANIFEST_NAME)
    finally:
        tmp.unlink(missing_ok=True)
    return manifest

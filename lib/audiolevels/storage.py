"""Store a corpus of clips in one of ten formats, load it as a dataset, iterate it in workers.

The storage formats the blog post "딥러닝과 오디오 데이터 전처리" (2019-06-09) weighs:

- per file, through :mod:`audiolevels.decoding`: ``"wav_int16"``, ``"wav_float32"``,
  ``"flac"`` (16-bit), ``"mp3"`` (128 kbps CBR), ``"ogg"`` (Vorbis, libsndfile's default
  quality), ``"opus"`` (96 kbps; 8/12/16/24/48 kHz only);
- per file, decoded arrays: ``"npy_int16"``, ``"npy_float32"``;
- one file for the whole corpus: ``"packed"`` (every clip's int16 samples end to end in
  ``audio.npy``, memory-mapped, with an offsets index ``index.npy``) and ``"hdf5"`` (the same
  array and index as datasets of ``audio.h5``, contiguous, uncompressed).

Every corpus folder holds ``corpus.json`` (the format and, per item, its file or offset,
frames, channels and sample rate), written last. Integer formats round to the nearest 16-bit
code as :func:`audiolevels.decoding.encode` does; values beyond full scale are refused.

    >>> write_corpus([(x, 48000), (y, 48000)], "/tmp/corpus", "flac")
    >>> ds = AudioFolder("/tmp/corpus"); audio, sr = ds[0]     # float32 (samples, channels)
    >>> for batch in iterate(ds, 8, workers=2): ...           # [(index, audio, sr), ...]

Taught in notebooks/07_data_pipeline.ipynb.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import json
import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from audiolevels import _checks
from audiolevels import decoding as _decoding
from audiolevels.decoding import DecodeError

__all__ = [
    "FORMATS",
    "LOSSLESS_FORMATS",
    "MANIFEST",
    "AudioFolder",
    "Batches",
    "Throughput",
    "as_float32",
    "iterate",
    "measure_throughput",
    "write_corpus",
]

#: Storage formats, in the order tables show them.
FORMATS = (
    "wav_int16",
    "wav_float32",
    "flac",
    "mp3",
    "ogg",
    "opus",
    "npy_int16",
    "npy_float32",
    "packed",
    "hdf5",
)
#: Formats that give back exactly the stored 16-bit codes (float32 ones: the float32 values).
LOSSLESS_FORMATS = (
    "wav_int16",
    "wav_float32",
    "flac",
    "npy_int16",
    "npy_float32",
    "packed",
    "hdf5",
)
#: The manifest every corpus folder holds.
MANIFEST = "corpus.json"
# format → (file suffix, decoding.encode format, subtype) for the codec formats
_CODECS = {
    "wav_int16": (".wav", "wav", "PCM_16"),
    "wav_float32": (".wav", "wav", "FLOAT"),
    "flac": (".flac", "flac", "PCM_16"),
    "mp3": (".mp3", "mp3", None),
    "ogg": (".ogg", "ogg", None),
    "opus": (".opus", "opus", None),
}
# formats whose files decode to 16-bit codes: workers send int16, the consumer converts
_INT16_CODECS = ("wav_int16", "flac")
_AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg", ".opus")
_PACKED_FILES = {"packed": ("audio.npy", "index.npy"), "hdf5": ("audio.h5",)}


def _to_int16(x: np.ndarray, name: str) -> np.ndarray:
    if np.max(np.abs(x)) > 1.0:
        raise ValueError(
            f"{name} has samples beyond full scale (max |x| = {np.max(np.abs(x)):.4g}); "
            "int16 would clip them: scale it into [-1, 1] first"
        )
    return np.clip(np.round(x * 32768.0), -32768, 32767).astype(np.int16)


def _check_clips(clips: object) -> list[tuple[np.ndarray, int]]:
    if isinstance(clips, str | bytes | np.ndarray) or not isinstance(clips, Sequence):
        raise TypeError(f"clips must be a list of (audio, sr) pairs, got {type(clips).__name__}")
    if len(clips) == 0:
        raise ValueError("clips is empty: a corpus needs at least one (audio, sr) pair")
    out = []
    for i, pair in enumerate(clips):
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise TypeError(f"clips[{i}] must be an (audio, sr) pair, got {type(pair).__name__}")
        x = _checks.audio(pair[0], f"clips[{i}] audio")
        sr = _checks.integer(pair[1], f"clips[{i}] sr", min=1)
        out.append((x if x.ndim == 2 else x[:, None], sr))
    return out


def _check_folder(folder: object, name: str = "folder") -> Path:
    if not isinstance(folder, str | os.PathLike):
        raise TypeError(f"{name} must be a folder path (str or os.PathLike), got {folder!r}")
    return Path(folder)


def _old_files(folder: Path) -> list[Path]:
    """The files an earlier write_corpus put in ``folder`` (from its manifest)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    names = list(_PACKED_FILES.get(manifest.get("format"), ()))
    names += [item["file"] for item in manifest.get("items", []) if "file" in item]
    return [folder / n for n in names] + [folder / MANIFEST]


def write_corpus(
    clips: Sequence[tuple[np.ndarray, int]],
    folder: str | os.PathLike[str],
    format: str,
    *,
    overwrite: bool = False,
) -> Path:
    """Write clips into a corpus folder in one storage format, with its manifest.

    Parameters
    ----------
    clips : list of (audio, sr)
        Audio of shape (samples,) or (samples, channels), float in [-1, 1] or int16; ``sr`` an
        integer in Hz (Opus: 8000, 12000, 16000, 24000 or 48000).
    folder : str or path-like
        Created if missing; must be empty (or hold an earlier corpus and ``overwrite=True``)
        and must not be inside ``data/``.
    format : str
        One of :data:`FORMATS`.
    overwrite : bool
        Replace the corpus already in ``folder`` (the files its manifest lists). Other files
        in the folder are left alone, but a name this corpus writes is replaced.

    Returns
    -------
    Path
        The folder.

    Raises
    ------
    ValueError, TypeError
        Bad clips (the message names ``clips[i]``), an unknown format, a folder inside
        ``data/``, values beyond full scale, a rate Opus cannot encode.
    FileExistsError
        If ``folder`` is not empty and ``overwrite`` is False.

    Taught in notebooks/07_data_pipeline.ipynb.
    """
    fmt = _checks.choice(format, "format", FORMATS, casefold=True)
    overwrite = _checks.boolean(overwrite, "overwrite")
    pairs = _check_clips(clips)
    root = _check_folder(folder)
    if _decoding._inside_data_dir(root):
        raise ValueError(
            f"folder {root} is inside the bundled corpus folder data/: write elsewhere"
        )
    if root.exists() and not root.is_dir():
        raise NotADirectoryError(f"folder {root} is a file, not a folder")
    root.mkdir(parents=True, exist_ok=True)
    if any(root.iterdir()):
        if not overwrite:
            raise FileExistsError(
                f"folder {root} is not empty; pass overwrite=True to replace the corpus in it"
            )
        for old in _old_files(root):
            old.unlink(missing_ok=True)
    items: list[dict] = []
    if fmt in _CODECS:
        suffix, codec, subtype = _CODECS[fmt]
        for i, (x, sr) in enumerate(pairs):
            name = f"clip_{i:05d}{suffix}"
            _decoding.encode(x, sr, root / name, codec, subtype=subtype, overwrite=True)
            items.append({"file": name, "frames": x.shape[0], "channels": x.shape[1], "sr": sr})
    elif fmt in ("npy_int16", "npy_float32"):
        for i, (x, sr) in enumerate(pairs):
            name = f"clip_{i:05d}.npy"
            data = _to_int16(x, f"clips[{i}]") if fmt == "npy_int16" else x.astype(np.float32)
            np.save(root / name, data)
            items.append({"file": name, "frames": x.shape[0], "channels": x.shape[1], "sr": sr})
    else:
        codes = [_to_int16(x, f"clips[{i}]").ravel() for i, (x, _) in enumerate(pairs)]
        sizes = np.array([c.size for c in codes], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        index = np.array(
            [[o, x.shape[0], x.shape[1], sr] for o, (x, sr) in zip(offsets, pairs, strict=True)],
            dtype=np.int64,
        )
        audio = np.concatenate(codes)
        if fmt == "packed":
            np.save(root / "audio.npy", audio)
            np.save(root / "index.npy", index)
        else:
            import h5py

            with h5py.File(root / "audio.h5", "w") as f:
                f.create_dataset("audio", data=audio)  # contiguous: slices read directly
                f.create_dataset("index", data=index)
                f["index"].attrs["columns"] = "offset,frames,channels,sr"
        items = [
            {"offset": int(o), "frames": int(n), "channels": int(c), "sr": int(s)}
            for o, n, c, s in index
        ]
    manifest = {"format": fmt, "items": items}
    (root / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return root


class AudioFolder:
    """A map-style dataset over a corpus folder: ``len(ds)``, ``ds[i]`` → (audio, sr).

    Works unchanged with ``torch.utils.data.DataLoader`` (it is picklable; the memory map and
    the HDF5 file are opened again in each process on first use).

    Parameters
    ----------
    folder : str or path-like
        A folder written by :func:`write_corpus`, or any folder of audio files (.wav, .flac,
        .mp3, .ogg, .opus, in name order; no manifest needed).
    backend : str
        The :func:`audiolevels.decoding.decode` backend for the codec formats.

    Attributes
    ----------
    format : str
        One of :data:`FORMATS`, or ``"files"`` for a folder without a manifest.
    items : list of dict
        Per item: ``file`` or ``offset``, and, from the manifest, ``frames``, ``channels``, ``sr``.

    Taught in notebooks/07_data_pipeline.ipynb.
    """

    def __init__(self, folder: str | os.PathLike[str], *, backend: str = "soundfile") -> None:
        root = _check_folder(folder)
        if not root.is_dir():
            raise FileNotFoundError(f"folder {root}: no such folder")
        self.backend = _checks.choice(backend, "backend", _decoding.BACKENDS)
        self.folder = root
        manifest_path = root / MANIFEST
        if manifest_path.is_file():
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            self.format = _checks.choice(manifest.get("format"), f"{manifest_path} format", FORMATS)
            self.items = list(manifest["items"])
        else:
            files = sorted(p.name for p in root.iterdir() if p.suffix.lower() in _AUDIO_SUFFIXES)
            if not files:
                raise ValueError(
                    f"folder {root} holds no {MANIFEST} and no audio files "
                    f"({', '.join(_AUDIO_SUFFIXES)})"
                )
            self.format = "files"
            self.items = [{"file": f} for f in files]
        self._handle = None
        self._pid = None

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"AudioFolder({str(self.folder)!r}, format={self.format!r}, items={len(self)})"

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_handle"] = None  # a memory map or an open HDF5 file does not cross processes
        state["_pid"] = None
        return state

    def source(self, index: int) -> str:
        """Where item ``index`` is stored: its file, or the packed file and its offset."""
        item = self.items[self._index(index)]
        if "file" in item:
            return str(self.folder / item["file"])
        name = _PACKED_FILES[self.format][0]
        return f"{self.folder / name} [item {index}, offset {item['offset']}]"

    def stored_bytes(self, index: int) -> int:
        """Bytes item ``index`` takes on disk: its file's size, or its slice of the packed array."""
        item = self.items[self._index(index)]
        if "file" in item:
            return (self.folder / item["file"]).stat().st_size
        return 2 * item["frames"] * item["channels"]

    def disk_bytes(self) -> int:
        """Bytes of the whole corpus on disk (every file of the folder but the manifest)."""
        return sum(p.stat().st_size for p in self.folder.iterdir() if p.name != MANIFEST)

    def duration_s(self, index: int) -> float:
        """Length of item ``index`` in seconds (from the manifest, or by reading its header)."""
        item = self.items[self._index(index)]
        if "frames" not in item:
            x, sr = self[index]
            return x.shape[0] / sr
        return item["frames"] / item["sr"]

    def _index(self, index: object) -> int:
        i = _checks.integer(index, "index", min=-len(self), max=len(self) - 1)
        return i % len(self)

    def _open(self):
        if self._handle is None or self._pid != os.getpid():
            if self.format == "packed":
                self._handle = np.load(self.folder / "audio.npy", mmap_mode="r")
            else:
                import h5py

                self._handle = h5py.File(self.folder / "audio.h5", "r")["audio"]
            self._pid = os.getpid()
        return self._handle

    def load_stored(self, index: int) -> tuple[np.ndarray, int]:
        """Item ``index`` as stored: int16 codes for the 16-bit formats, float32 for the others.

        ``as_float32(ds.load_stored(i)[0])`` equals ``ds[i][0]`` bit for bit. Worker processes send
        this (half the bytes of float32 for the 16-bit formats) and the consumer converts.

        Returns
        -------
        x : np.ndarray, shape (samples, channels), int16 or float32
        sr : int
        """
        i = self._index(index)
        item = self.items[i]
        try:
            if "file" not in item:
                o, n, c = item["offset"], item["frames"], item["channels"]
                codes = np.asarray(self._open()[o : o + n * c])
                if codes.size != n * c:
                    raise ValueError(f"holds {codes.size} values, the index promises {n * c}")
                x, sr = codes.reshape(n, c), item["sr"]
            elif item["file"].endswith(".npy"):
                x = np.load(self.folder / item["file"], allow_pickle=False)
                if x.ndim != 2:
                    raise ValueError(f"an array of shape {x.shape}, not (samples, channels)")
                if x.dtype != np.int16:
                    x = x.astype(np.float32, copy=False)
                sr = item["sr"]
            else:
                dtype = "int16" if self.format in _INT16_CODECS else "float32"
                x, sr = _decoding.decode(self.folder / item["file"], self.backend, dtype)
        except DecodeError:
            raise
        except Exception as exc:
            raise DecodeError(
                f"{self.source(i)}: cannot load item {i}: {type(exc).__name__}: {exc}"
            ) from exc
        return x, int(sr)

    def __getitem__(self, index: int) -> tuple[np.ndarray, int]:
        x, sr = self.load_stored(index)
        return as_float32(x), sr


def as_float32(x: np.ndarray) -> np.ndarray:
    """float32 audio in [-1, 1]: int16 codes scaled by 1/32768, float32 returned as it is.

    Parameters
    ----------
    x : np.ndarray
        int16 or float32 samples (e.g. from :meth:`AudioFolder.load_stored`).

    Returns
    -------
    np.ndarray
        float32, same shape.

    Taught in notebooks/07_data_pipeline.ipynb.
    """
    if not isinstance(x, np.ndarray):
        raise TypeError(f"x must be a NumPy array, got {type(x).__name__}")
    if x.dtype == np.int16:
        return x.astype(np.float32) / np.float32(32768.0)
    if x.dtype == np.float32:
        return x
    raise TypeError(f"x must be int16 or float32, got dtype {x.dtype}")


# --------------------------------------------------------------------------- iteration

_WORKER_DATASET = None


def _init_worker(dataset) -> None:
    global _WORKER_DATASET
    _WORKER_DATASET = dataset


def _load_batch(indices: list[int], dataset=None) -> list[tuple]:
    """Load items; a failure is returned (index, None, message), never raised in a worker.

    In this process (``dataset`` given) items are float32 (``dataset[i]``). In a worker
    process an :class:`AudioFolder` sends each item as stored (int16 for the 16-bit formats:
    half the bytes through the pipe) and :func:`_to_items` converts it in the consumer.
    """
    ds = _WORKER_DATASET if dataset is None else dataset
    load = getattr(ds, "load_stored", None) if dataset is None else None
    out = []
    for i in indices:
        try:
            x, sr = ds[i] if load is None else load(i)
            out.append((i, x, sr))
        except Exception as exc:
            out.append((i, None, f"{type(exc).__name__}: {exc}"))
    return out


def _to_items(loaded: list[tuple]) -> list[tuple]:
    """What a worker sent → float32 items (int16 codes scaled here, in the consumer)."""
    return [
        (i, x, msg) if x is None or x.dtype != np.int16 else (i, as_float32(x), msg)
        for i, x, msg in loaded
    ]


class Batches:
    """The batches of one epoch (from :func:`iterate`): iterate it once.

    Each batch is a list of ``(index, audio, sr)``. ``order`` is the epoch's item order;
    ``skipped`` lists ``(index, message)`` for the items that failed with ``on_error="skip"``.

    Taught in notebooks/07_data_pipeline.ipynb.
    """

    def __init__(self, dataset, batches, workers, on_error, mp_context=None) -> None:
        self.dataset = dataset
        self.order = [i for b in batches for i in b]
        self.batches = batches
        self.workers = workers
        self.on_error = on_error
        self.skipped: list[tuple[int, str]] = []
        self._mp_context = mp_context
        self._started = False

    def __len__(self) -> int:
        return len(self.batches)

    def _check(self, loaded: list[tuple]) -> list[tuple]:
        good = []
        for i, x, msg in loaded:
            if x is None:
                if self.on_error == "raise":
                    raise DecodeError(f"item {i} failed to load: {msg}")
                self.skipped.append((i, msg))
            else:
                good.append((i, x, msg))
        return good

    def __iter__(self) -> Iterator[list[tuple[int, np.ndarray, int]]]:
        if self._started:
            raise RuntimeError("these batches were iterated already: call iterate() again")
        self._started = True
        if self.workers == 1:
            for b in self.batches:
                yield self._check(_load_batch(b, self.dataset))
            return
        with concurrent.futures.ProcessPoolExecutor(
            self.workers,
            mp_context=self._mp_context,
            initializer=_init_worker,
            initargs=(self.dataset,),
        ) as pool:
            yield from _run(pool, self.batches, self.workers, self._check)


def _run(pool, batches, workers, check) -> Iterator[list[tuple]]:
    """Keep 2 batches per worker in flight and yield results in submission order."""
    pending: list[concurrent.futures.Future] = []
    todo = iter(batches)
    for b in todo:
        pending.append(pool.submit(_load_batch, b))
        if len(pending) >= 2 * workers:
            break
    while pending:
        done = pending.pop(0).result()  # a dead worker raises BrokenProcessPool here
        nxt = next(todo, None)
        if nxt is not None:
            pending.append(pool.submit(_load_batch, nxt))
        yield check(_to_items(done))


def _batches(n: int, batch_size: int, shuffle: bool, seed: int) -> list[list[int]]:
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    return [order[i : i + batch_size].tolist() for i in range(0, n, batch_size)]


def _check_dataset(dataset: object) -> None:
    if not (hasattr(dataset, "__len__") and hasattr(dataset, "__getitem__")):
        raise TypeError(
            f"dataset must be map-style (len(dataset), dataset[i]), got {type(dataset).__name__}"
        )


def iterate(
    dataset,
    batch_size: int,
    *,
    shuffle: bool = True,
    workers: int = 1,
    seed: int = 0,
    on_error: str = "raise",
) -> Batches:
    """One epoch of batches from a map-style dataset, loaded by worker processes.

    Parameters
    ----------
    dataset : map-style dataset
        ``len(dataset)`` and ``dataset[i]`` → (audio, sr), picklable (e.g. :class:`AudioFolder`).
    batch_size : int
        Items per batch, ≥ 1 (the last batch may be shorter).
    shuffle : bool
        A random permutation of the items (from ``seed``), else their order.
    workers : int
        1 loads in this process; more uses a ``concurrent.futures.ProcessPoolExecutor`` that
        keeps two batches per worker in flight; an :class:`AudioFolder` item crosses the pipe
        as stored (int16 for the 16-bit formats) and is scaled to float32 here. The items and
        their order never depend on ``workers``.
    seed : int
        The shuffle's seed (``numpy.random.default_rng(seed)``).
    on_error : {"raise", "skip"}
        A failing item raises :class:`audiolevels.decoding.DecodeError` naming its file, or is
        left out and listed in the result's ``skipped``.

    Returns
    -------
    Batches
        Iterate it once: batches of ``(index, audio, sr)``, every item exactly once.

    Taught in notebooks/07_data_pipeline.ipynb.
    """
    _check_dataset(dataset)
    batch_size = _checks.integer(batch_size, "batch_size", min=1)
    shuffle = _checks.boolean(shuffle, "shuffle")
    workers = _checks.integer(workers, "workers", min=1)
    seed = _checks.integer(seed, "seed", min=0)
    on_error = _checks.choice(on_error, "on_error", ("raise", "skip"))
    return Batches(dataset, _batches(len(dataset), batch_size, shuffle, seed), workers, on_error)


@dataclasses.dataclass(frozen=True)
class Throughput:
    """A loading speed measured by :func:`measure_throughput`."""

    audio_s_per_s: float
    mb_per_s: float
    seconds: float
    audio_s: float
    megabytes: float
    items: int
    workers: int
    order: str

    def as_dict(self) -> dict[str, float | int | str]:
        """The fields as a plain dict (for a table row)."""
        return dataclasses.asdict(self)


def _warm(dataset) -> None:
    """Read every stored byte once so that the timed passes find them in the page cache."""
    folder = getattr(dataset, "folder", None)
    if folder is None:
        return
    for p in Path(folder).iterdir():
        if p.is_file():
            with p.open("rb") as f:
                while f.read(1 << 22):
                    pass


def measure_throughput(
    dataset,
    *,
    order: str = "sequential",
    workers: int = 1,
    repeats: int = 3,
    batch_size: int = 8,
    seed: int = 0,
) -> Throughput:
    """Seconds of audio loaded per second of wall time, and MB/s, best of ``repeats`` epochs.

    What it measures: the page cache is warm (every file of the folder is read once before
    timing), so this is decoding and copying, not the disk. One epoch = every item loaded once
    into float32 (samples, channels) and handed to this process (with ``workers`` > 1 through
    a process pool that is started before the clock starts; 16-bit formats cross the pipe as
    int16 and are scaled here, inside the timing). MB counts the stored bytes of
    the items (:meth:`AudioFolder.stored_bytes`: a file's size, or its slice of a packed
    array), 10**6 bytes per MB, so MB/s compares what each format reads.

    Parameters
    ----------
    dataset : AudioFolder (or any map-style dataset with ``stored_bytes`` and ``duration_s``)
    order : {"sequential", "shuffled"}
        Item order of each epoch (shuffled: a new permutation per repeat).
    workers : int
        ≥ 1 loading processes (1: in this process).
    repeats : int
        ≥ 1 timed epochs; the fastest counts.
    batch_size : int
        Items per task sent to a worker.
    seed : int
        Seed of the first shuffled epoch.

    Returns
    -------
    Throughput
        ``audio_s_per_s`` (x realtime), ``mb_per_s``, the best epoch's ``seconds``, and the
        epoch's ``audio_s``, ``megabytes`` and ``items``.

    Taught in notebooks/07_data_pipeline.ipynb.
    """
    _check_dataset(dataset)
    order = _checks.choice(order, "order", ("sequential", "shuffled"))
    workers = _checks.integer(workers, "workers", min=1)
    repeats = _checks.integer(repeats, "repeats", min=1)
    batch_size = _checks.integer(batch_size, "batch_size", min=1)
    seed = _checks.integer(seed, "seed", min=0)
    n = len(dataset)
    audio_s = sum(dataset.duration_s(i) for i in range(n))
    megabytes = sum(dataset.stored_bytes(i) for i in range(n)) / 1e6
    _warm(dataset)

    def fail(loaded):
        for i, x, msg in loaded:
            if x is None:
                raise DecodeError(f"item {i} failed to load: {msg}")
        return loaded

    plans = [_batches(n, batch_size, order == "shuffled", seed + r) for r in range(repeats)]
    best = float("inf")
    if workers == 1:
        for plan in plans:
            t0 = time.perf_counter()
            for b in plan:
                fail(_load_batch(b, dataset))
            best = min(best, time.perf_counter() - t0)
    else:
        with concurrent.futures.ProcessPoolExecutor(
            workers, initializer=_init_worker, initargs=(dataset,)
        ) as pool:
            list(pool.map(_load_batch, [[] for _ in range(4 * workers)]))  # start every worker
            for plan in plans:
                t0 = time.perf_counter()
                for _ in _run(pool, plan, workers, fail):
                    pass
                best = min(best, time.perf_counter() - t0)
    return Throughput(
        audio_s_per_s=audio_s / best,
        mb_per_s=megabytes / best,
        seconds=best,
        audio_s=audio_s,
        megabytes=megabytes,
        items=n,
        workers=workers,
        order=order,
    )

"""Tests of audiolevels.storage: every format round-trips (lossless bit-exactly, lossy within a
stated SNR), packed/HDF5 give the same items as per-file folders, iteration covers every item
once per epoch for any number of workers, corrupt files are named or skipped and reported.

Clips are generated into pytest's tmp_path; nothing is written into data/.
"""

from __future__ import annotations

import collections
import importlib.util
import pickle

import numpy as np
import pytest

from audiolevels import decoding, storage
from audiolevels.data import data_dir
from audiolevels.decoding import DecodeError

SR = 48000
# Lossy codecs at their write_corpus settings on the tonal clips below: energy SNR over each
# clip without its first and last 20 ms (Opus's start-up and end transients), same length and no
# lag. Measured: MP3 26.0 dB (LAME's 0.95 scaling alone caps it at -20·log10(0.05) = 26.0 dB),
# Vorbis 38-39 dB, Opus 30-46 dB. The bounds leave a margin; the wrong clip reads < 3 dB.
LOSSY_MIN_SNR_DB = {"mp3": 24.0, "ogg": 33.0, "opus": 25.0}
EDGE = int(0.02 * 48000)


def tonal_clip(k: int, seconds: float = 0.5, channels: int = 2) -> np.ndarray:
    """Two sines per channel (frequencies differ per clip and channel), as int16 codes."""
    t = np.arange(int(seconds * SR)) / SR
    chans = [
        0.3 * np.sin(2 * np.pi * (220 + 110 * k + 37 * c) * t)
        + 0.1 * np.sin(2 * np.pi * (1500 + 50 * k) * t + c)
        for c in range(channels)
    ]
    return np.round(np.stack(chans, axis=1) * 32767).astype(np.int16)


@pytest.fixture(scope="module")
def clips():
    # different lengths and channel counts, so a wrong offset or reshape shows
    return [
        (tonal_clip(0, 0.5, 2), SR),
        (tonal_clip(1, 0.3, 1), SR),
        (tonal_clip(2, 0.7, 2), SR),
        (tonal_clip(3, 0.2, 1), SR),
        (tonal_clip(4, 0.4, 2), SR),
    ]


@pytest.fixture(scope="module")
def corpora(clips, tmp_path_factory):
    root = tmp_path_factory.mktemp("corpora")
    return {f: storage.write_corpus(clips, root / f, f) for f in storage.FORMATS}


@pytest.mark.parametrize("fmt", storage.LOSSLESS_FORMATS)
def test_lossless_formats_give_back_the_same_int16_samples(fmt, clips, corpora):
    ds = storage.AudioFolder(corpora[fmt])
    assert len(ds) == len(clips)
    for i, (codes, sr) in enumerate(clips):
        x, got_sr = ds[i]
        assert x.dtype == np.float32 and x.ndim == 2 and got_sr == sr
        assert decoding.sample_hash(x) == decoding.sample_hash(codes)
        assert np.array_equal(np.round(x * 32768).astype(np.int16), codes)


@pytest.mark.parametrize("fmt", sorted(LOSSY_MIN_SNR_DB))
def test_lossy_formats_come_back_aligned_within_the_stated_snr(fmt, clips, corpora):
    ds = storage.AudioFolder(corpora[fmt])
    for i, (codes, sr) in enumerate(clips):
        x, got_sr = ds[i]
        assert got_sr == sr and x.shape == codes.shape
        assert decoding.compare(codes, x).lag_samples == 0
        report = decoding.compare(codes[EDGE:-EDGE], x[EDGE:-EDGE], align=False)
        assert report.snr_db > LOSSY_MIN_SNR_DB[fmt], (i, report)
        assert not report.bit_exact


def test_a_lossy_snr_bound_fails_for_the_wrong_clip(clips, corpora):
    x, _ = storage.AudioFolder(corpora["mp3"])[0]
    wrong = clips[2][0][: x.shape[0]]
    report = decoding.compare(wrong[EDGE:-EDGE], x[EDGE:-EDGE], align=False)
    assert report.snr_db < 3.0


@pytest.mark.parametrize("fmt", ["packed", "hdf5"])
def test_packed_and_hdf5_give_the_same_items_as_per_file_folders(fmt, corpora):
    one, files = storage.AudioFolder(corpora[fmt]), storage.AudioFolder(corpora["wav_int16"])
    for i in range(len(files)):
        a, sr_a = one[i]
        b, sr_b = files[i]
        assert sr_a == sr_b and a.shape == b.shape and np.array_equal(a, b)


def test_negative_indices_count_from_the_end_like_a_list(corpora):
    ds = storage.AudioFolder(corpora["packed"])
    assert np.array_equal(ds[-1][0], ds[len(ds) - 1][0])
    with pytest.raises(ValueError, match="index must be ≤ 4"):
        ds[5]


def test_the_dataset_survives_a_pickle_round_trip_with_its_memory_map_open(corpora):
    for fmt in ("packed", "hdf5", "flac"):
        ds = storage.AudioFolder(corpora[fmt])
        before = ds[2][0]  # opens the memory map / HDF5 file
        copy = pickle.loads(pickle.dumps(ds))
        assert len(copy) == len(ds) and np.array_equal(copy[2][0], before)


def test_a_folder_of_plain_audio_files_is_a_dataset_without_a_manifest(clips, tmp_path):
    for i, (codes, sr) in enumerate(clips[:3]):
        decoding.encode(codes, sr, tmp_path / f"take_{i}.flac", "flac")
    (tmp_path / "notes.txt").write_text("not audio")
    ds = storage.AudioFolder(tmp_path)
    assert ds.format == "files" and len(ds) == 3
    assert np.array_equal(np.round(ds[1][0] * 32768).astype(np.int16), clips[1][0])


def test_stored_bytes_are_file_sizes_or_the_packed_slice(clips, corpora):
    files = storage.AudioFolder(corpora["npy_int16"])
    assert files.stored_bytes(0) == (corpora["npy_int16"] / "clip_00000.npy").stat().st_size
    packed = storage.AudioFolder(corpora["packed"])
    assert packed.stored_bytes(1) == clips[1][0].nbytes
    total = sum(c.nbytes for c, _ in clips)
    # the packed array is the int16 codes plus a .npy header and a small index
    assert total < packed.disk_bytes() < total + 1024


# ---------------------------------------------------------------------------- iteration


def _indices(batches) -> list[int]:
    return [i for batch in batches for i, _, _ in batch]


def test_shuffled_iteration_covers_every_item_once_per_epoch_in_a_new_order(corpora):
    ds = storage.AudioFolder(corpora["npy_int16"])
    epochs = [_indices(storage.iterate(ds, 2, seed=s)) for s in range(4)]
    for order in epochs:
        assert sorted(order) == list(range(len(ds)))
    assert len({tuple(o) for o in epochs}) > 1  # the seed changes the order
    assert epochs[0] == _indices(storage.iterate(ds, 2, seed=0))  # and reproduces it


def test_unshuffled_iteration_keeps_the_item_order_and_batch_sizes(corpora):
    batches = list(storage.iterate(storage.AudioFolder(corpora["flac"]), 2, shuffle=False))
    assert [len(b) for b in batches] == [2, 2, 1]
    assert _indices(batches) == [0, 1, 2, 3, 4]


INT16_STORED = ("wav_int16", "flac", "npy_int16", "packed", "hdf5")


@pytest.mark.parametrize("fmt", storage.FORMATS)
def test_an_item_as_stored_is_int16_codes_for_16_bit_formats_and_scales_to_the_item(
    fmt, clips, corpora
):
    ds = storage.AudioFolder(corpora[fmt])
    for i, (codes, _) in enumerate(clips):
        stored, sr = ds.load_stored(i)
        assert stored.dtype == (np.int16 if fmt in INT16_STORED else np.float32)
        if fmt in INT16_STORED:
            assert np.array_equal(stored, codes)
        x, _ = ds[i]
        assert np.array_equal(storage.as_float32(stored), x)


def test_as_float32_scales_the_int16_extremes_by_one_over_32768():
    codes = np.array([[-32768], [0], [32767]], dtype=np.int16)
    got = storage.as_float32(codes)
    assert got.dtype == np.float32
    assert got[:, 0].tolist() == [-1.0, 0.0, 32767 / 32768]


@pytest.mark.parametrize("fmt", ["flac", "npy_int16", "ogg", "packed"])
def test_two_workers_yield_the_same_items_in_the_same_order_as_one(fmt, corpora):
    ds = storage.AudioFolder(corpora[fmt])
    one = list(storage.iterate(ds, 2, workers=1, seed=3))
    two = list(storage.iterate(ds, 2, workers=2, seed=3))
    assert _indices(one) == _indices(two)
    multiset = collections.Counter(decoding.sample_hash(x) for b in one for _, x, _ in b)
    assert multiset == collections.Counter(decoding.sample_hash(x) for b in two for _, x, _ in b)
    assert len(multiset) == len(ds)
    assert all(x.dtype == np.float32 for b in two for _, x, _ in b)


def test_batches_iterate_once_only(corpora):
    batches = storage.iterate(storage.AudioFolder(corpora["packed"]), 2)
    list(batches)
    with pytest.raises(RuntimeError, match="iterated already"):
        list(batches)


@pytest.fixture
def corrupt(clips, tmp_path):
    folder = storage.write_corpus(clips, tmp_path / "c", "flac")
    bad = folder / "clip_00002.flac"
    bad.write_bytes(bad.read_bytes()[: bad.stat().st_size // 2])
    return folder


@pytest.mark.parametrize("workers", [1, 2])
def test_a_corrupt_file_raises_an_error_naming_it(corrupt, workers):
    batches = storage.iterate(storage.AudioFolder(corrupt), 2, workers=workers, shuffle=False)
    with pytest.raises(DecodeError, match=r"item 2 failed.*clip_00002\.flac"):
        list(batches)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_corrupt_file_is_skipped_and_reported_on_request(corrupt, workers):
    batches = storage.iterate(storage.AudioFolder(corrupt), 2, workers=workers, on_error="skip")
    assert sorted(_indices(batches)) == [0, 1, 3, 4]
    assert [i for i, _ in batches.skipped] == [2]
    assert "clip_00002.flac" in batches.skipped[0][1]


def test_a_corrupt_packed_array_names_the_packed_file(clips, tmp_path):
    folder = storage.write_corpus(clips, tmp_path / "p", "packed")
    audio = folder / "audio.npy"
    audio.write_bytes(audio.read_bytes()[:-1000])  # the last clip loses its end
    ds = storage.AudioFolder(folder)
    with pytest.raises(DecodeError, match=r"audio\.npy"):
        ds[len(ds) - 1]


def test_measure_throughput_counts_the_epoch_audio_and_stored_megabytes(clips, corpora):
    ds = storage.AudioFolder(corpora["wav_int16"])
    result = storage.measure_throughput(ds, order="shuffled", workers=2, repeats=1)
    audio_s = sum(c.shape[0] for c, _ in clips) / SR
    assert result.audio_s == pytest.approx(audio_s)
    assert result.megabytes == pytest.approx(ds.disk_bytes() / 1e6)
    assert result.audio_s_per_s == pytest.approx(audio_s / result.seconds)
    assert result.mb_per_s == pytest.approx(result.megabytes / result.seconds)


def test_a_torch_dataloader_reads_the_dataset_unchanged(corpora):
    if importlib.util.find_spec("torch") is None:
        pytest.skip("torch is not installed here: the DataLoader path is not exercised")
    from torch.utils.data import DataLoader

    ds = storage.AudioFolder(corpora["npy_float32"])
    loader = DataLoader(ds, batch_size=None, shuffle=False, num_workers=2)
    for i, (x, sr) in enumerate(loader):
        assert np.array_equal(x.numpy(), ds[i][0]) and int(sr) == SR


# ---------------------------------------------------------------------------- bad input


def test_a_non_empty_folder_is_refused_unless_overwrite(clips, tmp_path):
    (tmp_path / "mine.txt").write_text("a user's file")
    with pytest.raises(FileExistsError, match="not empty; pass overwrite=True"):
        storage.write_corpus(clips, tmp_path, "npy_int16")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt"]


def test_overwrite_replaces_the_old_corpus_and_keeps_other_files(clips, tmp_path):
    storage.write_corpus(clips, tmp_path, "flac")
    (tmp_path / "mine.txt").write_text("a user's file")
    storage.write_corpus(clips[:2], tmp_path, "packed", overwrite=True)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["audio.npy", "corpus.json", "index.npy", "mine.txt"]
    assert len(storage.AudioFolder(tmp_path)) == 2


def test_nothing_is_written_into_data(clips):
    target = data_dir() / "corpus_test"
    with pytest.raises(ValueError, match="inside the bundled corpus folder data/"):
        storage.write_corpus(clips, target, "wav_int16")
    assert not target.exists()


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda c, p: storage.write_corpus(c, p, "aiff"), ValueError, "format must be one of"),
        (lambda c, p: storage.write_corpus(c[0][0], p, "flac"), TypeError, "clips must be a list"),
        (lambda c, p: storage.write_corpus([], p, "flac"), ValueError, "clips is empty"),
        (
            lambda c, p: storage.write_corpus([(c[0][0].T, SR)], p, "npy_int16"),
            ValueError,
            r"pass clips\[0\] audio\.T",
        ),
        (
            lambda c, p: storage.write_corpus([(c[0][0], 44100.0)], p, "flac"),
            TypeError,
            r"clips\[0\] sr must be an integer",
        ),
        (
            lambda c, p: storage.write_corpus([(np.full(10, 1.5), SR)], p, "packed"),
            ValueError,
            "beyond full scale",
        ),
        (lambda c, p: storage.write_corpus([(c[0][0], 44100)], p, "opus"), ValueError, "Opus"),
        (lambda c, p: storage.iterate(c, 0), ValueError, "batch_size must be ≥ 1"),
        (lambda c, p: storage.iterate(c, 2, workers=0), ValueError, "workers must be ≥ 1"),
        (lambda c, p: storage.iterate(c, 2, on_error="ignore"), ValueError, "on_error must be"),
        (lambda c, p: storage.iterate(3, 2), TypeError, "dataset must be map-style"),
        (
            lambda c, p: storage.measure_throughput(c, order="random"),
            ValueError,
            "order must be one of 'sequential', 'shuffled'",
        ),
        (lambda c, p: storage.AudioFolder(p / "none"), FileNotFoundError, "no such folder"),
        (lambda c, p: storage.AudioFolder(p), ValueError, "no corpus.json and no audio files"),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, match, clips, tmp_path):
    with pytest.raises(error, match=match):
        call(clips, tmp_path)

"""The bundled corpus: data/README.md's table against the files, the clips' metadata and levels,
the audit demo's faults, and audiolevels.data's loaders."""

from __future__ import annotations

import csv
import functools
import hashlib
import importlib.util
import shutil
import struct
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from hypothesis import given, settings
from hypothesis import strategies as st

from audiolevels import data as ald

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NOT_LISTED = {"README.md", "manifest.csv", ".gitattributes"}
BROKEN = {"truncated", "zero_length", "not_audio"}


def _readme_table() -> list[dict[str, str]]:
    """Rows of the table in data/README.md whose header has a sha256 column."""
    lines = (DATA / "README.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("| name |") and "sha256" in ln)
    header = [c.strip() for c in lines[start].strip().strip("|").split("|")]
    rows = []
    for ln in lines[start + 2 :]:
        if not ln.startswith("|"):
            break
        cells = [c.strip() for c in ln.strip().strip("|").split("|")]
        assert len(cells) == len(header), ln
        row = dict(zip(header, cells, strict=True))
        row["file"] = row["file"].strip("`")
        rows.append(row)
    return rows


TABLE = _readme_table()
TABLE_BY_FILE = {r["file"]: r for r in TABLE}
READABLE = [r for r in TABLE if r["sample rate (Hz)"]]


def _manifest() -> list[dict[str, str]]:
    with (DATA / "manifest.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _db(x: float) -> float:
    return 20 * np.log10(x)


def _peak_rms_db(x: np.ndarray) -> tuple[float, float]:
    x = np.asarray(x, dtype=np.float64)
    return _db(np.max(np.abs(x))), _db(np.sqrt(np.mean(x**2)))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- the table vs files


def test_readme_table_lists_the_corpus():
    assert len(TABLE) >= 19
    names = [r["name"] for r in TABLE]
    assert len(set(names)) == len(names)
    for want in ["speech_en", "speech_ko", "music", "music_mastered", "noise_white"]:
        assert want in names


@pytest.mark.parametrize("row", TABLE, ids=lambda r: r["file"])
def test_listed_file_exists_with_its_sha256(row):
    path = DATA / row["file"]
    assert path.is_file(), f"{path} is listed in data/README.md but missing"
    assert _sha256(path) == row["sha256"], f"{path}: sha256 differs from data/README.md"


def test_every_file_in_data_is_listed():
    on_disk = {
        p.relative_to(DATA).as_posix()
        for p in DATA.rglob("*")
        if p.is_file() and p.name not in NOT_LISTED
    }
    assert on_disk == set(TABLE_BY_FILE)


def test_manifest_agrees_with_readme():
    man = {r["path"]: r for r in _manifest()}
    assert set(man) == set(TABLE_BY_FILE)
    for path, row in TABLE_BY_FILE.items():
        m = man[path]
        assert m["name"] == row["name"]
        assert m["sha256"] == row["sha256"]
        assert m["samplerate"] == row["sample rate (Hz)"]
        assert m["channels"] == row["channels"]
        assert m["subtype"] == row["subtype"]
        assert m["duration_s"] == row["duration (s)"]
        assert m["licence"] == row["licence"]


def test_every_row_says_how_it_was_made_and_its_licence():
    for row in TABLE:
        assert row["how it was made"].strip("`"), row["name"]
        assert "CC0-1.0" in row["licence"], row["name"]
    music = TABLE_BY_FILE["music.flac"]
    assert "fluidsynth" in music["how it was made"] and "MIT" in music["licence"]
    for f in ("speech_en.wav", "speech_ko.flac"):
        assert "espeak-ng" in TABLE_BY_FILE[f]["how it was made"]
        assert "GPL-3.0" in TABLE_BY_FILE[f]["licence"]
    assert "-v ko" in TABLE_BY_FILE["speech_ko.flac"]["how it was made"]


def test_corpus_is_at_most_10_mb():
    total = sum(p.stat().st_size for p in DATA.rglob("*") if p.is_file())
    assert total <= 10_000_000, total


@pytest.mark.parametrize("row", READABLE, ids=lambda r: r["file"])
def test_file_has_the_listed_metadata(row):
    info = sf.info(str(DATA / row["file"]))
    assert info.samplerate == int(row["sample rate (Hz)"])
    assert info.channels == int(row["channels"])
    assert info.subtype == row["subtype"]
    assert info.format == Path(row["file"]).suffix[1:].upper()
    assert info.frames / info.samplerate == pytest.approx(float(row["duration (s)"]), abs=6e-4)


# --------------------------------------------------------------------------- the clips


def test_clips_cover_the_formats_and_lengths_the_corpus_needs():
    clips = ald.list_clips()
    assert {c["name"] for c in clips} == {
        "speech_en",
        "speech_ko",
        "music",
        "music_mastered",
        "noise_white",
        "noise_pink",
        "noise_brown",
        "sine_100hz",
        "sine_1khz",
        "sine_3khz",
    }
    assert all(5.0 <= c["duration_s"] <= 15.0 for c in clips)
    assert {c["samplerate"] for c in clips} == {44100, 48000}
    assert {c["channels"] for c in clips} == {1, 2}
    assert {c["subtype"] for c in clips} == {"PCM_16", "PCM_24"}
    assert {c["format"] for c in clips} == {"WAV", "FLAC"}


@pytest.mark.parametrize("clip", ald.list_clips(), ids=lambda c: c["name"])
def test_load_clip_matches_list_clips(clip):
    x, sr = ald.load_clip(clip["name"])
    assert sr == clip["samplerate"]
    assert x.dtype == np.float32
    assert x.shape == ((clip["frames"],) if clip["channels"] == 1 else (clip["frames"], 2))
    peak, rms = _peak_rms_db(x)
    assert peak == pytest.approx(clip["peak_dbfs"], abs=0.01)
    assert rms == pytest.approx(clip["rms_dbfs"], abs=0.01)
    assert clip["path"] == ald.clip_path(clip["name"])
    assert clip["path"].is_file()


def _levels(name: str) -> tuple[float, float]:
    x, _ = sf.read(str(ald.clip_path(name)), dtype="float64")
    return _peak_rms_db(x)


def test_mastered_music_is_louder_with_a_lower_crest_factor():
    peak_m, rms_m = _levels("music")
    peak_x, rms_x = _levels("music_mastered")
    assert peak_x <= -0.99  # limited to −1 dBFS
    assert rms_x - rms_m > 6.0  # clearly higher RMS
    assert (peak_m - rms_m) - (peak_x - rms_x) > 4.0  # several dB lower crest factor


def test_peak_normalized_rms_spreads_by_many_db():
    # After peak normalization to 0 dBFS a clip's RMS is minus its crest factor.
    crest = {c["name"]: np.subtract(*_levels(c["name"])) for c in ald.list_clips()}
    assert max(crest.values()) - min(crest.values()) > 15.0
    assert crest["sine_1khz"] == pytest.approx(3.01, abs=0.05)
    assert crest["music"] > crest["music_mastered"] > crest["sine_1khz"]
    assert min(crest["speech_en"], crest["speech_ko"]) > crest["noise_white"]


def test_tones_and_noises_have_the_stated_levels():
    rms = {c["name"]: _levels(c["name"])[1] for c in ald.list_clips()}
    # Equal energy, different loudness: 100 Hz and 3 kHz have the same RMS.
    assert rms["sine_100hz"] == pytest.approx(rms["sine_3khz"], abs=0.005)
    assert rms["sine_1khz"] == pytest.approx(_db(0.25 / np.sqrt(2)), abs=0.02)
    for colour in ("white", "pink", "brown"):
        assert rms[f"noise_{colour}"] == pytest.approx(-20.0, abs=0.05)


def test_noises_and_tones_differ_in_spectrum():
    def centroid(name: str) -> float:
        x, sr = ald.load_clip(name, mono=True)
        mag = np.abs(np.fft.rfft(x.astype(np.float64)))
        f = np.fft.rfftfreq(x.size, 1 / sr)
        return float(np.sum(f * mag**2) / np.sum(mag**2))

    assert centroid("noise_white") > 4 * centroid("noise_pink") > 4 * centroid("noise_brown")
    assert centroid("sine_100hz") == pytest.approx(100, rel=0.01)
    assert centroid("sine_3khz") == pytest.approx(3000, rel=0.01)


# --------------------------------------------------------------------------- audit demo


def _audit() -> dict[str, dict]:
    return {a["expected_problem"] + ":" + a["path"].suffix: a for a in ald.list_audit_demo()}


def test_audit_demo_lists_every_problem():
    problems = {a["expected_problem"] for a in ald.list_audit_demo()}
    assert problems == {
        "clipped",
        "dc_offset",
        "near_silence",
        "low_samplerate",
        "wrong_channels",
        "truncated",
        "zero_length",
        "not_audio",
    }
    assert all(a["path"].parent.name == "audit_demo" for a in ald.list_audit_demo())
    assert not {c["name"] for c in ald.list_clips()} & {a["name"] for a in ald.list_audit_demo()}


@pytest.mark.parametrize(
    "item",
    [a for a in ald.list_audit_demo() if a["expected_problem"] in BROKEN],
    ids=lambda a: a["path"].name,
)
def test_broken_audit_files_fail_with_an_error_naming_the_file(item):
    with pytest.raises(ald.AudioFileError, match=item["path"].name):
        ald.read_audio(item["path"])
    with pytest.raises(ValueError):  # AudioFileError is a ValueError
        ald.read_audio(item["path"], sr=16000, mono=True)


@pytest.mark.parametrize("name", ["truncated.flac", "zero_length.wav", "not_audio.wav"])
def test_soundfile_itself_rejects_these(name):
    with pytest.raises(sf.LibsndfileError):
        sf.read(str(DATA / "audit_demo" / name))


def test_soundfile_reads_a_truncated_wav_silently_so_we_check_the_header():
    path = DATA / "audit_demo" / "truncated.wav"
    raw = path.read_bytes()
    i = raw.index(b"data")
    declared = struct.unpack("<I", raw[i + 4 : i + 8])[0]
    x, _ = sf.read(str(path))  # the trap: no error
    assert x.shape[0] * 2 < declared  # PCM_16 mono: 2 bytes per frame
    with pytest.raises(ald.AudioFileError, match="truncated WAV"):
        ald.read_audio(path)


def test_audit_files_show_their_problem_measurably():
    a = {x["expected_problem"]: x for x in ald.list_audit_demo() if x["samplerate"]}
    x, _ = ald.read_audio(a["clipped"]["path"])
    assert np.mean(np.abs(x) >= 32767 / 32768) > 0.05  # many samples at full scale
    x, _ = ald.read_audio(a["dc_offset"]["path"])
    assert np.mean(x) > 0.05 and np.max(np.abs(x)) < 0.99
    x, _ = ald.read_audio(a["near_silence"]["path"])
    assert _peak_rms_db(x)[1] < -60 and np.any(x != 0)
    x, sr = ald.read_audio(a["low_samplerate"]["path"])
    assert sr == 22050
    x, sr = ald.read_audio(a["wrong_channels"]["path"])
    assert x.shape[1] == 6 and sr == 44100


def test_audit_files_with_one_problem_are_otherwise_healthy():
    for a in ald.list_audit_demo():
        p = a["expected_problem"]
        if p in BROKEN:
            assert a["samplerate"] is None
            continue
        assert (a["samplerate"] == 22050) == (p == "low_samplerate")
        assert (a["channels"] not in (1, 2)) == (p == "wrong_channels")


# --------------------------------------------------------------------------- the loader API


def test_load_clip_resamples_and_mixes_to_mono():
    x, sr = ald.load_clip("music", sr=48000, mono=True)
    assert sr == 48000 and x.dtype == np.float32 and x.ndim == 1
    assert x.shape[0] == 13 * 48000
    y, sr = ald.load_clip("noise_pink", mono=True)
    assert y.ndim == 1 and sr == 48000
    stereo, _ = ald.load_clip("noise_pink")
    np.testing.assert_allclose(y, stereo.mean(axis=1), atol=1e-7)
    z, sr = ald.load_clip("sine_1khz", sr=44100)
    assert sr == 44100 and z.shape == (5 * 44100,)
    # Resampling a 1 kHz tone keeps its level.
    assert _peak_rms_db(z[4410:-4410])[1] == pytest.approx(_db(0.25 / np.sqrt(2)), abs=0.02)
    w, sr = ald.load_clip("speech_en", sr=48000)  # the file's own rate: no resampling
    frames = next(c["frames"] for c in ald.list_clips() if c["name"] == "speech_en")
    assert sr == 48000 and w.shape[0] == frames


def test_load_clip_unknown_name_lists_the_known_names():
    with pytest.raises(KeyError) as exc:
        ald.load_clip("speech_fr")
    msg = str(exc.value)
    assert "speech_fr" in msg
    for c in ald.list_clips():
        assert c["name"] in msg
    with pytest.raises(KeyError):
        ald.clip_path("audit_clipped")  # audit files are not clips


@pytest.mark.parametrize("sr", [0, -44100, 44100.5, float("nan"), float("inf")])
def test_load_clip_rejects_a_bad_sample_rate(sr):
    with pytest.raises(ValueError, match="sr"):
        ald.load_clip("sine_1khz", sr=sr)


def test_load_clip_rejects_a_non_number_sample_rate():
    with pytest.raises(TypeError):
        ald.load_clip("sine_1khz", sr="44100")


def test_load_clip_returns_fresh_arrays():
    a, _ = ald.load_clip("sine_1khz")
    b, _ = ald.load_clip("sine_1khz")
    assert not np.shares_memory(a, b)
    assert a.flags.writeable and a.flags.c_contiguous
    a[:] = 0.5
    c, _ = ald.load_clip("sine_1khz")
    np.testing.assert_array_equal(b, c)
    clips = ald.list_clips()
    clips[0]["samplerate"] = 1
    assert ald.list_clips()[0]["samplerate"] != 1


def test_read_audio_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.wav"):
        ald.read_audio(tmp_path / "nope.wav")


@settings(max_examples=25, deadline=None)
@given(
    keep=st.floats(min_value=0.05, max_value=0.95),
    stereo=st.booleans(),
)
def test_read_audio_catches_any_truncated_wav(tmp_path_factory, keep, stereo):
    folder = tmp_path_factory.mktemp("trunc")
    x = np.zeros((1000, 2) if stereo else 1000, dtype=np.int16)
    whole = folder / "whole.wav"
    sf.write(whole, x, 8000, subtype="PCM_16")
    raw = whole.read_bytes()
    cut = folder / "cut.wav"
    cut.write_bytes(raw[: int(len(raw) * keep)])
    with pytest.raises(ald.AudioFileError, match="cut.wav"):
        ald.read_audio(cut)
    y, sr = ald.read_audio(whole)  # the whole file still reads
    assert sr == 8000 and y.shape[0] == 1000


def test_the_wav_check_follows_chunks_past_its_first_read(tmp_path):
    # A 9 999-byte chunk (odd: one pad byte) between "fmt " and "data" puts the data chunk's
    # header beyond the 4 KB read at once: the check still finds it, and the bytes it lacks.
    whole = tmp_path / "whole.wav"
    sf.write(whole, np.zeros(1000, np.int16), 8000, subtype="PCM_16")
    raw = whole.read_bytes()
    i = raw.index(b"data")
    big = raw[:i] + b"junk" + struct.pack("<I", 9999) + bytes(10_000) + raw[i:]
    big = big[:4] + struct.pack("<I", len(big) - 8) + big[8:]
    padded = tmp_path / "padded.wav"
    padded.write_bytes(big)
    assert big.index(b"data") > ald._WAV_HEAD_BYTES
    x, _ = sf.read(str(padded), dtype="int16")
    assert x.shape == (1000,)
    ald._check_wav_complete(padded)  # complete: no error
    cut = tmp_path / "cut.wav"
    cut.write_bytes(big[:-500])
    with pytest.raises(ald.AudioFileError, match="declares 2000 bytes of audio but only 1500"):
        ald._check_wav_complete(cut)
    with pytest.raises(ald.AudioFileError, match="declares 2000 bytes"):
        ald._check_wav_complete(str(cut), len(big) - 500)  # a str and a known size


def test_data_dir_can_be_moved_with_the_environment(tmp_path, monkeypatch):
    copy = tmp_path / "corpus"
    copy.mkdir()
    shutil.copy(DATA / "manifest.csv", copy / "manifest.csv")
    shutil.copy(DATA / "sine_1khz.wav", copy / "sine_1khz.wav")
    monkeypatch.setenv("AUDIOLEVELS_DATA", str(copy))
    assert ald.data_dir() == copy
    x, sr = ald.load_clip("sine_1khz")
    assert sr == 48000 and x.shape == (5 * 48000,)
    assert ald.clip_path("music") == copy / "music.flac"


def test_missing_data_dir_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDIOLEVELS_DATA", str(tmp_path / "gone"))
    with pytest.raises(FileNotFoundError, match="AUDIOLEVELS_DATA"):
        ald.list_clips()
    monkeypatch.setenv("AUDIOLEVELS_DATA", str(tmp_path))  # a folder without a manifest
    with pytest.raises(FileNotFoundError, match="make data"):
        ald.load_clip("music")


# --------------------------------------------------------------------------- the generator


@functools.cache
def _script(name: str):
    """Import scripts/<name>.py (the generator is not part of the package)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod  # dataclasses look their module up here
        spec.loader.exec_module(mod)
        return mod
    finally:
        sys.path.remove(str(ROOT / "scripts"))


def test_midi_file_is_well_formed():
    raw = _script("compose_midi").midi_bytes()
    assert raw[:4] == b"MThd" and struct.unpack(">IHHH", raw[4:14]) == (6, 0, 1, 480)
    assert raw[14:18] == b"MTrk"
    assert struct.unpack(">I", raw[18:22])[0] == len(raw) - 22
    assert raw.endswith(b"\xff\x2f\x00")


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    gain_db=st.floats(-6, 30),
    ceiling_dbfs=st.floats(-12, -0.1),
)
def test_limiter_never_exceeds_its_ceiling(seed, gain_db, ceiling_dbfs):
    # scripts/make_data.py masters music with audiolevels.normalize.lookahead_limiter.
    from audiolevels.normalize import lookahead_limiter

    def limit(x, sr, ceiling_dbfs):
        return lookahead_limiter(x, sr, ceiling_dbfs=ceiling_dbfs)[0]

    rng = np.random.default_rng(seed)
    x = rng.standard_normal((4000, 2)) * 10 ** (gain_db / 20) * 0.1
    y = limit(x, 8000, ceiling_dbfs=ceiling_dbfs)
    assert np.max(np.abs(y)) <= 10 ** (ceiling_dbfs / 20) + 1e-12
    assert y.shape == x.shape
    quiet = x / np.max(np.abs(x)) * 10 ** ((ceiling_dbfs - 1) / 20)
    np.testing.assert_allclose(limit(quiet, 8000, ceiling_dbfs=ceiling_dbfs), quiet)


def test_quantize_is_exact_for_24_bit():
    md = _script("make_data")
    x = np.array([-1.0, -0.5, 0.0, 2**-23, 0.5, 1.0])
    q = md.quantize(x, "PCM_24")
    assert list(q >> 8) == [-(2**23), -(2**22), 0, 1, 2**22, 2**23 - 1]

"""Tests of audiolevels.decoding: lossless decodes are bit-exact in every backend, lossy decoders
agree, LAME's level change, alignment, the comparison's mathematics, the libsndfile traps, bad
files and bad input.

Signals are generated into pytest's tmp_path; nothing is written into data/.
"""

from __future__ import annotations

import itertools
import math
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from scipy.signal import butter, sosfilt

from audiolevels import decoding as dec
from audiolevels.data import AudioFileError, list_audit_demo

ROOT = Path(__file__).resolve().parents[1]
SR = 44100
LOSSLESS_BACKENDS = dec.BACKENDS  # every backend reads WAV and FLAC
MP3_BACKENDS = ("soundfile", "ffmpeg", "miniaudio")  # the three independent decoders


def pcm(bits: int, channels: int, frames: int = 3000, seed: int = 0) -> np.ndarray:
    """Random full-range integer codes as float k / 2**(bits-1), both extremes included."""
    rng = np.random.default_rng(seed)
    q = rng.integers(-(2 ** (bits - 1)), 2 ** (bits - 1), size=(frames, channels))
    q[0, 0], q[1, 0] = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    return q / 2.0 ** (bits - 1)


def lame_signal(seconds: float = 2.0, sr: int = SR) -> np.ndarray:
    """Stereo sines (440/554 Hz, 0.3) plus noise low-passed at 3 kHz (RMS 0.05 per channel).

    Everything lies below every LAME low-pass used here, so the least-squares gain of the
    decoded file measures LAME's scaling, not the band it removes.
    """
    n = int(seconds * sr)
    t = np.arange(n) / sr
    rng = np.random.default_rng(7)
    noise = sosfilt(butter(4, 3000, fs=sr, output="sos"), rng.standard_normal((n, 2)), axis=0)
    noise *= 0.05 / noise.std()
    return (
        np.stack([0.3 * np.sin(2 * np.pi * 440 * t), 0.3 * np.sin(2 * np.pi * 554 * t)], 1) + noise
    )


@pytest.fixture(scope="module")
def mp3_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("mp3")
    return dec.encode(lame_signal(), SR, folder / "lame128.mp3", "mp3", bitrate_kbps=128)


# --------------------------------------------------------------------------- lossless


@pytest.mark.parametrize("backend", LOSSLESS_BACKENDS)
@pytest.mark.parametrize("fmt", ["wav", "flac"])
@pytest.mark.parametrize("channels", [1, 2])
@pytest.mark.parametrize("bits", [16, 24])
def test_wav_and_flac_decode_to_the_written_samples_in_every_backend(
    tmp_path, bits, channels, fmt, backend
):
    x = pcm(bits, channels)
    path = dec.encode(x, SR, tmp_path / f"x.{fmt}", fmt, subtype=f"PCM_{bits}")
    y, sr = dec.decode(path, backend=backend)
    assert sr == SR and y.shape == (x.shape[0], channels) and y.dtype == np.float32
    assert np.array_equal(y.astype(np.float64), x)
    assert dec.sample_hash(y) == dec.sample_hash(x)


@pytest.mark.parametrize("backend", LOSSLESS_BACKENDS)
def test_no_backend_truncates_24_bit_flac_to_16_bits(tmp_path, backend):
    x = pcm(24, 2)
    truncated = np.floor(x * 32768.0) / 32768.0  # what a 16-bit decode path would return
    path = dec.encode(x, SR, tmp_path / "x24.flac", "flac", subtype="PCM_24")
    y, _ = dec.decode(path, backend=backend, dtype="float64")
    assert dec.sample_hash(y) == dec.sample_hash(x) != dec.sample_hash(truncated)
    assert np.any(y * 32768.0 != np.round(y * 32768.0))  # the low 8 bits survive


@pytest.mark.parametrize("backend", LOSSLESS_BACKENDS)
def test_sample_hash_is_the_same_for_float32_float64_and_int16_decodes(tmp_path, backend):
    x = pcm(16, 2)
    wav = dec.encode(x, SR, tmp_path / "x.wav", "wav")
    flac = dec.encode(x, SR, tmp_path / "x.flac", "flac")
    hashes = {
        dec.sample_hash(dec.decode(p, backend=backend, dtype=dt)[0])
        for p in (wav, flac)
        for dt in dec.DTYPES
    }
    assert hashes == {dec.sample_hash(x)}


def test_sample_hash_changes_with_one_sample_and_with_the_channel_layout():
    x = pcm(16, 2)
    y = x.copy()
    y[100, 1] += 1 / 32768
    assert dec.sample_hash(x) != dec.sample_hash(y)
    assert dec.sample_hash(x) != dec.sample_hash(x.reshape(-1, 1))
    assert dec.sample_hash(x[:, 0]) == dec.sample_hash(x[:, :1])  # 1-D is one channel


def test_sample_hash_treats_int16_input_as_k_over_32768():
    q = (pcm(16, 1) * 32768).astype(np.int16)
    assert dec.sample_hash(q) == dec.sample_hash(q / 32768.0)


@pytest.mark.parametrize("backend", LOSSLESS_BACKENDS)
def test_int16_decode_of_a_16_bit_file_returns_the_written_codes(tmp_path, backend):
    x = pcm(16, 2)
    path = dec.encode(x, SR, tmp_path / "x.flac", "flac")
    y, _ = dec.decode(path, backend=backend, dtype="int16")
    assert y.dtype == np.int16
    assert np.array_equal(y, np.round(x * 32768).astype(np.int16))


@pytest.mark.parametrize("backend", LOSSLESS_BACKENDS)
def test_int16_decode_of_a_24_bit_file_raises_instead_of_rounding(tmp_path, backend):
    path = dec.encode(pcm(24, 1), SR, tmp_path / "x24.wav", "wav", subtype="PCM_24")
    with pytest.raises(ValueError, match="int16.*would round.*float32"):
        dec.decode(path, backend=backend, dtype="int16")


@pytest.mark.parametrize("backend", ["soundfile", "ffmpeg"])
def test_int16_decode_of_a_float_mp3_decode_raises(mp3_file, backend):
    with pytest.raises(ValueError, match="int16.*would round"):
        dec.decode(mp3_file, backend=backend, dtype="int16")


def test_float_wav_decodes_exactly_in_every_backend(tmp_path):
    x = np.random.default_rng(3).uniform(-1, 1, (2000, 2)).astype(np.float32)
    path = dec.encode(x, SR, tmp_path / "f.wav", "wav", subtype="FLOAT")
    for backend in LOSSLESS_BACKENDS:
        y, _ = dec.decode(path, backend=backend)
        assert np.array_equal(y, x), backend


# --------------------------------------------------------------------------- lossy decoders


def test_one_mp3_decoded_by_three_decoders_agrees_to_better_than_minus_90_dbfs(mp3_file):
    decoded = {b: dec.decode(mp3_file, backend=b)[0] for b in MP3_BACKENDS}
    for a, b in itertools.combinations(MP3_BACKENDS, 2):
        r = dec.compare(decoded[a], decoded[b])
        assert r.lag_samples == 0 and r.length_diff_samples == 0, (a, b, r)
        assert r.max_abs_diff_dbfs < -90.0, (a, b, r)
    # The two float decoders (mpg123, FFmpeg's mp3float) agree far closer: measured −121 dBFS.
    assert dec.compare(decoded["soundfile"], decoded["ffmpeg"]).max_abs_diff_dbfs < -110.0


def test_miniaudio_returns_mp3_rounded_to_16_bits_even_as_float(mp3_file):
    y, _ = dec.decode(mp3_file, backend="miniaudio")
    assert np.array_equal(y * 32768.0, np.round(y * 32768.0))
    ref, _ = dec.decode(mp3_file, backend="ffmpeg")
    lsb = dec.compare(ref, y).max_abs_diff * 32768
    assert 0.5 <= lsb <= 1.0  # rounding (0.5 LSB) plus dr_mp3's own arithmetic
    # so an int16 request is lossless for it and returns those same values
    q, _ = dec.decode(mp3_file, backend="miniaudio", dtype="int16")
    assert np.array_equal(q / 32768.0, y)


def test_librosa_load_returns_exactly_what_soundfile_decodes(mp3_file):
    a, _ = dec.decode(mp3_file, backend="soundfile")
    b, _ = dec.decode(mp3_file, backend="librosa")
    assert dec.compare(a, b).bit_exact


@pytest.mark.parametrize(
    "fmt,encoder", [("ogg", "soundfile"), ("opus", "soundfile"), ("opus", "ffmpeg")]
)
def test_vorbis_and_opus_decoders_agree_to_better_than_minus_120_dbfs(tmp_path, fmt, encoder):
    path = dec.encode(lame_signal(1.0, 48000), 48000, tmp_path / f"x.{fmt}", fmt, encoder=encoder)
    backends = [b for b in MP3_BACKENDS if dec.available_backends(fmt)[b] is None]
    assert backends == (
        ["soundfile", "ffmpeg", "miniaudio"] if fmt == "ogg" else ["soundfile", "ffmpeg"]
    )
    decoded = {b: dec.decode(path, backend=b)[0] for b in backends}
    # Opus: libopus (in libsndfile) and FFmpeg's own Opus decoder part in the last, end-trimmed
    # 20 ms frame (measured up to −60 dBFS there, a few hundred samples); leave it out.
    tail = 960 if fmt == "opus" else 0
    for a, b in itertools.combinations(backends, 2):
        whole = dec.compare(decoded[a], decoded[b])
        assert whole.length_diff_samples == 0 and whole.lag_samples == 0, (a, b, whole)
        assert whole.max_abs_diff_dbfs < -50.0, (a, b, whole)
        n = decoded[a].shape[0] - tail
        body = dec.compare(decoded[a][:n], decoded[b][:n], align=False)
        assert body.max_abs_diff_dbfs < -120.0, (a, b, body)


def test_aac_m4a_written_by_ffmpeg_decodes_in_ffmpeg_only(tmp_path):
    x = lame_signal(1.0)
    path = dec.encode(x, SR, tmp_path / "x.m4a", "aac", bitrate_kbps=128)
    assert dec.sniff_format(path) == "aac"
    y, sr = dec.decode(path, backend="ffmpeg")
    r = dec.compare(x, y)
    assert sr == SR and abs(r.gain_db) < 0.5 and r.snr_db > 15, r
    for backend in ("soundfile", "miniaudio", "librosa"):
        with pytest.raises(dec.UnsupportedFormatError, match=f"{backend}.*aac"):
            dec.decode(path, backend=backend)


# --------------------------------------------------------------------------- gapless, alignment


@pytest.mark.parametrize("backend", MP3_BACKENDS)
def test_mp3_without_gapless_tag_aligns_at_lames_1105_sample_delay(tmp_path, backend):
    # LAME's encoder delay is 576 samples, the MP3 decoder's 529: 1105 in all (LAME docs).
    x = lame_signal(1.0)
    bare = dec.encode(x, SR, tmp_path / "bare.mp3", "mp3", encoder="ffmpeg", gapless_tag=False)
    tagged = dec.encode(x, SR, tmp_path / "tag.mp3", "mp3", encoder="ffmpeg")
    r_bare = dec.compare(x, dec.decode(bare, backend=backend)[0])
    r_tag = dec.compare(x, dec.decode(tagged, backend=backend)[0])
    assert r_bare.lag_samples == 1105 and r_bare.length_diff_samples > 1105
    assert r_tag.lag_samples == 0 and r_tag.length_diff_samples == 0


def test_a_known_prepended_delay_is_found_after_mp3_round_trip(tmp_path):
    x = lame_signal(1.0)
    delayed = np.concatenate([np.zeros((777, 2)), x])
    path = dec.encode(delayed, SR, tmp_path / "d.mp3", "mp3")
    lag, a, b = dec.align(x, dec.decode(path)[0])
    assert lag == 777 and a.shape == b.shape


def test_align_finds_a_known_lag_both_ways_and_trims_to_the_overlap():
    x = np.random.default_rng(1).standard_normal((5000, 2))
    late = np.concatenate([np.zeros((123, 2)), x])[:4900]
    lag, a, b = dec.align(x, late)
    assert lag == 123 and a.shape == b.shape == (4900 - 123, 2)
    assert np.array_equal(a, b)
    lag, a, b = dec.align(late, x)
    assert lag == -123 and np.array_equal(a, b)


def test_align_respects_max_lag():
    x = np.random.default_rng(2).standard_normal(4000)
    late = np.concatenate([np.zeros(300), x])
    assert dec.align(x, late)[0] == 300
    assert abs(dec.align(x, late, max_lag=100)[0]) <= 100


def test_align_never_modifies_its_inputs_and_returns_new_arrays():
    x = np.random.default_rng(3).standard_normal((3000, 2))
    y = np.concatenate([np.zeros((50, 2)), x])
    x0, y0 = x.copy(), y.copy()
    x.flags.writeable = False
    y.flags.writeable = False
    _, a, b = dec.align(x, y)
    a += 1
    b += 1
    assert np.array_equal(x, x0) and np.array_equal(y, y0)


def test_align_keeps_one_dimensional_input_one_dimensional():
    x = np.random.default_rng(4).standard_normal(1000)
    lag, a, b = dec.align(x, x)
    assert lag == 0 and a.ndim == b.ndim == 1


# --------------------------------------------------------------------------- LAME's level


# CONVENTIONS: LAME scales by 0.95 (20·log10 0.95 = −0.4455 dB) at CBR ≤ 160 kbps, −0.26 dB
# at 192, −0.18 dB at 224, none at ≥ 256 kbps or VBR.
LAME_GAIN = [
    (64, -0.445),
    (128, -0.445),
    (160, -0.445),
    (192, -0.26),
    (224, -0.18),
    (256, 0.0),
    (320, 0.0),
    ("vbr", 0.0),
]


@pytest.fixture(scope="module")
def lame_reference() -> np.ndarray:
    return lame_signal()


@pytest.mark.parametrize("encoder", ["soundfile", "ffmpeg"])
@pytest.mark.parametrize("setting,expected_db", LAME_GAIN)
def test_lame_changes_the_level_by_the_documented_gain(
    tmp_path, lame_reference, encoder, setting, expected_db
):
    kw = {"vbr": True} if setting == "vbr" else {"bitrate_kbps": setting}
    path = dec.encode(lame_reference, SR, tmp_path / "x.mp3", "mp3", encoder=encoder, **kw)
    r = dec.compare(lame_reference, dec.decode(path, backend="ffmpeg")[0])
    assert r.lag_samples == 0
    assert r.gain_db == pytest.approx(expected_db, abs=0.05)


def test_0_95_is_minus_0_445_db():
    assert 20 * math.log10(0.95) == pytest.approx(-0.4455, abs=1e-4)


@pytest.mark.parametrize("encoder", ["soundfile", "ffmpeg"])
def test_mp3_cbr_lands_on_the_requested_bitrate(tmp_path, lame_reference, encoder):
    # libsndfile turns a compression level c into (int)(320 − c·288) kbps; an MPEG-1 layer III
    # frame at that rate is floor(144·bitrate/sr) bytes, one more when its padding bit is set.
    import av

    for kbps in (32, 96, 128, 256, 320):
        path = dec.encode(
            lame_reference, SR, tmp_path / f"{kbps}.mp3", "mp3", bitrate_kbps=kbps, encoder=encoder
        )
        with av.open(str(path)) as container:
            stream = container.streams.audio[0]
            sizes = {p.size for p in container.demux(stream) if p.size}
        n = 144 * kbps * 1000 // SR
        assert sizes <= {n, n + 1}, (kbps, sizes)


# --------------------------------------------------------------------------- compare()


def test_compare_of_identical_arrays_is_bit_exact_with_infinite_snr():
    x = np.random.default_rng(5).standard_normal((1000, 2)) * 0.1
    r = dec.compare(x, x.copy())
    assert r.bit_exact and r.snr_db == math.inf and r.max_abs_diff == 0.0
    assert r.max_abs_diff_dbfs == -math.inf and r.lag_samples == 0 and r.gain_db == 0.0


def test_compare_reports_a_known_gain_exactly():
    x = np.random.default_rng(6).standard_normal((2000, 2)) * 0.1
    r = dec.compare(x, 0.5 * x)
    assert r.gain_db == pytest.approx(20 * math.log10(0.5), abs=1e-12)
    # b − a = −0.5a, so SNR = 10·log10(Σa² / Σ(0.5a)²) = 20·log10(2)
    assert r.snr_db == pytest.approx(20 * math.log10(2), abs=1e-9)
    assert r.max_abs_diff == pytest.approx(0.5 * np.max(np.abs(x)), rel=1e-12)
    assert not r.bit_exact


def test_compare_reports_a_known_lag_and_length_difference():
    x = np.random.default_rng(7).standard_normal(3000)
    y = np.concatenate([np.zeros(42), x, np.zeros(8)])
    r = dec.compare(x, y)
    assert r.lag_samples == 42 and r.length_diff_samples == 50 and r.snr_db == math.inf
    assert not r.bit_exact  # the arrays differ; only the aligned overlap is equal
    assert dec.compare(x, y, align=False).lag_samples == 0


def test_compare_snr_matches_the_definition_for_known_noise():
    rng = np.random.default_rng(8)
    a = rng.standard_normal(10000)
    noise = 0.01 * rng.standard_normal(10000)
    r = dec.compare(a, a + noise, align=False)
    assert r.snr_db == pytest.approx(10 * math.log10(np.sum(a**2) / np.sum(noise**2)), abs=1e-9)
    assert r.max_abs_diff_dbfs == pytest.approx(20 * math.log10(np.max(np.abs(noise))), abs=1e-9)


def test_compare_treats_int16_as_k_over_32768():
    q = (pcm(16, 2) * 32768).astype(np.int16)
    assert dec.compare(q, q / 32768.0).bit_exact


def test_comparison_report_is_frozen_readable_and_a_dict():
    r = dec.compare(np.ones(100) * 0.5, np.ones(100) * 0.25, align=False)
    with pytest.raises(AttributeError):
        r.gain_db = 0.0
    text = repr(r)
    assert "gain=-6.021 dB" in text and "SNR=6.0 dB" in text and "bit_exact=False" in text
    d = r.as_dict()
    assert set(d) >= {
        "bit_exact",
        "max_abs_diff",
        "max_abs_diff_dbfs",
        "snr_db",
        "lag_samples",
        "length_diff_samples",
        "gain_db",
    }
    assert d["gain_db"] == r.gain_db


# --------------------------------------------------------------------------- the traps


def test_int16_stereo_mp3_is_written_as_the_float_input_would_be(tmp_path):
    x = lame_signal(1.0)
    q = np.round(x * 32767).astype(np.int16)
    from_float = dec.decode(dec.encode(q / 32768.0, SR, tmp_path / "f.mp3", "mp3"))[0]
    from_int = dec.decode(dec.encode(q, SR, tmp_path / "i.mp3", "mp3"))[0]
    assert dec.compare(from_float, from_int).bit_exact


def test_naive_soundfile_write_of_int16_stereo_mp3_is_still_garbage(tmp_path):
    # libsndfile 1.2.2 (soundfile 0.14): its int16 stereo MP3 path copies `n` bytes of `n`
    # shorts, so half of every block is stale memory. Measured SNR here: about 0 dB.
    x = lame_signal(1.0)
    q = np.round(x * 32767).astype(np.int16)
    sf.write(tmp_path / "naive.mp3", q, SR, format="MP3")
    guarded = dec.decode(dec.encode(q, SR, tmp_path / "g.mp3", "mp3"))[0]
    naive = dec.decode(tmp_path / "naive.mp3")[0]
    assert dec.compare(q / 32768.0, guarded).snr_db > 10
    assert dec.compare(guarded, naive).snr_db < 3


_LONG_OGG = """
import sys, numpy as np, soundfile as sf
x = (0.1 * np.random.default_rng(0).standard_normal((50 * 44100, 1))).astype(np.float32)
if sys.argv[1] == "naive":
    sf.write(sys.argv[2], x, 44100, format="OGG", subtype="VORBIS")
else:
    from audiolevels.decoding import decode, encode
    encode(x, 44100, sys.argv[2], "ogg")
    print(decode(sys.argv[2], backend="soundfile")[0].shape[0])
"""


def _run(tmp_path: Path, mode: str) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(ROOT / "lib"), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_LONG_OGG), mode, str(tmp_path / f"{mode}.ogg")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_naive_one_shot_ogg_write_of_50_s_kills_the_process(tmp_path):
    assert _run(tmp_path, "naive").returncode == -signal.SIGSEGV


def test_guarded_ogg_write_of_50_s_survives_and_decodes_to_its_length(tmp_path):
    done = _run(tmp_path, "guarded")
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) == 50 * 44100


# --------------------------------------------------------------------------- bad files


BAD = {
    r["name"]: r["path"]
    for r in list_audit_demo()
    if r["expected_problem"] in ("truncated", "zero_length", "not_audio")
}


@pytest.mark.parametrize("backend", dec.BACKENDS)
@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_raise_decode_error_naming_the_file_and_the_backend(name, backend):
    path = BAD[name]
    with pytest.raises(dec.DecodeError) as info:
        dec.decode(path, backend=backend)
    assert str(path) in str(info.value) and repr(backend) in str(info.value)
    assert isinstance(info.value, AudioFileError) and isinstance(info.value, ValueError)


def test_the_bad_files_are_the_four_expected():
    assert sorted(BAD) == [
        "audit_not_audio",
        "audit_truncated_flac",
        "audit_truncated_wav",
        "audit_zero_length",
    ]


def test_truncated_flac_that_miniaudio_reads_short_is_caught_by_its_declared_length():
    import miniaudio

    path = BAD["audit_truncated_flac"]
    # dr_flac itself returns the frames before the cut without complaint
    assert miniaudio.flac_read_file_s32(str(path)).num_frames < sf.info(path).frames
    with pytest.raises(dec.DecodeError, match="declares 88200 frames.*'miniaudio' decoded"):
        dec.decode(path, backend="miniaudio")


def test_truncated_wav_that_libsndfile_reads_short_is_caught():
    path = BAD["audit_truncated_wav"]
    assert sf.read(path)[0].shape[0] > 0  # libsndfile: no error
    with pytest.raises(dec.DecodeError, match="truncated WAV"):
        dec.decode(path, backend="soundfile")


def test_a_corrupt_body_after_a_valid_header_raises_decode_error(tmp_path):
    good = dec.encode(pcm(16, 1, 20000), SR, tmp_path / "g.flac", "flac")
    data = bytearray(good.read_bytes())
    data[200:] = bytes(len(data) - 200)  # keep STREAMINFO, zero the frames
    bad = tmp_path / "bad.flac"
    bad.write_bytes(bytes(data))
    for backend in dec.BACKENDS:
        with pytest.raises(dec.DecodeError, match=backend):
            dec.decode(bad, backend=backend)


def test_the_format_is_read_from_the_bytes_not_the_name(tmp_path, mp3_file):
    disguised = tmp_path / "really_mp3.wav"
    disguised.write_bytes(mp3_file.read_bytes())
    assert dec.sniff_format(disguised) == "mp3"
    assert dec.compare(dec.decode(disguised)[0], dec.decode(mp3_file)[0]).bit_exact


# --------------------------------------------------------------------------- backends, formats


def test_every_backend_imports_here():
    assert dec.available_backends() == dict.fromkeys(dec.BACKENDS)


def test_available_backends_says_miniaudio_has_no_opus_and_only_ffmpeg_has_aac():
    opus = dec.available_backends("opus")
    assert opus["miniaudio"] is not None and "no opus decoder" in opus["miniaudio"]
    assert [b for b, why in opus.items() if why is None] == ["soundfile", "ffmpeg", "librosa"]
    aac = dec.available_backends("aac")
    assert [b for b, why in aac.items() if why is None] == ["ffmpeg"]


def test_miniaudio_really_cannot_decode_opus(tmp_path):
    import miniaudio

    path = dec.encode(lame_signal(0.5, 48000), 48000, tmp_path / "x.opus", "opus")
    with pytest.raises(miniaudio.DecodeError):
        miniaudio.decode_file(str(path))
    with pytest.raises(dec.UnsupportedFormatError, match="'miniaudio' cannot decode format 'opus'"):
        dec.decode(path, backend="miniaudio")


def test_decode_always_returns_two_dimensional_arrays(tmp_path):
    path = dec.encode(pcm(16, 1), SR, tmp_path / "m.wav", "wav")
    for backend in dec.BACKENDS:
        assert dec.decode(path, backend=backend)[0].ndim == 2


# --------------------------------------------------------------------------- bad input


def test_unknown_backend_lists_the_backends(mp3_file):
    with pytest.raises(
        ValueError, match="unknown backend 'sox'.*soundfile, ffmpeg, miniaudio, librosa"
    ):
        dec.decode(mp3_file, backend="sox")


def test_unknown_dtype_lists_the_dtypes(mp3_file):
    with pytest.raises(ValueError, match="unknown dtype 'int8'.*float32, float64, int16"):
        dec.decode(mp3_file, dtype="int8")


def test_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        dec.decode(tmp_path / "nope.wav")


@pytest.mark.parametrize(
    "kwargs,error,match",
    [
        ({"format": "aiff"}, ValueError, "unknown format 'aiff'"),
        ({"format": "wav", "bitrate_kbps": 128}, ValueError, "lossless"),
        ({"format": "flac", "vbr": True}, ValueError, "lossless"),
        (
            {"format": "mp3", "bitrate_kbps": -128},
            ValueError,
            r"bitrate_kbps for mp3 must be in \[32, 320\]",
        ),
        ({"format": "mp3", "bitrate_kbps": 1000}, ValueError, "bitrate_kbps"),
        ({"format": "mp3", "bitrate_kbps": 128.5}, TypeError, "whole number"),
        ({"format": "mp3", "vbr": True, "bitrate_kbps": 128}, ValueError, "VBR"),
        (
            {"format": "mp3", "encoder": "lameenc"},
            ValueError,
            "unknown encoder 'lameenc'.*soundfile, ffmpeg",
        ),
        ({"format": "aac", "encoder": "soundfile"}, ValueError, "encoders for aac: ffmpeg"),
        ({"format": "mp3", "subtype": "PCM_16"}, ValueError, "subtype applies to wav and flac"),
        ({"format": "wav", "subtype": "PCM_8"}, ValueError, "unknown subtype 'PCM_8'"),
        ({"format": "ogg", "bitrate_kbps": 128}, ValueError, "quality-based"),
        ({"format": "opus"}, ValueError, "Opus encodes at 8000, 12000, 16000, 24000, 48000"),
        ({"format": "mp3", "gapless_tag": False}, ValueError, "gapless_tag"),
        ({"format": "opus", "bitrate_kbps": 600}, ValueError, "bitrate_kbps for opus"),
    ],
)
def test_encode_rejects_bad_options_clearly(tmp_path, kwargs, error, match):
    with pytest.raises(error, match=match):
        dec.encode(pcm(16, 2, 1000), SR, tmp_path / "x.out", **kwargs)
    assert list(tmp_path.iterdir()) == []


def test_encode_rejects_channels_samples_layout_with_a_transpose_hint(tmp_path):
    x = pcm(16, 2, 1000).T  # (2, 1000)
    with pytest.raises(ValueError, match=r"\(channels, samples\).*x\.T"):
        dec.encode(x, SR, tmp_path / "x.wav", "wav")


@pytest.mark.parametrize("sr", [0, -44100, 44100.5, True])
def test_encode_rejects_a_sample_rate_that_is_not_a_positive_integer(tmp_path, sr):
    with pytest.raises((ValueError, TypeError), match="sr"):
        dec.encode(pcm(16, 1, 1000), sr, tmp_path / "x.wav", "wav")


def test_encode_rejects_nan_and_samples_beyond_full_scale_for_integer_pcm(tmp_path):
    x = pcm(16, 1, 1000)
    x[10] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        dec.encode(x, SR, tmp_path / "x.wav", "wav")
    with pytest.raises(ValueError, match="beyond full scale"):
        dec.encode(np.full(100, 1.5), SR, tmp_path / "x.wav", "wav")
    dec.encode(np.full(100, 1.5), SR, tmp_path / "f.wav", "wav", subtype="FLOAT")  # float keeps it


def test_encode_refuses_to_overwrite_unless_told(tmp_path):
    target = tmp_path / "x.wav"
    target.write_bytes(b"precious")
    with pytest.raises(FileExistsError, match="overwrite=True"):
        dec.encode(pcm(16, 1, 1000), SR, target, "wav")
    assert target.read_bytes() == b"precious"
    dec.encode(pcm(16, 1, 1000), SR, target, "wav", overwrite=True)
    assert sf.info(target).frames == 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.wav"]  # no temporary left


def test_encode_refuses_to_write_into_data(tmp_path):
    with pytest.raises(ValueError, match="data/"):
        dec.encode(pcm(16, 1, 1000), SR, ROOT / "data" / "new_file.wav", "wav")
    assert not (ROOT / "data" / "new_file.wav").exists()


def test_a_failed_encode_leaves_no_file_behind(tmp_path):
    with pytest.raises(ValueError, match="mono or stereo"):
        dec.encode(pcm(16, 3, 1000), SR, tmp_path / "x.m4a", "aac")
    assert list(tmp_path.iterdir()) == []


def test_encode_does_not_modify_the_callers_array(tmp_path):
    x = lame_signal(0.2)
    x0 = x.copy()
    x.flags.writeable = False
    dec.encode(x, SR, tmp_path / "x.mp3", "mp3")
    dec.encode(x, SR, tmp_path / "x.flac", "flac")
    assert np.array_equal(x, x0)


def test_align_and_compare_reject_mismatched_channels_and_transposed_input():
    x = np.zeros((1000, 2))
    with pytest.raises(ValueError, match="channels"):
        dec.align(x, np.zeros((1000, 1)))
    with pytest.raises(ValueError, match="channels"):
        dec.compare(x, np.zeros(1000))
    with pytest.raises(ValueError, match=r"b\.T"):
        dec.compare(x, x.T)
    with pytest.raises(ValueError, match="max_lag"):
        dec.align(x, x, max_lag=-1)

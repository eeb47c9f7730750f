"""audiolevels.audit: audit_folder and normalize_folder.

Expected values: the faults data/audit_demo/ was made with (data/README.md), the whole-array
functions of audiolevels.loudness / normalize (tested against the standards and pyloudnorm /
libebur128 elsewhere), and arithmetic (a gain of g dB moves every level by g dB).
"""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import soundfile as sf
import xxhash
from scipy.signal import sosfilt

from audiolevels import loudness as L
from audiolevels.audit import (
    CLIP_LEVEL,
    COLUMNS,
    MANIFEST_COLUMNS,
    MANIFEST_NAME,
    audit_folder,
    normalize_folder,
)
from audiolevels.data import data_dir, list_audit_demo, list_clips
from audiolevels.normalize import peak_dbfs, rms_dbfs

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "lib"), str(ROOT / "tools")])}


def run_script(script, folder):
    """Run ``script`` in a fresh Python process with ``folder`` as its argument; its output."""
    return subprocess.run(
        [sys.executable, "-c", script, str(folder)],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


# The problem each demo file was made for (data/manifest.csv) → the flag the audit must raise.
EXPECTED_FLAG = {
    "clipped": "clipped",
    "dc_offset": "dc_offset",
    "near_silence": "near_silence",
    "low_samplerate": "sample_rate",
    "wrong_channels": "channels",
    "truncated": "truncated",
    "zero_length": "zero_length",
    "not_audio": "unreadable",
}
LEVEL_FLAGS = {
    "unreadable",
    "truncated",
    "zero_length",
    "too_short",
    "clipped",
    "dc_offset",
    "near_silence",
    "duplicate",
}


def flags(df, rel):
    row = df.loc[df["path"] == rel]
    assert len(row) == 1, rel
    return set(filter(None, row.iloc[0]["flags"].split(",")))


@pytest.fixture(scope="module")
def data_table():
    return audit_folder(data_dir(), progress=False)


@pytest.fixture(scope="module")
def demo_table():
    return audit_folder(data_dir() / "audit_demo", progress=False)


def sha256_tree(folder):
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# ----------------------------------------------------------------------------- audit_folder


def test_the_table_has_the_documented_columns_and_one_row_per_audio_file(data_table):
    assert tuple(data_table.columns) == COLUMNS
    n_audio = len(list_clips()) + len(list_audit_demo())
    assert len(data_table) == n_audio
    assert data_table["path"].is_unique and "manifest.csv" not in set(data_table["path"])


@pytest.mark.parametrize("item", list_audit_demo(), ids=lambda r: r["name"])
def test_every_demo_file_gets_the_flag_it_was_made_for(demo_table, data_table, item):
    rel = item["path"].name
    want = EXPECTED_FLAG[item["expected_problem"]]
    assert want in flags(demo_table, rel)
    assert want in flags(data_table, f"audit_demo/{rel}")  # also when audited with the corpus
    reason = demo_table.loc[demo_table["path"] == rel, "reasons"].iloc[0]
    assert reason  # a reason is given


def test_a_folder_of_mixed_rates_and_layouts_is_not_flagged_only_its_rare_values_are(data_table):
    # data/ holds 8 readable files at 44.1 kHz and 7 at 48 kHz, 11 mono, 3 stereo: a mixed
    # corpus, not 7 faulty files. The single 22.05 kHz and the single 6-channel file are rare.
    readable = data_table[data_table["error"] == ""]
    assert set(readable["sr"]) == {22050, 44100, 48000}
    by_flag = {
        flag: set(readable.loc[readable["flags"].str.contains(flag), "path"])
        for flag in ("sample_rate", "channels")
    }
    assert by_flag == {
        "sample_rate": {"audit_demo/samplerate_22050.wav"},
        "channels": {"audit_demo/channels_6.flac"},
    }


@pytest.mark.parametrize(("n_rare", "flagged"), [(2, True), (3, False)])
def test_a_sample_rate_is_rare_up_to_ten_percent_of_the_files(tmp_path, n_rare, flagged):
    tone = 0.1 * np.sin(2 * np.pi * 440 * np.arange(4000) / 8000)
    for i in range(20):
        sr = 16000 if i < n_rare else 8000
        sf.write(tmp_path / f"f{i:02d}.wav", np.resize(tone, sr // 2), sr, subtype="PCM_16")
    table = audit_folder(tmp_path, workers=1, progress=False)
    rare = table.loc[table["sr"] == 16000, "flags"]
    assert len(rare) == n_rare
    assert all(("sample_rate" in f) is flagged for f in rare)  # 2 of 20 = 10 %; 3 = 15 %
    assert not table.loc[table["sr"] == 8000, "flags"].str.contains("sample_rate").any()


def test_unreadable_files_get_a_row_with_the_reason_and_the_others_are_measured(demo_table):
    bad = demo_table[demo_table["error"] != ""]
    assert set(bad["path"]) == {
        "not_audio.wav",
        "truncated.wav",
        "truncated.flac",
        "zero_length.wav",
    }
    assert bad["integrated_lufs"].isna().all()
    assert "Format not recognised" in bad.set_index("path").loc["not_audio.wav", "error"]
    assert "176400 bytes" in bad.set_index("path").loc["truncated.wav", "error"]
    good = demo_table[demo_table["error"] == ""]
    assert good["integrated_lufs"].notna().all() and len(good) == 5


def test_the_bundled_clips_have_no_level_problems(data_table):
    for clip in list_clips():
        assert not flags(data_table, clip["path"].name) & LEVEL_FLAGS, clip["name"]


@pytest.mark.parametrize("clip", list_clips(), ids=lambda c: c["name"])
def test_the_columns_equal_the_whole_array_functions(data_table, clip):
    x, sr = sf.read(clip["path"], dtype="float32")
    row = data_table.set_index("path").loc[clip["path"].name]
    assert row["sr"] == sr and row["channels"] == (1 if x.ndim == 1 else x.shape[1])
    assert row["duration_s"] == pytest.approx(x.shape[0] / sr, abs=1e-12)
    assert row["format"] == clip["format"] and row["subtype"] == clip["subtype"]
    assert abs(row["integrated_lufs"] - L.integrated_loudness(x, sr)) <= 1e-9
    assert abs(row["lra_lu"] - L.loudness_range(x, sr)) <= 1e-9
    st = L.short_term_loudness(x, sr)
    assert abs(row["max_short_term_lufs"] - st.max()) <= 1e-9
    assert abs(row["true_peak_dbtp"] - L.true_peak_dbtp(x, sr)) <= 1e-6
    assert abs(row["sample_peak_dbfs"] - peak_dbfs(x)) <= 1e-9
    assert abs(row["rms_dbfs"] - rms_dbfs(x)) <= 1e-9
    x2 = x.reshape(x.shape[0], -1).astype(np.float64)
    means = x2.mean(axis=0)
    assert row["dc_offset"] == pytest.approx(means[np.argmax(np.abs(means))], abs=1e-12)
    assert row["clipped_samples"] == np.count_nonzero(np.abs(x) >= 1 - 2**-15)
    # near-silent share: K-weighted (sosfilt) 100 ms hops, BS.1770 channel sums, < -60 LUFS
    y = sosfilt(L.k_weighting_sos(sr), x2, axis=0)
    hop = round(sr / 10)
    n = y.shape[0] // hop
    z = (y[: n * hop].reshape(n, hop, -1) ** 2).mean(axis=1).sum(axis=1)
    with np.errstate(divide="ignore"):
        quiet = np.mean(-0.691 + 10 * np.log10(z) < -60.0)
    assert row["near_silent_share"] == quiet


def test_the_manifest_levels_of_data_readme_are_reproduced(data_table):
    t = data_table.set_index("path")
    for item in list_clips() + list_audit_demo():
        if item["peak_dbfs"] is not None:
            rel = item["path"].relative_to(data_dir()).as_posix()
            assert t.loc[rel, "sample_peak_dbfs"] == pytest.approx(item["peak_dbfs"], abs=0.006)
            assert t.loc[rel, "rms_dbfs"] == pytest.approx(item["rms_dbfs"], abs=0.006)


def test_a_copy_under_another_name_is_flagged_as_a_duplicate_even_as_flac(tmp_path):
    src = data_dir() / "speech_en.wav"
    shutil.copy(src, tmp_path / "a.wav")
    (tmp_path / "sub").mkdir()
    shutil.copy(src, tmp_path / "sub" / "b.wav")
    x, sr = sf.read(src, dtype="int16")
    sf.write(tmp_path / "c.flac", x, sr, subtype="PCM_16")  # same samples, other format
    sf.write(tmp_path / "d.wav", x[:-1], sr, subtype="PCM_16")  # one sample fewer
    df = audit_folder(tmp_path, workers=1, progress=False)
    for rel in ("a.wav", "sub/b.wav", "c.flac"):
        assert "duplicate" in flags(df, rel)
    assert "duplicate" not in flags(df, "d.wav")
    reason = df.set_index("path").loc["a.wav", "reasons"]
    assert "sub/b.wav" in reason and "c.flac" in reason


def test_shorter_than_400_ms_is_flagged_with_the_standards_answer(tmp_path):
    sr = 48000
    sf.write(tmp_path / "short.wav", 0.5 * np.sin(np.arange(int(0.39 * sr))), sr)
    sf.write(tmp_path / "empty.wav", np.zeros((0, 1)), sr)  # a valid header, 0 frames
    df = audit_folder(tmp_path, workers=1, progress=False).set_index("path")
    assert "too_short" in df.loc["short.wav", "flags"]
    assert df.loc["short.wav", "integrated_lufs"] == -math.inf
    assert "standard's answer" in df.loc["short.wav", "reasons"]
    assert "zero_length" in df.loc["empty.wav", "flags"]


def test_recursive_false_skips_sub_folders_and_hidden_files_are_skipped(tmp_path):
    shutil.copy(data_dir() / "sine_1khz.wav", tmp_path / "top.wav")
    (tmp_path / "sub").mkdir()
    shutil.copy(data_dir() / "sine_1khz.wav", tmp_path / "sub" / "deep.wav")
    shutil.copy(data_dir() / "sine_1khz.wav", tmp_path / ".hidden.wav")
    assert list(audit_folder(tmp_path, recursive=False, progress=False)["path"]) == ["top.wav"]
    assert list(audit_folder(tmp_path, progress=False)["path"]) == ["sub/deep.wav", "top.wav"]


def test_one_process_gives_the_same_table_as_all_cores(demo_table):
    pd.testing.assert_frame_equal(
        audit_folder(data_dir() / "audit_demo", workers=1, progress=False), demo_table
    )


def test_a_dask_local_cluster_gives_the_same_table_as_the_default_path(demo_table):
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        df = audit_folder(data_dir() / "audit_demo", executor=client.get_executor(), progress=False)
        assert len(client.scheduler_info()["workers"]) == 2
    pd.testing.assert_frame_equal(df, demo_table)


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"folder": "/no/such/folder"}, FileNotFoundError, "no such folder"),
        ({"folder": data_dir() / "speech_en.wav"}, NotADirectoryError, "must be a folder"),
        ({"folder": data_dir(), "workers": 0}, ValueError, "workers must be ≥ 1"),
        ({"folder": data_dir(), "workers": 1.5}, TypeError, "workers must be an integer"),
        ({"folder": data_dir(), "executor": object()}, TypeError, "concurrent.futures"),
        ({"folder": 3}, TypeError, "must be a path"),
    ],
)
def test_audit_folder_bad_input_raises_clearly(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        audit_folder(progress=False, **kwargs)


def test_a_two_hour_stereo_48k_file_is_audited_in_under_300_mb(tmp_path):
    """Memory bound (about 35 s): a 2 h stereo 48 kHz PCM_16 WAV (1.4 GB) is written in
    1-minute blocks, then audited in a fresh process; its peak RSS must stay under 300 MB."""
    script = textwrap.dedent(
        """
        import sys
        import numpy as np, soundfile as sf
        path, sr = sys.argv[1], 48000
        noise = np.random.default_rng(0).integers(-64, 65, (60 * sr, 2), dtype=np.int16)
        tone = (16384 * np.sin(2 * np.pi * 1000 * np.arange(sr) / sr)).astype(np.int16)
        with sf.SoundFile(path + "/long.wav", "w", sr, 2, subtype="PCM_16") as f:
            f.write(np.stack([tone, tone], 1))  # 1 s at -6 dBFS, then -54 dBFS noise
            for _ in range(119):
                f.write(noise)
            f.write(noise[: 59 * sr])
        from audiolevels.audit import audit_folder
        row = audit_folder(path, workers=1, progress=False).iloc[0]
        # VmHWM: this process's own peak RSS. (ru_maxrss is not: after a vfork + exec, Linux
        # keeps the parent's high-water mark in it, so a big pytest process would count.)
        status = open("/proc/self/status").read().split("VmHWM:")[1].split()
        mb = int(status[0]) / 1024
        print(row["duration_s"], row["sample_peak_dbfs"], row["error"] or "-", mb)
        """
    )
    out = run_script(script, tmp_path)
    duration, peak, error, mb = out.stdout.split()
    assert float(duration) == 7200.0 and error == "-"
    assert float(peak) == pytest.approx(20 * math.log10(16384 / 32768), abs=1e-3)
    assert float(mb) < 300, f"peak RSS {mb} MB"


def test_after_warming_no_file_kind_compiles_a_loop_in_a_worker(tmp_path):
    # audit_folder compiles (or loads) the meter's loops once before forking its workers; a
    # loop first compiled in a worker would be compiled again in every one of them.
    script = textwrap.dedent(
        """
        import sys
        import numpy as np, soundfile as sf
        from audiolevels import audit, loudness
        audit._warm_meter()
        kernels = loudness._kernels()
        before = {k: len(v.signatures) for k, v in vars(kernels).items()}
        x = np.random.default_rng(0).uniform(-0.5, 0.5, (48000, 2))
        for sub, ext in [("PCM_16", "wav"), ("PCM_16", "flac"), ("PCM_24", "flac"),
                         ("FLOAT", "wav"), ("DOUBLE", "wav")]:
            sf.write(f"{sys.argv[1]}/{sub}.{ext}", x, 48000, subtype=sub)
            assert not audit._measure(f"{sys.argv[1]}/{sub}.{ext}", "x")["error"]
        after = {k: len(v.signatures) for k, v in vars(kernels).items()}
        print(sorted(k for k in before if after[k] != before[k]))
        """
    )
    out = run_script(script, tmp_path)
    assert out.stdout.split("\n")[-2] == "[]", out.stdout


# ----------------------------------------------------------------------------- normalize_folder


@pytest.fixture(scope="module")
def normalized(tmp_path_factory):
    """data/ normalized to −16 LUFS with a −1 dBTP ceiling (some files need a lower gain)."""
    dst = tmp_path_factory.mktemp("norm") / "out"
    before = sha256_tree(data_dir())
    manifest = normalize_folder(data_dir(), dst, target=-16.0, progress=False)
    return before, dst, manifest


def test_normalize_never_modifies_the_source(normalized):
    before, _, _ = normalized
    assert sha256_tree(data_dir()) == before


def test_every_readable_file_is_written_with_its_path_format_and_subtype(normalized):
    _, dst, manifest = normalized
    assert tuple(manifest.columns) == MANIFEST_COLUMNS
    written = manifest[manifest["status"] == "written"]
    unreadable = {
        "audit_demo/not_audio.wav",
        "audit_demo/truncated.wav",
        "audit_demo/truncated.flac",
        "audit_demo/zero_length.wav",
    }
    assert set(manifest.loc[manifest["status"] == "skipped", "file"]) == unreadable
    assert (manifest.loc[manifest["status"] == "skipped", "reason"] != "").all()
    for rel in written["file"]:
        a, b = sf.info(data_dir() / rel), sf.info(dst / rel)
        assert (a.format, a.subtype, a.samplerate, a.channels, a.frames) == (
            b.format,
            b.subtype,
            b.samplerate,
            b.channels,
            b.frames,
        )
    assert not [p for p in dst.rglob(".*")]  # no temporary file left
    back = pd.read_csv(dst / MANIFEST_NAME)
    back["reason"] = back["reason"].fillna("")
    pd.testing.assert_frame_equal(back, manifest, check_dtype=False)


def test_the_manifest_agrees_with_measuring_the_output(normalized):
    _, dst, manifest = normalized
    for r in manifest[manifest["status"] == "written"].itertuples():
        x, sr = sf.read(dst / r.file, dtype="float64")
        w = (1.0, 1.0, 1.0, 0.0, 1.41, 1.41) if x.ndim == 2 and x.shape[1] == 6 else None
        kw = {} if w is None else {"channel_weights": w}
        assert abs(L.integrated_loudness(x, sr, **kw) - r.level_after) <= 1e-9, r.file
        assert abs(L.true_peak_dbtp(x, sr) - r.true_peak_after_dbtp) <= 1e-6, r.file
        # The gain applied is the ratio of output to input (rounding to the file's bits aside)
        y, _ = sf.read(data_dir() / r.file, dtype="float64")
        big = np.abs(y) > 0.1 * np.max(np.abs(y))
        ratio = np.median(x[big] / y[big])
        assert 20 * np.log10(ratio) == pytest.approx(r.gain_db, abs=1e-3), r.file


def test_the_target_is_reached_or_the_gain_is_lowered_to_the_true_peak_ceiling(normalized):
    _, dst, manifest = normalized
    written = manifest[manifest["status"] == "written"]
    assert written["lowered_for_true_peak"].any() and not written["lowered_for_true_peak"].all()
    for r in written.itertuples():
        x, sr = sf.read(dst / r.file, dtype="float64")
        tp = L.true_peak_dbtp(x, sr)
        assert tp <= -1.0, r.file  # the ceiling holds on the file as written
        if r.lowered_for_true_peak:
            assert tp == pytest.approx(-1.0, abs=0.01) and r.level_after < -16.0
            assert r.gain_db == pytest.approx(-1.0 - r.true_peak_before_dbtp, abs=0.01)
        else:
            assert r.level_after == pytest.approx(-16.0, abs=0.01), r.file


@pytest.mark.parametrize(
    ("method", "target", "measure"), [("peak", -3.0, peak_dbfs), ("rms", -30.0, rms_dbfs)]
)
def test_peak_and_rms_methods_reach_their_target(tmp_path, method, target, measure):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("speech_en.wav", "noise_pink.flac", "music.flac"):
        shutil.copy(data_dir() / name, src / name)
    m = normalize_folder(
        src,
        tmp_path / "dst",
        method=method,
        target=target,
        true_peak_max_dbtp=None,
        workers=1,
        progress=False,
    )
    assert (m["status"] == "written").all() and (m["level_unit"] == "dBFS").all()
    for r in m.itertuples():
        x, _ = sf.read(tmp_path / "dst" / r.file, dtype="float64")
        assert measure(x) == pytest.approx(target, abs=2e-3), r.file
        assert measure(x) == pytest.approx(r.level_after, abs=1e-9)


def test_silence_and_too_short_files_are_skipped_with_the_reason(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    sf.write(src / "silence.wav", np.zeros(48000), 48000, subtype="PCM_16")
    sf.write(src / "short.wav", 0.1 * np.ones(4000), 48000, subtype="PCM_16")
    m = normalize_folder(src, tmp_path / "dst", workers=1, progress=False).set_index("file")
    assert (m["status"] == "skipped").all()
    assert "-inf" in m.loc["short.wav", "reason"] and "400 ms" in m.loc["short.wav", "reason"]
    assert not (tmp_path / "dst" / "silence.wav").exists()


def test_normalize_refuses_dst_that_is_src_inside_src_or_contains_it(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(data_dir() / "sine_1khz.wav", src / "a.wav")
    with pytest.raises(ValueError, match="dst must differ from src"):
        normalize_folder(src, src, progress=False)
    with pytest.raises(ValueError, match="inside src"):
        normalize_folder(src, src / "out", progress=False)
    with pytest.raises(ValueError, match="src .* is inside dst"):
        normalize_folder(src, tmp_path, progress=False)
    assert sorted(p.name for p in src.iterdir()) == ["a.wav"]


def test_normalize_refuses_to_overwrite_unless_asked(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    src.mkdir()
    dst.mkdir()
    shutil.copy(data_dir() / "sine_1khz.wav", src / "a.wav")
    (dst / "a.wav").write_bytes(b"precious")
    with pytest.raises(FileExistsError, match="a.wav"):
        normalize_folder(src, dst, progress=False)
    assert (dst / "a.wav").read_bytes() == b"precious"
    normalize_folder(src, dst, overwrite=True, progress=False)
    assert sf.info(dst / "a.wav").frames == sf.info(src / "a.wav").frames


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"src": "/no/such/folder"}, FileNotFoundError, "no such folder"),
        ({"src": data_dir() / "speech_en.wav"}, NotADirectoryError, "must be a folder"),
        ({"method": "lufs"}, ValueError, r"method must be one of \['loudness', 'peak', 'rms'\]"),
        ({"target": float("nan")}, ValueError, "target must be a finite level"),
        ({"target": "-23"}, TypeError, "target must be a real number"),
        (
            {"true_peak_max_dbtp": float("inf")},
            ValueError,
            "true_peak_max_dbtp must be a finite level",
        ),
        ({"workers": 0}, ValueError, "workers must be ≥ 1"),
    ],
)
def test_normalize_folder_bad_input_raises_clearly(tmp_path, kwargs, exc, match):
    args = {"src": data_dir(), "dst": tmp_path / "out", **kwargs}
    with pytest.raises(exc, match=match):
        normalize_folder(progress=False, **args)
    assert not (tmp_path / "out").exists()


def test_a_run_killed_half_way_leaves_no_incomplete_file_under_a_final_name(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    src.mkdir()
    rng = np.random.default_rng(5)
    n_files, sr = 60, 48000
    for i in range(n_files):
        x = rng.standard_normal((8 * sr, 2)) * 10 ** (rng.uniform(-40, -15) / 20)
        sf.write(src / f"clip{i:02d}.wav", x, sr, subtype="PCM_16")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "audiolevels",
            "normalize",
            str(src),
            str(dst),
            "--workers",
            "1",
            "--no-progress",
        ],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if dst.exists() and len(list(dst.glob("clip*.wav"))) >= 5:
                break
            assert proc.poll() is None, "finished before it could be interrupted"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    finals = sorted(dst.glob("clip*.wav"))
    assert 5 <= len(finals) < n_files  # interrupted half-way
    assert not (dst / MANIFEST_NAME).exists()
    for p in finals:
        x, got_sr = sf.read(p, dtype="float64")  # decodes fully
        assert x.shape == (8 * sr, 2) and got_sr == sr
        assert L.integrated_loudness(x, sr) == pytest.approx(-23.0, abs=1e-3), p.name
        assert L.true_peak_dbtp(x, sr) <= -1.0


def expected_hash(path):
    """XXH3-128 (the xxhash package's) of sr, channels and the samples: int16 if they are
    all 16-bit values, else float32 (float64 for DOUBLE), each as soundfile decodes them."""
    info = sf.info(path)
    y64, sr = sf.read(path, dtype="float64", always_2d=True)
    prefix = f"{sr}:{y64.shape[1]}:".encode()
    q = y64 * 32768
    if np.array_equal(q, np.rint(q)) and q.min() >= -32768 and q.max() <= 32767:
        y16, _ = sf.read(path, dtype="int16", always_2d=True)
        return xxhash.xxh3_128(prefix + b"int16:" + y16.astype("<i2").tobytes()).hexdigest()
    if info.subtype == "DOUBLE":
        return xxhash.xxh3_128(prefix + b"float64:" + y64.tobytes()).hexdigest()
    y32, _ = sf.read(path, dtype="float32", always_2d=True)
    return xxhash.xxh3_128(prefix + b"float32:" + y32.tobytes()).hexdigest()


def test_the_same_16_bit_samples_hash_alike_in_every_format_and_are_duplicates(tmp_path):
    q = np.random.default_rng(5).integers(-32768, 32768, (50_000, 2))
    x = q / 32768.0
    names = []
    for sub, ext in [("PCM_16", "wav"), ("PCM_24", "flac"), ("FLOAT", "wav"),
                     ("DOUBLE", "wav"), ("PCM_16", "flac")]:  # fmt: skip
        names.append(f"{sub}.{ext}")
        sf.write(tmp_path / names[-1], x, 48000, subtype=sub)
    sf.write(tmp_path / "other.wav", np.roll(x, 1, axis=0), 48000, subtype="PCM_16")
    table = audit_folder(tmp_path, workers=1, progress=False).set_index("path")
    want = xxhash.xxh3_128(b"48000:2:int16:" + q.astype("<i2").tobytes()).hexdigest()
    for name in names:
        assert table.loc[name, "content_hash"] == want, name
        assert "duplicate" in table.loc[name, "flags"], name
    assert table.loc["other.wav", "content_hash"] != want
    assert "duplicate" not in table.loc["other.wav", "flags"]


def test_rms_and_dc_offset_are_the_exactly_rounded_sums_and_hashes_are_of_the_samples(tmp_path):
    # 16- and 24-bit PCM are read as integers and scaled; the table must still hold the
    # XXH3-128 of the decoded samples (expected_hash), and RMS / DC offset the sums math.fsum
    # rounds exactly (the meter's compensated sums), whatever the length and the block size.
    rng = np.random.default_rng(11)
    x = rng.uniform(-1, 1, (3 * 65_536 + 99, 2)) * [0.9, 0.2] + [0.0, 0.003]
    x[:5] = 1.0  # full scale and beyond: clipped values, -1.0 for int16
    x[5:9] = -1.0
    names = []
    for sub, ext in [("PCM_16", "wav"), ("PCM_24", "wav"), ("PCM_16", "flac"),
                     ("PCM_24", "flac"), ("FLOAT", "wav"), ("PCM_32", "wav"),
                     ("DOUBLE", "wav")]:  # fmt: skip
        name = f"{sub}.{ext}"
        sf.write(tmp_path / name, x, 44100, subtype=sub)
        names.append(name)
    table = audit_folder(tmp_path, workers=1, progress=False).set_index("path")
    for name in names:
        dtype = "float64" if name.startswith("DOUBLE") else "float32"
        y, sr = sf.read(tmp_path / name, dtype=dtype, always_2d=True)
        row = table.loc[name]
        assert row.content_hash == expected_hash(tmp_path / name), name
        y64 = y.astype(np.float64)  # squares of float32 values are exact in float64
        rms = 10 * math.log10(math.fsum((y64 * y64).ravel()) / y64.size)
        dc = [math.fsum(y64[:, c]) / y64.shape[0] for c in range(2)]
        assert row.rms_dbfs == pytest.approx(rms, rel=1e-15, abs=1e-14), name
        assert row.dc_offset == pytest.approx(max(dc, key=abs), rel=1e-15), name
        assert row.clipped_samples == np.count_nonzero(np.abs(y) >= CLIP_LEVEL), name


def test_a_duplicate_names_three_of_its_copies_and_counts_the_rest(tmp_path):
    # Six files with the same samples: each reason names three of the other five by path
    # and says "and 2 more", so a reason does not grow with the number of copies.
    x = np.random.default_rng(2).uniform(-0.5, 0.5, 24_000)
    names = [f"copy{i}.wav" for i in range(6)]
    for name in names:
        sf.write(tmp_path / name, x, 48000, subtype="PCM_16")
    table = audit_folder(tmp_path, workers=1, progress=False).set_index("path")
    for name in names:
        reason = table.loc[name, "reasons"]
        assert table.loc[name, "flags"] == "duplicate"
        listed = reason.removeprefix("the same decoded samples as ").removesuffix(" and 2 more")
        others = listed.split(", ")
        assert len(others) == 3 and name not in others, reason
        assert set(others) <= set(names) and reason.endswith(" and 2 more"), reason

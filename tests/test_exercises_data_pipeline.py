"""The check of notebooks/07_data_pipeline.ipynb, against readers written here from the layout's
definition (clip after clip, frames interleaved by channel, offsets in values) and its
usual mistakes."""

from __future__ import annotations

import numpy as np

from audiolevels import storage
from audiolevels.exercises import check_packed_item
from conftest import assert_wrong_kind


def right(audio, index, i):
    offset, frames, channels, _ = index[i]
    codes = audio[offset : offset + frames * channels]
    return codes.reshape(frames, channels).astype(np.float32) / np.float32(32768)


def test_a_reader_following_the_layout_passes(capsys):
    assert check_packed_item(right).passed is True
    assert "✓" in capsys.readouterr().out


def test_the_package_reader_passes_on_the_same_layout(tmp_path, capsys):
    # storage.AudioFolder reads write_corpus's packed files; given the check's arrays in that
    # layout it must agree with the check, so the lesson and the package teach one layout.
    def via_package(audio, index, i):
        clips = []
        for o, n, c, sr in index:
            clips.append((audio[o : o + n * c].reshape(n, c), int(sr)))
        folder = tmp_path / f"p{i}"
        storage.write_corpus(clips, folder, "packed")
        return storage.AudioFolder(folder)[i][0]

    assert check_packed_item(via_package).passed is True


def test_channels_first_is_refused_with_the_interleaving_hint(capsys):
    def transposed(audio, index, i):
        return right(audio, index, i).T.copy()

    assert check_packed_item(transposed).passed is False
    out = capsys.readouterr().out
    assert "✗" in out and "(channels, frames)" in out


def test_unscaled_codes_and_off_by_one_scale_get_their_hints(capsys):
    def codes(audio, index, i):
        return right(audio, index, i) * np.float32(32768)

    assert check_packed_item(codes).passed is False
    assert "int16 codes" in capsys.readouterr().out

    def by_32767(audio, index, i):
        return right(audio, index, i) * np.float32(32768 / 32767)

    assert check_packed_item(by_32767).passed is False
    assert "32768" in capsys.readouterr().out


def test_offsets_in_frames_instead_of_values_fail(capsys):
    def frames_offset(audio, index, i):
        offset, frames, channels, _ = index[i]
        start = int(index[:i, 1].sum())  # frames before, not values
        codes = audio[start : start + frames * channels]
        if codes.size != frames * channels:
            codes = np.resize(codes, frames * channels)
        return codes.reshape(frames, channels).astype(np.float32) / np.float32(32768)

    assert check_packed_item(frames_offset).passed is False
    assert "✗" in capsys.readouterr().out


def test_no_answer_wrong_kind_and_a_raising_reader(capsys):
    assert check_packed_item(None).passed is False
    assert "No answer yet" in capsys.readouterr().out
    assert_wrong_kind(check_packed_item(np.zeros(3)), capsys, "pass your function")

    def broken(audio, index, i):
        raise IndexError("nope")

    assert check_packed_item(broken).passed is False
    assert "IndexError" in capsys.readouterr().out

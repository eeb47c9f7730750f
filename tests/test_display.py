"""audiolevels.display: Markdown tables of readings and audio players at the true level."""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pytest
import soundfile as sf

from audiolevels import display as D


def test_markdown_table_formats_floats_and_passes_strings_and_ints_through():
    md = D.markdown_table(["clip", "peak (dBFS)", "n"], [["music", -1.23456, 3], ["a.b", 2.0, 0]])
    assert md.data == (
        "| clip | peak (dBFS) | n |\n|---|---|---|\n| music | -1.23 | 3 |\n| a.b | 2.00 | 0 |"
    )


def test_markdown_table_prints_infinities_as_signs_and_numpy_numbers_like_python_ones():
    md = D.markdown_table(
        ["a", "b", "c", "d"], [[-np.inf, np.inf, np.int64(7), np.float32(0.5)]], fmt="{:.1f}"
    )
    assert md.data.splitlines()[2] == "| −∞ | ∞ | 7 | 0.5 |"


def test_markdown_table_does_not_print_a_negative_zero():
    assert D.markdown_table(["x"], [[-0.001]]).data.splitlines()[2] == "| 0.00 |"
    assert D.markdown_table(["x"], [[-0.01]]).data.splitlines()[2] == "| -0.01 |"


def test_markdown_table_matches_the_table_function_notebook_03_defined():
    def table(header, rows, fmt="{:.2f}"):  # notebooks/03_normalization.ipynb, first cell
        def cell(v):
            return fmt.format(v) if isinstance(v, float) else str(v)

        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
        return "\n".join(lines)

    header = ["version", "sample peak (dBFS)", "samples > 1"]
    rows = [["unclipped", 2.3456, 120], ["limited", -1.0, 0], ["np.clip", 0.0, "0 (flattened)"]]
    assert D.markdown_table(header, rows).data == table(header, rows)


@pytest.mark.parametrize(
    ("header", "rows", "fmt", "error", "match"),
    [
        (["a", "b"], [[1.0]], "{:.2f}", ValueError, r"rows\[0\] has 1 cells .* 2 columns"),
        ("ab", [["x"]], "{:.2f}", TypeError, "header"),
        (["a"], [1.0], "{:.2f}", TypeError, r"rows\[0\]"),
        (["a"], [[1.0]], "{:q}", ValueError, "fmt"),
    ],
)
def test_markdown_table_bad_input(header, rows, fmt, error, match):
    with pytest.raises(error, match=match):
        D.markdown_table(header, rows, fmt=fmt)


def _decoded(audio) -> tuple[np.ndarray, int]:
    return sf.read(io.BytesIO(audio.data), dtype="int16")


def test_listen_keeps_the_level_mono():
    x = 0.25 * np.sin(2 * np.pi * 440 * np.arange(4800) / 48000)
    samples, rate = _decoded(D.listen(x, 48000))
    assert rate == 48000
    # IPython writes x · 32767 truncated to int16 when it does not normalize.
    np.testing.assert_array_equal(samples, (x * 32767).astype(np.int16))
    assert samples.max() == pytest.approx(0.25 * 32767, abs=1)


def test_listen_plays_samples_channels_audio_as_two_channels():
    t = np.arange(4800) / 48000
    x = np.stack([0.5 * np.sin(2 * np.pi * 440 * t), 0.1 * np.sin(2 * np.pi * 660 * t)], axis=1)
    samples, _ = _decoded(D.listen(x, 48000))
    assert samples.shape == (4800, 2)
    np.testing.assert_array_equal(samples, (x * 32767).astype(np.int16))


def test_listen_refuses_samples_beyond_full_scale():
    with pytest.raises(ValueError, match=r"beyond ±1.*clip"):
        D.listen(np.array([0.0, 1.5, -0.2]), 8000)


def test_listen_refuses_a_fractional_sample_rate_and_transposed_audio():
    with pytest.raises(ValueError, match="whole number"):
        D.listen(np.zeros(100), 44100.5)
    with pytest.raises(ValueError, match=r"pass x\.T"):
        D.listen(np.zeros((2, 4800)), 48000)


def test_display_module_imports_neither_matplotlib_nor_ipywidgets():
    code = (
        "import sys, audiolevels.display; "
        "print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

"""audiolevels.plotting: frequency labels and the log-frequency axis."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from audiolevels.plotting import format_hz, log_freq_axis  # noqa: E402


@pytest.mark.parametrize(
    ("freq", "label"),
    [(20, "20"), (31.5, "31.5"), (100, "100"), (1000, "1k"), (12500, "12.5k"), (20000, "20k")],
)
def test_format_hz(freq, label):
    assert format_hz(freq) == label


@pytest.mark.parametrize("freq", [-1, float("nan"), float("inf")])
def test_format_hz_bad(freq):
    with pytest.raises(ValueError):
        format_hz(freq)


def test_log_freq_axis_ticks_and_limits():
    fig, ax = plt.subplots()
    try:
        ax.plot([20, 12500], [0, 1])
        log_freq_axis(ax, fmax_hz=12500)
        fig.canvas.draw()
        assert ax.get_xscale() == "log"
        assert ax.get_xlim() == pytest.approx((20, 12500))
        labels = [t.get_text() for t in ax.get_xticklabels()]
        assert labels == ["20", "50", "100", "200", "500", "1k", "2k", "5k", "10k"]
        assert ax.get_xlabel() == "frequency (Hz)"
    finally:
        plt.close(fig)


def test_log_freq_axis_adds_distant_limits_as_ticks():
    fig, ax = plt.subplots()
    try:
        log_freq_axis(ax, fmin_hz=30, fmax_hz=8000, which="y", label=None)
        fig.canvas.draw()
        assert ax.get_yscale() == "log"
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == ["30", "50", "100", "200", "500", "1k", "2k", "5k", "8k"]
    finally:
        plt.close(fig)


def test_log_freq_axis_bad_limits():
    fig, ax = plt.subplots()
    try:
        with pytest.raises(ValueError):
            log_freq_axis(ax, fmin_hz=0)
        with pytest.raises(ValueError):
            log_freq_axis(ax, which="z")
    finally:
        plt.close(fig)

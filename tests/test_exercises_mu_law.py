"""The checks of notebooks/05_mu_law.ipynb, against answers derived independently: the
torchaudio encoder written from its definition, librosa's encoder, and the crossover level
solved from the quantization-noise formulas (no code under test involved)."""

from __future__ import annotations

import re

import numpy as np
from scipy.optimize import brentq

from audiolevels.exercises import check_crossover_level, check_mu_law_codes
from conftest import assert_wrong_kind


def torchaudio_style(x):
    f = np.sign(x) * np.log1p(255 * np.abs(x)) / np.log1p(255)
    return ((f + 1) / 2 * 255 + 0.5).astype(np.int64)


def test_right_encoder_passes(capsys):
    assert check_mu_law_codes(torchaudio_style).passed is True
    assert "✓" in capsys.readouterr().out


def test_librosa_convention_fails_with_its_hint(capsys):
    import librosa  # a hard requirement: no skip

    assert check_mu_law_codes(lambda x: librosa.mu_compress(x, quantize=True) + 128).passed is False
    out = capsys.readouterr().out
    assert "✗" in out and "rounding up" in out
    assert check_mu_law_codes(lambda x: librosa.mu_compress(x, quantize=True)).passed is False
    assert "add 128" in capsys.readouterr().out


def test_other_wrong_encoders_fail(capsys):
    def truncating(x):
        f = np.sign(x) * np.log1p(255 * np.abs(x)) / np.log1p(255)
        return ((f + 1) / 2 * 255).astype(np.int64)

    assert check_mu_law_codes(truncating).passed is False
    assert "truncates" in capsys.readouterr().out
    assert check_mu_law_codes(lambda x: np.round((x + 1) / 2 * 255)).passed is False  # linear
    assert "✗" in capsys.readouterr().out
    assert check_mu_law_codes(lambda x: x[:3]).passed is False
    assert "shape" in capsys.readouterr().out

    def broken(x):
        raise RuntimeError("oops")

    assert check_mu_law_codes(broken).passed is False
    assert "RuntimeError" in capsys.readouterr().out


def test_encoder_no_answer_and_wrong_kind(capsys):
    assert check_mu_law_codes(None).passed is False
    assert "✗" in capsys.readouterr().out
    assert_wrong_kind(check_mu_law_codes(np.zeros(3)), capsys, "")


def theoretical_crossover():
    """Solve 10·log10((A²/2)/(Δ_lin²/12)) = μ-law model SNR for the sine peak A (dBFS).

    Linear: Δ = 2/256. μ-law (μ = 255, Δ_y = 2/255): noise variance
    Δ_y²/12·(ln 256/255)²·(1 + 4·255·A/π + 255²·A²/2).
    """
    mu, dy, dl = 255.0, 2 / 255, 2 / 256

    def gap(level):
        a = 10 ** (level / 20)
        lin = 10 * np.log10(a**2 / 2 / (dl**2 / 12))
        var = dy**2 / 12 * (np.log1p(mu) / mu) ** 2 * (1 + 4 * mu * a / np.pi + mu**2 * a**2 / 2)
        return lin - 10 * np.log10(a**2 / 2 / var)

    return brentq(gap, -30, 0)


def test_crossover_right_answer_passes(capsys):
    level = theoretical_crossover()
    assert -13 < level < -11  # 49.9 dB + L = 38 dB
    assert check_crossover_level(level).passed is True
    assert "✓" in capsys.readouterr().out
    assert check_crossover_level(round(level)).passed is True


def test_crossover_success_message_states_both_snrs_as_the_noise_formulas_give_them(capsys):
    level = theoretical_crossover()
    assert check_crossover_level(level).passed is True
    out = capsys.readouterr().out
    lin_db, mu_db = (float(v) for v in re.findall(r"(\d+\.\d) dB(?!FS)", out)[:2])
    # at the crossover both formulas give 6.02·8 + 1.76 + L
    model_db = 20 * np.log10(256) + 10 * np.log10(1.5) + level
    assert abs(lin_db - model_db) < 1.0 and abs(mu_db - model_db) < 1.5


def test_crossover_wrong_answers_fail_with_hints(capsys):
    level = theoretical_crossover()
    assert check_crossover_level(level + 4).passed is False
    assert "Too high" in capsys.readouterr().out
    assert check_crossover_level(level - 4).passed is False
    assert "Too low" in capsys.readouterr().out
    assert check_crossover_level(12.0).passed is False
    assert "clips" in capsys.readouterr().out


def test_crossover_no_answer_and_wrong_kinds(capsys):
    assert check_crossover_level(None).passed is False
    assert "No answer" in capsys.readouterr().out
    assert check_crossover_level(float("nan")).passed is False
    assert "✗" in capsys.readouterr().out
    assert_wrong_kind(check_crossover_level("-12"), capsys, "")
    assert_wrong_kind(check_crossover_level(True), capsys, "")

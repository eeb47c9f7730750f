"""The package's reference_data/ is a verbatim copy of the project's shared reference folder
(the standards' numbers): every file, README.md included, byte for byte, and nothing more."""

from __future__ import annotations

import numpy as np
import pytest

from audiolevels import reference
from conftest import REFERENCE, ROOT

SHARED = ROOT.parent / "shared" / "reference"
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared/reference is not beside this clone"
)


def _files(folder):
    return sorted(p.name for p in folder.iterdir() if p.is_file())


@needs_shared
def test_the_package_ships_exactly_the_shared_reference_files():
    assert _files(REFERENCE) == _files(SHARED)


@needs_shared
@pytest.mark.parametrize("name", _files(SHARED) if SHARED.is_dir() else [])
def test_each_shipped_file_is_byte_identical_to_the_shared_one(name):
    assert (REFERENCE / name).read_bytes() == (SHARED / name).read_bytes()


def test_table_reads_iec61672_table3_as_published():
    t = reference.table("iec61672_table3")
    # IEC 61672-1:2013 Table 3: A weighting is 0 at 1 kHz, -19.1 dB at 100 Hz, -70.4 at 10 Hz
    by_hz = dict(zip(t["nominal_hz"].tolist(), t["A_db"].tolist(), strict=True))
    assert by_hz[1000.0] == 0.0 and by_hz[100.0] == -19.1 and by_hz[10.0] == -70.4
    assert len(t) == 34


def test_table_reads_the_iso226_parameters_for_29_frequencies():
    t = reference.table("iso226_parameters")
    assert len(t) == 29 and t["f_hz"][0] == 20 and t["f_hz"][-1] == 12500
    assert np.all(np.diff(t["f_hz"]) > 0)


@pytest.mark.parametrize("bad", ["nope", "../pyproject.toml", "reference.py"])
def test_unknown_reference_names_are_refused(bad):
    with pytest.raises(ValueError, match="unknown"):
        reference.path(bad) if "." in bad else reference.table(bad)


def test_a_non_string_name_is_a_type_error():
    with pytest.raises(TypeError, match="name must be a str"):
        reference.path(3)

"""tests/reference is a verbatim copy of the project's shared reference data (the standards'
numbers). When the shared folder sits beside the checkout (as in CI), the copy must match it."""

from __future__ import annotations

import pytest

from conftest import REFERENCE, ROOT

SHARED = ROOT.parent / "shared" / "reference"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/reference is not beside this clone")
@pytest.mark.parametrize("name", ["iso226_parameters.csv", "iec61672_1_2013_table3.csv"])
def test_copy_matches_shared_reference(name):
    assert (REFERENCE / name).read_bytes() == (SHARED / name).read_bytes()

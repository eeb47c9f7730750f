"""The standards' numbers as published, shipped with the package: one function reads them all.

The files in ``reference_data/`` are byte-identical copies of the project's reference folder
(``tests/test_reference_copy.py`` checks every file): the ISO 226 parameter table, IEC 61672-1
Table 3, and a README with the other published values (BS.1770 coefficients, EBU test cases,
G.711 vectors) and where each comes from.

Taught in notebooks/02_a_weighting.ipynb (Table 3) and used by the tests.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np

__all__ = ["TABLES", "path", "table"]

#: Table name → file in reference_data/.
TABLES = {
    "iec61672_table3": "iec61672_1_2013_table3.csv",
    "iso226_parameters": "iso226_parameters.csv",
}


def path(name: str) -> Path:
    """Path of a shipped reference file: a table name from :data:`TABLES` or a file name.

    Parameters
    ----------
    name : str
        ``"iec61672_table3"``, ``"iso226_parameters"``, or a file name such as ``"README.md"``.

    Returns
    -------
    pathlib.Path
        The file inside the installed package (read it; never write to it).
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str (one of {sorted(TABLES)}), got {type(name).__name__}")
    folder = Path(str(resources.files("audiolevels") / "reference_data"))
    candidate = folder / TABLES.get(name, name)
    if name in TABLES or (candidate.parent == folder and candidate.is_file()):
        return candidate
    files = sorted(p.name for p in folder.iterdir() if p.is_file())
    raise ValueError(f"unknown reference {name!r}: tables {sorted(TABLES)}, files {files}")


def table(name: str) -> np.ndarray:
    """A reference CSV table as a NumPy structured array (one field per column).

    Parameters
    ----------
    name : {"iec61672_table3", "iso226_parameters"}
        Which table.

    Returns
    -------
    numpy.ndarray
        Structured array; e.g. ``table("iec61672_table3")["A_db"]`` is the A weighting of
        Table 3 in dB, ``["nominal_hz"]`` its nominal frequencies (``-inf`` marks a tolerance
        the standard leaves open).
    """
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}: choose one of {sorted(TABLES)}")
    return np.genfromtxt(path(name), delimiter=",", names=True, encoding="utf-8")

"""``import audiolevels`` gives a map: a docstring naming every module, a version, every
module as an attribute loaded on first use — without importing matplotlib or ipywidgets."""

from __future__ import annotations

import importlib
import subprocess
import sys
from importlib.metadata import version

import audiolevels

LIGHT = ["contours", "data", "loudness", "mulaw", "normalize", "reference", "signals", "weighting"]
assert LIGHT == list(audiolevels._LIGHT)


def test_the_version_is_the_installed_distributions():
    assert audiolevels.__version__ == version("audiolevels")


def test_the_docstring_names_every_module_and_the_array_convention():
    doc = audiolevels.__doc__
    for name in audiolevels._LAZY:
        assert f"``{name}``" in doc, name
    assert "(samples, channels)" in doc and "x.T" in doc


def test_light_modules_are_attributes_without_matplotlib_or_ipywidgets():
    code = (
        "import sys, audiolevels as al\n"
        f"mods = [getattr(al, n) for n in {LIGHT!r}]\n"
        "assert all(m.__name__.startswith('audiolevels.') for m in mods)\n"
        "print(sorted(k for k in ('matplotlib', 'ipywidgets', 'IPython') if k in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_package_imports_no_module_and_the_audit_neither_scipy_signal_nor_pandas():
    # The audit's processes stay small (tests/test_audit.py bounds a 2-hour file's peak
    # memory): metering needs neither scipy.signal (~70 MB) nor pandas until the table.
    code = (
        "import sys, audiolevels\n"
        "print(sorted(m for m in sys.modules if m.startswith('audiolevels.')))\n"
        "import audiolevels.audit\n"
        "print(sorted(k for k in ('scipy.signal', 'pandas', 'numba', 'matplotlib')"
        " if k in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "[]"]


def test_every_lazy_module_loads_on_first_use():
    for name in audiolevels._LAZY:
        assert getattr(audiolevels, name) is importlib.import_module(f"audiolevels.{name}")


def test_an_unknown_attribute_is_an_attribute_error():
    try:
        audiolevels.no_such_module  # noqa: B018
    except AttributeError as exc:
        assert "no_such_module" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_tooling_is_not_in_the_package():
    for name in ("_notebooks", "_site", "nbrunner", "build_site"):
        assert importlib.util.find_spec(f"audiolevels.{name}") is None

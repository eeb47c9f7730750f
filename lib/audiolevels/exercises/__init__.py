"""Checks for the notebooks' exercises: ``from audiolevels.exercises import check_...``.

Each notebook's checks live in their own module here (``nb01.py``, ``nb02.py`` …) and list
their names in ``__all__``; this package gathers them. A check prints a ✓ or ✗ line for the
learner and returns True or False; it raises TypeError only for an answer of the wrong kind.
"""

from __future__ import annotations

import importlib
import pkgutil

__all__: list[str] = []

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    _mod = importlib.import_module(f"{__name__}.{_info.name}")
    for _name in getattr(_mod, "__all__", []):
        globals()[_name] = getattr(_mod, _name)
        __all__.append(_name)

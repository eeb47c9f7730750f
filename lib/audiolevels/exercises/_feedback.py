"""What every exercise check returns, and how it reports an answer of the wrong kind."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["CheckResult", "WrongKind", "exercise_check"]


class WrongKind(TypeError):
    """Raised inside a check for an answer of the wrong kind (a string, a list …).

    The :func:`exercise_check` wrapper turns it into a one-line ✗ message, like any wrong
    answer, instead of a traceback.
    """


@dataclass(frozen=True)
class CheckResult:
    """The outcome of a check: true when the answer is right.

    The check has already printed its ✓/✗ line; in a notebook the result itself shows nothing
    (no ``Out: True`` under the exercise), but it can be tested: ``if check_x(answer): …``
    or ``check_x(answer).passed``.
    """

    passed: bool

    def __bool__(self) -> bool:
        return self.passed

    def _ipython_display_(self) -> None:  # the ✓/✗ line already says it
        pass


def exercise_check(fn: Callable[..., bool]) -> Callable[..., CheckResult]:
    """Wrap a check: its bool becomes a :class:`CheckResult`, a :class:`WrongKind` a ✗ line."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> CheckResult:
        try:
            return CheckResult(bool(fn(*args, **kwargs)))
        except WrongKind as exc:
            print(f"✗ {exc}")
            return CheckResult(False)

    return wrapper

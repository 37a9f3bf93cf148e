"""Display order shared by case ranking points and quiz items."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def scrambled(values: Sequence[T], key: Callable[[T], str]) -> list[T]:
    """A fixed, reproducible scrambling (same page every build) that is never the given order.

    The given order is the answer, so showing it unchanged would give the answer away.
    """
    shown = sorted(values, key=lambda v: hashlib.sha256(key(v).encode()).hexdigest())
    return shown if shown != list(values) else shown[1:] + shown[:1]

"""The results every intake validator returns: ``Valid``, ``Absent`` or ``Invalid``.

- ``Valid(value, display)``: the normalised value and how to show it to the ondernemer.
  ``certain`` is False when the value was guessed (a typo was corrected): confirm it.
- ``Absent(code, display)``: a valid "I don't have one" answer (a starter without a
  KvK-nummer). Not an error; the field stays empty.
- ``Invalid(code, message, options)``: ``message`` is a short Dutch explanation of what
  is wrong and what is expected; ``options`` are choices to offer (buttons), if any.

All Dutch text comes from ``meldingen.yml`` through ``invalid`` and ``display``;
``validates`` is the shared first step of every free-text validator (clean, not
empty, not too long).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from assistant.intake.meldingen import melding, weergave
from assistant.intake.text import clean

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Valid(Generic[T]):
    value: T
    display: str
    certain: bool = True
    ok: ClassVar[bool] = True


@dataclass(frozen=True, slots=True)
class Absent:
    code: str
    display: str
    ok: ClassVar[bool] = True


@dataclass(frozen=True, slots=True)
class Invalid:
    code: str
    message: str
    options: tuple[str, ...] = ()
    ok: ClassVar[bool] = False


def invalid(code: str, options: Iterable[str] = (), **values: object) -> Invalid:
    """An ``Invalid`` whose message is the text for ``code`` in meldingen.yml."""
    return Invalid(code, melding(code, **values), tuple(options))


def display(code: str, **values: object) -> str:
    """A display text from the ``weergave`` section of meldingen.yml."""
    return weergave(code, **values)


def validates(field: str, max_chars: int) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Decorator for a validator of free text: the shared first step.

    The wrapped function receives the input cleaned (``text.clean``: no control
    characters, single spaces) and only when it is not empty (``<field>_leeg``) and not
    longer than ``max_chars`` (``<field>_te_lang``).
    """

    def decorate(func: Callable[..., R]) -> Callable[..., R]:
        @functools.wraps(func)
        def run(raw: object, *args: Any, **kwargs: Any) -> R:
            text = clean(raw)
            if not text:
                return invalid(f"{field}_leeg")
            if len(text) > max_chars:
                return invalid(f"{field}_te_lang", max=max_chars)
            return func(text, *args, **kwargs)

        return run

    return decorate

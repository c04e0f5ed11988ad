"""Exhibits built once per view: a rerun that changes nothing they depend on shows them again.

A page's script runs again when a data table is opened, when the sign-in cookie is stored, on the
next slide of a presentation: with the same filters, language and viewer it would build the same
exhibits. :func:`remembered` keeps what a builder returns in the view's memo (:attr:`View.memo`,
given by the dashboard per session and emptied when anything that keys it changes), keyed by the
builder, the view's filters and rules, and the builder's arguments.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from exhibits.view import View

Built = TypeVar("Built")
ENTRIES = 24
"""Built exhibits a memo keeps (the most recently shown): about two pages' worth, enough for the
reruns of the page on screen, bounded however many pages a session visits."""


def _frozen(value: object) -> Hashable:
    """``value`` as a memo key: lists and tuples as tuples, dicts as sorted pairs."""
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((key, _frozen(item)) for key, item in value.items()))
    return value


def remembered(build: Callable[..., Built]) -> Callable[..., Built]:
    """``build(view, …)`` kept in ``view.memo`` (the :data:`ENTRIES` most recently used); without a
    memo, or with an argument that cannot key it, built every time. A list comes back as a new
    list each time (callers may extend it)."""

    @functools.wraps(build)
    def from_memo(view: View, *args: object, **changes: object) -> Built:
        memo = view.memo
        key = (build.__qualname__, view.filters, view.public, view.min_n, _frozen(args), _frozen(changes))
        try:
            hash(key)
        except TypeError:
            memo = None
        if memo is None:
            return build(view, *args, **changes)
        shown = memo.pop(key) if key in memo else build(view, *args, **changes)
        memo[key] = shown  # the most recent last
        while len(memo) > ENTRIES:
            del memo[next(iter(memo))]
        return list(shown) if isinstance(shown, list) else shown

    return from_memo

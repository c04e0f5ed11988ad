"""The suppression rules a report or an export is made under.

- ``standard``: the metric's own minimum n (5); public material (board papers, open data) also
  hides counts 1–4 with complementary suppression.
- ``national``: the stricter rule of the national patient surveys: always public, cells under
  :data:`NATIONAL_MIN_N` answers hidden, counts 1–4 hidden, complementary suppression
  (``QuerySpec(public=True, min_n=10)``).
- ``internal``: the staff version of a review (seed 002 is published for staff as well as the
  public): each metric's minimum n, counts shown as they are (``public=False``).
"""

from __future__ import annotations

from dataclasses import dataclass

RULES = ("standard", "national", "internal")
NATIONAL_MIN_N = 10


@dataclass(frozen=True)
class Rule:
    """Whether tables are public (counts 1–4 hidden too) and the minimum n (None: the metric's own)."""

    public: bool
    min_n: int | None


def rule(name: str, public: bool, min_n: int | None = None) -> Rule:
    """The rule ``name`` for material that is ``public`` under the standard rule.

    ``min_n`` is an explicit minimum n; the national rule never goes below its own.
    """
    if name == "national":
        return Rule(public=True, min_n=max(NATIONAL_MIN_N, min_n or 0))
    if name == "standard":
        return Rule(public=public, min_n=min_n)
    if name == "internal":
        return Rule(public=False, min_n=min_n)
    raise ValueError(f"unknown rule {name!r}; expected one of {RULES}")

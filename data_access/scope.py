"""Row-level scope: which units' (and service areas') rows a user may see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Scope:
    """The rows a caller may read from the fact tables.

    ``unit_ids`` None means every row. Otherwise a fact row is visible when its unit is
    listed, or when it names no unit and its service area is listed (city feedback and
    cases that concern a whole service area). ``open_text`` False refuses the ``open_text``
    table altogether (presenters never see open-text feedback). Hashable, so it can key caches.
    """

    unit_ids: frozenset[str] | None = None
    service_area_ids: frozenset[str] = frozenset()
    open_text: bool = True

    @classmethod
    def everything(cls) -> Scope:
        """The scope of a division-level director, an admin or the CLI."""
        return cls(None)

    @classmethod
    def of_units(cls, unit_ids: Iterable[str]) -> Scope:
        """A unit manager's scope: only the listed units."""
        return cls(frozenset(unit_ids))

    @classmethod
    def of_service_areas(cls, service_area_ids: Iterable[str], unit_ids: Iterable[str]) -> Scope:
        """A service-area director's scope: the areas' units and their unit-less rows."""
        return cls(frozenset(unit_ids), frozenset(service_area_ids))

    @property
    def is_everything(self) -> bool:
        return self.unit_ids is None

    def without_open_text(self) -> Scope:
        """The same rows, but no open-text feedback (the scope of a presenter)."""
        return replace(self, open_text=False)

    def allows_unit(self, unit_id: str) -> bool:
        """Whether rows of this unit are visible."""
        return self.unit_ids is None or unit_id in self.unit_ids

    def cache_key(self) -> str:
        """A short stable string naming the scope (for cache keys and logs)."""
        if self.unit_ids is None:
            key = "*"
        else:
            key = ",".join(sorted(self.unit_ids)) + "|" + ",".join(sorted(self.service_area_ids))
        return key if self.open_text else key + "|no-open-text"

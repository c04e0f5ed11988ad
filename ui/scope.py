"""The row-level scope of each role (DESIGN.md §6); data_access enforces it on every fact query.

- ``director``: everything, or — when the users file names ``service_areas`` — those areas'
  units and their unit-less rows (city feedback and cases filed against a whole area).
- ``unit_manager``: only the listed ``units``; service and city comparisons come from
  ``Warehouse.benchmark_reader()``, which returns aggregates only.
- ``presenter``: everything, because the board is shown the whole division; every query of a
  presenter runs with the open-data rules (``QuerySpec.public``: counts 1–4 hidden as well),
  since the screen is shared in a public meeting. Presenters never see open text: their scope
  has no open text, so data_access refuses the ``open_text`` table.
- ``admin``: everything (the analyst who loads and checks the imports).
- anything else: nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from data_access.scope import Scope
from ui.auth import User


def scope_for(user: User, units: Iterable[tuple[str, str]]) -> Scope:
    """The Scope of ``user``; ``units`` are (unit_id, service_area_id) pairs of the unit dimension."""
    if user.role == "director":
        if not user.service_areas:
            return Scope.everything()
        areas = set(user.service_areas)
        return Scope.of_service_areas(areas, [unit for unit, area in units if area in areas])
    if user.role == "unit_manager":
        return Scope.of_units(user.units)
    if user.role == "presenter":
        return Scope.everything().without_open_text()
    if user.role == "admin":
        return Scope.everything()
    return Scope.of_units(())


def public_rules(user: User) -> bool:
    """Whether the user's figures follow the open-data suppression rules."""
    return user.role == "presenter"

"""What every page needs for this run: the user, their scope, the filters and the organisation.

Importing this module is cheap (the sign-in frame imports it): the query facade, and with it the
engine and the statistics, is imported by the functions that ask it something.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import streamlit as st

from data_access.scope import Scope
from ui.auth import User
from ui.scope import public_rules, scope_for

if TYPE_CHECKING:
    from exhibits.selection import Filters, Options

_CONTEXT_KEY = "johdon_context"


@dataclass(frozen=True)
class Context:
    """The logged-in user's view of the data for this run."""

    user: User
    scope: Scope
    filters: Filters
    options: Options
    anchor: date
    """The last day with data (period presets count back from it)."""

    @property
    def public(self) -> bool:
        """Whether figures follow the open-data suppression rules (presenters)."""
        return public_rules(self.user)


def scope_and_options(user: User) -> tuple[Scope, Options]:
    """The user's Scope and the organisation it lets them choose from."""
    from exhibits.selection import Options
    from ui import facade

    dims = facade.dimensions()
    units = dims.units
    scope = scope_for(user, zip(units["unit_id"], units["service_area_id"], strict=True))
    return scope, Options.for_scope(units, dims.services, dims.service_areas, scope)


def anchor_date(scope: Scope) -> date:
    """The latest date any channel's data runs to within the scope (today when there is none)."""
    from exhibits.selection import anchor_day
    from ui import facade

    return anchor_day(facade.channel_data_through(scope))


def withdraw() -> None:
    """Forget the context of an earlier run (the frame does so whenever nobody is signed in): a
    signed-out session holds none, so no page can find one."""
    st.session_state.pop(_CONTEXT_KEY, None)


def publish(context: Context) -> None:
    """Make the run's context available to the page."""
    st.session_state[_CONTEXT_KEY] = context


def current() -> Context:
    """The context the frame published for this run; a page run without one (nobody signed in)
    stops there, drawing nothing."""
    if _CONTEXT_KEY not in st.session_state:
        st.stop()
    return st.session_state[_CONTEXT_KEY]

"""The themes page: directors and unit managers only, never presenters; renders on the test warehouse."""

from __future__ import annotations

import pytest
from ui_helpers import ROLE_USER, log_in, new_app

from ui.navigation import page_names

pytestmark = pytest.mark.usefixtures("ui_environment")


def test_only_directors_and_unit_managers_have_the_page():
    assert "themes" in page_names("director") and "themes" in page_names("unit_manager")
    assert "themes" not in page_names("presenter") and "themes" not in page_names("admin")


@pytest.mark.parametrize("role", ["director", "unit_manager"])
def test_the_page_renders_for_its_roles(role):
    app = log_in(new_app(), ROLE_USER[role])
    app.switch_page("pages/themes.py").run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == "Mistä asiakkaat kirjoittavat"
    assert "Teema" in [box.label for box in app.selectbox]


def test_a_presenter_cannot_open_the_page():
    app = log_in(new_app(), ROLE_USER["presenter"])
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/themes.py")

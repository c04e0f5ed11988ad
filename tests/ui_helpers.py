"""A tiny hand-made warehouse and users file for the dashboard's AppTests.

Quick feedback in March 2017: Kallio presses 30 × button 3 and 10 × button 2 (happy index
100 × 2.75 / 3 = 91.7); Malmi 20 × button 0 and 20 × button 1 (16.7); together 54.2.
February 2017 has 20 presses per unit on button 1 (33.3) for the comparison.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from pathlib import Path

import bcrypt
import pandas as pd
import yaml
from metrics_helpers import presses, write
from streamlit.testing.v1 import AppTest

from data_access.warehouse import Warehouse

PASSWORD = "salasana-123"
USERS = {
    "paajohtaja": {"name": "Pääjohtaja", "roles": ["director"]},
    "alue": {"name": "Aluejohtaja", "roles": ["director"], "service_areas": ["sko"]},
    "kallio": {"name": "Kallion esihenkilö", "roles": ["unit_manager"], "units": ["kallio"]},
    "lautakunta": {"name": "Esittelijä", "roles": ["presenter"]},
    "admin": {"name": "Ylläpitäjä", "roles": ["admin"]},
}
ROLE_USER = {"director": "paajohtaja", "unit_manager": "kallio", "presenter": "lautakunta", "admin": "admin"}
APP = str(Path(__file__).resolve().parent.parent / "app.py")


def build_warehouse(root: Path) -> Warehouse:
    """The tiny warehouse of the module docstring, with some city feedback and cases."""
    feedback = pd.DataFrame(
        {
            "feedback_id": ["f1", "f2", "f3"],
            "received_at": [datetime(2017, 3, 1, 9), datetime(2017, 3, 2, 9), datetime(2017, 3, 3, 9)],
            "answered_at": [datetime(2017, 3, 2, 9), None, datetime(2017, 3, 20, 9)],
            "unit_id": ["kallio", "malmi", "malmi"],
            "service_area_id": ["tpp", "tpp", "tpp"],
            "feedback_type": ["moite", "kiitos", "moite"],
            "category": ["Hoitoonpääsy", "Viestintä", "Hoitoonpääsy"],
            "channel": ["web", "email", "web"],
            "language": ["fin", "swe", "fin"],
        }
    )
    cases = pd.DataFrame(
        {
            "case_id": ["c1", "c2"],
            "case_kind": ["muistutus", "kantelu_avi"],
            "received_on": [date(2017, 3, 5), date(2017, 3, 6)],
            "service_area_id": ["tpp", "tpp"],
            "unit_id": ["kallio", "malmi"],
            "reason": ["hoitoonpääsy", "tietosuoja"],
            "outcome": ["remark", "pending"],
        }
    )
    return write(
        root,
        quick_feedback=pd.concat(
            [
                presses({3: 30, 2: 10}, unit="kallio", start=datetime(2017, 3, 1, 8)),
                presses({0: 20, 1: 20}, unit="malmi", start=datetime(2017, 3, 1, 8)),
                presses({1: 20}, unit="kallio", start=datetime(2017, 2, 1, 8)),
                presses({1: 20}, unit="malmi", start=datetime(2017, 2, 1, 8)),
            ],
            ignore_index=True,
        ),
        feedback=feedback,
        case=cases,
    )


def write_users(path: Path) -> Path:
    """A production users file of USERS, all with PASSWORD (cheap bcrypt cost for speed)."""
    usernames = {
        name: {**entry, "password": bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()}
        for name, entry in USERS.items()
    }
    path.write_text(yaml.safe_dump({"credentials": {"usernames": usernames}}), encoding="utf-8")
    return path


def app_environment(monkeypatch, warehouse: Path, users: Path, state: Path) -> None:
    """Production mode on the tiny warehouse with a proper cookie key and no login sleep."""
    monkeypatch.setenv("JOHDON_MODE", "production")
    monkeypatch.setenv("JOHDON_WAREHOUSE", str(warehouse))
    monkeypatch.setenv("JOHDON_USERS", str(users))
    monkeypatch.setenv("JOHDON_COOKIE_KEY", secrets.token_urlsafe(40))
    monkeypatch.setenv("JOHDON_STATE_DIR", str(state))


def new_app(params: dict[str, str] | None = None) -> AppTest:
    """An AppTest of app.py with the given URL parameters, run once (the login form)."""
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        app.query_params[key] = value
    return app.run()


def log_in(app: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    """Fill and submit the login form."""
    app.text_input(key="login_username").input(username)
    app.text_input(key="login_password").input(password)
    app.button[0].click()
    return app.run()


def open_data_tables(app: AppTest) -> AppTest:
    """Open every chart's data table (drawn only once its expander is opened) and rerun."""
    for box in app.expander:
        if box.key and box.key.startswith("table_"):
            app.session_state[box.key] = True
    return app.run()


def texts(app: AppTest) -> str:
    """Every visible text of the last run, joined (markdown, captions, metrics, tables, alerts)."""
    parts = [e.value for e in app.markdown] + [e.value for e in app.caption]
    parts += [f"{m.label} {m.value}" for m in app.metric]
    parts += (
        [str(e.value) for e in app.info]
        + [str(e.value) for e in app.warning]
        + [str(e.value) for e in app.error]
    )
    parts += [e.value.to_csv() for e in app.dataframe] + [e.value.to_csv() for e in app.table]
    parts += [str(e.value) for e in app.title] + [str(e.value) for e in app.subheader]
    return "\n".join(str(p) for p in parts)

"""The demo mode's users file and cookie key (``JOHDON_MODE=demo``), written once under ``var/demo/``.

Free of Streamlit, so :mod:`ui.serve` writes them before the server listens: hashing the four
demo passwords at bcrypt's cost 12 takes ≈1 s, which the first visitor after a start would
otherwise wait for before the sign-in form.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import bcrypt
import yaml

DEMO_DIR = Path("var/demo")
DEMO_USERS = {
    "johtaja": {"name": "Demo Johtaja", "password": "johtaja-demo", "roles": ["director"]},
    "esihenkilo": {
        "name": "Demo Esihenkilö",
        "password": "esihenkilo-demo",
        "roles": ["unit_manager"],
        "units": ["ter-kallio"],
    },
    "esittaja": {"name": "Demo Esittäjä", "password": "esittaja-demo", "roles": ["presenter"]},
    "yllapitaja": {"name": "Demo Ylläpitäjä", "password": "yllapitaja-demo", "roles": ["admin"]},
}
"""The demo users and their passwords (README lists them); written only in demo mode."""
BCRYPT_COST = 12
"""bcrypt's cost factor, streamlit-authenticator's default (its Hasher's ``gensalt()``)."""


def demo_dir() -> Path | None:
    """The demo folder of this process (``$JOHDON_DEMO_DIR``, default var/demo), or None outside
    demo mode."""
    if os.environ.get("JOHDON_MODE", "production") != "demo":
        return None
    return Path(os.environ.get("JOHDON_DEMO_DIR") or DEMO_DIR)


def hash_password(password: str) -> str:
    """A bcrypt hash for the users file."""
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(BCRYPT_COST)).decode()


def ensure_demo_files(folder: Path) -> tuple[Path, str]:
    """Write the demo users file and a random cookie key once; returns (users file, key).

    Replicas started together on one demo folder end up with the same key and users.
    """
    folder.mkdir(parents=True, exist_ok=True)
    key_file = folder / "cookie_key"
    _create_once(key_file, lambda: secrets.token_urlsafe(48))
    users_file = folder / "users.yaml"
    _create_once(users_file, _demo_users)
    return users_file, key_file.read_text(encoding="utf-8").strip()


def _demo_users() -> str:
    """The users file's text; the passwords are hashed side by side (bcrypt releases the GIL)."""
    with ThreadPoolExecutor(len(DEMO_USERS)) as pool:
        hashes = pool.map(hash_password, [entry["password"] for entry in DEMO_USERS.values()])
    usernames = {
        username: {**{k: v for k, v in entry.items() if k != "password"}, "password": hashed, "demo": True}
        for (username, entry), hashed in zip(DEMO_USERS.items(), hashes, strict=True)
    }
    return yaml.safe_dump({"credentials": {"usernames": usernames}})


def _create_once(path: Path, content: Callable[[], str]) -> None:
    """Write ``path`` unless it exists: the first of several processes wins, none reads it half-written."""
    if path.exists():
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    temporary.write_text(content(), encoding="utf-8")
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()

"""Warming a newly started process while its first visitor types their password.

The sign-in form loads only what it needs (app.py). Everything the pages need after signing in —
the statistics, the query engine, Plotly, the exhibits, the open warehouse with its views, the
Parquet footers of every fact table — is loaded once per process on a background thread that the
first form starts. Signing in waits for that thread (:func:`wait`) instead of loading the same
modules on the script thread beside it: two threads importing one module tree at once can
deadlock on the import locks.
"""

from __future__ import annotations

import logging
import threading

_lock = threading.Lock()
_thread: threading.Thread | None = None
_log = logging.getLogger(__name__)


def start() -> None:
    """Begin warming the process (once; later calls do nothing)."""
    global _thread
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=_warm, name="johdon-warm-up", daemon=True)
            _thread.start()


def wait() -> None:
    """Wait until the warm-up started by :func:`start` has finished (at once when none was)."""
    with _lock:
        thread = _thread
    if thread is not None:
        thread.join()


def _warm() -> None:
    try:
        from data_access.scope import Scope
        from exhibits import build, seed_tables, themes, units  # noqa: F401  (what the pages use)
        from ui import facade, filters, presentation, views  # noqa: F401

        facade.dimensions()
        # The newest date of every channel: DuckDB reads each fact table's Parquet footers once.
        facade.channel_data_through(Scope.everything())
    except Exception:  # a broken warehouse is reported where a page meets it, not here
        _log.warning("warming the process failed", exc_info=True)

"""``python -m ui.serve``: Streamlit starts only after the pages' machinery is loaded, the warehouse
opened, the query processes ready and the default overview computed; they stop with the server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from test_browser import free_port

ROOT = Path(__file__).resolve().parent.parent


def test_the_server_answers_once_the_machinery_is_loaded(tmp_path):
    port = free_port()
    environment = {**os.environ, "JOHDON_MODE": "demo", "JOHDON_WAREHOUSE": str(tmp_path / "warehouse")}
    environment |= {"JOHDON_DEMO_DIR": str(tmp_path / "demo"), "JOHDON_STATE_DIR": str(tmp_path / "auth")}
    environment["JOHDON_QUERY_PROCESSES"] = "2"
    command = [sys.executable, "-m", "ui.serve", "--server.port", str(port), "--server.headless", "true"]
    process = subprocess.Popen(
        [*command, "--server.address", "127.0.0.1"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        loaded, opened, ready, warmed, users = (process.stderr.readline() for _ in range(5))
        assert "pages' machinery loaded in" in loaded, loaded
        assert "warehouse opened in" in opened, opened  # an empty one: nothing to read, no error
        assert "2 query processes ready in" in ready, ready
        assert "overview's 0 queries computed in" in warmed, warmed  # no data: nothing to compute
        assert "demo users ready in" in users, users
        assert (tmp_path / "demo" / "users.yaml").is_file()  # before the first request, not in it
        assert len(_group(process.pid)) == 3  # the server and its two workers
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert process.poll() is None and time.time() < deadline, "the server did not start"
                time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
            assert b"<noscript>" in answer.read()  # Streamlit's page
    finally:
        process.terminate()
        process.wait(timeout=20)
    deadline = time.time() + 20
    while _group(process.pid) and time.time() < deadline:
        time.sleep(0.2)
    assert not _group(process.pid), "query processes outlived the server"


def _group(leader: int) -> list[str]:
    """The processes of the server's process group (its workers are in it)."""
    listing = subprocess.run(["ps", "-o", "pid=", "-g", str(leader)], capture_output=True, text=True)
    return listing.stdout.split()


def test_the_warm_up_computes_the_queries_the_overview_asks_for(tmp_path, monkeypatch):
    from datetime import date

    from metrics_helpers import presses, write

    from data_access.scope import Scope
    from data_access.warehouse import Warehouse
    from exhibits import overview
    from exhibits.selection import Filters, Options, complete_months
    from exhibits.source import WarehouseSource
    from exhibits.view import View
    from metrics.workers import PROCESSES_ENV
    from ui import serve

    write(tmp_path, quick_feedback=presses({3: 10}, unit="kallio"))
    monkeypatch.setenv("JOHDON_WAREHOUSE", str(tmp_path))
    monkeypatch.setenv(PROCESSES_ENV, "1")
    source = WarehouseSource(Warehouse(tmp_path), Scope.everything())
    dimensions = source.dimensions()
    everything = Scope.everything()
    options = Options.for_scope(dimensions.units, dimensions.services, dimensions.service_areas, everything)
    # the tiny warehouse's presses are of 6.3.2017: the default view is 1.3.2016–28.2.2017
    view = View(source, Filters(period=complete_months(date(2017, 3, 6), 12)), options)
    specs, benchmarks = overview.queries(view)
    count, _ = serve.warm_overview()
    assert count == len(set(specs)) + len(set(benchmarks)) > 20

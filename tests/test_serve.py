"""``python -m ui.serve``: Streamlit starts only after the pages' machinery is loaded, the warehouse
opened and the query processes ready; they stop with the server."""

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
        loaded, opened, ready, users = (process.stderr.readline() for _ in range(4))
        assert "pages' machinery loaded in" in loaded, loaded
        assert "warehouse opened in" in opened, opened  # an empty one: nothing to read, no error
        assert "2 query processes ready in" in ready, ready
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

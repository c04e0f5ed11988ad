"""Plotly figures as PNG and SVG through kaleido and the system's Chromium, without downloads.

One headless Chromium serves the whole process: it starts on the first export (≈ 2 s) and
each export after it takes ≈ 0.1–0.3 s. It runs on its own thread and event loop, so any
thread (a Streamlit session, a report job) may export at the same time, and it is closed at
exit. plotly.js comes from the installed plotly package and MathJax is off, so nothing is
fetched from the network. kaleido's own ``start_sync_server`` is not used: it waits forever
when the browser cannot start and can hand one caller another caller's image.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import shutil
import threading
from collections.abc import Coroutine
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

import kaleido
import plotly.graph_objects as go

CHROMIUM = "/usr/bin/chromium"
START_TIMEOUT = 60.0
"""Seconds for Chromium to start and load plotly.js."""
RENDER_TIMEOUT = 60.0
"""Seconds for one image."""


class ExportUnavailable(RuntimeError):
    """Charts cannot be drawn as images here: Chromium is missing or failed."""


def chromium_path() -> str:
    """The Chromium binary: ``BROWSER_PATH`` if set, else Debian's ``chromium``; ExportUnavailable if none."""
    configured = os.environ.get("BROWSER_PATH")
    candidates = [configured] if configured else [shutil.which("chromium"), CHROMIUM]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    where = f"BROWSER_PATH={configured}" if configured else CHROMIUM
    raise ExportUnavailable(
        f"Chart images and PDF need the Chromium browser, and none was found at {where}. "
        "Install it with `apt-get install -y chromium` (Debian/Ubuntu) or point BROWSER_PATH at "
        "a Chromium binary; browsers are never downloaded at run time."
    )


def _reason(error: BaseException) -> str:
    """The error's class and first message (kaleido's later ones advise downloading a browser)."""
    return f"{type(error).__name__}: {error.args[0] if error.args else ''}"


def _await(coroutine: Coroutine[Any, Any, Any], loop: asyncio.AbstractEventLoop, timeout: float) -> Any:
    """Run ``coroutine`` on the export loop and wait for its result from this thread."""
    future = asyncio.run_coroutine_threadsafe(coroutine, loop)
    try:
        return future.result(timeout)
    except FutureTimeout:
        future.cancel()
        raise


class _Server:
    """One kaleido (one Chromium) on a private event loop thread, opened on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: kaleido.Kaleido | None = None
        self._thread: threading.Thread | None = None

    def _start(self) -> tuple[asyncio.AbstractEventLoop, kaleido.Kaleido]:
        path = chromium_path()
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="chart-export", daemon=True)
        thread.start()

        async def open_kaleido() -> kaleido.Kaleido:
            # mathjax=False: kaleido would otherwise load MathJax from a CDN.
            instance = kaleido.Kaleido(path=path, mathjax=False, timeout=RENDER_TIMEOUT)
            await instance.open()
            return instance

        try:
            instance = _await(open_kaleido(), loop, START_TIMEOUT)
        except Exception as error:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(5)
            loop.close()
            raise ExportUnavailable(
                f"Chromium at {path} did not start for chart export ({_reason(error)}). "
                "Check that `chromium --headless --no-sandbox --version` runs on this machine, "
                "or reinstall it with `apt-get install --reinstall -y chromium`."
            ) from error
        self._loop, self._kaleido, self._thread = loop, instance, thread
        return loop, instance

    def running(self) -> tuple[asyncio.AbstractEventLoop, kaleido.Kaleido]:
        """The open loop and kaleido, started now if needed."""
        with self._lock:
            if self._loop is not None and self._kaleido is not None:
                return self._loop, self._kaleido
            return self._start()

    def stop(self) -> None:
        """Close the browser and the loop thread (at exit, or after a failure)."""
        with self._lock:
            loop, instance, thread = self._loop, self._kaleido, self._thread
            self._loop = self._kaleido = self._thread = None
        if loop is None or instance is None or thread is None:
            return
        with contextlib.suppress(Exception):  # closing a browser that already died
            _await(instance.close(), loop, 10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        if not thread.is_alive():
            loop.close()

    def image(self, figure: go.Figure, opts: dict[str, Any]) -> bytes:
        """The figure drawn with kaleido's ``opts`` (format, width, height, scale)."""
        loop, instance = self.running()
        try:
            return _await(instance.calc_fig(figure.to_dict(), opts=opts), loop, RENDER_TIMEOUT + 5)
        except Exception as error:
            self.stop()  # a browser that failed once is restarted on the next export
            raise ExportUnavailable(
                f"Chromium could not draw the chart as {opts['format'].upper()} ({_reason(error)})."
            ) from error


_SERVER = _Server()
atexit.register(_SERVER.stop)


def figure_png(figure: go.Figure, width: int = 1600, height: int = 800, scale: float = 1) -> bytes:
    """The figure as PNG bytes: ``width`` × ``height`` layout pixels, ``scale`` × that in image pixels."""
    return _SERVER.image(figure, {"format": "png", "width": width, "height": height, "scale": scale})


def figure_svg(figure: go.Figure, width: int = 1600, height: int = 800) -> bytes:
    """The figure as a standalone SVG document (UTF-8 bytes), ``width`` × ``height`` user units."""
    return _SERVER.image(figure, {"format": "svg", "width": width, "height": height, "scale": 1})


def stop() -> None:
    """Close the export browser now (it restarts on the next export); also done at exit."""
    _SERVER.stop()

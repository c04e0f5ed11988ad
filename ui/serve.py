"""``python -m ui.serve [streamlit options]``: ``streamlit run app.py``, with the pages' machinery
loaded and the warehouse opened before the server listens.

A signed-in page needs the query engine, the statistics (SciPy), Plotly and the exhibits; their
imports take ≈1.8 s on a 2-core machine, and the engine's first connection reads every table's
file metadata. Under a plain ``streamlit run app.py`` the first person to sign in after a start
waits for them. Here they happen first, so the health check answers only once they are done
(``make run`` and production start the dashboard this way). Only modules free of Streamlit's
runtime are loaded (exhibits, figures, metrics, data access, Streamlit's emoji table): nothing of
the UI is created or run before the first request, and the sign-in form stays as it was.

The metric results are computed in worker processes (:mod:`metrics.workers`), one per core unless
``$JOHDON_QUERY_PROCESSES`` says otherwise (0: in the server's process); they are started and
have opened the warehouse before the server listens too, and have computed the city-wide
overview under the default filters once (:func:`warm_overview`, ≈1.3 s): the first overview after
a start otherwise waited ≈0.3–0.6 s more for SQL compiled and files read for the first time. In
demo mode the demo users' file is written then as well (hashing their passwords takes ≈1 s that
the first visitor would wait for).
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

from streamlit.web import cli

from ui.demo_users import demo_dir, ensure_demo_files

APP = Path(__file__).resolve().parent.parent / "app.py"
MACHINERY = (
    "duckdb_engine",
    "metrics.query",
    "figures.charts",
    "exhibits.build",
    "exhibits.units",
    "exhibits.seed_tables",
    "exhibits.themes",
    "reports.render",
    "streamlit.emojis",
)
"""What the pages import, with everything they bring along (pandas, DuckDB and its SQLAlchemy
dialect, which SQLAlchemy would otherwise import at the first engine, SciPy, Plotly), and the
emoji pattern Streamlit compiles when the first run checks the page icon."""


def load_machinery() -> float:
    """Import :data:`MACHINERY`; the seconds it took."""
    started = time.perf_counter()
    for module in MACHINERY:
        importlib.import_module(module)
    return time.perf_counter() - started


def warm_up() -> float:
    """Open the configured warehouse once and read its unit dimension, so the engine's first
    connection, its views and the files' metadata (now in the OS cache too) are not the first
    sign-in's wait; the seconds it took (0 when the warehouse holds no data yet)."""
    from data_access.scope import Scope
    from data_access.warehouse import Warehouse

    started = time.perf_counter()
    warehouse = Warehouse()
    if warehouse.exists():
        warehouse.reader(Scope.everything()).dimension("unit")
    return time.perf_counter() - started


def start_query_processes() -> tuple[int, float]:
    """Start the metric results' worker processes (``$JOHDON_QUERY_PROCESSES``, one per core when
    unset) and wait until each has opened the warehouse: how many are ready, and the seconds it
    took (none for another engine than the embedded DuckDB)."""
    from data_access.warehouse import Warehouse, engine_choice
    from metrics.workers import PROCESSES_ENV, processes_asked, shared
    from ui.facade import STATEMENT_CACHE

    os.environ.setdefault(PROCESSES_ENV, str(os.cpu_count() or 1))
    count = processes_asked(engine_choice().kind)
    if count < 1:
        return 0, 0.0
    started = time.perf_counter()
    processes = shared(Warehouse().root, count, STATEMENT_CACHE)
    return len(processes.pids), time.perf_counter() - started


def warm_overview() -> tuple[int, float]:
    """Compute the overview's queries for the whole city under the default filters (the last 12
    whole months by month, against the previous period) in the worker processes, as the page
    asks for them: their rows stay in the workers' statement caches, so a director's first
    overview does not wait for them, and the other views' first queries find their SQL's shapes
    compiled. How many queries, and the seconds it took (none without worker processes or data)."""
    from concurrent.futures import ThreadPoolExecutor

    from data_access.scope import Scope
    from data_access.warehouse import Warehouse, engine_choice
    from exhibits import overview
    from exhibits.selection import Filters, Options, anchor_day, complete_months
    from exhibits.source import WarehouseSource
    from exhibits.view import View
    from metrics.freshness import data_through
    from metrics.workers import processes_asked, shared
    from ui.facade import BENCHMARK_SCOPE, STATEMENT_CACHE, WORKERS

    warehouse, count = Warehouse(), processes_asked(engine_choice().kind)
    if count < 1 or not warehouse.exists():
        return 0, 0.0
    started = time.perf_counter()
    scope, version = Scope.everything(), warehouse.data_version()
    through = data_through(warehouse.reader(scope))
    if not any(through.values()):
        return 0, 0.0
    processes = shared(warehouse.root, count, STATEMENT_CACHE)
    source = WarehouseSource(warehouse, scope)
    dimensions = source.dimensions()
    options = Options.for_scope(dimensions.units, dimensions.services, dimensions.service_areas, scope)
    view = View(source, Filters(period=complete_months(anchor_day(through), 12)), options)
    specs, benchmarks = overview.queries(view)
    jobs = [(scope, view.for_viewer(spec), False) for spec in dict.fromkeys(specs)]
    jobs += [(BENCHMARK_SCOPE, view.rules(spec), True) for spec in dict.fromkeys(benchmarks)]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(lambda job: processes.run(version, job[0], job[1], through, job[2]), jobs))
    return len(jobs), time.perf_counter() - started


def write_demo_users() -> float | None:
    """In demo mode, write the demo users file and cookie key (:mod:`ui.demo_users`) unless they
    exist; the seconds it took, or None outside demo mode."""
    folder = demo_dir()
    if folder is None:
        return None
    started = time.perf_counter()
    ensure_demo_files(folder)
    return time.perf_counter() - started


def main(options: list[str]) -> None:
    """Load the machinery and warm the warehouse, then run Streamlit's ``streamlit run app.py
    [options]``."""
    seconds = load_machinery()
    print(f"johdon-tyopoyta: pages' machinery loaded in {seconds:.1f} s", file=sys.stderr, flush=True)
    seconds = warm_up()
    print(f"johdon-tyopoyta: warehouse opened in {seconds:.1f} s", file=sys.stderr, flush=True)
    ready, seconds = start_query_processes()
    print(f"johdon-tyopoyta: {ready} query processes ready in {seconds:.1f} s", file=sys.stderr, flush=True)
    count, seconds = warm_overview()
    print(
        f"johdon-tyopoyta: overview's {count} queries computed in {seconds:.1f} s",
        file=sys.stderr,
        flush=True,
    )
    seconds = write_demo_users()
    if seconds is not None:
        print(f"johdon-tyopoyta: demo users ready in {seconds:.1f} s", file=sys.stderr, flush=True)
    sys.argv = ["streamlit", "run", str(APP), *options]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])

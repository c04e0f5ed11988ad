"""``python -m benchmarks.engines [WAREHOUSE]``: the overview page's queries on DuckDB and on Spark.

The queries are the overview's (pages/overview.py): every KPI tile's figures and monthly line
(``exhibits.build.tile_queries`` of the page's ``TILES``, read from the page so they cannot drift),
what changed by unit (``change_queries``) and the unit ranking with its city benchmark
(``exhibits.units.ranking_queries``), for the last complete year against the year before, as a
division director sees them. Each engine runs in a fresh process:

- ``open s``: opening the warehouse and the first statement (Spark: starting the JVM; DuckDB:
  registering the views);
- ``cold s``: the first pass over every query (Spark also makes its views and compiles code);
- ``warm s``: the median of ``--repeat`` further passes, one query after another, and each query's
  median; ``page s``: one pass with the four concurrent queries of the dashboard's prefetch.

The warehouse defaults to var/warehouse-bench, built when missing as ``cli.py demo --scale 2.2
--until 2025-12-31`` (≈10 M quick-feedback rows, DESIGN §7's one city over ten years). Engines:
``--engines duckdb,spark:local[2]`` (any ``JOHDON_ENGINE`` setting).
"""

from __future__ import annotations

import argparse
import ast
import json
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

DEFAULT = Path("var/warehouse-bench")
BUILD = ("--scale", "2.2", "--until", "2025-12-31")
OVERVIEW_PAGE = Path(__file__).resolve().parent.parent / "pages" / "overview.py"
PREFETCH_WORKERS = 4
"""Concurrent queries of the dashboard's prefetch (ui.facade.WORKERS)."""


def overview_tiles() -> list[tuple[str, tuple[str, ...]]]:
    """The overview page's ``TILES`` literal, read from pages/overview.py without running the page."""
    tree = ast.parse(OVERVIEW_PAGE.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "TILES" for t in node.targets):
            return ast.literal_eval(node.value)
    raise LookupError(f"no TILES in {OVERVIEW_PAGE}")


def _year(through: date | None) -> int:
    through = through or date.today()
    return through.year if (through.month, through.day) == (12, 31) else through.year - 1


def overview_queries(warehouse) -> list[tuple[str, bool, object]]:
    """(label, benchmark reader?, QuerySpec) of every query the overview page runs."""
    from data_access.scope import Scope
    from exhibits import build, units
    from exhibits.selection import Filters, Options
    from exhibits.source import WarehouseSource
    from exhibits.view import View
    from metrics.freshness import channel_through
    from metrics.spec import Period

    source = WarehouseSource(warehouse, Scope.everything())
    year = _year(channel_through(warehouse.reader(Scope.everything()), "quick_feedback"))
    dims = source.dimensions()
    options = Options.for_scope(dims.units, dims.services, dims.service_areas, source.scope)
    filters = Filters(period=Period(date(year, 1, 1), date(year, 12, 31)), preset="year", compare="last_year")
    view = View(source, filters, options)
    ranking, city = units.ranking_queries(view)
    labelled = [("tile", False, spec) for spec in build.tile_queries(view, overview_tiles())]
    labelled += [("changes", False, spec) for spec in build.change_queries(view)]
    labelled += [("ranking", False, ranking), ("city", True, city)]
    return [(f"{kind} {_describe(spec)}", benchmark, spec) for kind, benchmark, spec in labelled]


def _describe(spec) -> str:
    parts = [spec.metric]
    if spec.group_by:
        parts.append("by " + "+".join(spec.group_by))
    if spec.grain:
        parts.append(spec.grain)
    if spec.compare:
        parts.append("vs " + spec.compare)
    return " ".join(parts)


def _child(root: Path, engine: str, repeat: int) -> dict:
    from sqlalchemy import func, select

    from data_access.scope import Scope
    from data_access.warehouse import Warehouse
    from metrics.query import run_query

    started = time.perf_counter()
    warehouse = Warehouse(root, engine=engine)
    reader, benchmark = warehouse.reader(Scope.everything()), warehouse.benchmark_reader()
    rows = int(reader.scalar(select(func.count()).select_from(reader.table("quick_feedback"))))
    opened = time.perf_counter() - started
    queries = overview_queries(warehouse)

    def run(query) -> float:
        _, aggregates_only, spec = query
        begun = time.perf_counter()
        run_query(benchmark if aggregates_only else reader, spec)
        return time.perf_counter() - begun

    begun = time.perf_counter()
    for query in queries:
        run(query)
    cold = time.perf_counter() - begun
    per_query: dict[str, list[float]] = {label: [] for label, _, _ in queries}
    totals = []
    for _ in range(repeat):
        begun = time.perf_counter()
        for query in queries:
            per_query[query[0]].append(run(query))
        totals.append(time.perf_counter() - begun)
    begun = time.perf_counter()
    with ThreadPoolExecutor(PREFETCH_WORKERS) as pool:
        list(pool.map(run, queries))
    page = time.perf_counter() - begun
    return {
        "engine": engine,
        "rows": rows,
        "open_s": opened,
        "cold_s": cold,
        "warm_s": statistics.median(totals),
        "page_s": page,
        "queries_ms": {label: 1000 * statistics.median(times) for label, times in per_query.items()},
    }


def _run_child(root: Path, engine: str, repeat: int) -> dict:
    command = [
        sys.executable,
        "-m",
        "benchmarks.engines",
        str(root),
        "--child",
        engine,
        "--repeat",
        str(repeat),
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def _ensure_warehouse(root: Path) -> None:
    if (root / "quick_feedback").is_dir():
        return
    print(f"building the ≈10 M-row demo warehouse in {root} ({' '.join(BUILD)}) …", flush=True)
    subprocess.run([sys.executable, "cli.py", "demo", "--warehouse", str(root), *BUILD], check=True)


def report(results: list[dict]) -> str:
    """The results as a table: one column per engine."""
    names = [result["engine"] for result in results]
    width = max(len(label) for label in results[0]["queries_ms"]) + 2
    lines = [f"{'warm ms per query':<{width}}" + "".join(f"{name:>16}" for name in names)]
    for label in results[0]["queries_ms"]:
        lines.append(f"{label:<{width}}" + "".join(f"{r['queries_ms'][label]:>16.0f}" for r in results))
    lines.append("")
    for key, title in (
        ("open_s", "open s"),
        ("cold_s", "cold s"),
        ("warm_s", "warm s"),
        ("page_s", "page s"),
    ):
        lines.append(f"{title:<{width}}" + "".join(f"{r[key]:>16.2f}" for r in results))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run each engine in its own process and print the comparison."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.engines", description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--engines", default="duckdb,spark:local[2]", help="comma-separated engine settings")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.child:
        print(json.dumps(_child(arguments.warehouse, arguments.child, arguments.repeat)))
        return 0
    _ensure_warehouse(arguments.warehouse)
    results = [
        _run_child(arguments.warehouse, engine, arguments.repeat) for engine in arguments.engines.split(",")
    ]
    print(f"warehouse {arguments.warehouse}: {results[0]['rows']:,} quick-feedback rows")
    print(f"the overview's {len(results[0]['queries_ms'])} queries, last complete year vs the year before\n")
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

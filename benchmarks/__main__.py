"""``python -m benchmarks [WAREHOUSE]``: timings and peak memory of the dashboard's queries.

Scenarios, each in its own fresh process (so "cold" includes opening the engine and
registering the views, and peak memory is that process's VmHWM, which sees DuckDB's
allocations too):

- overview: every KPI of every channel for the last complete year, with last-year comparison;
- drilldown: the busiest unit's monthly happy index beside its service and the city (the
  benchmark reader), its monthly volumes and the hour × weekday grid;
- naive: the same per unit × month × button counts done by ``pandas.read_parquet`` + groupby;
- raw: ``run_query`` against the same aggregation written by hand in DuckDB SQL over the Parquet
  files on a plain connection (the happy index of the year; by unit × month; against last year,
  as plain sums by year and as the like-for-like comparison aggregates it: by side × channel with
  each group's first and last press), each the median of ``--repeat`` warm runs (target:
  run_query within 1.3× of the SQL).

The run_query scenarios run as a query process does (``metrics.workers.as_a_worker``: text as
Python strings), since the served dashboard computes every result in one.

Targets: each single query < 150 ms warm, the whole overview < 1 s cold, memory < 1.5 GB.
The warehouse defaults to var/warehouse-bench, built when missing with ``cli.py demo --scale 2.2
--until 2025-12-31``: ≈10 M quick-feedback rows, DESIGN §7's "one city, ten years" (the calibrated
scale 1 already holds ≈0.5 M rows a year, so ``--scale 10`` is ≈46 M rows; pass its folder to
measure that too).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

DEFAULT = Path("var/warehouse-bench")
BENCH_BUILD = ("--scale", "2.2", "--until", "2025-12-31")
TARGET_QUERY_MS, TARGET_OVERVIEW_COLD_S, TARGET_MEMORY_MB = 150, 1.0, 1536
TARGET_RAW_RATIO = 1.3


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def _reference_year(reader) -> int:
    from metrics.freshness import channel_through

    through = channel_through(reader, "quick_feedback") or date.today()
    return through.year if (through.month, through.day) == (12, 31) else through.year - 1


def _overview(root: Path, repeat: int) -> dict:
    from data_access.scope import Scope
    from data_access.warehouse import Warehouse
    from metrics.catalog import CATALOG
    from metrics.query import run_query
    from metrics.spec import Period, QuerySpec

    started = time.perf_counter()
    reader = Warehouse(root).reader(Scope.everything())
    year = _reference_year(reader)
    period = Period(date(year, 1, 1), date(year, 12, 31))
    specs = [QuerySpec(metric_id, period, compare="last_year") for metric_id in CATALOG]
    for spec in specs:
        run_query(reader, spec)
    cold = time.perf_counter() - started
    per_query = {spec.metric: [] for spec in specs}
    totals = []
    for _ in range(repeat):
        begun = time.perf_counter()
        for spec in specs:
            per_query[spec.metric].append(_timed(lambda spec=spec: run_query(reader, spec)))
        totals.append(time.perf_counter() - begun)
    return {
        "year": year,
        "cold_s": cold,
        "warm_s": statistics.median(totals),
        "queries_ms": {k: 1000 * statistics.median(v) for k, v in per_query.items()},
    }


def _drilldown(root: Path, repeat: int) -> dict:
    from data_access.scope import Scope
    from data_access.warehouse import Warehouse
    from metrics.query import run_query
    from metrics.spec import Period, QuerySpec

    started = time.perf_counter()
    warehouse = Warehouse(root)
    everything = warehouse.reader(Scope.everything())
    year = _reference_year(everything)
    period = Period(date(year, 1, 1), date(year, 12, 31))
    counts = run_query(everything, QuerySpec("response_count", period, group_by=("unit",)))
    unit_row = counts.sort_values("n").iloc[-1]
    unit = warehouse.reader(Scope.of_units([unit_row["unit_id"]]))
    service = unit.units()["service_id"].iloc[0]
    benchmark = warehouse.benchmark_reader()
    queries = {
        "unit monthly happy index": (
            unit,
            QuerySpec("happy_index", period, grain="month", compare="last_year"),
        ),
        "service monthly happy index": (
            benchmark,
            QuerySpec("happy_index", period, grain="month", service=(service,)),
        ),
        "city monthly happy index": (benchmark, QuerySpec("happy_index", period, grain="month")),
        "unit monthly responses": (unit, QuerySpec("response_count", period, grain="month")),
        "unit hour x weekday grid": (
            unit,
            QuerySpec("happy_index", period, grain="hour", group_by=("weekday",)),
        ),
    }
    for reader, spec in queries.values():
        run_query(reader, spec)
    cold = time.perf_counter() - started
    per_query = {name: [] for name in queries}
    for _ in range(repeat):
        for name, (reader, spec) in queries.items():
            per_query[name].append(_timed(lambda reader=reader, spec=spec: run_query(reader, spec)))
    warm = sum(statistics.median(v) for v in per_query.values())
    return {
        "unit": str(unit_row["unit_id"]),
        "cold_s": cold,
        "warm_s": warm,
        "queries_ms": {k: 1000 * statistics.median(v) for k, v in per_query.items()},
    }


def _naive(root: Path, repeat: int) -> dict:
    import pandas as pd

    def run() -> None:
        frame = pd.read_parquet(
            root / "quick_feedback", columns=["ts", "unit_id", "button_index", "misuse", "year"]
        )
        frame = frame[~frame["misuse"]]
        frame.groupby([frame["unit_id"], frame["ts"].dt.to_period("M"), frame["button_index"]]).size()

    cold = _timed(run)
    return {"cold_s": cold, "warm_s": statistics.median(_timed(run) for _ in range(max(1, repeat // 2)))}


_RAW_SCORE = "100.0 * button_index / (CASE scale WHEN 'four' THEN 3 ELSE 4 END)"
_RAW_SQL = """
SELECT {groups} count(*) AS n, sum({score}) AS s, sum(({score}) * ({score})) AS ss{span}
FROM read_parquet(?, hive_partitioning = true)
WHERE year BETWEEN ? AND ? AND ts >= ? AND ts < ? AND misuse IS NOT true AND scale IN ('four', 'five')
{group_by}
"""
_RAW_SPAN = ", min(ts) AS first_ts, max(ts) AS last_ts"
"""Each group's first and last press: what a like-for-like comparison needs of every channel on
both sides (run_query compares only channels that cover both; metrics/comparison.py)."""


def _raw_sql(groups: tuple[str, ...], span: bool = False) -> str:
    """The happy index's sufficient statistics by hand (``groups`` are trusted SQL expressions),
    with each group's first and last press when ``span``."""
    listed = ", ".join(groups)
    return _RAW_SQL.format(
        groups=f"{listed}," if groups else "",
        score=_RAW_SCORE,
        span=_RAW_SPAN if span else "",
        group_by=f"GROUP BY {listed}" if groups else "",
    )


def _raw(root: Path, repeat: int) -> dict:
    """run_query and the same aggregation in raw DuckDB SQL, warm, side by side."""
    from datetime import datetime

    import duckdb

    from data_access.scope import Scope
    from data_access.warehouse import Warehouse
    from metrics.query import run_query
    from metrics.spec import Period, QuerySpec
    reader = Warehouse(root).reader(Scope.everything())
    year = _reference_year(reader)
    period = Period(date(year, 1, 1), date(year, 12, 31))
    files = str(root / "quick_feedback" / "year=*" / "*.parquet")
    connection = duckdb.connect()

    def raw(groups: tuple[str, ...], first_year: int, span: bool = False) -> None:
        start, end = datetime(first_year, 1, 1), datetime(year + 1, 1, 1)
        connection.execute(_raw_sql(groups, span), [files, first_year, year, start, end]).df()

    cases = {
        "happy_index, year": (QuerySpec("happy_index", period), lambda: raw((), year)),
        "happy_index by unit x month": (
            QuerySpec("happy_index", period, group_by=("unit",), grain="month"),
            lambda: raw(("unit_id", "date_trunc('month', ts)"), year),
        ),
        "happy_index vs last year": (
            QuerySpec("happy_index", period, compare="last_year"),
            lambda: raw(("year",), year - 1),
        ),
        "  same, by side × channel, spans": (
            QuerySpec("happy_index", period, compare="last_year"),
            lambda: raw(("year", "channel"), year - 1, span=True),
        ),
    }
    through = {"quick_feedback": date(year, 12, 31)}
    measured = {}
    for name, (spec, sql) in cases.items():
        engine = lambda spec=spec: run_query(reader, spec, through=through)  # noqa: E731
        engine(), sql()
        pairs = [(_timed(engine), _timed(sql)) for _ in range(repeat)]  # interleaved: the same load
        measured[name] = {
            "run_query_ms": 1000 * statistics.median(e for e, _ in pairs),
            "sql_ms": 1000 * statistics.median(s for _, s in pairs),
        }
    return {"year": year, "cases": measured}


def raw_report(result: dict) -> str:
    """The run_query vs raw SQL table."""
    lines = [f"{'run_query vs raw DuckDB SQL':<34} {'run_query':>10} {'raw SQL':>10} {'ratio':>7}"]
    for name, case in result["cases"].items():
        ratio = case["run_query_ms"] / case["sql_ms"]
        flag = "" if ratio <= TARGET_RAW_RATIO else f"  > {TARGET_RAW_RATIO}×"
        lines.append(
            f"{name:<34} {case['run_query_ms']:>8.1f}ms {case['sql_ms']:>8.1f}ms {ratio:>6.2f}×{flag}"
        )
    return "\n".join(lines)


SCENARIOS = {"overview": _overview, "drilldown": _drilldown, "naive": _naive, "raw": _raw}


def _child(scenario: str, root: Path, repeat: int) -> None:
    if scenario != "naive":
        from metrics.workers import as_a_worker

        as_a_worker()  # the served dashboard runs every run_query in a query process
    result = SCENARIOS[scenario](root, repeat)
    result["peak_mb"] = _peak_mb()
    print(json.dumps(result))


def _run_child(scenario: str, root: Path, repeat: int) -> dict:
    command = [sys.executable, "-m", "benchmarks", str(root), "--child", scenario, "--repeat", str(repeat)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def _ensure_warehouse(root: Path) -> None:
    if (root / "quick_feedback").is_dir():
        return
    print(f"building the ≈10 M-row demo warehouse in {root} ({' '.join(BENCH_BUILD)}) …", flush=True)
    subprocess.run([sys.executable, "cli.py", "demo", "--warehouse", str(root), *BENCH_BUILD], check=True)


def _rows(root: Path) -> int:
    from sqlalchemy import func, select

    from data_access.scope import Scope
    from data_access.warehouse import Warehouse

    reader = Warehouse(root).reader(Scope.everything())
    return int(reader.scalar(select(func.count()).select_from(reader.table("quick_feedback"))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", choices=sorted(SCENARIOS), help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.child:
        _child(arguments.child, arguments.warehouse, arguments.repeat)
        return 0
    _ensure_warehouse(arguments.warehouse)
    results = {name: _run_child(name, arguments.warehouse, arguments.repeat) for name in SCENARIOS}
    overview, drilldown, naive = results["overview"], results["drilldown"], results["naive"]
    raw = results.pop("raw")
    print(f"warehouse {arguments.warehouse}: {_rows(arguments.warehouse):,} quick-feedback rows")
    print(f"overview year {overview['year']}, drill-down unit {drilldown['unit']}\n")
    print(f"{'query':<34} {'warm ms':>9}")
    for scenario in ("overview", "drilldown"):
        for name, ms in results[scenario]["queries_ms"].items():
            flag = "" if ms < TARGET_QUERY_MS else "  > target"
            print(f"{scenario[:5] + ': ' + name:<34} {ms:>9.1f}{flag}")
    print(f"\n{'scenario':<34} {'cold s':>9} {'warm s':>9} {'peak MB':>9}")
    for name, result in results.items():
        print(f"{name:<34} {result['cold_s']:>9.3f} {result['warm_s']:>9.3f} {result['peak_mb']:>9.0f}")
    slowest = max(ms for s in ("overview", "drilldown") for ms in results[s]["queries_ms"].values())
    ratio = naive["warm_s"] / (max(results["overview"]["queries_ms"]["happy_index"], 1e-9) / 1000)
    print(
        f"\nslowest warm query {slowest:.0f} ms (target < {TARGET_QUERY_MS}); overview cold "
        f"{overview['cold_s']:.2f} s (target < {TARGET_OVERVIEW_COLD_S}); peak memory "
        f"{max(overview['peak_mb'], drilldown['peak_mb']):.0f} MB (target < {TARGET_MEMORY_MB})"
    )
    print(
        f"naive pandas read + groupby {naive['warm_s']:.2f} s and {naive['peak_mb']:.0f} MB vs the engine's "
        f"happy_index query: {ratio:.0f}× faster, {naive['peak_mb'] / overview['peak_mb']:.1f}× less memory"
    )
    print(f"\n{raw_report(raw)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

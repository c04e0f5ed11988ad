"""Metrics: the executable catalog of KPI definitions, its one aggregation and honest statistics.

Importable from the CLI, notebooks and tests: no Streamlit, no Plotly, no secrets.

Public API (the rest are internals of these):

- ``metrics.spec``: ``QuerySpec``, ``Period`` — what to compute;
- ``metrics.catalog``: ``CATALOG`` (id → ``MetricDef``, each metric declared once: source, measure,
  conditions, dimensions, unit, texts), ``DIMENSIONS``, ``CHANNELS``, ``metric_def``;
- ``metrics.sources``: one ``SourceDef`` per fact table; ``metrics.measures``: ``Mean``, ``Share``,
  ``Nps``, ``Count``, ``Rate`` — what a catalog entry is made of;
- ``metrics.query``: ``run_query(reader, spec)`` → tidy DataFrame, ``result_columns(spec)``;
- ``metrics.aggregate``: ``statements(reader, metric, spec, period)``, the SQL a metric runs;
- ``metrics.freshness``: ``data_through(reader)`` → channel → last date with data;
- ``metrics.workers``: ``QueryProcesses`` — ``run_query`` in worker processes, one per core;
- ``metrics.ranking``: ``rank_units(frame)`` shrunken best/worst lists;
- ``metrics.statistics``: ``benjamini_hochberg``, ``wilson``, ``welch_p`` and the other tests;
- ``metrics.workdays``: ``working_days_between``, ``TARGET_WORKING_DAYS``.
"""

"""Metrics: the catalog of KPI definitions, query builders and honest statistics.

Importable from the CLI, notebooks and tests: no Streamlit, no Plotly, no secrets.

Public API (the rest are internals of these):

- ``metrics.spec``: ``QuerySpec``, ``Period`` — what to compute;
- ``metrics.catalog``: ``CATALOG`` (id → ``MetricDef``), ``DIMENSIONS``, ``CHANNELS``, ``metric_def``;
- ``metrics.query``: ``run_query(reader, spec)`` → tidy DataFrame, ``result_columns(spec)``;
- ``metrics.freshness``: ``data_through(reader)`` → channel → last date with data;
- ``metrics.ranking``: ``rank_units(frame)`` shrunken best/worst lists;
- ``metrics.statistics``: ``benjamini_hochberg``, ``wilson``, ``welch_p`` and the other tests;
- ``metrics.workdays``: ``working_days_between``, ``TARGET_WORKING_DAYS``.
"""

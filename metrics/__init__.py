"""Metrics: the catalog of KPI definitions, query builders and honest statistics.

Importable from the CLI, notebooks and tests: no Streamlit, no Plotly, no secrets.
"""

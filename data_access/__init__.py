"""Data access: the warehouse schema, storage, scoped reading, ingest and demo data.

No Streamlit and no metric logic here; importable from the CLI, notebooks and tests.
"""

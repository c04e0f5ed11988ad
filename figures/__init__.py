"""Plotly chart builders and value formatting shared by the dashboard and the reports (no Streamlit)."""

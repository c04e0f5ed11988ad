"""The Streamlit glue: auth, filters and URL state, the cached query facade, charts, i18n."""

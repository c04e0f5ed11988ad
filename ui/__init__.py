"""The Streamlit glue: auth, filters and URL state, the cached query facade, charts, i18n.

Importing the package switches off Streamlit's ``pages/`` directory mode (see
:func:`ui.navigation.leave_pages_directory_mode`): every page is opened through ``app.py``.
"""

from ui.navigation import leave_pages_directory_mode

leave_pages_directory_mode()

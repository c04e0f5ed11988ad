"""Tietojen tuonti: upload source exports, check them, import them, and the import history."""

from ui import import_admin, views

views.header("import")
import_admin.render()

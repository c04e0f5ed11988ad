"""Menetelmät: every metric's definition, formula and suppression rule, from the catalog."""

from ui import views

views.header("methods")
views.methods()

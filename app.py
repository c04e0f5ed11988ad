"""Johdon työpöytä: the frame — language, login, sidebar filters and the pages of the user's role.

Run with ``streamlit run app.py``. Nothing but the language choice and the login form is shown
before login.
"""

import streamlit as st

from ui import auth, context, filters, i18n, navigation, presentation

st.set_page_config(page_title="Johdon työpöytä", page_icon=":material/monitoring:", layout="wide")
language = i18n.language_selector()

try:
    settings = auth.settings_from_environment()
    credentials = auth.load_credentials(settings)
except auth.AuthConfigError as error:
    st.error(i18n.t("auth.config_error", reason=str(error)))
    st.stop()

user = auth.login(settings, credentials)
if user is None:
    st.stop()

st.sidebar.caption(i18n.t("login.signed_in_as", name=user.name, role=i18n.t(f"role.{user.role}")))
auth.logout_button()
scope, options = context.scope_and_options(user)
anchor = context.anchor_date(scope)
chosen = filters.sidebar(options, anchor)
presentation.start(user.role)
filters.sync_url(chosen, language, presentation.url_params())
context.publish(context.Context(user=user, scope=scope, filters=chosen, options=options, anchor=anchor))
st.navigation(navigation.pages_for(user.role)).run()

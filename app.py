"""Johdon työpöytä: the frame — language, sign-in, sidebar filters and the pages of the user's role.

Run with ``make run`` or ``python -m ui.serve`` (``streamlit run app.py`` with the pages' machinery
loaded before the server listens; plain ``streamlit run app.py`` works too). Who is signed in is
decided first, from the session or the cookie; an anonymous session gets a navigation of the
sign-in view alone (no page is registered, listed or run), at whatever page address it came to, so
after signing in that page opens with its parameters. The sign-in form loads only what it needs;
this frame imports the pages' own UI modules once someone has signed in.
"""

import streamlit as st

from ui import auth, context, i18n, navigation

st.set_page_config(page_title="Johdon työpöytä", page_icon="📊", layout="wide")
language = i18n.language_selector()

try:
    settings = auth.settings_from_environment()
    credentials = auth.load_credentials(settings)
except auth.AuthConfigError as error:
    st.error(i18n.t("auth.config_error", reason=str(error)))
    st.stop()

sign_in = auth.SignIn(settings, credentials)
user = sign_in.user()
sign_in.send_cookie()  # the standing order: write the sign-in cookie, or delete it after a logout
if user is None:
    sign_in.form()
    context.withdraw()
    st.navigation(navigation.sign_in_views(), position="hidden").run()
    st.stop()

from ui import filters, presentation  # noqa: E402  (the pages' machinery: only once signed in)

st.sidebar.caption(i18n.t("login.signed_in_as", name=user.name, role=i18n.t(f"role.{user.role}")))
auth.logout_button()
scope, options = context.scope_and_options(user)
anchor = context.anchor_date(scope)
chosen = filters.sidebar(options, anchor)
presentation.start(user.role)
filters.sync_url(chosen, language, presentation.url_params())
context.publish(context.Context(user=user, scope=scope, filters=chosen, options=options, anchor=anchor))
st.navigation(navigation.pages_for(user.role)).run()

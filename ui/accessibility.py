"""What the screen needs for WCAG 2.1 AA beyond Streamlit's own means, on every page and before
sign-in: the page's ``<html lang>`` follows the UI language, Streamlit's English texts (the skip
link, the file upload's "200MB per file" and button) are written in the UI language, every
Plotly chart's SVG is an image with an accessible name (its ``layout.meta.label``, see
:func:`figures.charts.for_screen`), Material icon ligatures are hidden from screen readers, and
captions and tables are readable (contrast ≥ 4.5:1; a table wider than its box, as on a phone,
scrolls sideways and can be reached and scrolled by keyboard). It also has the browser fetch the
chart library early (:mod:`ui.preload`).

The script is one constant text (its SHA-256 can go into a Content-Security-Policy, see
:func:`script_hashes`); what changes with the language travels in the data attributes of a
hidden element, which the script reads again whenever Streamlit redraws the page.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

import streamlit as st

from texts import current_language, t
from ui import preload

CONTAINER_KEY = "johdon_a11y"
COOKIE_CONTAINER_KEY = "johdon_cookie"
"""The hidden container of the sign-in cookie order (:func:`ui.auth.cookie_element`) the page
script carries out."""
PAGE_SCRIPT = """
(() => {
  const settings = () => {
    const found = document.querySelectorAll("[data-johdon-a11y]");
    return found.length ? found[found.length - 1].dataset : null;
  };
  const translate = (element, english, text) => {
    if (element.dataset.johdonOriginal === undefined) {
      if (!english.test(element.textContent)) return;
      element.dataset.johdonOriginal = element.textContent;
    }
    const wanted = text(element.dataset.johdonOriginal);
    if (element.textContent !== wanted) element.textContent = wanted;
  };
  const writeCookie = () => {
    const order = document.querySelector("[data-johdon-cookie]");
    if (!order) return;
    const { cookieName: name, cookieValue: value, cookieExpires: expires } = order.dataset;
    const held = document.cookie.split("; ").find((pair) => pair.startsWith(name + "="));
    const current = held === undefined ? null : held.slice(name.length + 1);
    if (value ? current === value : current === null) return;
    const until = new Date(Number(expires) * 1000).toUTCString();
    const secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = `${name}=${value}; expires=${until}; path=/; SameSite=Strict${secure}`;
  };
  const apply = () => {
    writeCookie();
    const c = settings();
    if (!c) return;
    if (c.chartModule && !window.johdonCharts) {
      window.johdonCharts = import(c.chartModule).catch(() => null);
    }
    if (document.documentElement.lang !== c.lang) document.documentElement.lang = c.lang;
    document.querySelectorAll('[data-testid="stSkipToContent"]').forEach((link) =>
      translate(link, /skip/i, () => c.skip));
    document.querySelectorAll('[data-testid="stFileUploaderDropzoneInstructions"] span').forEach((span) =>
      translate(span, /MB per file/, (original) => {
        const match = /(\\d+)\\s*MB per file(.*)/.exec(original);
        return match ? c.uploadLimit.replace("{size}", match[1]) + match[2] : original;
      }));
    document.querySelectorAll('[data-testid="stFileUploaderDropzone"] button p').forEach((text) =>
      translate(text, /^(Upload|Browse files)$/, () => c.uploadButton));
    document.querySelectorAll('[data-testid="stFileUploaderDropzoneInput"]').forEach((input) => {
      if (input.getAttribute("aria-label") !== c.uploadInput) input.setAttribute("aria-label", c.uploadInput);
    });
    document.querySelectorAll('[data-testid="stIconMaterial"]:not([aria-hidden])').forEach((icon) =>
      icon.setAttribute("aria-hidden", "true"));
    document.querySelectorAll('[data-testid="stTable"] > div').forEach((box) => {
      const scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      const table = box.querySelector("table");
      if (scrolls && box.getAttribute("tabindex") !== "0") {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", (table && table.getAttribute("aria-label")) || c.table);
      } else if (!scrolls && box.hasAttribute("tabindex")) {
        ["tabindex", "role", "aria-label"].forEach((name) => box.removeAttribute(name));
      }
    });
    document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot').forEach((plot) => {
      const label = plot.layout && plot.layout.meta && plot.layout.meta.label;
      plot.querySelectorAll("svg.main-svg").forEach((svg, index) => {
        if (index === 0 && label) {
          if (svg.getAttribute("aria-label") !== label) svg.setAttribute("aria-label", label);
          if (svg.getAttribute("role") !== "img") svg.setAttribute("role", "img");
        } else if (index > 0 && svg.getAttribute("aria-hidden") !== "true") {
          svg.setAttribute("aria-hidden", "true");
        }
      });
    });
  };
  let queued = false;
  const schedule = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; apply(); });
  };
  if (!window.johdonA11y) {
    window.johdonA11y = new MutationObserver(schedule);
    window.johdonA11y.observe(document.body, { childList: true, subtree: true });
    window.addEventListener("resize", schedule);
  }
  schedule();
})();
"""
"""The page script (constant: the changing texts are in the settings element). It also carries out
the sign-in cookie order of :func:`ui.auth.cookie_element`."""
HIDDEN = ",\n".join(
    f'.st-key-{key}, [data-testid="stLayoutWrapper"]:has(> .st-key-{key})'
    for key in (CONTAINER_KEY, COOKIE_CONTAINER_KEY)
)
STYLE = f"""
<style>
{HIDDEN} {{ display: none; }}
[data-testid="stCaptionContainer"] {{ opacity: 1; }}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {{ color: #555555; }}
[data-testid="stSidebar"] [data-testid="stCaptionContainer"] p {{ color: #4d4d4d; }}
@media (max-width: 640px) {{
  [data-testid="stTable"] th, [data-testid="stTable"] td {{ min-width: 6.5rem; }}
}}
</style>
"""
"""Contrast of the greys Streamlit gives captions (faded to 4.46:1 on the sidebar): 7:1 and more.
On a phone a table keeps readable columns and scrolls sideways in its own box (which the page
script makes reachable by keyboard) instead of crushing them."""


def settings_element(language: str) -> str:
    """The hidden element carrying the texts of ``language`` for the page script."""
    values = {
        "lang": language,
        "skip": t("a11y.skip", language),
        "upload-limit": t("a11y.upload_limit", language, size="{size}"),
        "upload-button": t("a11y.upload_button", language),
        "upload-input": t("a11y.upload_input", language),
        "table": t("a11y.table", language),
        "chart-module": preload.chart_module() or "",
    }
    attributes = " ".join(f'data-{name}="{escape(value, quote=True)}"' for name, value in values.items())
    return f"<div data-johdon-a11y {attributes}></div>"


def install() -> None:
    """Draw the settings, the style and the page script (hidden) at the top of the page."""
    with st.container(key=CONTAINER_KEY):
        st.html(
            STYLE + settings_element(current_language()) + f"<script>{PAGE_SCRIPT}</script>",
            unsafe_allow_javascript=True,
        )


def script_hashes(*scripts: str) -> list[str]:
    """CSP source expressions (``'sha256-…'``) of the page's inline scripts (``PAGE_SCRIPT`` and
    the presentation's keys), for a Content-Security-Policy without ``'unsafe-inline'``."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in (PAGE_SCRIPT, *scripts)
    ]

"""The themes view: what customers write about, by period and organisation, with masked examples.

Every exhibit here is private (record-derived, open text behind it): shown only on the signed-in
director's or unit manager's own screen, never presented or exported. Counts follow the open-data
rule for small numbers (counts 1–4 hidden, with complementary suppression), so a theme mentioned
by one or two customers of a small unit cannot point at them; example comments are shown only for
a theme with at least the minimum n in the view.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

import texts
from data_access.themes.lexicon import load_lexicon
from exhibits import build, notes
from exhibits.memo import remembered
from exhibits.model import Exhibit
from exhibits.view import View, metric
from figures import charts
from figures.tables import cell_text, empty_reason, format_value, unit_title
from metrics.spec import QuerySpec
from texts import t

METRIC = "theme_count"
DEFAULT_COMPARISON = "last_year"


def theme_ids() -> tuple[str, ...]:
    """The themes of the reviewed lexicon, in its order (the drill's choices)."""
    return load_lexicon().ids


def _spec(view: View, **changes) -> QuerySpec:
    compare = view.filters.compare or DEFAULT_COMPARISON
    return view.spec(METRIC, **({"compare": compare, "public": True} | changes))


@remembered
def themes_by_period(view: View, key: str = "themes") -> Exhibit:
    """Theme mentions in the period against the comparison period, with the change as classified."""
    definition = metric(METRIC)
    spec = _spec(view, group_by=("theme",))
    frame = view.run(spec)
    title = t("themes.by_theme")
    reason = empty_reason(frame)
    if reason:
        return replace(
            build.empty_exhibit(view, key, title, reason, definition, build.true_n(frame)), private=True
        )
    min_n = view.threshold(spec)
    frame["label"] = view.labels(frame, "theme")
    frame = build.sorted_by_value(frame, "label")
    figure = charts.bar_chart(
        frame,
        "label",
        title,
        horizontal=True,
        min_n=min_n,
        value_text=lambda v: format_value(v, definition),
        value_title=unit_title(definition),
    )
    table = pd.DataFrame(
        {
            t("dim.theme"): frame["label"].to_numpy(),
            t("themes.mentions"): [
                cell_text(v, m, definition, min_n) for v, m in zip(frame["value"], frame["mark"], strict=True)
            ],
            t("themes.mentions_cmp"): [
                cell_text(v, m, definition, min_n)
                for v, m in zip(frame["value_cmp"], frame["mark_cmp"], strict=True)
            ],
            t("themes.change"): [
                notes.change_text(c, r, definition, min_n)
                for c, r in zip(frame["change"], frame["not_assessed"], strict=True)
            ],
        }
    )
    remarks = view.comparison_notes(frame, definition)
    exhibit = build.chart_exhibit(view, key, title, definition, frame, figure, table, min_n, remarks)
    return replace(exhibit, private=True, intro=t("themes.by_theme_intro"))


@remembered
def themes_by_organisation(view: View, level: str, key: str = "themes_org") -> Exhibit:
    """Theme mentions by service or unit (rows) within the scope, small counts hidden."""
    title = t("themes.by_org", level=t(f"dim.{level}").lower())
    exhibit = build.crosstab(view, METRIC, level, "theme", key, title, public=True)
    return replace(exhibit, private=True)


@remembered
def themes_by_sentiment(view: View, key: str = "themes_sentiment") -> Exhibit:
    """Theme mentions by the record's own sentiment label (never guessed from the words)."""
    title = t("themes.by_sentiment")
    exhibit = build.crosstab(view, METRIC, "theme", "sentiment", key, title, public=True)
    return replace(exhibit, private=True, intro=t("themes.sentiment_intro"))


@remembered
def theme_drill(view: View, theme: str, key: str = "theme_drill") -> list[Exhibit]:
    """A theme's matched words and its newest masked comments within the viewer's scope."""
    definition = metric(METRIC)
    label = texts.label("theme", theme)
    f = view.filters
    spec = _spec(view, compare=None, extra=(("theme", theme),))
    total = view.run(spec)
    n = build.true_n(total)
    min_n = max(view.threshold(spec), definition.min_n)
    words_title = t("themes.words", theme=label)
    examples_title = t("themes.examples", theme=label)
    if not n or n < min_n:
        reason = "no_data" if not n else "suppressed"
        return [
            replace(
                build.empty_exhibit(view, f"{key}_words", words_title, reason, definition, n), private=True
            ),
            replace(
                build.empty_exhibit(view, f"{key}_examples", examples_title, reason, definition, n),
                private=True,
            ),
        ]
    words, examples = view.source.theme_drill(
        f.period, theme, (f.unit,) if f.unit else (), (f.service,) if f.service else ()
    )
    words = words.loc[words["n"] >= min_n]
    word_table = pd.DataFrame(
        {
            t("themes.word"): words["word"].to_numpy(),
            t("themes.texts"): [texts.number(v, 0) for v in words["n"]],
        }
    )
    caption = view.caption(definition, n)
    shown = [
        Exhibit(
            key=f"{key}_words",
            title=words_title,
            table=word_table,
            caption=caption,
            n=n,
            notes=build.notes_of(word_table),
            intro=t("themes.words_intro"),
            private=True,
        )
    ]
    if examples.empty:
        shown.append(
            replace(
                build.empty_exhibit(view, f"{key}_examples", examples_title, "no_data", definition),
                private=True,
            )
        )
        return shown
    units = view.options.names("unit")
    example_table = pd.DataFrame(
        {
            t("exhibit.received_on"): [texts.day(pd.Timestamp(v).date()) for v in examples["received_on"]],
            t("dim.unit"): [
                units.get(u, t("themes.no_unit")) if u else t("themes.no_unit") for u in examples["unit_id"]
            ],
            t("dim.sentiment"): [texts.label("sentiment", v) for v in examples["sentiment"]],
            t("themes.word"): examples["words"].to_numpy(),
            t("exhibit.text"): examples["text"].fillna("").to_numpy(),
        }
    )
    shown.append(
        Exhibit(
            key=f"{key}_examples",
            title=examples_title,
            table=example_table,
            caption=caption,
            n=len(examples),
            notes=(),
            intro=t("themes.examples_intro", count=texts.number(len(examples), 0)),
            private=True,
        )
    )
    return shown

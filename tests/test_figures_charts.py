"""Chart builders: chronological axes whatever series a period lacks, 100 % stacked distributions."""

from __future__ import annotations

import pandas as pd

import texts
from figures import charts


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": ["tammi", "helmi", "maalis", "tammi", "maalis"],
            "series": ["kiitos", "moite", "moite", "idea", "idea"],
            "value": [1.0, 2.0, 3.0, 4.0, 5.0],
            "n": [1, 2, 3, 4, 5],
            "suppressed": [False] * 5,
            "partial": [False] * 5,
        }
    )


def test_line_chart_keeps_the_frames_period_order():
    figure = charts.line_chart(_frame(), "label", "series", "Palautteet")
    assert list(figure.layout.xaxis.categoryarray) == ["tammi", "helmi", "maalis"]
    assert figure.layout.xaxis.type == "category"


def test_distribution_bars_are_normalised_to_100_percent():
    figure = charts.stacked_shares(_frame(), "label", "series", "Vastausjakauma")
    assert figure.layout.barmode == "stack" and figure.layout.barnorm == "percent"
    assert [trace.name for trace in figure.data] == ["kiitos", "moite", "idea"]
    assert list(figure.layout.xaxis.categoryarray) == ["tammi", "helmi", "maalis"]


def test_line_series_styles_stay_distinct_for_24_series():
    count = 24
    frame = pd.DataFrame(
        {
            "label": ["tammi"] * count,
            "series": [f"palvelu {i}" for i in range(count)],
            "value": [float(i) for i in range(count)],
            "n": [10] * count,
            "suppressed": [False] * count,
            "partial": [False] * count,
        }
    )
    figure = charts.line_chart(frame, "label", "series", "Pikapalaute")
    styles = [(trace.line.color, trace.line.dash, trace.marker.symbol) for trace in figure.data]
    assert len(styles) == count
    assert len({(colour, dash) for colour, dash, _ in styles}) == count
    assert len({(colour, symbol) for colour, _, symbol in styles}) == count
    # Series 8 (Perhekeskukset after Hammashoitolat) no longer copies series 0's look.
    assert styles[8][0] == styles[0][0] and styles[8][1:] != styles[0][1:]


def test_a_heatmap_cell_hidden_with_its_count_is_blank_and_says_why():
    frame = pd.DataFrame(
        {
            "weekday": [0, 0, 1],
            "hour": [8, 9, 8],
            "value": [80.0, None, None],
            "n": [40, None, 3],
            "suppressed": [False, True, True],
            "mark": [None, "protected", "small"],
        }
    )
    with texts.use_language("fi"):
        figure = charts.heatmap(frame, "Happy-indeksi")
    (grid,) = figure.data
    assert grid.z[0][8] == 80.0 and grid.z[0][9] is None and grid.z[1][8] is None
    assert (grid.text[0][9], grid.customdata[0][9]) == ("suojattu", "suojattu")
    assert (grid.text[1][8], grid.customdata[1][8]) == ("n < 5", "3")


def test_a_hidden_bar_is_not_drawn_and_its_label_says_why():
    frame = pd.DataFrame(
        {
            "label": ["Kallio", "Malmi"],
            "value": [72.0, None],
            "n": [40, None],
            "suppressed": [False, True],
            "mark": [None, "protected"],
        }
    )
    with texts.use_language("fi"):
        figure = charts.bar_chart(frame, "label", "Happy-indeksi", horizontal=True)
    (bars,) = figure.data
    assert bars.x[0] == 72.0 and pd.isna(bars.x[1])
    assert list(figure.layout.yaxis.ticktext) == ["Kallio", "Malmi (suojattu)"]
    assert [row[0] for row in bars.customdata] == ["40", "suojattu"]


def test_charts_carry_their_own_template_whatever_plotly_s_default(monkeypatch):
    """The app (Streamlit registers its template as Plotly's default) and the command-line reports
    (Plotly's own default) draw the same figure, with no defaults for plot types it has not."""
    import plotly.io as pio
    import streamlit  # noqa: F401  (registers the "streamlit" template)

    drawn = {}
    for default in ("plotly", "streamlit"):
        monkeypatch.setattr(pio.templates, "default", default)
        figure = charts.for_screen(charts.line_chart(_frame(), "label", "series", "Palautteet"), "Palautteet")
        drawn[default] = figure.to_json()
    assert drawn["plotly"] == drawn["streamlit"]
    template = charts.line_chart(_frame(), "label", "series", "P").to_plotly_json()["layout"]["template"]
    assert set(template["layout"]) == {"colorway"} and set(template["data"]) == {"scatter"}

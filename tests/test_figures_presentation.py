"""``for_presentation``: values written on the figure (nothing behind a hover), apart where they
would overprint each other, shares on 100 % stacks, black type whatever the dashboard's theme,
and the screen's figure left as it was."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

import texts
from figures.charts import for_presentation


def _lines(ends: dict[str, float]) -> go.Figure:
    figure = go.Figure(layout={"title": {"text": "Happy-indeksi"}})
    for name, end in ends.items():
        figure.add_trace(go.Scatter(x=["tammi", "helmi"], y=[50.0, end], name=name, mode="lines+markers"))
    return figure


def _end_labels(figure: go.Figure) -> dict[str, float]:
    """Each value written at a line's end and the height it is written at."""
    return {trace.text[-1]: trace.y[-1] for trace in figure.data if trace.text is not None and trace.text[-1]}


def test_crowded_line_ends_are_written_apart_and_the_others_in_place():
    with texts.use_language("fi"):
        shown = for_presentation(_lines({"A": 90.0, "B": 90.2, "C": 60.0}), height=620, font=20)
    labels = _end_labels(shown)
    assert sorted(labels) == ["60,0", "90,0", "90,2"]  # one decimal for all: 90.2 has one
    assert labels["60,0"] == 60.0 and shown.data[2].text[-1] == "60,0"  # room enough: on its own line
    low, high = labels["90,0"], labels["90,2"]
    assert low < 90.0 < 90.2 < high and (low + high) / 2 == pytest.approx(90.1)  # order kept, centred
    # The y axis spans 50…90.2 on a plot about 55 % of 620 px: the labels stand a 25 px line apart.
    assert (high - low) * 0.55 * 620 / 40.2 >= 20 * 1.25
    moved = [trace for trace in shown.data if trace.name not in ("A", "B", "C")]
    assert len(moved) == 2 and not any(trace.showlegend for trace in moved)
    assert shown.data[0].text[-1] == "" and shown.data[1].text[-1] == ""


def test_a_lone_line_keeps_its_value_at_its_end():
    with texts.use_language("en"):
        shown = for_presentation(_lines({"A": 71.5}))
    assert list(shown.data[0].text) == ["", "71.5"] and len(shown.data) == 1


def test_stacked_shares_are_written_as_percentages_of_their_bar():
    figure = go.Figure(
        [
            go.Bar(x=["a", "b"], y=[30, 10], name="myönteinen"),
            go.Bar(x=["a", "b"], y=[10, 30], name="kielteinen"),
        ],
        layout={"barmode": "stack", "barnorm": "percent"},
    )
    with texts.use_language("fi"):
        shown = for_presentation(figure)
    assert list(shown.data[0].text) == ["75\u00a0%", "25\u00a0%"]
    assert list(shown.data[1].text) == ["25\u00a0%", "75\u00a0%"]
    assert shown.data[0].textposition == "inside" and shown.layout.uniformtext.mode == "hide"


def test_bars_get_their_values_and_room_for_them_and_a_suppressed_bar_keeps_its_label():
    figure = go.Figure(go.Bar(x=["Kallio", "Malmi"], y=[200, 0], text=["", "n < 5"]))
    with texts.use_language("fi"):
        shown = for_presentation(figure)
    assert list(shown.data[0].text) == ["200", "n < 5"]
    assert shown.data[0].textposition == "outside" and shown.data[0].cliponaxis is False
    assert list(shown.layout.yaxis.range) == pytest.approx([0, 236])  # 18 % above the tallest bar


def test_type_is_black_whatever_the_theme_and_the_title_can_be_left_out():
    figure = _lines({"A": 80.0})
    with texts.use_language("fi"):
        shown, untitled = for_presentation(figure), for_presentation(figure, title=False)
    for colour in (
        shown.layout.font.color,
        shown.layout.xaxis.tickfont.color,
        shown.layout.yaxis.tickfont.color,
        shown.layout.legend.font.color,
        shown.layout.title.font.color,
        shown.data[0].textfont.color,
    ):
        assert colour == "#000000"
    assert shown.layout.title.text == "Happy-indeksi" and untitled.layout.title.text == ""
    assert figure.data[0].text is None and figure.layout.font.size is None  # the screen's copy as it was


def test_crowded_ends_on_an_axis_from_0_are_spaced_for_that_axis_and_stay_inside_it():
    figure = _lines({name: 90.0 + i / 10 for i, name in enumerate("ABCDEFGHI")})
    figure.update_yaxes(rangemode="tozero")
    with texts.use_language("fi"):
        shown = for_presentation(figure, height=620, font=20)
    heights = sorted(_end_labels(shown).values())
    assert len(heights) == 9
    # 0…90.8 on a plot about 55 % of 620 px: a 25 px line is 90.8 × 1.1 × 25 / 341 = 7.3 units
    gap = 90.8 * 1.1 * 20 * 1.25 / (0.55 * 620)
    assert all(b - a >= gap - 1e-9 for a, b in zip(heights, heights[1:], strict=False))
    assert heights[-1] <= 90.8 * 1.05 + 1e-9  # the top label stays inside the plot

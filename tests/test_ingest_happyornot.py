"""HappyOrNot Customer API v2 as the vendor's OpenAPI schema shapes it: top-level arrays, integer ids,
``ui`` physical/touchless/digital/link/email/qr, and the surveys and point tree kept in the warehouse."""

from __future__ import annotations

import csv
import io
import json

import pytest
from ingest_support import FIXTURES, errors_of, table

from data_access.ingest.pipeline import Options, import_file

SURVEYS = FIXTURES / "happyornot_v2_surveys.json"
POINTS = FIXTURES / "happyornot_v2_points.json"
FEEDBACK = FIXTURES / "happyornot_v2_feedback.json"
V2 = Options(metadata=(SURVEYS, POINTS))

EXPECTED = {
    # feedbackId suffix: unit, survey, scale, stored button, channel, misuse
    1: ("U001", "77", "four", 3, "terminal", False),
    2: ("U001", "77", "four", 0, "terminal", True),
    3: ("U001", "77", "four", 2, "terminal", False),  # touchless terminal
    4: ("U001", "77", "four", 1, "digital", False),
    5: ("U001", "77", "four", 3, "link", False),
    6: ("U001", "77", "four", 2, "email", False),
    7: ("U001", "77", "four", 0, "qr", False),
    8: ("U002", "78", "five", 4, "digital", False),  # five_reversed 0 = most positive → 4
    9: ("U002", "78", "five", 0, "digital", False),
    10: ("U002", "78", "five", 3, "link", False),
    11: ("U003", "79", "nps", 10, "qr", False),
    12: ("U003", "79", "nps", 6, "email", False),
}


def _id(n: int) -> str:
    return f"6f1c0a52-0000-4000-8000-{n:012d}"


def _stored(root) -> dict[int, tuple]:
    rows = table(root, "quick_feedback").set_index("feedback_id")
    columns = ["unit_id", "question_id", "scale", "button_index", "channel", "misuse"]
    return {
        int(fid[-12:]): tuple(v.item() if hasattr(v, "item") else v for v in rows.loc[fid, columns])
        for fid in rows.index
    }


@pytest.fixture
def v2(warehouse):
    """The organised warehouse with the unit map of the v2 experience points (groups 5000, 5100, 5200)."""
    result = import_file(warehouse, "unit-map", FIXTURES / "happyornot_v2_unit_map.csv")
    assert result.status == "ok", result.errors
    return warehouse


def test_top_level_arrays_of_surveys_and_points_are_read_as_such(v2):
    result = import_file(v2, "happyornot", FEEDBACK, options=V2)
    assert (result.status, result.rows_in, result.rows_rejected, result.errors) == ("ok", 12, 0, [])
    assert _stored(v2) == EXPECTED
    surveys = table(v2, "happyornot_survey").set_index("survey_id")
    assert surveys.loc[["77", "78", "79"], ["feedback_scale", "index_type", "name"]].values.tolist() == [
        ["four", "HAPPY", "Miten onnistuimme tänään?"],
        ["five_reversed", "HAPPY", "Miten kotihoidon käynti onnistui?"],
        ["nps", "NPS_OFFICIAL", "Kuinka todennäköisesti suosittelisit meitä?"],
    ]
    points = table(v2, "happyornot_point").set_index("point_id")
    points = points.astype(object).where(points.notna(), None)
    assert points.loc[["5000", "5001", "5101", "5200"], ["parent_id", "point_type"]].values.tolist() == [
        [None, "GROUP"],
        ["5000", "EXPERIENCE-POINT"],
        ["5100", "EXPERIENCE-POINT"],
        [None, "EXPERIENCE-POINT"],
    ]


@pytest.mark.parametrize("key", ["feedbacks", "data"])
def test_wrapped_documents_read_the_same(v2, tmp_path, key):
    wrapped = {}
    for path, wrapper in ((SURVEYS, "surveys"), (POINTS, "experiencePoints"), (FEEDBACK, key)):
        target = tmp_path / path.name
        target.write_text(
            json.dumps({wrapper: json.loads(path.read_text(encoding="utf-8"))}), encoding="utf-8"
        )
        wrapped[wrapper] = target
    options = Options(metadata=(wrapped["experiencePoints"], wrapped["surveys"]))
    result = import_file(v2, "happyornot", wrapped[key], options=options)
    assert (result.status, result.rows_rejected) == ("ok", 0)
    assert _stored(v2) == EXPECTED


def test_the_api_csv_layout_reads_the_same(v2, tmp_path):
    records = json.loads(FEEDBACK.read_text(encoding="utf-8"))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]))
    writer.writeheader()
    writer.writerows({k: str(v).lower() if isinstance(v, bool) else v for k, v in r.items()} for r in records)
    feedback = tmp_path / "button-feedbacks.csv"
    feedback.write_text(out.getvalue(), encoding="utf-8")
    surveys = tmp_path / "surveys.csv"
    surveys.write_text(
        "surveyId,questionId,defaultLocale,questionTextInDefaultLocale,surveyType,feedbackScale,indexType,state\n"
        "77,901,fi_FI,Miten onnistuimme?,CUSTOMER,four,HAPPY,active\n"
        "78,902,fi_FI,Kotihoito,CUSTOMER,five_reversed,HAPPY,active\n"
        "79,903,fi_FI,Suosittelisitko?,CUSTOMER,nps,NPS_OFFICIAL,ended\n",
        encoding="utf-8",
    )
    result = import_file(v2, "happyornot", feedback, options=Options(metadata=(surveys, POINTS)))
    assert (result.status, result.rows_rejected) == ("ok", 0)
    assert _stored(v2) == EXPECTED


def test_a_later_import_needs_only_the_feedback_file(v2):
    first = import_file(v2, "happyornot-metadata", SURVEYS)
    assert (first.status, first.rows_in, first.rows_written) == ("ok", 3, 3)
    points = import_file(v2, "happyornot-metadata", POINTS)
    assert (points.status, points.rows_in, points.rows_written) == ("ok", 6, 6)
    result = import_file(v2, "happyornot", FEEDBACK)
    assert (result.status, result.rows_rejected) == ("ok", 0)
    assert _stored(v2) == EXPECTED
    assert result.notes == [
        "tallennetut kyselyt 6 ja kosketuspisteet 12 käytössä (annetut korvaavat samat tunnisteet)"
        " / stored surveys (6) and experience points (12) used (given ones replace the same ids)"
    ]


def test_the_feedback_import_stores_what_it_was_given(v2):
    import_file(v2, "happyornot", FEEDBACK, options=V2)
    widget = import_file(v2, "happyornot", FIXTURES / "happyornot_widget_history.csv")
    assert widget.rows_rejected == 1  # the bad spam cell only: survey 77 and point 5002 are known
    assert table(v2, "quick_feedback")["feedback_id"].str.startswith("7a2d0b63").sum() == 4


def test_without_stored_or_given_surveys_the_scale_is_unknown(v2):
    result = import_file(v2, "happyornot", FIXTURES / "happyornot_widget_history.csv")
    assert {(e.column, e.code, e.value) for e in result.errors} == {
        ("surveyId", "unknown_scale", "77"),
        ("experiencePointId", "unknown_unit", "5002"),  # nor where point 5002 sits in the tree
        ("spam", "bad_boolean", "ehkä"),
    }
    assert result.status == "rejected"


def test_given_surveys_replace_stored_ones_with_the_same_id(v2, tmp_path):
    import_file(v2, "happyornot", FEEDBACK, options=V2)
    surveys = tmp_path / "surveys.json"
    surveys.write_text('[{"surveyId": 77, "feedbackScale": "nps", "indexType": "NPS"}]', encoding="utf-8")
    presses = tmp_path / "presses.json"
    presses.write_text(
        '[{"feedbackId": "n-1", "localTime": "2024-06-01T10:00:00", "surveyId": 77,'
        ' "experiencePointId": 5001, "buttonIndex": 9, "misuse": false, "ui": "qr",'
        ' "smileyType": "SMILEY_DIGITAL"}]',
        encoding="utf-8",
    )
    result = import_file(v2, "happyornot", presses, options=Options(metadata=(surveys,)))
    assert (result.status, result.errors) == ("ok", [])
    row = table(v2, "quick_feedback").set_index("feedback_id").loc["n-1"]
    assert (row["scale"], row["button_index"], row["channel"]) == ("nps", 9, "qr")
    assert table(v2, "happyornot_survey").set_index("survey_id").loc["77", "feedback_scale"] == "nps"


def test_the_widget_history_spam_flag_is_misuse(v2):
    import_file(v2, "happyornot-metadata", SURVEYS)
    import_file(v2, "happyornot-metadata", POINTS)
    result = import_file(v2, "happyornot", FIXTURES / "happyornot_widget_history.csv")
    assert [e.describe() for e in result.errors] == [
        "happyornot_widget_history.csv, rivi/line 6, sarake/column spam: kyllä/ei-arvoa ei voi lukea: ehkä"
        " / cannot read the yes/no value: ehkä"
    ]
    rows = table(v2, "quick_feedback").set_index("feedback_id")
    assert {fid[-1]: bool(m) for fid, m in rows["misuse"].items()} == {
        "1": False,
        "2": True,  # spam
        "3": True,  # misuse
        "4": False,
    }
    assert rows["channel"].tolist() == ["digital", "digital", "digital", "link"]


def test_numbers_that_are_no_button_are_row_errors(v2):
    result = import_file(v2, "happyornot", FIXTURES / "happyornot_v2_hazards.json", options=V2)
    assert (result.status, result.rows_in, result.rows_rejected) == ("partial", 10, 8)
    assert [e.describe() for e in result.errors] == [
        "happyornot_v2_hazards.json, rivi/line 2, sarake/column buttonIndex: luku inf ei ole äärellinen luku"
        " / inf is not a finite number",
        "happyornot_v2_hazards.json, rivi/line 3, sarake/column buttonIndex: arvo 99999999999999999999 ei ole"
        " asteikolla 0–3 / value 99999999999999999999 is outside the scale 0–3",
        "happyornot_v2_hazards.json, rivi/line 4, sarake/column buttonIndex: luku NaN ei ole äärellinen luku"
        " / NaN is not a finite number",
        "happyornot_v2_hazards.json, rivi/line 5, sarake/column buttonIndex: arvo -1 ei ole asteikolla 0–3"
        " / value -1 is outside the scale 0–3",
        "happyornot_v2_hazards.json, rivi/line 6, sarake/column buttonIndex: arvo 4 ei ole asteikolla 0–3"
        " / value 4 is outside the scale 0–3",
        "happyornot_v2_hazards.json, rivi/line 7, sarake/column buttonIndex: arvo 11 ei ole asteikolla 0–10"
        " / value 11 is outside the scale 0–10",
        "happyornot_v2_hazards.json, rivi/line 8, sarake/column buttonIndex: arvo 2.5 ei ole asteikolla 0–10"
        " / value 2.5 is outside the scale 0–10",
        "happyornot_v2_hazards.json, rivi/line 9, sarake/column ui: arvo kiosk ei ole sallittu (physical,"
        " touchless, digital, link, email, qr, smiley_terminal, smiley_touch, web_survey, sms, qr_code,"
        " mobile_app) / value kiosk is not allowed (physical, touchless, digital, link, email, qr,"
        " smiley_terminal, smiley_touch, web_survey, sms, qr_code, mobile_app)",
    ]
    rows = table(v2, "quick_feedback").set_index("feedback_id")
    assert rows["button_index"].to_dict() == {_id(101): 2, _id(110): 10}


def test_the_same_numbers_in_a_csv_export(v2, tmp_path):
    path = tmp_path / "hazards.csv"
    header = "feedbackId,localTime,surveyId,experiencePointId,buttonIndex,misuse,ui"
    cells = ["1", "1e999", "99999999999999999999", "NaN", "-1", "4", "inf"]
    path.write_text(
        "\n".join(
            [header]
            + [f"c-{i},2024-05-10T08:0{i}:00,77,5001,{cell},false,physical" for i, cell in enumerate(cells)]
        )
        + "\n",
        encoding="utf-8",
    )
    result = import_file(v2, "happyornot", path, options=V2)
    assert errors_of(result) == [
        (3, "buttonIndex", "bad_number", "1e999"),
        (4, "buttonIndex", "out_of_scale", "99999999999999999999"),
        (5, "buttonIndex", "bad_number", "NaN"),
        (6, "buttonIndex", "out_of_scale", "-1"),
        (7, "buttonIndex", "out_of_scale", "4"),
        (8, "buttonIndex", "bad_number", "inf"),
    ]
    assert table(v2, "quick_feedback").set_index("feedback_id")["button_index"].to_dict() == {"c-0": 1}


def test_a_metadata_record_of_neither_kind_is_unreadable(v2, tmp_path):
    path = tmp_path / "things.json"
    path.write_text('[{"surveyId": 1, "feedbackScale": "four"}, {"name": "x"}]', encoding="utf-8")
    result = import_file(v2, "happyornot-metadata", path)
    assert result.status == "unreadable"
    assert [e.allowed for e in result.errors] == [
        "things.json, line 2: neither a survey (feedbackScale) nor an experience point (experiencePointId)"
    ]
    assert table(v2, "happyornot_survey").set_index("survey_id").index.tolist() == ["S-4", "S-5R", "S-NPS"]


def test_a_survey_on_an_unknown_scale_is_not_stored(v2, tmp_path):
    path = tmp_path / "surveys.json"
    path.write_text(
        '[{"surveyId": 80, "feedbackScale": "seven", "indexType": "HAPPY"},'
        ' {"surveyId": 81, "feedbackScale": "five", "indexType": "AVERAGE"}]',
        encoding="utf-8",
    )
    result = import_file(v2, "happyornot-metadata", path)
    assert (result.status, errors_of(result)) == ("partial", [(1, "feedbackScale", "bad_value", "seven")])
    stored = table(v2, "happyornot_survey").set_index("survey_id")
    assert "80" not in stored.index
    assert stored.loc["81", ["feedback_scale", "index_type"]].tolist() == ["five", "AVERAGE"]

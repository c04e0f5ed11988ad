"""``cli.py import`` and ``cli.py retention``: exit codes and the summary table."""

from __future__ import annotations

import argparse

from ingest_support import BAD, FIXTURES

from commands import imports


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    imports.register(parser.add_subparsers())
    arguments = parser.parse_args(list(argv))
    return arguments.handler(arguments)


def test_exit_0_when_every_row_is_accepted(warehouse, capsys):
    code = _run(
        "import",
        "happyornot",
        str(FIXTURES / "happyornot_feedback.csv"),
        "--warehouse",
        str(warehouse),
        "--surveys",
        str(FIXTURES / "happyornot_surveys.json"),
        "--points",
        str(FIXTURES / "happyornot_points.json"),
        "--user",
        "anna",
    )
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0].split() == [
        "file",
        "status",
        "rows",
        "in",
        "written",
        "already",
        "stored",
        "rejected",
        "batch",
    ]
    assert out[1].split()[:6] == ["happyornot_feedback.csv", "ok", "6", "6", "0", "0"]


def test_exit_3_when_some_rows_are_quarantined(warehouse, capsys):
    code = _run("import", "cases", str(BAD / "cases_rows.csv"), "--warehouse", str(warehouse))
    out = capsys.readouterr().out
    assert code == 3
    assert (
        "cases_rows.csv, rivi/line 5, sarake/column unit_id: tuntematon toimipisteen koodi TUNTEMATON" in out
    )
    assert "quarantine / karanteeni: " + str(warehouse / "_quarantine") in out


def test_exit_2_when_nothing_is_imported(warehouse, capsys):
    assert (
        _run(
            "import", "cases", str(BAD / "empty.csv"), str(BAD / "binary.csv"), "--warehouse", str(warehouse)
        )
        == 2
    )
    assert "the file is empty" in capsys.readouterr().out
    assert (
        _run("import", "cases", str(BAD / "cases_rows.csv"), "--warehouse", str(warehouse), "--strict") == 2
    )


def test_mixed_files_exit_3(warehouse):
    assert (
        _run(
            "import",
            "cases",
            str(FIXTURES / "cases.csv"),
            str(BAD / "empty.csv"),
            "--warehouse",
            str(warehouse),
        )
        == 3
    )

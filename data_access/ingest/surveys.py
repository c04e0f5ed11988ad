"""Customer survey results: long CSV (one row per answer), wide Excel/CSV with a column mapping, items.

"En osaa sanoa" (and ``EOS``, ``-``, empty) is stored as a null value. A value must lie on its
item's own scale (``survey_item.scale_min..scale_max``); unknown items are errors.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data_access.ingest import finnish_csv as fc
from data_access.ingest.common import FILE, Parsed, Reference, first_sheet, require_columns, with_position
from data_access.ingest.privacy import open_text_rows
from data_access.ingest.registers import LANGUAGE_SYNONYMS, choice_column, date_column, unit_column
from data_access.ingest.validation import Errors, bounded_integers, check_required
from data_access.vocabulary import (
    AGE_GROUPS,
    LANGUAGES,
    PROVIDERS,
    RESPONDENT_ROLES,
    SURVEY_CHANNELS,
    SURVEY_ITEM_KINDS,
    SURVEY_THEMES,
)

SOURCE = "survey"

ALIASES = {
    "response_id": ("vastaustunnus", "vastaajatunnus", "vastaaja id", "response id"),
    "item_id": ("kysymys", "väittämä", "kysymystunnus", "item", "item id"),
    "value": ("arvo", "vastausarvo", "value"),
    "answered_on": ("vastauspäivä", "päivämäärä", "pvm", "answered on"),
    "unit_id": ("toimipiste", "yksikkö", "unit"),
    "respondent_role": ("vastaaja", "vastaajan rooli", "rooli"),
    "language": ("kieli", "vastauskieli"),
    "channel": ("asiointitapa", "kanava"),
    "age_group": ("ikäryhmä", "ikä"),
    "provider": ("tuottaja", "palveluntuottaja"),
}
MAPPING_ALIASES = {"column": ("sarake", "column"), "item_id": ("kysymys", "väittämä", "item", "item id")}
ITEM_ALIASES = {
    "item_id": ("kysymystunnus", "kysymys", "item"),
    "survey_id": ("kysely", "kyselytunnus", "survey"),
    "text_fi": ("teksti", "väittämä", "suomeksi"),
    "text_sv": ("ruotsiksi",),
    "text_en": ("englanniksi",),
    "text_sme": ("pohjoissaameksi",),
    "text_smn": ("inarinsaameksi",),
    "text_sms": ("koltansaameksi",),
    "scale_min": ("asteikko alku", "min"),
    "scale_max": ("asteikko loppu", "max"),
    "kind": ("tyyppi", "laji"),
    "theme": ("teema",),
}

OPEN_TEXT = "open_text"
"""The mapping's item id for a free-text column: its answers go to ``open_text``, never to the facts."""
NO_ANSWER = {"en osaa sanoa", "eos", "-", "ei osaa sanoa", "vet ej", "don't know"}
ROLE_SYNONYMS = {
    "asiakas": "client",
    "potilas": "client",
    "omainen": "relative",
    "läheinen": "relative",
    "lapsi": "child",
}
CHANNEL_SYNONYMS = {
    "käynti": "visit",
    "vastaanotto": "visit",
    "etä": "remote",
    "etäasiointi": "remote",
    "digitaalinen": "digital",
    "sähköinen": "digital",
    "puhelin": "phone",
}
SCALE_LIMIT = 100
"""Scale ends lie within ±100 (Likert 1–5, school grade 4–10, NPS 0–10; anything wider is a typo)."""
PROVIDER_SYNONYMS = {"oma": "own", "oma tuotanto": "own", "ostopalvelu": "purchased", "osto": "purchased"}


def _values(
    errors: Errors,
    raw: pd.DataFrame,
    cells: pd.Series,
    items: pd.Series,
    reference: Reference,
    label: pd.Series,
) -> pd.Series:
    answered = fc.text(cells)
    silent = answered.map(lambda v: v.casefold() in NO_ANSWER, na_action="ignore").fillna(True).astype(bool)
    values, bad = fc.numbers(cells.where(~silent, None))
    _mask_labelled(errors, raw, bad & ~silent, label, "bad_number", answered)
    scales = (
        reference.items.set_index("item_id")[["scale_min", "scale_max"]]
        if not reference.items.empty
        else None
    )
    known = items.isin(list(scales.index)) if scales is not None else pd.Series(False, index=items.index)
    _mask_labelled(errors, raw, items.notna() & ~known, label, "unknown_item", items)
    if scales is not None:
        low = items.map(scales["scale_min"].to_dict(), na_action="ignore").astype("float64")
        high = items.map(scales["scale_max"].to_dict(), na_action="ignore").astype("float64")
        outside = values.notna() & low.notna() & ((values < low) | (values > high))
        allowed = low.astype("Int64").astype(str) + "–" + high.astype("Int64").astype(str)
        for index in raw.index[outside.to_numpy()]:
            errors.add(
                int(raw.at[index, fc.ROW]),
                label.at[index],
                "out_of_scale",
                answered.at[index],
                allowed.at[index],
            )
    return values


def _mask_labelled(
    errors: Errors, raw: pd.DataFrame, bad: pd.Series, label: pd.Series, code: str, values: pd.Series
) -> None:
    for index in raw.index[bad.fillna(False).astype(bool).to_numpy()]:
        errors.add(int(raw.at[index, fc.ROW]), label.at[index], code, values.at[index])


def _context(errors: Errors, raw: pd.DataFrame, c: dict[str, str], reference: Reference) -> pd.DataFrame:
    ids = fc.text(raw[c["response_id"]])
    check_required(errors, raw, ids, "response_id")
    units = unit_column(errors, raw, c["unit_id"], "unit_id", reference, SOURCE)
    check_required(errors, raw, fc.text(raw[c["unit_id"]]), "unit_id")
    return pd.DataFrame(
        {
            "response_id": ids,
            "answered_on": date_column(
                errors, raw, c["answered_on"], "answered_on", reference, required=True
            ),
            "unit_id": units,
            "respondent_role": choice_column(
                errors, raw, c.get("respondent_role"), "respondent_role", RESPONDENT_ROLES, ROLE_SYNONYMS
            ),
            "language": choice_column(
                errors, raw, c.get("language"), "language", LANGUAGES, LANGUAGE_SYNONYMS
            ),
            "channel": choice_column(
                errors, raw, c.get("channel"), "channel", SURVEY_CHANNELS, CHANNEL_SYNONYMS
            ),
            "age_group": choice_column(errors, raw, c.get("age_group"), "age_group", AGE_GROUPS),
            "provider": choice_column(
                errors, raw, c.get("provider"), "provider", PROVIDERS, PROVIDER_SYNONYMS
            ),
        },
        index=raw.index,
    )


def read_long(path: Path, data: bytes, reference: Reference) -> Parsed:
    """One row per answered statement."""
    errors = Errors(path.name)
    raw = first_sheet(path, data, errors)
    parsed = Parsed(SOURCE, path.name, raw, errors)
    c = fc.pick_columns(raw, ALIASES)
    if not require_columns(raw, errors, c, ("response_id", "item_id", "value", "answered_on", "unit_id")):
        return parsed
    frame = _context(errors, raw, c, reference)
    items = fc.text(raw[c["item_id"]])
    check_required(errors, raw, items, "item_id")
    frame["item_id"] = items
    frame["value"] = _values(
        errors, raw, raw[c["value"]], items, reference, pd.Series("value", index=raw.index)
    )
    parsed.tables["survey_answer"] = with_position(frame, raw)
    return parsed


def read_mapping(path: Path) -> dict[str, str]:
    """The wide layout's mapping file: header column → ``survey_item.item_id`` (every line must read)."""
    table = next(iter(fc.read_table_file(path).values()))
    broken = table.refused_lines()
    if broken:
        raise fc.UnreadableFile(
            f"sarakemäärityksen {path.name} rivi {broken[0]} on rikki, joten määritystä ei käytetä",
            f"line {broken[0]} of the mapping {path.name} is broken, so the mapping is not used",
        )
    sheet = table.frame
    c = fc.pick_columns(sheet, MAPPING_ALIASES)
    if len(c) < 2:
        raise fc.UnreadableFile(
            "sarakemäärityksessä pitää olla sarakkeet sarake ja kysymys",
            "the mapping needs the columns column and item_id",
        )
    columns, items = fc.text(sheet[c["column"]]), fc.text(sheet[c["item_id"]])
    return {fc.normalise_header(k): v for k, v in zip(columns, items, strict=True) if k and v}


def read_wide(path: Path, data: bytes, reference: Reference, mapping_path: Path) -> Parsed:
    """One row per respondent, one column per statement (mapped to items by the mapping file)."""
    mapping = read_mapping(mapping_path)
    errors = Errors(path.name)
    raw = first_sheet(path, data, errors)
    parsed = Parsed(SOURCE, path.name, raw, errors)
    c = fc.pick_columns(raw, {k: v for k, v in ALIASES.items() if k not in ("item_id", "value")})
    if not require_columns(raw, errors, c, ("response_id", "answered_on", "unit_id")):
        return parsed
    mapped = [column for column in raw.columns if column in mapping]
    for column in sorted(set(mapping) - set(raw.columns)):
        errors.add(None, column, "missing_column")
    if not mapped or len(mapped) < len(mapping):
        return parsed
    context = _context(errors, raw, c, reference)
    parts, notes = [], []
    for column in mapped:
        if mapping[column] == OPEN_TEXT:
            notes.append(_open_text(raw, context, column))
            continue
        items = pd.Series(mapping[column], index=raw.index, dtype=object)
        part = context.copy()
        part["item_id"] = items
        part["value"] = _values(
            errors, raw, raw[column], items, reference, pd.Series(column, index=raw.index)
        )
        answered = fc.text(raw[column]).notna()
        parts.append(with_position(part, raw).loc[answered])
    if parts:
        parsed.tables["survey_answer"] = pd.concat(parts, ignore_index=True)
    if notes:
        parsed.tables["open_text"] = pd.concat(notes, ignore_index=True)
    return parsed


def _open_text(raw: pd.DataFrame, context: pd.DataFrame, column: str) -> pd.DataFrame:
    """A free-text column's answers for ``open_text`` (masked), keyed ``response_id/column``."""
    texts = fc.text(raw[column])
    keep = texts.notna() & context["answered_on"].notna() & context["response_id"].notna()
    part = context.loc[keep]
    notes = open_text_rows(
        SOURCE, part["response_id"] + "/" + column, part["answered_on"], texts[keep], part["unit_id"]
    )
    notes[fc.ROW] = raw.loc[keep, fc.ROW].to_numpy()
    notes[FILE] = raw.loc[keep, FILE].to_numpy()
    return notes


def read_items(path: Path, data: bytes, reference: Reference) -> Parsed:
    """Survey item definitions (``survey_item``): texts in six languages, scale, kind, theme."""
    errors = Errors(path.name)
    raw = first_sheet(path, data, errors)
    parsed = Parsed(SOURCE, path.name, raw, errors)
    c = fc.pick_columns(raw, ITEM_ALIASES)
    required = ("item_id", "survey_id", "text_fi", "scale_min", "scale_max", "kind")
    if not require_columns(raw, errors, c, required):
        return parsed
    frame = pd.DataFrame(index=raw.index)
    for name in ("item_id", "survey_id", "text_fi", "text_sv", "text_en", "text_sme", "text_smn", "text_sms"):
        frame[name] = fc.text(raw[c[name]]) if name in c else None
    for name in ("item_id", "survey_id", "text_fi"):
        check_required(errors, raw, frame[name], name)
    for name in ("scale_min", "scale_max"):
        frame[name] = bounded_integers(
            errors, raw, raw[c[name]], name, -SCALE_LIMIT, SCALE_LIMIT, required=True
        )
    errors.mask(
        raw,
        frame["scale_min"] >= frame["scale_max"],
        "scale_max",
        "out_of_scale",
        frame["scale_max"],
        "> scale_min",
    )
    frame["kind"] = choice_column(errors, raw, c["kind"], "kind", SURVEY_ITEM_KINDS, required=True)
    frame["theme"] = choice_column(errors, raw, c.get("theme"), "theme", SURVEY_THEMES)
    frame[fc.ROW] = raw[fc.ROW]
    frame[FILE] = raw[FILE]
    parsed.tables["survey_item"] = frame
    return parsed

"""The national customer feedback survey (THL's kansallinen asiakaspalaute) as survey vendors export it.

Wellbeing services counties send a visit-linked SMS or web survey after a visit: the
recommendation question (0–10) and the national statements (1–5, "en osaa sanoa" allowed). The
vendor's export has one row per response (a column per statement) or one row per answer
(question and answer columns), plus the visit's context: event id (the response id), visit date
and time, visit type (→ ``channel``), language, age group, municipality and the unit's OID in the
SOTE organisation register (→ our unit through ``unit.oid`` or the unit map's ``oid`` source; a
unit code column mapped through source ``survey`` is accepted instead).

Stored: ``survey_answer`` rows of survey ``kansallinen`` (the statements below, added to
``survey_item`` when the warehouse lacks them; texts imported later with ``survey-items`` are kept).
``answered_on`` is the visit date; the visit's time of day and the municipality are read but not
stored (``survey_answer`` has no such column, and with the age group the municipality would narrow
a small unit's respondents down). Open answers go to ``open_text`` (masked).

Phone numbers are never stored: every column whose header names a phone number (puhelinnumero,
matkapuhelin, phone, msisdn, …) is dropped before any cell is read, so it reaches neither the
facts nor the quarantine file, and every cell kept for the quarantine is masked (HETU, e-mail,
phone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from data_access.ingest import finnish_csv as fc
from data_access.ingest.common import FILE, Parsed, Reference, first_sheet, with_position
from data_access.ingest.organisation import OID, check_oids
from data_access.ingest.privacy import mask_personal_data, open_text_rows
from data_access.ingest.registers import LANGUAGE_SYNONYMS, choice_column, date_column, unit_column
from data_access.ingest.surveys import NO_ANSWER, PROVIDER_SYNONYMS, ROLE_SYNONYMS
from data_access.ingest.validation import Errors, check_enum, check_required, lenient_choice
from data_access.vocabulary import AGE_GROUPS, LANGUAGES, PROVIDERS, RESPONDENT_ROLES, SURVEY_CHANNELS

SOURCE = "survey"
SURVEY_ID = "kansallinen"
SURVEY_NAMES = ("Kansallinen asiakaspalaute", "Nationell kundrespons", "National customer feedback")


@dataclass(frozen=True)
class Statement:
    """One question of the national survey and the headers a vendor may give it."""

    item_id: str
    text_fi: str
    text_sv: str
    text_en: str
    scale_min: int
    scale_max: int
    kind: str
    theme: str
    aliases: tuple[str, ...] = ()


STATEMENTS = (
    Statement(
        "kap-nps",
        "Kuinka todennäköisesti suosittelisit saamaasi palvelua läheisillesi, jos he tarvitsisivat"
        " vastaavaa palvelua?",
        "Hur sannolikt är det att du skulle rekommendera den service du fick till dina närstående om de"
        " behövde motsvarande service?",
        "How likely would you be to recommend the service you received to people close to you if they"
        " needed similar services?",
        0,
        10,
        "nps",
        "kokonaisarvio",
        ("suositteluindeksi", "suosittelu", "nps"),
    ),
    Statement(
        "kap-sujuvuus",
        "Asiointi oli sujuvaa.",
        "Ärendet sköttes smidigt.",
        "The service went smoothly.",
        1,
        5,
        "likert",
        "saatavuus",
        ("sujuvuus",),
    ),
    Statement(
        "kap-oikea-aika",
        "Sain apua silloin, kun sitä tarvitsin.",
        "Jag fick hjälp när jag behövde den.",
        "I got help when I needed it.",
        1,
        5,
        "likert",
        "saatavuus",
        ("oikea-aikaisuus", "avun saaminen"),
    ),
    Statement(
        "kap-kohtaaminen",
        "Minua kohdeltiin arvostavasti.",
        "Jag bemöttes med respekt.",
        "I was treated with respect.",
        1,
        5,
        "likert",
        "kohtaaminen",
        ("kohtaaminen",),
    ),
    Statement(
        "kap-osallisuus",
        "Pystyin vaikuttamaan minua koskeviin asioihin.",
        "Jag kunde påverka frågor som gällde mig.",
        "I could influence matters concerning me.",
        1,
        5,
        "likert",
        "osallistuminen",
        ("osallisuus", "vaikuttaminen"),
    ),
    Statement(
        "kap-turvallisuus",
        "Koin oloni turvalliseksi hoidon tai palvelun aikana.",
        "Jag kände mig trygg under vården eller servicen.",
        "I felt safe during the care or service.",
        1,
        5,
        "likert",
        "turvallisuus",
        ("turvallisuus",),
    ),
    Statement(
        "kap-tiedonsaanti",
        "Sain ymmärrettävää tietoa hoidostani tai palvelustani.",
        "Jag fick begriplig information om min vård eller service.",
        "I got understandable information about my care or service.",
        1,
        5,
        "likert",
        "tiedonsaanti",
        ("tiedonsaanti", "tiedon ymmärrettävyys"),
    ),
    Statement(
        "kap-hyodyllisyys",
        "Saamani hoito tai palvelu oli hyödyllistä.",
        "Den vård eller service jag fick var till nytta.",
        "The care or service I received was useful.",
        1,
        5,
        "likert",
        "hyodyllisyys",
        ("hyödyllisyys", "hyodyllisyys"),
    ),
)
"""The recommendation question and the national statements, one per theme."""

ALIASES = {
    "response_id": ("tapahtumatunnus", "tapahtuman tunnus", "tapahtuma id", "event id", "käyntitunnus"),
    "visit_date": ("käyntipäivä", "käynnin päivämäärä", "käyntiaika", "käynnin ajankohta", "visit date"),
    "channel": ("käyntityyppi", "käynnin tyyppi", "asiointitapa", "visit type"),
    "language": ("kieli", "vastauskieli", "asiointikieli", "language"),
    "age_group": ("ikäryhmä", "ikä", "age group"),
    "oid": ("toimipisteen oid", "yksikön oid", "palveluyksikön oid", "sote-oid", "unit oid"),
    "unit_id": ("toimipiste", "yksikkö", "toimipisteen tunnus", "unit"),
    "respondent_role": ("vastaaja", "vastaajan rooli", "rooli"),
    "provider": ("tuottaja", "palveluntuottaja"),
    "item": ("kysymys", "väittämä", "kysymystunnus", "question"),
    "value": ("vastaus", "arvo", "answer", "value"),
    "open_text": ("avoin palaute", "vapaa sana", "avoin vastaus", "open feedback"),
}
CONTEXT_ALIASES = {
    "municipality": ("kunta", "asuinkunta", "kotikunta", "municipality"),
    "visit_time": ("käynnin kellonaika", "kellonaika", "käyntikellonaika", "visit time"),
}
"""Columns read but not stored (see the module docstring); they are not reported as unknown."""

PHONE_HEADER = re.compile(r"puhelin|matkapuh|phone|msisdn|gsm|telefon|^numero$")
"""A header naming a phone number: the column is dropped before anything is read."""

CHANNEL_SYNONYMS = {
    "käynti": "visit",
    "vastaanotto": "visit",
    "vastaanottokäynti": "visit",
    "lähikäynti": "visit",
    "lähivastaanotto": "visit",
    "kotikäynti": "visit",
    "besök": "visit",
    "etäkäynti": "remote",
    "etävastaanotto": "remote",
    "etäasiointi": "remote",
    "videovastaanotto": "remote",
    "videokäynti": "remote",
    "distans": "remote",
    "chat": "digital",
    "chat-asiointi": "digital",
    "sähköinen asiointi": "digital",
    "verkkoasiointi": "digital",
    "digitaalinen": "digital",
    "puhelu": "phone",
    "puhelin": "phone",
    "puhelinasiointi": "phone",
    "puhelinkontakti": "phone",
    "telefon": "phone",
}
NATIONAL_LANGUAGES = {**LANGUAGE_SYNONYMS, "se": "sme", "smn": "smn", "sms": "sms", "sami": "sme"}
AGE_SYNONYMS = {"13-17": "0-17", "alle 18": "0-17", "yli 75": "75+", "75 ja yli": "75+"}
"""Age groups of the vendors' exports → ours (13–17 lies within 0–17)."""
_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-"})


def _folded(text: str) -> str:
    return fc.normalise_header(text).rstrip(".?!: ")


def _statement_keys() -> dict[str, Statement]:
    keys = {}
    for statement in STATEMENTS:
        for name in (
            statement.item_id,
            statement.text_fi,
            statement.text_sv,
            statement.text_en,
            *statement.aliases,
        ):
            keys[_folded(name)] = statement
    return keys


STATEMENT_KEYS = _statement_keys()
"""Folded item id, texts (fi/sv/en) and aliases → statement: how headers and question cells are matched."""


def item_rows(reference: Reference, file: str) -> dict[str, pd.DataFrame]:
    """The ``survey`` and ``survey_item`` rows of the national survey that the warehouse lacks."""
    tables = {}
    if SURVEY_ID not in set(reference.surveys["survey_id"].astype(str)):
        tables["survey"] = pd.DataFrame(
            [
                dict(
                    zip(
                        ("survey_id", "name_fi", "name_sv", "name_en"),
                        (SURVEY_ID, *SURVEY_NAMES),
                        strict=True,
                    )
                )
            ]
        )
    known = set(reference.items["item_id"].astype(str))
    missing = [s for s in STATEMENTS if s.item_id not in known]
    if missing:
        tables["survey_item"] = pd.DataFrame(
            [
                {
                    "item_id": s.item_id,
                    "survey_id": SURVEY_ID,
                    "text_fi": s.text_fi,
                    "text_sv": s.text_sv,
                    "text_en": s.text_en,
                    "scale_min": s.scale_min,
                    "scale_max": s.scale_max,
                    "kind": s.kind,
                    "theme": s.theme,
                }
                for s in missing
            ]
        )
    for frame in tables.values():
        frame[fc.ROW] = 0
        frame[FILE] = file
    return tables


def _phone_columns(raw: pd.DataFrame) -> list[str]:
    return [c for c in raw.columns if c not in (fc.ROW, FILE) and PHONE_HEADER.search(c)]


def _masked(raw: pd.DataFrame) -> pd.DataFrame:
    """The raw cells as the quarantine may keep them: personal data masked in every text cell."""
    masked = raw.copy()
    for column in masked.columns:
        if column not in (fc.ROW, FILE):
            masked[column] = masked[column].map(
                lambda v: mask_personal_data(v) if isinstance(v, str) else v, na_action="ignore"
            )
    return masked


def _values(
    errors: Errors, raw: pd.DataFrame, cells: pd.Series, statements: pd.Series, label: pd.Series
) -> pd.Series:
    """Answers on each statement's scale; "en osaa sanoa" is null, anything else off the scale an error."""
    answered = fc.text(cells)
    silent = answered.map(lambda v: v.casefold() in NO_ANSWER, na_action="ignore").fillna(True).astype(bool)
    values, bad = fc.numbers(cells.where(~silent, None))
    low = statements.map(lambda s: s.scale_min, na_action="ignore").astype("float64")
    high = statements.map(lambda s: s.scale_max, na_action="ignore").astype("float64")
    outside = values.notna() & low.notna() & ((values < low) | (values > high) | (values != values.round()))
    for index in raw.index[(bad & ~silent).to_numpy()]:
        errors.add(int(raw.at[index, fc.ROW]), label.at[index], "bad_number", answered.at[index])
    for index in raw.index[outside.to_numpy()]:
        errors.add(
            int(raw.at[index, fc.ROW]),
            label.at[index],
            "out_of_scale",
            answered.at[index],
            f"{int(low.at[index])}–{int(high.at[index])}",
        )
    return values.where(~outside)


def _units(errors: Errors, raw: pd.DataFrame, c: dict[str, str], reference: Reference) -> pd.Series:
    if "oid" not in c:
        units = unit_column(errors, raw, c["unit_id"], "unit_id", reference, SOURCE)
        check_required(errors, raw, fc.text(raw[c["unit_id"]]), "unit_id")
        return units
    oids = fc.text(raw[c["oid"]])
    check_required(errors, raw, oids, "oid")
    check_oids(errors, raw, oids, "oid")
    units = reference.resolve_oids(oids)
    well_formed = oids.where(oids.notna(), "").str.fullmatch(OID.pattern)
    errors.mask(raw, well_formed & units.isna(), "oid", "unknown_unit", oids)
    return units


def _age_groups(errors: Errors, raw: pd.DataFrame, column: str | None) -> pd.Series:
    """Age groups with any dash and spacing (``18 – 29`` → ``18-29``, ``75 +`` → ``75+``)."""
    if column is None:
        return pd.Series(None, index=raw.index, dtype=object)
    cells = fc.text(raw[column]).map(
        lambda v: re.sub(r"\s*([-+])\s*", r"\1", v.translate(_DASHES)), na_action="ignore"
    )
    values = lenient_choice(cells, {**{a: a for a in AGE_GROUPS}, **AGE_SYNONYMS})
    check_enum(errors, raw, values, "age_group", AGE_GROUPS, required=False)
    return values


def _context(errors: Errors, raw: pd.DataFrame, c: dict[str, str], reference: Reference) -> pd.DataFrame:
    ids = fc.text(raw[c["response_id"]])
    check_required(errors, raw, ids, "response_id")
    return pd.DataFrame(
        {
            "response_id": ids,
            "answered_on": date_column(errors, raw, c["visit_date"], "visit_date", reference, required=True),
            "unit_id": _units(errors, raw, c, reference),
            "respondent_role": choice_column(
                errors, raw, c.get("respondent_role"), "respondent_role", RESPONDENT_ROLES, ROLE_SYNONYMS
            ),
            "language": choice_column(
                errors, raw, c.get("language"), "language", LANGUAGES, NATIONAL_LANGUAGES
            ),
            "channel": choice_column(
                errors, raw, c.get("channel"), "channel", SURVEY_CHANNELS, CHANNEL_SYNONYMS
            ),
            "age_group": _age_groups(errors, raw, c.get("age_group")),
            "provider": choice_column(
                errors, raw, c.get("provider"), "provider", PROVIDERS, PROVIDER_SYNONYMS
            ),
        },
        index=raw.index,
    )


def read(path: Path, data: bytes, reference: Reference) -> Parsed:
    """A national-model survey export, one row per response (wide) or per answer (long)."""
    errors = Errors(path.name)
    raw = first_sheet(path, data, errors)
    phones = _phone_columns(raw)
    raw = raw.drop(columns=phones)
    parsed = Parsed(SOURCE, path.name, raw, errors)
    if phones:
        names = ", ".join(phones)
        parsed.notes.append(
            f"puhelinnumerosarakkeet poistettiin lukematta: {names}"
            f" / phone number columns dropped unread: {names}"
        )
    c = fc.pick_columns(raw, ALIASES)
    missing = [name for name in ("response_id", "visit_date") if name not in c]
    if "oid" not in c and "unit_id" not in c:
        missing.append("oid")
    long = "item" in c or "value" in c
    if long:
        missing += [name for name in ("item", "value") if name not in c]
    statement_columns = (
        {}
        if long
        else {col: STATEMENT_KEYS[_folded(col)] for col in raw.columns if _folded(col) in STATEMENT_KEYS}
    )
    if not long and not statement_columns:
        missing.append("kap-nps")
    for name in missing:
        errors.add(None, name, "missing_column")
    if missing:
        parsed.raw = _masked(raw)
        return parsed
    context = _context(errors, raw, c, reference)
    if long:
        parts = [_long_answers(errors, raw, c, context)]
    else:
        parts = [
            _wide_answers(errors, raw, column, statement, context)
            for column, statement in statement_columns.items()
        ]
        known = set(c.values()) | set(statement_columns) | set(fc.pick_columns(raw, CONTEXT_ALIASES).values())
        ignored = [col for col in raw.columns if col not in known and col not in (fc.ROW, FILE)]
        if ignored:
            names = ", ".join(ignored)
            parsed.notes.append(
                f"sarakkeita ei tunnistettu eikä tuotu: {names}"
                f" / columns not recognised, not imported: {names}"
            )
    parsed.tables["survey_answer"] = pd.concat(parts, ignore_index=True)
    if "open_text" in c:
        parsed.tables["open_text"] = _open_text(raw, context, c["open_text"])
    parsed.tables.update(item_rows(reference, path.name))
    parsed.raw = _masked(raw)
    return parsed


def _wide_answers(
    errors: Errors, raw: pd.DataFrame, column: str, statement: Statement, context: pd.DataFrame
) -> pd.DataFrame:
    statements = pd.Series([statement] * len(raw), index=raw.index, dtype=object)
    part = context.copy()
    part["item_id"] = statement.item_id
    part["value"] = _values(errors, raw, raw[column], statements, pd.Series(column, index=raw.index))
    return with_position(part, raw).loc[fc.text(raw[column]).notna()]


def _long_answers(
    errors: Errors, raw: pd.DataFrame, c: dict[str, str], context: pd.DataFrame
) -> pd.DataFrame:
    questions = fc.text(raw[c["item"]])
    check_required(errors, raw, questions, "item")
    statements = questions.map(lambda q: STATEMENT_KEYS.get(_folded(q)), na_action="ignore").astype(object)
    errors.mask(raw, questions.notna() & statements.isna(), "item", "unknown_item", questions)
    part = context.copy()
    part["item_id"] = statements.map(lambda s: s.item_id, na_action="ignore").astype(object)
    part["value"] = _values(errors, raw, raw[c["value"]], statements, pd.Series("value", index=raw.index))
    return with_position(part, raw)


def _open_text(raw: pd.DataFrame, context: pd.DataFrame, column: str) -> pd.DataFrame:
    texts = fc.text(raw[column])
    keep = texts.notna() & context["answered_on"].notna() & context["response_id"].notna()
    part = context.loc[keep]
    notes = open_text_rows(
        SOURCE, part["response_id"] + "/avoin", part["answered_on"], texts[keep], part["unit_id"]
    )
    notes[fc.ROW] = raw.loc[keep, fc.ROW].to_numpy()
    notes[FILE] = raw.loc[keep, FILE].to_numpy()
    return notes

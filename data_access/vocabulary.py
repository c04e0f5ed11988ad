"""The closed value sets of the warehouse's categorical columns (DESIGN.md §3).

Ingest validates against these, filters parse URL values against them, and the demo data
draws from them. Labels for the UI live in the i18n catalogs, keyed by these codes.
"""

from __future__ import annotations

QUICK_FEEDBACK_SCALES = {"four": 4, "five": 5, "nps": 11}
"""Scale code → number of buttons (button_index runs 0..points-1, 0 = most negative)."""

QUICK_FEEDBACK_CHANNELS = ("terminal", "app", "sms", "qr", "web", "digital", "link", "email")
"""terminal: a physical smiley terminal; digital: a survey embedded in a web page or app (HappyOrNot
Smiley Digital); link, email, qr: a digital survey opened from a link, an e-mail or a QR code."""

SURVEY_ITEM_KINDS = ("likert", "grade", "nps")
SURVEY_THEMES = (
    "saatavuus",
    "kohtaaminen",
    "osallistuminen",
    "turvallisuus",
    "tiedonsaanti",
    "hyodyllisyys",
    "kokonaisarvio",
)
RESPONDENT_ROLES = ("client", "relative", "child")
SURVEY_CHANNELS = ("visit", "remote", "digital", "phone")
PROVIDERS = ("own", "purchased")
AGE_GROUPS = ("0-17", "18-29", "30-49", "50-64", "65-74", "75+")

LANGUAGES = ("fin", "swe", "eng", "sme", "smn", "sms", "rus", "som", "ara", "est")
"""ISO 639-3 codes; the three Sámi languages (sme, smn, sms) are followed separately."""
SAMI_LANGUAGES = ("sme", "smn", "sms")

UNKNOWN = "unknown"
"""A feedback type or category the source does not give ("tuntematon"): stored and counted as such,
never guessed. Not part of the closed sets below, which are what a source may state."""

FEEDBACK_TYPES = ("kiitos", "moite", "idea", "kysymys", "muu")
FEEDBACK_CATEGORIES = (
    "Hoitoonpääsy",
    "Palvelun nopeus",
    "Takaisinsoitto",
    "Sähköiset palvelut",
    "Neuvonta ja ohjaus",
    "Henkilökunnan ammattitaito, hoito",
    "Asiakkaan kohtaaminen",
    "Tasa-arvo",
    "Viestintä",
    "Tilat ja välineet",
    "Palvelun hakeminen",
    "Saavutettavuus",
    "Muu",
)
FEEDBACK_CHANNELS = ("web", "email", "phone", "letter", "chat", "in_person")
FEEDBACK_STATUSES = ("received", "open", "in_process", "answered", "closed")
"""``open`` is Open311's own open status when the detailed status says nothing more."""

CASE_KINDS = ("muistutus", "kantelu_avi", "kantelu_eoa", "kantelu_okv", "muutoksenhaku")
CASE_OUTCOMES = ("no_action", "remark", "guidance", "corrected", "rejected", "pending")
CASE_REASONS = (
    "tyytymättömyys hoitoon tai hoitotulokseen",
    "tyytymättömyys kohteluun",
    "tyytymättömyys palveluun",
    "hoitoonpääsy",
    "asiakasmaksut",
    "tietosuoja",
    "päätös",
)

OMBUDSMAN_SECTORS = ("health", "social", "both")
OMBUDSMAN_TOPICS = (
    "tyytymättömyys hoitoon tai hoitotulokseen",
    "dokumentointi, todistukset, asiakirjat ja lausunnot",
    "potilasvahinko tai lääkevahinko",
    "omien tietojen saaminen tai korjaaminen",
    "kohtelu",
    "hoitoonpääsy",
    "asiakasmaksut",
    "muu",
)

"""Labels of the codes the intake added (digital channels, unknown type and category) and of the
new import kinds, in Finnish, Swedish and English."""

_KINDS = {
    "visits": (
        "Käyntimäärät toimipisteittäin ja kuukausittain (CSV/XLSX)",
        "Besök per enhet och månad (CSV/XLSX)",
        "Visits per unit and month (CSV/XLSX)",
    ),
    "happyornot-metadata": (
        "HappyOrNot-kyselyt ja kosketuspisteet (JSON/CSV)",
        "HappyOrNot-enkäter och kontaktpunkter (JSON/CSV)",
        "HappyOrNot surveys and experience points (JSON/CSV)",
    ),
    "survey-national": (
        "Kansallinen asiakaspalaute (käyntikysely)",
        "Nationell kundrespons (besöksenkät)",
        "National customer feedback (visit survey)",
    ),
}
_CODES = {
    "channel.link": ("Linkki", "Länk", "Link"),
    "feedback_type.unknown": ("tuntematon", "okänd", "unknown"),
    "category.unknown": ("Tuntematon", "Okänd", "Unknown"),
}
EXTRA_MESSAGES = {
    language: {f"import.kind.{kind}": names[index] for kind, names in _KINDS.items()}
    | {key: names[index] for key, names in _CODES.items()}
    for index, language in enumerate(("fi", "sv", "en"))
}

"""Words the report writers (reports/pptx_deck.py, html_doc.py, pdf.py) add themselves, in fi, sv and en."""

_MESSAGES = {
    "writer.summary": ("Yhteenveto", "Sammanfattning", "Summary"),
    "writer.part": ("{title} ({page}/{pages})", "{title} ({page}/{pages})", "{title} ({page}/{pages})"),
    "writer.continued": (
        "{title} (jatkuu, {page}/{pages})",
        "{title} (forts., {page}/{pages})",
        "{title} (continued, {page}/{pages})",
    ),
    "writer.kpi_delta": ("Muutos {delta}", "Förändring {delta}", "Change {delta}"),
    "writer.kpi_n": ("n = {n}", "n = {n}", "n = {n}"),
    "writer.data_through": ("Tiedot {date} asti", "Uppgifter till och med {date}", "Data through {date}"),
    "writer.empty": (
        "Tästä ei ole näytettävää tietoa.",
        "Det finns inga uppgifter att visa här.",
        "There is nothing to show here.",
    ),
    "writer.page": ("Sivu {page}/{pages}", "Sida {page}/{pages}", "Page {page} of {pages}"),
}

EXTRA_MESSAGES = {
    language: {key: texts[index] for key, texts in _MESSAGES.items()}
    for index, language in enumerate(("fi", "sv", "en"))
}

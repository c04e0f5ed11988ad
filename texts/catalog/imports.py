# ruff: noqa: E501  (messages are prose: one line each keeps the catalogs diffable)
"""Texts of the import page (ui/import_admin.py) in Finnish, Swedish and English."""

_KINDS = {
    "happyornot": (
        "HappyOrNot-pikapalaute (JSON/CSV)",
        "HappyOrNot-snabbrespons (JSON/CSV)",
        "HappyOrNot quick feedback (JSON/CSV)",
    ),
    "open311": (
        "Palautejärjestelmä, Open311 JSON (+ sisäinen vienti, jos on)",
        "Responssystemet, Open311 JSON (+ intern export om den finns)",
        "Feedback system, Open311 JSON (+ internal export if available)",
    ),
    "feedback-export": (
        "Palautejärjestelmän sisäinen vienti (CSV)",
        "Responssystemets interna export (CSV)",
        "Feedback system internal export (CSV)",
    ),
    "survey-long": (
        "Asiakaskysely, pitkä muoto (rivi per vastaus)",
        "Kundenkät, långt format (rad per svar)",
        "Customer survey, long layout (row per answer)",
    ),
    "survey-wide": (
        "Asiakaskysely, leveä muoto + sarakemääritys",
        "Kundenkät, brett format + kolumnmappning",
        "Customer survey, wide layout + column mapping",
    ),
    "survey-items": ("Kyselyn väittämät", "Enkätens påståenden", "Survey items"),
    "cases": (
        "Muistutukset, kantelut ja muutoksenhaut",
        "Anmärkningar, klagomål och ändringssökanden",
        "Objections, complaints and appeals",
    ),
    "ombudsman": (
        "Sosiaali- ja potilasasiamiehen tilastot",
        "Social- och patientombudsmannens statistik",
        "Social and patient ombudsman statistics",
    ),
    "organisation": (
        "Organisaatio (palvelukokonaisuudet, palvelut, toimipisteet)",
        "Organisation (serviceområden, tjänster, verksamhetsställen)",
        "Organisation (service areas, services, units)",
    ),
    "unit-map": (
        "Lähdejärjestelmien toimipistekoodit",
        "Källsystemens koder för verksamhetsställen",
        "Source systems' unit codes",
    ),
}

_MESSAGES = {
    "intro.import": (
        "Lähdejärjestelmien viennit tarkistetaan ennen tuontia; hylätyt rivit syineen jäävät karanteenitiedostoon.",
        "Källsystemens exporter kontrolleras före import; avvisade rader med orsak sparas i en karantänfil.",
        "Source system exports are checked before import; rejected rows and their reasons go to a quarantine file.",
    ),
    "import.kind": ("Tiedon lähde", "Datakälla", "Data source"),
    "import.file": ("Tiedostot", "Filer", "Files"),
    "import.side.surveys": (
        "HappyOrNot-kyselyt (JSON, asteikot)",
        "HappyOrNot-enkäter (JSON, skalor)",
        "HappyOrNot surveys (JSON, scales)",
    ),
    "import.side.points": (
        "HappyOrNot-kokemuspisteet (JSON, puu)",
        "HappyOrNot-upplevelsepunkter (JSON, träd)",
        "HappyOrNot experience points (JSON, tree)",
    ),
    "import.side.internal": (
        "Sisäinen vienti (tyyppi ja luokka)",
        "Intern export (typ och kategori)",
        "Internal export (type and category)",
    ),
    "import.side.services": (
        "Palvelukoodien luokitus (TOML, valinnainen; oletuksena toimitettu)",
        "Klassificering av tjänstekoder (TOML, valfri; annars den medföljande)",
        "Service-code mapping (TOML, optional; the shipped one otherwise)",
    ),
    "import.versions": (
        "Uudempi versio korvasi {replaced} tallessa olevaa tietuetta; {skipped} riviä ohitettiin, koska niistä on tallessa uudempi versio.",
        "En nyare version ersatte {replaced} sparade poster; {skipped} rader hoppades över eftersom en nyare version redan är sparad.",
        "A newer version replaced {replaced} stored records; {skipped} rows were skipped because a newer version is already stored.",
    ),
    "import.side.mapping": (
        "Sarakemääritys (sarake → väittämä)",
        "Kolumnmappning (kolumn → påstående)",
        "Column mapping (column → item)",
    ),
    "import.strict": (
        "Tiukka tila: hylkää koko tiedosto, jos yksikin rivi on virheellinen",
        "Strikt läge: avvisa hela filen om någon rad är felaktig",
        "Strict: reject the whole file if any row is wrong",
    ),
    "import.strict_help": (
        "Ilman tiukkaa tilaa hyvät rivit tuodaan ja virheelliset siirtyvät karanteeniin.",
        "Utan strikt läge importeras korrekta rader och felaktiga flyttas till karantän.",
        "Without strict mode good rows are imported and wrong ones go to quarantine.",
    ),
    "import.too_large": (
        "{name}: tiedosto on liian suuri ({size} Mt, enintään {limit} Mt).",
        "{name}: filen är för stor ({size} MB, högst {limit} MB).",
        "{name}: the file is too large ({size} MB, at most {limit} MB).",
    ),
    "import.bad_type": (
        "{name}: tiedostotyyppi ei sovi tähän tuontiin (sallitut: {allowed}).",
        "{name}: filtypen passar inte denna import (tillåtna: {allowed}).",
        "{name}: this file type does not fit this import (allowed: {allowed}).",
    ),
    "import.bad_content": (
        "{name}: tiedoston sisältö ei vastaa sen päätettä.",
        "{name}: filens innehåll motsvarar inte dess ändelse.",
        "{name}: the file's content does not match its extension.",
    ),
    "import.missing_side": (
        "Tämä tuonti tarvitsee myös tiedoston: {what}.",
        "Denna import behöver också filen: {what}.",
        "This import also needs the file: {what}.",
    ),
    "import.preview_button": ("Tarkista", "Kontrollera", "Check"),
    "import.commit_button": ("Tuo tiedot", "Importera", "Import"),
    "import.preview_title": ("Tarkistuksen tulos", "Resultat av kontrollen", "Check result"),
    "import.errors_found": (
        "{count} virhettä: nämä rivit eivät tule tuoduiksi.",
        "{count} fel: dessa rader importeras inte.",
        "{count} errors: these rows will not be imported.",
    ),
    "import.committed": (
        "{file}: {status}. Uusia rivejä {written}, jo tallessa {already}, karanteeniin {rejected}.",
        "{file}: {status}. Nya rader {written}, redan sparade {already}, till karantän {rejected}.",
        "{file}: {status}. New rows {written}, already stored {already}, quarantined {rejected}.",
    ),
    "import.history_title": ("Tuontihistoria", "Importhistorik", "Import history"),
    "import.no_history": (
        "Tietoja ei ole vielä tuotu.",
        "Inga data har importerats ännu.",
        "Nothing has been imported yet.",
    ),
    "import.pick_batch": ("Karanteenitiedosto erästä", "Karantänfil från batch", "Quarantine file of batch"),
    "import.download": (
        "Lataa karanteenitiedosto (CSV)",
        "Ladda ner karantänfilen (CSV)",
        "Download the quarantine file (CSV)",
    ),
    "import.admin_only": (
        "Vain ylläpitäjä voi tuoda tietoja.",
        "Endast administratören kan importera data.",
        "Only an administrator can import data.",
    ),
    "import.status.ok": ("kaikki rivit hyväksytty", "alla rader godkända", "all rows accepted"),
    "import.status.partial": (
        "osa riveistä karanteenissa",
        "en del rader i karantän",
        "some rows quarantined",
    ),
    "import.status.rejected": ("mitään ei tuotu", "inget importerades", "nothing imported"),
    "import.status.unreadable": ("tiedostoa ei voi lukea", "filen kan inte läsas", "the file cannot be read"),
    "import.batch_status.committed": ("tuotu", "importerad", "imported"),
    "import.batch_status.partial": ("osittain tuotu", "delvis importerad", "partly imported"),
    "import.batch_status.rejected": ("hylätty", "avvisad", "rejected"),
    "import.batch_status.retention": ("säilytysajan poisto", "gallring", "retention deletion"),
    "import.col.file": ("Tiedosto", "Fil", "File"),
    "import.col.row": ("Rivi", "Rad", "Line"),
    "import.col.column": ("Sarake", "Kolumn", "Column"),
    "import.col.reason": ("Syy", "Orsak", "Reason"),
    "import.col.status": ("Tila", "Status", "Status"),
    "import.col.rows_in": ("Rivejä", "Rader", "Rows"),
    "import.col.written": ("Uusia", "Nya", "New"),
    "import.col.already": ("Jo tallessa", "Redan sparade", "Already stored"),
    "import.col.rejected": ("Hylätty", "Avvisade", "Rejected"),
    "import.col.batch_id": ("Erä", "Batch", "Batch"),
    "import.col.imported_at": ("Aika", "Tid", "Time"),
    "import.col.source": ("Lähde", "Källa", "Source"),
    "import.col.file_name": ("Tiedosto", "Fil", "File"),
    "import.col.imported_by": ("Tuoja", "Importerad av", "Imported by"),
    "import.col.rows_accepted": ("Hyväksytty", "Godkända", "Accepted"),
    "import.col.rows_rejected": ("Hylätty", "Avvisade", "Rejected"),
}

EXTRA_MESSAGES = {
    language: {
        **{key: texts[index] for key, texts in _MESSAGES.items()},
        **{f"import.kind.{kind}": texts[index] for kind, texts in _KINDS.items()},
    }
    for index, language in enumerate(("fi", "sv", "en"))
}

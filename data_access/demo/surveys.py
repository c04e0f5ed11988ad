"""Customer surveys in long format: Palvelumittari, the päihdehuolto survey, school grades, THL's model.

Means follow seed 004 (Palvelumittari and päihdehuolto tables, sosiaaliasemat grades 7.9–9.2) and
seed 000 (THL rounds: terveysasemat 3.9–4.8, neuvolat 4.6, suun terveydenhuolto 4.7).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from data_access.demo.common import (
    DemoConfig,
    choice_index,
    day_range,
    pick_strings,
    row_choice,
    tilted_probabilities,
    weekday,
)
from data_access.demo.organisation import Organisation

SURVEYS = (
    ("palvelumittari", "Palvelumittari", "Servicemätaren", "Service meter"),
    (
        "paihdehuolto",
        "Päihdehuollon asiakaskysely",
        "Klientenkät inom missbrukarvården",
        "Substance abuse services client survey",
    ),
    (
        "thl",
        "THL:n kansallinen asiakaspalaute",
        "THL:s nationella kundrespons",
        "THL national customer feedback",
    ),
)

# item_id, survey, fi, sv, en, scale min/max, kind, theme, mean
PALVELUMITTARI = (
    (
        "pm-tieto",
        "Olen saanut riittävästi tietoa ja neuvontaa",
        "Jag har fått tillräckligt med information och rådgivning",
        "I have received enough information and advice",
        "tiedonsaanti",
        4.1,
    ),
    (
        "pm-kohtelu",
        "Olen saanut asiallista kohtelua",
        "Jag har blivit sakligt bemött",
        "I have been treated appropriately",
        "kohtaaminen",
        4.4,
    ),
    (
        "pm-asiantuntevuus",
        "Saamani palvelu on ollut asiantuntevaa",
        "Den service jag fått har varit sakkunnig",
        "The service I received was competent",
        "kohtaaminen",
        4.3,
    ),
    (
        "pm-tarpeet",
        "Saamani palvelu on vastannut tarpeitani",
        "Den service jag fått har motsvarat mina behov",
        "The service met my needs",
        "hyodyllisyys",
        4.1,
    ),
    (
        "pm-nopeus",
        "Olen saanut palvelua riittävän nopeasti",
        "Jag har fått service tillräckligt snabbt",
        "I received the service quickly enough",
        "saatavuus",
        4.0,
    ),
    (
        "pm-osallistuminen",
        "Olen voinut osallistua palveluni suunnitteluun ja arviointiin",
        "Jag har kunnat delta i planeringen och utvärderingen av min service",
        "I could take part in planning and evaluating my service",
        "osallistuminen",
        3.6,
    ),
    (
        "pm-elamantilanne",
        "Saamani apu on parantanut elämäntilannettani",
        "Hjälpen jag fått har förbättrat min livssituation",
        "The help I received improved my life situation",
        "hyodyllisyys",
        4.0,
    ),
)
PAIHDEHUOLTO = (
    (
        "ph-kohtelu",
        "Saamani kohtelu on ollut asiallista ja ystävällistä",
        "Jag har blivit sakligt och vänligt bemött",
        "I was treated properly and kindly",
        "kohtaaminen",
        3.8,
    ),
    (
        "ph-asiantuntevuus",
        "Työntekijät ovat asiantuntevia",
        "Personalen är sakkunnig",
        "The staff are competent",
        "kohtaaminen",
        3.6,
    ),
    (
        "ph-paasy",
        "Yksikön palveluihin pääsy sujui nopeasti ja vaivatta",
        "Det gick snabbt och smidigt att få service",
        "Getting to the services was quick and easy",
        "saatavuus",
        3.6,
    ),
    (
        "ph-kuulluksi",
        "Tarpeitani kuultiin riittävästi hoitoa suunniteltaessa ja toteutettaessa",
        "Mina behov beaktades när vården planerades och genomfördes",
        "My needs were heard when my care was planned and carried out",
        "osallistuminen",
        3.5,
    ),
    (
        "ph-ohjaus",
        "Olen saanut riittävästi ohjausta ja neuvontaa",
        "Jag har fått tillräckligt med handledning och rådgivning",
        "I have received enough guidance and advice",
        "tiedonsaanti",
        3.4,
    ),
    (
        "ph-elamantilanne",
        "Saamani hoito on parantanut elämäntilannettani",
        "Vården har förbättrat min livssituation",
        "The care improved my life situation",
        "hyodyllisyys",
        3.4,
    ),
    (
        "ph-paihteet",
        "Saamani hoito on vähentänyt päihteiden käyttöäni",
        "Vården har minskat mitt missbruk",
        "The care reduced my substance use",
        "hyodyllisyys",
        3.3,
    ),
)
THL_BASIC = (
    (
        "thl-yhteys",
        "Yhteyden saaminen oli helppoa",
        "Det var lätt att få kontakt",
        "It was easy to get in touch",
        "saatavuus",
        4.2,
        ("Lei álki oažžut oktavuođa", "Ohtâvuođâ finnim lâi älkki", "Õhttvuõđ vuäžžam leäi kevves"),
    ),
    (
        "thl-aika",
        "Sain palvelua kohtuullisessa ajassa",
        "Jag fick service inom rimlig tid",
        "I received the service within a reasonable time",
        "saatavuus",
        4.3,
        (
            "Ožžon bálvalusa govttolaš áiggis",
            "Finnim palvâlus kuáivui ääigist",
            "Vuäžžam kääzzkõõzz jiõm äigga",
        ),
    ),
    (
        "thl-kohtelu",
        "Minua kohdeltiin ystävällisesti",
        "Jag bemöttes vänligt",
        "I was treated kindly",
        "kohtaaminen",
        4.7,
        ("Mu meannudedje ustitlaččat", "Muu kohtâlii ustâvlávt", "Muu õhttsõõtte vuõiggsânji"),
    ),
    (
        "thl-osallistuminen",
        "Sain osallistua itseäni koskevaan päätöksentekoon",
        "Jag fick delta i beslut om mig själv",
        "I could take part in decisions about me",
        "osallistuminen",
        4.4,
        ("Besson searvat mearrádusaide", "Pessim uásálistiđ miärádâsáid", "Piâzzam vueʹssõõttâd tuõmmõõzzid"),
    ),
    (
        "thl-yksityisyys",
        "Yksityisyyttäni kunnioitettiin",
        "Min integritet respekterades",
        "My privacy was respected",
        "turvallisuus",
        4.8,
        ("Mu priváhtavuohta gudnejahttui", "Muu priivaatvuotâ kunnijâttui", "Muu priivatvuõđ ciistâlvuâlžži"),
    ),
    (
        "thl-sahkoinen",
        "Sain tietoa sähköisistä omahoitopalveluista",
        "Jag fick information om elektroniska egenvårdstjänster",
        "I received information on electronic self-care services",
        "tiedonsaanti",
        3.9,
        (
            "Ožžon dieđu elektrovnnalaš bálvalusain",
            "Finnim tiäđu šleđgâlâš palvâlusâin",
            "Vuäžžam teâđ neʹttkääzzkõõzzin",
        ),
    ),
    (
        "thl-hyoty",
        "Palvelusta oli minulle hyötyä",
        "Jag hade nytta av servicen",
        "The service was useful to me",
        "hyodyllisyys",
        4.5,
        ("Bálvalusas lei munnje ávki", "Palvâlusâst lâi munjin ävkki", "Kääzzkõõzzâst leäi muʹnne äuʹǩǩ"),
    ),
    (
        "thl-kokonais",
        "Kokonaisarvio saamastani palvelusta",
        "Helhetsbedömning av servicen",
        "Overall rating of the service",
        "kokonaisarvio",
        4.6,
        (
            "Oppalaš árvvoštallan bálvalusas",
            "Ubâlâš árvuštâllâm palvâlusâst",
            "Ooudâsǩeâttlaž ärvvtõs kääzzkõõzzâst",
        ),
    ),
)
THL_NPS = (
    "thl-nps",
    "Kuinka todennäköisesti suosittelisit palvelua läheisillesi?",
    "Hur sannolikt är det att du skulle rekommendera tjänsten till dina närstående?",
    "How likely would you recommend the service to people close to you?",
    (
        "Man jáhkehahtti lea ahte ávžžuhivččet bálvalusa lagamuččaidasat?",
        "Moftâ jáháttâttâ lii, ete ávžuuččih palvâlus lagemušáid?",
        "Mii jäännmõsân tuʹst ääʹvžžääč kääzzkõõzz läʹhɡǥsaž oummuid?",
    ),
)
GRADE_ITEMS = (
    (
        "pm-arvosana",
        "palvelumittari",
        "Kouluarvosana saamastani palvelusta",
        "Skolvitsord för servicen",
        "School grade for the service",
    ),
    (
        "ph-arvosana",
        "paihdehuolto",
        "Kouluarvosana saamastani palvelusta",
        "Skolvitsord för servicen",
        "School grade for the service",
    ),
)
SOCIAL_GRADES = {
    "sos-pasila": 9.2,
    "sos-kallio": 8.3,
    "sos-malmi": 8.7,
    "sos-vuosaari": 8.2,
    "sos-haaga": 8.4,
    "sos-itakeskus": 8.9,
    "sos-kontula": 9.1,
}
"""School grades of the social welfare offices, in the range of seed 004 Taulukko 8."""

# survey → services, yearly answering window (month, day) → (month, day)
ROUNDS = {
    "palvelumittari": (("sos", "lsu", "vam", "pkk"), ((10, 1), (11, 30))),
    "paihdehuolto": (("psy",), ((3, 1), (4, 30))),
}
THL_ROUNDS = {"ter": ((9, 24), (10, 14)), "ham": ((10, 29), (11, 16)), "neu": ((11, 19), (12, 7))}
THL_FIRST_YEAR = 2016
"""The national THL survey runs every second autumn from 2016 on."""
THL_LEVEL = {"ter": 0.0, "ham": 0.1, "neu": 0.05}

LANGUAGES = ("fin", "swe", "eng", "rus", "som", "ara", "est", "sme", "smn", "sms")
LANGUAGE_WEIGHTS = (0.9, 0.06, 0.02, 0.006, 0.005, 0.005, 0.004, 0.0, 0.0, 0.0)
SAMI_PER_ROUND = {"sme": 2.0, "smn": 1.0, "sms": 0.7}
ROLES = ("client", "relative", "child")
CHANNELS = ("visit", "remote", "digital", "phone")
AGE_GROUPS = ("0-17", "18-29", "30-49", "50-64", "65-74", "75+")
AGE_WEIGHTS = {
    "neu": (0.0, 0.3, 0.7, 0.0, 0.0, 0.0),
    "pkk": (0.05, 0.3, 0.6, 0.05, 0.0, 0.0),
    "lsu": (0.3, 0.2, 0.45, 0.05, 0.0, 0.0),
}
DEFAULT_AGES = (0.03, 0.15, 0.3, 0.25, 0.15, 0.12)


def survey_dimensions() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``survey`` and ``survey_item`` tables."""
    surveys = pd.DataFrame(SURVEYS, columns=["survey_id", "name_fi", "name_sv", "name_en"])
    rows = []
    for survey_id, items, top in (("palvelumittari", PALVELUMITTARI, 5), ("paihdehuolto", PAIHDEHUOLTO, 4)):
        for item_id, fi, sv, en, theme, _ in items:
            rows.append(_item(item_id, survey_id, (fi, sv, en), (None, None, None), 1, top, "likert", theme))
    for item_id, fi, sv, en, theme, _, sami in THL_BASIC:
        rows.append(_item(item_id, "thl", (fi, sv, en), sami, 1, 5, "likert", theme))
    rows.append(_item(THL_NPS[0], "thl", THL_NPS[1:4], THL_NPS[4], 0, 10, "nps", "kokonaisarvio"))
    for item_id, survey_id, fi, sv, en in GRADE_ITEMS:
        rows.append(
            _item(item_id, survey_id, (fi, sv, en), (None, None, None), 4, 10, "grade", "kokonaisarvio")
        )
    return surveys, pd.DataFrame(rows)


def _item(
    item_id: str,
    survey_id: str,
    texts: tuple[str, ...],
    sami: tuple[str | None, ...],
    low: int,
    high: int,
    kind: str,
    theme: str,
) -> dict:
    return {
        "item_id": item_id,
        "survey_id": survey_id,
        "text_fi": texts[0],
        "text_sv": texts[1],
        "text_en": texts[2],
        "text_sme": sami[0],
        "text_smn": sami[1],
        "text_sms": sami[2],
        "scale_min": low,
        "scale_max": high,
        "kind": kind,
        "theme": theme,
    }


def _round_days(year: int, window: tuple[tuple[int, int], tuple[int, int]], until: date) -> np.ndarray:
    days = day_range(date(year, *window[0]), date(year, *window[1]))
    days = days[weekday(days) < 5]
    return days[days <= np.datetime64(until)]


def _responses(
    config: DemoConfig,
    organisation: Organisation,
    survey_id: str,
    services: tuple[str, ...],
    days: np.ndarray,
    per_unit: float,
    year: int,
) -> pd.DataFrame:
    """One row per response: unit, date and the respondent's background."""
    rng = config.rng("survey_answer", survey_id, year, *services)
    units = organisation.units_of(*services)
    units = units[
        organisation.open_mask(units, days[-1:])[:, 0] & organisation.open_mask(units, days[:1])[:, 0]
    ]
    counts = rng.poisson(per_unit * rng.uniform(0.6, 1.4, units.size))
    unit_of_row = np.repeat(units, counts)
    n = unit_of_row.size
    service = organisation.units["service_id"].to_numpy()[unit_of_row]
    language = choice_index(rng, LANGUAGE_WEIGHTS, n)
    for code, mean in SAMI_PER_ROUND.items():
        chosen = rng.choice(n, size=min(n, rng.poisson(mean)), replace=False)
        language[chosen] = LANGUAGES.index(code)
    role = np.where(
        np.isin(service, ("neu", "pkk")),
        choice_index(rng, (0.15, 0.85, 0.0), n),
        choice_index(rng, (0.86, 0.11, 0.03), n),
    )
    remote = 0.2 if year >= 2020 else 0.06
    ages = np.stack([AGE_WEIGHTS.get(s, DEFAULT_AGES) for s in services])
    age_table = np.cumsum(
        ages[np.searchsorted(np.array(services), service, sorter=np.argsort(services))], axis=1
    )
    age_rows = row_choice(rng, age_table / age_table[:, -1:])
    return pd.DataFrame(
        {
            "unit": unit_of_row,
            "answered_on": days[rng.integers(0, days.size, n)],
            "respondent_role": pick_strings(ROLES, role),
            "language": pick_strings(LANGUAGES, language),
            "channel": pick_strings(CHANNELS, choice_index(rng, (0.9 - remote, remote, 0.07, 0.03), n)),
            "age_group": pick_strings(AGE_GROUPS, age_rows),
            "provider": pick_strings(("own", "purchased"), choice_index(rng, (0.9, 0.1), n)),
        }
    )


def _answers(
    rng: np.random.Generator,
    responses: pd.DataFrame,
    item_id: str,
    means: np.ndarray,
    low: int,
    high: int,
    missing: float,
) -> pd.DataFrame:
    """Values of one item for every response; ``means`` per response on the item's scale."""
    points = high - low + 1
    probabilities = tilted_probabilities(np.clip((means - low) / (high - low), 0.02, 0.98), points)
    values = (row_choice(rng, np.cumsum(probabilities, axis=1)) + low).astype(float)
    values[rng.random(values.size) < missing] = np.nan
    return responses.assign(item_id=item_id, value=values)


def survey_answers_year(config: DemoConfig, organisation: Organisation, year: int) -> pd.DataFrame:
    """All survey answers of a year (long format)."""
    parts = []
    unit_ids = np.array(organisation.unit_ids)
    for survey_id, (services, window) in ROUNDS.items():
        days = _round_days(year, window, config.until)
        if not days.size:
            continue
        responses = _responses(config, organisation, survey_id, services, days, 90.0, year).assign(
            survey=survey_id
        )
        rng = config.rng("survey_values", survey_id, year)
        unit_shift = rng.normal(0, 0.12, len(unit_ids))[responses["unit"].to_numpy()]
        items, top, grade_item = (
            (PALVELUMITTARI, 5, "pm-arvosana")
            if survey_id == "palvelumittari"
            else (PAIHDEHUOLTO, 4, "ph-arvosana")
        )
        for item_id, *_, mean in items:
            parts.append(_answers(rng, responses, item_id, mean + unit_shift, 1, top, 0.05))
        grade_default = 8.6 if survey_id == "palvelumittari" else 8.8
        grade = np.array([SOCIAL_GRADES.get(u, grade_default) for u in unit_ids[responses["unit"]]])
        grade = grade + np.where(np.char.startswith(unit_ids[responses["unit"]], "sos-"), 0, unit_shift * 2)
        parts.append(_answers(rng, responses, grade_item, grade, 4, 10, 0.02))
    if year >= THL_FIRST_YEAR and year % 2 == 0:
        for service_id, window in THL_ROUNDS.items():
            days = _round_days(year, window, config.until)
            if not days.size:
                continue
            responses = _responses(config, organisation, "thl", (service_id,), days, 130.0, year)
            responses = responses.assign(survey="thl")
            rng = config.rng("survey_values", "thl", service_id, year)
            shift = rng.normal(0, 0.08, len(unit_ids))[responses["unit"].to_numpy()] + THL_LEVEL[service_id]
            for item_id, *_, mean, _sami in THL_BASIC:
                parts.append(_answers(rng, responses, item_id, np.minimum(mean + shift, 4.85), 1, 5, 0.06))
            parts.append(_answers(rng, responses, THL_NPS[0], 8.9 + 2 * shift, 0, 10, 0.03))
    if not parts:
        return pd.DataFrame()
    return _with_response_ids(pd.concat(parts, ignore_index=True), unit_ids, year)


def _with_response_ids(frame: pd.DataFrame, unit_ids: np.ndarray, year: int) -> pd.DataFrame:
    """Response ids per (survey, respondent): answers of one respondent share the id."""
    respondent = frame.groupby(["survey", "item_id"], sort=False).cumcount()
    survey_code = frame["survey"].map({"palvelumittari": "pm", "paihdehuolto": "ph", "thl": "thl"})
    ident = survey_code + f"-{year}-" + respondent.astype(str).str.zfill(6)
    return pd.DataFrame(
        {
            "response_id": ident,
            "item_id": frame["item_id"],
            "value": frame["value"],
            "answered_on": frame["answered_on"],
            "unit_id": unit_ids[frame["unit"].to_numpy()],
            "respondent_role": frame["respondent_role"],
            "language": frame["language"],
            "channel": frame["channel"],
            "age_group": frame["age_group"],
            "provider": frame["provider"],
        }
    )

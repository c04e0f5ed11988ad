"""The demo organisation: service areas, services, units with real Helsinki districts, source codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

SERVICE_AREAS = (
    ("tpp", "Terveys- ja päihdepalvelut", "Hälso- och missbrukarvård", "Health and Substance Abuse Services"),
    ("pso", "Perhe- ja sosiaalipalvelut", "Familje- och socialtjänster", "Family and Social Services"),
    (
        "skh",
        "Sairaala-, kuntoutus- ja hoivapalvelut",
        "Sjukhus-, rehabiliterings- och omsorgstjänster",
        "Hospital, Rehabilitation and Care Services",
    ),
    (
        "hkp",
        "Henkilöstö- ja kehittämispalvelut",
        "Personal- och utvecklingstjänster",
        "HR and Development Services",
    ),
)

# service_id, area, names fi/sv/en, unit name pattern fi/sv/en ({g} = Finnish genitive, {s} = Swedish form)
SERVICES = (
    (
        "ter",
        "tpp",
        "Terveysasemat",
        "Hälsostationer",
        "Health stations",
        "{g} terveysasema",
        "{s} hälsostation",
        "{e} health station",
    ),
    (
        "ham",
        "tpp",
        "Hammashoitolat",
        "Tandkliniker",
        "Dental clinics",
        "{g} hammashoitola",
        "{s} tandklinik",
        "{e} dental clinic",
    ),
    (
        "pai",
        "tpp",
        "Päivystykset",
        "Jourer",
        "Emergency clinics",
        "{g} päivystys",
        "{s} jour",
        "{e} emergency clinic",
    ),
    (
        "psy",
        "tpp",
        "Psykiatria- ja päihdepalvelut",
        "Psykiatri- och missbrukartjänster",
        "Psychiatric and substance abuse services",
        "{g} psykiatria- ja päihdekeskus",
        "{s} psykiatri- och missbrukarcentral",
        "{e} psychiatry and substance abuse centre",
    ),
    (
        "neu",
        "pso",
        "Neuvolat",
        "Rådgivningsbyråer",
        "Child health clinics",
        "{g} neuvola",
        "{s} rådgivningsbyrå",
        "{e} child health clinic",
    ),
    (
        "pkk",
        "pso",
        "Perhekeskukset",
        "Familjecentraler",
        "Family centres",
        "{g} perhekeskus",
        "{s} familjecentral",
        "{e} family centre",
    ),
    (
        "sos",
        "pso",
        "Sosiaaliasemat",
        "Socialstationer",
        "Social welfare offices",
        "{g} sosiaaliasema",
        "{s} socialstation",
        "{e} social welfare office",
    ),
    (
        "lsu",
        "pso",
        "Lastensuojelu ja perhesosiaalityö",
        "Barnskydd och familjesocialarbete",
        "Child welfare and family social work",
        "{g} perhesosiaalityö",
        "{s} familjesocialarbete",
        "{e} family social work",
    ),
    (
        "vam",
        "pso",
        "Vammaispalvelut",
        "Handikappservice",
        "Disability services",
        "{g} vammaistyön yksikkö",
        "{s} handikapparbete",
        "{e} disability services",
    ),
    ("kot", "skh", "Kotihoito", "Hemvård", "Home care", "{g} kotihoito", "{s} hemvård", "{e} home care"),
    (
        "mpk",
        "skh",
        "Monipuoliset palvelukeskukset",
        "Mångsidiga servicecentraler",
        "Multi-service centres",
        "{g} monipuolinen palvelukeskus",
        "{s} mångsidiga servicecentral",
        "{e} multi-service centre",
    ),
    (
        "sai",
        "skh",
        "Helsingin sairaala",
        "Helsingfors sjukhus",
        "Helsinki Hospital",
        "{g} sairaala",
        "{s} sjukhus",
        "{e} hospital",
    ),
    (
        "kun",
        "skh",
        "Kuntoutus",
        "Rehabilitering",
        "Rehabilitation",
        "{g} kuntoutusyksikkö",
        "{s} rehabiliteringsenhet",
        "{e} rehabilitation unit",
    ),
    (
        "hkk",
        "hkp",
        "Henkilöstö- ja kehittämispalvelut",
        "Personal- och utvecklingstjänster",
        "HR and development services",
        "{g} henkilöstöpalvelut",
        "{s} personaltjänster",
        "{e} HR services",
    ),
)

# key: Finnish name, Finnish genitive, Swedish form used in unit names, English name
DISTRICTS = {
    "kallio": ("Kallio", "Kallion", "Berghälls", "Kallio"),
    "kamppi": ("Kamppi", "Kampin", "Kampens", "Kamppi"),
    "malmi": ("Malmi", "Malmin", "Malms", "Malmi"),
    "maunula": ("Maunula", "Maunulan", "Månsas", "Maunula"),
    "myllypuro": ("Myllypuro", "Myllypuron", "Kvarnbäckens", "Myllypuro"),
    "vuosaari": ("Vuosaari", "Vuosaaren", "Nordsjö", "Vuosaari"),
    "itakeskus": ("Itäkeskus", "Itäkeskuksen", "Östra centrums", "Itäkeskus"),
    "haaga": ("Haaga", "Haagan", "Haga", "Haaga"),
    "herttoniemi": ("Herttoniemi", "Herttoniemen", "Hertonäs", "Herttoniemi"),
    "kalasatama": ("Kalasatama", "Kalasataman", "Fiskehamnens", "Kalasatama"),
    "lassila": ("Lassila", "Lassilan", "Lassas", "Lassila"),
    "pihlajamaki": ("Pihlajamäki", "Pihlajamäen", "Rönnbacka", "Pihlajamäki"),
    "puistola": ("Puistola", "Puistolan", "Parkstads", "Puistola"),
    "munkkiniemi": ("Munkkiniemi", "Munkkiniemen", "Munksnäs", "Munkkiniemi"),
    "laajasalo": ("Laajasalo", "Laajasalon", "Degerö", "Laajasalo"),
    "viikki": ("Viikki", "Viikin", "Viks", "Viikki"),
    "kivikko": ("Kivikko", "Kivikon", "Stensböle", "Kivikko"),
    "jakomaki": ("Jakomäki", "Jakomäen", "Jakobacka", "Jakomäki"),
    "kontula": ("Kontula", "Kontulan", "Gårdsbacka", "Kontula"),
    "toolo": ("Töölö", "Töölön", "Tölö", "Töölö"),
    "vallila": ("Vallila", "Vallilan", "Vallgårds", "Vallila"),
    "suutarila": ("Suutarila", "Suutarilan", "Skomakarböle", "Suutarila"),
    "paloheina": ("Paloheinä", "Paloheinän", "Svedängens", "Paloheinä"),
    "pasila": ("Pasila", "Pasilan", "Böle", "Pasila"),
    "ruoholahti": ("Ruoholahti", "Ruoholahden", "Gräsvikens", "Ruoholahti"),
    "lauttasaari": ("Lauttasaari", "Lauttasaaren", "Drumsö", "Lauttasaari"),
    "sornainen": ("Sörnäinen", "Sörnäisten", "Sörnäs", "Sörnäinen"),
    "kannelmaki": ("Kannelmäki", "Kannelmäen", "Gamlas", "Kannelmäki"),
    "malminkartano": ("Malminkartano", "Malminkartanon", "Malmgårds", "Malminkartano"),
    "tapanila": ("Tapanila", "Tapanilan", "Mosabacka", "Tapanila"),
    "pukinmaki": ("Pukinmäki", "Pukinmäen", "Bocksbacka", "Pukinmäki"),
    "koskela": ("Koskela", "Koskelan", "Forsby", "Koskela"),
    "laakso": ("Laakso", "Laakson", "Dals", "Laakso"),
    "suursuo": ("Suursuo", "Suursuon", "Stormossens", "Suursuo"),
    "haartman": ("Meilahti", "Haartmanin", "Haartmanska", "Haartman"),
    "kapyla": ("Käpylä", "Käpylän", "Kottby", "Käpylä"),
    "oulunkyla": ("Oulunkylä", "Oulunkylän", "Åggelby", "Oulunkylä"),
    "roihuvuori": ("Roihuvuori", "Roihuvuoren", "Kasbergets", "Roihuvuori"),
    "keskusta": ("Kluuvi", "Keskustan", "Centrums", "Central"),
}

UNITS_BY_SERVICE = {
    "ter": "kallio kamppi malmi maunula myllypuro vuosaari itakeskus haaga herttoniemi kalasatama lassila "
    "pihlajamaki puistola munkkiniemi laajasalo viikki kivikko jakomaki kontula toolo vallila suutarila "
    "paloheina ruoholahti lauttasaari sornainen kannelmaki malminkartano",
    "ham": "kallio kamppi malmi herttoniemi itakeskus haaga vuosaari kontula lauttasaari toolo viikki "
    "maunula myllypuro munkkiniemi pihlajamaki puistola kannelmaki laajasalo kivikko vallila",
    "pai": "haartman malmi",
    "psy": "kallio itakeskus malmi haaga vuosaari toolo herttoniemi pasila",
    "neu": "kallio kamppi malmi maunula myllypuro vuosaari itakeskus haaga herttoniemi lassila pihlajamaki "
    "laajasalo kontula toolo vallila suutarila lauttasaari jakomaki",
    "pkk": "itakeskus kalasatama malmi vuosaari kamppi haaga",
    "sos": "kallio itakeskus malmi vuosaari haaga kontula pasila",
    "lsu": "itakeskus malmi pasila vuosaari",
    "vam": "kallio pasila malmi itakeskus",
    "kot": "kallio toolo haaga malmi pasila vuosaari kontula herttoniemi munkkiniemi lauttasaari",
    "mpk": "kallio kontula koskela laakso myllypuro haaga malmi",
    "sai": "laakso malmi herttoniemi suursuo haartman",
    "kun": "myllypuro laakso kontula malmi",
    "hkk": "keskusta",
}

OPEN = date(2016, 1, 1)
VALIDITY: dict[str, tuple[date, date | None]] = {
    "ter-kalasatama": (date(2018, 5, 1), None),
    "ter-sornainen": (OPEN, date(2018, 12, 31)),
    "ham-kivikko": (OPEN, date(2019, 6, 30)),
    "pkk-kalasatama": (date(2018, 5, 1), None),
    "pkk-kamppi": (date(2021, 9, 1), None),
    "hkk-keskusta": (OPEN, date(2016, 12, 31)),
}
"""Openings and closures: Sörnäinen health station merged into the Kalasatama health and wellbeing
centre (opened 1.5.2018) at the end of 2018; the HR area existed in 2016 only."""

SPECIAL_NAMES = {
    "ter-kalasatama": (
        "Kalasataman terveys- ja hyvinvointikeskus",
        "Fiskehamnens hälso- och välfärdscentral",
        "Kalasatama health and wellbeing centre",
    ),
    "hkk-keskusta": (
        "Henkilöstö- ja kehittämispalvelut",
        "Personal- och utvecklingstjänster",
        "HR and development",
    ),
}


@dataclass(frozen=True)
class Organisation:
    """The dimension tables and per-unit arrays the fact generators use."""

    service_areas: pd.DataFrame
    services: pd.DataFrame
    units: pd.DataFrame
    source_unit_map: pd.DataFrame

    @property
    def unit_ids(self) -> list[str]:
        return self.units["unit_id"].tolist()

    def units_of(self, *service_ids: str) -> np.ndarray:
        """Positions (in ``units``) of the units of the services."""
        return np.flatnonzero(self.units["service_id"].isin(service_ids).to_numpy())

    def open_mask(self, unit_positions: np.ndarray, days: np.ndarray) -> np.ndarray:
        """units × days: True where the unit is open on the day."""
        start = self.units["valid_from"].to_numpy(dtype="datetime64[D]")[unit_positions]
        end = self.units["valid_to"].fillna(pd.Timestamp("2262-01-01")).to_numpy(dtype="datetime64[D]")
        end = end[unit_positions]
        return (days[None, :] >= start[:, None]) & (days[None, :] <= end[:, None])


def _unit_rows() -> list[dict]:
    patterns = {s[0]: s for s in SERVICES}
    rows = []
    for service_id, keys in UNITS_BY_SERVICE.items():
        _, area, *_names, fi, sv, en = patterns[service_id]
        for key in keys.split():
            name, genitive, swedish, english = DISTRICTS[key]
            unit_id = f"{service_id}-{key}"
            names = SPECIAL_NAMES.get(unit_id) or (
                fi.format(g=genitive),
                sv.format(s=swedish),
                en.format(e=english),
            )
            valid_from, valid_to = VALIDITY.get(unit_id, (OPEN, None))
            rows.append(
                {
                    "unit_id": unit_id,
                    "name_fi": names[0],
                    "name_sv": names[1],
                    "name_en": names[2],
                    "service_id": service_id,
                    "service_area_id": area,
                    "district": name,
                    "valid_from": valid_from,
                    "valid_to": valid_to,
                }
            )
    return rows


def build_organisation() -> Organisation:
    """The organisation dimensions (fixed, independent of the seed)."""
    areas = pd.DataFrame(SERVICE_AREAS, columns=["service_area_id", "name_fi", "name_sv", "name_en"])
    services = pd.DataFrame(
        [s[:5] for s in SERVICES], columns=["service_id", "service_area_id", "name_fi", "name_sv", "name_en"]
    )
    units = pd.DataFrame(_unit_rows())
    positions = np.arange(len(units))
    mapping = pd.concat(
        [
            pd.DataFrame({"source": "happyornot", "source_key": (41000 + 17 * positions).astype(str)}),
            pd.DataFrame({"source": "open311", "source_key": (8000 + 23 * positions).astype(str)}),
            pd.DataFrame({"source": "register", "source_key": [f"SOTE-{1100 + p:04d}" for p in positions]}),
        ],
        ignore_index=True,
    )
    mapping["unit_id"] = np.tile(units["unit_id"].to_numpy(), 3)
    return Organisation(areas, services, units, mapping)


def touchpoints(organisation: Organisation) -> np.ndarray:
    """The HappyOrNot experience point id of each unit (position-aligned with ``units``)."""
    keys = organisation.source_unit_map
    happy = keys[keys["source"] == "happyornot"].set_index("unit_id")["source_key"]
    return happy.reindex(organisation.units["unit_id"]).to_numpy()

"""The metric catalog: every KPI of DESIGN.md §4 defined once.

``CATALOG[metric_id]`` is a :class:`MetricDef` with the metric's channel, statistic kind,
fi/sv/en names and one-line descriptions, formula text, unit, direction, default minimum n
and the dimensions it can be grouped and filtered by. ``CHANNELS`` lists the channels (the
keys of :func:`metrics.freshness.data_through`).

Units: ``index`` (0–100), ``percent`` (shares are 0–100, deltas in percentage points),
``nps`` (−100…100), ``scale`` (the statement's own scale), ``grade`` (4–10), ``count``,
``days``, ``per_10k_visits``, ``matters_per_contact``.
"""

from __future__ import annotations

from dataclasses import dataclass

CHANNELS = ("quick_feedback", "survey", "feedback", "case", "ombudsman")

KINDS = ("mean", "share", "nps", "count", "rate")
"""How a metric's value, interval and comparison test are computed (metrics/statistics.py):
``mean`` t-interval and Welch test; ``share`` Wilson interval and two-proportion z-test;
``nps`` variance-formula interval and z-test; ``count`` / ``rate`` exact Poisson interval and
conditional binomial test (per day of the period / per visit)."""

DIMENSIONS: dict[str, str] = {
    "service_area": "service_area_id",
    "service": "service_id",
    "unit": "unit_id",
    "survey": "survey_id",
    "item": "item_id",
    "theme": "theme",
    "scale": "scale",
    "button": "button_index",
    "category": "category",
    "feedback_type": "feedback_type",
    "topic": "topic",
    "channel": "channel",
    "language": "language",
    "respondent_role": "respondent_role",
    "age_group": "age_group",
    "provider": "provider",
    "case_kind": "case_kind",
    "reason": "reason",
    "outcome": "outcome",
    "sector": "sector",
    "hour": "hour",
    "weekday": "weekday",
}
"""Dimension name → the id column it adds to a query's result (beside ``<dim>_name``).

``hour`` (0–23) and ``weekday`` (0 = Monday) are time-of-event dimensions every metric has
(hour only where the data has times); they carry no name column. With ``grain="hour"`` and
``group_by=("weekday",)`` a query returns the hour × weekday grid."""
TIME_DIMENSIONS = ("hour", "weekday")

_ORG = ("service_area", "service", "unit")
QUICK_DIMS = (*_ORG, "channel", "scale")
SURVEY_DIMS = (
    *_ORG,
    "survey",
    "item",
    "theme",
    "channel",
    "language",
    "respondent_role",
    "age_group",
    "provider",
)
FEEDBACK_DIMS = (*_ORG, "feedback_type", "category", "topic", "channel", "language")
CASE_DIMS = (*_ORG, "case_kind", "reason", "outcome")
OMBUDSMAN_DIMS = ("service_area", "sector", "topic")


@dataclass(frozen=True)
class MetricDef:
    """One metric: what it means, how it is computed and how it may be broken down."""

    id: str
    channel: str
    kind: str
    names: dict[str, str]
    descriptions: dict[str, str]
    formula: str
    unit: str
    higher_is_better: bool | None
    """None for volumes, where more is neither better nor worse."""
    dimensions: tuple[str, ...]
    min_n: int = 5
    decimals: int = 1
    smallest_change: float = 0.0
    """The smallest change worth reporting, in the metric's unit (a share of the comparison value
    for ratio-scale units, see :attr:`relative_change`): a significant change below it is small."""

    @property
    def relative_change(self) -> bool:
        """Whether :attr:`smallest_change` is a relative change (counts, rates) rather than points."""
        return self.unit in RELATIVE_UNITS

    def name(self, language: str = "fi") -> str:
        """The metric's name in ``language`` (fi, sv, en)."""
        return self.names[language]

    def description(self, language: str = "fi") -> str:
        """The one-line description in ``language``."""
        return self.descriptions[language]

    @property
    def is_score(self) -> bool:
        """Score cells are suppressed below min n; plain counts only in public mode."""
        return self.kind != "count"


RELATIVE_UNITS = frozenset({"count", "per_10k_visits"})
"""Units whose smallest meaningful change is relative (10 % of the comparison value)."""
SMALLEST_CHANGE = {
    "index": 1.0,
    "percent": 2.0,
    "nps": 5.0,
    "scale": 0.1,
    "grade": 0.1,
    "count": 0.10,
    "per_10k_visits": 0.10,
    "days": 0.5,
    "matters_per_contact": 0.1,
}
"""Each unit's smallest meaningful change (DESIGN.md §4): 1 index point, 2 percentage points,
5 NPS points, 0.1 on a statement's own scale or on the 4–10 grade, 10 % of a count or rate,
half a day of handling time, 0.1 matters per contact."""


def _m(metric_id, channel, kind, names, descriptions, formula, unit, higher, dims, decimals=1, smallest=None):
    return MetricDef(
        id=metric_id,
        channel=channel,
        kind=kind,
        names=dict(zip(("fi", "sv", "en"), names, strict=True)),
        descriptions=dict(zip(("fi", "sv", "en"), descriptions, strict=True)),
        formula=formula,
        unit=unit,
        higher_is_better=higher,
        dimensions=dims,
        decimals=decimals,
        smallest_change=SMALLEST_CHANGE[unit] if smallest is None else smallest,
    )


_METRICS = (
    _m(
        "happy_index",
        "quick_feedback",
        "mean",
        ("Happy-indeksi", "Happy-index", "Happy index"),
        (
            "Pikapalautteen keskiarvo asteikolla 0–100",
            "Snabbrespons medelvärde på skalan 0–100",
            "Mean quick-feedback answer scaled to 0–100",
        ),
        "100 × mean(button_index) / (scale points − 1); misuse excluded; four/five-button scales",
        "index",
        True,
        QUICK_DIMS,
    ),
    _m(
        "share_positive",
        "quick_feedback",
        "share",
        ("Myönteisten osuus", "Andel positiva", "Share positive"),
        (
            "Kahden myönteisimmän painikkeen osuus painalluksista",
            "Andel tryck på de två mest positiva knapparna",
            "Share of presses on the two most positive buttons",
        ),
        "100 × presses with button_index ≥ points − 2 / presses; four/five-button scales",
        "percent",
        True,
        QUICK_DIMS,
    ),
    _m(
        "very_positive_share",
        "quick_feedback",
        "share",
        ("Erittäin myönteisten osuus", "Andel mycket positiva", "Very positive share"),
        (
            "Ylimmän painikkeen osuus painalluksista",
            "Andel tryck på den översta knappen",
            "Share of presses on the top button of the scale",
        ),
        "100 × presses with button_index = points − 1 / presses; four/five-button scales",
        "percent",
        True,
        QUICK_DIMS,
    ),
    _m(
        "response_count",
        "quick_feedback",
        "count",
        ("Pikapalautteiden määrä", "Antal snabbresponser", "Quick-feedback responses"),
        (
            "Painallusten määrä ilman väärinkäyttöä",
            "Antal knapptryck utan missbruk",
            "Number of button presses, misuse excluded",
        ),
        "count(presses); misuse excluded",
        "count",
        None,
        (*QUICK_DIMS, "button"),
        0,
    ),
    _m(
        "statement_mean",
        "survey",
        "mean",
        ("Väittämän keskiarvo", "Påståendets medelvärde", "Statement mean"),
        (
            "Väittämän keskiarvo sen omalla asteikolla, 'en osaa sanoa' pois lukien",
            "Påståendets medelvärde på dess egen skala, 'vet inte' exkluderat",
            "Mean answer on the statement's own scale, 'don't know' excluded",
        ),
        "mean(value) over likert and grade items; null (don't know) excluded",
        "scale",
        True,
        SURVEY_DIMS,
        2,
    ),
    _m(
        "statement_mean_normalized",
        "survey",
        "mean",
        ("Väittämän keskiarvo 0–100", "Påståendets medelvärde 0–100", "Statement mean 0–100"),
        (
            "Väittämän keskiarvo muunnettuna asteikolle 0–100, jotta eri asteikot ovat vertailukelpoisia",
            "Påståendets medelvärde omräknat till 0–100 så att olika skalor kan jämföras",
            "Statement mean rescaled to 0–100 so different scales can sit side by side",
        ),
        "mean(100 × (value − scale_min) / (scale_max − scale_min)) over likert and grade items",
        "index",
        True,
        SURVEY_DIMS,
        smallest=2.5,
    ),
    _m(
        "agree_share",
        "survey",
        "share",
        ("Samaa mieltä olevien osuus", "Andel som instämmer", "Agree share"),
        (
            "Asteikon kahden ylimmän vaihtoehdon osuus vastauksista",
            "Andel svar på skalans två översta alternativ",
            "Share of answers on the top two points of the scale",
        ),
        "100 × answers with value ≥ scale_max − 1 / answers; likert items",
        "percent",
        True,
        SURVEY_DIMS,
    ),
    _m(
        "school_grade",
        "survey",
        "mean",
        ("Kouluarvosana", "Skolvitsord", "School grade"),
        (
            "Kokonaisarvion keskiarvo kouluarvosana-asteikolla 4–10",
            "Medelvärde av helhetsbedömningen på skolvitsordsskalan 4–10",
            "Mean overall grade on the Finnish school scale 4–10",
        ),
        "mean(value) over grade items (4–10)",
        "grade",
        True,
        SURVEY_DIMS,
        2,
    ),
    _m(
        "nps",
        "survey",
        "nps",
        ("Suositteluindeksi (NPS)", "Rekommendationsindex (NPS)", "Net promoter score"),
        (
            "Suosittelijoiden (9–10) osuus miinus arvostelijoiden (0–6) osuus",
            "Andel rekommendatörer (9–10) minus andel kritiker (0–6)",
            "Per cent promoters (9–10) minus per cent detractors (0–6)",
        ),
        "100 × (promoters − detractors) / answers; interval from var = p + d − (p − d)²",
        "nps",
        True,
        SURVEY_DIMS,
        0,
    ),
    _m(
        "feedback_count",
        "feedback",
        "count",
        ("Palautteiden määrä", "Antal responser", "Feedback count"),
        (
            "Palautejärjestelmään kirjattujen palautteiden määrä",
            "Antal responser registrerade i responssystemet",
            "Number of items received by the feedback system",
        ),
        "count(feedback) by received date",
        "count",
        None,
        FEEDBACK_DIMS,
        0,
    ),
    _m(
        "moite_share",
        "feedback",
        "share",
        ("Moitteiden osuus", "Andel klagomål", "Share of complaints"),
        (
            "Moitteiden osuus kaikista palautteista",
            "Andel klagomål av alla responser",
            "Share of feedback of type moite (complaint)",
        ),
        "100 × count(feedback_type = moite) / count(feedback)",
        "percent",
        False,
        FEEDBACK_DIMS,
    ),
    _m(
        "reply_within_target",
        "feedback",
        "share",
        ("Vastattu tavoiteajassa", "Besvarade inom målet", "Replied within target"),
        (
            "Osuus palautteista, joihin vastattiin viidessä arkipäivässä",
            "Andel responser som besvarades inom fem vardagar",
            "Share of feedback answered within 5 working days",
        ),
        "100 × answered within 5 working days (Mon–Fri minus Finnish holidays) / (answered + overdue)",
        "percent",
        True,
        FEEDBACK_DIMS,
    ),
    _m(
        "handling_days",
        "feedback",
        "mean",
        ("Käsittelyaika (vrk)", "Handläggningstid (dygn)", "Handling time (days)"),
        (
            "Keskimääräinen aika vastaanotosta vastaukseen kalenteripäivinä; mediaani sarakkeessa median",
            "Genomsnittlig tid från mottagande till svar i kalenderdagar; median i kolumnen median",
            "Mean calendar days from receipt to reply; the median is in column median",
        ),
        "mean(answered date − received date) over answered feedback",
        "days",
        False,
        FEEDBACK_DIMS,
    ),
    _m(
        "handling_working_days",
        "feedback",
        "mean",
        ("Käsittelyaika (arkipäivää)", "Handläggningstid (vardagar)", "Handling time (working days)"),
        (
            "Keskimääräinen käsittelyaika arkipäivinä; mediaani sarakkeessa median",
            "Genomsnittlig handläggningstid i vardagar; median i kolumnen median",
            "Mean handling time in working days; the median is in column median",
        ),
        "mean(working days after the received date up to the answered date), Finnish holidays excluded",
        "days",
        False,
        FEEDBACK_DIMS,
    ),
    _m(
        "case_count",
        "case",
        "count",
        ("Muistutukset ja kantelut", "Anmärkningar och klagomål", "Formal cases"),
        (
            "Muistutusten, kanteluiden ja muutoksenhakujen määrä",
            "Antal anmärkningar, klagomål och ändringssökanden",
            "Number of objections, complaints to supervisors and appeals",
        ),
        "count(case) by received date",
        "count",
        None,
        CASE_DIMS,
        0,
    ),
    _m(
        "cases_per_10k_visits",
        "case",
        "rate",
        ("Tapaukset / 10 000 käyntiä", "Ärenden / 10 000 besök", "Cases per 10 000 visits"),
        (
            "Yksiköihin kohdistuneet tapaukset suhteessa käyntimäärään",
            "Ärenden riktade till enheter i förhållande till antalet besök",
            "Cases concerning units per 10 000 visits to those units",
        ),
        "10 000 × count(case with a unit) / sum(visits) over the same units and months",
        "per_10k_visits",
        False,
        _ORG,
        2,
    ),
    _m(
        "ombudsman_contacts",
        "ombudsman",
        "count",
        ("Asiamiehen yhteydenotot", "Ombudsmannens kontakter", "Ombudsman contacts"),
        (
            "Sosiaali- ja potilasasiamiehen yhteydenottojen määrä",
            "Antal kontakter till social- och patientombudsmannen",
            "Number of contacts to the social and patient ombudsman",
        ),
        "count(contacts)",
        "count",
        None,
        OMBUDSMAN_DIMS,
        0,
    ),
    _m(
        "ombudsman_matters",
        "ombudsman",
        "count",
        ("Asiamiehen asiat", "Ombudsmannens ärenden", "Ombudsman matters"),
        (
            "Yhteydenotoissa käsiteltyjen asioiden määrä",
            "Antal ärenden som behandlats i kontakterna",
            "Number of matters raised in ombudsman contacts",
        ),
        "sum(matters)",
        "count",
        None,
        OMBUDSMAN_DIMS,
        0,
    ),
    _m(
        "matters_per_contact",
        "ombudsman",
        "mean",
        ("Asioita / yhteydenotto", "Ärenden per kontakt", "Matters per contact"),
        (
            "Keskimääräinen asioiden määrä yhteydenottoa kohden",
            "Genomsnittligt antal ärenden per kontakt",
            "Mean number of matters per ombudsman contact",
        ),
        "mean(matters)",
        "matters_per_contact",
        None,
        OMBUDSMAN_DIMS,
        2,
    ),
)

CATALOG: dict[str, MetricDef] = {metric.id: metric for metric in _METRICS}


def metric_def(metric_id: str) -> MetricDef:
    """The definition of ``metric_id``; ValueError naming the known ids otherwise."""
    try:
        return CATALOG[metric_id]
    except KeyError:
        raise ValueError(f"unknown metric {metric_id!r}; expected one of {sorted(CATALOG)}") from None

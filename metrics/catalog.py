"""The metric catalog: every KPI of DESIGN.md §4 declared once, as data the engine runs.

Each entry of :data:`CATALOG` is a :class:`MetricDef`: the source it reads (metrics/sources.py:
one per fact table), its measure (metrics/measures.py: the kind — mean, share, nps, count,
rate — over row expressions), the conditions it adds, its dimensions, unit, direction, minimum
n, smallest meaningful change, decimals and fi/sv/en names and descriptions. One generic
aggregation (metrics/aggregate.py) builds every metric's SQL from its entry; the formula text
(:attr:`MetricDef.formula`, shown on the Methods page and by ``cli.py metrics``) is written
by the same expressions. Adding a metric is one entry here plus its texts.

An expression is a function of one row of the source, named for what the row is::

    Mean(lambda press: 100 * press.button_index / (press.scale_points - 1))

It reads the source's columns (fact, joined and derived, metrics/sources.py) and builds SQL —
or, for a ``tallied`` metric, is evaluated on the distinct values the engine counted
(metrics/tally.py: exact from integer counts; the way to working days and medians).

Units: ``index`` (0–100), ``percent`` (shares are 0–100, deltas in percentage points),
``nps`` (−100…100), ``scale`` (the statement's own scale), ``grade`` (4–10), ``count``,
``days``, ``per_10k_visits``, ``matters_per_contact``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from metrics.dimensions import DIMENSIONS, TIME_DIMENSIONS
from metrics.measures import Count, Exposure, Expression, Mean, Measure, Nps, Rate, Share
from metrics.prose import written
from metrics.sources import CASES, FEEDBACK, OMBUDSMAN, QUICK_FEEDBACK, SURVEYS, THEMES, VISITS, SourceDef
from metrics.workdays import TARGET_WORKING_DAYS

__all__ = ["CATALOG", "CHANNELS", "DIMENSIONS", "KINDS", "TIME_DIMENSIONS", "MetricDef", "metric_def"]

CHANNELS = ("quick_feedback", "survey", "feedback", "case", "ombudsman", "themes")

KINDS = ("mean", "share", "nps", "count", "rate")
"""How a metric's value, interval and comparison test are computed (metrics/statistics.py):
``mean`` t-interval and Welch test; ``share`` Wilson interval and two-proportion z-test;
``nps`` variance-formula interval and z-test; ``count`` / ``rate`` exact Poisson interval and
conditional binomial test (per day of the period / per visit)."""

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


@dataclass(frozen=True)
class MetricDef:
    """One metric: what it means, how it is computed and how it may be broken down."""

    id: str
    source: SourceDef
    measure: Measure
    names: dict[str, str]
    descriptions: dict[str, str]
    unit: str
    higher_is_better: bool | None
    """None for volumes, where more is neither better nor worse."""
    dimensions: tuple[str, ...]
    where: tuple[Expression, ...] = ()
    """Conditions on the source's rows that the metric adds (SQL, also when tallied)."""
    tallied: bool = False
    """Computed from row counts per distinct value of what the measure reads (metrics/tally.py)."""
    min_n: int = 5
    decimals: int = 1
    smallest_change: float | None = None
    """The smallest change worth reporting, in the metric's unit (a share of the comparison value
    for ratio-scale units, see :attr:`relative_change`): a significant change below it is small.
    None: the unit's default (:data:`SMALLEST_CHANGE`)."""

    def __post_init__(self) -> None:
        if self.smallest_change is None:
            object.__setattr__(self, "smallest_change", SMALLEST_CHANGE[self.unit])

    @property
    def channel(self) -> str:
        """The channel the metric belongs to (the key of its data-through date)."""
        return self.source.channel

    @property
    def kind(self) -> str:
        """The statistic kind (:data:`KINDS`) of the measure."""
        return self.measure.kind

    @cached_property
    def formula(self) -> str:
        """The formula text, written by the measure's and the conditions' own expressions."""
        conditions = [c.keep for c in self.source.conditions] + list(self.where)
        return "; ".join([self.measure.formula(self.source.rows), *(written(c) for c in conditions)])

    @property
    def has_median(self) -> bool:
        """Whether results carry a ``median`` column."""
        return any(s.name == "median" for s in self.measure.statistics())

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


def in_languages(fi: str, sv: str, en: str) -> dict[str, str]:
    """A text in the three catalog languages."""
    return {"fi": fi, "sv": sv, "en": en}


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

SCORED_SCALES = ("four", "five")
"""The quick-feedback scales scored as satisfaction (the eleven-point NPS scale is not)."""
MEAN_KINDS = ("likert", "grade")
"""Item kinds that statement means cover (NPS items are reported as NPS only)."""
PROMOTER_MIN = 9
DETRACTOR_MAX = 6


def _scored(press):
    return press.scale.in_(SCORED_SCALES)


def _answered(feedback):
    return feedback.answered_at.is_not(None)


_METRICS = (
    MetricDef(
        id="happy_index",
        source=QUICK_FEEDBACK,
        # Each press scores 100 × button / (points − 1): 0, 33.3, 66.7, 100 on four buttons. Tallied
        # from the presses per scale × button, so the interval uses the per-press variance.
        measure=Mean(lambda press: 100 * press.button_index / (press.scale_points - 1)),
        where=(_scored,),
        tallied=True,
        names=in_languages("Happy-indeksi", "Happy-index", "Happy index"),
        descriptions=in_languages(
            "Pikapalautteen keskiarvo asteikolla 0–100",
            "Snabbrespons medelvärde på skalan 0–100",
            "Mean quick-feedback answer scaled to 0–100",
        ),
        unit="index",
        higher_is_better=True,
        dimensions=QUICK_DIMS,
    ),
    MetricDef(
        id="share_positive",
        source=QUICK_FEEDBACK,
        measure=Share(lambda press: press.button_index >= press.scale_points - 2),
        where=(_scored,),
        tallied=True,
        names=in_languages("Myönteisten osuus", "Andel positiva", "Share positive"),
        descriptions=in_languages(
            "Kahden myönteisimmän painikkeen osuus painalluksista",
            "Andel tryck på de två mest positiva knapparna",
            "Share of presses on the two most positive buttons",
        ),
        unit="percent",
        higher_is_better=True,
        dimensions=QUICK_DIMS,
    ),
    MetricDef(
        id="very_positive_share",
        source=QUICK_FEEDBACK,
        measure=Share(lambda press: press.button_index == press.scale_points - 1),
        where=(_scored,),
        tallied=True,
        names=in_languages("Erittäin myönteisten osuus", "Andel mycket positiva", "Very positive share"),
        descriptions=in_languages(
            "Ylimmän painikkeen osuus painalluksista",
            "Andel tryck på den översta knappen",
            "Share of presses on the top button of the scale",
        ),
        unit="percent",
        higher_is_better=True,
        dimensions=QUICK_DIMS,
    ),
    MetricDef(
        id="response_count",
        source=QUICK_FEEDBACK,
        measure=Count(),
        names=in_languages("Pikapalautteiden määrä", "Antal snabbresponser", "Quick-feedback responses"),
        descriptions=in_languages(
            "Painallusten määrä ilman väärinkäyttöä",
            "Antal knapptryck utan missbruk",
            "Number of button presses, misuse excluded",
        ),
        unit="count",
        higher_is_better=None,
        dimensions=(*QUICK_DIMS, "button"),
        decimals=0,
    ),
    MetricDef(
        id="statement_mean",
        source=SURVEYS,
        measure=Mean(lambda answer: answer.value),
        where=(lambda answer: answer.kind.in_(MEAN_KINDS),),
        names=in_languages("Väittämän keskiarvo", "Påståendets medelvärde", "Statement mean"),
        descriptions=in_languages(
            "Väittämän keskiarvo sen omalla asteikolla, 'en osaa sanoa' pois lukien",
            "Påståendets medelvärde på dess egen skala, 'vet inte' exkluderat",
            "Mean answer on the statement's own scale, 'don't know' excluded",
        ),
        unit="scale",
        higher_is_better=True,
        dimensions=SURVEY_DIMS,
        decimals=2,
    ),
    MetricDef(
        id="statement_mean_normalized",
        source=SURVEYS,
        measure=Mean(
            lambda answer: 100 * (answer.value - answer.scale_min) / (answer.scale_max - answer.scale_min)
        ),
        where=(
            lambda answer: answer.kind.in_(MEAN_KINDS),
            lambda answer: answer.scale_max > answer.scale_min,
        ),
        names=in_languages(
            "Väittämän keskiarvo 0–100", "Påståendets medelvärde 0–100", "Statement mean 0–100"
        ),
        descriptions=in_languages(
            "Väittämän keskiarvo muunnettuna asteikolle 0–100, jotta eri asteikot ovat vertailukelpoisia",
            "Påståendets medelvärde omräknat till 0–100 så att olika skalor kan jämföras",
            "Statement mean rescaled to 0–100 so different scales can sit side by side",
        ),
        unit="index",
        higher_is_better=True,
        dimensions=SURVEY_DIMS,
        smallest_change=2.5,
    ),
    MetricDef(
        id="agree_share",
        source=SURVEYS,
        measure=Share(lambda answer: answer.value >= answer.scale_max - 1),
        where=(lambda answer: answer.kind == "likert",),
        names=in_languages("Samaa mieltä olevien osuus", "Andel som instämmer", "Agree share"),
        descriptions=in_languages(
            "Asteikon kahden ylimmän vaihtoehdon osuus vastauksista",
            "Andel svar på skalans två översta alternativ",
            "Share of answers on the top two points of the scale",
        ),
        unit="percent",
        higher_is_better=True,
        dimensions=SURVEY_DIMS,
    ),
    MetricDef(
        id="school_grade",
        source=SURVEYS,
        measure=Mean(lambda answer: answer.value),
        where=(lambda answer: answer.kind == "grade",),
        names=in_languages("Kouluarvosana", "Skolvitsord", "School grade"),
        descriptions=in_languages(
            "Kokonaisarvion keskiarvo kouluarvosana-asteikolla 4–10",
            "Medelvärde av helhetsbedömningen på skolvitsordsskalan 4–10",
            "Mean overall grade on the Finnish school scale 4–10",
        ),
        unit="grade",
        higher_is_better=True,
        dimensions=SURVEY_DIMS,
        decimals=2,
    ),
    MetricDef(
        id="nps",
        source=SURVEYS,
        measure=Nps(
            promoter=lambda answer: answer.value >= PROMOTER_MIN,
            detractor=lambda answer: answer.value <= DETRACTOR_MAX,
        ),
        where=(lambda answer: answer.kind == "nps",),
        names=in_languages("Suositteluindeksi (NPS)", "Rekommendationsindex (NPS)", "Net promoter score"),
        descriptions=in_languages(
            "Suosittelijoiden (9–10) osuus miinus arvostelijoiden (0–6) osuus",
            "Andel rekommendatörer (9–10) minus andel kritiker (0–6)",
            "Per cent promoters (9–10) minus per cent detractors (0–6)",
        ),
        unit="nps",
        higher_is_better=True,
        dimensions=SURVEY_DIMS,
        decimals=0,
    ),
    MetricDef(
        id="feedback_count",
        source=FEEDBACK,
        measure=Count(),
        names=in_languages("Palautteiden määrä", "Antal responser", "Feedback count"),
        descriptions=in_languages(
            "Palautejärjestelmään kirjattujen palautteiden määrä",
            "Antal responser registrerade i responssystemet",
            "Number of items received by the feedback system",
        ),
        unit="count",
        higher_is_better=None,
        dimensions=FEEDBACK_DIMS,
        decimals=0,
    ),
    MetricDef(
        id="moite_share",
        source=FEEDBACK,
        measure=Share(lambda feedback: feedback.feedback_type == "moite"),
        names=in_languages("Moitteiden osuus", "Andel klagomål", "Share of complaints"),
        descriptions=in_languages(
            "Moitteiden osuus kaikista palautteista",
            "Andel klagomål av alla responser",
            "Share of feedback of type moite (complaint)",
        ),
        unit="percent",
        higher_is_better=False,
        dimensions=FEEDBACK_DIMS,
    ),
    MetricDef(
        id="reply_within_target",
        source=FEEDBACK,
        # Counted once answered, or once overdue on the day the data run to: unanswered feedback
        # still within the target is not yet counted either way.
        measure=Share(
            hit=lambda feedback: (
                feedback.working_days(feedback.received, feedback.answered) <= TARGET_WORKING_DAYS
            ),
            of=lambda feedback: (
                feedback.known(feedback.answered)
                | (feedback.working_days(feedback.received, feedback.data_end) > TARGET_WORKING_DAYS)
            ),
        ),
        tallied=True,
        names=in_languages("Vastattu tavoiteajassa", "Besvarade inom målet", "Replied within target"),
        descriptions=in_languages(
            "Osuus palautteista, joihin vastattiin viidessä arkipäivässä",
            "Andel responser som besvarades inom fem vardagar",
            "Share of feedback answered within 5 working days",
        ),
        unit="percent",
        higher_is_better=True,
        dimensions=FEEDBACK_DIMS,
    ),
    MetricDef(
        id="handling_days",
        source=FEEDBACK,
        measure=Mean(lambda feedback: feedback.days(feedback.received, feedback.answered), median=True),
        where=(_answered,),
        tallied=True,
        names=in_languages("Käsittelyaika (vrk)", "Handläggningstid (dygn)", "Handling time (days)"),
        descriptions=in_languages(
            "Keskimääräinen aika vastaanotosta vastaukseen kalenteripäivinä; mediaani sarakkeessa median",
            "Genomsnittlig tid från mottagande till svar i kalenderdagar; median i kolumnen median",
            "Mean calendar days from receipt to reply; the median is in column median",
        ),
        unit="days",
        higher_is_better=False,
        dimensions=FEEDBACK_DIMS,
    ),
    MetricDef(
        id="handling_working_days",
        source=FEEDBACK,
        measure=Mean(
            lambda feedback: feedback.working_days(feedback.received, feedback.answered), median=True
        ),
        where=(_answered,),
        tallied=True,
        names=in_languages(
            "Käsittelyaika (arkipäivää)", "Handläggningstid (vardagar)", "Handling time (working days)"
        ),
        descriptions=in_languages(
            "Keskimääräinen käsittelyaika arkipäivinä; mediaani sarakkeessa median",
            "Genomsnittlig handläggningstid i vardagar; median i kolumnen median",
            "Mean handling time in working days; the median is in column median",
        ),
        unit="days",
        higher_is_better=False,
        dimensions=FEEDBACK_DIMS,
    ),
    MetricDef(
        id="case_count",
        source=CASES,
        measure=Count(),
        names=in_languages(
            "Muistutukset, kantelut ja muutoksenhaut",
            "Anmärkningar, klagomål och ändringssökanden",
            "Objections, complaints and appeals",
        ),
        descriptions=in_languages(
            "Muistutusten, kanteluiden ja muutoksenhakujen määrä",
            "Antal anmärkningar, klagomål och ändringssökanden",
            "Number of objections, complaints to supervisors and appeals",
        ),
        unit="count",
        higher_is_better=None,
        dimensions=CASE_DIMS,
        decimals=0,
    ),
    MetricDef(
        id="cases_per_10k_visits",
        source=CASES,
        measure=Rate(Exposure(VISITS, lambda visit: visit.visits), per=10_000),
        where=(lambda case: case.unit_id.is_not(None),),
        names=in_languages("Tapaukset / 10 000 käyntiä", "Ärenden / 10 000 besök", "Cases per 10 000 visits"),
        descriptions=in_languages(
            "Yksiköihin kohdistuneet tapaukset suhteessa käyntimäärään",
            "Ärenden riktade till enheter i förhållande till antalet besök",
            "Cases concerning units per 10 000 visits to those units",
        ),
        unit="per_10k_visits",
        higher_is_better=False,
        dimensions=_ORG,
        decimals=2,
    ),
    MetricDef(
        id="ombudsman_contacts",
        source=OMBUDSMAN,
        measure=Count(),
        names=in_languages("Asiamiehen yhteydenotot", "Ombudsmannens kontakter", "Ombudsman contacts"),
        descriptions=in_languages(
            "Sosiaali- ja potilasasiamiehen yhteydenottojen määrä",
            "Antal kontakter till social- och patientombudsmannen",
            "Number of contacts to the social and patient ombudsman",
        ),
        unit="count",
        higher_is_better=None,
        dimensions=OMBUDSMAN_DIMS,
        decimals=0,
    ),
    MetricDef(
        id="ombudsman_matters",
        source=OMBUDSMAN,
        measure=Count(lambda contact: contact.matters),
        names=in_languages("Asiamiehen asiat", "Ombudsmannens ärenden", "Ombudsman matters"),
        descriptions=in_languages(
            "Yhteydenotoissa käsiteltyjen asioiden määrä",
            "Antal ärenden som behandlats i kontakterna",
            "Number of matters raised in ombudsman contacts",
        ),
        unit="count",
        higher_is_better=None,
        dimensions=OMBUDSMAN_DIMS,
        decimals=0,
    ),
    MetricDef(
        id="matters_per_contact",
        source=OMBUDSMAN,
        measure=Mean(lambda contact: contact.matters),
        names=in_languages("Asioita / yhteydenotto", "Ärenden per kontakt", "Matters per contact"),
        descriptions=in_languages(
            "Keskimääräinen asioiden määrä yhteydenottoa kohden",
            "Genomsnittligt antal ärenden per kontakt",
            "Mean number of matters per ombudsman contact",
        ),
        unit="matters_per_contact",
        higher_is_better=None,
        dimensions=OMBUDSMAN_DIMS,
        decimals=2,
    ),
)

# --- the seed reports' own figures (issue 12): respondents, muistutukset and kantelut ------------
COMPLAINT_KINDS = ("muistutus", "kantelu_avi", "kantelu_eoa", "kantelu_okv")
"""The case kinds seed 000 Table 3 counts as "muistutukset ja kantelut" (appeals are apart)."""

_SEED_REPORT_METRICS = (
    MetricDef(
        id="survey_respondents",
        source=SURVEYS,
        measure=Count(distinct=lambda answer: answer.response_id),
        names=in_languages("Vastaajat", "Svarande", "Respondents"),
        descriptions=in_languages(
            "Kyselyyn vastanneiden määrä (vastauslomakkeet, ei yksittäiset vastaukset)",
            "Antal som svarat på enkäten (svarsblanketter, inte enskilda svar)",
            "Number of people who answered the survey (response forms, not single answers)",
        ),
        unit="count",
        higher_is_better=None,
        dimensions=SURVEY_DIMS,
        decimals=0,
    ),
    MetricDef(
        id="complaint_count",
        source=CASES,
        measure=Count(),
        where=(lambda case: case.case_kind.in_(COMPLAINT_KINDS),),
        names=in_languages(
            "Muistutukset ja kantelut", "Anmärkningar och klagomål", "Objections and complaints"
        ),
        descriptions=in_languages(
            "Muistutusten ja kanteluiden määrä (muutoksenhaut erikseen)",
            "Antal anmärkningar och klagomål (ändringssökanden separat)",
            "Number of objections and complaints to supervisors (appeals apart)",
        ),
        unit="count",
        higher_is_better=None,
        dimensions=CASE_DIMS,
        decimals=0,
    ),
)

# --- themes of open feedback (issue 15) ------------------------------------------------------------
THEME_DIMS = (*_ORG, "theme", "sentiment", "text_source", "feedback_type", "category", "language")

_THEME_METRICS = (
    MetricDef(
        id="theme_count",
        source=THEMES,
        measure=Count(),
        names=in_languages("Teeman maininnat", "Omnämnanden av temat", "Theme mentions"),
        descriptions=in_languages(
            "Avoimet palautteet, joiden sanat osuvat teeman sanastoon (yksi teksti kerran teemaa kohden)",
            "Öppna svar vars ord träffar temats ordlista (en text en gång per tema)",
            "Open-text feedback whose words match the theme's lexicon (one text once per theme)",
        ),
        unit="count",
        higher_is_better=None,
        dimensions=THEME_DIMS,
        decimals=0,
    ),
)

CATALOG: dict[str, MetricDef] = {
    metric.id: metric for metric in (*_METRICS, *_SEED_REPORT_METRICS, *_THEME_METRICS)
}


def metric_def(metric_id: str, catalog: dict[str, MetricDef] | None = None) -> MetricDef:
    """The definition of ``metric_id`` (in ``catalog``, default :data:`CATALOG`); ValueError otherwise."""
    entries = CATALOG if catalog is None else catalog
    try:
        return entries[metric_id]
    except KeyError:
        raise ValueError(f"unknown metric {metric_id!r}; expected one of {sorted(entries)}") from None

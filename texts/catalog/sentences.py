# ruff: noqa: E501  (messages are prose: one line each keeps the catalogs diffable)
"""Words of the generated report sentences (reports/sentences.py) in Finnish, Swedish and English.

Numbers are never inflected: Finnish amounts take the partitive noun after a decimal number
("2,1 pistettä"), changes of counts are fractions in words or "12 %", values sit in brackets.
"""

_SUBJECTS = {
    "happy_index": ("Happy-indeksi", "Happy-indexet", "The happy index"),
    "share_positive": (
        "Myönteisten vastausten osuus",
        "Andelen positiva svar",
        "The share of positive answers",
    ),
    "very_positive_share": (
        "Erittäin myönteisten vastausten osuus",
        "Andelen mycket positiva svar",
        "The share of very positive answers",
    ),
    "response_count": (
        "Pikapalautteiden määrä",
        "Antalet snabbresponser",
        "The number of quick-feedback responses",
    ),
    "statement_mean": ("Väittämän keskiarvo", "Påståendets medelvärde", "The statement mean"),
    "statement_mean_normalized": (
        "Väittämän keskiarvo asteikolla 0–100",
        "Påståendets medelvärde på skalan 0–100",
        "The statement mean on the 0–100 scale",
    ),
    "agree_share": ("Samaa mieltä olevien osuus", "Andelen som instämmer", "The share who agree"),
    "school_grade": ("Kouluarvosana", "Skolvitsordet", "The school grade"),
    "nps": ("Suositteluindeksi (NPS)", "Rekommendationsindexet (NPS)", "The net promoter score"),
    "feedback_count": ("Palautteiden määrä", "Antalet responser", "The number of feedback items"),
    "moite_share": ("Moitteiden osuus", "Andelen klagomål", "The share of complaints"),
    "reply_within_target": (
        "Tavoiteajassa vastattujen osuus",
        "Andelen besvarade inom målet",
        "The share answered within target",
    ),
    "handling_days": ("Käsittelyaika", "Handläggningstiden", "The handling time"),
    "handling_working_days": (
        "Käsittelyaika arkipäivinä",
        "Handläggningstiden i vardagar",
        "The handling time in working days",
    ),
    "case_count": (
        "Muistutusten, kantelujen ja muutoksenhakujen määrä",
        "Antalet anmärkningar, klagomål och ändringssökanden",
        "The number of formal cases",
    ),
    "complaint_count": (
        "Muistutusten ja kantelujen määrä",
        "Antalet anmärkningar och klagomål",
        "The number of objections and complaints",
    ),
    "survey_respondents": ("Vastaajien määrä", "Antalet svarande", "The number of respondents"),
    "theme_count": (
        "Teeman mainintojen määrä",
        "Antalet omnämnanden av temat",
        "The number of theme mentions",
    ),
    "cases_per_10k_visits": (
        "Muistutusten ja kantelujen määrä 10 000 käyntiä kohden",
        "Antalet ärenden per 10 000 besök",
        "The number of cases per 10 000 visits",
    ),
    "ombudsman_contacts": (
        "Asiamiehen yhteydenottojen määrä",
        "Antalet kontakter till ombudsmannen",
        "The number of ombudsman contacts",
    ),
    "ombudsman_matters": (
        "Asiamiehen asioiden määrä",
        "Antalet ärenden hos ombudsmannen",
        "The number of ombudsman matters",
    ),
    "matters_per_contact": (
        "Asioiden määrä yhteydenottoa kohden",
        "Antalet ärenden per kontakt",
        "The number of matters per contact",
    ),
}

_MONTHS = (
    ("tammikuusta", "januari", "January"),
    ("helmikuusta", "februari", "February"),
    ("maaliskuusta", "mars", "March"),
    ("huhtikuusta", "april", "April"),
    ("toukokuusta", "maj", "May"),
    ("kesäkuusta", "juni", "June"),
    ("heinäkuusta", "juli", "July"),
    ("elokuusta", "augusti", "August"),
    ("syyskuusta", "september", "September"),
    ("lokakuusta", "oktober", "October"),
    ("marraskuusta", "november", "November"),
    ("joulukuusta", "december", "December"),
)

_MESSAGES = {
    # the sentences
    "sentence.change": (
        "{subject} {change} {since}.",
        "{subject} {change} {since}.",
        "{subject} {change} {since}.",
    ),
    "sentence.change.values": (
        "{subject} {change} {since} ({before} → {after}).",
        "{subject} {change} {since} ({before} → {after}).",
        "{subject} {change} {since} ({before} → {after}).",
    ),
    "sentence.no_change": (
        "{subject}: ei merkittävää muutosta {since}.",
        "{subject}: ingen betydande förändring {since}.",
        "{subject}: no meaningful change {since}.",
    ),
    "sentence.small_change": (
        "{subject}: pieni muutos {since} ({change}), alle merkittävän rajan {smallest}.",
        "{subject}: liten förändring {since} ({change}), under gränsen {smallest} för en betydande förändring.",
        "{subject}: a small change {since} ({change}), below the meaningful limit of {smallest}.",
    ),
    "sentence.same_basis": (
        "Muutos laskettu samoin rajauksin kuin edellä.",
        "Förändringen beräknad med samma avgränsning som ovan.",
        "Change computed on the same basis as above.",
    ),
    # why a change is not assessed (metrics.comparison.NOT_ASSESSED)
    "sentence.not_assessed.no_current_data": (
        "{subject}: jaksolta ei ole tietoja.",
        "{subject}: inga uppgifter för perioden.",
        "{subject}: no data for the period.",
    ),
    "sentence.not_assessed.no_comparison_data": (
        "{subject}: muutosta {since} ei arvioida, koska vertailujaksolta ei ole tietoja.",
        "{subject}: förändringen {since} bedöms inte eftersom det saknas uppgifter för jämförelseperioden.",
        "{subject}: the change {since} is not assessed because there are no data for the comparison period.",
    ),
    "sentence.not_assessed.not_asked": (
        "{subject}: muutosta {since} ei arvioida, koska kysymystä ei kysytty vertailujaksolla.",
        "{subject}: förändringen {since} bedöms inte eftersom frågan inte ställdes under jämförelseperioden.",
        "{subject}: the change {since} is not assessed because the question was not asked in the comparison period.",
    ),
    "sentence.not_assessed.outside_basis": (
        "{subject}: muutosta {since} ei arvioida, koska vertailukelpoisia tietoja ei ole molemmilta jaksoilta.",
        "{subject}: förändringen {since} bedöms inte eftersom det saknas jämförbara uppgifter för båda perioderna.",
        "{subject}: the change {since} is not assessed because there are no comparable data for both periods.",
    ),
    "sentence.not_assessed.small_n": (
        "{subject}: muutosta {since} ei arvioida, koska havaintoja on alle {min_n}.",
        "{subject}: förändringen {since} bedöms inte eftersom det finns färre än {min_n} observationer.",
        "{subject}: the change {since} is not assessed because there are fewer than {min_n} observations.",
    ),
    "sentence.not_assessed.small_n_cmp": (
        "{subject}: muutosta {since} ei arvioida, koska vertailujakson havaintoja on alle {min_n}.",
        "{subject}: förändringen {since} bedöms inte eftersom jämförelseperioden har färre än {min_n} observationer.",
        "{subject}: the change {since} is not assessed because the comparison period has fewer than {min_n} observations.",
    ),
    "sentence.not_assessed.hidden.small": (
        "{subject}: luku piilotettu, koska havaintoja on alle {min_n}.",
        "{subject}: talet är dolt eftersom det finns färre än {min_n} observationer.",
        "{subject}: hidden because there are fewer than {min_n} observations.",
    ),
    "sentence.not_assessed.hidden.protected": (
        "{subject}: luku piilotettu pienen luvun suojaamiseksi.",
        "{subject}: talet är dolt för att skydda ett litet tal.",
        "{subject}: hidden to protect a small figure.",
    ),
    "sentence.not_assessed.hidden_comparison.small": (
        "{subject}: muutosta {since} ei arvioida, koska vertailuluku on piilotettu (havaintoja alle {min_n}).",
        "{subject}: förändringen {since} bedöms inte eftersom jämförelsetalet är dolt (färre än {min_n} observationer).",
        "{subject}: the change {since} is not assessed because the comparison figure is hidden (fewer than {min_n} observations).",
    ),
    "sentence.not_assessed.hidden_comparison.protected": (
        "{subject}: muutosta {since} ei arvioida, koska vertailuluku on piilotettu pienen luvun suojaamiseksi.",
        "{subject}: förändringen {since} bedöms inte eftersom jämförelsetalet är dolt för att skydda ett litet tal.",
        "{subject}: the change {since} is not assessed because the comparison figure is hidden to protect a small figure.",
    ),
    "sentence.not_assessed.no_test": (
        "{subject}: muutosta {since} ei voitu testata.",
        "{subject}: förändringen {since} kunde inte testas.",
        "{subject}: the change {since} could not be tested.",
    ),
    # the comparison period
    "sentence.since.year": ("vuodesta {year}", "jämfört med {year}", "compared with {year}"),
    "sentence.since.quarter": (
        "vuoden {year} {quarter}. neljänneksestä",
        "jämfört med kvartal {quarter} {year}",
        "compared with Q{quarter} {year}",
    ),
    "sentence.since.period": (
        "jaksosta {start}–{end}",
        "jämfört med perioden {start}–{end}",
        "compared with {start}–{end}",
    ),
    "sentence.since.window": (
        "jaksolla {current} verrattuna jaksoon {compared}",
        "under {current} jämfört med {compared}",
        "in {current} compared with {compared}",
    ),
    # changes of counts and rates, in words where the change is close to a simple fraction
    "sentence.relative.rise.quarter": (
        "kasvoi neljänneksellä",
        "ökade med en fjärdedel",
        "rose by a quarter",
    ),
    "sentence.relative.rise.third": ("kasvoi kolmanneksella", "ökade med en tredjedel", "rose by a third"),
    "sentence.relative.rise.half": ("kasvoi puolella", "ökade med hälften", "rose by half"),
    "sentence.relative.rise.two_thirds": (
        "kasvoi kahdella kolmanneksella",
        "ökade med två tredjedelar",
        "rose by two thirds",
    ),
    "sentence.relative.rise.three_quarters": (
        "kasvoi kolmella neljänneksellä",
        "ökade med tre fjärdedelar",
        "rose by three quarters",
    ),
    "sentence.relative.rise.double": ("kaksinkertaistui", "fördubblades", "doubled"),
    "sentence.relative.rise.triple": ("kolminkertaistui", "tredubblades", "tripled"),
    "sentence.relative.rise.percent": ("kasvoi {percent}", "ökade med {percent}", "rose by {percent}"),
    "sentence.relative.rise.from_zero": ("kasvoi", "ökade", "rose"),
    "sentence.relative.fall.quarter": (
        "väheni neljänneksellä",
        "minskade med en fjärdedel",
        "fell by a quarter",
    ),
    "sentence.relative.fall.third": ("väheni kolmanneksella", "minskade med en tredjedel", "fell by a third"),
    "sentence.relative.fall.half": ("puolittui", "halverades", "halved"),
    "sentence.relative.fall.two_thirds": (
        "väheni kahdella kolmanneksella",
        "minskade med två tredjedelar",
        "fell by two thirds",
    ),
    "sentence.relative.fall.three_quarters": (
        "väheni kolmella neljänneksellä",
        "minskade med tre fjärdedelar",
        "fell by three quarters",
    ),
    "sentence.relative.fall.percent": ("väheni {percent}", "minskade med {percent}", "fell by {percent}"),
    # changes of scores, shares and times, in the metric's unit
    "sentence.absolute.rise": ("nousi {amount}", "steg med {amount}", "rose by {amount}"),
    "sentence.absolute.fall": ("laski {amount}", "sjönk med {amount}", "fell by {amount}"),
    "sentence.absolute.rise.days": ("piteni {amount}", "förlängdes med {amount}", "lengthened by {amount}"),
    "sentence.absolute.fall.days": ("lyheni {amount}", "förkortades med {amount}", "shortened by {amount}"),
    "sentence.amount.points": ("{value} pistettä", "{value} poäng", "{value} points"),
    "sentence.amount.percent": (
        "{value} prosenttiyksikköä",
        "{value} procentenheter",
        "{value} percentage points",
    ),
    "sentence.amount.days": ("{value} vuorokautta", "{value} dygn", "{value} days"),
    "sentence.amount.working_days": ("{value} arkipäivää", "{value} vardagar", "{value} working days"),
    "sentence.amount.plain": ("{value}", "{value}", "{value}"),
}
_MESSAGES |= {f"sentence.subject.{metric}": names for metric, names in _SUBJECTS.items()}
_MESSAGES |= {
    f"sentence.since.month.{number}": (
        f"vuoden {{year}} {fi}",
        f"jämfört med {sv} {{year}}",
        f"compared with {en} {{year}}",
    )
    for number, (fi, sv, en) in enumerate(_MONTHS, start=1)
}

EXTRA_MESSAGES = {
    language: {key: texts[index] for key, texts in _MESSAGES.items()}
    for index, language in enumerate(("fi", "sv", "en"))
}

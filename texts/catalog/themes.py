"""Texts of the themes view (issue 15); the theme names come from the reviewed lexicon itself."""

from __future__ import annotations

from data_access.themes.lexicon import LABEL_LANGUAGES, load_lexicon

_TEXTS = {
    "fi": {
        "page.themes": "Mistä asiakkaat kirjoittavat",
        "intro.themes": (
            "Avoimen palautteen teemat tarkastetusta sanastosta: jokainen määrä selittyy osuneilla sanoilla. "
            "Sävy tulee palautteen omasta luokasta (kiitos/moite, painike), ei sanoista arvaten. "
            "Vain oma näkymäsi: ei esitystilaan eikä vientiin."
        ),
        "themes.by_theme": "Teemat ja niiden muutos",
        "themes.by_theme_intro": (
            "Tekstit, joissa teema mainitaan, vertailujaksoon verrattuna; 1–4 mainintaa piilotetaan."
        ),
        "themes.mentions": "Maininnat",
        "themes.mentions_cmp": "Vertailujakso",
        "themes.change": "Muutos",
        "themes.by_org": "Teemat: {level}",
        "themes.by_sentiment": "Teemat palautteen sävyn mukaan",
        "themes.sentiment_intro": (
            "Sävy palautteen omasta luokasta: kiitos myönteinen, moite kielteinen, painikkeen puoli."
        ),
        "themes.choose": "Teema",
        "themes.words": "{theme}: osuneet sanat",
        "themes.words_intro": "Sanaston sanat, joihin teeman tekstit osuivat (vähintään 5 tekstiä).",
        "themes.word": "Sanat",
        "themes.texts": "Tekstejä",
        "themes.examples": "{theme}: esimerkkejä",
        "themes.examples_intro": (
            "{count} uusinta palautetta omasta näkymästäsi; "
            "nimet, puhelinnumerot ja henkilötunnukset peitetty."
        ),
        "themes.no_unit": "(ei yksikköä)",
        "themes.not_allowed": "Tämä näkymä on vain johtajille ja esihenkilöille.",
        "dim.sentiment": "Sävy",
        "dim.text_source": "Lähde",
        "sentiment.positive": "myönteinen",
        "sentiment.negative": "kielteinen",
        "sentiment.neutral": "neutraali",
        "sentiment.unknown": "ei tiedossa",
        "text_source.feedback": "palautejärjestelmä",
        "text_source.happyornot": "pikapalaute",
        "text_source.survey": "kysely",
    },
    "sv": {
        "page.themes": "Vad kunderna skriver om",
        "intro.themes": (
            "Teman i öppna svar enligt en granskad ordlista: varje antal förklaras av orden som träffade. "
            "Tonen kommer från responsens egen typ (tack/klagomål, knappen), aldrig gissad. "
            "Endast din egen vy: inte i presentationsläge eller export."
        ),
        "themes.by_theme": "Teman och deras förändring",
        "themes.by_theme_intro": (
            "Texter som nämner temat jämfört med jämförelseperioden; 1–4 omnämnanden döljs."
        ),
        "themes.mentions": "Omnämnanden",
        "themes.mentions_cmp": "Jämförelseperiod",
        "themes.change": "Förändring",
        "themes.by_org": "Teman: {level}",
        "themes.by_sentiment": "Teman efter responsens ton",
        "themes.sentiment_intro": (
            "Tonen från responsens egen typ: tack positiv, klagomål negativ, knappens halva."
        ),
        "themes.choose": "Tema",
        "themes.words": "{theme}: ord som träffade",
        "themes.words_intro": "Ordlistans ord som temats texter träffade (minst 5 texter).",
        "themes.word": "Ord",
        "themes.texts": "Texter",
        "themes.examples": "{theme}: exempel",
        "themes.examples_intro": (
            "{count} senaste svar i din vy; namn, telefonnummer och personbeteckningar maskerade."
        ),
        "themes.no_unit": "(ingen enhet)",
        "themes.not_allowed": "Den här vyn är endast för direktörer och chefer.",
        "dim.sentiment": "Ton",
        "dim.text_source": "Källa",
        "sentiment.positive": "positiv",
        "sentiment.negative": "negativ",
        "sentiment.neutral": "neutral",
        "sentiment.unknown": "okänd",
        "text_source.feedback": "responssystemet",
        "text_source.happyornot": "snabbrespons",
        "text_source.survey": "enkät",
    },
    "en": {
        "page.themes": "What customers write about",
        "intro.themes": (
            "Themes of open feedback from a reviewed lexicon: "
            "every count is explained by the words that matched. "
            "The tone is the record's own label (praise/complaint, the button), "
            "never guessed from the words. "
            "Your own screen only: not in presentation mode or exports."
        ),
        "themes.by_theme": "Themes and their change",
        "themes.by_theme_intro": (
            "Texts mentioning the theme against the comparison period; 1–4 mentions are hidden."
        ),
        "themes.mentions": "Mentions",
        "themes.mentions_cmp": "Comparison period",
        "themes.change": "Change",
        "themes.by_org": "Themes: {level}",
        "themes.by_sentiment": "Themes by the feedback's tone",
        "themes.sentiment_intro": (
            "Tone from the record's own label: praise positive, complaint negative, the button's half."
        ),
        "themes.choose": "Theme",
        "themes.words": "{theme}: matched words",
        "themes.words_intro": "The lexicon words the theme's texts matched (at least 5 texts).",
        "themes.word": "Words",
        "themes.texts": "Texts",
        "themes.examples": "{theme}: examples",
        "themes.examples_intro": (
            "The {count} newest comments in your view; names, phone numbers and identity codes masked."
        ),
        "themes.no_unit": "(no unit)",
        "themes.not_allowed": "This view is for directors and unit managers only.",
        "dim.sentiment": "Tone",
        "dim.text_source": "Source",
        "sentiment.positive": "positive",
        "sentiment.negative": "negative",
        "sentiment.neutral": "neutral",
        "sentiment.unknown": "unknown",
        "text_source.feedback": "feedback system",
        "text_source.happyornot": "quick feedback",
        "text_source.survey": "survey",
    },
}

EXTRA_MESSAGES = {
    language: _TEXTS[language]
    | {f"theme.{theme.id}": theme.label(language) for theme in load_lexicon().themes}
    for language in LABEL_LANGUAGES
}

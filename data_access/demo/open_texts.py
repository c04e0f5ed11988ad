"""Open texts of the demo: what customers write, from templates per category, type and language.

Feedback-system items all carry a description; HappyOrNot follow-up answers ("Miksi?") come with a
few presses in a thousand. The templates make the themes real (access and queueing, booking,
call-back, electronic services, communication, encounter, expertise, premises, speed, equality),
the influenza items of Q4 2020 speak of booking congestion, call-back queues of up to 12 days,
vaccines running out and unclear communication (seed 002), and a sprinkling of texts name a
person, a phone number or an identity code: the import masks them (``open_text_rows``). The texts
draw from their own random streams, so every calibrated figure stays as it was.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data_access.demo.common import DemoConfig
from data_access.ingest.privacy import open_text_rows

Templates = dict[str, tuple[str, ...]]

FI: dict[str, Templates] = {
    "Hoitoonpääsy": {
        "moite": (
            "Jonotin puhelimessa {hours} tuntia ja sain ajan vasta {weeks} viikon päähän.",
            "Lääkärille ei pääse, odotusaika on kohtuuton.",
            "Jono terveysasemalle on liian pitkä, odotin vastaanottoaikaa kuukauden.",
        ),
        "kiitos": ("Pääsin lääkärille jo samana päivänä, kiitos!",),
        "idea": ("Toivoisin, että kiireelliseen vastaanottoon pääsisi ilman jonottamista.",),
        "kysymys": ("Kuinka kauan hoitoonpääsyä pitää odottaa?",),
    },
    "Palvelun nopeus": {
        "moite": ("Palvelu oli hidasta, käsittelyssä oli viivettä.",),
        "kiitos": ("Kaikki sujui nopeasti ja joustavasti.", "Sujuva ja nopea palvelu, kiitos."),
        "idea": ("Palvelu voisi olla nopeampaa, jos asiat hoidettaisiin yhdellä käynnillä.",),
        "kysymys": ("Miksi asian käsittely kestää näin kauan?",),
    },
    "Takaisinsoitto": {
        "moite": (
            "Jätin soittopyynnön, mutta takaisinsoittoa ei tullut {days} päivään.",
            "Takaisinsoitto luvattiin samalle päivälle, kukaan ei soittanut.",
        ),
        "kiitos": ("Takaisinsoitto tuli luvatusti ja asia hoitui puhelimessa.",),
        "idea": ("Takaisinsoittoon voisi kertoa arvioidun ajan.",),
        "kysymys": ("Milloin takaisinsoitto tulee?",),
    },
    "Sähköiset palvelut": {
        "moite": (
            "Sähköinen ajanvaraus ei toiminut, kirjautuminen epäonnistui.",
            "Verkkosivulla ei löytynyt tietoa, sovellus kaatui.",
        ),
        "kiitos": ("Chatissa sain nopeasti apua, hyvä palvelu.",),
        "idea": ("Sähköiseen asiointiin toivoisin selkeämmän sovelluksen.",),
        "kysymys": ("Miten sähköiseen palveluun kirjaudutaan?",),
    },
    "Neuvonta ja ohjaus": {
        "moite": ("Neuvonnasta sain ristiriitaisia ohjeita.",),
        "kiitos": ("Sain neuvontapuhelimesta selkeät ohjeet.",),
        "idea": ("Ohjeistus voisi olla selkeämpi.",),
        "kysymys": ("Mistä saan ohjeet lähetteen hakemiseen?",),
    },
    "Henkilökunnan ammattitaito, hoito": {
        "moite": ("Lääkäri ei tutkinut kunnolla, hoito jäi puutteelliseksi.",),
        "kiitos": (
            "Kiitos ammattitaitoisesta ja huolellisesta hoidosta!",
            "Lääkäri oli asiantunteva ja hoitaja osaava.",
            "Erittäin ammattitaitoinen henkilökunta, kiitos hyvästä hoidosta.",
        ),
        "idea": ("Hoitoon voisi lisätä jälkiseurannan.",),
        "kysymys": ("Voiko saman lääkärin hoitoon päästä uudelleen?",),
    },
    "Asiakkaan kohtaaminen": {
        "moite": ("Hoitaja oli töykeä eikä kuunnellut.", "Ylimielinen asenne, minua ei kuultu."),
        "kiitos": (
            "Ystävällinen ja lämmin kohtelu, kiitos.",
            "Minut kohdattiin ystävällisesti ja minua kuunneltiin.",
        ),
        "idea": ("Asiakkaan kohtaamiseen voisi kiinnittää enemmän huomiota.",),
        "kysymys": ("Kenelle voin antaa palautetta kohtelusta?",),
    },
    "Tasa-arvo": {
        "moite": ("Palvelu on eriarvoista, lähin toimipiste on kaukana.",),
        "kiitos": ("Palvelua sai omalla kielellä, kiitos.",),
        "idea": ("Tulkkipalvelua pitäisi saada helpommin.",),
        "kysymys": ("Saako palvelua ruotsin kielellä?",),
    },
    "Viestintä": {
        "moite": ("Tiedottaminen muutoksista oli puutteellista ja epäselvää.",),
        "kiitos": ("Kiitos selkeästä tiedotteesta.",),
        "idea": ("Muutoksista voisi ilmoittaa tekstiviestillä.",),
        "kysymys": ("Missä tästä on tiedotettu?",),
    },
    "Tilat ja välineet": {
        "moite": ("Odotustila oli likainen ja kylmä.", "Parkkipaikkoja ei ole tarpeeksi, hissi oli rikki."),
        "kiitos": ("Siistit ja viihtyisät tilat.",),
        "idea": ("Odotushuoneeseen voisi tuoda lisää tuoleja.",),
        "kysymys": ("Onko toimipisteessä esteetön sisäänkäynti?",),
    },
    "Palvelun hakeminen": {
        "moite": ("Hakemuksen käsittely kesti ja jouduin odottamaan päätöstä.",),
        "kiitos": ("Hakeminen oli helppoa.",),
        "idea": ("Hakemuksen voisi jättää verkossa.",),
        "kysymys": ("Miten palvelua haetaan?",),
    },
    "Saavutettavuus": {
        "moite": ("Verkkosivu ei ole saavutettava ruudunlukijalla.",),
        "kiitos": ("Sivusto toimii hyvin myös ruudunlukijalla.",),
        "idea": ("Saavutettavuutta voisi parantaa selkokielellä.",),
        "kysymys": ("Onko palvelu saavutettava?",),
    },
    "Muu": {
        "moite": ("Asia jäi hoitamatta.",),
        "kiitos": ("Kiitos!",),
        "idea": ("Hyvä kehitysidea olisi pidempi aukioloaika.",),
        "kysymys": ("Mihin aikaan olette auki?",),
    },
}
FLU_FI: Templates = {
    "Hoitoonpääsy": (
        "Influenssarokotukseen ei päässyt, kaikki rokotusajat olivat täynnä ja jono ruuhkautui.",
        "Yritin varata rokotusaikaa viikon ajan, ajanvaraus oli ruuhkautunut.",
        "Rokotteet loppuivat ja jo varattu rokotusaika peruttiin.",
    ),
    "Takaisinsoitto": (
        "Jätin soittopyynnön rokotusajasta, takaisinsoittoa odotin {flu_days} päivää.",
        "Takaisinsoiton jono venyi lähes kahteen viikkoon, rokotusaikaa ei saanut.",
    ),
    "Sähköiset palvelut": (
        "Sähköinen ajanvaraus rokotukseen ei toiminut, järjestelmä kaatui.",
        "Verkkoajanvaraus oli hankala eikä rokotusaikoja näkynyt.",
    ),
    "Neuvonta ja ohjaus": (
        "Neuvonnasta ei saanut tietoa, milloin rokotteita tulee lisää.",
        "Ohjeet rokotukseen hakeutumisesta olivat epäselviä.",
    ),
    "Viestintä": (
        "Tiedottaminen rokotteiden loppumisesta oli puutteellista.",
        "Rokotuksista tiedotettiin epäselvästi, kukaan ei kertonut peruutuksesta.",
    ),
    "Tasa-arvo": ("Rokotuspiste oli kaukana, järjestely on eriarvoistava.",),
    "Palvelun hakeminen": ("Miten influenssarokotukseen haetaan, kun ajanvaraus on täynnä?",),
    "Tilat ja välineet": ("Rokotuspisteessä oli ahdasta ja kylmä odottaa ulkona.",),
    "Palvelun nopeus": ("Rokotus sujui nopeasti ja järjestelyt olivat sujuvat.",),
    "Henkilökunnan ammattitaito, hoito": (
        "Rokottaja oli ammattitaitoinen ja ystävällinen, turvallisuus oli huomioitu.",
        "Kiitos rokotuspisteen hoitajille sujuvasta ja asiantuntevasta rokotuksesta.",
    ),
    "Muu": ("Rokotuksista jäi kysyttävää.",),
}
SV: dict[str, tuple[str, str]] = {
    "Hoitoonpääsy": ("Jag väntade länge i kö och fick ingen tid.", "Jag fick snabbt tid till läkare."),
    "Takaisinsoitto": (
        "Ingen återuppringning trots att jag lämnade mitt nummer.",
        "Återuppringningen kom som lovat.",
    ),
    "Sähköiset palvelut": ("Den elektroniska tidsbokningen fungerade inte.", "Chatten var till stor hjälp."),
    "Henkilökunnan ammattitaito, hoito": ("Läkaren var inte noggrann.", "Kompetent och noggrann vård, tack."),
    "Asiakkaan kohtaaminen": ("Otrevligt bemötande i receptionen.", "Vänligt bemötande, tack."),
    "Viestintä": ("Informationen var oklar.", "Tydlig information, tack."),
    "Tilat ja välineet": ("Väntrummet var smutsigt.", "Fina och städade lokaler."),
    "Tasa-arvo": ("Det är svårt att få service på svenska.", "Service på svenska fungerade bra."),
}
SV_OTHER = ("Det gick smidigt, tack.", "Jag har en fråga om min tid.")
EN: dict[str, tuple[str, str]] = {
    "Hoitoonpääsy": ("I had to wait for weeks to get an appointment.", "I got an appointment quickly."),
    "Takaisinsoitto": (
        "Nobody called back although I was promised a call back.",
        "They called back the same day.",
    ),
    "Sähköiset palvelut": ("The online booking did not work.", "The chat was very helpful."),
    "Henkilökunnan ammattitaito, hoito": (
        "The doctor was not thorough.",
        "Professional and thorough care, thank you.",
    ),
    "Asiakkaan kohtaaminen": ("The staff were rude.", "Friendly staff who listened."),
    "Viestintä": ("The information was unclear.", "Clear information, thanks."),
    "Tilat ja välineet": ("The waiting room was dirty.", "Clean premises."),
}
EN_OTHER = ("Everything went smoothly.", "I have a question about my appointment.")
SME = (
    "Ferten vuordit guhká doaktára lusa.",
    "Giitu buori fuolahusa ovddas.",
    "Telefovdna ii vástidan, ja ferten riŋget máŋgii.",
    "Doavttir lei hui ustitlaš.",
    "Ii lean diehtu boahkuhusa birra.",
)
PERSONAL = (
    " Hoitaja {first} oli erityisen mukava.",
    " Lääkäri {surname} hoiti asian hyvin.",
    " Soittakaa minulle numeroon {phone}.",
    " Henkilötunnukseni on {hetu}.",
    " Kävin {first_genitive} kanssa vastaanotolla.",
    " Ottakaa yhteyttä {first_allative}.",
)
FIRST = (
    ("Anna", "Annan", "Annalle"),
    ("Matti", "Matin", "Matille"),
    ("Liisa", "Liisan", "Liisalle"),
    ("Mikko", "Mikon", "Mikolle"),
    ("Tuomas", "Tuomaksen", "Tuomakselle"),
)
SURNAMES = ("Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Heikkinen")
PERSONAL_SHARE = 0.04
SAMI_SHARE = 0.003
QUICK_ANSWER_SHARE = 0.002

QUICK_NEGATIVE = (
    "Pitkä jono.",
    "Odotin yli tunnin.",
    "Töykeä vastaanotto.",
    "Ajanvaraus ei toiminut.",
    "Kukaan ei soittanut takaisin.",
    "Likainen odotustila.",
    "Lääkäri ei kuunnellut.",
    "Long wait.",
    "Lång kö.",
)
QUICK_POSITIVE = (
    "Ystävällinen henkilökunta.",
    "Nopea palvelu.",
    "Ammattitaitoinen hoitaja.",
    "Siistit tilat.",
    "Pääsin heti vastaanotolle.",
    "Kiitos hyvästä hoidosta!",
    "Friendly staff.",
    "Vänlig personal.",
)


def _pick(rng: np.random.Generator, options: tuple[str, ...]) -> str:
    return options[int(rng.integers(len(options)))]


def _personal(rng: np.random.Generator) -> str:
    first, genitive, allative = FIRST[int(rng.integers(len(FIRST)))]
    day, month, year = int(rng.integers(1, 29)), int(rng.integers(1, 13)), int(rng.integers(40, 99))
    hetu = f"{day:02d}{month:02d}{year:02d}-{int(rng.integers(100, 900))}X"
    return _pick(rng, PERSONAL).format(
        first=first,
        first_genitive=genitive,
        first_allative=allative,
        surname=_pick(rng, SURNAMES),
        phone=f"040 {int(rng.integers(100, 999))} {int(rng.integers(1000, 9999))}",
        hetu=hetu,
    )


def feedback_text(rng: np.random.Generator, category: str, kind: str, language: str, influenza: bool) -> str:
    """One feedback description (before masking)."""
    if language == "sme":
        return _pick(rng, SME)
    if language in ("swe", "eng"):
        pairs, other = (SV, SV_OTHER) if language == "swe" else (EN, EN_OTHER)
        if category in pairs and kind in ("moite", "kiitos"):
            return pairs[category][0 if kind == "moite" else 1]
        return _pick(rng, other)
    if influenza and category in FLU_FI:
        text = _pick(rng, FLU_FI[category])
    else:
        by_type = FI.get(category, FI["Muu"])
        text = _pick(rng, by_type.get(kind, by_type["moite"]))
    if "{" in text:
        text = text.format(
            hours=int(rng.integers(1, 4)),
            weeks=int(rng.integers(2, 7)),
            days=int(rng.integers(3, 10)),
            flu_days=int(rng.integers(7, 13)),
        )
    if rng.random() < PERSONAL_SHARE:
        text += _personal(rng)
    return text


def with_sami(config: DemoConfig, frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """A few Finnish-language items written in North Sámi instead (their own random stream)."""
    rng = config.rng("open_text", "sami", year)
    finnish = (frame["language"] == "fin").to_numpy()
    chosen = finnish & (rng.random(len(frame)) < SAMI_SHARE)
    language = frame["language"].astype(object).to_numpy().copy()
    language[chosen] = "sme"
    return frame.assign(language=language)


def feedback_texts(config: DemoConfig, frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """The ``open_text`` rows (masked) of a year's feedback items: one description per item."""
    rng = config.rng("open_text", "feedback", year)
    texts = [
        feedback_text(rng, category, kind, language, topic == "influenssarokotus")
        for category, kind, language, topic in zip(
            frame["category"], frame["feedback_type"], frame["language"], frame["topic"], strict=True
        )
    ]
    return open_text_rows(
        "feedback",
        frame["feedback_id"],
        frame["received_at"],
        pd.Series(texts, index=frame.index),
        frame["unit_id"],
        frame["service_area_id"],
    )


def quick_answers(config: DemoConfig, frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """HappyOrNot follow-up answers (masked) for a few presses in a thousand, by the button pressed."""
    rng = config.rng("open_text", "quick_feedback", year)
    chosen = np.flatnonzero(rng.random(len(frame)) < QUICK_ANSWER_SHARE)
    if not chosen.size:
        return pd.DataFrame()
    part = frame.iloc[chosen]
    points = part["scale"].astype(str).map({"four": 4, "five": 5, "nps": 11}).to_numpy()
    positive = part["button_index"].to_numpy() >= points / 2
    texts = [_pick(rng, QUICK_POSITIVE if good else QUICK_NEGATIVE) for good in positive]
    return open_text_rows(
        "happyornot", part["feedback_id"], part["ts"], pd.Series(texts, index=part.index), part["unit_id"]
    )

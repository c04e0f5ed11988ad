"""Masking person names (inflected Finnish ones too), identity codes, phone numbers and e-mails."""

from __future__ import annotations

import pytest

from data_access.ingest.privacy import inflected_forms, mask_personal_data


@pytest.mark.parametrize(
    "text,masked",
    [
        ("Soitin Virtaselle eilen.", "Soitin [NAME] eilen."),
        ("Kävin Annan kanssa vastaanotolla.", "Kävin [NAME] kanssa vastaanotolla."),
        ("Annan kanssa kävimme terveysasemalla.", "[NAME] kanssa kävimme terveysasemalla."),
        ("Annan palautetta ajanvarauksesta.", "Annan palautetta ajanvarauksesta."),
        ("Kiitos Matille ja Tuomakselle!", "Kiitos [NAME] ja [NAME]!"),
        ("Lääkäri Ylönen kuunteli.", "Lääkäri [NAME] kuunteli."),
        ("Jari Eskelinen oli ystävällinen.", "[NAME] [NAME] oli ystävällinen."),
        ("Mikko Virtasen kanssa sovittiin.", "[NAME] [NAME] kanssa sovittiin."),
        ("Kallion terveysasemalla jonotin.", "Kallion terveysasemalla jonotin."),
        ("Nurse Sarah was kind.", "Nurse [NAME] was kind."),
        ("Lääkäri [NAME] hoiti asian, HUS ja THL.", "Lääkäri [NAME] hoiti asian, HUS ja THL."),
        (
            "Hoitaja Anna, puh. 040 123 4567, hetu 131052-308T, anna@example.fi.",
            "Hoitaja [NAME], puh. [PHONE], hetu [HETU], [EMAIL].",
        ),
    ],
)
def test_masking_hand_written_sentences(text, masked):
    assert mask_personal_data(text) == masked


def test_finnish_forms_are_generated_with_consonant_gradation():
    assert {"virtaselle", "virtasta", "virtasen"} <= inflected_forms("Virtanen")
    assert {"matille", "matin", "mattia", "mattiin"} <= inflected_forms("Matti")
    assert {"annan", "annalle", "annaa"} <= inflected_forms("Anna")
    assert {"tuomakselle", "tuomasta"} <= inflected_forms("Tuomas")

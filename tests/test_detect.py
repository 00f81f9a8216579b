"""Offline en/ru/kk language detection."""

from __future__ import annotations

import pytest

from service.engine import detect_language
from service.errors import InvalidInput


@pytest.mark.parametrize("text,language", [
    ("Kazakh authorities have warned citizens against holding rallies.", "en"),
    ("Tokayev", "en"),
    ("Президент Касым-Жомарт Токаев баллотируется на выборах.", "ru"),
    ("Токаев", "ru"),
    ("Қасым-Жомарт Тоқаев кезектен тыс сайлауға түсті.", "kk"),
    ("Тоқаев", "kk"),                       # one Kazakh letter decides a single word
    ("Әлем", "kk"),
    ("Бұл кітап", "kk"),
    ("һ", "kk"),
    # Kazakh typed without its special letters: frequent words decide
    ("Бул китап жане мен ушин жаксы деп айтты", "kk"),
    ("Президент бойынша жане деп етти болды", "kk"),
    # Kazakh in the 2021 Latin alphabet
    ("Qazaqstan biligi azamattardy sailau küni mitingke şyqpauğa şaqyrdy.", "kk"),
    # Russian that merely contains a Kazakh name spelled the Russian way
    ("Нурсултан Назарбаев ушел в отставку, и это было неожиданно.", "ru"),
])
def test_detects_the_language(text, language):
    detections = detect_language(text)
    assert detections[0].language == language
    assert [d.language for d in detections] != [] and len(detections) == 3


def test_confidences_are_0_to_100_best_first_and_sum_to_100():
    detections = detect_language("Тоқаев реформалар туралы айтты және Токаев заявил.")
    confidences = [d.confidence for d in detections]
    assert confidences == sorted(confidences, reverse=True)
    assert all(0 <= c <= 100 for c in confidences)
    assert sum(confidences) == pytest.approx(100, abs=0.2)


def test_more_kazakh_evidence_means_more_confidence():
    short = detect_language("Тоқаев")[0]
    long = detect_language("Қазақстан билігі азаматтарды сайлау күні митингке шықпауға "
                           "шақырды және бұл туралы мәлімдеді.")[0]
    assert short.language == long.language == "kk"
    assert long.confidence > short.confidence


def test_mixed_text_picks_the_dominant_language_and_ranks_the_other_second():
    detections = detect_language("Kazakh authorities warned citizens, said Токаев in Astana.")
    assert [d.language for d in detections][:2] == ["en", "ru"]
    detections = detect_language("Токаев заявил журналистам в Астане: Qazaqstan.")
    assert detections[0].language == "ru"


def test_text_without_letters_gets_a_low_confidence_guess():
    detections = detect_language("12 345 — 3,5 %!")
    assert detections[0].confidence < 50


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_is_invalid_input_naming_q(text):
    with pytest.raises(InvalidInput) as info:
        detect_language(text)
    assert info.value.field == "q" and "empty" in info.value.message


def test_non_string_is_invalid_input():
    with pytest.raises(InvalidInput):
        detect_language(None)  # type: ignore[arg-type]

"""Skeletons make a model's spellings of one name equal or one edit apart, and no more."""

from __future__ import annotations

import pytest

from service.glossary.enforce_fuzzy import allowed_distance, edit_distance, skeleton


@pytest.mark.parametrize("a, b", [
    ("Токаев", "Тоқаев"), ("Toqaev", "Токаев"), ("Tokayev", "Tokaev"),
    ("Kassym-Jomart", "Касым-Жомарт"), ("Qasym-Zhomart", "Қасым-Жомарт"),
    ("Токаевқа", "Тоқаевқа"), ("Tokayev's", "Tokayevs"), ("TOKAYEV", "tokaev"),
])
def test_spellings_of_one_name_share_a_skeleton(a, b):
    assert skeleton(a) == skeleton(b)


def test_a_different_surname_is_one_edit_away_and_short_names_get_no_slack():
    assert edit_distance(skeleton("Токарев"), skeleton("Токаев")) == 1
    assert allowed_distance(skeleton("КНБ")) == 0
    assert allowed_distance(skeleton("Tokayev")) == 1


def test_edit_distance_stops_early_beyond_the_limit():
    assert edit_distance("abcdefgh", "zzzzzzzz", limit=1) == 2
    assert edit_distance("kitten", "sitting") == 3

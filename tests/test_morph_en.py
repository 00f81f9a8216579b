"""English possessives (both apostrophes, s' only after -s) and a family name's plural."""

import pytest

from service.glossary.morph import en_forms, en_inflect, en_plural


def test_forms_are_base_and_both_possessive_apostrophes():
    assert en_forms("Tokayev") == [("Tokayev", "nom"), ("Tokayev's", "poss"),
                                   ("Tokayev\u2019s", "poss")]


def test_name_in_s_also_takes_the_bare_apostrophe():
    surfaces = {s for s, t in en_forms("Lukas") if t == "poss"}
    assert surfaces == {"Lukas's", "Lukas'", "Lukas\u2019s", "Lukas\u2019"}


def test_bare_apostrophe_is_not_given_to_names_without_s():
    assert "Ablyazov'" not in {s for s, _ in en_forms("Ablyazov")}
    assert "Ablyazovs'" not in {s for s, _ in en_forms("Ablyazov")}


def test_full_name_and_headline_case():
    assert en_inflect("Kassym-Jomart Tokayev", "poss") == "Kassym-Jomart Tokayev's"
    assert en_inflect("TOKAYEV", "poss") == "TOKAYEV'S"
    assert en_inflect("CSTO", "poss") == "CSTO's"
    assert en_inflect("Toqaev", "poss", apostrophe="\u2019") == "Toqaev\u2019s"
    assert en_inflect("Toqaev", "nom") == "Toqaev"


def test_bad_input_is_rejected():
    with pytest.raises(ValueError, match="must not be empty"):
        en_forms(" ")
    with pytest.raises(ValueError, match="unknown tag 'gen'"):
        en_inflect("Tokayev", "gen")


def test_family_plural_takes_s_or_es_after_a_sibilant_and_keeps_headline_case():
    assert en_plural("Tokayev") == "Tokayevs" and en_inflect("Nazarbayev", "pl") == "Nazarbayevs"
    assert en_plural("Jones") == "Joneses" and en_plural("Marx") == "Marxes"
    assert en_plural("TOKAYEV") == "TOKAYEVS"
    assert en_plural("Kassym-Jomart Tokayev") == "Kassym-Jomart Tokayevs"

"""Inline glossary (glossary_terms): validation names the bad entry; terms match word-bounded."""

from __future__ import annotations

import pytest

from service.errors import InvalidInput, TooLarge
from service.glossary.inline import InlineTerm, find_terms, parse_inline_terms


def test_inline_terms_accept_pairs_and_a_mapping():
    pairs = parse_inline_terms([{"source": "Toqaev", "target": "Тоқаев"}])
    mapping = parse_inline_terms({"Toqaev": "Тоқаев"})
    assert pairs == mapping == [InlineTerm(0, "Toqaev", "Тоқаев")]


@pytest.mark.parametrize("value, message", [
    ([{"source": "", "target": "x"}], "'glossary_terms[0].source' is empty"),
    ([{"source": "a", "target": " b"}], "'glossary_terms[0].target' ' b' has surrounding whitespace"),
    ([{"source": "a\u0007", "target": "b"}], "contains the control character U+0007"),
    ([{"source": "Tokayev", "target": "Токаев"}, {"source": "tokayev", "target": "Т"}],
     "'glossary_terms[1].source' 'tokayev' duplicates 'glossary_terms[0].source'"),
    ([{"source": "a"}], "'glossary_terms[0]' must be an object with exactly the keys"),
    ([{"source": 3, "target": "b"}], "'glossary_terms[0].source' must be a string, got int"),
    ("Tokayev=Токаев", "must be a list of"),
    ([{"source": "--", "target": "b"}], "has no letters or digits"),
])
def test_inline_terms_bad_entries_are_rejected_naming_index_and_value(value, message):
    with pytest.raises(InvalidInput) as info:
        parse_inline_terms(value)
    assert message in info.value.message
    assert info.value.field == "glossary_terms"


def test_inline_terms_over_the_limit_are_too_large():
    with pytest.raises(TooLarge, match="has 3 terms; the limit is 2"):
        parse_inline_terms({"a": "1", "b": "2", "c": "3"}, max_terms=2)


def test_inline_terms_match_case_insensitively_on_word_boundaries_only():
    terms = parse_inline_terms({"Toqaev": "Тоқаев"})
    hits = find_terms("TOQAEV met Toqaevich and toqaev.", "en", terms, side="source")
    assert [(s, e) for _, s, e, _ in hits] == [(0, 6), (25, 31)]


def test_inline_russian_source_term_is_found_in_its_case_forms():
    terms = parse_inline_terms({"Аблязов": "Ablyazov"})
    hits = find_terms("Встреча с Аблязовым прошла.", "ru", terms, side="source")
    assert [(s, e, form) for _, s, e, form in hits] == [(10, 19, "ins")]

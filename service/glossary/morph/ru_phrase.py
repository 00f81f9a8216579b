"""Russian organisation and place phrases: decline the head noun and its agreeing adjectives.

Why pymorphy3: it carries the OpenCorpora dictionary plus a suffix guesser, so it declines
both dictionary words (прокуратура, область) and made-up place adjectives (Мангистауская)
with the right agreement; nothing else we could install offline does phrases. Its ranking
of parses is ambiguous (Мангистауская is first guessed as a gerund), so we pick the parse
we need by tag: the head is the first word that can be a nominative noun, the adjectives
are the words before it that can be nominative adjectives agreeing with it. Everything
after the head (a genitive complement, a prepositional phrase, a quoted name) stays as is.
"""

from __future__ import annotations

from functools import lru_cache

from ._common import match_case

_CASE_GRAMMEMES = {"nom": "nomn", "gen": "gent", "dat": "datv", "acc": "accs", "ins": "ablt",
                   "loc": "loct"}
_ADJECTIVE_POS = ("ADJF", "PRTF")


@lru_cache(maxsize=1)
def morph():
    """The analyzer loads its dictionaries once (~0.2 s); every caller shares it."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def phrase_table(name: str) -> dict[str, str]:
    """{case tag: surface} for a phrase, capitalisation kept word by word."""
    words = name.split()
    lowered = _phrase_lower_table(tuple(w.lower() for w in words))
    return {tag: " ".join(match_case(orig, new) for orig, new in zip(words, forms))
            for tag, forms in lowered.items()}


@lru_cache(maxsize=65536)
def _phrase_lower_table(words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    columns = [(i, forms) for i, forms in _plan(words)]
    table = {}
    for case_index, tag in enumerate(_CASE_GRAMMEMES):
        row = list(words)
        for index, forms in columns:
            row[index] = forms[case_index]
        table[tag] = tuple(row)
    return table


def _plan(words: tuple[str, ...]) -> list[tuple[int, tuple[str, ...]]]:
    """[(word index, its six case forms)] for the head noun and the adjectives agreeing with it."""
    adjectives: list[int] = []
    for index, word in enumerate(words):
        if word[:1] in "«\"'(" or not any(ch.isalpha() for ch in word):
            return []
        noun = _nominative(word, ("NOUN",))
        has_next = index + 1 < len(words)
        if (_nominative(word, _ADJECTIVE_POS) is not None and has_next
                and (noun is None or _is_nominal(words[index + 1]))):
            adjectives.append(index)
            continue
        if noun is None or "Fixd" in noun.tag:
            return []
        head = (index, _noun_cases(word))
        gender, number, animacy = noun.tag.gender, noun.tag.number, noun.tag.animacy or "inan"
        agreeing = [(i, _adjective_cases(words[i], gender, number, animacy)) for i in adjectives]
        return [head] + [(i, forms) for i, forms in agreeing if forms is not None]
    return []


@lru_cache(maxsize=65536)
def _parses(word: str) -> tuple:
    return tuple(morph().parse(word))


@lru_cache(maxsize=65536)
def _nominative(word: str, pos: tuple[str, ...]):
    for parse in _parses(word):
        if parse.tag.POS in pos and "nomn" in parse.tag:
            return parse
    return None


def _is_nominal(word: str) -> bool:
    return _nominative(word, ("NOUN",) + _ADJECTIVE_POS) is not None


@lru_cache(maxsize=65536)
def _noun_cases(word: str) -> tuple[str, ...]:
    parse = _nominative(word, ("NOUN",))
    return tuple(_inflect(parse, {grammeme}, word) for grammeme in _CASE_GRAMMEMES.values())


@lru_cache(maxsize=65536)
def _adjective_cases(word: str, gender: str | None, number: str | None,
                     animacy: str) -> tuple[str, ...] | None:
    """Six forms agreeing with the head; accusative follows the animacy of masc./plural nouns."""
    parse = _agreeing_parse(word, gender, number)
    if parse is None:
        return None
    forms = []
    for grammeme in _CASE_GRAMMEMES.values():
        wanted = {grammeme}
        if grammeme == "accs" and (gender == "masc" or number == "plur"):
            wanted.add(animacy)
        forms.append(_inflect(parse, wanted, word))
    if all(form.startswith(word[:-2]) for form in forms):
        return tuple(forms)
    # pymorphy3 re-derives some adjectives from their lexeme (высший → *высочайшего*);
    # the stem of a nominative adjective never changes, so regular endings are exact
    return _regular_adjective(word, animacy)


_SOFT_AFTER = frozenset("жшчщ")
_VELAR = frozenset("гкх")


def _regular_adjective(word: str, animacy: str) -> tuple[str, ...] | None:
    """Six case forms of a nominative full adjective by its ending; None if not one."""
    stem, end = word[:-2], word[-2:]
    last = stem[-1:]
    soft = end in ("ий", "яя", "ее", "ие") and last not in _VELAR
    i_after = last in _VELAR or last in _SOFT_AFTER or soft   # -им/-их, not -ым/-ых
    # -его/-ем after a soft stem or an unstressed sibilant; stressed -ой keeps о (большого)
    o = "е" if (soft or last in _SOFT_AFTER) and end != "ой" else "о"
    y = "и" if i_after else "ы"
    if end in ("ый", "ий", "ой"):
        gen = stem + o + "го"
        return (word, gen, stem + o + "му", gen if animacy == "anim" else word,
                stem + y + "м", stem + o + "м")
    if end in ("ая", "яя"):
        oj = stem + ("ей" if soft or last in _SOFT_AFTER else "ой")
        return (word, oj, oj, stem + ("юю" if soft else "ую"), oj, oj)
    if end in ("ое", "ее"):
        return (word, stem + o + "го", stem + o + "му", word, stem + y + "м", stem + o + "м")
    if end in ("ые", "ие"):
        gen = stem + y + "х"
        return (word, gen, stem + y + "м", gen if animacy == "anim" else word,
                stem + y + "ми", gen)
    return None


def _agreeing_parse(word: str, gender: str | None, number: str | None):
    for parse in _parses(word):
        tag = parse.tag
        if tag.POS not in _ADJECTIVE_POS or "nomn" not in tag:
            continue
        if tag.number == number and (number == "plur" or tag.gender == gender):
            return parse
    return None


def _inflect(parse, grammemes: set[str], original: str) -> str:
    inflected = parse.inflect(grammemes)
    if inflected is None and len(grammemes) > 1:
        inflected = parse.inflect({g for g in grammemes if g in _CASE_GRAMMEMES.values()})
    return inflected.word if inflected is not None else original

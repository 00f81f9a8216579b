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
    plan = _plan(words)
    table = {}
    for tag, grammeme in _CASE_GRAMMEMES.items():
        forms = list(words)
        for index, parse, extra in plan:
            forms[index] = _inflect(parse, {grammeme} | extra(grammeme), words[index])
        table[tag] = tuple(forms)
    return table


def _plan(words: tuple[str, ...]) -> list:
    """[(word index, parse to inflect, extra grammemes for a case)] for the declining words."""
    adjectives: list = []
    for index, word in enumerate(words):
        if word[:1] in "«\"'(" or not any(ch.isalpha() for ch in word):
            return []
        parses = morph().parse(word)
        noun = _nominative(parses, ("NOUN",))
        adjective = _nominative(parses, _ADJECTIVE_POS)
        has_next = index + 1 < len(words)
        if adjective is not None and has_next and (noun is None or _next_is_nominal(words[index + 1])):
            adjectives.append((index, parses))
            continue
        if noun is None or "Fixd" in noun.tag:
            return []
        return [(index, noun, _no_extra)] + _agreeing(adjectives, noun)
    return []


def _agreeing(adjectives: list, noun) -> list:
    plan = []
    for index, parses in adjectives:
        parse = _agreeing_parse(parses, noun)
        if parse is not None:
            plan.append((index, parse, _animacy_for(noun)))
    return plan


def _nominative(parses, pos: tuple[str, ...]):
    for parse in parses:
        if parse.tag.POS in pos and "nomn" in parse.tag:
            return parse
    return None


def _next_is_nominal(word: str) -> bool:
    return any(p.tag.POS in ("NOUN",) + _ADJECTIVE_POS and "nomn" in p.tag
               for p in morph().parse(word))


def _agreeing_parse(parses, noun):
    for parse in parses:
        tag = parse.tag
        if tag.POS not in _ADJECTIVE_POS or "nomn" not in tag:
            continue
        if tag.number == noun.tag.number and (tag.number == "plur" or tag.gender == noun.tag.gender):
            return parse
    return None


def _animacy_for(noun):
    """Accusative adjectives before a masculine or plural noun follow its animacy."""
    animacy = noun.tag.animacy or "inan"

    def extra(grammeme: str) -> set[str]:
        if grammeme == "accs" and (noun.tag.gender == "masc" or noun.tag.number == "plur"):
            return {animacy}
        return set()

    return extra


def _no_extra(grammeme: str) -> set[str]:
    return set()


def _inflect(parse, grammemes: set[str], original: str) -> str:
    inflected = parse.inflect(grammemes)
    if inflected is None and len(grammemes) > 1:
        inflected = parse.inflect({g for g in grammemes if g in _CASE_GRAMMEMES.values()})
    return inflected.word if inflected is not None else original

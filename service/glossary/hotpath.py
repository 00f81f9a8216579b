"""The per-hit steps of normalisation: what runs once for every automaton hit and every mention.

Everything else in the glossary runs once per glossary build or once per request; these two
loops run tens of thousands of times per megabyte of news text, so they bound `/normalize`
speed. They live in one small module so that it can be compiled:

- At install time, when a C compiler is present, ``setup.py`` compiles *this same file* with
  Cython (pure-Python mode). ``hotpath.pxd`` beside it only declares C types for the loop
  variables; the source and its behaviour are the ones you read here.
- Without a compiler the install still succeeds and this file runs as ordinary Python,
  about three times slower per hit. ``COMPILED`` says which one is running (GET /health
  reports it), and tests/test_hotpath.py checks that both give identical results.

Keep the code here valid, plain Python: no ``cimport``, no ``cython`` import.
"""

from __future__ import annotations

import re
import unicodedata
from operator import itemgetter
from typing import Callable

from service.glossary.model import NormalizedMention, NormalizeResult
from service.glossary.normalize import (GIVEN_FIRST, GIVEN_FIRST_PATRONYMIC, INITIALS_FIRST,
                                        SURNAME_FIRST, SURNAME_FIRST_INITIALS, SURNAME_FIRST_ONLY,
                                        SURNAME_FIRST_PATRONYMIC, WITH_INITIALS, fit_quotes,
                                        keep_presentation, render_hit, render_initials)

#: True when this module is the compiled extension (Cython sets ``__file__`` to the .so).
COMPILED: bool = not __file__.endswith((".py", ".pyc"))

JOINERS = "-'’"
TOKEN_JOINERS = JOINERS + "."

#: How a spelling must be written: any case; not all lower case (common words); in capitals (abbreviations).
ANY_CASE, CAPITAL, UPPER = 0, 1, 2


def is_word(char: str) -> bool:
    """Regex \\w semantics: letters of any script, digits, underscore, combining marks."""
    return char.isalnum() or char == "_" or unicodedata.category(char)[0] == "M"


def _mark_ranges() -> str:
    """Combining marks (İ folds to i + U+0307) as a regex class body: word characters here."""
    marks = [c for c in range(0x300, 0x10000)
             if unicodedata.category(chr(c))[0] == "M" and not chr(c).isalnum()]
    ranges, first = [], None
    for i, c in enumerate(marks):
        if first is None:
            first = c
        if i + 1 == len(marks) or marks[i + 1] != c + 1:
            ranges.append(f"\\u{first:04x}-\\u{c:04x}" if c > first else f"\\u{c:04x}")
            first = None
    return "".join(ranges)


_WORD_CLASS = "[\\w" + _mark_ranges() + "]"
#: A word with inner hyphens/apostrophes (Tokayev-led, ҰҚШҰ-ның, Tokayev's): where a hit's word ends.
WORD_RUN = re.compile(f"{_WORD_CLASS}*(?:[{JOINERS}]{_WORD_CLASS}+)*")
_TOKEN = re.compile(f"(?:{_WORD_CLASS}|[{JOINERS}.])+")
JOINER_SPLIT = re.compile(f"[{JOINERS}]")
#: Word characters that are not alphanumeric: underscore and combining marks (all >= U+0300).
_EXTRA_WORD = frozenset("_" + "".join(chr(c) for c in range(0x300, 0x10000)
                                      if unicodedata.category(chr(c))[0] == "M" and not chr(c).isalnum()))


#: A candidate mention, in folded offsets: (start, end, entity id, template variant,
#: extension: None or one of normalize.GIVEN_FIRST... (given name before or after the
#: surname, with or without the patronymic), the given-name variant or None).
Hit = tuple


def scan_hits(automaton, folded: str, text: str, origin: Callable[..., int] | None, slot: int,
              case_sensitive: bool, other_persons_given_name: Callable[..., bool]) -> list[Hit]:
    """Leftmost-longest hits of the automaton's stems over ``folded`` (the case-folded ``text``).

    For each stem hit: a word-character test at its start; where its word ends (one
    character test, the regex only when a letter, hyphen or apostrophe follows); one dict
    lookup for that ending, whose meaning per text language (``slot``) was worked out at
    build time; for persons, two character tests that rule out a given name next to the
    surname before any token is cut out."""
    size = len(folded)
    word_run = WORD_RUN.match
    extra_word = _EXTRA_WORD
    hits: list[Hit] = []
    append = hits.append
    for stem_end, value in automaton.iter(folded):
        length, tails, word_start = value
        stem_end += 1
        start = stem_end - length
        if start and word_start:
            before = folded[start - 1]
            if before.isalnum() or (before >= "\u0300" and before in extra_word) or before == "_":
                continue
        if stem_end == size or folded[stem_end] in " \t\n\r.,;:!?()[]{}\"«»“”„/…—–":
            end = stem_end
            resolved = tails.get("")
        else:
            end = word_run(folded, stem_end).end()
            resolved = tails.get(folded[stem_end:end])
        if resolved is None:
            end, resolved = _shorter_word_end(folded, stem_end, end, tails)
            if resolved is None:
                continue
        persons = resolved[0]
        if persons is not None:
            groups, lasts, firsts, single = persons
            extended = None
            if start > 1 and folded[start - 1] == " " and folded[start - 2] in lasts:
                if single is not None:      # one-token given names: inline
                    given_start = folded.rfind(" ", start - 49 if start > 49 else 0, start - 1) + 1
                    found = single.get(folded[given_start:start - 1])
                    if found is not None and (given_start or start <= 49):
                        group = groups[found[2]] if len(found) > 2 else groups[0]
                        if group is groups[0] or not (
                                end + 1 < size and folded[end] == " " and folded[end + 1] in firsts):
                            if group[2] and case_sensitive and wrong_case(
                                    text, given_start, start, stem_end, end, group[2], origin):
                                continue
                            append((given_start, end, found[0], group[1],
                                    INITIALS_FIRST if found[1].part == "initials" else GIVEN_FIRST, found[1]))
                            continue
                extended = _extend(folded, start, end, groups)
            elif start > 1 and folded[start - 1] == ".":       # initials glued on: Қ.Тоқаев
                extended = _extend(folded, start, end, groups)
            elif end + 1 < size and folded[end] == " " and folded[end + 1] in firsts:
                extended = _extend(folded, start, end, groups)
            if extended is not None:
                hit, case = extended
                if case and case_sensitive and wrong_case(text, hit[0], start, stem_end, hit[1], case, origin):
                    continue
                append(hit)
                continue
        entity_id, template, checks = resolved[slot]
        if checks is not None:
            case, ambiguous = checks
            if case and case_sensitive and wrong_case(text, start, start, stem_end, end, case, origin):
                continue
            if ambiguous and other_persons_given_name(text, folded, start, origin):
                continue
        append((start, end, entity_id, template, None, None))
    return leftmost_longest(hits)


def _extend(folded: str, start: int, end: int, persons: tuple) -> tuple[Hit, int] | None:
    """Grow a surname hit over an adjacent given name of the same person (namesakes: the one
    whose given name is there wins): before it (Kassym-Jomart Tokayev), else after it
    (TOKAYEV Kassym-Jomart). Two tokens (given name + patronymic) are tried before one,
    only for tables that hold two-token names."""
    before = after = None
    for merged, template, case, two_tokens in persons:
        if before is None:
            before = _tokens_before(folded, start, two_tokens)
        elif two_tokens and len(before) < 2:
            before = _tokens_before(folded, start, True)
        for token_start, token in before:
            found = merged.get(token)
            if found is not None:
                extension = _GIVEN_FIRST_BY_PART.get(found[1].part, GIVEN_FIRST)
                return (token_start, end, found[0], template, extension, found[1]), case
        if after is None or (two_tokens and len(after) < 2):
            after = _tokens_after(folded, end, two_tokens)
        for token_end, token in after:
            found = merged.get(token)
            if found is not None:
                extension = _SURNAME_FIRST_BY_PART.get(found[1].part, SURNAME_FIRST_ONLY)
                return (start, token_end, found[0], template, extension, found[1]), case
    return None


_GIVEN_FIRST_BY_PART = {"full_patronymic": GIVEN_FIRST_PATRONYMIC, "initials": INITIALS_FIRST}
_SURNAME_FIRST_BY_PART = {"full_patronymic": SURNAME_FIRST_PATRONYMIC, "initials": SURNAME_FIRST_INITIALS}


def _tokens_before(folded: str, start: int, two_tokens: bool) -> list[tuple[int, str]]:
    """The one or two name tokens right before ``start`` (two first: given name + patronymic).
    Usually the text after the previous space is all letters, which one C call confirms.
    Initials may be glued to the surname (Қ.Тоқаев): then the token ends at ``start``."""
    if start >= 2 and folded[start - 1] == ".":
        first = token_start(folded, start)
        return [(first, folded[first:start])] if first is not None else []
    if start < 2 or folded[start - 1] != " ":
        return []
    first = folded.rfind(" ", start - 49 if start > 49 else 0, start - 1) + 1
    if first == start - 1 or not folded[first:start - 1].isalpha():
        first = token_start(folded, start - 1)
        if first is None:
            return []
    out = [(first, folded[first:start - 1])]
    if two_tokens and first > 1 and folded[first - 1] == " ":
        second = token_start(folded, first - 1)
        if second is not None:
            out.insert(0, (second, folded[second:start - 1]))
    return out


def _tokens_after(folded: str, end: int, two_tokens: bool) -> list[tuple[int, str]]:
    """The two or one word runs right after ``end`` (surname-first lists)."""
    size = len(folded)
    if end + 1 >= size or folded[end] != " ":
        return []
    first_end = folded.find(" ", end + 1, end + 49)
    if first_end < 0:
        first_end = size if size - end < 49 else end + 49
    if first_end == end + 1 or not folded[end + 1:first_end].isalpha():
        first_end = WORD_RUN.match(folded, end + 1).end()
        if first_end == end + 1:
            return []
    out = [(first_end, folded[end + 1:first_end])]
    if first_end < size and folded[first_end] == ".":      # initials after the surname: Токаев К.-Ж.
        dotted = _TOKEN.match(folded, end + 1).end()
        out.insert(0, (dotted, folded[end + 1:dotted]))
    if two_tokens and first_end + 1 < size and folded[first_end] == " ":
        second_end = WORD_RUN.match(folded, first_end + 1).end()
        if second_end > first_end + 1:
            out.insert(0, (second_end, folded[end + 1:second_end]))
    return out


def wrong_case(text: str, start: int, stem_start: int, stem_end: int, end: int, case: int,
               origin: Callable[..., int] | None) -> bool:
    """Common-word names written all in lower case; abbreviations not written in capitals
    (WHO, not Who; ҰҚШҰ-ға keeps its lower-case ending)."""
    if origin is not None:
        start, end = origin(start), origin(end, is_end=True)
        stem_start, stem_end = origin(stem_start), origin(stem_end, is_end=True)
    if case == UPPER:
        return not JOINER_SPLIT.split(text[stem_start:stem_end], 1)[0].isupper()
    return text[start:end].islower()


def _shorter_word_end(folded: str, stem_end: int, end: int, tails: dict) -> tuple[int, object]:
    """The word may also end at a hyphen/apostrophe inside it (Tokayev-led is Tokayev;
    ҰҚШҰ-ның is one form), longest first; a stem ending in punctuation («Көше») needs none."""
    cut = end
    word = folded[stem_end:end]
    if "-" not in word and "'" not in word and "’" not in word:
        cut = stem_end - 1
    while cut >= stem_end:
        cut = max(folded.rfind(j, stem_end, cut) for j in JOINERS)
        if cut < stem_end:
            break
        owners = tails.get(folded[stem_end:cut])
        if owners is not None:
            return cut, owners
    if stem_end > 0 and not is_word(folded[stem_end - 1]) and end != stem_end:
        owners = tails.get("")
        if owners is not None:
            return stem_end, owners
    return end, None


def token_start(folded: str, end: int) -> int | None:
    """Start of the name token (word characters, joiners, dots) that ends at ``end``: usually
    the text right after the previous space; otherwise walk back over token characters."""
    k = folded.rfind(" ", max(0, end - 48), end) + 1
    if 0 < k < end and _TOKEN.fullmatch(folded, k, end):
        return k
    i = end
    while i > 0 and (is_word(folded[i - 1]) or folded[i - 1] in TOKEN_JOINERS):
        i -= 1
    return i if i < end else None


_START, _END = itemgetter(0), itemgetter(1)


def leftmost_longest(hits: list[Hit]) -> list[Hit]:
    """Hits arrive ordered by end; most texts have no overlaps, which one pass confirms."""
    cursor = 0
    for hit in hits:
        if hit[0] < cursor:
            break
        cursor = hit[1]
    else:
        return hits
    hits.sort(key=_END, reverse=True)       # two stable C-level sorts: start up, longest first
    hits.sort(key=_START)
    chosen, cursor = [], 0
    for hit in hits:
        if hit[0] >= cursor:
            chosen.append(hit)
            cursor = hit[1]
    return chosen


def normalize_hits(text: str, lang: str, hits: list[Hit], origin: Callable[..., int] | None,
                   entities: dict, style: str | None, cache: dict) -> NormalizeResult:
    """``text`` with every hit (from scan_hits) replaced by its canonical rendering.

    A long text repeats the same names in the same forms, so the canonical text and the
    entity type come from one cache lookup per hit, keyed by the hit's template (templates
    live as long as the index) and rendered on first sight by normalize.render_hit."""
    rendered = cache.get((lang, style))
    if rendered is None:
        rendered = cache[(lang, style)] = {}
    pieces: list[str] = []
    out: list[NormalizedMention] = []
    add_piece, add_mention = pieces.append, out.append
    cursor = 0
    for hit in hits:
        start, end, entity_id, template, extended, _given = hit
        if origin is not None:
            start, end = origin(start), origin(end, is_end=True)
        surface = text[start:end]
        key = (entity_id, id(template), extended)
        known = rendered.get(key)
        if known is None:
            known = rendered[key] = render_hit(entities[entity_id], surface, template, extended, lang, style)
        canonical, entity_type = known
        if extended is not None and extended in WITH_INITIALS:     # the shape is the mention's own
            canonical = render_initials(entities[entity_id], surface, template, extended, lang, style)
        elif surface.isupper() or "’" in surface or extended in SURNAME_FIRST:
            canonical = keep_presentation(surface, canonical, extended in SURNAME_FIRST)
        if start and text[start - 1] == "«":
            canonical = fit_quotes(text, start, end, canonical)
        add_piece(text[cursor:start])
        add_piece(canonical)
        cursor = end
        add_mention(NormalizedMention(entity_id, entity_type, start, end, surface, canonical))
    add_piece(text[cursor:])
    return NormalizeResult("".join(pieces), out)

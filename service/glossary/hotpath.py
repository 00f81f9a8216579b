"""The per-hit steps of normalisation: what runs once for every automaton hit and every mention.

Everything else in the glossary runs once per glossary build or once per request; the loops
here run tens of thousands of times per megabyte of news text, so they bound `/normalize`
speed. Two build loops live here too (``lay_out_pairs``, ``given_name_hash``): they run once
per (stem, ending) of the index, 200,000 times for a 10,000-entity glossary, and keep the
index build fast. They live in one small module so that it can be compiled:

- At install time, when a C compiler is present, ``setup.py`` compiles *this same file* with
  Cython (pure-Python mode). ``hotpath.pxd`` beside it only declares C types for the loop
  variables (and makes NormalizedMention a C class); the source and its behaviour are the
  ones you read here.
- Without a compiler the install still succeeds and this file runs as ordinary Python,
  about half the speed on name-dense text. ``COMPILED`` says which one is running (GET
  /health reports it), and tests/test_hotpath.py checks that both give identical results.

What a hit reads is laid out in flat integer arrays (matcher.FlatIndex), not in Python
objects: on name-dense text the cost of a hit was mostly cache misses on a 300 MB index.

Keep the code here valid, plain Python: no ``cimport``, no ``cython`` import.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from functools import lru_cache
from typing import Callable

from service.glossary.model import NormalizeResult
from service.glossary.normalize import (GIVEN_FIRST, INITIALS_FIRST, NOT_EXTENDED, SURNAME_FIRST_INITIALS,
                                        SURNAME_FIRST_ONLY, fit_quotes, keep_presentation, render_hit,
                                        render_initials)

class NormalizedMention:
    """One mention of a normalised text: entity id and type, code-point offsets into the
    input, the text as written there and its canonical replacement.

    A long text makes tens of thousands, so this class is part of the hot path: compiled, it
    is a C class (hotpath.pxd) built without a Python-level __init__ call and not tracked by
    the cyclic garbage collector (its fields are strings and ints: it can be in no reference
    cycle), which otherwise re-traversed every mention of a result after each request."""

    __slots__ = ("id", "type", "start", "end", "surface", "canonical")

    def __init__(self, id: str, type: str, start: int, end: int, surface: str, canonical: str):
        self.id = id
        self.type = type
        self.start = start
        self.end = end
        self.surface = surface
        self.canonical = canonical

    def as_tuple(self) -> tuple:
        return (self.id, self.type, self.start, self.end, self.surface, self.canonical)

    def as_dict(self) -> dict:
        """The JSON shape of /normalize's entities."""
        return {"id": self.id, "type": self.type, "start": self.start, "end": self.end,
                "surface": self.surface, "canonical": self.canonical}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalizedMention):
            return NotImplemented
        return self.as_tuple() == other.as_tuple()

    def __hash__(self) -> int:
        return hash(self.as_tuple())

    def __repr__(self) -> str:
        return "NormalizedMention(id={!r}, type={!r}, start={!r}, end={!r}, surface={!r}, canonical={!r})".format(
            *self.as_tuple())

    def __reduce__(self):
        return (NormalizedMention, self.as_tuple())


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
#: A word with inner hyphens/apostrophes (Tokayev-led, ҰҚШҰ-ның, Tokayev's): where a hit's word
#: ends. The definition that _word_run_end implements as a character loop (tests check they agree).
WORD_RUN = re.compile(f"{_WORD_CLASS}*(?:[{JOINERS}]{_WORD_CLASS}+)*")
#: A name token: word characters, joiners and dots (К.-Ж.); _token_run_end's definition.
TOKEN_RUN = re.compile(f"(?:{_WORD_CLASS}|[{JOINERS}.])+")
JOINER_SPLIT = re.compile(f"[{JOINERS}]")
#: Spaces other than U+0020 that news text puts between the words of a name: a line break (a
#: name wrapped across lines), and the no-break, narrow no-break and thin spaces of
#: typography (Russian puts a no-break space after initials: К.\u00a0Токаев). Folding turns
#: each into " " (matcher.fold_with_offsets), so names, multi-word names and the given-name
#: extension see an ordinary space. A tab (a field separator in TSV), a blank line and a
#: double space still end a name.
OTHER_SPACES = "\n\u00a0\u202f\u2009"
#: Word characters that are not alphanumeric: underscore and combining marks (all >= U+0300).
_EXTRA_WORD = frozenset("_" + "".join(chr(c) for c in range(0x300, 0x10000)
                                      if unicodedata.category(chr(c))[0] == "M" and not chr(c).isalnum()))


class OffsetMap:
    """Folded position -> position in the original text, for a text whose folded form has
    another length: case folding longer than the character (ß -> ss, İ -> i̇), or a stress
    mark dropped (matcher.fold_with_offsets); only those few characters are stored, each as
    the folded span it became (empty for a dropped mark) and its index in the original.
    Compiled, ``map`` is a C call: a Kazakh Latin text full of İ maps every hit's offsets."""

    __slots__ = ("starts", "ends", "origins", "start_view", "end_view", "origin_view")

    def __init__(self, text: str, folded_length: int, dropped: list[int] | tuple = ()):
        self.starts = array("q")     # folded position where each changed character's span begins
        self.ends = array("q")       # folded position after it
        self.origins = array("q")    # its index in the original text
        extra = 0
        changed = _expansions(text, folded_length + len(dropped) - len(text))
        if dropped:
            changed = sorted(changed + [(position, 0) for position in dropped])
        for position, width in changed:
            start = position + extra
            self.starts.append(start)
            self.ends.append(start + width)
            self.origins.append(position)
            extra += width - 1
        self.start_view, self.end_view = memoryview(self.starts), memoryview(self.ends)
        self.origin_view = memoryview(self.origins)

    def __call__(self, position: int, *, is_end: bool = False) -> int:
        return self.map(position, is_end)

    def map(self, position: int, is_end: bool) -> int:
        starts = self.start_view
        low, high = 0, len(starts)
        while low < high:                   # the last changed character starting at or before position
            middle = (low + high) // 2
            if starts[middle] <= position:
                low = middle + 1
            else:
                high = middle
        i = low - 1
        if i < 0:
            return position
        if position >= self.end_view[i]:    # after it (a dropped mark ends where it starts)
            return self.origin_view[i] + 1 + (position - self.end_view[i])
        if position == starts[i]:
            return self.origin_view[i]
        return self.origin_view[i] + (1 if is_end else 0)      # inside an expansion


#: Expanding characters that en/ru/kk news text actually has: İ (Kazakh Latin 2021, Turkish
#: names) and ß (German names). Counting them is ten times faster than the regex below.
_USUAL_EXPANDING = ("İ", "ß")


def _expansions(text: str, extra: int) -> list[tuple[int, int]]:
    """(position, folded width) of each character of ``text`` whose case folding is longer
    than one code point; ``extra`` is how much longer the folded text is. When the usual
    ones account for all of it there can be no other (each adds at least one), and
    str.count/str.find locate them; otherwise the regex of all ~100 searches the text."""
    found = []
    for char in _USUAL_EXPANDING:
        count = text.count(char)
        if count:
            found.append((char, count))
    if sum(count * (len(char.casefold()) - 1) for char, count in found) != extra:
        return [(match.start(), len(match.group().casefold())) for match in _expanding().finditer(text)]
    positions = []
    for char, count in found:
        width = len(char.casefold())
        position = -1
        for _ in range(count):
            position = text.find(char, position + 1)
            positions.append((position, width))
    positions.sort()
    return positions


@lru_cache(maxsize=1)
def _expanding() -> re.Pattern:
    """Characters whose case folding is longer than one code point (about 100, all in the BMP)."""
    chars = [chr(c) for c in range(0x10000)
             if not 0xD800 <= c <= 0xDFFF and len(chr(c).casefold()) != 1]
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


#: A candidate mention, in folded offsets: (start, end, entity number, template number,
#: extension: normalize.NOT_EXTENDED or one of normalize.GIVEN_FIRST... (given name before or
#: after the surname, with or without the patronymic, or initials), and for an extended hit
#: the given name's number (NameIndex.given_variants), else -1).
#: Entity and template numbers index NameIndex.entity_ids and NameIndex.templates.
Hit = tuple

#: Integers per row of Hits: the six fields of a Hit.
HIT_SIZE = 6
#: Integers per row of FlatIndex.slot_rows (rows_for_slot).
SLOT_ROW = 5


class IntRows:
    """Rows of a fixed number of integers in one growing array: what a scan produces per
    hit, written and read in order instead of as tuples and int objects all over the heap."""

    __slots__ = ("data", "view", "count", "capacity", "width")

    def __init__(self, width: int, capacity: int):
        self.data = array("q", [0]) * (width * capacity)
        self.view = memoryview(self.data)
        self.count = 0
        self.capacity = capacity
        self.width = width

    def _grow(self) -> None:
        """Double the room: a new array, so the old one's buffer export never blocks it."""
        self.data = self.data + self.data
        self.view = memoryview(self.data)
        self.capacity *= 2


class Hits(IntRows):
    """The hits of one scan as rows of six integers (the fields of a Hit). A dense text has
    a hit every ~150 bytes; as tuples, each was a tuple and up to four int objects to
    allocate, free and (until freed) keep in the collector's young generation, and the
    rewrite re-read them from all over the heap. Iterating gives Hit tuples (for Mentions,
    tests, tools)."""

    __slots__ = ()

    def __init__(self, capacity: int = 256):
        IntRows.__init__(self, HIT_SIZE, capacity)

    def add(self, start: int, end: int, entity: int, template: int, extended: int, given: int) -> None:
        if self.count == self.capacity:
            self._grow()
        row = self.count * HIT_SIZE
        view = self.view
        view[row] = start
        view[row + 1] = end
        view[row + 2] = entity
        view[row + 3] = template
        view[row + 4] = extended
        view[row + 5] = given
        self.count += 1

    def tuples(self) -> list[Hit]:
        data, rows = self.data, []
        for number in range(self.count):
            rows.append(tuple(data[number * HIT_SIZE:(number + 1) * HIT_SIZE]))
        return rows

    def __len__(self) -> int:
        return self.count

    def __iter__(self):
        return iter(self.tuples())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Hits):
            return NotImplemented
        return self.tuples() == other.tuples()

    def __repr__(self) -> str:
        return f"Hits({self.tuples()!r})"


def scan_hits(automaton, flat, folded: str, text: str, origin: OffsetMap | None, slot: int,
              case_sensitive: bool, other_persons_given_name: Callable[..., bool]) -> Hits:
    """Leftmost-longest hits of the automaton's stems over ``folded`` (the case-folded ``text``).

    The automaton's hits are collected first (stem_hits), then worked through. For each stem
    hit (the automaton's value is where the key's record starts in
    ``flat.key_rows``: its length, then its endings' tail numbers): a word-character test at
    its start; where its word ends (one character test, a short character loop when a
    letter, hyphen or apostrophe follows); that ending's pair among the key's, and the
    pair's row for the text's language (``slot``) in ``flat.slot_rows``, worked out at build
    time. Hits go into a Hits array, resolved to leftmost-longest at the end.
    For a person's surname, the word before it is looked up among all one-token given names
    and probed in the flat given-name table (FlatIndex.given_keys); only what that cannot
    decide (namesakes, two-token names, initials, punctuation) takes the person's Python
    tables, after two cheap character tests (last and first letters of its given names).
    ``flat`` is matcher.FlatIndex: integer arrays, so a hit touches a few cache lines
    instead of a chain of index objects."""
    tail_numbers, person_tables, key_rows = flat[1], flat[5], flat[13]
    slot_rows = flat[12][slot - 1]
    person_rows, first_letters, given_tokens, given_keys, given_rows = flat[7], flat[8], flat[9], flat[10], flat[11]
    token_count, given_mask = len(given_tokens), len(given_keys) - 1
    size = len(folded)
    extra_word = _EXTRA_WORD
    hits = Hits()
    stems = stem_hits(automaton, folded)
    stem_view = stems.view
    for stem_number in range(stems.count):
        stem_end, key = stem_view[2 * stem_number], stem_view[2 * stem_number + 1]   # key: where its record starts in key_rows
        length = key_rows[key] >> 1
        stem_end += 1
        start = stem_end - length
        if start and key_rows[key] & 1:
            before = folded[start - 1]
            if before.isalnum() or (before >= "\u0300" and before in extra_word) or before == "_":
                continue
        first, count = key_rows[key + 1], key_rows[key + 2]
        tails = key + 3 - first                      # key_rows[tails + pair]: the pair's tail number
        if stem_end == size or folded[stem_end] in " \t\n\r.,;:!?()[]{}\"«»“”„/…—–":
            end = stem_end
            pair = _find_pair(key_rows, tails, first, count, 0)
        else:
            end = _word_run_end(folded, stem_end, size)
            tail = tail_numbers.get(folded[stem_end:end])
            pair = -1 if tail is None else _find_pair(key_rows, tails, first, count, tail)
        if pair < 0:
            end, pair = _shorter_word_end(folded, stem_end, end, tail_numbers, key_rows, tails, first, count)
            if pair < 0:
                continue
        row = pair * SLOT_ROW
        person = slot_rows[row]
        if person >= 0:
            extended = None
            slow = True
            person_row = person * 5
            table = slot_rows[row + 4]              # = person_rows[person_row], without waiting for it
            if table >= 0 and start > 1 and folded[start - 1] == " ":
                # the usual cases from flat rows: a one-token given name right before the
                # surname (one lookup in a small dict of all given names, one probe), or none
                given_start = _after_previous_space(folded, start)
                token = folded[given_start:start - 1]
                number = given_tokens.get(token)
                if number is None:
                    given = -1
                else:
                    token_number = number
                    given = _given_slot(given_keys, table * token_count + token_number, given_mask)
                if given >= 0:
                    if given_rows[4 * given + 3] == 0 and (given_start or start <= 49):   # first namesake group
                        case = person_rows[person_row + 2]
                        if case and case_sensitive and wrong_case(text, given_start, start, stem_end, end, case, origin):
                            continue
                        hits.add(given_start, end, given_rows[4 * given], person_rows[person_row + 1],
                                 given_rows[4 * given + 2], given_rows[4 * given + 1])
                        continue
                elif _letters_only(folded, given_start, start - 1):
                    slow = False        # no given name before it: only one after it is left to find
                    if end + 1 < size and folded[end] == " " and _starts_given_name(
                            first_letters, person_rows[person_row + 3], person_rows[person_row + 4], folded[end + 1]):
                        extended = _extend(folded, start, end, person_tables[person][0])
            if slow:
                groups, lasts, firsts, single = person_tables[person]
                if start > 1 and folded[start - 1] == " " and folded[start - 2] in lasts:
                    if single is not None:      # one-token given names (the cases above did not decide)
                        given_start = _after_previous_space(folded, start)
                        token = folded[given_start:start - 1]
                        found = single.get(token)
                        if found is None and token.isalpha():
                            # _extend would look this same token up again: only a given name
                            # after the surname (surname-first lists) is left to find
                            if end + 1 < size and folded[end] == " " and folded[end + 1] in firsts:
                                extended = _extend(folded, start, end, groups)
                        elif found is not None and (given_start or start <= 49):
                            group = groups[found[4]] if len(found) > 4 else groups[0]
                            if group is groups[0] or not (
                                    end + 1 < size and folded[end] == " " and folded[end + 1] in firsts):
                                if group[2] and case_sensitive and wrong_case(
                                        text, given_start, start, stem_end, end, group[2], origin):
                                    continue
                                hits.add(given_start, end, found[0], group[1],
                                         INITIALS_FIRST if found[2] == INITIALS_FIRST else GIVEN_FIRST, found[1])
                                continue
                            extended = _extend(folded, start, end, groups)
                        else:
                            extended = _extend(folded, start, end, groups)
                    else:
                        extended = _extend(folded, start, end, groups)
                elif start > 1 and folded[start - 1] == ".":       # initials glued on: Қ.Тоқаев
                    extended = _extend(folded, start, end, groups)
                elif end + 1 < size and folded[end] == " " and folded[end + 1] in firsts:
                    extended = _extend(folded, start, end, groups)
            if extended is not None:
                hit, case = extended
                if case and case_sensitive and wrong_case(text, hit[0], start, stem_end, hit[1], case, origin):
                    continue
                hits.add(hit[0], hit[1], hit[2], hit[3], hit[4], hit[5])
                continue
        checks = slot_rows[row + 3]
        if checks:
            case = checks & 3
            if case and case_sensitive and wrong_case(text, start, start, stem_end, end, case, origin):
                continue
            if checks & 4 and other_persons_given_name(text, folded, start, origin):
                continue
        hits.add(start, end, slot_rows[row + 1], slot_rows[row + 2], NOT_EXTENDED, -1)
    return leftmost_longest(hits)


class StemHits(IntRows):
    """The automaton's raw hits, (end, value) as two integers each."""

    __slots__ = ()

    def __init__(self, capacity: int = 1024):
        IntRows.__init__(self, 2, capacity)

    def add(self, end: int, value: int) -> None:
        if self.count == self.capacity:
            self._grow()
        self.view[2 * self.count] = end
        self.view[2 * self.count + 1] = value
        self.count += 1


def stem_hits(automaton, folded: str) -> StemHits:
    """All of the automaton's hits first, in one tight loop, then the per-hit work over them:
    interleaved, each evicted the other's tables from the cache (the automaton's walk ran
    ~15% slower inside scan_hits than alone, and the per-hit reads missed more)."""
    stems = StemHits()
    for stem_end, key in automaton.iter(folded):
        stems.add(stem_end, key)
    return stems


def lay_out_pairs(table: dict, entities: dict, rows, summary: Callable,
                  ambiguous_with_feminine: Callable) -> tuple:
    """matcher.FlatIndex's keys, tail numbers and pair tails for ``table`` (key -> tail ->
    entries), appending each pair's rows to ``rows`` (matcher._Rows): what a (stem, tail)
    stands for, worked out once at build time. First the namesake groups that have given
    names to extend over (with the last letters of those names and the first letters, the
    cheap test of whether one can be next to the surname at all: ``summary``, shared between
    all stems and endings), then the entity and the checks it needs per text language
    (slots of matcher._LANG_SLOT) as rows of FlatIndex.choices. Here, in the compiled
    module, because it runs once per (stem, tail): 200,000 times for the 10,000-entity
    benchmark glossary."""
    keys: list = []
    pair_tails: list = []
    tail_numbers: dict = {"": 0}
    by_table: dict = {}
    pairs, choices, persons, entity_number, person_rows = rows[0], rows[1], rows[2], rows[3], rows[4]
    for key, tails in table.items():
        keys.append(len(key) * 2 + is_word(key[0]))
        keys.append(len(pair_tails))
        keys.append(len(tails))
        for tail, owners in tails.items():
            tail_number = tail_numbers.get(tail)
            if tail_number is None:
                tail_number = tail_numbers[tail] = len(tail_numbers)
            pair_tails.append(tail_number)
            tables = []
            for owner in owners:
                if owner[3][0] is not None:
                    tables.append(owner[3][0])
            if tables:
                if len(tables) == 1:        # most: one person's table, summarised once
                    known = by_table.get(id(tables[0]))
                    if known is None:
                        known = by_table[id(tables[0])] = summary(tuple(tables), rows)   # rows keeps it alive
                else:
                    known = summary(tuple(tables), rows)
                two_tokens, lasts, firsts, single, flat = known
                groups = []
                for owner in owners:
                    if owner[3][0] is not None:     # (given-name table, template number, case rule, two tokens)
                        groups.append((owner[3][0], owner[4], owner[2], two_tokens))
                pairs.append(len(persons))
                persons.append((tuple(groups), lasts, firsts, single))
                person_rows.append(flat[0])
                person_rows.append(groups[0][1])
                person_rows.append(groups[0][2])
                person_rows.append(flat[1])
                person_rows.append(flat[2])
            else:
                pairs.append(-1)
            if len(owners) == 1:            # most stems: one spelling, one entity
                ids, template, case, _, number = owners[0]
                ambiguous = template.part == "surname" and ambiguous_with_feminine(entities[ids[0]], template)
                choice = len(choices) // 3
                choices.append(entity_number[ids[0]])
                choices.append(number)
                choices.append(case + 4 * ambiguous)
                pairs.append(choice)
                pairs.append(choice)
                pairs.append(choice)
                pairs.append(choice)
                continue
            previous = None                 # one spelling, several entries: each language's own first
            for lang in ("en", "ru", "kk", None):
                chosen = owners[0]
                if lang is not None and chosen[1].lang != lang:
                    for owner in owners:
                        if owner[1].lang == lang:
                            chosen = owner
                            break
                if chosen is not previous:
                    ids, template, case, _, number = previous = chosen
                    ambiguous = ambiguous_with_feminine(entities[ids[0]], template)
                    choice = len(choices) // 3
                    choices.append(entity_number[ids[0]])
                    choices.append(number)
                    choices.append(case + 4 * ambiguous)
                pairs.append(choice)
    return keys, tail_numbers, pair_tails


def key_records(keys, pair_tails) -> array:
    """matcher.FlatIndex.key_rows: each key's row of ``keys`` (length * 2 + word flag, first
    pair, pair count) followed by its pairs' tail numbers, so that a hit finds the key and
    its endings in one place (one cache miss where it was two). Key number k's record starts
    at 3 * k + its first pair. Compiled because it runs once per key and pair."""
    records = array("i", [0]) * (len(keys) + len(pair_tails))
    view = memoryview(records)
    at = 0
    for row in range(0, len(keys), 3):
        first, count = keys[row + 1], keys[row + 2]
        view[at], view[at + 1], view[at + 2] = keys[row], first, count
        for i in range(count):
            view[at + 3 + i] = pair_tails[first + i]
        at += 3 + count
    return records


def rows_for_slot(pairs, choices, person_rows, slot: int) -> array:
    """matcher.FlatIndex.slot_rows[slot - 1]: per pair, 5 ints: its person-table number, the
    entity, template and checks of its choice for text-language slot ``slot``, and the
    person's one-token given-name table number (-1: none or not a person), side by side.
    A hit then reads one row where it read a pair row and a choice row elsewhere, and can
    probe the given-name table without waiting for the person's row: on name-dense text
    each of those reads was a cache miss. Compiled because it runs once per pair."""
    count = len(pairs) // 5
    rows = array("i", [0]) * (SLOT_ROW * count)
    view = memoryview(rows)
    for pair in range(count):
        choice = pairs[5 * pair + slot] * 3
        person = pairs[5 * pair]
        row = SLOT_ROW * pair
        view[row] = person
        view[row + 1] = choices[choice]
        view[row + 2] = choices[choice + 1]
        view[row + 3] = choices[choice + 2]
        view[row + 4] = person_rows[5 * person] if person >= 0 else -1
    return rows


def given_name_hash(tables: list) -> tuple:
    """matcher.FlatIndex.given_tokens, given_keys and given_rows for the one-token given-name
    tables (numbered in list order): the table _given_slot probes. Linear probing at a load
    factor of at most 1/2. Here, in the compiled module, because it runs once per (table,
    token), 180,000 times for the 10,000-entity benchmark glossary."""
    tokens: dict = {}
    entries = 0
    for table in tables:
        entries += len(table)
        for token in table:
            if token not in tokens:
                tokens[token] = len(tokens)
    count = len(tokens)
    size = 8
    while size < 2 * entries:
        size *= 2
    mask = size - 1
    keys = array("q", [-1]) * size
    rows = array("i", [0]) * (4 * size)
    key_view, row_view = memoryview(keys), memoryview(rows)
    number = 0
    for table in tables:
        base = number * count
        for token, found in table.items():
            key = base + tokens[token]
            slot = (key * 40503) & mask
            while key_view[slot] != -1:
                slot = (slot + 1) & mask
            key_view[slot] = key
            row = 4 * slot
            row_view[row] = found[0]
            row_view[row + 1] = found[1]
            row_view[row + 2] = INITIALS_FIRST if found[2] == INITIALS_FIRST else GIVEN_FIRST   # as scan_hits' one-token path
            row_view[row + 3] = found[4] if len(found) > 4 else 0
        number += 1
    return tokens, keys, rows


def _letters_only(folded: str, start: int, end: int) -> bool:
    """folded[start:end].isalpha(), compiled without a slice and a method call."""
    if start >= end:
        return False
    for i in range(start, end):
        if not folded[i].isalpha():
            return False
    return True


def _upper_case(text: str, start: int, end: int) -> bool:
    """text[start:end].isupper(). A lower-case letter makes it False, and most names have
    one among their first two letters, which two C tests see before any slice is made."""
    if end <= start or text[start].islower() or (end - start > 1 and text[start + 1].islower()):
        return False
    return text[start:end].isupper()


def _other_space(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] has one of OTHER_SPACES, which keep_presentation keeps in the
    canonical form: four C comparisons per character (a mention holds no other kind of
    space, since folding turns only these into " ")."""
    for i in range(start, end):
        char = text[i]
        if char == "\n" or char == "\u00a0" or char == "\u202f" or char == "\u2009":
            return True
    return False


def _after_previous_space(folded: str, start: int) -> int:
    """folded.rfind(" ", max(0, start - 49), start - 1) + 1 as a character loop (compiled,
    no int objects for the bounds): where the word before a surname at ``start`` begins,
    or 0 when no space is that close."""
    low = start - 49 if start > 49 else 0
    i = start - 2
    while i >= low:
        if folded[i] == " ":
            return i + 1
        i -= 1
    return 0


def _given_slot(given_keys, key: int, mask: int) -> int:
    """The slot of ``key`` (one-token table number * token count + token number) in the
    given-name hash table (given_name_hash builds it with the same multiplier), or -1."""
    slot = (key * 40503) & mask
    while True:
        found = given_keys[slot]
        if found == key:
            return slot
        if found < 0:
            return -1
        slot = (slot + 1) & mask


def _starts_given_name(first_letters, first: int, count: int, char: str) -> bool:
    """Whether ``char`` is among a table's first letters (first_letters[first:first + count])."""
    code = ord(char)
    for i in range(first, first + count):
        if first_letters[i] == code:
            return True
    return False


def _word_run_end(folded: str, start: int, size: int) -> int:
    """Where WORD_RUN matching at ``start`` ends (word characters, and inner hyphens or
    apostrophes each followed by one), as a character loop: endings are a few letters, and
    compiled this is a few C comparisons instead of a regex call and a match object."""
    end = start
    while True:
        while end < size and _word_char(folded[end]):
            end += 1
        if end + 1 < size and folded[end] in JOINERS and _word_char(folded[end + 1]):
            end += 1
        else:
            return end


def _token_run_end(folded: str, start: int, size: int) -> int:
    """Where TOKEN_RUN matching at ``start`` ends (word characters, joiners and dots), before
    ``size``, as a character loop like _word_run_end."""
    end = start
    while end < size and (_word_char(folded[end]) or folded[end] in TOKEN_JOINERS):
        end += 1
    return end


def _word_char(char: str) -> bool:
    """is_word for one character, as the regex's class has it (see _EXTRA_WORD)."""
    return char.isalnum() or char == "_" or (char >= "\u0300" and char in _EXTRA_WORD)


def _find_pair(key_rows, tails: int, first: int, count: int, tail: int) -> int:
    """The pair of a key (its pairs are ``first`` .. ``first + count - 1``, their tail numbers
    at key_rows[tails + pair]) whose tail number is ``tail``; -1 if the key has no such
    ending. A key has at most a few dozen."""
    for pair in range(first, first + count):
        if key_rows[tails + pair] == tail:
            return pair
    return -1


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
                return (token_start, end, found[0], template, found[2], found[1]), case
        if after is None or (two_tokens and len(after) < 2):
            after = _tokens_after(folded, end, two_tokens)
        for token_end, token in after:
            found = merged.get(token)
            if found is not None:
                return (start, token_end, found[0], template, found[3], found[1]), case
    return None


def _tokens_before(folded: str, start: int, two_tokens: bool) -> list[tuple[int, str]]:
    """The one or two name tokens right before ``start`` (two first: given name + patronymic).
    Usually the text after the previous space is all letters, which one C call confirms.
    Initials may be glued to the surname (Қ.Тоқаев): then the token ends at ``start``."""
    if start >= 2 and folded[start - 1] == ".":
        first = token_start(folded, start)
        return [(first, folded[first:start])] if first is not None else []
    if start < 2 or folded[start - 1] != " ":
        return []
    first = _after_previous_space(folded, start)
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
        first_end = _word_run_end(folded, end + 1, size)
        if first_end == end + 1:
            return []
    out = [(first_end, folded[end + 1:first_end])]
    if first_end < size and folded[first_end] == ".":      # initials after the surname: Токаев К.-Ж.
        dotted = _token_run_end(folded, end + 1, size)
        out.insert(0, (dotted, folded[end + 1:dotted]))
    if two_tokens and first_end + 1 < size and folded[first_end] == " ":
        second_end = _word_run_end(folded, first_end + 1, size)
        if second_end > first_end + 1:
            out.insert(0, (second_end, folded[end + 1:second_end]))
    return out


def wrong_case(text: str, start: int, stem_start: int, stem_end: int, end: int, case: int,
               origin: OffsetMap | None) -> bool:
    """Common-word names written all in lower case; abbreviations not written in capitals
    (WHO, not Who; ҰҚШҰ-ға keeps its lower-case ending)."""
    if origin is not None:
        start, end = origin.map(start, False), origin.map(end, True)
        stem_start, stem_end = origin.map(stem_start, False), origin.map(stem_end, True)
    if case == UPPER:
        return not JOINER_SPLIT.split(text[stem_start:stem_end], 1)[0].isupper()
    return text[start:end].islower()


def _shorter_word_end(folded: str, stem_end: int, end: int, tail_numbers: dict, key_rows,
                      tails: int, first: int, count: int) -> tuple[int, int]:
    """The word may also end at a hyphen/apostrophe inside it (Tokayev-led is Tokayev;
    ҰҚШҰ-ның is one form), longest first; a stem ending in punctuation («Көше») needs none.
    Returns (end, pair), pair -1 when no ending fits."""
    cut = stem_end - 1                  # no joiner in the word: nothing to cut at
    for i in range(stem_end, end):
        if folded[i] in JOINERS:
            cut = end
            break
    while cut >= stem_end:
        cut = max(folded.rfind("-", stem_end, cut), folded.rfind("'", stem_end, cut),
                  folded.rfind("’", stem_end, cut))         # the JOINERS
        if cut < stem_end:
            break
        tail = tail_numbers.get(folded[stem_end:cut])
        if tail is not None:
            pair = _find_pair(key_rows, tails, first, count, tail)
            if pair >= 0:
                return cut, pair
    if stem_end > 0 and not _word_char(folded[stem_end - 1]) and end != stem_end:
        pair = _find_pair(key_rows, tails, first, count, 0)
        if pair >= 0:
            return stem_end, pair
    return end, -1


def token_start(folded: str, end: int) -> int | None:
    """Start of the name token (word characters, joiners, dots) that ends at ``end``: usually
    the text right after the previous space; otherwise walk back over token characters."""
    k = folded.rfind(" ", max(0, end - 48), end) + 1
    if 0 < k < end and _token_run_end(folded, k, end) == end:
        return k
    i = end
    while i > 0 and (is_word(folded[i - 1]) or folded[i - 1] in TOKEN_JOINERS):
        i -= 1
    return i if i < end else None


def leftmost_longest(hits: Hits) -> Hits:
    """Keep the leftmost-longest hits that do not overlap, in place. Hits arrive ordered by
    where their stem ends, so most texts have no overlaps, which one pass confirms; else the
    rows are put in (start, longest first) order by insertion, which costs little because
    a row is out of place only among the few hits within a name's length of it."""
    view, count = hits.view, hits.count
    cursor = 0
    for number in range(count):
        row = number * HIT_SIZE
        if view[row] < cursor:
            break
        cursor = view[row + 1]
    else:
        return hits
    _sort_by_start_longest_first(view, count)
    kept = cursor = 0
    for number in range(count):
        row = number * HIT_SIZE
        if view[row] >= cursor:
            cursor = view[row + 1]
            if kept != row:
                for field in range(HIT_SIZE):
                    view[kept + field] = view[row + field]
            kept += HIT_SIZE
    hits.count = kept // HIT_SIZE
    return hits


def _sort_by_start_longest_first(view, count: int) -> None:
    """Stable insertion sort of the rows by start, then end descending."""
    for i in range(1, count):
        row = i * HIT_SIZE
        start, end = view[row], view[row + 1]
        target = row
        while target and (view[target - HIT_SIZE] > start or (
                view[target - HIT_SIZE] == start and view[target - HIT_SIZE + 1] < end)):
            target -= HIT_SIZE
        if target < row:
            entity, template, extended, given = view[row + 2], view[row + 3], view[row + 4], view[row + 5]
            for k in range(row - 1, target - 1, -1):     # the rows in between move up by one
                view[k + HIT_SIZE] = view[k]
            view[target], view[target + 1], view[target + 2] = start, end, entity
            view[target + 3], view[target + 4], view[target + 5] = template, extended, given


def normalize_hits(text: str, lang: str, hits: Hits, origin: OffsetMap | None,
                   index, style: str | None, cache: dict) -> NormalizeResult:
    """``text`` with every hit (from scan_hits) replaced by its canonical rendering.

    A long text repeats the same names in the same forms, so the canonical text comes from
    one cache lookup per hit, keyed by one integer made of the hit's template, entity and
    extension numbers, and rendered on first sight by normalize.render_hit; the entity's id
    and type come from the index's lists by entity number. ``index`` is the
    matcher.NameIndex that made the hits."""
    rendered = cache.get((lang, style))
    if rendered is None:
        rendered = cache[(lang, style)] = {}
    entities, entity_ids, entity_types, templates = index.entities, index.entity_ids, index.entity_types, index.templates
    entity_count = len(entity_ids)
    pieces: list[str] = []
    out: list[NormalizedMention] = []
    add_piece, add_mention = pieces.append, out.append
    spaced = False                  # a text without OTHER_SPACES needs no look for them per mention
    for space in OTHER_SPACES:
        if space in text:
            spaced = True
            break
    cursor = 0
    view = hits.view
    for number in range(hits.count):
        row = number * HIT_SIZE
        start, end, entity_number, template_number, extended = \
            view[row], view[row + 1], view[row + 2], view[row + 3], view[row + 4]
        if origin is not None:
            start, end = origin.map(start, False), origin.map(end, True)
        surface = text[start:end]
        key = (template_number * entity_count + entity_number) * 8 + extended
        entity_id = entity_ids[entity_number]
        canonical = rendered.get(key)
        if canonical is None:
            canonical = rendered[key] = render_hit(entities[entity_id], surface, templates[template_number],
                                                   extended, lang, style)
        if extended == INITIALS_FIRST or extended == SURNAME_FIRST_INITIALS:   # the shape is the mention's own
            canonical = render_initials(entities[entity_id], surface, templates[template_number], extended,
                                        lang, style)
        elif _upper_case(text, start, end) or "’" in surface or extended >= SURNAME_FIRST_ONLY or (
                spaced and _other_space(text, start, end)):     # codes 4-6: surname first
            canonical = keep_presentation(surface, canonical, extended >= SURNAME_FIRST_ONLY)
        if start and text[start - 1] == "«":
            canonical = fit_quotes(text, start, end, canonical)
        if canonical != surface:        # a mention already canonical leaves its span as it is
            add_piece(text[cursor:start])
            add_piece(canonical)
            cursor = end
        add_mention(_mention(entity_id, entity_types[entity_number], start, end, surface, canonical))
    add_piece(text[cursor:])
    return NormalizeResult("".join(pieces), out)


def _mention(entity_id: str, entity_type: str, start: int, end: int, surface: str,
             canonical: str) -> NormalizedMention:
    """NormalizedMention(...) without the call machinery: compiled, the fields are set
    directly on a new C object (no argument tuple, no int objects for the offsets)."""
    mention = NormalizedMention.__new__(NormalizedMention)
    mention.id = entity_id
    mention.type = entity_type
    mention.start = start
    mention.end = end
    mention.surface = surface
    mention.canonical = canonical
    return mention

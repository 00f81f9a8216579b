"""Find glossary names in text: one Aho-Corasick scan over the case-folded text.

Index layout (why it is fast to build and to scan): the forms of one base spelling share a
stem (Тоқаев, Тоқаевтың, Тоқаевқа ...), so the automaton holds the stem once and a small
table maps the rest of the word (the "tail": "", "тың", "қа", "'s") to the variant. A stem
hit is a mention only if the text's word ends exactly at one of its tails, so a name never
matches inside a longer word unless that word is one of its generated forms (Токарев,
Tokayeva and Токаевский do not match Токаев).

Persons are indexed by surname; a given name right before it (any spelling, any case form)
or right after it (surname-first lists) extends the mention, so the full name is found
without indexing every combination of given-name and surname spellings.

What scanning needs per hit is laid out at build time in flat integer arrays (FlatIndex),
reached through the automaton's key numbers; hits carry entity and template numbers.

Matches are leftmost-longest and non-overlapping; offsets are code points of the input.
Matching is over case-folded text, so "tokayev", "TOKAYEV" and "токаева" are found; only a
name made entirely of common words of its language (service/glossary/data/common_words)
must be written with a capital ("a street party" is not the Street Party).
"""

from __future__ import annotations

import re
import sys
from array import array
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from service.glossary.hotpath import (ANY_CASE, CAPITAL, JOINER_SPLIT, OTHER_SPACES, UPPER, Hits, OffsetMap,
                                      given_name_hash, key_records, lay_out_pairs, rows_for_slot, scan_hits,
                                      token_start)
from service.glossary.model import Entity, Mention, Variant
from service.glossary.normalize import (GIVEN_FIRST, GIVEN_FIRST_PATRONYMIC, INITIALS_FIRST,
                                        SURNAME_FIRST, SURNAME_FIRST_INITIALS, SURNAME_FIRST_ONLY,
                                        SURNAME_FIRST_PATRONYMIC, WITH_INITIALS, WITH_PATRONYMIC)
from service.glossary.morph import is_abbreviation
from service.glossary.variants import MatchMaterial


#: Stress marks on Cyrillic letters: Russian Wikipedia leads, dictionaries and learners'
#: texts write Тока́ев, Касы́м-Жома́рт, Алма-Ата́ (combining acute; a grave marks secondary
#: stress beside it). They are not spelling, so matching drops them; on other scripts they
#: are part of a letter (NFD á).
STRESS_MARKS = re.compile("(?<=[\u0400-\u04ff])[\u0300\u0301]+")


def fold_with_offsets(text: str) -> tuple[str, "OffsetMap | None"]:
    """The case-folded text, with other spaces as " " and without stress marks, and, when
    that changed its length (ß -> ss, İ -> i̇, a stress mark dropped), a map from folded
    positions back to code points of ``text``, so offsets stay exact (a mention's span keeps
    its stress marks and no-break spaces)."""
    folded = text.casefold()
    for space in OTHER_SPACES:      # a C scan each; the copy only when one is there
        if space in folded:
            folded = folded.replace(space, " ")
    dropped: list[int] = []
    # One C scan for the acute; the regex only when there is one. (None for the grave: its
    # low byte is 0, which CPython's fast character search skips, and the plain loop took
    # 3-7 ms per 3 MB instead of 0.1.)
    if "\u0301" in text:
        for match in STRESS_MARKS.finditer(text):
            dropped.extend(range(match.start(), match.end()))
        if dropped:
            folded = STRESS_MARKS.sub("", folded)
    if len(folded) == len(text) and not dropped:
        return folded, None
    return folded, OffsetMap(text, len(folded), dropped)


class NameIndex:
    """The compiled automaton plus per-entity given-name tables."""

    def __init__(self, entities: dict[str, Entity], materials: dict[str, MatchMaterial]):
        self.entities = entities
        self.given = {eid: m.given for eid, m in materials.items() if m.given}
        #: entity numbers: hits and the flat tables below refer to entities by position here
        self.entity_ids: list[str] = list(entities)
        #: entity number -> type, one shared string per type (the rewrite reads it per mention)
        self.entity_types: list[str] = [sys.intern(entity.type) for entity in entities.values()]
        self._entity_number = {entity_id: n for n, entity_id in enumerate(self.entity_ids)}
        # key -> tail -> [(owners, template)]: owners is the list of entity ids sharing one
        # cached entries tuple (namesakes), so adding a namesake is one append
        self.table: dict[str, dict[str, list]] = {}
        self._owners: dict[int, tuple[tuple, list[str], list]] = {}
        #: template number -> Variant: each spelling of an entries tuple is numbered once
        self.templates: list[Variant] = []
        for entity_id, material in materials.items():
            self._add(entity_id, material)
        self._attach_given_names()
        self._owners.clear()
        self.flat = _flatten(self.table, entities, self._entity_number, self.templates)
        # the automaton's nodes allocated in one run, not between other objects: scanning
        # walks them for every character, and scattered nodes scan ~20% slower. Its values
        # are integers (no per-key Python object to reach on every hit).
        self.automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        first_pairs = self.flat.keys[1::3]
        for key_number, key in enumerate(self.table):     # the value: where its record starts in key_rows
            self.automaton.add_word(key, 3 * key_number + first_pairs[key_number])
        if self.table:
            self.automaton.make_automaton()
        self.pattern_count = len(self.table)
        self.table = {}         # build material only: the flat tables hold what scanning needs

    def _add(self, entity_id: str, material: MatchMaterial) -> None:
        table = self.table
        for entries in material.entries:
            known = self._owners.get(id(entries))
            if known is not None:
                if known[1][-1] != entity_id:
                    known[1].append(entity_id)
                continue
            owners = [entity_id]
            given: list = [None]        # the namesakes' merged given-name table, filled at the end
            self._owners[id(entries)] = (entries, owners, given)   # keeps the tuple alive: ids stay unique
            capital_only = _capital_only_keys(entries)
            upper_only = _upper_only_keys(entries)
            templates = self.templates
            for key, tail, template in entries:
                tails = table.get(key)
                if tails is None:
                    tails = table[key] = {}
                case = UPPER if key in upper_only else CAPITAL if key in capital_only else ANY_CASE
                tails.setdefault(tail, []).append((owners, template, case, given, len(templates)))
                templates.append(template)

    def _attach_given_names(self) -> None:
        """Each group of namesakes gets its merged given-name table once, at build time, so a
        hit costs one dict lookup per neighbouring token, not one per person. A table maps a
        folded given-name token to (entity number, given-name number (``given_variants``),
        the extension code when it stands before the surname, the code when after it)."""
        numbers = self._entity_number
        variants: list[Variant] = []
        variant_number: dict[int, int] = {}
        for _, ids, given in self._owners.values():
            merged: dict[str, tuple] = {}
            for entity_id in ids:
                for token, variant in self.given.get(entity_id, {}).items():
                    if token not in merged:
                        number = variant_number.get(id(variant))
                        if number is None:
                            number = variant_number[id(variant)] = len(variants)
                            variants.append(variant)
                        merged[token] = (numbers[entity_id], number, _BEFORE_BY_PART.get(variant.part, GIVEN_FIRST),
                                         _AFTER_BY_PART.get(variant.part, SURNAME_FIRST_ONLY))
            given[0] = merged or None
        #: given-name number -> its Variant (hits carry the number)
        self.given_variants = variants

    @property
    def all_given_names(self) -> frozenset[str]:
        """Every folded given-name spelling of every person (built on first use)."""
        names = self.__dict__.get("_all_given")
        if names is None:
            names = self.__dict__["_all_given"] = frozenset(t for table in self.given.values() for t in table)
        return names

    # ---------------------------------------------------------------- scanning

    def find(self, text: str, lang: str, *, case_sensitive: bool = True) -> list[Mention]:
        hits, origin = self.scan(text, lang, case_sensitive=case_sensitive)
        mentions = []
        entities, entity_ids, templates = self.entities, self.entity_ids, self.templates
        for start, end, entity_number, template_number, extended, given in hits:
            if origin is not None:
                start, end = origin(start), origin(end, is_end=True)
            surface = text[start:end]
            entity_id = entity_ids[entity_number]
            entity = entities[entity_id]
            variant = templates[template_number]._replace(entity_id=entity_id)
            if extended:
                variant = _extended_variant(variant, surface, extended, self.given_variants[given])
            mentions.append(Mention(entity.id, entity.type, start, end, surface, variant))
        return mentions

    def scan(self, text: str, lang: str, *, case_sensitive: bool = True) -> tuple["Hits", "OffsetMap | None"]:
        """Leftmost-longest hits in folded offsets, and the map back to ``text`` (None: same
        offsets). The per-hit work is in ``hotpath`` (compiled when a compiler was present)."""
        if not self.pattern_count or not text:
            return Hits(), None
        folded, origin = fold_with_offsets(text)
        hits = scan_hits(self.automaton, self.flat, folded, text, origin, _LANG_SLOT.get(lang, DEFAULT_SLOT),
                         case_sensitive, self._other_persons_given_name)
        return hits, origin

    def _other_persons_given_name(self, text: str, folded: str, start: int, origin: "OffsetMap | None") -> bool:
        """A male surname in a form that is also the feminine nominative (Аблязова), right
        after a capitalised given name that is not his (else the hit was extended over it):
        Мадина Аблязова is a woman, not Ablyazov's genitive (declension.md: context decides)."""
        if start < 2 or folded[start - 1] != " ":
            return False
        given_start = token_start(folded, start - 1)
        if given_start is None:
            return False
        token = folded[given_start:start - 1]
        begin = origin(given_start) if origin is not None else given_start
        if not text[begin:begin + 1].isupper():
            return False
        return token in self.all_given_names or _is_given_name(token)


_LANG_SLOT = {"en": 1, "ru": 2, "kk": 3, "kk-Latn": 3}
DEFAULT_SLOT = 4
_BEFORE_BY_PART = {"full_patronymic": GIVEN_FIRST_PATRONYMIC, "initials": INITIALS_FIRST}
_AFTER_BY_PART = {"full_patronymic": SURNAME_FIRST_PATRONYMIC, "initials": SURNAME_FIRST_INITIALS}


class FlatIndex(NamedTuple):
    """What scanning reads on every automaton hit, as a few contiguous integer arrays.

    A hit used to walk five or six Python objects scattered over a 300 MB index (the stem's
    tails dict, its keys, the resolution tuple, the choice tuple, the template ...), and on
    name-dense text those cache misses were most of normalise's time. Here a hit reads the
    key's record in ``key_rows`` (the automaton's value says where it starts) and one row of
    ``slot_rows`` for the text's language: a few MB in all.

    - ``keys``: per automaton key, 3 ints: key length * 2 + (1 if it starts with a word
      character), its first pair, its number of pairs (one pair per tail).
    - ``key_rows``: what scanning reads of ``keys`` and ``pair_tails``: per key its 3 ints
      followed by its pairs' tail numbers (hotpath.key_records); the automaton's value for
      key number k is where its record starts, 3 * k + its first pair.
    - ``tail_numbers``: tail text ("", "тың", "'s" ...) -> tail number (0 is "").
    - ``pair_tails``: the tail number of each pair.
    - ``pairs``: per pair, 5 ints: the person-table number (-1: not a person's surname),
      then the choice for each text-language slot (matcher._LANG_SLOT 1..4).
    - ``choices``: per choice, 3 ints: entity number, template number, checks (1, 2: the
      case rule CAPITAL / UPPER; + 4: a surname form that may be a woman's name).
    - ``slot_rows``: per text-language slot, an array with 5 ints per pair: ``pairs``'
      person-table number, the entity, template and checks of the slot's choice, and the
      person's one-token table number (``person_rows``' first int), side by side
      (hotpath.rows_for_slot). This is what scanning reads; ``pairs``, ``choices`` and
      ``person_rows`` are the build's normalised form of the same.
    - ``persons``: per person-table number, (groups, last letters, first letters, one-token
      table) as hotpath.scan_hits reads them; a group is (given-name table, template
      number, case rule, whether the table has two-token names).
    - ``templates``: template number -> Variant.

    Persons whose given names are all one token (most) also have flat rows, so the usual
    person hit (a given name right before the surname, or none) needs no person objects:

    - ``person_rows``: per person-table number, 5 ints: the one-token table's number (-1:
      none; then scanning takes the person objects), the first group's template number and
      case rule, and the range of ``first_letters`` holding the code points that given names
      start with (the cheap test for a given name after the surname).
    - ``given_tokens``: folded given-name token -> token number, over all one-token tables
      (a few hundred names even for 10,000 people: a small dict that stays in cache).
    - ``given_keys``, ``given_rows``: an open-addressing hash table keyed by table number *
      token count + token number (-1: empty slot; see hotpath._given_slot), with 4 ints
      per slot: entity number, given-name number, extension code, namesake group index.
    """

    keys: array
    tail_numbers: dict
    pair_tails: array
    pairs: array
    choices: array
    persons: list
    templates: list
    person_rows: array
    first_letters: array
    given_tokens: dict
    given_keys: array
    given_rows: array
    slot_rows: tuple
    key_rows: array


def _flatten(table: dict[str, dict[str, list]], entities: dict[str, Entity],
             entity_number: dict[str, int], templates: list[Variant]) -> FlatIndex:
    """Resolve every (stem, tail) of ``table`` and lay the results out as FlatIndex rows
    (built in lists, which grow faster than arrays, and copied into arrays at the end)."""
    rows = _Rows([], [], [], entity_number, [], [], [], {})
    keys, tail_numbers, pair_tails = lay_out_pairs(table, entities, rows, _given_summary, _ambiguous_with_feminine)
    given_tokens, given_keys, given_rows = given_name_hash(rows.one_token_tables)
    keys, pair_tails = array("i", keys), array("i", pair_tails)
    pairs, choices, person_rows = array("i", rows.pairs), array("i", rows.choices), array("i", rows.person_rows)
    return FlatIndex(keys, tail_numbers, pair_tails, pairs, choices, rows.persons, templates, person_rows,
                     array("i", rows.first_letters), given_tokens, given_keys, given_rows,
                     slot_rows_of(pairs, choices, person_rows), key_records(keys, pair_tails))


def slot_rows_of(pairs: array, choices: array, person_rows: array) -> tuple:
    """FlatIndex.slot_rows: one array per text-language slot (hotpath.rows_for_slot)."""
    return tuple(rows_for_slot(pairs, choices, person_rows, slot) for slot in range(1, DEFAULT_SLOT + 1))


class _Rows(NamedTuple):
    """FlatIndex rows while they are being built."""

    pairs: list[int]
    choices: list[int]
    persons: list[tuple]
    entity_number: dict[str, int]
    person_rows: list[int]
    first_letters: list[int]
    one_token_tables: list[dict]
    summaries: dict[tuple, tuple]


def _given_summary(tables: tuple[dict, ...], rows: _Rows) -> tuple:
    """(any two-token name, last letters, first letters, one-token lookup table or None,
    (that table's number or -1, the range of its first letters in rows.first_letters))."""
    key = tuple(map(id, tables))
    known = rows.summaries.get(key)
    if known is None:
        two_tokens = any(" " in token for table in tables for token in table)
        lasts = frozenset(token[-1] for table in tables for token in table)
        firsts = frozenset(token[0] for table in tables for token in table)
        single = None
        flat = (-1, 0, 0)
        if not two_tokens:
            single = tables[0] if len(tables) == 1 else _combined_given(tables)
            flat = (len(rows.one_token_tables), len(rows.first_letters), len(firsts))
            rows.one_token_tables.append(single)
            rows.first_letters.extend(sorted(map(ord, firsts)))
        known = rows.summaries[key] = (tables, (two_tokens, lasts, firsts, single, flat))   # tables kept alive: ids stay unique
    return known[1]


def _combined_given(tables: tuple[dict, ...]) -> dict:
    """Namesake groups that share a spelling (Ахметанова: his genitive, her nominative): one
    table of their given names, each with the index of the first group that has it."""
    combined: dict[str, tuple] = {}
    for index in range(len(tables) - 1, -1, -1):
        for token, found in tables[index].items():
            combined[token] = (*found, index)
    return combined


def _ambiguous_with_feminine(entity: Entity, template: Variant) -> bool:
    """A man's surname form that is also a woman's nominative: Аблязова (gen/acc of Аблязов)."""
    return (entity.gender == "male" and template.part == "surname" and template.lang == "ru"
            and template.form in ("gen", "acc") and template.surface[-2:] in _FEMININE_ENDINGS)


_FEMININE_ENDINGS = ("ва", "на", "ВА", "НА")
_WORDS = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def _is_given_name(token: str) -> bool:
    """pymorphy3's dictionary of first names (Мадина, Айгерим): names the glossary lacks."""
    from service.glossary.morph.ru_phrase import morph

    return any("Name" in parse.tag for parse in morph().parse(token.split("-")[0]))


def _extended_variant(v: Variant, surface: str, extended: int, given: Variant) -> Variant:
    if extended in SURNAME_FIRST:
        rule = "surname-first"
    else:
        rules = [r for r in dict.fromkeys((given.rule, v.rule)) if r != "canonical"] or ["canonical"]
        rule = "+".join(rules)
    part = "full_patronymic" if extended in WITH_PATRONYMIC else "initials" if extended in WITH_INITIALS \
        else "full"
    return Variant(surface, v.lang, v.entity_id, rule, part, v.form)


# ---------------------------------------------------------------- common words

COMMON_WORDS_DIR = Path(__file__).resolve().parent / "data" / "common_words"


@lru_cache(maxsize=None)
def common_words(lang: str) -> frozenset[str]:
    """Ordinary words of a language (one per line, # comments): a name made only of them
    matches only when written with a capital ("street party" is not the Street Party)."""
    path = COMMON_WORDS_DIR / f"{lang.split('-')[0]}.txt"
    if not path.is_file():
        return frozenset()
    words = (line.strip().casefold() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


def _upper_only_keys(entries: tuple) -> set[str]:
    """Stems of abbreviations (WHO, ВОЗ, ҰҚК) and of their forms (ҰҚК-ға indexed whole):
    only text in capitals is the name; "Who", "Воз" are ordinary words."""
    bases = {key + tail for key, tail, template in entries
             if template.form is None and is_abbreviation(template.surface)}
    if not bases:
        return set()
    return {key for key, _, _ in entries if JOINER_SPLIT.split(key, 1)[0] in bases}


def _capital_only_keys(entries: tuple) -> set[str]:
    """Stems whose base spelling is made only of common words: all their forms then need a
    capital letter in the text; every other name also matches in lower case (tokayev, токаева)."""
    out = set()
    for key, tail, template in entries:
        if template.form is None and _all_common(key + tail, template.lang):
            out.add(key)
    return out


def _all_common(folded: str, lang: str) -> bool:
    words = _WORDS.findall(folded)
    common = common_words(lang)
    return bool(words) and all(w in common for w in words)

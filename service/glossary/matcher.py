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

Matches are leftmost-longest and non-overlapping; offsets are code points of the input.
Matching is over case-folded text, so "tokayev", "TOKAYEV" and "токаева" are found; only a
name made entirely of common words of its language (service/glossary/data/common_words)
must be written with a capital ("a street party" is not the Street Party).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

import ahocorasick

from service.glossary.hotpath import (ANY_CASE, CAPITAL, JOINER_SPLIT, UPPER, Hit, is_word,
                                      scan_hits, token_start)
from service.glossary.model import Entity, Mention, Variant
from service.glossary.normalize import SURNAME_FIRST, WITH_INITIALS, WITH_PATRONYMIC
from service.glossary.morph import is_abbreviation
from service.glossary.variants import MatchMaterial


def fold_with_offsets(text: str) -> tuple[str, "OffsetMap | None"]:
    """The case-folded text and, when folding changed its length (ß -> ss, İ -> i̇), a map
    from folded positions back to code points of ``text``, so offsets stay exact."""
    folded = text.casefold()
    if len(folded) == len(text):
        return folded, None
    return folded, OffsetMap(text)


class OffsetMap:
    """Folded position -> original position; only the few expanding characters are stored."""

    def __init__(self, text: str):
        self.starts: list[int] = []     # folded position where each expansion begins
        self.ends: list[int] = []       # folded position after it
        self.origins: list[int] = []    # its index in the original text
        extra = 0
        for match in _expanding().finditer(text):
            width = len(match.group().casefold())
            start = match.start() + extra
            self.starts.append(start)
            self.ends.append(start + width)
            self.origins.append(match.start())
            extra += width - 1

    def __call__(self, position: int, *, is_end: bool = False) -> int:
        i = bisect_right(self.starts, position) - 1
        if i < 0:
            return position
        if position < self.ends[i] and position != self.starts[i]:
            return self.origins[i] + (1 if is_end else 0)      # inside an expansion
        if position == self.starts[i]:
            return self.origins[i]
        return self.origins[i] + 1 + (position - self.ends[i])


@lru_cache(maxsize=1)
def _expanding() -> re.Pattern:
    """Characters whose case folding is longer than one code point (about 100, all in the BMP)."""
    chars = [chr(c) for c in range(0x10000)
             if not 0xD800 <= c <= 0xDFFF and len(chr(c).casefold()) != 1]
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


class NameIndex:
    """The compiled automaton plus per-entity given-name tables."""

    def __init__(self, entities: dict[str, Entity], materials: dict[str, MatchMaterial]):
        self.entities = entities
        self.given = {eid: m.given for eid, m in materials.items() if m.given}
        # key -> tail -> [(owners, template)]: owners is the list of entity ids sharing one
        # cached entries tuple (namesakes), so adding a namesake is one append
        self.table: dict[str, dict[str, list]] = {}
        self._owners: dict[int, tuple[tuple, list[str], list]] = {}
        for entity_id, material in materials.items():
            self._add(entity_id, material)
        self._attach_given_names()
        self._owners.clear()
        resolved: dict[tuple, tuple] = {}
        for tails in self.table.values():
            for tail, owners in tails.items():
                tails[tail] = _resolution(owners, entities, resolved)
        # the automaton's nodes allocated in one run, not between other objects: scanning
        # walks them for every character, and scattered nodes scan ~20% slower
        self.automaton = ahocorasick.Automaton()
        for key, tails in self.table.items():
            self.automaton.add_word(key, (len(key), tails, is_word(key[0])))
        if self.table:
            self.automaton.make_automaton()

    @property
    def pattern_count(self) -> int:
        return len(self.table)

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
            for key, tail, template in entries:
                tails = table.get(key)
                if tails is None:
                    tails = table[key] = {}
                case = UPPER if key in upper_only else CAPITAL if key in capital_only else ANY_CASE
                tails.setdefault(tail, []).append((owners, template, case, given))

    def _attach_given_names(self) -> None:
        """Each group of namesakes gets its merged given-name table once, at build time, so a
        hit costs one dict lookup per neighbouring token, not one per person."""
        for _, ids, given in self._owners.values():
            merged: dict[str, tuple[str, Variant]] = {}
            for entity_id in ids:
                for token, variant in self.given.get(entity_id, {}).items():
                    merged.setdefault(token, (entity_id, variant))
            given[0] = merged or None

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
        entities = self.entities
        for start, end, entity_id, template, extended, given in hits:
            if origin is not None:
                start, end = origin(start), origin(end, is_end=True)
            surface = text[start:end]
            entity = entities[entity_id]
            variant = template._replace(entity_id=entity_id)
            if extended is not None:
                variant = _extended_variant(variant, surface, extended, given)
            mentions.append(Mention(entity.id, entity.type, start, end, surface, variant))
        return mentions

    def scan(self, text: str, lang: str, *, case_sensitive: bool = True) -> tuple[list[Hit], "OffsetMap | None"]:
        """Leftmost-longest hits in folded offsets, and the map back to ``text`` (None: same
        offsets). The per-hit work is in ``hotpath`` (compiled when a compiler was present)."""
        if not self.table or not text:
            return [], None
        folded, origin = fold_with_offsets(text)
        hits = scan_hits(self.automaton, folded, text, origin, _LANG_SLOT.get(lang, DEFAULT_SLOT),
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


def _resolution(owners: list, entities: dict[str, Entity], done: dict[tuple, tuple]) -> tuple:
    """What a (stem, tail) stands for, worked out once at build time: the namesake groups
    that have given names to extend over (with the last letters of those names and the first
    letters, the cheap test of whether one can be next to the surname at all), then the
    entity and the checks it needs per text language (slots of _LANG_SLOT). Everything that
    depends only on the given-name tables is shared between all stems and endings."""
    tables = tuple(given[0] for _, _, _, given in owners if given[0] is not None)
    persons = None
    if tables:
        two_tokens, lasts, firsts, single = _given_summary(tables, done)
        groups = tuple((given[0], template, case, two_tokens)
                       for ids, template, case, given in owners if given[0] is not None)
        persons = (groups, lasts, firsts, single)
    if len(owners) == 1:                        # most stems: one spelling, one entity
        ids, template, case, _ = owners[0]
        ambiguous = template.part == "surname" and _ambiguous_with_feminine(entities[ids[0]], template)
        choice = (ids[0], template, (case, ambiguous) if case or ambiguous else None)
        return persons, choice, choice, choice, choice
    choices: list[tuple] = []
    previous = None
    for lang in ("en", "ru", "kk", None):
        chosen = owners[0]
        if lang is not None and chosen[1].lang != lang:
            chosen = next((o for o in owners if o[1].lang == lang), chosen)
        if chosen is not previous:
            ids, template, case, _ = previous = chosen
            ambiguous = _ambiguous_with_feminine(entities[ids[0]], template)
            choice = (ids[0], template, (case, ambiguous) if case or ambiguous else None)
        choices.append(choice)
    return (persons, *choices)


def _given_summary(tables: tuple[dict, ...], done: dict[tuple, tuple]) -> tuple:
    """(any two-token name, last letters, first letters, one-token lookup table or None)."""
    key = tuple(map(id, tables))
    known = done.get(key)
    if known is None:
        two_tokens = any(" " in token for table in tables for token in table)
        lasts = frozenset(token[-1] for table in tables for token in table)
        firsts = frozenset(token[0] for table in tables for token in table)
        single = None
        if not two_tokens:
            single = tables[0] if len(tables) == 1 else _combined_given(tables)
        known = done[key] = (tables, (two_tokens, lasts, firsts, single))   # tables kept alive: ids stay unique
    return known[1]


def _combined_given(tables: tuple[dict, ...]) -> dict:
    """Namesake groups that share a spelling (Ахметанова: his genitive, her nominative): one
    table of their given names, each with the index of the first group that has it."""
    combined: dict[str, tuple] = {}
    for index in range(len(tables) - 1, -1, -1):
        for token, (entity_id, variant) in tables[index].items():
            combined[token] = (entity_id, variant, index)
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


def _extended_variant(v: Variant, surface: str, extended: str, given: Variant) -> Variant:
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

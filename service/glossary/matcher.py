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
A spelling with capitals does not match an all-lowercase word ("street party" is not the
Street Party; "tokayev" in lowercase text is not matched either).
"""

from __future__ import annotations

from dataclasses import dataclass

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

import ahocorasick

from service.glossary.model import Entity, Mention, Variant
from service.glossary.variants import MatchMaterial, alternates, fold

JOINERS = "-'’"


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


def is_word(char: str) -> bool:
    """Regex \\w semantics: letters of any script, digits, underscore, combining marks."""
    return char.isalnum() or char == "_" or unicodedata.category(char)[0] == "M"


@dataclass
class Candidate:
    start: int
    end: int
    variant: Variant
    extended: str | None = None       # None, "given-first" or "surname-first"
    given: Variant | None = None


class NameIndex:
    """The compiled automaton plus per-entity given-name tables."""

    def __init__(self, entities: dict[str, Entity], materials: dict[str, MatchMaterial]):
        self.entities = entities
        self.given = {eid: m.given for eid, m in materials.items() if m.given}
        # key -> tail -> [(owners, template)]: owners is the list of entity ids sharing one
        # cached entries tuple (namesakes), so adding a namesake is one append
        self.table: dict[str, dict[str, list[tuple[list[str], Variant]]]] = {}
        self._owners: dict[int, tuple[tuple, list[str]]] = {}
        for entity_id, material in materials.items():
            self._add(entity_id, material)
        self.automaton = ahocorasick.Automaton()
        for key, tails in self.table.items():
            self.automaton.add_word(key, (len(key), tails))
        if self.table:
            self.automaton.make_automaton()
        # given-name tables merged per group of namesakes: one lookup per token, not per person
        self._given_by_owners: dict[int, dict[str, tuple[str, Variant]]] = {}
        for _, ids in self._owners.values():
            merged: dict[str, tuple[str, Variant]] = {}
            for entity_id in ids:
                for token, variant in self.given.get(entity_id, {}).items():
                    merged.setdefault(token, (entity_id, variant))
            if merged:
                self._given_by_owners[id(ids)] = merged
        self._owners.clear()

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
            self._owners[id(entries)] = (entries, owners)    # keeps the tuple alive: ids stay unique
            for key, tail, template in entries:
                tails = table.get(key)
                if tails is None:
                    tails = table[key] = {}
                tails.setdefault(tail, []).append((owners, template))

    # ---------------------------------------------------------------- scanning

    def find(self, text: str, lang: str, *, case_sensitive: bool = True) -> list[Mention]:
        if not self.table or not text:
            return []
        folded, origin = fold_with_offsets(text)
        candidates = []
        for end_index, (length, tails) in self.automaton.iter(folded):
            candidate = self._candidate(folded, end_index + 1 - length, end_index + 1, tails, lang)
            if candidate is not None:
                candidates.append(candidate)
        chosen = _leftmost_longest(candidates)
        mentions = []
        for c in chosen:
            start, end = (c.start, c.end) if origin is None else (origin(c.start), origin(c.end, is_end=True))
            surface = text[start:end]
            if case_sensitive and _case_mismatch(surface, c.variant):
                continue
            entity = self.entities[c.variant.entity_id]
            mentions.append(Mention(entity.id, entity.type, start, end, surface,
                                    _mention_variant(c, surface)))
        return mentions

    def _candidate(self, folded: str, start: int, stem_end: int, tails: dict, lang: str):
        if start > 0 and is_word(folded[start - 1]) and is_word(folded[start]):
            return None
        for end in _word_ends(folded, stem_end):
            owners = tails.get(folded[stem_end:end])
            if owners:
                return self._extend(folded, start, end, owners, lang)
        return None

    def _extend(self, folded: str, start: int, end: int, owners: list, lang: str) -> Candidate:
        """Grow a surname hit over an adjacent given name of the same person; among
        entities sharing the surname (namesakes), the one whose given name is there wins."""
        groups = [(self._given_by_owners.get(id(ids)), template) for ids, template in owners]
        if any(merged for merged, _ in groups):
            before = _tokens_before(folded, start)
            after = _tokens_after(folded, end)
            for merged, template in groups:
                if not merged:
                    continue
                for token_start, token in before:
                    hit = merged.get(token)
                    if hit is not None:
                        return Candidate(token_start, end, template._replace(entity_id=hit[0]),
                                         "given-first", hit[1])
                for token_end, token in after:
                    hit = merged.get(token)
                    if hit is not None:
                        return Candidate(start, token_end, template._replace(entity_id=hit[0]),
                                         "surname-first", hit[1])
        ids, template = _prefer(owners, lang)
        return Candidate(start, end, template._replace(entity_id=ids[0]))


def _prefer(owners: list, lang: str) -> tuple[list[str], Variant]:
    """Among variants with the same spelling, the one whose grammar is the text's language."""
    for owner in owners:
        if owner[1].lang == lang:
            return owner
    return owners[0]


def _word_ends(folded: str, stem_end: int) -> list[int]:
    """Where the word containing the stem may end: at its true end, or at a hyphen/apostrophe
    inside it (so Tokayev-led is Tokayev, ҰҚШҰ-ның is one form). Longest first."""
    n = len(folded)
    ends, j = [], stem_end
    while True:
        while j < n and is_word(folded[j]):
            j += 1
        ends.append(j)
        if j + 1 < n and folded[j] in JOINERS and is_word(folded[j + 1]):
            j += 1
            continue
        break
    if stem_end > 0 and not is_word(folded[stem_end - 1]) and ends[0] != stem_end:
        ends.insert(0, stem_end)     # a stem ending in punctuation («Көше») needs no word end
    return sorted(set(ends), reverse=True)


def _token_before(folded: str, position: int) -> int | None:
    """Start of the name token ending one space before ``position``."""
    if position < 2 or folded[position - 1] != " ":
        return None
    i = position - 1
    while i > 0 and (is_word(folded[i - 1]) or folded[i - 1] in JOINERS + "."):
        i -= 1
    return i if i < position - 1 else None


def _tokens_before(folded: str, start: int) -> list[tuple[int, str]]:
    """The one and two name tokens right before ``start`` (given name, + patronymic), longest first."""
    out, position = [], start
    for _ in range(2):
        token_start = _token_before(folded, position)
        if token_start is None:
            break
        out.append((token_start, folded[token_start:start - 1]))
        position = token_start
    return out[::-1]


def _tokens_after(folded: str, end: int) -> list[tuple[int, str]]:
    """The one and two name tokens right after ``end`` (surname-first lists), longest first."""
    n = len(folded)
    if end + 1 >= n or folded[end] != " ":
        return []
    out, j = [], end + 1
    for _ in range(2):
        k = j
        while k < n and (is_word(folded[k]) or (folded[k] in JOINERS and k + 1 < n and is_word(folded[k + 1]))):
            k += 1
        if k == j:
            break
        out.append((k, folded[end + 1:k]))
        if k >= n or folded[k] != " ":
            break
        j = k + 1
    return out[::-1]


def _leftmost_longest(candidates: list[Candidate]) -> list[Candidate]:
    candidates.sort(key=lambda c: (c.start, -(c.end - c.start)))
    chosen, cursor = [], 0
    for c in candidates:
        if c.start >= cursor:
            chosen.append(c)
            cursor = c.end
    return chosen


def _case_mismatch(surface: str, variant: Variant) -> bool:
    """A capitalised name written all in lowercase is an ordinary word, not the name."""
    return surface.islower() and not variant.surface.islower()


def _mention_variant(c: Candidate, surface: str) -> Variant:
    v = c.variant
    if c.extended is None:
        return v
    if c.extended == "surname-first":
        rule = "surname-first"
    else:
        rules = [r for r in dict.fromkeys((c.given.rule, v.rule)) if r != "canonical"] or ["canonical"]
        rule = "+".join(rules)
    return Variant(surface, v.lang, v.entity_id, rule, "full", v.form)



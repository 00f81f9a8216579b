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
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

import ahocorasick

from service.glossary.model import Entity, Mention, Variant
from service.glossary.variants import MatchMaterial, alternates, fold

JOINERS = "-'’"
TOKEN_JOINERS = JOINERS + "."


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


_is_word = is_word


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
_WORD_RUN = re.compile(f"{_WORD_CLASS}*(?:[{JOINERS}]{_WORD_CLASS}+)*")
_WORDS = re.compile(r"\w+")
_TOKEN = re.compile(f"(?:{_WORD_CLASS}|[{JOINERS}.])+")


#: A candidate mention, in folded offsets: (start, end, entity id, template variant,
#: extension: None | "given-first" | "surname-first", the given-name variant or None).
Hit = tuple


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
        self.automaton = ahocorasick.Automaton()
        for key, tails in self.table.items():
            self.automaton.add_word(key, (len(key), tails))
        if self.table:
            self.automaton.make_automaton()
        self._attach_given_names()
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
            given: list = [None]        # the namesakes' merged given-name table, filled at the end
            self._owners[id(entries)] = (entries, owners, given)   # keeps the tuple alive: ids stay unique
            capital_only = _capital_only_keys(entries)
            for key, tail, template in entries:
                tails = table.get(key)
                if tails is None:
                    tails = table[key] = {}
                tails.setdefault(tail, []).append((owners, template, key in capital_only, given))

    def _attach_given_names(self) -> None:
        """Each group of namesakes gets its merged given-name table once, at build time, so a
        hit costs one dict lookup per neighbouring token, not one per person."""
        for _, ids, given in self._owners.values():
            merged: dict[str, tuple[str, Variant]] = {}
            for entity_id in ids:
                for token, variant in self.given.get(entity_id, {}).items():
                    merged.setdefault(token, (entity_id, variant))
            given[0] = merged or None

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
        """Leftmost-longest hits in folded offsets, and the map back to ``text`` (None: same offsets).

        The per-hit work is what bounds normalisation speed (the automaton runs in C), so it
        is a handful of C-level string calls: a word-character test at the start, one regex
        match for the word's end, one dict lookup for the ending."""
        if not self.table or not text:
            return [], None
        folded, origin = fold_with_offsets(text)
        word_run = _WORD_RUN.match
        hits: list[Hit] = []
        for stem_end, (length, tails) in self.automaton.iter(folded):
            stem_end += 1
            start = stem_end - length
            if start and _is_word(folded[start - 1]) and _is_word(folded[start]):
                continue
            end = word_run(folded, stem_end).end()
            owners = tails.get(folded[stem_end:end])
            if owners is None:
                end, owners = _shorter_word_end(folded, stem_end, end, tails)
                if owners is None:
                    continue
            hit, capital_only = _resolve(folded, start, end, owners, lang)
            if capital_only and case_sensitive and _lowercase(text, hit, origin):
                continue
            hits.append(hit)
        return _leftmost_longest(hits), origin


def _resolve(folded: str, start: int, end: int, owners: list, lang: str) -> tuple[Hit, bool]:
    """The entity a stem hit stands for, and whether its spelling needs a capital: grow the
    hit over an adjacent given name of the same person (namesakes: the one whose given name
    is there wins), else take the variant in the text's grammar."""
    for ids, template, capital, given in owners:
        merged = given[0]
        if merged is None:
            continue
        found = _given_before(folded, start, merged)
        if found is not None:
            return (found[0], end, found[1], template, "given-first", found[2]), capital
        found = _given_after(folded, end, merged)
        if found is not None:
            return (start, found[0], found[1], template, "surname-first", found[2]), capital
    chosen = owners[0]
    if chosen[1].lang != lang:
        for owner in owners:
            if owner[1].lang == lang:
                chosen = owner
                break
    return (start, end, chosen[0][0], chosen[1], None, None), chosen[2]


def _lowercase(text: str, hit: tuple, origin: "OffsetMap | None") -> bool:
    start, end = hit[0], hit[1]
    if origin is not None:
        start, end = origin(start), origin(end, is_end=True)
    return text[start:end].islower()


def _shorter_word_end(folded: str, stem_end: int, end: int, tails: dict) -> tuple[int, list | None]:
    """The word may also end at a hyphen/apostrophe inside it (Tokayev-led is Tokayev;
    ҰҚШҰ-ның is one form), longest first; a stem ending in punctuation («Көше») needs none."""
    cut = end
    while True:
        cut = max(folded.rfind(j, stem_end, cut) for j in JOINERS)
        if cut < stem_end:
            break
        owners = tails.get(folded[stem_end:cut])
        if owners is not None:
            return cut, owners
    if stem_end > 0 and not _is_word(folded[stem_end - 1]) and end != stem_end:
        owners = tails.get("")
        if owners is not None:
            return stem_end, owners
    return end, None


def _given_before(folded: str, start: int, merged: dict) -> tuple[int, str, Variant] | None:
    """A given name (and patronymic) right before the surname: two tokens tried before one."""
    if start < 2 or folded[start - 1] != " ":
        return None
    first = _token_start(folded, start - 1)
    if first is None:
        return None
    second = _token_start(folded, first - 1) if first > 1 and folded[first - 1] == " " else None
    for token_start in ((second, first) if second is not None else (first,)):
        hit = merged.get(folded[token_start:start - 1])
        if hit is not None:
            return token_start, hit[0], hit[1]
    return None


def _token_start(folded: str, end: int) -> int | None:
    """Start of the name token (word characters, joiners, dots) that ends at ``end``: usually
    the text right after the previous space; otherwise walk back over token characters."""
    k = folded.rfind(" ", max(0, end - 48), end) + 1
    if 0 < k < end and _TOKEN.fullmatch(folded, k, end):
        return k
    i = end
    while i > 0 and (_is_word(folded[i - 1]) or folded[i - 1] in TOKEN_JOINERS):
        i -= 1
    return i if i < end else None


def _given_after(folded: str, end: int, merged: dict) -> tuple[int, str, Variant] | None:
    """Surname-first lists (TOKAYEV Kassym-Jomart): two tokens after, then one."""
    if end + 1 >= len(folded) or folded[end] != " ":
        return None
    first_end = _WORD_RUN.match(folded, end + 1).end()
    if first_end == end + 1:
        return None
    ends = [first_end]
    if first_end + 1 < len(folded) and folded[first_end] == " ":
        second_end = _WORD_RUN.match(folded, first_end + 1).end()
        if second_end > first_end + 1:
            ends.insert(0, second_end)
    for token_end in ends:
        hit = merged.get(folded[end + 1:token_end])
        if hit is not None:
            return token_end, hit[0], hit[1]
    return None


def _leftmost_longest(hits: list[Hit]) -> list[Hit]:
    """Hits arrive ordered by end; most texts have no overlaps, which one pass confirms."""
    cursor = 0
    for hit in hits:
        if hit[0] < cursor:
            break
        cursor = hit[1]
    else:
        return hits
    hits.sort(key=lambda h: (h[0], h[0] - h[1]))
    chosen, cursor = [], 0
    for hit in hits:
        if hit[0] >= cursor:
            chosen.append(hit)
            cursor = hit[1]
    return chosen


def _extended_variant(v: Variant, surface: str, extended: str, given: Variant) -> Variant:
    if extended == "surname-first":
        rule = "surname-first"
    else:
        rules = [r for r in dict.fromkeys((given.rule, v.rule)) if r != "canonical"] or ["canonical"]
        rule = "+".join(rules)
    return Variant(surface, v.lang, v.entity_id, rule, "full", v.form)


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

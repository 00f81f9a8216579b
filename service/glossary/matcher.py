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
from operator import itemgetter
from pathlib import Path

import ahocorasick

from service.glossary.model import Entity, Mention, Variant
from service.glossary.morph import is_abbreviation
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
_JOINER_SPLIT = re.compile(f"[{JOINERS}]")
#: Word characters that are not alphanumeric: underscore and combining marks.
_EXTRA_WORD = frozenset("_" + "".join(chr(c) for c in range(0x300, 0x10000)
                                      if unicodedata.category(chr(c))[0] == "M" and not chr(c).isalnum()))
#: Characters that end a word and cannot continue it as a form (not word characters, not joiners).
_PLAIN_END = frozenset(" \t\n\r.,;:!?()[]{}\"«»“”„/…—–")


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
            self.automaton.add_word(key, (len(key), tails, _is_word(key[0])))
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
        """Leftmost-longest hits in folded offsets, and the map back to ``text`` (None: same offsets).

        The per-hit work is what bounds normalisation speed (the automaton runs in C), so the
        common case is a few C-level calls inline: a word-character test at the start, a
        set test (or one regex match) for the word's end, one dict lookup for the ending,
        whose meaning per language was worked out at build time, and two set tests that
        rule out a given name next to a surname before any token is cut out."""
        if not self.table or not text:
            return [], None
        folded, origin = fold_with_offsets(text)
        size = len(folded)
        word_run = _WORD_RUN.match
        plain_end = _PLAIN_END
        extra_word = _EXTRA_WORD
        slot = _LANG_SLOT.get(lang, DEFAULT_SLOT)
        hits: list[Hit] = []
        append = hits.append
        for stem_end, (length, tails, word_start) in self.automaton.iter(folded):
            stem_end += 1
            start = stem_end - length
            if start and word_start:
                before = folded[start - 1]
                if before.isalnum() or before in extra_word:
                    continue
            if stem_end == size or folded[stem_end] in plain_end:
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
                if start > 1 and folded[start - 2] in lasts and folded[start - 1] == " ":
                    if single is not None:      # one-token given names: inline
                        token_start = folded.rfind(" ", start - 49 if start > 49 else 0, start - 1) + 1
                        found = single.get(folded[token_start:start - 1])
                        if found is not None and (token_start or start <= 49):
                            group = groups[found[2]] if len(found) > 2 else groups[0]
                            if group is groups[0] or not (
                                    end + 1 < size and folded[end + 1] in firsts and folded[end] == " "):
                                if group[2] and case_sensitive and _wrong_case(
                                        text, token_start, start, stem_end, end, group[2], origin):
                                    continue
                                append((token_start, end, found[0], group[1], "given-first", found[1]))
                                continue
                    if extended is None:
                        extended = _extend(folded, start, end, groups)
                elif end + 1 < size and folded[end + 1] in firsts and folded[end] == " ":
                    extended = _extend(folded, start, end, groups)
                if extended is not None:
                    hit, case = extended
                    if case and case_sensitive and _wrong_case(text, hit[0], start, stem_end, hit[1], case, origin):
                        continue
                    append(hit)
                    continue
            entity_id, template, checks = resolved[slot]
            if checks:
                case, ambiguous = checks
                if case and case_sensitive and _wrong_case(text, start, start, stem_end, end, case, origin):
                    continue
                if ambiguous and self._other_persons_given_name(text, folded, start, origin):
                    continue
            append((start, end, entity_id, template, None, None))
        return _leftmost_longest(hits), origin

    def _other_persons_given_name(self, text: str, folded: str, start: int, origin: "OffsetMap | None") -> bool:
        """A male surname in a form that is also the feminine nominative (Аблязова), right
        after a capitalised given name that is not his (else the hit was extended over it):
        Мадина Аблязова is a woman, not Ablyazov's genitive (declension.md: context decides)."""
        if start < 2 or folded[start - 1] != " ":
            return False
        token_start = _token_start(folded, start - 1)
        if token_start is None:
            return False
        token = folded[token_start:start - 1]
        begin = origin(token_start) if origin is not None else token_start
        if not text[begin:begin + 1].isupper():
            return False
        return token in self.all_given_names or _is_given_name(token)


#: How a spelling must be written: any case; not all lower case (common words); in capitals (abbreviations).
ANY_CASE, CAPITAL, UPPER = 0, 1, 2


_LANG_SLOT = {"en": 1, "ru": 2, "kk": 3}
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


@lru_cache(maxsize=4096)
def _is_given_name(token: str) -> bool:
    """pymorphy3's dictionary of first names (Мадина, Айгерим): names the glossary lacks."""
    from service.glossary.morph.ru_phrase import morph

    return any("Name" in parse.tag for parse in morph().parse(token.split("-")[0]))


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
                return (token_start, end, found[0], template, "given-first", found[1]), case
        if after is None or (two_tokens and len(after) < 2):
            after = _tokens_after(folded, end, two_tokens)
        for token_end, token in after:
            found = merged.get(token)
            if found is not None:
                return (start, token_end, found[0], template, "surname-first", found[1]), case
    return None


def _tokens_before(folded: str, start: int, two_tokens: bool) -> list[tuple[int, str]]:
    """The one or two name tokens right before ``start`` (two first: given name + patronymic).
    Usually the text after the previous space is all letters, which one C call confirms."""
    if start < 2 or folded[start - 1] != " ":
        return []
    first = folded.rfind(" ", start - 49 if start > 49 else 0, start - 1) + 1
    if first == start - 1 or not folded[first:start - 1].isalpha():
        first = _token_start(folded, start - 1)
        if first is None:
            return []
    out = [(first, folded[first:start - 1])]
    if two_tokens and first > 1 and folded[first - 1] == " ":
        second = _token_start(folded, first - 1)
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
        first_end = _WORD_RUN.match(folded, end + 1).end()
        if first_end == end + 1:
            return []
    out = [(first_end, folded[end + 1:first_end])]
    if two_tokens and first_end + 1 < size and folded[first_end] == " ":
        second_end = _WORD_RUN.match(folded, first_end + 1).end()
        if second_end > first_end + 1:
            out.insert(0, (second_end, folded[end + 1:second_end]))
    return out


def _wrong_case(text: str, start: int, stem_start: int, stem_end: int, end: int, case: int,
                origin: "OffsetMap | None") -> bool:
    """Common-word names written all in lower case; abbreviations not written in capitals
    (WHO, not Who; ҰҚШҰ-ға keeps its lower-case ending)."""
    if origin is not None:
        start, end = origin(start), origin(end, is_end=True)
        stem_start, stem_end = origin(stem_start), origin(stem_end, is_end=True)
    if case == UPPER:
        return not _JOINER_SPLIT.split(text[stem_start:stem_end], 1)[0].isupper()
    return text[start:end].islower()


def _shorter_word_end(folded: str, stem_end: int, end: int, tails: dict) -> tuple[int, list | None]:
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
    if stem_end > 0 and not _is_word(folded[stem_end - 1]) and end != stem_end:
        owners = tails.get("")
        if owners is not None:
            return stem_end, owners
    return end, None


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


_START, _END = itemgetter(0), itemgetter(1)


def _leftmost_longest(hits: list[Hit]) -> list[Hit]:
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


def _upper_only_keys(entries: tuple) -> set[str]:
    """Stems of abbreviations (WHO, ВОЗ, ҰҚК) and of their forms (ҰҚК-ға indexed whole):
    only text in capitals is the name; "Who", "Воз" are ordinary words."""
    bases = {key + tail for key, tail, template in entries
             if template.form is None and is_abbreviation(template.surface)}
    if not bases:
        return set()
    return {key for key, _, _ in entries if _JOINER_SPLIT.split(key, 1)[0] in bases}


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

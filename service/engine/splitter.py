"""Offline sentence splitting for English, Russian and Kazakh.

Why built in: Argos packages either ship a Stanza model (needs stanza → torch) or rely on
MiniSBD, which downloads a model on first use. Neither may run on the serving path, so
sentences are found with rules that know the abbreviations, initials, numbers and quoting
of news text in the three languages.

A candidate boundary is terminal punctuation (``.``, ``!``, ``?``, ``…``, repeated or
mixed) optionally followed by closing quotes/brackets, then whitespace. It is a real
boundary when the next sentence visibly starts (capital letter, digit, opening quote,
bracket or dialogue dash followed by a capital) and the word before a single ``.`` is not
an abbreviation or an initial. Decimals and dates (3.5, 3,5, 18.11.2022) never match
because no whitespace follows their dots. A line break always ends a sentence.
"""

from __future__ import annotations

import re

# Abbreviations that are followed by more of the same sentence (titles, "e.g.", "ул.").
# Compared lower-cased, without the final dot.
NEVER_FINAL = frozenset({
    # English
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "capt", "gov", "sen",
    "rep", "rev", "hon", "pres", "vs", "v", "e.g", "i.e", "cf", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mt", "ft", "dept", "univ",
    # Russian
    "т.е", "т.к", "т.н", "т.ч", "им", "ул", "пр", "просп", "пер", "пл", "д", "кв", "корп",
    "стр", "см", "напр", "тов", "г-н", "г-жа", "акад", "проф", "доц", "ген", "св", "гр",
    "с", "п", "пос", "дер", "р", "оз", "о", "обл", "р-н", "ст", "рис", "табл", "гл",
    "тыс", "млн", "млрд", "руб", "долл", "коп", "ок", "англ", "каз", "рус", "род",
    # Kazakh
    "көш", "мыс", "құр", "ауд", "тг",
})

# Abbreviations that often end a sentence too ("... и т.д. Затем"): a boundary only when a
# capital letter follows.
MAYBE_FINAL = frozenset({
    "etc", "т.д", "т.п", "т.б", "т.с.с", "др", "г", "гг", "в", "вв", "ж", "жж",
    "a.m", "p.m", "ғ", "ғғ", "қ",
})

# Abbreviations that stand after a name or inside one ("Google Inc.", "the U.S. Senate"):
# a boundary only when the next word is one that starts sentences (see SENTENCE_STARTERS).
# Multi-letter initialisms (U.S., U.K.) are treated the same way.
FINAL_BEFORE_STARTER = frozenset({"corp", "inc", "ltd", "co", "jr", "sr", "plc", "llc"})

# Words that begin sentences and rarely follow an abbreviation inside one, compared
# lower-cased. A name after "U.S." goes on ("U.S. Senate"); "U.S. The" does not.
SENTENCE_STARTERS = {
    "en": frozenset("""the a an he she it they we i you this that these those there his her
        its their our but however meanwhile after when in on at if as some many""".split()),
    "ru": frozenset("""он она оно они мы я вы это этот эта эти но однако в во на по после
        когда если как при""".split()),
    "kk": frozenset("ол олар бұл біз мен сол осы бірақ алайда".split()),
}

# Russian "г."/"гг." is "year(s)" after a number ("2022 г. Потом") and "city" before a
# name ("в г. Алматы"): only the first can end a sentence.
YEAR_OR_CITY = frozenset({"г", "гг"})

# Abbreviations that only stand before a number ("No. 5", "рис. 3"); elsewhere they are
# ordinary words ("No." as an answer).
BEFORE_NUMBER = frozenset({"no", "nos", "fig", "pp", "vol", "art", "рис", "табл", "гл", "п"})

OPENERS = "«\"“„‘'([{‹"
CLOSERS = "»\"”’')]}›"
DASHES = "-–—‒―"

_CANDIDATE = re.compile(r"([.!?…]+)([" + re.escape(CLOSERS) + r"]*)(\s+)")
_LAST_WORD = re.compile(r"([^\s" + re.escape(OPENERS) + r"]+)$")
_INITIALS = re.compile(r"^(?:[^\W\d_]\.-?)*[^\W\d_]$")
_LINE_BREAK = re.compile(r"[ \t\f\v]*[\n\r\u2028\u2029]+\s*")
# A bracketed caption opening a sentence with no full stop after it: "(file photo) The..."
_LEADING_CAPTION = re.compile(r"\([^()]{1,40}\)(?=\s+[" + re.escape(OPENERS) + r"]*[^\W\d_])")
_NEXT_WORD = re.compile(r"[\s" + re.escape(OPENERS + DASHES) + r"]*([^\W_]+)")


def split_sentences(text: str, lang: str) -> list[str]:
    """Sentences of ``text`` without surrounding whitespace; empty text gives []."""
    return [text[start:end] for start, end in sentence_spans(text, lang)]


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence, so callers can keep the whitespace between."""
    spans: list[tuple[int, int]] = []
    position = 0
    for line_break in _LINE_BREAK.finditer(text):
        spans.extend(_line_spans(text, position, line_break.start(), lang))
        position = line_break.end()
    spans.extend(_line_spans(text, position, len(text), lang))
    return spans


def _line_spans(text: str, start: int, end: int, lang: str) -> list[tuple[int, int]]:
    spans = []
    line = text[start:end]
    sentence_start = 0
    for match in _CANDIDATE.finditer(line):
        if match.end() >= len(line):
            break  # trailing whitespace, not a boundary
        if _is_boundary(line, match, lang):
            spans.append((sentence_start, match.end(2)))
            sentence_start = match.end()
    spans.append((sentence_start, len(line)))
    spans = [piece for a, b in spans for piece in _split_leading_caption(line, a, b)]
    return [(start + a + _lead(line[a:b]), start + b - _trail(line[a:b]))
            for a, b in spans if line[a:b].strip()]


def _split_leading_caption(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut "(file photo) Next sentence." after the caption when a capital follows it."""
    lead = start + _lead(line[start:end])
    caption = _LEADING_CAPTION.match(line, lead, end)
    if caption is None or _next_start(line[:end], caption.end()) != "upper":
        return [(start, end)]
    return [(start, caption.end()), (caption.end(), end)]


def _lead(chunk: str) -> int:
    return len(chunk) - len(chunk.lstrip())


def _trail(chunk: str) -> int:
    return len(chunk) - len(chunk.rstrip())


def _is_boundary(line: str, match: re.Match, lang: str) -> bool:
    next_start = _next_start(line, match.end())
    if next_start is None:
        return False
    punctuation = match.group(1)
    if punctuation != ".":
        # ! ? … ... ?! : a boundary unless the sentence visibly goes on in lower case
        return next_start != "lower"
    word_match = _LAST_WORD.search(line, 0, match.start(1))
    word = word_match.group(1).lstrip(CLOSERS + DASHES) if word_match else ""
    if not word:
        return next_start != "lower"
    next_word = _NEXT_WORD.match(line, match.end())
    starts_sentence = next_start == "upper" and next_word is not None and \
        next_word.group(1).lower() in SENTENCE_STARTERS.get(lang, frozenset())
    if word.lower() in YEAR_OR_CITY:
        before = line[:word_match.start()].split()
        return next_start == "upper" and (starts_sentence or bool(before) and
                                          any(ch.isdigit() for ch in before[-1]))
    return _period_ends_sentence(word, next_start, starts_sentence)


def _period_ends_sentence(word: str, next_start: str, starts_sentence: bool) -> bool:
    lowered = word.lower()
    if lowered in BEFORE_NUMBER and next_start == "digit":
        return False
    if lowered in NEVER_FINAL:
        return False
    if lowered in FINAL_BEFORE_STARTER:
        return starts_sentence
    if _INITIALS.match(word) and word[-1].isupper():
        # Қ. Тоқаев, K.-J. Tokayev, Н.Ә. Назарбаев, U.S. officials; but "the U.S. The"
        return starts_sentence and "." in word
    if lowered in MAYBE_FINAL:
        return next_start == "upper"
    if len(word) == 1 and word.islower() and word not in "яi":
        return False  # single-letter abbreviation (с. Жаңаауыл, p. 5)
    return next_start != "lower"


def _next_start(line: str, index: int) -> str | None:
    """Classify how the text after a candidate begins: upper, lower, digit or other.

    Opening quotes, brackets and dialogue dashes are looked through, so «— спросил он»
    counts as lower case (the same sentence goes on) and «(Reuters) ...» as a new one.
    """
    saw_bracket = False
    for char in line[index:]:
        if char.isspace() or char in OPENERS or char in DASHES:
            saw_bracket = saw_bracket or char in "([{"
            continue
        if char.isupper():
            return "upper"
        if char.islower():
            return "upper" if saw_bracket else "lower"
        if char.isdigit():
            return "digit"
        return "other"
    return None


class TextLayout:
    """A text cut into sentences plus the exact whitespace around and between them.

    ``render`` puts translated sentences back, so paragraph breaks, indentation and
    leading/trailing whitespace come back where they were.
    """

    __slots__ = ("gaps", "sentences")

    def __init__(self, text: str, lang: str):
        spans = sentence_spans(text, lang)
        self.sentences = [text[start:end] for start, end in spans]
        boundaries = [0] + [offset for span in spans for offset in span] + [len(text)]
        self.gaps = [text[boundaries[i]:boundaries[i + 1]]
                     for i in range(0, len(boundaries), 2)]

    def render(self, translated: list[str]) -> str:
        parts = [self.gaps[0]]
        for sentence, gap in zip(translated, self.gaps[1:]):
            parts.append(sentence)
            parts.append(gap)
        return "".join(parts)

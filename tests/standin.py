"""A deterministic stand-in for a translation model, with a real model's habits with names.

It speaks the ``Engine`` interface (``translate``, ``route``, ``languages``, ``ready``) and
translates a handful of sentence templates from the corpus article between en, ru and kk
(anything else word by word from a small dictionary). What matters is how it treats names,
because that is what the glossary has to survive:

- names it "saw in training" (its lexicon: "Tokayev", "Kassym-Jomart", "Ablyazov", ...) it
  translates and INFLECTS by context with its own rules (en "pressure on Tokayev" →
  ru "давление на Токаева", kk "Токаевқа" — Russian-style spelling, Kazakh ending);
- names it does not know it transliterates letter by letter and leaves in the base form
  (en "Toqaev" → ru "Токаев" even after "на");
- into English it romanizes with its own ICAO-like scheme ("Tokaev", "Kasym-Zhomart");
- it drops or mangles names in the sentences you tell it to (``drop``, ``mangle``).

It has no glossary: it never sees ``service.glossary``, so assertions on the pipeline's
output measure enforcement, not the stand-in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

try:  # the real result type when the engine package is there
    from service.engine import Translation
except ImportError:  # pragma: no cover - only while the engine is being built
    @dataclass
    class Translation:  # type: ignore[no-redef]
        texts: list[str]
        path: list[str]

DIRECT_PAIRS = {("en", "ru"), ("ru", "en"), ("en", "kk"), ("kk", "en")}

# One row per sentence: the same sentence in each language; {A}, {B} are name slots with
# the grammatical case each language puts the name in.
TEMPLATES: list[dict[str, str]] = [
    {"en": "Opposition activists have been piling on pressure on {A}.",
     "ru": "Оппозиционные активисты усиливают давление на {A:acc}.",
     "kk": "Оппозиция белсенділері {A:dat} қысым көрсетіп жатыр."},
    {"en": "President {A} said the protests were caused by terrorists.",
     "ru": "Президент {A} заявил, что протесты вызвали террористы.",
     "kk": "Президент {A} наразылықтарды террористер тудырды деді."},
    {"en": "{A:poss} decision to invite troops was criticised.",
     "ru": "Решение {A:gen} пригласить войска раскритиковали.",
     "kk": "{A:gen} әскер шақыру туралы шешімі сынға ұшырады."},
    {"en": "{A} faces five opponents.",
     "ru": "{A:dat} противостоят пять соперников.",
     "kk": "{A:dat} бес қарсылас қарсы шығады."},
    {"en": "{A} called on citizens to protest against {B}.",
     "ru": "{A} призвал граждан протестовать против {B:gen}.",
     "kk": "{A} азаматтарды {B:dat} қарсы наразылыққа шақырды."},
    {"en": "A court in {B} sentenced {A}.",
     "ru": "Суд в {B:loc} приговорил {A:acc}.",
     "kk": "{B:loc} сот {A:acc} соттады."},
    {"en": "Troops from the {A} arrived.",
     "ru": "Войска {A:gen} прибыли.",
     "kk": "{A} әскерлері келді."},
    {"en": "The vote took place in {A}.",
     "ru": "Голосование прошло в {A:loc}.",
     "kk": "Дауыс беру {A:loc} өтті."},
    {"en": "{A} met {B}.",
     "ru": "{A} встретился с {B:ins}.",
     "kk": "{A} {B:ins} кездесті."},
]

# The name words the stand-in "saw in training", per direction (base forms).
LEXICON: dict[tuple[str, str], dict[str, str]] = {
    ("en", "ru"): {"Tokayev": "Токаев", "Kassym-Jomart": "Касым-Жомарт",
                   "Ablyazov": "Аблязов", "Mukhtar": "Мухтар", "Almaty": "Алматы",
                   "Astana": "Астана", "CSTO": "ОДКБ"},
    ("en", "kk"): {"Tokayev": "Токаев", "Kassym-Jomart": "Қасым-Жомарт",
                   "Ablyazov": "Аблязов", "Mukhtar": "Мұхтар", "Almaty": "Алматы",
                   "Astana": "Астана", "CSTO": "ҰҚШҰ"},
    ("ru", "en"): {"ОДКБ": "CSTO"},
    ("kk", "en"): {"ҰҚШҰ": "CSTO"},
}

WORDS: dict[tuple[str, str], dict[str, str]] = {
    ("en", "ru"): {"president": "президент", "said": "заявил", "the": "", "and": "и",
                   "met": "встретился", "election": "выборы", "opposition": "оппозиция"},
    ("en", "kk"): {"president": "президент", "said": "деді", "the": "", "and": "және",
                   "met": "кездесті", "election": "сайлау", "opposition": "оппозиция"},
    ("ru", "en"): {"президент": "president", "заявил": "said", "и": "and",
                   "выборы": "election", "оппозиция": "opposition"},
    ("kk", "en"): {"президент": "president", "деді": "said", "және": "and",
                   "сайлау": "election", "оппозиция": "opposition"},
}

_TO_LATIN = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e",
    "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l",
    "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "і": "i", "э": "e",
    "ю": "iu", "я": "ia"}
_DIGRAPHS = (("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"),
             ("ts", "ц"), ("ya", "я"), ("yu", "ю"), ("ye", "е"))
_LETTERS = dict(zip("abcdefghijklmnopqrstuvwxyz",
                    ["а", "б", "к", "д", "е", "ф", "г", "х", "и", "ж", "к", "л", "м", "н",
                     "о", "п", "к", "р", "с", "т", "у", "в", "в", "кс", "ы", "з"]))
_VOWELS_LAT = "aeiou"
_BACK = set("аоұы")
_FRONT = set("әеөүіи")
_CAPITAL = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_NAME_RE = rf"[{_CAPITAL}][\w'’-]*(?:\s+[{_CAPITAL}][\w'’-]*)*"
_SLOT_RE = re.compile(r"\{([A-Z])(?::(\w+))?\}")


@dataclass
class StandInEngine:
    """The Engine interface over templates; ``drop``/``mangle`` make it misbehave on cue."""

    drop: tuple[str, ...] = ()                 # drop names in sentences containing these
    mangle: dict[str, str] = field(default_factory=dict)   # target base name → mangled
    calls: list[tuple[int, str, str]] = field(default_factory=list)

    ready: bool = True

    def load(self) -> None:
        return None

    def route(self, source: str, target: str) -> list[str]:
        if (source, target) in DIRECT_PAIRS:
            return [source, target]
        if (source, "en") in DIRECT_PAIRS and ("en", target) in DIRECT_PAIRS:
            return [source, "en", target]
        from service.errors import PairNotInstalled
        raise PairNotInstalled(f"stand-in has no route {source}→{target}")

    def translate(self, texts: list[str], source: str, target: str) -> Translation:
        path = self.route(source, target)
        self.calls.append((len(texts), source, target))
        out = list(texts)
        for a, b in zip(path, path[1:]):
            out = [self._text(t, a, b) for t in out]
        return Translation(texts=out, path=path)

    # ------------------------------------------------------------ sentences

    def _text(self, text: str, source: str, target: str) -> str:
        parts = re.split(r"(\s+)", text)
        sentences, buffer = [], ""
        for piece in parts:
            if piece.isspace() or piece == "":
                if buffer.endswith((".", "!", "?")) or not buffer:
                    sentences.append(buffer)
                    sentences.append(piece)
                    buffer = ""
                else:
                    buffer += piece
            else:
                buffer += piece
        sentences.append(buffer)
        return "".join(p if (p.isspace() or not p) else self._sentence(p, source, target)
                       for p in sentences)

    def _sentence(self, sentence: str, source: str, target: str) -> str:
        dropped = any(marker in sentence for marker in self.drop)
        for row in TEMPLATES:
            match = _template_regex(row[source]).fullmatch(sentence)
            if match is None:
                continue
            cases = dict(_SLOT_RE.findall(row[source]))
            names = {slot: self._name(match.group(slot), cases.get(slot) or "nom",
                                      source, target) for slot in cases}
            return _fill(row[target], names, target, dropped)
        return self._word_by_word(sentence, source, target)

    def _word_by_word(self, text: str, source: str, target: str) -> str:
        words = WORDS.get((source, target), {})

        def one(m: re.Match) -> str:
            word = m.group()
            if word.lower() in words:
                out = words[word.lower()]
                return out.capitalize() if word[0].isupper() and out else out
            if word[0].isupper():
                name = self._name(word, "nom", source, target)
                return name[0]
            return word
        return re.sub(r"[\w'’-]+", one, text)

    # ------------------------------------------------------------ names

    def _name(self, surface: str, case: str, source: str, target: str
              ) -> tuple[str, bool]:
        """(target base form, known?) for a name as it appears in the source."""
        words = surface.split()
        base = [_uninflect(w, case, source, last=(i == len(words) - 1))
                for i, w in enumerate(words)]
        lexicon = LEXICON.get((source, target), {})
        out = [lexicon.get(w) or _transliterate(w, source, target) for w in base]
        known = all(w in lexicon for w in base)
        joined = " ".join(out)
        return self.mangle.get(joined, joined), known


def _template_regex(template: str) -> re.Pattern:
    pattern, cursor = "", 0
    for m in _SLOT_RE.finditer(template):
        pattern += re.escape(template[cursor:m.start()]) + f"(?P<{m.group(1)}>{_NAME_RE})"
        cursor = m.end()
    return re.compile(pattern + re.escape(template[cursor:]))


def _fill(template: str, names: dict, lang: str, dropped: bool) -> str:
    def one(m: re.Match) -> str:
        if dropped:
            return ""
        name, known = names[m.group(1)]
        case = m.group(2) or "nom"
        return inflect(name, case, lang) if known or lang == "en" else name
    text = _SLOT_RE.sub(one, template)
    text = re.sub(r"\s{2,}", " ", text).strip()
    return text[:1].upper() + text[1:]


# ------------------------------------------------------------------ stand-in grammar

def inflect(name: str, case: str, lang: str) -> str:
    """The stand-in's own declension: crude, as a model's would be."""
    if case == "nom":
        return name
    if lang == "en":
        return name + ("'" if name.endswith("s") else "'s") if case == "poss" else name
    words = name.split(" ")
    if lang == "ru":
        return " ".join("-".join(_ru_word(p, case) for p in w.split("-")) for w in words)
    return " ".join(words[:-1] + [_kk_word(words[-1], case)])


def _ru_word(word: str, case: str) -> str:
    if word.isupper() and len(word) > 1:
        return word
    last = word[-1].lower()
    if last == "а":
        return word[:-1] + {"gen": "ы", "dat": "е", "acc": "у", "ins": "ой", "loc": "е"}[case]
    if last in "аеёиоуыэюя":
        return word
    ins = "ым" if word.lower().endswith(("ов", "ев", "ин", "ын")) else "ом"
    return word + {"gen": "а", "acc": "а", "dat": "у", "ins": ins, "loc": "е"}[case]


_KK_ENDINGS = {  # case: (after vowel, after м н ң, after л р й у ж з, after voiceless/б в г д)
    "gen": ("ның", "ның", "дың", "тың"), "dat": ("ға", "ға", "ға", "қа"),
    "acc": ("ны", "ды", "ды", "ты"), "loc": ("да", "да", "да", "та"),
    "abl": ("дан", "нан", "дан", "тан"), "ins": ("мен", "мен", "мен", "пен")}
_FRONTED = str.maketrans("ыағқ", "іегк")


def _kk_word(word: str, case: str) -> str:
    if word.isupper() and len(word) > 1:
        return word + "-" + _kk_word(word.lower(), case).removeprefix(word.lower())
    last = word[-1].lower()
    column = (0 if last in "аәеиоөұүыіэюя" else 1 if last in "мнң"
              else 2 if last in "лрйужз" else 3)
    ending = _KK_ENDINGS[case][column]
    stem = word.lower()[:-2] if word.lower().endswith(("ов", "ев")) else word.lower()
    vowels = [c for c in stem if c in _BACK | _FRONT]
    if vowels and vowels[-1] in _FRONT - {"и"}:
        ending = ending.translate(_FRONTED)
    return word + ending


def _uninflect(word: str, case: str, lang: str, *, last: bool) -> str:
    """Undo the case the template puts a source name in (the stand-in reads its own forms)."""
    if case == "nom":
        return word
    if lang == "en":
        return re.sub(r"['’]s?$", "", word)
    if lang == "kk" and not last:
        return word
    if lang == "ru" and "-" in word:
        return "-".join(_uninflect(p, case, lang, last=last) for p in word.split("-"))
    for cut in range(0, 5):
        stem = word[:len(word) - cut] if cut else word
        for restore in ("", "а"):
            candidate = stem + restore
            if candidate and inflect(candidate, case, lang) == word:
                return candidate
    return word


def _transliterate(word: str, source: str, target: str) -> str:
    if source == target:
        return word
    if target == "en":
        out = "".join(_TO_LATIN.get(c.lower(), c.lower()) for c in word)
        if word.isupper() and len(word) > 1:
            return out.upper()
        return "-".join(p[:1].upper() + p[1:] for p in out.split("-"))
    if source != "en":
        return word
    lower = word.lower()
    out, i = "", 0
    while i < len(lower):
        for latin, cyr in _DIGRAPHS:
            if lower.startswith(latin, i):
                out, i = out + cyr, i + len(latin)
                break
        else:
            ch = lower[i]
            prev_vowel = i > 0 and lower[i - 1] in _VOWELS_LAT
            next_is_vowel = i + 1 < len(lower) and lower[i + 1] in _VOWELS_LAT
            out += "й" if ch == "y" and prev_vowel and not next_is_vowel else _LETTERS.get(ch, ch)
            i += 1
    return out.upper() if word.isupper() and len(word) > 1 else out[:1].upper() + out[1:]

"""Offline language detection among English, Russian and Kazakh.

Why rules and not a model: the three languages separate by script and by a handful of
letters. Latin is English (or Kazakh in the 2021 Latin alphabet, recognised by its
letters ä ö ü ğ ş ı ñ ū and frequent words). Cyrillic with any of ә ғ қ ң ө ұ ү һ і is
Kazakh; Cyrillic without them is Russian unless frequent Kazakh function words (және,
бұл, мен, деп, үшін, ...) outweigh frequent Russian ones - Kazakh typed on a Russian
keyboard often drops the special letters. Confidence is the share of evidence, 0-100.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.errors import InvalidInput

KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
KAZAKH_LATIN_LETTERS = frozenset("äöüğşıñūÄÖÜĞŞİÑŪ")

KAZAKH_WORDS = frozenset("""
және мен бұл деп үшін бойынша етті болды болып еді екен жоқ бар осы сол ол олар біз
сіз сен менің оның біздің қазір тағы ғана емес керек жылы жыл туралы дейін
кейін арқылы бірақ немесе сондай ретінде қатысты атап өтті берді алды жатыр тұр
пен бен ма ме ба бе па пе шейін қалай неге кім қандай
jäne bul men dep üşin boiynşa etti boldy bolyp edi eken joq bar osy sol ol olar biz
""".split())

# Spellings of the Kazakh words above as they come out without the special letters.
KAZAKH_WORDS_PLAIN = frozenset("""
жане бул ушин бойынша етти болды болып еди екен жок осы биз сиз менин онын биздин казир
тагы гана емес керек жылы туралы дейин кейин аркылы бирак немесе ретинде катысты берди
алды жатыр
""".split())

RUSSIAN_WORDS = frozenset("""
и в во не на что с со как а то все она так его но да ты к у же вы за бы по только
ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или
ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они
тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе
под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти
мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой
хоть после над больше тот через эти нас про всего них какая много разве три эту моя
впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда
конечно всю между это также который которые года году заявил сообщил
""".split())

ENGLISH_WORDS = frozenset("""
the of and to in is was for on that with as by at from it his he be this are an or
have has had not but which were they their been will would said its who more after
""".split())

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Detection:
    language: str
    confidence: float  # 0..100


def detect_language(text: str) -> list[Detection]:
    """Candidates best first; confidences of all three sum to 100."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("q: the text to detect is empty; send at least one word", field="q")
    scores = _scores(text)
    total = sum(scores.values())
    if total == 0:  # digits and punctuation only: nothing to go on
        return [Detection("en", 34.0), Detection("ru", 33.0), Detection("kk", 33.0)]
    ranked = sorted(scores.items(), key=lambda item: (-item[1], _TIE_ORDER[item[0]]))
    return [Detection(lang, round(100.0 * score / total, 1)) for lang, score in ranked]


_TIE_ORDER = {"en": 0, "ru": 1, "kk": 2}


def _scores(text: str) -> dict[str, float]:
    latin = cyrillic = kazakh_letters = kazakh_latin = 0
    for char in text:
        if char in KAZAKH_LETTERS:
            kazakh_letters += 1
            cyrillic += 1
        elif "\u0400" <= char <= "\u04ff":
            cyrillic += 1
        elif char in KAZAKH_LATIN_LETTERS:
            kazakh_latin += 1
            latin += 1
        elif char.isascii() and char.isalpha():
            latin += 1
    words = [w.lower() for w in _WORD.findall(text)]
    kk_words = sum(1 for w in words if w in KAZAKH_WORDS or w in KAZAKH_WORDS_PLAIN)
    ru_words = sum(1 for w in words if w in RUSSIAN_WORDS)
    en_words = sum(1 for w in words if w in ENGLISH_WORDS)
    return {
        "kk": _kazakh_cyrillic(cyrillic, kazakh_letters, kk_words, ru_words)
        + _kazakh_latin(latin, kazakh_latin, kk_words, en_words),
        "ru": _russian(cyrillic, kazakh_letters, kk_words, ru_words),
        "en": _english(latin, kazakh_latin, kk_words, en_words),
    }


def _kazakh_cyrillic(cyrillic: int, special: int, kk_words: int, ru_words: int) -> float:
    if cyrillic == 0:
        return 0.0
    if special:
        # one special letter in a short text is already decisive; more letters, more sure
        return cyrillic * min(1.0, 0.6 + 0.1 * special) + 8.0 * kk_words
    return 6.0 * kk_words * (1.0 if kk_words > ru_words else 0.4)


def _russian(cyrillic: int, special: int, kk_words: int, ru_words: int) -> float:
    if cyrillic == 0:
        return 0.0
    if special:
        return cyrillic * max(0.0, 0.4 - 0.1 * special) + 2.0 * ru_words
    penalty = 0.5 if kk_words > ru_words else 1.0
    return cyrillic * penalty + 4.0 * ru_words


def _kazakh_latin(latin: int, special: int, kk_words: int, en_words: int) -> float:
    if latin == 0 or (special == 0 and kk_words <= en_words):
        return 0.0
    return latin * min(1.0, 0.3 + 0.1 * special) + 6.0 * kk_words


def _english(latin: int, special: int, kk_words: int, en_words: int) -> float:
    if latin == 0:
        return 0.0
    penalty = 0.3 if special and kk_words >= en_words else 1.0
    return latin * penalty + 4.0 * en_words

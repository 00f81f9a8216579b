"""Write a synthetic glossary of realistic Kazakh/Russian entities for benchmarking.

Names are built from real name parts (Kazakh given names, surname roots with -ов/-ев/-ин,
-ұлы/-қызы), so the variant generator and the matcher do the same work per entity as on a
real newsroom glossary: Kazakh spelling, its Russian rendering, romanizations, case forms.

    python bench/make_synthetic_glossary.py OUT_DIR [--count 10000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.translit import ru_rendering_of_kk, to_latin  # noqa: E402

MALE = ["Қасым", "Нұрлан", "Ерлан", "Асқар", "Бауыржан", "Дәурен", "Ғалым", "Серік", "Марат", "Жомарт",
        "Нұрсұлтан", "Әлихан", "Ерболат", "Дархан", "Мұрат", "Бақыт", "Арман", "Талғат", "Қайрат", "Ержан",
        "Мұхтар", "Бекзат", "Ардақ", "Тимур", "Ербол", "Самат", "Берік", "Айдос", "Олжас", "Руслан"]
FEMALE = ["Айгерім", "Гүлнар", "Динара", "Әсел", "Мадина", "Жанар", "Сәуле", "Ботагөз", "Ақмарал", "Анар",
          "Гүлмира", "Назерке", "Жансая", "Аружан", "Дана", "Мөлдір", "Камила", "Салтанат", "Әйгерім", "Ләззат"]
ROOT_HEADS = ["Жұма", "Сәрсен", "Құл", "Есен", "Тоқ", "Назар", "Ахмет", "Оспан", "Бек", "Нұр", "Қали", "Ерме",
              "Тұрсын", "Әбді", "Сейіт", "Мұқан", "Ораз", "Байм", "Дос", "Қуан", "Иса", "Сұлтан", "Смағұл", "Жақып"]
ROOT_TAILS = ["ба", "бек", "ғали", "жан", "бай", "ан", "ым", "ат", "ке", "тай"]
ORG_KINDS = [("{} Holding", "холдинг «{}»", "«{}» холдингі"),
             ("{} Foundation", "фонд «{}»", "«{}» қоры"),
             ("{} Party", "партия «{}»", "«{}» партиясы"),
             ("{} Bank", "банк «{}»", "«{}» банкі")]
PLACE_TAILS = ["көл", "су", "тау", "бұлақ", "өзек", "құдық"]


def roots() -> list[str]:
    return [h + t for h in ROOT_HEADS for t in ROOT_TAILS]


def surname(root: str, female: bool, kind: int) -> str:
    if kind == 2:
        return root + ("қызы" if female else "ұлы")
    if kind == 1:
        return root + ("ина" if female else "ин")
    base = root + ("ев" if root[-1] in "аәеиоөұүыі" else "ов")
    return base + ("а" if female else "")


def en_of(ru: str) -> str:
    return to_latin(ru, "ru", "press")


def person(index: int, rng: random.Random, used: set) -> str:
    while True:
        female = rng.random() < 0.35
        given = rng.choice(FEMALE if female else MALE)
        kk = f"{given} {surname(rng.choice(roots()), female, rng.choice([0, 0, 0, 1, 2]))}"
        if kk not in used:
            used.add(kk)
            break
    ru = ru_rendering_of_kk(kk)
    en = en_of(ru)
    return (f"- id: person-{index}\n  type: person\n  gender: {'female' if female else 'male'}\n"
            f"  names: {{en: {en}, ru: {ru}, kk: {kk}}}\n"
            f"  short: {{en: [{en.split()[-1]}], ru: [{ru.split()[-1]}], kk: [{kk.split()[-1]}]}}\n")


def organization(index: int, rng: random.Random) -> str:
    name_kk = rng.choice(roots()) + rng.choice(["", "-Инвест", " Групп"])
    name_ru = ru_rendering_of_kk(name_kk)
    en_t, ru_t, kk_t = rng.choice(ORG_KINDS)
    return (f"- id: org-{index}\n  type: organization\n"
            f"  names: {{en: \"{en_t.format(en_of(name_ru))}\", ru: \"{ru_t.format(name_ru)}\", "
            f"kk: \"{kk_t.format(name_kk)}\"}}\n")


def place(index: int, rng: random.Random) -> str:
    kk = rng.choice(roots()) + rng.choice(PLACE_TAILS)
    ru = ru_rendering_of_kk(kk)
    return f"- id: place-{index}\n  type: place\n  names: {{en: {en_of(ru)}, ru: {ru}, kk: {kk}}}\n"


def write(out: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    n_people, n_orgs = int(count * 0.7), int(count * 0.15)
    used: set = set()
    (out / "people.yaml").write_text("".join(person(i, rng, used) for i in range(n_people)), encoding="utf-8")
    (out / "organizations.yaml").write_text("".join(organization(i, rng) for i in range(n_orgs)), encoding="utf-8")
    (out / "places.yaml").write_text("".join(place(i, rng) for i in range(count - n_people - n_orgs)),
                                     encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write(args.out, args.count, args.seed)
    print(f"wrote {args.count} entities to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

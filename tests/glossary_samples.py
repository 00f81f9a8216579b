"""Small glossaries written by tests (the shipped one keeps changing under editors)."""

from __future__ import annotations

from pathlib import Path

PEOPLE = """\
# People.
- id: kassym-jomart-tokayev
  type: person
  gender: male
  names:
    en: Kassym-Jomart Tokayev
    ru: Касым-Жомарт Токаев
    kk: Қасым-Жомарт Тоқаев
    kk-Latn: Qasym-Jomart Toqaev
  short:
    en: [Tokayev]
    ru: [Токаев]
    kk: [Тоқаев]
  variants:
    en: [Kassym-Zhomart Tokayev]
  styles:
    rferl:
      en: Qasym-Zhomart Toqaev
  examples:
    - text: Тоқаевқа хат келді.
      lang: kk
    - text: Токарев выступил.
      lang: ru
      entities: []
"""

ORGANIZATIONS = """\
- id: csto
  type: organization
  names:
    en: Collective Security Treaty Organization
    ru: Организация Договора о коллективной безопасности
    kk: Ұжымдық қауіпсіздік туралы шарт ұйымы
  short:
    en: [CSTO]
    ru: [ОДКБ]
    kk: [ҰҚШҰ]
"""

PLACES = """\
- id: astana
  type: place
  names:
    en: Astana
    ru: Астана
    kk: Астана
  former:
    - names: {en: Nur-Sultan, ru: Нур-Султан, kk: Нұр-Сұлтан}
      from: 2019
      to: 2022
"""

PARTIES = """\
- id: koshe-party
  type: party
  names:
    en: Koshe Party
    ru: Партия «Көше»
    kk: Көше
"""


def write_glossary(directory: Path, **files: str) -> Path:
    """Write the sample files (or the given ones: people=..., parties=...) into directory."""
    directory.mkdir(parents=True, exist_ok=True)
    contents = files or {"people": PEOPLE, "organizations": ORGANIZATIONS, "places": PLACES,
                         "parties": PARTIES}
    for name, text in contents.items():
        (directory / f"{name}.yaml").write_text(text, encoding="utf-8")
    return directory

# A second person whose surname collides with Tokayev: every spelling of the surname
# is claimed twice (lint flags it, diff reports it as a new collision).
NAMESAKE = """\
- id: tokayev-namesake
  type: person
  gender: male
  names:
    en: Arman Tokayev
    ru: Арман Токаев
    kk: Арман Тоқаев
  short:
    en: [Tokayev]
    ru: [Токаев]
    kk: [Тоқаев]
"""

"""Value types of the glossary layer (see docs/architecture.md, `service.glossary`).

Plain frozen dataclasses so a compiled Glossary can be shared between threads and swapped
whole on reload; nothing here knows about files, matching or HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from service.errors import InvalidInput

#: Language keys a glossary entity may carry names in. ``kk-Latn`` is Kazakh in the 2021 Latin alphabet.
NAME_LANGS = ("en", "ru", "kk", "kk-Latn")
#: Languages of text that find/normalize accept.
TEXT_LANGS = ("en", "ru", "kk", "kk-Latn")
#: Parts of a name a mention can cover (Variant.part, Glossary.render(part=...)).
PARTS = ("full", "full_patronymic", "initials", "surname", "given_surname", "short")


class GlossaryLoadError(InvalidInput):
    """A glossary file is unreadable or breaks the schema; points at the exact place."""

    def __init__(self, file: str, line: int | None, column: int | None, message: str):
        self.file, self.line, self.column = file, line, column
        where = file
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}", field="glossary")


@dataclass(frozen=True)
class FormerName:
    """A name the entity had for a period (Nur-Sultan 2019-2022 for Astana)."""

    names: dict[str, str]
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Style:
    """A house style's canonical spellings (RFE/RL prints Qasym-Zhomart Toqaev)."""

    names: dict[str, str]
    short: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Example:
    """A sentence an editor vouches for: used by lint/tests to prove the entity is found."""

    text: str
    lang: str
    expected: str | None = None
    entities: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    names: dict[str, str]
    patronymic: dict[str, str] = field(default_factory=dict)
    short: dict[str, list[str]] = field(default_factory=dict)
    variants: dict[str, list[str]] = field(default_factory=dict)
    former: list[FormerName] = field(default_factory=list)
    styles: dict[str, Style] = field(default_factory=dict)
    gender: str | None = None
    inflect: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    notes: str | None = None
    examples: list[Example] = field(default_factory=list)
    file: str = ""
    line: int | None = None

    @property
    def is_person(self) -> bool:
        return self.type == "person"


class Variant(NamedTuple):
    """One surface spelling of an entity and how it was made.

    ``lang`` is the language whose text the spelling belongs to and whose grammar made
    ``form`` ("en", "ru", "kk", "kk-Latn"); ``rule`` says which rule produced it. A tuple,
    not a dataclass: a large glossary makes millions of them and they must be cheap.
    """

    surface: str
    lang: str
    entity_id: str
    rule: str
    part: str
    form: str | None = None


@dataclass(frozen=True)
class Mention:
    entity_id: str
    type: str
    start: int
    end: int
    surface: str
    variant: Variant


@dataclass(frozen=True)
class NormalizeResult:
    text: str
    entities: list      # of hotpath.NormalizedMention (defined there: it is compiled with the hot path)


@dataclass(frozen=True)
class LookupHit:
    entity_id: str
    type: str
    canonical: str
    surface: str
    lang: str
    rules: list[str]
    part: str
    form: str | None

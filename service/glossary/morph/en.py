"""English forms of a name: the base form, the possessive and a family name's plural.

English names do not inflect except for the possessive clitic. Both apostrophes occur in
print (Tokayev's in wire copy, Toqaev’s in typeset web articles), so both are generated; a
name ending in -s also takes the bare apostrophe (Lukas'). A surname also has a plural for
a family or a couple (the Tokayevs, the Nazarbayevs' wealth; the Joneses): -es after a
sibilant, else -s. No library is needed.
"""

from __future__ import annotations

from ._common import require_choice, require_name

EN_TAGS = ("nom", "poss", "pl")
EN_APOSTROPHES = ("'", "\u2019")


def en_forms(name: str) -> list[tuple[str, str]]:
    """(name, "nom") and every possessive spelling with tag "poss"."""
    name = require_name(name)
    forms = [(name, "nom")]
    for apostrophe in EN_APOSTROPHES:
        forms.append((_possessive(name, apostrophe), "poss"))
        if name[-1] in "sS":
            forms.append((name + apostrophe, "poss"))
    return forms


def en_plural(name: str) -> str:
    """A family name's plural: Tokayev -> Tokayevs, Jones -> Joneses, TOKAYEV -> TOKAYEVS.
    (The plural possessive adds a bare apostrophe, which stays outside the matched word.)"""
    name = require_name(name)
    suffix = "es" if name.lower().endswith(("s", "x", "z", "ch", "sh")) else "s"
    last = name.split()[-1]
    return name + (suffix.upper() if last.isupper() and last.isalpha() and len(last) > 1 else suffix)


def en_inflect(name: str, tag: str, *, apostrophe: str = "'") -> str:
    """``name`` in form ``tag``; the possessive is always written 's (Lukas's), per Chicago."""
    name = require_name(name)
    require_choice("tag", tag, EN_TAGS)
    require_choice("apostrophe", apostrophe, EN_APOSTROPHES)
    if tag == "pl":
        return en_plural(name)
    return name if tag == "nom" else _possessive(name, apostrophe)


def _possessive(name: str, apostrophe: str) -> str:
    # an all-caps headline name takes 'S (TOKAYEV'S); an abbreviation keeps 's (CSTO's)
    last = name.split()[-1]
    suffix = "S" if last.isupper() and len(last) > 5 and last.isalpha() else "s"
    return name + apostrophe + suffix

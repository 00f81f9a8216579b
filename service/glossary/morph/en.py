"""English forms of a name: the base form and the possessive.

English names do not inflect except for the possessive clitic. Both apostrophes occur in
print (Tokayev's in wire copy, Toqaev’s in typeset web articles), so both are generated; a
name ending in -s also takes the bare apostrophe (Lukas'). No library is needed.
"""

from __future__ import annotations

from ._common import require_choice, require_name

EN_TAGS = ("nom", "poss")
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


def en_inflect(name: str, tag: str, *, apostrophe: str = "'") -> str:
    """``name`` in form ``tag``; the possessive is always written 's (Lukas's), per Chicago."""
    name = require_name(name)
    require_choice("tag", tag, EN_TAGS)
    require_choice("apostrophe", apostrophe, EN_APOSTROPHES)
    return name if tag == "nom" else _possessive(name, apostrophe)


def _possessive(name: str, apostrophe: str) -> str:
    # an all-caps headline name takes 'S (TOKAYEV'S); an abbreviation keeps 's (CSTO's)
    last = name.split()[-1]
    suffix = "S" if last.isupper() and len(last) > 5 and last.isalpha() else "s"
    return name + apostrophe + suffix

"""Shared pieces of the morphology package: the error type and case-pattern keeping.

Morphology works on lower-case words (the libraries and our suffix rules expect them) and
puts the writer's capitalisation back afterwards, so "ТОКАЕВ" gives "ТОКАЕВА" and
"Касым-Жомарт" gives "Касыма-Жомарта".
"""

from __future__ import annotations

from service.errors import InvalidInput


class MorphError(InvalidInput, ValueError):
    """Bad argument to a morphology function (empty name, unknown kind, tag or gender).

    It is a ValueError for library callers and an InvalidInput (HTTP 400) for the service.
    """


def require_name(name: object) -> str:
    """The stripped name, or a MorphError saying what was wrong with it."""
    if not isinstance(name, str):
        raise MorphError(f"name must be a string, got {type(name).__name__}", field="name")
    stripped = " ".join(name.split())
    if not stripped:
        raise MorphError("name must not be empty or whitespace only", field="name")
    return stripped


def require_choice(field: str, value: object, allowed: tuple) -> None:
    """MorphError naming the field, the value and the allowed values."""
    if value not in allowed:
        shown = ", ".join(repr(a) for a in allowed)
        raise MorphError(f"unknown {field} {value!r}; allowed: {shown}", field=field)


def _case_part(template: str, word: str) -> str:
    if word.lower() == template.lower():
        return template
    if len(template) > 1 and template.isupper():
        return word.upper()
    letters = [i for i, ch in enumerate(template) if ch.isalpha()]
    if letters and template[letters[0]].isupper():
        first = next((i for i, ch in enumerate(word) if ch.isalpha()), 0)
        return word[:first].lower() + word[first:first + 1].upper() + word[first + 1:].lower()
    return word.lower()


def match_case(template: str, word: str) -> str:
    """Give ``word`` the capitalisation of ``template`` (per hyphen part when both split alike)."""
    if not template:
        return word
    if word.lower() == template.lower():
        return template
    if len(template) > 1 and template.isupper():
        return word.upper()
    if template.islower():
        return word.lower()
    if template == _title(template):  # the usual Title-Case name: fast path
        return _title(word)
    t_parts, w_parts = template.split("-"), word.split("-")
    if len(t_parts) == len(w_parts):
        return "-".join(_case_part(t, w) for t, w in zip(t_parts, w_parts))
    return _case_part(template, word)


def _title(word: str) -> str:
    """Upper-case the first letter of each hyphen part, lower-case the rest."""
    if "-" not in word:
        return word[:1].upper() + word[1:].lower()
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))

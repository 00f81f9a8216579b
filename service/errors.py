"""Domain errors shared by the library packages.

The library packages (engine, glossary, translit) raise these; the HTTP layer maps each
class to a status code in one place (``service/api/errors.py``) and the CLI prints the
message. Messages are written for the person who sent the input: name the field, the
value and the limit, and say what to do.
"""

from __future__ import annotations


class AudarmaError(Exception):
    """Base class. ``field`` names the request field at fault, when there is one."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(AudarmaError):
    """A value is missing, malformed or not one of the allowed values (HTTP 400)."""


class UnsupportedLanguage(InvalidInput):
    """A language code we do not handle at all (HTTP 400)."""


class PairNotInstalled(AudarmaError):
    """No installed package (or pivot chain) translates this pair (HTTP 400).

    The message says which packages to install and the exact command.
    """


class TooLarge(AudarmaError):
    """Input over a configured limit (HTTP 413). The message names the limit."""

    status = 413


class NotFound(AudarmaError):
    """A named thing (entity id, scheme) does not exist (HTTP 404)."""

    status = 404


class NotReady(AudarmaError):
    """The service cannot serve this yet (HTTP 503)."""

    status = 503


class PackageInstallError(AudarmaError):
    """A package could not be fetched, verified or installed; nothing was changed (CLI only).

    Raised by ``service.engine.install``; the message says what failed (URL, sizes,
    checksums, codes) and how to fix it.
    """

    status = 502

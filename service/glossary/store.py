"""Live reload: the server picks up merged glossary changes without a restart.

A ``Glossary`` is immutable, so reloading means building a new one and swapping the
reference. A request reads ``store.current`` once and keeps that object to the end, so a
reload in the middle of it cannot mix two glossaries. A load during which the files
changed is dropped (it may have read some files before a checkout and some after) and
retried on the next check. The poller also lets a change settle: it loads files only when
they look the same as on its previous look, so a file caught half-written (an editor or
``write_text`` truncates, then writes) is never put into service, not even when the half
happens to be valid YAML. A file that fails to load leaves
the last good glossary in service; the error (with file and line) is kept on
``store.error`` for /health and /glossary/version and written to the log.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger("audarma.glossary")

WATCHED_SUFFIXES = (".yaml", ".yml", ".json")


def directory_fingerprint(directory: Path) -> tuple:
    """Cheap change detector: names, sizes and mtimes of the files that make a glossary."""
    directory = Path(directory)
    if not directory.is_dir():
        return ("missing", str(directory))
    entries = []
    for path in sorted(directory.iterdir()):
        if path.is_file() and path.suffix in WATCHED_SUFFIXES:
            stat = path.stat()
            entries.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


def content_hash(directory: Path) -> str:
    """Hash of the file contents, so a touch without a change does not reload."""
    digest = hashlib.sha256()
    for path in sorted(Path(directory).iterdir()):
        if path.is_file() and path.suffix in WATCHED_SUFFIXES:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def format_load_error(exc: Exception, directory: Path) -> str:
    """``file:line: message`` (column too when known), the shape editors jump to."""
    file = getattr(exc, "file", None) or getattr(exc, "path", None)
    line = getattr(exc, "line", None)
    column = getattr(exc, "column", None)
    message = getattr(exc, "message", None) or str(exc)
    if file is not None and message.startswith(f"{file}:"):
        return message  # the loader already wrote file:line:column
    if file is None:
        return f"{directory}: {message}"
    where = f"{file}:{line}" if line else str(file)
    if line and column:
        where += f":{column}"
    return f"{where}: {message}"


class GlossaryStore:
    """Holds the glossary in service and replaces it when the files change."""

    def __init__(self, directory: Path, reload_seconds: float = 2.0, *, loader: Any = None):
        self.directory = Path(directory)
        self.reload_seconds = float(reload_seconds)
        self._loader = loader  # a callable(Path) -> Glossary; default Glossary.load
        self._current: Any = None
        self._error: str | None = None
        self._fingerprint: tuple | None = None
        self._seen: tuple | None = None  # what the poller saw last: a change must look the same twice
        self._hash: str | None = None
        self._files: list[str] = []
        self._check_lock = threading.Lock()  # one reload at a time; readers never wait
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ readers

    @property
    def current(self) -> Any:
        """The last glossary that loaded; None only before the first successful load."""
        return self._current

    @property
    def error(self) -> str | None:
        """Why the files on disk are not the ones in service (``file:line: ...``), or None."""
        return self._error

    @property
    def files(self) -> list[str]:
        return list(self._files)

    def version_info(self) -> dict:
        """What /glossary/version reports: the glossary in service and the pending error."""
        glossary = self._current
        loaded_at = getattr(glossary, "loaded_at", None)
        return {
            "version": getattr(glossary, "version", None),
            "loaded_at": loaded_at.isoformat() if loaded_at is not None else None,
            "files": self.files,
            "directory": str(self.directory),
            "error": self._error,
        }

    # ------------------------------------------------------------------ reloading

    def check(self, *, settle: bool = False) -> bool:
        """Reload if the files changed; True when a new glossary went into service.

        ``settle`` (the poller's way): a change is loaded only once two looks in a row see
        the same names, sizes and mtimes, i.e. one poll interval after the last write."""
        with self._check_lock:
            fingerprint = directory_fingerprint(self.directory)
            if fingerprint == self._fingerprint and self._current is not None:
                return False
            seen, self._seen = self._seen, fingerprint
            if settle and fingerprint != seen and self._current is not None:
                return False        # still changing, or just changed: look again next tick
            if not self.directory.is_dir():
                return self._fail(f"{self.directory}: glossary directory does not exist",
                                  fingerprint)
            digest = content_hash(self.directory)
            if digest == self._hash and self._current is not None:
                self._fingerprint = fingerprint  # touched, not changed
                return False
            try:
                glossary = self._load()
            except Exception as exc:  # any load failure keeps the last good glossary
                self._hash = digest
                return self._fail(format_load_error(exc, self.directory), fingerprint)
            if directory_fingerprint(self.directory) != fingerprint and self._current is not None:
                # files changed while loading: what was read may mix old and new files
                log.info("glossary files changed during the load; reloading on the next check")
                return False
            self._current = glossary  # one reference assignment: atomic for readers
            self._fingerprint, self._hash, self._error = fingerprint, digest, None
            self._files = [name for name, _, _ in fingerprint if name.endswith((".yaml", ".yml"))]
            log.info("glossary %s loaded from %s (%d entities)", getattr(glossary, "version", "?"),
                     self.directory, len(getattr(glossary, "entities", {}) or {}))
            return True

    def _load(self) -> Any:
        if self._loader is not None:
            return self._loader(self.directory)
        from service.glossary import Glossary

        return Glossary.load(self.directory)

    def _fail(self, message: str, fingerprint: tuple) -> bool:
        if message != self._error:
            keeping = ("keeping version " + str(getattr(self._current, "version", "?"))
                       if self._current is not None else "no glossary in service")
            log.error("glossary reload failed: %s (%s)", message, keeping)
        self._error = message
        self._fingerprint = fingerprint  # do not retry until the files change again
        return False

    # ------------------------------------------------------------------ polling

    def start(self) -> None:
        """Load now, then poll every ``reload_seconds`` in a daemon thread (0 = never)."""
        self.check()
        if self.reload_seconds <= 0 or self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._poll, name="glossary-reload", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=max(self.reload_seconds, 1.0) + 5)

    def _poll(self) -> None:
        while not self._stop.wait(self.reload_seconds):
            try:
                self.check(settle=True)
            except Exception:  # never let the poller die; the next tick tries again
                log.exception("glossary check failed")

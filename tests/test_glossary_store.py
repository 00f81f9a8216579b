"""GlossaryStore: atomic swap, last good glossary kept on a broken file, polling thread."""

from __future__ import annotations

import time

from service.glossary.store import GlossaryStore
from tests.glossary_samples import PLACES, write_glossary


def test_first_check_loads_and_reports_version_and_files(tmp_path):
    store = GlossaryStore(write_glossary(tmp_path), 0)
    assert store.check() is True
    info = store.version_info()
    assert info["error"] is None and len(info["version"]) >= 16
    assert info["files"] == ["organizations.yaml", "parties.yaml", "people.yaml", "places.yaml"]
    assert "astana" in store.current.entities


def test_unchanged_or_touched_files_do_not_reload(tmp_path):
    directory = write_glossary(tmp_path)
    store = GlossaryStore(directory, 0)
    store.check()
    first = store.current
    (directory / "places.yaml").write_text(PLACES, encoding="utf-8")  # same bytes, new mtime
    assert store.check() is False and store.current is first


def test_changed_file_swaps_in_a_new_glossary_object(tmp_path):
    directory = write_glossary(tmp_path)
    store = GlossaryStore(directory, 0)
    store.check()
    old = store.current
    (directory / "places.yaml").write_text(PLACES.replace("en: Astana", "en: Astana City"),
                                           encoding="utf-8")
    assert store.check() is True
    assert store.current is not old and store.current.version != old.version
    assert old.entities["astana"].names["en"] == "Astana"  # the old object is untouched
    assert store.current.entities["astana"].names["en"] == "Astana City"


def test_broken_file_keeps_last_good_and_sets_error_with_file_and_line(tmp_path, caplog):
    directory = write_glossary(tmp_path)
    store = GlossaryStore(directory, 0)
    store.check()
    good = store.current
    (directory / "places.yaml").write_text(PLACES.replace("  type: place\n", "  type: planet\n"),
                                           encoding="utf-8")
    with caplog.at_level("ERROR", logger="audarma.glossary"):
        assert store.check() is False
    assert store.current is good
    assert store.error.startswith("places.yaml:2:") and "planet" in store.error
    assert "places.yaml:2" in caplog.text
    (directory / "places.yaml").write_text(PLACES, encoding="utf-8")
    assert store.check() is True and store.error is None


def test_missing_directory_is_an_error_not_a_crash(tmp_path):
    store = GlossaryStore(tmp_path / "absent", 0)
    assert store.check() is False
    assert store.current is None and "does not exist" in store.error


def test_polling_thread_picks_up_a_change_and_stops(tmp_path):
    directory = write_glossary(tmp_path)
    store = GlossaryStore(directory, 0.05)
    store.start()
    try:
        old = store.current.version
        (directory / "places.yaml").write_text(PLACES.replace("en: Astana", "en: Astana Town"),
                                               encoding="utf-8")
        deadline = time.monotonic() + 10
        while store.current.version == old and time.monotonic() < deadline:
            time.sleep(0.02)
        assert store.current.entities["astana"].names["en"] == "Astana Town"
    finally:
        store.stop()
    assert store._thread is None


def test_zero_interval_loads_once_and_starts_no_thread(tmp_path):
    store = GlossaryStore(write_glossary(tmp_path), 0)
    store.start()
    assert store.current is not None and store._thread is None


def test_files_changing_during_a_load_are_not_served_but_reloaded_next_check(tmp_path):
    """A load that raced a write (a git checkout, an editor's save) read a mix of old and
    new files; serving it, even for one poll interval, is serving a half-applied change."""
    from service.glossary import Glossary

    directory = write_glossary(tmp_path)
    store = GlossaryStore(directory, 0)
    store.check()
    good = store.current
    calls = []

    def racing_loader(path):
        glossary = Glossary.load(path)           # what was read before the write landed
        if not calls:
            (path / "places.yaml").write_text(PLACES.replace("en: Astana", "en: Astana Raced"),
                                              encoding="utf-8")
        calls.append(glossary)
        return glossary

    (directory / "places.yaml").write_text(PLACES.replace("en: Astana", "en: Astana Mid"),
                                           encoding="utf-8")
    store._loader = racing_loader
    assert store.check() is False and store.current is good
    assert store.check() is True
    assert store.current.entities["astana"].names["en"] == "Astana Raced"


def test_the_poller_never_serves_a_file_caught_half_written(tmp_path):
    """Editors and write_text truncate a file, then write it. A poll between the two sees
    an empty or partial file that may well be valid YAML (fewer entities): the poller's
    check loads a change only when two looks in a row agree, so the half is never served."""
    directory = write_glossary(tmp_path)
    store = GlossaryStore(directory, 0)
    store.check()
    first = store.current
    places = directory / "places.yaml"
    renamed = PLACES.replace("en: Astana", "en: Astana City")
    places.write_text("", encoding="utf-8")                                  # truncated, not yet written
    assert store.check(settle=True) is False and store.current is first     # just changed: wait
    places.write_text(renamed, encoding="utf-8")                             # the write completes
    assert store.check(settle=True) is False and store.current is first     # changed again: wait
    assert store.check(settle=True) is True                                  # settled: load it
    assert store.current.entities["astana"].names["en"] == "Astana City"
    assert store.current.version != first.version


def test_a_settled_change_loads_on_the_next_look_and_an_explicit_check_at_once(tmp_path):
    directory = write_glossary(tmp_path)
    store = GlossaryStore(directory, 0)
    store.check()
    (directory / "places.yaml").write_text(PLACES.replace("en: Astana", "en: Nur-Sultan"), encoding="utf-8")
    assert store.check(settle=True) is False
    assert store.check(settle=True) is True
    (directory / "places.yaml").write_text(PLACES, encoding="utf-8")
    assert store.check() is True and store.current.entities["astana"].names["en"] == "Astana"

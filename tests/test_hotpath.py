"""The compiled glossary hot path gives exactly what its Python source gives.

setup.py compiles service/glossary/hotpath.py with Cython when a C compiler is present; the
same file also runs as plain Python. Here both run side by side on the same index and text:
the source is loaded a second time, as ordinary Python, under another module name.
"""

from __future__ import annotations

import gc
import importlib.util
import os
import random
import shutil
import sys
import threading
from pathlib import Path

import pytest

from service.glossary import Glossary, hotpath
from service.glossary.gcpause import cyclic_gc_paused
from service.glossary.matcher import _LANG_SLOT, DEFAULT_SLOT, fold_with_offsets

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "service" / "glossary" / "hotpath.py"
sys.path.insert(0, str(REPO / "bench"))
import make_synthetic_glossary  # noqa: E402

FILLER = {"en": "the said and of in on court week vote".split(),
          "ru": "в и на по суд заявил неделе выборы".split(),
          "kk": "және бойынша сот аптада сайлау".split()}
#: Around a name: the contexts that take the matcher down its rarer branches (joiners,
#: letters glued on, upper case, quotes, characters whose case folding is longer).
DECORATIONS = ["{}", "{}", "{}", "{}-led", "{}'s", "{}’s", "«{}»", "({})", "{}ский", "x{}", "_{}",
               "{}.", "{},", "İ{}", "{}ß", "\u0301{}", "К. {}", "Қ.{}", "K.-J. {}", "{} К.-Ж.", "{} M."]


def python_hotpath():
    """hotpath.py as plain Python, whatever the installed package holds."""
    spec = importlib.util.spec_from_file_location("hotpath_as_python", SOURCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.COMPILED is False
    return module


def normalize_with(module, glossary: Glossary, text: str, lang: str, style: str | None = None):
    """What Glossary.normalize does, with the per-hit steps taken from ``module``."""
    index = glossary.index
    folded, origin = fold_with_offsets(text)
    hits = module.scan_hits(index.automaton, folded, text, origin, _LANG_SLOT.get(lang, DEFAULT_SLOT),
                            True, index._other_persons_given_name)
    result = module.normalize_hits(text, lang, list(hits), origin, glossary.entities, style, {})
    return hits, result


def name_soup(glossary: Glossary, lang: str, seed: int, sample: int = 200) -> str:
    """Every generated spelling of a sample of entities, in random contexts and cases."""
    rng = random.Random(seed)
    ids = sorted(glossary.entities)
    surfaces = [v.surface for entity_id in rng.sample(ids, min(sample, len(ids)))
                for variants in glossary.variants(entity_id).values() for v in variants]
    words = FILLER[lang]
    pieces = []
    for surface in surfaces:
        shape = rng.choice((str, str, str.upper, str.lower, str.title))
        pieces.append(rng.choice(DECORATIONS).format(shape(surface)))
        pieces.append(" ".join(rng.choice(words) for _ in range(rng.randint(0, 3))))
        if rng.random() < 0.2:      # two names back to back: given name + surname, namesakes
            pieces.append(rng.choice(surfaces))
    return " ".join(pieces)


@pytest.fixture(scope="module")
def seed_glossary() -> Glossary:
    return Glossary.load(REPO / "glossaries")


@pytest.fixture(scope="module")
def synthetic_glossary(tmp_path_factory) -> Glossary:
    """600 generated people, organisations and places: namesakes, patronymic-free Kazakh names."""
    directory = tmp_path_factory.mktemp("synthetic")
    make_synthetic_glossary.write(directory, 600, 7)
    return Glossary.load(directory)


def test_hot_path_is_compiled_where_a_compiler_is_available():
    if os.environ.get("AUDARMA_PURE_PYTHON", "").strip() not in ("", "0"):
        pytest.skip("installed with AUDARMA_PURE_PYTHON=1")
    if not (shutil.which("cc") or shutil.which("gcc")):
        pytest.skip("no C compiler on this machine: the pure-Python hot path is expected")
    assert hotpath.COMPILED, ("service/glossary/hotpath.py is not compiled although a C compiler is "
                              "here; reinstall with `pip install -e .` and read its build output")


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
@pytest.mark.parametrize("which", ["seed", "synthetic"])
def test_compiled_and_python_hot_paths_find_and_rewrite_the_same_mentions(
        request, which, lang, seed_glossary, synthetic_glossary):
    if not hotpath.COMPILED:
        pytest.skip("the installed hot path is the Python source itself")
    glossary = seed_glossary if which == "seed" else synthetic_glossary
    pure = python_hotpath()
    for seed in range(3):
        text = name_soup(glossary, lang, seed)
        compiled_hits, compiled_result = normalize_with(hotpath, glossary, text, lang)
        python_hits, python_result = normalize_with(pure, glossary, text, lang)
        assert compiled_hits, "the text should name someone"
        assert compiled_hits == python_hits, (
            "the compiled hot path disagrees with hotpath.py; if you edited it, rebuild with `pip install -e .`")
        assert compiled_result == python_result


def test_compiled_and_python_hot_paths_agree_on_the_house_style(seed_glossary):
    if not hotpath.COMPILED:
        pytest.skip("the installed hot path is the Python source itself")
    text = "TOKAYEV Kassym-Jomart, Tokaev’s and Qasym-Zhomart Toqaev in Mangystau"
    assert normalize_with(hotpath, seed_glossary, text, "en", "rferl") == \
        normalize_with(python_hotpath(), seed_glossary, text, "en", "rferl")


class _OffsetsPastTheEnd:
    """An automaton that reports a hit ending far beyond the text it was given."""

    def iter(self, text: str):
        return iter([(len(text) + 100, (3, {"": None}, True))])


@pytest.mark.parametrize("module", ["installed", "python"])
def test_a_hit_past_the_end_of_the_text_raises_instead_of_reading_other_memory(module):
    """Bounds checks stay on in the compiled module (setup.py): a wrong offset is an
    IndexError there as in Python, never a read outside the string."""
    chosen = hotpath if module == "installed" else python_hotpath()
    with pytest.raises(IndexError):
        chosen.scan_hits(_OffsetsPastTheEnd(), "abc", "abc", None, 1, True, lambda *args: False)


def test_normalize_leaves_the_garbage_collector_on_when_it_was_on(seed_glossary):
    assert gc.isenabled()
    seed_glossary.normalize("Tokayev in Astana", "en")
    assert gc.isenabled()


def test_normalize_leaves_the_garbage_collector_off_when_the_application_turned_it_off(seed_glossary):
    gc.disable()
    try:
        seed_glossary.normalize("Tokayev in Astana", "en")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_pauses_from_threads_turn_the_collector_back_on_only_after_the_last():
    entered, release = threading.Barrier(3), threading.Event()
    states = []

    def pause():
        with cyclic_gc_paused():
            entered.wait()
            release.wait()
            states.append(gc.isenabled())

    threads = [threading.Thread(target=pause) for _ in range(2)]
    for thread in threads:
        thread.start()
    entered.wait()
    assert not gc.isenabled()
    release.set()
    for thread in threads:
        thread.join()
    assert states == [False, False]
    assert gc.isenabled()


def test_loading_a_glossary_does_not_pin_garbage_cycles_left_by_earlier_work(tmp_path):
    """Glossary building freezes the heap (gc.freeze) for normalise speed; cyclic garbage
    that exists when a reload starts must be collected first, not frozen forever."""
    import weakref

    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a                 # a reference cycle, then dropped
    alive = weakref.ref(a)
    del a, b
    Glossary.load(REPO / "glossaries")
    gc.collect()
    assert alive() is None

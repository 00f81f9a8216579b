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
from service.glossary.matcher import _LANG_SLOT, DEFAULT_SLOT, STRESS_MARKS, fold_with_offsets

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
    hits = module.scan_hits(index.automaton, index.flat, folded, text, origin, _LANG_SLOT.get(lang, DEFAULT_SLOT),
                            True, index._other_persons_given_name)
    result = module.normalize_hits(text, lang, hits, origin, index, style, {})
    return hits.tuples(), (result.text, [m.as_tuple() for m in result.entities])


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


@pytest.mark.parametrize("module", ["installed", "python"])
def test_the_automatons_hits_are_collected_in_its_own_order_past_many_growths(module, synthetic_glossary):
    chosen = hotpath if module == "installed" else python_hotpath()
    automaton = synthetic_glossary.index.automaton
    folded = name_soup(synthetic_glossary, "ru", 1, sample=600).casefold()
    expected = list(automaton.iter(folded))
    assert len(expected) > 4 * 1024, "the soup should outgrow the first array a few times"
    stems = chosen.stem_hits(automaton, folded)
    assert stems.count == len(expected)
    assert list(zip(stems.data[0:2 * stems.count:2], stems.data[1:2 * stems.count:2])) == expected


class _OffsetsPastTheEnd:
    """An automaton that reports a hit of its first key ending far beyond the text it was given."""

    def iter(self, text: str):
        return iter([(len(text) + 100, 0)])


@pytest.mark.parametrize("module", ["installed", "python"])
def test_a_hit_past_the_end_of_the_text_raises_instead_of_reading_other_memory(module, seed_glossary):
    """Bounds checks stay on in the compiled module (setup.py): a wrong offset is an
    IndexError there as in Python, never a read outside the string."""
    chosen = hotpath if module == "installed" else python_hotpath()
    with pytest.raises(IndexError):
        chosen.scan_hits(_OffsetsPastTheEnd(), seed_glossary.index.flat, "abc", "abc", None, 1, True,
                         lambda *args: False)


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


def _without_person_fast_path(flat):
    """The same flat index with every person's one-token table number set to -1, so that
    scan_hits takes the general person path (the person tuples) for every surname hit."""
    from array import array

    from service.glossary.matcher import slot_rows_of
    rows = array("i", flat.person_rows)
    for row in range(0, len(rows), 5):
        rows[row] = -1
    return flat._replace(person_rows=rows, slot_rows=slot_rows_of(flat.pairs, flat.choices, rows))


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
@pytest.mark.parametrize("which", ["seed", "synthetic"])
def test_the_flat_given_name_path_decides_every_person_hit_as_the_general_path_does(
        which, lang, seed_glossary, synthetic_glossary):
    """scan_hits answers the usual person hits (a one-token given name right before the
    surname, or none) from flat rows; the person tuples remain for everything else. Both
    must give the same hits on texts full of given names, namesakes and look-alikes."""
    glossary = seed_glossary if which == "seed" else synthetic_glossary
    index = glossary.index
    general = _without_person_fast_path(index.flat)
    for seed in range(3):
        text = name_soup(glossary, lang, seed)
        folded, origin = fold_with_offsets(text)
        args = (folded, text, origin, _LANG_SLOT[lang], True, index._other_persons_given_name)
        fast = hotpath.scan_hits(index.automaton, index.flat, *args)
        assert any(hit[4] for hit in fast), "the text should name someone by given name and surname"
        assert fast == hotpath.scan_hits(index.automaton, general, *args)


def test_every_one_token_given_name_is_found_in_the_flat_hash_table_and_nothing_else(synthetic_glossary):
    pure = python_hotpath()
    flat = synthetic_glossary.index.flat
    mask, count = len(flat.given_keys) - 1, len(flat.given_tokens)
    checked = 0
    for person in range(len(flat.persons)):
        number = flat.person_rows[5 * person]
        if number < 0:
            continue
        single = flat.persons[person][3]
        for token, found in single.items():
            slot = pure._given_slot(flat.given_keys, number * count + flat.given_tokens[token], mask)
            assert slot >= 0
            assert list(flat.given_rows[4 * slot:4 * slot + 2]) == [found[0], found[1]]
            assert flat.given_rows[4 * slot + 3] == (found[4] if len(found) > 4 else 0)
            checked += 1
    tables_count = max(flat.person_rows[0::5]) + 1
    for absent in range(tables_count * count, tables_count * count + 500):     # keys no table has
        assert pure._given_slot(flat.given_keys, absent, mask) == -1
    assert checked > 1000


def test_compiled_and_python_index_layouts_are_identical(tmp_path, monkeypatch):
    """matcher lays the flat index out with hotpath.lay_out_pairs and given_name_hash
    (compiled when a compiler was present): the Python source must build the same tables."""
    import service.glossary.matcher as matcher

    if not hotpath.COMPILED:
        pytest.skip("the installed hot path is the Python source itself")
    make_synthetic_glossary.write(tmp_path, 300, 11)
    compiled = Glossary.load(tmp_path).index.flat
    pure = python_hotpath()
    monkeypatch.setattr(matcher, "lay_out_pairs", pure.lay_out_pairs)
    monkeypatch.setattr(matcher, "given_name_hash", pure.given_name_hash)
    monkeypatch.setattr(matcher, "rows_for_slot", pure.rows_for_slot)
    monkeypatch.setattr(matcher, "key_records", pure.key_records)
    python = Glossary.load(tmp_path).index.flat
    for field in ("keys", "tail_numbers", "pair_tails", "pairs", "choices", "person_rows", "first_letters",
                  "given_tokens", "given_keys", "given_rows", "slot_rows", "key_rows"):
        assert getattr(compiled, field) == getattr(python, field), field
    assert len(compiled.persons) == len(python.persons)


def test_normalized_mentions_compare_hash_pickle_and_serialise_by_value():
    import pickle

    mention = hotpath.NormalizedMention("tokayev", "person", 0, 7, "Toqaev", "Tokayev")
    same = hotpath.NormalizedMention("tokayev", "person", 0, 7, "Toqaev", "Tokayev")
    assert mention == same and hash(mention) == hash(same)
    assert mention != hotpath.NormalizedMention("tokayev", "person", 0, 7, "Toqaev", "Toqaev")
    assert pickle.loads(pickle.dumps(mention)) == mention
    assert mention.as_dict() == {"id": "tokayev", "type": "person", "start": 0, "end": 7,
                                 "surface": "Toqaev", "canonical": "Tokayev"}
    assert "canonical='Tokayev'" in repr(mention)


def test_compiled_mentions_are_not_tracked_by_the_cyclic_garbage_collector(seed_glossary):
    """They hold only strings and ints; untracked, a long result costs the collector nothing."""
    if not hotpath.COMPILED:
        pytest.skip("the installed hot path is the Python source itself")
    result = seed_glossary.normalize("Токаев и Назарбаев встретились в Астане.", "ru")
    assert result.entities
    assert not any(gc.is_tracked(m) for m in result.entities)
    with pytest.raises(AttributeError):
        result.entities[0].canonical = "changed"


def _leftmost_longest_by_sorting(rows: list[tuple]) -> list[tuple]:
    """The definition: by start, longest first (ties keep their order), then greedily."""
    chosen, cursor = [], 0
    for row in sorted(rows, key=lambda hit: (hit[0], -hit[1])):
        if row[0] >= cursor:
            chosen.append(row)
            cursor = row[1]
    return chosen


@pytest.mark.parametrize("module", ["installed", "python"])
def test_overlapping_hits_keep_the_leftmost_longest_as_a_full_sort_would(module):
    """leftmost_longest sorts rows in place by insertion (hits arrive nearly in order): it
    must choose what sorting everything would, across the array's growth."""
    chosen = hotpath if module == "installed" else python_hotpath()
    rng = random.Random(5)
    for trial in range(200):
        rows, position = [], 0
        for number in range(rng.randint(0, 700)):
            position += rng.randint(0, 12)
            length = rng.randint(1, 30)
            start = max(0, position - length)
            rows.append((start, position, number, rng.randint(0, 9), rng.randint(0, 6), rng.randint(-1, 5)))
        rows.sort(key=lambda hit: hit[1])           # as the automaton reports them: by end
        hits = chosen.Hits()
        for row in rows:
            hits.add(*row)
        assert hits.tuples() == rows
        assert chosen.leftmost_longest(hits).tuples() == _leftmost_longest_by_sorting(rows)


def test_the_character_loops_end_where_their_regular_expressions_do():
    """_word_run_end and _token_run_end are WORD_RUN and TOKEN_RUN as character loops."""
    pure = python_hotpath()
    alphabet = "aZкҚңө9_-'’. ,«»\u0301\u0307İß—"
    rng = random.Random(9)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        for start in range(len(text) + 1):
            assert pure._word_run_end(text, start, len(text)) == pure.WORD_RUN.match(text, start).end(), text
            token = pure.TOKEN_RUN.match(text, start)
            assert pure._token_run_end(text, start, len(text)) == (token.end() if token else start), text


def test_the_in_place_letter_and_case_tests_agree_with_the_str_methods():
    """_letters_only and _upper_case stand in for str.isalpha and str.isupper on a slice,
    _other_space for a search of spaces other than U+0020; title-case letters (ǅ) and
    uncased characters are where a hand-written test goes wrong."""
    pure = python_hotpath()
    alphabet = "aAзЗәӘǅǈ9 -'’.ß\u0301İ\u00a0\n\u2009\u202f\t"
    rng = random.Random(11)
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        assert pure._letters_only(text, start, end) == text[start:end].isalpha(), repr(text[start:end])
        assert pure._upper_case(text, start, end) == text[start:end].isupper(), repr(text[start:end])
        assert pure._other_space(text, start, end) == any(c in pure.OTHER_SPACES for c in text[start:end])


@pytest.mark.parametrize("module", ["installed", "python"])
def test_offsets_map_back_through_every_kind_of_expanding_character(module):
    """OffsetMap finds İ and ß by counting them and falls back to the full search when other
    expanding characters (ﬁ, ΐ, ŉ) are there too; either way every folded position maps
    back to the character it came from."""
    chosen = hotpath if module == "installed" else python_hotpath()
    rng = random.Random(13)
    for alphabet in ("aİ ", "aßİ ", "aﬁİß ", "ΐaŉ İ", "кҚ İ"):
        for _ in range(300):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 20)))
            folded = text.casefold()
            if len(folded) == len(text):
                continue
            origin = chosen.OffsetMap(text, len(folded))
            position = 0
            for index, char in enumerate(text):
                width = len(char.casefold())
                assert origin(position) == index, (text, position)
                assert origin(position + width, is_end=True) == index + 1, (text, position)
                position += width


@pytest.mark.parametrize("module", ["installed", "python"])
def test_offsets_map_back_over_dropped_stress_marks_and_expansions(module):
    """A stress mark dropped from the folded text (matcher.STRESS_MARKS) has an empty span:
    the character after it maps to its own index, and an end right after a stressed letter
    maps past the marks, so a mention's span keeps them."""
    chosen = hotpath if module == "installed" else python_hotpath()
    rng = random.Random(17)
    for alphabet in ("ка\u0301 ", "ка\u0301\u0300İ ", "кß\u0301İa\u0301 "):
        for _ in range(300):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 20)))
            dropped = [i for m in STRESS_MARKS.finditer(text) for i in range(m.start(), m.end())]
            folded = STRESS_MARKS.sub("", text.casefold())
            if len(folded) == len(text) and not dropped:
                continue
            origin = chosen.OffsetMap(text, len(folded), dropped)
            position = 0
            for index, char in enumerate(text):
                if index in dropped:
                    continue
                width = len(char.casefold())
                after = index + 1
                while after in dropped:
                    after += 1
                assert origin(position) == index, (text, position)
                assert origin(position + width, is_end=True) == after, (text, position)
                position += width
            assert position == len(folded)


def test_each_language_row_holds_the_pair_person_and_its_choice_for_that_language(synthetic_glossary):
    """slot_rows is pairs, choices and the person's table number side by side per text
    language (one read per hit)."""
    flat = synthetic_glossary.index.flat
    for slot in range(1, 5):
        rows = flat.slot_rows[slot - 1]
        assert len(rows) == 5 * (len(flat.pairs) // 5)
        for pair in range(len(flat.pairs) // 5):
            choice, person = flat.pairs[5 * pair + slot], flat.pairs[5 * pair]
            table = flat.person_rows[5 * person] if person >= 0 else -1
            assert list(rows[5 * pair:5 * pair + 5]) == [person, *flat.choices[3 * choice:3 * choice + 3], table]


def test_each_key_record_holds_its_row_and_its_endings_where_the_automaton_points(synthetic_glossary):
    """key_rows is keys and pair_tails side by side; the automaton's values point at records."""
    flat = synthetic_glossary.index.flat
    starts = sorted(value for _, value in synthetic_glossary.index.automaton.items())
    for key_number, start in enumerate(starts):
        first, count = flat.keys[3 * key_number + 1], flat.keys[3 * key_number + 2]
        assert start == 3 * key_number + first
        assert list(flat.key_rows[start:start + 3 + count]) == [
            *flat.keys[3 * key_number:3 * key_number + 3], *flat.pair_tails[first:first + count]]
    assert len(flat.key_rows) == len(flat.keys) + len(flat.pair_tails)

"""Engine.translate through real copy-model packages: output must equal input exactly.

The packages copy their input, so any lost sentence, moved whitespace, forgotten source
token or target prefix, or mis-joined chunk shows up as a text difference.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from service.engine import Engine, split_sentences
from service.engine.translator import MAX_SOURCE_TOKENS
from service.errors import InvalidInput, NotReady, PairNotInstalled, UnsupportedLanguage

REPO = Path(__file__).resolve().parent.parent

ARTICLE_EN = (
    "Kazakh Authorities Warn Of 'Repercussions' For Rallies On Election Day\n\n"
    "ASTANA -- Kazakh authorities have warned citizens against holding rallies on November 20. "
    "Mr. Tokayev faces five opponents. Dr. Aigerim Tileuzhan was sentenced on Nov. 18.\n\n"
    "  Prices rose by 3.5 percent. \"We will not allow riots,\" the minister said.  \n"
)
ARTICLE_RU = ("Президент Касым-Жомарт Токаев баллотируется. Цены выросли на 3,5%, т.е. немного.\n"
              "Заседание перенесли на 18.11.2022 г. из-за праздника.")
ARTICLE_KK = ("Қ. Тоқаев мәлімдеді: «Біз ешқандай тәртіпсіздікке жол бермейміз». Иә!\n\n"
              "Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі.")


@pytest.fixture(scope="module")
def engine(models_dir) -> Engine:
    engine = Engine(models_dir, inter_threads=1, intra_threads=1)
    engine.load()
    return engine


def calls(engine: Engine) -> int:
    return engine.stats.translate_batch_calls


@pytest.mark.parametrize("text,source,target", [
    (ARTICLE_EN, "en", "ru"), (ARTICLE_RU, "ru", "en"), (ARTICLE_KK, "kk", "en"),
    (ARTICLE_EN, "en", "kk")])
def test_copy_model_round_trips_text_with_paragraphs_and_whitespace(engine, text, source,
                                                                     target):
    result = engine.translate([text], source, target)
    assert result.texts == [text]
    assert result.path == [source, target]


def test_source_token_from_metadata_is_put_before_every_sentence(engine):
    """en→kk is built to skip a leading >>kaz_Cyrl<<; without it each sentence loses a word."""
    texts = ["First sentence here. Second one follows!", "Third."]
    assert engine.translate(texts, "en", "kk").texts == texts


def test_target_prefix_from_metadata_is_forced_and_removed(make_package):
    package = make_package("en", "ru", target_prefix="__ru__", source_token=">>rus<<")
    engine = Engine(package.parent, intra_threads=1)
    engine.load()
    texts = ["Tokayev won. Тоқаев жеңді.", "Prefix stays out of the output."]
    assert engine.translate(texts, "en", "ru").texts == texts


def test_all_sentences_of_all_texts_go_in_one_translate_batch_call(engine):
    texts = [ARTICLE_EN, "One. Two. Three.", "  \n", "Four!\n\nFive?"]
    before_calls, before_sentences = calls(engine), engine.stats.sentences
    result = engine.translate(texts, "en", "ru")
    assert result.texts == texts
    assert calls(engine) - before_calls == 1
    expected = ["Kazakh Authorities Warn Of 'Repercussions' For Rallies On Election Day",
                "Mr. Tokayev faces five opponents.", "Prices rose by 3.5 percent.",
                "One.", "Two.", "Three.", "Four!", "Five?"]
    sentences = [s for text in texts for s in split_sentences(text, "en")]
    assert set(expected) <= set(sentences) and len(sentences) == 11
    assert engine.stats.sentences - before_sentences == len(sentences)


def test_pivot_through_english_uses_one_call_per_hop_and_reports_the_path(engine):
    before = calls(engine)
    result = engine.translate([ARTICLE_RU, "Второй текст. Ещё одно предложение."], "ru", "kk")
    assert result.path == ["ru", "en", "kk"]
    assert result.texts == [ARTICLE_RU, "Второй текст. Ещё одно предложение."]
    assert calls(engine) - before == 2
    assert engine.translate([ARTICLE_KK], "kk", "ru").path == ["kk", "en", "ru"]


def test_repeated_sentences_are_translated_once(engine):
    before = engine.stats.sentences
    text = "Same sentence. Same sentence. Other one."
    assert engine.translate([text, text], "en", "ru").texts == [text, text]
    assert engine.stats.sentences - before == 2


@pytest.mark.parametrize("texts", [[""], ["   "], ["\n\n"], [" \t\n "], []])
def test_empty_and_whitespace_texts_pass_through_without_model_calls(engine, texts):
    before = calls(engine)
    assert engine.translate(texts, "en", "ru").texts == texts
    assert calls(engine) == before


def test_same_source_and_target_returns_text_unchanged_with_one_language_path(engine):
    before = calls(engine)
    result = engine.translate(["  Тоқаев.  "], "kk", "kk")
    assert (result.texts, result.path) == (["  Тоқаев.  "], ["kk"])
    assert calls(engine) == before


def test_sentence_longer_than_the_chunk_limit_is_cut_and_rejoined(engine):
    words = [f"word{i}" for i in range(MAX_SOURCE_TOKENS)]
    long_sentence = " ".join(words) + "."
    before = engine.stats.sentences
    assert engine.translate([long_sentence], "en", "ru").texts == [long_sentence]
    assert engine.stats.sentences - before >= 2  # went to CTranslate2 as several chunks


def test_concurrent_calls_share_one_translator_and_stay_correct(engine):
    texts = {i: [f"Request {i} first sentence. Request {i} second!"] for i in range(8)}
    results, errors = {}, []

    def work(i):
        try:
            results[i] = engine.translate(texts[i], "en", "ru").texts
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors and results == texts


def test_random_weight_package_output_is_capped_relative_to_input(make_package):
    package = make_package("en", "ru", kind="random")
    engine = Engine(package.parent, intra_threads=1)
    engine.load()
    (out,) = engine.translate(["Short input."], "en", "ru").texts
    tokenizer = engine._loaded[("en", "ru")].tokenizer
    input_tokens = len(tokenizer.encode("Short input."))
    assert len(tokenizer.encode(out)) <= 2 * (input_tokens + 1) + 8 + 2


def test_thread_counts_reach_ctranslate2(models_dir):
    engine = Engine(models_dir, inter_threads=2, intra_threads=1)
    engine.load()
    translator = engine._loaded[("en", "ru")].translator
    assert translator.num_translators == 2


@pytest.mark.parametrize("option,value", [("inter_threads", 0), ("intra_threads", -1),
                                          ("max_batch_tokens", 0), ("inter_threads", "2")])
def test_bad_thread_or_batch_settings_are_rejected_with_their_name(models_dir, option, value):
    with pytest.raises(InvalidInput, match=option):
        Engine(models_dir, **{option: value})


def test_translate_before_load_says_not_ready(models_dir):
    with pytest.raises(NotReady):
        Engine(models_dir, intra_threads=1).translate(["Hi."], "en", "ru")


@pytest.mark.parametrize("texts,match", [("not a list", "list"), ([1, "a"], r"q\[0\]"),
                                         (["ok", None], r"q\[1\]")])
def test_texts_must_be_a_list_of_strings(engine, texts, match):
    with pytest.raises(InvalidInput, match=match):
        engine.translate(texts, "en", "ru")


@pytest.mark.parametrize("source,target,field", [("de", "en", "source"), ("en", "xx", "target"),
                                                 ("auto", "en", "source"), (None, "en", "source")])
def test_unknown_language_names_field_and_allowed_values(engine, source, target, field):
    with pytest.raises(UnsupportedLanguage) as info:
        engine.translate(["Hi."], source, target)
    assert info.value.field == field
    assert "en, kk, ru" in info.value.message


def test_missing_pair_names_package_and_install_command(make_package):
    package = make_package("en", "ru")
    engine = Engine(package.parent, intra_threads=1)
    engine.load()
    with pytest.raises(PairNotInstalled) as info:
        engine.translate(["Привет."], "ru", "en")
    assert "ru→en" in info.value.message
    assert "`python -m service models install --from ru --to en`" in info.value.message


def test_missing_kazakh_package_says_it_must_be_built(make_package):
    package = make_package("ru", "en")
    engine = Engine(package.parent, intra_threads=1)
    engine.load()
    with pytest.raises(PairNotInstalled) as info:
        engine.route("ru", "kk")
    message = info.value.message
    assert "en→kk" in message and "ru→en" not in message.split("install")[1]
    assert "python -m service models build" in message and "docs/kazakh.md" in message
    assert "--source-token '>>kaz_Cyrl<<'" in message


def test_engine_never_imports_argos_translate_torch_stanza_or_minisbd(models_dir):
    script = (
        "import sys\n"
        "from service.engine import Engine, detect_language, split_sentences\n"
        f"e = Engine({str(models_dir)!r}); e.load()\n"
        "assert e.translate(['Hello. World.'], 'ru', 'kk').texts == ['Hello. World.']\n"
        "detect_language('Сәлем'); split_sentences('A. B.', 'en')\n"
        "bad = [m for m in ('argostranslate.translate', 'torch', 'stanza', 'minisbd', "
        "'fastapi', 'service.api') if m in sys.modules]\n"
        "print(bad)\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_archive_installed_by_models_install_translates_through_the_engine(tmp_path):
    """Builder → .argosmodel → `models install` code path → Engine: the whole real chain."""
    from service.engine.install import install_from_file
    from tools.build_test_package import build_test_package

    archive = build_test_package(tmp_path / "kk_en.argosmodel", "kk", "en",
                                 target_prefix="__en__")
    install_from_file(tmp_path / "models", archive)
    engine = Engine(tmp_path / "models", intra_threads=1)
    engine.load()
    assert [p.target_prefix for p in engine.packages()] == ["__en__"]
    assert engine.translate([ARTICLE_KK], "kk", "en").texts == [ARTICLE_KK]


def test_word_longer_than_the_chunk_limit_is_rejoined_without_inserted_spaces(engine):
    text = "x" * 3000 + " Tail."
    assert engine.translate([text], "en", "kk").texts == [text]


def test_alternatives_are_distinct_beam_hypotheses_in_one_call(engine):
    before = calls(engine)
    result = engine.translate(["Tokayev met Ablyazov in Almaty.", "A second text. With two sentences."],
                              "en", "ru", alternatives=3)
    assert calls(engine) - before == 1
    assert result.texts == ["Tokayev met Ablyazov in Almaty.", "A second text. With two sentences."]
    for text, others in zip(result.texts, result.alternatives):
        assert 1 <= len(others) <= 3 and text not in others and len(set(others)) == len(others)
    # the main translation is hypothesis 0 (this model's wider beam finds the same best; a real
    # model's may not, as in LibreTranslate)
    assert engine.translate(["Tokayev met Ablyazov in Almaty."], "en", "ru").texts == result.texts[:1]


def test_alternatives_of_a_multi_sentence_text_keep_its_layout(engine):
    text = "First sentence here.\n\nSecond one follows."
    (others,) = engine.translate([text], "en", "ru", alternatives=2).alternatives
    assert others and all(o.count("\n\n") == 1 for o in others)


def test_a_sentence_cut_into_chunks_has_only_its_best_translation(engine):
    words = " ".join(f"word{i}" for i in range(MAX_SOURCE_TOKENS))
    ranked = engine._loaded[("en", "ru")].translate_ranked([words, "Short one."], 3)
    assert len(ranked[0]) == 1 and ranked[0][0] == words
    assert len(ranked[1]) >= 2


def test_no_alternatives_asked_leaves_them_none_and_a_negative_count_is_refused(engine):
    assert engine.translate(["One."], "en", "ru").alternatives is None
    assert engine.translate(["One."], "en", "en", alternatives=2).alternatives == [[]]
    with pytest.raises(InvalidInput, match="alternatives must be an integer >= 0"):
        engine.translate(["One."], "en", "ru", alternatives=-1)

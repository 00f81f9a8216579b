"""format=html: only text nodes reach the model; markup comes back byte-for-byte."""

from __future__ import annotations

from service.formats.html import parse_html
from service.pipeline import translate_items
from tests.standin import StandInEngine

PAGE = ('<!DOCTYPE html><p class="lead" title="Tokayev">President <b>Kassym-Jomart Tokayev</b>'
        ' said</p><script>var n = "President";</script><style>p{}</style>'
        '<code>President</code><p translate="no">President</p><!-- President -->')


def test_html_translates_text_nodes_and_keeps_tags_attributes_and_skipped_elements():
    [result] = translate_items(StandInEngine(), [PAGE], "en", "ru", format="html",
                               use_glossary=False)
    assert result.text == PAGE.replace(">President <b>", ">Президент <b>") \
        .replace("Kassym-Jomart Tokayev</b> said", "Касым-Жомарт Токаев</b> заявил")


def test_html_all_text_nodes_of_all_items_go_to_the_engine_in_one_call():
    engine = StandInEngine()
    translate_items(engine, ["<p>President <b>Tokayev</b> said</p>", "<i>said</i>"],
                    "en", "ru", format="html", use_glossary=False)
    assert engine.calls == [(4, "en", "ru")]


def test_html_character_references_are_decoded_for_the_model_and_escaped_again():
    document = parse_html("<p>Tom &amp; Jerry&nbsp;said &lt;x&gt;</p>")
    [node] = document.nodes
    assert node.text == "Tom & Jerry\u00a0said <x>"
    html, _ = document.render([node.text])
    assert html == "<p>Tom &amp; Jerry&nbsp;said &lt;x&gt;</p>"


def test_html_node_offsets_map_back_to_raw_positions_across_references():
    source = "<p>A &amp; Tokayev</p>"
    [node] = parse_html(source).nodes
    start = node.text.index("Tokayev")
    raw_start, raw_end = node.raw_span(start, start + len("Tokayev"))
    assert source[raw_start:raw_end] == "Tokayev"
    raw_start, raw_end = node.raw_span(2, 3)
    assert source[raw_start:raw_end] == "&amp;"


def test_html_without_text_sends_nothing_and_returns_the_markup():
    engine = StandInEngine()
    [result] = translate_items(engine, ["<br/><img src='x.png' alt='Tokayev'>  "], "en", "ru",
                               format="html", use_glossary=False)
    assert result.text == "<br/><img src='x.png' alt='Tokayev'>  "
    assert engine.calls == []


def test_html_broken_markup_is_kept_not_rejected():
    source = "<p>President <b>said</p></i> tail"
    [result] = translate_items(StandInEngine(), [source], "en", "ru", format="html",
                               use_glossary=False)
    assert result.text == "<p>Президент <b>заявил</p></i> tail"


def _shouted(source: str) -> str:
    """Render with every text node upper-cased: shows what was sent and what was kept."""
    document = parse_html(source)
    html, _ = document.render([node.text.upper() for node in document.nodes])
    return html


def test_html_unfinished_tag_at_the_end_is_kept_as_markup_not_translated_or_escaped():
    assert _shouted("<p unclosed") == "<p unclosed"
    assert _shouted('<p>Said <a href="x') == '<p>SAID <a href="x'
    assert _shouted("<p>Link</p") == "<p>LINK</p"
    assert _shouted("<p>Text <!-- unterminated") == "<p>TEXT <!-- unterminated"
    assert _shouted("<p>Text <![CDATA[ raw") == "<p>TEXT <![CDATA[ raw"


def test_html_a_lone_less_than_sign_in_text_is_still_text():
    assert _shouted("<p>a < b</p>") == "<p>A &lt; B</p>"
    assert _shouted("fish <") == "FISH &lt;"


def test_html_reference_without_semicolon_is_decoded_like_a_browser_does():
    source = "<p>Tom &amp Jerry &copy 2022</p>"
    [node] = parse_html(source).nodes
    assert node.text == "Tom & Jerry © 2022"
    raw_start, raw_end = node.raw_span(4, 5)
    assert source[raw_start:raw_end] == "&amp"


def test_html_unknown_reference_stays_literal_text():
    [node] = parse_html("<p>a &bogus; b</p>").nodes
    assert node.text == "a &bogus; b"


def test_html_hard_wrapped_text_reaches_the_model_as_one_sentence():
    source = "<p>The statement did not\n   mention the group.\n</p>"
    [node] = parse_html(source).nodes
    assert node.text == "The statement did not mention the group."
    start = node.text.index("mention")
    raw_start, raw_end = node.raw_span(start - 1, start + len("mention"))
    assert source[raw_start:raw_end] == "\n   mention"


def test_html_non_breaking_space_is_not_collapsed():
    [node] = parse_html("<p>5&nbsp;&nbsp;km</p>").nodes
    assert node.text == "5\u00a0\u00a0km"


# --- Whole sentences through the real engine: inline tags re-inserted by attention ---
# The copy-model packages return their input and attend exactly diagonally, so where a tag
# comes back is fully determined: a misplaced, lost or doubled tag fails these tests.

import pytest  # noqa: E402

from service.engine import Engine  # noqa: E402
from service.formats.html import parse_segments, place_inline_tags  # noqa: E402

SENTENCE = '<p>President <a href="/x">Tokayev</a> said the vote was fair.</p>'


@pytest.fixture(scope="module")
def engine(models_dir):
    engine = Engine(models_dir, intra_threads=1)
    engine.load()
    return engine


@pytest.fixture(scope="module")
def glossary():
    from pathlib import Path

    from service.glossary import Glossary
    return Glossary.load(Path(__file__).resolve().parent.parent / "glossaries")


def _sentences_sent(engine, html: str, source: str = "en", target: str = "ru",
                    **options) -> tuple[str, int]:
    before = engine.stats.sentences
    [result] = translate_items(engine, [html], source, target, format="html", **options)
    return result.text, engine.stats.sentences - before


def test_html_sentence_with_a_link_reaches_the_model_as_one_sentence_and_keeps_the_link(engine):
    html, sentences = _sentences_sent(engine, SENTENCE, use_glossary=False)
    assert html == SENTENCE
    assert sentences == 1


def test_html_glossary_rewrites_the_name_inside_the_link(engine, glossary):
    source = '<p>President <a href="/x">Toqaev</a> said the vote was fair.</p>'
    [result] = translate_items(engine, [source], "en", "ru", format="html", glossary=glossary)
    assert result.text == '<p>President <a href="/x">Токаев</a> said the vote was fair.</p>'
    [entity] = result.target_entities
    assert result.text[entity["start"]:entity["end"]] == "Токаев" == entity["surface"]
    [mention] = result.source_entities
    assert source[mention["start"]:mention["end"]] == "Toqaev"


def test_html_nested_inline_tags_come_back_nested_around_the_same_words(engine):
    source = '<p>The <b>vote <i class="x">was</i> fair</b> and <em>free</em>.</p>'
    html, sentences = _sentences_sent(engine, source, use_glossary=False)
    assert html == source
    assert sentences == 1


def test_html_inline_tag_spanning_two_sentences_wraps_both_translations(engine):
    source = '<p>The vote <a href="/v" title="A &amp; B">was fair. The count</a> was slow.</p>'
    html, sentences = _sentences_sent(engine, source, use_glossary=False)
    assert html == source
    assert sentences == 2


def test_html_tags_opened_before_the_sentence_and_closed_after_stay_at_its_edges(engine):
    source = "<p><b>Tokayev</b> said <i>it was fair</p>"
    html, _ = _sentences_sent(engine, source, use_glossary=False)
    assert html == source


def test_html_attributes_come_back_byte_identical(engine):
    source = ("<p>A <a  HREF='/x?a=1&amp;b=2'  data-x=\"&quot;q&quot;\" >link</a> and "
              "<span class=\"k\"\n title=x>more</span> text.</p>")
    html, _ = _sentences_sent(engine, source, use_glossary=False)
    assert html == source


def test_html_code_and_br_end_a_segment_and_code_is_not_translated(engine):
    source = "<p>Run <code>make test</code> now<br>and <b>wait</b>.</p>"
    html, sentences = _sentences_sent(engine, source, use_glossary=False)
    assert html == source
    assert sentences == 3   # "Run", "now", "and wait." - never "make test"


def test_html_pivot_route_translates_text_nodes_one_by_one(engine):
    html, sentences = _sentences_sent(engine, SENTENCE, "ru", "kk", use_glossary=False)
    assert html == SENTENCE
    assert sentences == 2 * 3   # three nodes, two hops: no alignment across a pivot


def _placed(html: str, target: str, links) -> str:
    document = parse_segments(html)
    [segment] = document.nodes
    rendered, _ = document.render([target], [place_inline_tags(segment, target, links)])
    return rendered


def test_html_reordered_translation_moves_the_tag_to_the_aligned_words():
    # "President Tokayev said" -> "Tokayev President said": the link follows the name
    html = '<p>President <a href="/x">Tokayev</a> said</p>'
    links = [(0, 9, 8, 17), (10, 17, 0, 7), (18, 22, 18, 22)]
    assert _placed(html, "Tokayev President said", links) == \
        '<p><a href="/x">Tokayev</a> President said</p>'


def test_html_element_nothing_aligns_to_stays_once_and_empty_after_the_preceding_words():
    html = '<p>President <a href="/x">Tokayev</a> said</p>'
    links = [(0, 9, 0, 9), (18, 22, 10, 14)]
    assert _placed(html, "President said", links) == '<p>President<a href="/x"></a> said</p>'


def test_html_crossing_alignment_never_breaks_nesting_each_tag_appears_once():
    # inner <i> aligned outside its parent <b>: it is kept inside the parent instead
    html = "<p>A <b>big <i>red</i></b> car</p>"
    links = [(0, 1, 0, 1), (6, 9, 2, 5), (14, 17, 10, 13), (10, 13, 6, 9)]
    out = _placed(html, "A big car red", links)
    for tag in ("<b>", "</b>", "<i>", "</i>"):
        assert out.count(tag) == 1
    assert out.index("<b>") < out.index("<i>") < out.index("</i>") < out.index("</b>")


def test_html_crossing_tags_in_the_source_fall_back_to_separate_text_nodes():
    document = parse_segments("<p>x <b>y <i>z</b> w</i></p>")
    assert [node.text for node in document.nodes] == ["x", "y", "z", "w"]


def test_engine_alignment_links_each_piece_to_itself_with_a_source_token_and_byte_pieces(engine):
    text = "Tokayev & Co. said. Vote was fair."
    result = engine.translate([text], "en", "kk", with_alignment=True)   # >>kaz_Cyrl<< first
    assert result.texts == [text]
    [links] = result.alignments
    assert links and all(text[a:b] == result.texts[0][c:d] for a, b, c, d in links)
    assert all(a == c for a, _, c, _ in links)
    assert "&" in [text[a:b] for a, b, _, _ in links]


def test_engine_plain_translate_gives_no_alignment_and_pivots_give_none(engine):
    assert engine.translate(["Vote was fair."], "en", "ru").alignments is None
    assert engine.translate(["Vote was fair."], "ru", "kk", with_alignment=True).alignments \
        is None


def test_engine_over_long_sentence_is_translated_without_links(engine):
    long_sentence = " ".join(["vote"] * 260) + "."
    result = engine.translate([long_sentence, "Vote was fair."], "en", "ru",
                              with_alignment=True)
    assert result.texts == [long_sentence, "Vote was fair."]
    assert result.alignments[0] == [] and result.alignments[1]


def _random_inline_html(rng) -> str:
    words = "President Tokayev said the vote was fair & free . Next one , Toqaev's".split()
    tags = ['a href="/x"', "b", 'i class="q"', "em", 'span title="A &amp; B"', "strong"]

    def body(depth: int) -> str:
        out = []
        for _ in range(rng.randint(1, 6)):
            roll = rng.random()
            if roll < 0.25 and depth < 3:
                tag = rng.choice(tags)
                out.append(f"<{tag}>{body(depth + 1)}</{tag.split()[0]}>")
            elif roll < 0.3:
                out.append(rng.choice(["<br>", "<code>x y</code>", "<b>", "</i>", "</a>"]))
            else:
                out.append(" " + rng.choice(words) + rng.choice(["", " "]))
        return "".join(out)
    return "<p>" + body(0) + "</p>"


def test_html_every_tag_survives_exactly_once_with_garbage_and_with_exact_attention(
        engine, make_package):
    import random
    import re

    garbage = Engine(make_package("en", "ru", kind="random").parent, intra_threads=1)
    garbage.load()
    rng = random.Random(7)
    for _ in range(120):
        source = _random_inline_html(rng)
        results = [translate_items(model, [source], "en", "ru", format="html",
                                   use_glossary=False)[0].text for model in (engine, garbage)]
        for html in results:
            assert sorted(re.findall(r"<[^>]*>", html)) == \
                sorted(re.findall(r"<[^>]*>", source)), source
        # exact attention: nothing moves but whitespace next to a tag
        assert re.sub(r"\s+", "", results[0].replace("&amp;", "&")) == \
            re.sub(r"\s+", "", source.replace("&amp;", "&")), source


# --------------------------------------------------------------------------- names anchor tags

@pytest.fixture(scope="module")
def misaligned_engine(tmp_path_factory):
    """A copy model (exact output) that reports a layer whose attention points every target
    piece at the first source piece: alignment as wrong as it gets, translation intact."""
    from tests.conftest import install_package_dir

    directory = tmp_path_factory.mktemp("misaligned")
    install_package_dir(directory, "en", "ru", alignment_layer=-1)
    engine = Engine(directory, intra_threads=1)
    engine.load()
    return engine


def test_misaligned_model_really_loses_the_tags_without_the_glossary(misaligned_engine):
    """The premise of the tests below: attention alone puts these tags nowhere useful."""
    [result] = translate_items(misaligned_engine, ['<p>President <a href="/t">Tokayev</a> spoke.</p>'],
                               "en", "ru", format="html", use_glossary=False)
    assert '<a href="/t">Tokayev</a>' not in result.text


@pytest.mark.parametrize("source, expected", [
    ('<p>President <a href="/t">Toqaev</a> met <b>Ablyazov</b> in Almaty.</p>',
     '<p>President <a href="/t">Токаев</a> met <b>Аблязов</b> in Алматы.</p>'),
    ('<p>The <i>Koshe Party</i> said <a href="/x"> Kassym-Jomart Tokayev </a> won.</p>',
     '<p>The <i>партия «Көше»</i> said <a href="/x">Касым-Жомарт Токаев</a> won.</p>'),
    ('<p><b>Tokayev</b>, <i>Ablyazov</i> and <u>Tokayev</u>.</p>',
     '<p><b>Токаев</b>, <i>Аблязов</i> and <u>Токаев</u>.</p>'),
])
def test_a_tag_around_a_name_follows_the_name_even_when_attention_points_elsewhere(
        misaligned_engine, glossary, source, expected):
    [result] = translate_items(misaligned_engine, [source], "en", "ru", format="html", glossary=glossary)
    assert result.text.replace(' </a>', '</a>').replace('<a href="/x"> ', '<a href="/x">') == expected


def test_a_tag_around_a_name_and_other_words_keeps_at_least_the_name_when_attention_fails(
        misaligned_engine, glossary):
    [result] = translate_items(misaligned_engine, ["<p>President <b>Tokayev spoke</b> in Almaty.</p>"],
                               "en", "ru", format="html", glossary=glossary)
    assert result.text == "<p>President <b>Токаев</b> spoke in Алматы.</p>"


def test_anchors_decide_only_for_elements_that_wrap_just_the_name():
    segment = parse_segments("<p>See <b>Tokayev</b> and <i>the vote</i>.</p>").nodes[0]
    target = "Смотри Токаев и голосование."
    links = [(4, 11, 7, 13), (16, 24, 16, 27)]          # attention: name -> Токаев, vote -> голосование
    anchors = [(4, 11, 7, 13)]
    placed = place_inline_tags(segment, target, links, anchors=anchors)
    html = target
    for position, tag in sorted(placed, key=lambda p: -p[0]):
        html = html[:position] + tag + html[position:]
    assert html == "Смотри <b>Токаев</b> и <i>голосование</i>."

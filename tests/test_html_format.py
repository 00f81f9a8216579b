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

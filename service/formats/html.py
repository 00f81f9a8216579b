"""format=html: translate text nodes only; tags, attributes and markup stay byte-for-byte.

The standard library's ``html.parser`` tokenises (it copes with broken markup and never
fetches anything). Character references are decoded for the model and the translation is
escaped again (``&``, ``<``, ``>``, and U+00A0 as ``&nbsp;``); every node keeps a map from
its decoded characters back to raw offsets, so entity spans can be reported as offsets
into the HTML string itself. Content of <script>, <style>, <code>, <pre>, <textarea> and of
elements marked ``translate="no"`` or ``class="notranslate"`` is never sent to the model.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements that sit inside a sentence: with format=html their text is translated together
# with the text around them (see ``parse_segments``). <code> is not here: its content is
# never translated, so it ends a segment like any other tag; so does <br>.
INLINE_TAGS = frozenset({"a", "abbr", "b", "cite", "del", "em", "i", "ins", "mark", "q", "s",
                         "small", "span", "strong", "sub", "sup", "u"})
SKIP_TAGS = frozenset({"script", "style", "code", "pre", "textarea", "noscript"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                       "meta", "source", "track", "wbr"})
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\u00a0": "&nbsp;"}
# A character reference as the HTML standard reads it: the ";" is optional for the legacy
# names (a browser shows "&amp Jerry" as "& Jerry"); html.unescape knows which those are.
_CHARREF = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
# HTML whitespace (not U+00A0): a run of it renders as one space, so the model gets one
# space, and a hard-wrapped sentence is not cut at its line breaks.
_HTML_SPACE = frozenset(" \t\n\r\f")


@dataclass
class TextNode:
    """A run of text between tags, decoded and trimmed: what the model sees."""

    text: str
    raw_start: int
    raw_end: int
    char_starts: list[int]        # raw offset where each decoded character starts
    char_ends: list[int]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if start >= end:
            return self.char_starts[start] if start < len(self.text) else self.raw_end, \
                self.raw_end
        return self.char_starts[start], self.char_ends[end - 1]


@dataclass
class HtmlDocument:
    source: str
    nodes: list[TextNode] = field(default_factory=list)

    def render(self, translations: list[str],
               inserts: list[list[tuple[int, str]]] | None = None
               ) -> tuple[str, list["OutputMap"]]:
        """The HTML with each node's text replaced (and, for segments, the inline tags
        inside it put at ``inserts``), and where each node landed."""
        pieces, maps, cursor, length = [], [], 0, 0
        for index, (node, text) in enumerate(zip(self.nodes, translations)):
            before = self.source[cursor:node.raw_start]
            pieces.append(before)
            length += len(before)
            escaped, starts, ends = render_segment(text, inserts[index]) if inserts \
                else escape_with_map(text)
            maps.append(OutputMap(length, starts, ends, len(escaped)))
            pieces.append(escaped)
            length += len(escaped)
            cursor = node.raw_end
        pieces.append(self.source[cursor:])
        return "".join(pieces), maps


@dataclass
class OutputMap:
    offset: int
    starts: list[int]
    ends: list[int]
    size: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        if start >= end or start >= len(self.starts):
            return self.offset + self.size, self.offset + self.size
        return self.offset + self.starts[start], self.offset + self.ends[end - 1]


def escape_with_map(text: str) -> tuple[str, list[int], list[int]]:
    out, starts, ends, length = [], [], [], 0
    for ch in text:
        piece = _ESCAPES.get(ch, ch)
        starts.append(length)
        length += len(piece)
        ends.append(length)
        out.append(piece)
    return "".join(out), starts, ends


def parse_html(source: str) -> HtmlDocument:
    parser = _NodeCollector(source)
    parser.feed(source)
    if not parser.keep_unfinished_markup():
        parser.close()
    return HtmlDocument(source, parser.finish())


class _NodeCollector(HTMLParser):
    """Records where every event starts; text runs between tags become nodes."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self._line_starts = [0]
        for i, ch in enumerate(source):
            if ch == "\n":
                self._line_starts.append(i + 1)
        self._events: list[tuple[int, str, bool]] = []   # (start, kind, skipped)
        self._stack: list[tuple[str, bool]] = []
        self._length = len(source)
        self._source = source

    def _here(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _skipping(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def _tag_kind(self, edge: str, tag: str) -> str:
        """Inline tags outside skipped content are named: they may sit inside a sentence."""
        return f"{edge}:{tag}" if tag in INLINE_TAGS and not self._skipping() else "tag"

    def handle_starttag(self, tag, attrs):
        self._events.append((self._here(), self._tag_kind("open", tag), False))
        if tag in VOID_TAGS:
            return
        attributes = dict(attrs)
        marked = (attributes.get("translate") or "").lower() == "no" or \
            "notranslate" in (attributes.get("class") or "").split()
        self._stack.append((tag, self._skipping() or tag in SKIP_TAGS or marked))

    def handle_startendtag(self, tag, attrs):
        self._events.append((self._here(), "tag", False))

    def handle_endtag(self, tag):
        self._events.append((self._here(), self._tag_kind("close", tag), False))
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth][0] == tag:
                del self._stack[depth:]
                break

    def handle_data(self, data):
        self._events.append((self._here(), "text", self._skipping()))

    def handle_entityref(self, name):
        self._events.append((self._here(), "text", self._skipping()))

    def handle_charref(self, name):
        self._events.append((self._here(), "text", self._skipping()))

    def handle_comment(self, data):
        self._events.append((self._here(), "tag", False))

    def handle_decl(self, decl):
        self._events.append((self._here(), "tag", False))

    def handle_pi(self, data):
        self._events.append((self._here(), "tag", False))

    def unknown_decl(self, data):
        self._events.append((self._here(), "tag", False))

    def keep_unfinished_markup(self) -> bool:
        """A tag, comment or declaration cut off by the end of the input ("<p unclosed")
        is markup we cannot parse: keep it verbatim instead of letting ``close()`` turn it
        into text (which would be translated and escaped)."""
        rest = self.rawdata
        if len(rest) < 2 or rest[0] != "<" or not (rest[1].isalpha() or rest[1] in "/!?"):
            return False
        self._events.append((self._length - len(rest), "tag", False))
        return True

    def inline_groups(self) -> list[list[tuple[int, int, str]]]:
        """Runs of translatable text and inline tags; any other tag or skipped text cuts."""
        bounds = [e[0] for e in self._events] + [self._length]
        groups: list[list[tuple[int, int, str]]] = [[]]
        for (start, kind, skipped), end in zip(self._events, bounds[1:]):
            if (kind == "text" and not skipped) or kind.startswith(("open:", "close:")):
                groups[-1].append((start, end, kind))
            elif groups[-1]:
                groups.append([])
        return [group for group in groups if group]

    def finish(self) -> list[TextNode]:
        bounds = [e[0] for e in self._events] + [self._length]
        runs: list[tuple[int, int]] = []
        for (start, kind, skipped), end in zip(self._events, bounds[1:]):
            if kind != "text" or skipped:
                continue
            if runs and runs[-1][1] == start:
                runs[-1] = (runs[-1][0], end)
            else:
                runs.append((start, end))
        return [node for a, b in runs if (node := _node(self._source, a, b)) is not None]


def _node(source: str, start: int, end: int) -> TextNode | None:
    decoded, starts, ends = _collapse_spaces(*_decode(source, start, end))
    core = decoded.strip()
    if not any(ch.isalpha() for ch in core):
        return None
    lead = len(decoded) - len(decoded.lstrip())
    size = len(core)
    return TextNode(core, starts[lead], ends[lead + size - 1],
                    starts[lead:lead + size], ends[lead:lead + size])


def _decode(source: str, start: int, end: int) -> tuple[str, list[int], list[int]]:
    """Decode character references, remembering each decoded character's raw span."""
    out, starts, ends, i = [], [], [], start
    while i < end:
        if source[i] == "&":
            reference = _CHARREF.match(source, i, end)
            decoded = html.unescape(reference.group()) if reference else None
            if reference and decoded != reference.group():
                for ch in decoded:
                    out.append(ch)
                    starts.append(i)
                    ends.append(reference.end())
                i = reference.end()
                continue
        out.append(source[i])
        starts.append(i)
        ends.append(i + 1)
        i += 1
    return "".join(out), starts, ends


def _collapse_spaces(text: str, starts: list[int], ends: list[int]
                     ) -> tuple[str, list[int], list[int]]:
    """One space per run of HTML whitespace; the space maps to the whole run."""
    out: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    for ch, start, end in zip(text, starts, ends):
        if ch in _HTML_SPACE and out and out[-1] == " " and out_ends[-1] == start:
            out_ends[-1] = end
            continue
        out.append(" " if ch in _HTML_SPACE else ch)
        out_starts.append(start)
        out_ends.append(end)
    return "".join(out), out_starts, out_ends


# --- Inline segments: a sentence with <a>, <b>, <i> ... inside reaches the model whole ---
#
# Text runs joined by inline tags form one segment; the tags inside it are remembered
# with their character span in the segment text and put back around the target words
# the model's attention links to those characters (``place_inline_tags``).


@dataclass
class InlineElement:
    """An inline element inside a segment. ``open_raw`` is None when its start tag lies
    before the segment (``<a>Name</a> said``), ``close_raw`` None when its end tag lies
    after it; such an element is pinned to that edge of the translation."""

    open_raw: str | None
    close_raw: str | None
    start: int
    end: int
    order: int        # where it opened (raw offset; before the segment: negative)
    closed_at: int    # where it closed (raw offset; after the segment: very large)

    def encloses(self, other: "InlineElement") -> bool:
        """True nesting from the tags' own positions (character spans tie at edges)."""
        return self.order < other.order and other.closed_at < self.closed_at


@dataclass
class Segment(TextNode):
    elements: list[InlineElement] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)     # the raw inner tags, source order


def parse_segments(source: str) -> HtmlDocument:
    """Like ``parse_html``, but text joined by inline tags is one node (a ``Segment``)."""
    parser = _NodeCollector(source)
    parser.feed(source)
    if not parser.keep_unfinished_markup():
        parser.close()
    segments: list[TextNode] = []
    for group in parser.inline_groups():
        segments += _segments(source, group)
    return HtmlDocument(source, segments)


def _segments(source: str, group: list[tuple[int, int, str]]) -> list[TextNode]:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    tags: list[tuple[int, int, int, str]] = []     # (text position, raw start, raw end, kind)
    for start, end, kind in group:
        if kind != "text":
            tags.append((len(out), start, end, kind))
            continue
        for ch, a, b in zip(*_decode(source, start, end)):
            if ch in _HTML_SPACE and out and out[-1] == " ":
                ends[-1] = b if ends[-1] == a else ends[-1]
                continue
            out.append(" " if ch in _HTML_SPACE else ch)
            starts.append(a)
            ends.append(b)
    text = "".join(out)
    core = text.strip()
    if not any(ch.isalpha() for ch in core):
        return []
    lead, size = len(text) - len(text.lstrip()), len(core)
    raw_start, raw_end = starts[lead], ends[lead + size - 1]
    inner = [(min(max(pos - lead, 0), size), a, b, kind) for pos, a, b, kind in tags
             if raw_start <= a < raw_end]
    elements = _pair(source, inner, size)
    if elements is None:   # crossing tags: translate its text runs one by one, as before
        return _plain_nodes(source, group)
    return [Segment(core, raw_start, raw_end, starts[lead:lead + size],
                    ends[lead:lead + size], elements, [source[a:b] for _, a, b, _ in inner])]


def _pair(source: str, inner: list[tuple[int, int, int, str]],
          size: int) -> list[InlineElement] | None:
    open_tags: list[tuple[int, int, int, str]] = []
    elements: list[InlineElement] = []
    for pos, a, b, kind in inner:
        edge, name = kind.split(":", 1)
        if edge == "open":
            open_tags.append((pos, a, b, name))
        elif open_tags and open_tags[-1][3] == name:
            start, a0, b0, _ = open_tags.pop()
            elements.append(InlineElement(source[a0:b0], source[a:b], start, pos, a0, a))
        elif not open_tags:
            elements.append(InlineElement(None, source[a:b], 0, pos, -a, a))
        else:
            return None
    after = 2 * len(source) + 2
    elements += [InlineElement(source[a:b], None, pos, size, a, after - a)
                 for pos, a, b, _ in open_tags]
    return elements


def _plain_nodes(source: str, group: list[tuple[int, int, str]]) -> list[TextNode]:
    runs: list[tuple[int, int]] = []
    for start, end, kind in group:
        if kind != "text":
            continue
        if runs and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return [node for a, b in runs if (node := _node(source, a, b)) is not None]


Link = tuple[int, int, int, int]   # source start, end -> target start, end (characters)


def place_inline_tags(segment: Segment, target: str, links: list[Link],
                      anchors: list[Link] = ()) -> list[tuple[int, str]]:
    """Where each inner tag goes in ``target``: (position, raw tag), in output order.

    ``anchors`` are names found on both sides (source span, target span), from the
    glossary: an element that wraps a name and nothing else (<a>Toqaev</a>) wraps that
    name's translation, whatever the attention says. Every other element wraps the target
    words whose linked source piece lies inside its source span (the covering span,
    widened to whole words), kept inside its parent and clear of its siblings. An element
    nothing links to stays, empty, after the translation of the text before it. If the
    result would not nest, every inner tag is put after the translated text in source
    order. Either way each tag appears exactly once.
    """
    spans = _element_spans(segment.elements, target, links, segment.text, anchors)
    inserts = _inserts(segment.elements, spans)
    if not _nests(segment.elements, inserts):
        return [(len(target), tag) for tag in segment.tags]
    return [(pos, raw) for pos, _, _, raw in inserts]


def _element_spans(elements: list[InlineElement], target: str, links: list[Link],
                   source: str = "", anchors: list[Link] = ()) -> list[tuple[int, int]]:
    placed: dict[int, tuple[int, int]] = {}
    for k in sorted(range(len(elements)), key=lambda k: elements[k].order):  # outer first
        element = elements[k]
        ancestors = [j for j in placed if elements[j].encloses(element)]
        parent = max(ancestors, key=lambda j: elements[j].order, default=None)
        low, high = placed[parent] if parent is not None else (0, len(target))
        start, end = _anchored(element, source, target, links, anchors)
        start = low if element.open_raw is None else min(max(start, low), high)
        end = high if element.close_raw is None else min(max(end, start), high)
        for j, (other_start, other_end) in placed.items():
            if j in ancestors or other_start >= other_end:
                continue
            if start < other_end and other_start < end:
                if start < other_start:
                    end = other_start
                else:
                    start = min(max(start, other_end), high)
                    end = max(end, start)
        placed[k] = (start, end)
    return [placed[k] for k in range(len(elements))]


def _anchored(element: InlineElement, source: str, target: str, links: list[Link],
              anchors: list[Link]) -> tuple[int, int]:
    """Names first: the element that wraps one name and nothing else (spaces and
    punctuation aside) wraps that name's translation. Otherwise the attention links
    decide; where they place nothing, an element that contains names still wraps them."""
    inside = [(s0, s1, t0, t1) for s0, s1, t0, t1 in anchors
              if element.start <= s0 and s1 <= element.end]
    for s0, s1, t0, t1 in inside:
        if not any(c.isalnum() for c in source[element.start:s0] + source[s1:element.end]):
            return t0, t1
    start, end = _aligned(element, target, links)
    if start == end and inside:
        return min(t0 for _, _, t0, _ in inside), max(t1 for _, _, _, t1 in inside)
    return start, end


def _aligned(element: InlineElement, target: str, links: list[Link]) -> tuple[int, int]:
    inside = [(t0, t1) for s0, s1, t0, t1 in links
              if element.start <= s0 and s1 <= element.end]
    if not inside:
        before = [t1 for s0, s1, t0, t1 in links if s1 <= element.start]
        position = max(before, default=0)
        return position, position
    start, end = min(t0 for t0, _ in inside), max(t1 for _, t1 in inside)
    while start > 0 and target[start - 1].isalnum():
        start -= 1
    while end < len(target) and target[end].isalnum():
        end += 1
    return start, end


def _inserts(elements: list[InlineElement], spans: list[tuple[int, int]]
             ) -> list[tuple[int, int, str, str]]:
    """(position, element index, open/close/both, raw tag), sorted so equal positions nest."""
    keyed = []
    for k, (element, (start, end)) in enumerate(zip(elements, spans)):
        size = end - start
        if start == end and element.open_raw and element.close_raw:
            keyed.append(((start, 2, 0, element.order), k, "both",
                          element.open_raw + element.close_raw))
            continue
        if element.open_raw:
            keyed.append(((start, 1, -size, element.order), k, "open", element.open_raw))
        if element.close_raw:
            keyed.append(((end, 0, size, -element.order), k, "close", element.close_raw))
    keyed.sort(key=lambda item: item[0])
    return [(key[0], k, kind, raw) for key, k, kind, raw in keyed]


def _nests(elements: list[InlineElement], inserts: list[tuple[int, int, str, str]]) -> bool:
    """Replay the tags: every close must match the innermost open one from this segment,
    and a close whose open lies before the segment needs no segment element open."""
    stack: list[int] = []
    for _, k, kind, _ in inserts:
        if kind == "open":
            stack.append(k)
        elif kind == "close" and elements[k].open_raw is None:
            if stack:
                return False
        elif kind == "close":
            if not stack or stack[-1] != k:
                return False
            stack.pop()
    return all(elements[k].close_raw is None for k in stack)


def render_segment(target: str, inserts: list[tuple[int, str]]
                   ) -> tuple[str, list[int], list[int]]:
    """The escaped translation with the tags put in, and each character's output span."""
    out, starts, ends, length, cursor = [], [], [], 0, 0
    for position in range(len(target) + 1):
        while cursor < len(inserts) and inserts[cursor][0] == position:
            out.append(inserts[cursor][1])
            length += len(inserts[cursor][1])
            cursor += 1
        if position < len(target):
            piece = _ESCAPES.get(target[position], target[position])
            starts.append(length)
            length += len(piece)
            ends.append(length)
            out.append(piece)
    return "".join(out), starts, ends

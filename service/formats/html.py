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

    def render(self, translations: list[str]) -> tuple[str, list["OutputMap"]]:
        """The HTML with each node's text replaced, and where each node landed."""
        pieces, maps, cursor, length = [], [], 0, 0
        for node, text in zip(self.nodes, translations):
            before = self.source[cursor:node.raw_start]
            pieces.append(before)
            length += len(before)
            escaped, starts, ends = escape_with_map(text)
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

    def handle_starttag(self, tag, attrs):
        self._events.append((self._here(), "tag", False))
        if tag in VOID_TAGS:
            return
        attributes = dict(attrs)
        marked = (attributes.get("translate") or "").lower() == "no" or \
            "notranslate" in (attributes.get("class") or "").split()
        self._stack.append((tag, self._skipping() or tag in SKIP_TAGS or marked))

    def handle_startendtag(self, tag, attrs):
        self._events.append((self._here(), "tag", False))

    def handle_endtag(self, tag):
        self._events.append((self._here(), "tag", False))
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

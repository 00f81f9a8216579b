"""The translation engine: installed Argos packages served through CTranslate2.

Why not ``argostranslate.translate``: it imports MiniSBD (downloads a model on first use),
translates paragraph by paragraph, and builds a translator per call. Here every package
gets one ``ctranslate2.Translator`` created in ``load()`` and shared by all requests, and
one ``translate()`` call sends every sentence of every text to CTranslate2 in a single
``translate_batch`` per route hop (CTranslate2 then batches by tokens internally, and
releases the GIL while it works).
"""

from __future__ import annotations

import logging
import os
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from service.engine.packages import (SERVICE_LANGUAGES, LanguageInfo, PackageInfo,
                                     find_route, reachable_targets, scan_packages)
from service.engine.splitter import TextLayout, sentence_spans
from service.errors import InvalidInput, NotReady

log = logging.getLogger(__name__)

# Source tokens per CTranslate2 example. Longer sentences are cut into chunks of this size,
# so no input outruns a model's position table (Marian models have 512 positions).
MAX_SOURCE_TOKENS = 200
# Output may be this much longer than the longest input (plus a constant) before it is cut
# off: generous for real models, and a bound on random-weight test models.
DECODE_LENGTH_RATIO = 2.0
DECODE_LENGTH_EXTRA = 8
DEFAULT_BEAM_SIZE = 2
WORD_START = "\u2581"  # SentencePiece's word-boundary mark


# (source start, source end, target start, target end): character offsets of one aligned
# SentencePiece piece pair, into the input text and the translated text.
Link = tuple[int, int, int, int]


@dataclass(frozen=True)
class Translation:
    texts: list[str]
    path: list[str]
    # Per text, when asked for (direct routes only; None on pivot routes): which source
    # piece each target piece attended to most. Inline HTML markup is re-inserted with it.
    alignments: list[list[Link]] | None = None
    # Per text, when asked for: other translations, best first, none equal to the text or
    # to each other (see Engine.translate).
    alternatives: list[list[str]] | None = None


@dataclass
class EngineStats:
    """Counters that let tests and benchmarks see how work reached CTranslate2."""

    translate_batch_calls: int = 0
    sentences: int = 0        # examples sent to CTranslate2 (after de-duplication)
    source_tokens: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def record(self, examples: int, tokens: int) -> None:
        with self._lock:
            self.translate_batch_calls += 1
            self.sentences += examples
            self.source_tokens += tokens


def decoding_options(longest_input: int, *, max_batch_tokens: int,
                     beam_size: int = DEFAULT_BEAM_SIZE) -> dict:
    """The ``translate_batch`` options the engine uses (benchmarks reuse them verbatim)."""
    return {
        "max_batch_size": max_batch_tokens,
        "batch_type": "tokens",
        "beam_size": beam_size,
        "max_decoding_length": int(longest_input * DECODE_LENGTH_RATIO) + DECODE_LENGTH_EXTRA,
        "replace_unknowns": True,
    }


class LoadedPackage:
    """One package in memory: its tokenizer and its (thread-safe) CTranslate2 translator."""

    def __init__(self, info: PackageInfo, *, inter_threads: int, intra_threads: int,
                 max_batch_tokens: int, beam_size: int, stats: EngineStats):
        import ctranslate2
        import sentencepiece

        self.info = info
        self.tokenizer = sentencepiece.SentencePieceProcessor(
            model_file=str(info.path / "sentencepiece.model"))
        self.detokenizer = sentencepiece.SentencePieceProcessor(
            model_file=str(info.path / info.target_sentencepiece)) \
            if info.target_sentencepiece else self.tokenizer
        self.translator = ctranslate2.Translator(
            str(info.path / "model"), device="cpu", compute_type="default",
            inter_threads=inter_threads, intra_threads=intra_threads)
        self.max_batch_tokens = max_batch_tokens
        self.beam_size = beam_size
        self.stats = stats
        self._prefix = [info.target_prefix] if info.target_prefix else []
        self._lead = [info.source_token] if info.source_token else []

    def translate(self, sentences: list[str]) -> list[str]:
        """Sentences in, sentences out, in one ``translate_batch`` call."""
        return [ranked[0] for ranked in self.translate_ranked(sentences, 1)]

    def translate_ranked(self, sentences: list[str], count: int) -> list[list[str]]:
        """Up to ``count`` distinct translations per sentence, best first, in one
        ``translate_batch`` call: the beam's hypotheses (the beam widens to ``count``).
        A sentence cut into chunks (over MAX_SOURCE_TOKENS) keeps its best one only."""
        if not sentences:
            return []
        tokens = self.tokenizer.encode(sentences, out_type=str)
        examples, owners = self._examples(tokens)
        longest = max(map(len, examples))
        options = decoding_options(longest, max_batch_tokens=self.max_batch_tokens,
                                   beam_size=max(self.beam_size, count))
        if count > 1:
            options["num_hypotheses"] = count
        if self._prefix:
            options["target_prefix"] = [self._prefix] * len(examples)
        results = self.translator.translate_batch(examples, **options)
        self.stats.record(len(examples), sum(map(len, examples)))
        outputs = [self._strip_prefix(h) for result in results for h in result.hypotheses[:count]]
        flat = self.detokenizer.decode(outputs)
        ranked, cursor = [], 0
        for result in results:
            taken = min(len(result.hypotheses), count)
            ranked.append(list(dict.fromkeys(flat[cursor:cursor + taken])))
            cursor += taken
        if owners is None:
            return ranked
        best = _join_chunks([r[0] for r in ranked], owners, [e[len(self._lead)] for e in examples],
                            len(sentences))
        pieces = Counter(owners)
        whole = {owner: ranked[i] for i, owner in enumerate(owners) if pieces[owner] == 1}
        return [whole.get(i, [text]) for i, text in enumerate(best)]

    def translate_aligned(self, sentences: list[str]) -> list[tuple[str, list[Link]]]:
        """Like ``translate`` plus, per sentence, its piece links from cross-attention.

        A separate method so the plain path never pays for attention. Sentences cut into
        chunks, or whose pieces do not spell the text back (normalisation changed it),
        get no links: the caller falls back for those.
        """
        if not sentences:
            return []
        tokens = self.tokenizer.encode(sentences, out_type=str)
        limit = MAX_SOURCE_TOKENS - len(self._lead)
        if any(len(t) > limit for t in tokens):   # cut into chunks: no links for those
            long = [s for s, t in zip(sentences, tokens) if len(t) > limit]
            short = [s for s, t in zip(sentences, tokens) if len(t) <= limit]
            plain = dict(zip(long, self.translate(long)))
            aligned = dict(zip(short, self.translate_aligned(short)))
            return [aligned[s] if s in aligned else (plain[s], []) for s in sentences]
        examples = [self._lead + t for t in tokens]
        options = decoding_options(max(map(len, examples)),
                                   max_batch_tokens=self.max_batch_tokens,
                                   beam_size=self.beam_size)
        if self._prefix:
            options["target_prefix"] = [self._prefix] * len(examples)
        results = self.translator.translate_batch(examples, return_attention=True, **options)
        self.stats.record(len(examples), sum(map(len, examples)))
        outputs = [self._strip_prefix(result.hypotheses[0]) for result in results]
        decoded = self.detokenizer.decode(outputs)
        linked = []
        for sentence, pieces, output, text, result in zip(sentences, tokens, outputs,
                                                          decoded, results):
            attention = result.attention[0][-len(output):] if output else []
            linked.append((text, _links(sentence, pieces, text, output, attention,
                                        len(self._lead))))
        return linked

    def _examples(self, tokens: list[list[str]]) -> tuple[list[list[str]], list[int] | None]:
        """Add the source token; cut over-long sentences (owners maps chunks to sentences)."""
        lead = self._lead
        limit = MAX_SOURCE_TOKENS - len(lead)
        if all(len(t) <= limit for t in tokens):
            return ([lead + t for t in tokens] if lead else tokens), None
        examples, owners = [], []
        for index, sentence in enumerate(tokens):
            for chunk in _chunks(sentence, limit):
                examples.append(lead + chunk)
                owners.append(index)
        return examples, owners

    def _strip_prefix(self, hypothesis: list[str]) -> list[str]:
        if self._prefix and hypothesis[:len(self._prefix)] == self._prefix:
            return hypothesis[len(self._prefix):]
        return hypothesis


def _piece_spans(text: str, pieces: list[str]) -> list[tuple[int, int]] | None:
    """Character span of each piece in ``text``, or None when the pieces do not spell it
    (SentencePiece normalisation changed characters or spacing, or an unknown piece)."""
    surfaces = _surfaces(pieces)
    spelled = "".join(surfaces)
    offset = len(spelled) - len(text)   # the dummy-prefix space SentencePiece adds
    if offset < 0 or spelled[offset:] != text or spelled[:offset].strip(" "):
        return None
    spans, cursor = [], -offset
    for surface in surfaces:
        end = cursor + len(surface)
        start = max(cursor, 0)
        while start < end and text[start] == " ":   # a piece's link covers its letters
            start += 1
        spans.append((start, max(end, start)))
        cursor = end
    return spans


def _surfaces(pieces: list[str]) -> list[str]:
    """The text each piece stands for; byte-fallback pieces (<0x26>) give their character
    on the piece that completes it."""
    surfaces, pending = [], b""
    for piece in pieces:
        if len(piece) == 6 and piece.startswith("<0x") and piece.endswith(">"):
            pending += bytes([int(piece[3:5], 16)])
            try:
                surfaces.append(pending.decode("utf-8"))
                pending = b""
            except UnicodeDecodeError:
                surfaces.append("")
        else:
            surfaces.append(piece.replace(WORD_START, " "))
    return surfaces


def _links(source: str, source_pieces: list[str], target: str, target_pieces: list[str],
           attention, lead: int) -> list[Link]:
    """Each target piece linked to the source piece it attends to most (the arg-max of
    its cross-attention row; column 0 is the source token when the model has one)."""
    source_spans = _piece_spans(source, source_pieces)
    target_spans = _piece_spans(target, target_pieces)
    if source_spans is None or target_spans is None or len(attention) != len(target_pieces):
        return []
    links = []
    for (t_start, t_end), row in zip(target_spans, attention):
        column = max(range(len(row)), key=row.__getitem__) - lead
        if 0 <= column < len(source_spans) and t_end > t_start:
            s_start, s_end = source_spans[column]
            if s_end > s_start:
                links.append((s_start, s_end, t_start, t_end))
    return links


def _chunks(tokens: list[str], limit: int) -> list[list[str]]:
    """Cut before a word-initial piece (▁...) where possible, so joining with a space
    restores the original spacing."""
    chunks, start = [], 0
    while len(tokens) - start > limit:
        cut = start + limit
        word_start = next((i for i in range(cut, start + limit // 2, -1)
                           if tokens[i].startswith(WORD_START)), cut)
        chunks.append(tokens[start:word_start])
        start = word_start
    chunks.append(tokens[start:])
    return chunks


def _join_chunks(decoded: list[str], owners: list[int], first_tokens: list[str],
                 count: int) -> list[str]:
    """Re-join chunk outputs; a space only where the cut fell at a word start."""
    pieces: list[list[str]] = [[] for _ in range(count)]
    for text, owner, first in zip(decoded, owners, first_tokens):
        if pieces[owner] and first.startswith(WORD_START):
            pieces[owner].append(" ")
        pieces[owner].append(text)
    return ["".join(parts) for parts in pieces]


def auto_intra_threads(inter_threads: int) -> int:
    """Threads per worker when the setting is 0 (auto): leave one core for the HTTP side.

    Measured on 2 cores (docs/benchmarks.md): CTranslate2 with as many OpenMP threads as
    cores ran the service 8x slower than raw CTranslate2, because a spinning thread pushed
    off its core by the event loop stalls the others at every sync point; one thread per
    worker kept the service within 2-5% of raw.
    """
    cores = os.cpu_count() or 1
    return max(1, (cores - 1) // max(1, inter_threads))


class Engine:
    """Translation between the languages of the packages installed in ``models_dir``."""

    supports_alignment = True   # translate(..., with_alignment=True) gives piece links

    def __init__(self, models_dir: Path, *, inter_threads: int = 1, intra_threads: int = 0,
                 max_batch_tokens: int = 4096, beam_size: int = DEFAULT_BEAM_SIZE):
        self.models_dir = Path(models_dir)
        self.inter_threads = _positive("inter_threads", inter_threads, minimum=1)
        self.intra_threads = auto_intra_threads(self.inter_threads) if intra_threads == 0 \
            else _positive("intra_threads", intra_threads, minimum=1)
        self.max_batch_tokens = _positive("max_batch_tokens", max_batch_tokens, minimum=1)
        self.beam_size = _positive("beam_size", beam_size, minimum=1)
        self.stats = EngineStats()
        self._loaded: dict[tuple[str, str], LoadedPackage] = {}
        self._load_lock = threading.Lock()
        self._ready = False

    def load(self) -> None:
        """Load every installed package (tokenizer + translator). Idempotent."""
        with self._load_lock:
            if self._ready:
                return
            loaded = {}
            for info in scan_packages(self.models_dir):
                loaded[info.pair] = LoadedPackage(
                    info, inter_threads=self.inter_threads, intra_threads=self.intra_threads,
                    max_batch_tokens=self.max_batch_tokens, beam_size=self.beam_size,
                    stats=self.stats)
                log.info("loaded %s→%s from %s", info.from_code, info.to_code, info.path)
            self._loaded = loaded
            self._ready = True

    @property
    def ready(self) -> bool:
        return self._ready

    def packages(self) -> list[PackageInfo]:
        return [package.info for package in self._loaded.values()]

    def languages(self) -> list[LanguageInfo]:
        """Every language with a package, and every target it reaches (pivots included)."""
        pairs = set(self._loaded)
        names = dict(SERVICE_LANGUAGES)
        for info in self.packages():
            names.setdefault(info.from_code, info.from_name)
            names.setdefault(info.to_code, info.to_name)
        codes = sorted({code for pair in pairs for code in pair})
        return [LanguageInfo(code, names[code], reachable_targets(pairs, code))
                for code in codes]

    def route(self, source: str, target: str) -> list[str]:
        """Languages a translation passes through, e.g. ["ru", "en", "kk"]."""
        self._require_ready()
        known = set(SERVICE_LANGUAGES) | {code for pair in self._loaded for code in pair}
        return find_route(set(self._loaded), known, source, target)

    def translate(self, texts: list[str], source: str, target: str, *,
                  with_alignment: bool = False, alternatives: int = 0) -> Translation:
        """Translate all texts in as few CTranslate2 calls as the route has hops.

        ``with_alignment`` adds piece links per text (see ``Translation.alignments``) on
        direct routes; pivot routes translate as usual and leave ``alignments`` None.

        ``alternatives`` (LibreTranslate's field) asks for up to that many other
        translations per text. They come from the last hop's beam: alternative *i* takes
        each sentence's *i*-th best translation (its best when it has fewer), so for a
        one-sentence text they are the beam's other hypotheses. Duplicates are dropped, so
        a text may get fewer than asked for.
        """
        _check_texts(texts)
        _positive("alternatives", alternatives, minimum=0)
        path = self.route(source, target)
        if len(path) == 1:
            return Translation(list(texts), path, alternatives=[[] for _ in texts] if alternatives else None)
        if with_alignment and len(path) == 2:
            return self._translate_aligned(texts, source, target, path)
        layouts = [TextLayout(text, source) for text in texts]
        unique = list(dict.fromkeys(s for layout in layouts for s in layout.sentences))
        current = unique
        hops = list(zip(path, path[1:]))
        for hop_source, hop_target in hops[:-1]:
            current = self._loaded[(hop_source, hop_target)].translate(current)
        ranked = self._loaded[hops[-1]].translate_ranked(current, alternatives + 1)
        by_sentence = dict(zip(unique, ranked))
        rendered = [layout.render([by_sentence[s][0] for s in layout.sentences]) for layout in layouts]
        if not alternatives:
            return Translation(rendered, path)
        others = []
        for layout, best in zip(layouts, rendered):
            seen, found = {best}, []
            for rank in range(1, alternatives + 1):
                text = layout.render([by_sentence[s][min(rank, len(by_sentence[s]) - 1)]
                                      for s in layout.sentences])
                if text not in seen:
                    seen.add(text)
                    found.append(text)
            others.append(found)
        return Translation(rendered, path, alternatives=others)

    def _translate_aligned(self, texts: list[str], source: str, target: str,
                           path: list[str]) -> Translation:
        spans = [sentence_spans(text, source) for text in texts]
        unique = list(dict.fromkeys(text[a:b] for text, cut in zip(texts, spans)
                                    for a, b in cut))
        done = dict(zip(unique, self._loaded[(source, target)].translate_aligned(unique)))
        rendered, alignments = [], []
        for text, cut in zip(texts, spans):
            parts, links, cursor, length = [], [], 0, 0
            for start, end in cut:
                gap = text[cursor:start]
                translated, sentence_links = done[text[start:end]]
                length += len(gap)
                links += [(a + start, b + start, c + length, d + length)
                          for a, b, c, d in sentence_links]
                parts += [gap, translated]
                length += len(translated)
                cursor = end
            parts.append(text[cursor:])
            rendered.append("".join(parts))
            alignments.append(links)
        return Translation(rendered, path, alignments)

    def _require_ready(self) -> None:
        if not self._ready:
            raise NotReady("translation models are still loading; retry in a moment")


def _check_texts(texts: object) -> None:
    if not isinstance(texts, list):
        raise InvalidInput(f"q: expected a list of strings, got {type(texts).__name__}",
                           field="q")
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            raise InvalidInput(
                f"q[{index}]: expected a string, got {type(text).__name__}", field="q")


def _positive(name: str, value: int, *, minimum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise InvalidInput(f"{name} must be an integer >= {minimum}, got {value!r}", field=name)
    return value

"""Build a real Argos ``.argosmodel`` package offline, for tests and benchmarks.

Why this exists: the serving path (SentencePiece -> CTranslate2 -> SentencePiece) must be
tested end to end without downloading a model. Two kinds of model are built:

* ``kind="copy"`` - a Transformer whose weights are *constructed*, not trained, so that it
  copies its input exactly. Tests can then assert exact output ("translation" == input)
  while every byte still goes through the real CTranslate2 decoder. Recipe (see
  ``/work/shared/reference/engines-and-anchors.md``): pre-norm, no final norm, unscaled
  embeddings, an explicit position-encoding table. One head-width block of the hidden
  size holds zero-sum position codes, the rest holds a random unit vector per token.
  All weights are zero except the first decoder layer's cross-attention: queries and keys
  read the position block (so target step t attends to source position t), values and
  output carry the token block forward with a large gain, and the output projection is
  the token-embedding matrix, so the arg-max is the attended source token.
* ``kind="random"`` - the same shapes with random weights (garbage output, realistic cost).

``size="tiny"`` builds in well under a second; ``size="realistic"`` (6+6 layers,
d_model 512, 8 heads, int8) is for timing.

Usage::

    python -m tools.build_test_package OUT.argosmodel --from en --to ru [--size realistic]
        [--kind random] [--source-token '>>kaz_Cyrl<<'] [--target-prefix '__kk__']
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Bump when the generated package changes, so cached test packages are rebuilt.
BUILDER_VERSION = "1"

CORPUS_PATH = Path(__file__).with_name("test_corpus.txt")
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "kk": "Kazakh"}
PACKAGE_VERSION = "1.0"
ARGOS_VERSION = "1.9"
MAX_POSITIONS = 1024  # source/target tokens per sentence the model accepts


@dataclass(frozen=True)
class ModelShape:
    layers: int
    d_model: int
    heads: int
    ffn: int
    quantization: str
    vocab_pad_to: int  # pad the CT2 vocabulary so the output layer costs what a real one does


SHAPES = {
    "tiny": ModelShape(layers=2, d_model=128, heads=4, ffn=256, quantization="float32",
                       vocab_pad_to=0),
    "realistic": ModelShape(layers=6, d_model=512, heads=8, ffn=2048, quantization="int8",
                            vocab_pad_to=32000),
}
SP_VOCAB_SIZE = 2000
CROSS_ATTENTION_GAIN = 10.0
POSITION_SHARPNESS = 40.0  # attention logit gap between the aligned and the next-best position


def corpus_lines() -> list[str]:
    """The embedded en/ru/kk training text (comments and blank lines dropped)."""
    text = CORPUS_PATH.read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@functools.lru_cache(maxsize=4)
def train_sentencepiece(vocab_size: int = SP_VOCAB_SIZE) -> bytes:
    """Train the test tokenizer; cached because every package of a test session shares it.

    Identity normalisation, no whitespace squeezing and byte fallback make every
    Cyrillic/Latin text (and anything else) encode and decode back to itself, which the
    copy model needs for exact round trips.
    """
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus_lines()),
        model_writer=model,
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        model_type="unigram",
        character_coverage=1.0,
        byte_fallback=True,
        normalization_rule_name="identity",
        remove_extra_whitespaces=False,
        split_digits=True,
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def sentencepiece_vocabulary(sp_bytes: bytes) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=sp_bytes)
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def build_vocabulary(sp_bytes: bytes, shape: ModelShape, extra_tokens: list[str]) -> list[str]:
    """CT2 vocabulary = SentencePiece pieces (same ids) + our special tokens + padding."""
    vocabulary = sentencepiece_vocabulary(sp_bytes)
    for token in extra_tokens:
        if token not in vocabulary:
            vocabulary.append(token)
    padding = max(0, shape.vocab_pad_to - len(vocabulary))
    vocabulary.extend(f"<unused_{i}>" for i in range(padding))
    return vocabulary


def position_codes(positions: np.ndarray, width: int) -> np.ndarray:
    """Zero-sum codes whose dot product peaks sharply when two positions are equal."""
    periods = np.geomspace(3.0, 4.0 * MAX_POSITIONS, width // 4)
    angles = positions[:, None].astype(np.float64) * (2 * np.pi / periods)[None, :]
    codes = np.stack([np.cos(angles), np.sin(angles), -np.cos(angles), -np.sin(angles)], axis=2)
    return codes.reshape(len(positions), width).astype(np.float32)


def position_code_gap(width: int) -> float:
    """Smallest margin between the aligned and any other position's score (unscaled)."""
    codes = position_codes(np.arange(MAX_POSITIONS), width)
    gram = codes @ codes.T
    diagonal = np.diag(gram).copy()
    margins = diagonal[:, None] - gram
    np.fill_diagonal(margins, np.inf)
    return float(margins.min())


def token_vectors(rng: np.random.Generator, vocab_size: int, width: int) -> np.ndarray:
    """Random zero-mean unit vectors, so LayerNorm only rescales the decoder state."""
    vectors = rng.standard_normal((vocab_size, width))
    vectors -= vectors.mean(axis=1, keepdims=True)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors.astype(np.float32)


def _set_layer_norm(spec, d_model: int) -> None:
    spec.gamma = np.ones(d_model, dtype=np.float32)
    spec.beta = np.zeros(d_model, dtype=np.float32)


def _set_linear(spec, weight: np.ndarray) -> None:
    spec.weight = weight.astype(np.float32)
    spec.bias = np.zeros(weight.shape[0], dtype=np.float32)


def _fill_layers(layer_spec, d_model: int, ffn: int, make) -> None:
    """Give every sub-layer of an encoder/decoder layer weights from ``make(shape)``."""
    attentions = [layer_spec.self_attention]
    if hasattr(layer_spec, "attention"):
        attentions.append(layer_spec.attention)
    for attention in attentions:
        _set_layer_norm(attention.layer_norm, d_model)
        if len(attention.linear) == 2:  # self-attention: fused qkv, output
            _set_linear(attention.linear[0], make((3 * d_model, d_model)))
            _set_linear(attention.linear[1], make((d_model, d_model)))
        else:  # cross-attention: query, fused kv, output
            _set_linear(attention.linear[0], make((d_model, d_model)))
            _set_linear(attention.linear[1], make((2 * d_model, d_model)))
            _set_linear(attention.linear[2], make((d_model, d_model)))
    _set_layer_norm(layer_spec.ffn.layer_norm, d_model)
    _set_linear(layer_spec.ffn.linear_0, make((ffn, d_model)))
    _set_linear(layer_spec.ffn.linear_1, make((d_model, ffn)))


def _copy_cross_attention(attention, d_model: int, head_width: int, query_scale: float) -> None:
    """Queries/keys read the position block; values/output carry the token block."""
    position_block = np.zeros(d_model, dtype=np.float32)
    position_block[:head_width] = 1.0
    token_block = 1.0 - position_block
    heads = d_model // head_width
    query = np.zeros((d_model, d_model), dtype=np.float32)
    key = np.zeros((d_model, d_model), dtype=np.float32)
    for head in range(heads):  # every head attends the same way, each carries its slice
        rows = slice(head * head_width, (head + 1) * head_width)
        query[rows, :head_width] = np.eye(head_width) * query_scale
        key[rows, :head_width] = np.eye(head_width)
    value = np.diag(token_block)
    _set_linear(attention.linear[0], query)
    _set_linear(attention.linear[1], np.concatenate([key, value]))
    _set_linear(attention.linear[2], np.diag(token_block) * CROSS_ATTENTION_GAIN)


def build_spec(vocabulary: list[str], shape: ModelShape, kind: str, *, source_offset: int,
               prefix_length: int, seed: int, alignment_layer: int | None = None):
    """The CTranslate2 TransformerSpec of a copy or random model over ``vocabulary``."""
    from ctranslate2.specs import transformer_spec

    d_model, heads = shape.d_model, shape.heads
    head_width = d_model // heads
    rng = np.random.default_rng(seed)
    spec = transformer_spec.TransformerSpec.from_config(
        (shape.layers, shape.layers), heads, pre_norm=True, no_final_norm=True,
        # the copy model aligns in layer 0 (head 0 reads the position codes): report that
        # layer's attention, so return_attention gives the exact diagonal alignment. Another
        # layer gives a copy model whose output is exact but whose alignment is not, as a
        # real model's attention can be (tests of what does not trust attention alone).
        alignment_layer=alignment_layer if alignment_layer is not None else (0 if kind == "copy" else -1))
    spec.config.add_source_eos = True
    spec.encoder.scale_embeddings = False
    spec.decoder.scale_embeddings = False

    embeddings = np.zeros((len(vocabulary), d_model), dtype=np.float32)
    embeddings[:, head_width:] = token_vectors(rng, len(vocabulary), d_model - head_width)
    positions = np.arange(MAX_POSITIONS)
    encoder_positions = np.zeros((MAX_POSITIONS, d_model), dtype=np.float32)
    encoder_positions[:, :head_width] = position_codes(positions, head_width)
    # Decoder step t must read source position t + offset: shift its position table.
    decoder_positions = np.zeros((MAX_POSITIONS, d_model), dtype=np.float32)
    shifted = np.clip(positions + source_offset - prefix_length, 0, MAX_POSITIONS - 1)
    decoder_positions[:, :head_width] = position_codes(shifted, head_width)

    if kind == "copy":
        def make(shape_):
            return np.zeros(shape_, dtype=np.float32)
    else:
        def make(shape_):
            return (rng.standard_normal(shape_) * 0.05).astype(np.float32)
        spec.encoder.scale_embeddings = True
        spec.decoder.scale_embeddings = True

    spec.encoder.embeddings[0].weight = embeddings
    spec.decoder.embeddings.weight = embeddings
    spec.encoder.position_encodings.encodings = encoder_positions
    spec.decoder.position_encodings.encodings = decoder_positions
    for layer in spec.encoder.layer:
        _fill_layers(layer, d_model, shape.ffn, make)
    for layer in spec.decoder.layer:
        _fill_layers(layer, d_model, shape.ffn, make)
    _set_linear(spec.decoder.projection, embeddings)

    if kind == "copy":
        # LayerNorm scales the decoder state by sqrt(d / (|token|^2 + |position|^2)).
        layer_norm_scale = np.sqrt(d_model / (1.0 + head_width / 2))
        query_scale = (POSITION_SHARPNESS * np.sqrt(head_width)
                       / (position_code_gap(head_width) * layer_norm_scale))
        _copy_cross_attention(spec.decoder.layer[0].attention, d_model, head_width,
                              float(query_scale))

    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    return spec


def package_metadata(from_code: str, to_code: str, source_token: str | None,
                     target_prefix: str | None, kind: str, size: str) -> dict:
    metadata = {
        "package_version": PACKAGE_VERSION,
        "argos_version": ARGOS_VERSION,
        "from_code": from_code,
        "from_name": LANGUAGE_NAMES.get(from_code, from_code),
        "to_code": to_code,
        "to_name": LANGUAGE_NAMES.get(to_code, to_code),
        "type": "translate",
        "description": f"audarma test package ({kind}, {size}), builder {BUILDER_VERSION}",
    }
    if target_prefix:
        metadata["target_prefix"] = target_prefix
    if source_token:
        metadata["source_token"] = source_token
    return metadata


def write_package_dir(package_dir: Path, from_code: str, to_code: str, *, size: str = "tiny",
                      kind: str = "copy", source_token: str | None = None,
                      target_prefix: str | None = None, sp_model: Path | None = None,
                      seed: int = 1234, alignment_layer: int | None = None) -> Path:
    """Write an installed-layout package directory (what the .argosmodel zip holds)."""
    if size not in SHAPES:
        raise ValueError(f"size must be one of {sorted(SHAPES)}, got {size!r}")
    if kind not in ("copy", "random"):
        raise ValueError(f"kind must be 'copy' or 'random', got {kind!r}")
    shape = SHAPES[size]
    sp_bytes = sp_model.read_bytes() if sp_model else train_sentencepiece()
    extra = [token for token in (source_token, target_prefix) if token]
    vocabulary = build_vocabulary(sp_bytes, shape, extra)
    spec = build_spec(vocabulary, shape, kind, source_offset=1 if source_token else 0,
                      prefix_length=1 if target_prefix else 0, seed=seed,
                      alignment_layer=alignment_layer)
    spec.validate()
    spec.optimize(quantization=shape.quantization)
    (package_dir / "model").mkdir(parents=True, exist_ok=True)
    spec.save(str(package_dir / "model"))
    (package_dir / "sentencepiece.model").write_bytes(sp_bytes)
    metadata = package_metadata(from_code, to_code, source_token, target_prefix, kind, size)
    (package_dir / "metadata.json").write_text(
        json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return package_dir


def package_dir_name(from_code: str, to_code: str) -> str:
    return f"translate-{from_code}_{to_code}-{PACKAGE_VERSION.replace('.', '_')}"


def build_test_package(out_path: Path, from_code: str, to_code: str, *, size: str = "tiny",
                       kind: str = "copy", source_token: str | None = None,
                       target_prefix: str | None = None, sp_model: Path | None = None) -> Path:
    """Write ``out_path`` as an ``.argosmodel`` zip (one folder: metadata, model, tokenizer)."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = package_dir_name(from_code, to_code)
        write_package_dir(Path(tmp) / folder, from_code, to_code, size=size, kind=kind,
                          source_token=source_token, target_prefix=target_prefix,
                          sp_model=sp_model)
        partial = out_path.with_name(out_path.name + ".part")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as archive:
            for file in sorted((Path(tmp) / folder).rglob("*")):
                archive.write(file, file.relative_to(tmp).as_posix())
        partial.replace(out_path)
    return out_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="output .argosmodel file")
    parser.add_argument("--from", dest="from_code", required=True)
    parser.add_argument("--to", dest="to_code", required=True)
    parser.add_argument("--size", choices=sorted(SHAPES), default="tiny")
    parser.add_argument("--kind", choices=["copy", "random"], default="copy")
    parser.add_argument("--source-token", default=None, help="e.g. '>>kaz_Cyrl<<'")
    parser.add_argument("--target-prefix", default=None)
    parser.add_argument("--sp-model", type=Path, default=None,
                        help="use this SentencePiece model instead of training one")
    args = parser.parse_args(argv)
    path = build_test_package(args.out, args.from_code, args.to_code, size=args.size,
                              kind=args.kind, source_token=args.source_token,
                              target_prefix=args.target_prefix, sp_model=args.sp_model)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

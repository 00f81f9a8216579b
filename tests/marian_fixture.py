"""Generate tiny checkpoints in the layout of real OPUS-MT / Tatoeba-MT Marian releases.

A real release zip holds ``decoder.yml`` (names the ``.npz`` model and the vocabularies),
the ``.npz`` model whose arrays follow Marian's parameter naming (``Wemb``,
``encoder_l1_self_Wq``, ``decoder_l1_context_Wo_ln_scale``, ``decoder_ff_logit_out_b``,
and the ``special:model.yml`` entry holding the training configuration as bytes), one
shared ``*.vocab.yml``, ``source.spm``, ``target.spm``, ``README.md`` and ``LICENSE``.
These helpers write exactly that layout with random weights small enough to convert and
run in well under a second, so the builder is tested against the real converter and the
real runtime rather than against a description of them.

The embeddings are scaled up so every decoding step has one clear winner: greedy and beam
search then agree, which lets a test compare the service's output with a direct
CTranslate2 call whatever beam size the engine uses.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import sentencepiece as spm

ENGLISH_LINES = [
    "The president met the minister in Astana on Monday.",
    "Parliament approved the new budget after a long debate.",
    "The delegation visited the museum and the university.",
    "Prices for bread and fuel rose again this week.",
    "The court will announce its decision next month.",
    "Farmers expect a good harvest in the northern regions.",
]
KAZAKH_LINES = [
    "Президент дүйсенбі күні Астанада министрмен кездесті.",
    "Парламент ұзақ талқылаудан кейін жаңа бюджетті мақұлдады.",
    "Делегация мұражай мен университетке барды.",
    "Осы аптада нан мен жанармай бағасы тағы өсті.",
    "Сот шешімін келесі айда жариялайды.",
    "Фермерлер солтүстік өңірлерде мол өнім күтеді.",
]
TURKISH_LINES = [
    "Cumhurbaşkanı pazartesi günü Astana'da bakanla görüştü.",
    "Meclis uzun bir tartışmanın ardından yeni bütçeyi onayladı.",
]
RUSSIAN_LINES = [
    "Президент встретился с министром в Астане в понедельник.",
    "Парламент одобрил новый бюджет после долгих дебатов.",
    "Делегация посетила музей и университет.",
    "Цены на хлеб и топливо снова выросли на этой неделе.",
    "Суд объявит своё решение в следующем месяце.",
    "Фермеры ожидают хорошего урожая в северных регионах.",
]

DEFAULT_LANGUAGE_TOKENS = (">>kaz_Cyrl<<", ">>tur<<")


@dataclass
class MarianCheckpoint:
    """Where the generated files are and what went into them."""

    directory: Path
    model_file: str
    vocab_file: str
    language_tokens: tuple[str, ...]
    files: list[str] = field(default_factory=list)


def train_sentencepiece(lines: list[str], model_path: Path, vocab_size: int = 150) -> None:
    """Train a small unigram model, as OPUS-MT's source.spm / target.spm are."""
    model_path.parent.mkdir(parents=True, exist_ok=True)
    model_bytes = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines * 4), model_writer=model_bytes, vocab_size=vocab_size,
        character_coverage=1.0, hard_vocab_limit=False, minloglevel=2)
    model_path.write_bytes(model_bytes.getvalue())


def _sentencepiece_pieces(model_path: Path) -> list[str]:
    processor = spm.SentencePieceProcessor(model_file=str(model_path))
    specials = {"<unk>", "<s>", "</s>", "<pad>"}
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())
            if processor.id_to_piece(i) not in specials]


def _yaml_key(token: str) -> str:
    """Quote a token the way Marian's vocabulary writer does (double quotes, escapes)."""
    escaped = token.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def write_vocab_yaml(tokens: list[str], path: Path) -> None:
    """Marian vocabulary: </s> is 0, <unk> is 1, then one ``token: id`` line each."""
    lines = [f"{_yaml_key(token)}: {index}" for index, token in enumerate(tokens)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _marian_config_yaml(vocab_size: int, dim: int, ffn: int, heads: int, depth: int) -> str:
    return "\n".join([
        "type: transformer",
        f"dim-vocabs:\n  - {vocab_size}\n  - {vocab_size}",
        f"dim-emb: {dim}",
        f"enc-depth: {depth}",
        f"dec-depth: {depth}",
        "tied-embeddings-all: true",
        f"transformer-heads: {heads}",
        f"transformer-dim-ffn: {ffn}",
        "transformer-ffn-depth: 2",
        "transformer-ffn-activation: swish",
        "transformer-decoder-autoreg: self-attention",
        "transformer-no-projection: false",
        'transformer-preprocess: ""',
        "transformer-postprocess: dan",
        "transformer-postprocess-emb: d",
        "transformer-guided-alignment-layer: last",
        "transformer-tied-layers: []",
        "version: v1.9.56 (synthetic test checkpoint)",
        "",
    ])


#: How much longer the language tokens' embeddings are than the other rows (marian_weights).
LOUDNESS = 10.0


def _attention(prefix: str, dim: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    arrays = {}
    for name in ("q", "k", "v", "o"):
        arrays[f"{prefix}_W{name}"] = rng.normal(0, 0.5, (dim, dim)).astype(np.float32)
        arrays[f"{prefix}_b{name}"] = rng.normal(0, 0.1, (1, dim)).astype(np.float32)
    arrays[f"{prefix}_Wo_ln_scale"] = np.ones((1, dim), np.float32)
    arrays[f"{prefix}_Wo_ln_bias"] = np.zeros((1, dim), np.float32)
    return arrays


def _ffn(prefix: str, dim: int, ffn: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    return {
        f"{prefix}_W1": rng.normal(0, 0.5, (dim, ffn)).astype(np.float32),
        f"{prefix}_b1": np.zeros((1, ffn), np.float32),
        f"{prefix}_W2": rng.normal(0, 0.5, (ffn, dim)).astype(np.float32),
        f"{prefix}_b2": np.zeros((1, dim), np.float32),
        f"{prefix}_ffn_ln_scale": np.ones((1, dim), np.float32),
        f"{prefix}_ffn_ln_bias": np.zeros((1, dim), np.float32),
    }


def marian_weights(vocab_size: int, *, dim: int = 32, ffn: int = 64, heads: int = 2,
                   depth: int = 1, seed: int = 7, loud_ids: tuple[int, ...] = ()) -> dict[str, np.ndarray]:
    """Random post-norm transformer weights under Marian's parameter names.

    ``loud_ids`` (the language tokens) get embeddings LOUDNESS times longer: attention then
    leans on them, so which token leads the sentence changes the output whatever vocabulary
    the installed SentencePiece release trains (with plain random rows it sometimes did not)."""
    rng = np.random.default_rng(seed)
    output_bias = np.zeros((1, vocab_size), np.float32)
    output_bias[0, 1] = -1e4  # never emit <unk> (id 1), as a trained model rarely does
    embeddings = rng.normal(0, 4.0, (vocab_size, dim)).astype(np.float32)
    for token_id in loud_ids:
        embeddings[token_id] *= LOUDNESS
    arrays: dict[str, np.ndarray] = {
        "Wemb": embeddings,
        "decoder_ff_logit_out_b": output_bias,
    }
    for layer in range(1, depth + 1):
        arrays.update(_attention(f"encoder_l{layer}_self", dim, rng))
        arrays.update(_ffn(f"encoder_l{layer}_ffn", dim, ffn, rng))
        arrays.update(_attention(f"decoder_l{layer}_self", dim, rng))
        arrays.update(_attention(f"decoder_l{layer}_context", dim, rng))
        arrays.update(_ffn(f"decoder_l{layer}_ffn", dim, ffn, rng))
    config = _marian_config_yaml(vocab_size, dim, ffn, heads, depth).encode("utf-8") + b"\0"
    arrays["special:model.yml"] = np.frombuffer(config, dtype=np.int8).copy()
    return arrays


def write_marian_release(directory: Path, *, source_lines: list[str], target_lines: list[str],
                         language_tokens: tuple[str, ...] = DEFAULT_LANGUAGE_TOKENS,
                         release: str = "opus-2021-02-22", seed: int = 7) -> MarianCheckpoint:
    """Write an unpacked release: decoder.yml, *.npz, *.vocab.yml, source/target.spm, docs."""
    directory.mkdir(parents=True, exist_ok=True)
    train_sentencepiece(source_lines, directory / "source.spm")
    train_sentencepiece(target_lines, directory / "target.spm")
    pieces = list(dict.fromkeys(_sentencepiece_pieces(directory / "source.spm")
                                + _sentencepiece_pieces(directory / "target.spm")))
    vocab = ["</s>", "<unk>", *language_tokens, *pieces]
    vocab_file = f"{release}.spm32k-spm32k.vocab.yml"
    model_file = f"{release}.spm32k-spm32k.transformer.model1.npz.best-perplexity.npz"
    write_vocab_yaml(vocab, directory / vocab_file)
    loud = tuple(range(2, 2 + len(language_tokens)))       # their ids: right after </s> and <unk>
    np.savez(directory / model_file, **marian_weights(len(vocab), seed=seed, loud_ids=loud))
    (directory / "decoder.yml").write_text(
        f"models:\n  - {model_file}\nvocabs:\n  - {vocab_file}\n  - {vocab_file}\n"
        "beam-size: 6\nnormalize: 0.6\nword-penalty: 0\nmini-batch: 16\nmaxi-batch: 100\n"
        "maxi-batch-sort: src\nrelative-paths: true\n", encoding="utf-8")
    labels = " ".join(language_tokens) or "(none)"
    (directory / "README.md").write_text(
        f"# {release}.zip\n\n* dataset: opus\n* model: transformer\n"
        f"* pre-processing: normalization + SentencePiece (spm32k,spm32k)\n"
        f"* valid language labels: {labels}\n\n"
        "Synthetic checkpoint with random weights, generated by the audarma tests.\n",
        encoding="utf-8")
    (directory / "LICENSE").write_text("Apache License, Version 2.0 (test fixture)\n",
                                       encoding="utf-8")
    files = sorted(path.name for path in directory.iterdir())
    return MarianCheckpoint(directory, model_file, vocab_file, tuple(language_tokens), files)


def zip_release(checkpoint: MarianCheckpoint, zip_path: Path, *,
                omit: tuple[str, ...] = ()) -> Path:
    """Zip the files flat at the root, as the released opus-*.zip files are."""
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in checkpoint.files:
            if name not in omit:
                archive.write(checkpoint.directory / name, arcname=name)
    return zip_path


# --------------------------------------------------------------------------- Hugging Face copy
# How transformers' convert_marian_to_pytorch.py renames a Marian layer's parameters
# (BART_CONVERTER there), written out here independently of service/engine/hf_marian.py
# so a wrong name or a missing transpose on either side makes the comparison tests fail.
HF_LAYER_NAMES = {
    "self_Wq": "self_attn.q_proj.weight", "self_Wk": "self_attn.k_proj.weight",
    "self_Wv": "self_attn.v_proj.weight", "self_Wo": "self_attn.out_proj.weight",
    "self_bq": "self_attn.q_proj.bias", "self_bk": "self_attn.k_proj.bias",
    "self_bv": "self_attn.v_proj.bias", "self_bo": "self_attn.out_proj.bias",
    "self_Wo_ln_scale": "self_attn_layer_norm.weight",
    "self_Wo_ln_bias": "self_attn_layer_norm.bias",
    "ffn_W1": "fc1.weight", "ffn_b1": "fc1.bias", "ffn_W2": "fc2.weight", "ffn_b2": "fc2.bias",
    "ffn_ffn_ln_scale": "final_layer_norm.weight", "ffn_ffn_ln_bias": "final_layer_norm.bias",
    "context_Wk": "encoder_attn.k_proj.weight", "context_Wo": "encoder_attn.out_proj.weight",
    "context_Wq": "encoder_attn.q_proj.weight", "context_Wv": "encoder_attn.v_proj.weight",
    "context_bk": "encoder_attn.k_proj.bias", "context_bo": "encoder_attn.out_proj.bias",
    "context_bq": "encoder_attn.q_proj.bias", "context_bv": "encoder_attn.v_proj.bias",
    "context_Wo_ln_scale": "encoder_attn_layer_norm.weight",
    "context_Wo_ln_bias": "encoder_attn_layer_norm.bias",
}


def sinusoidal_table(positions: int, dim: int) -> np.ndarray:
    """transformers' MarianSinusoidalPositionalEmbedding: sines in the first half."""
    angles = np.arange(positions)[:, None] / np.power(10000, 2 * (np.arange(dim) // 2) / dim)
    table = np.zeros((positions, dim), np.float32)
    table[:, : dim // 2] = np.sin(angles[:, 0::2])
    table[:, dim // 2:] = np.cos(angles[:, 1::2])
    return table


def huggingface_tensors(marian: dict[str, np.ndarray], *,
                        extra_embedding_copies: tuple[str, ...] = (),
                        positions: bool = False) -> dict[str, np.ndarray]:
    """The Marian arrays as transformers stores them: transposed, squeezed, <pad> appended."""
    tensors: dict[str, np.ndarray] = {}
    for name, array in marian.items():
        side, _, rest = name.partition("_l")
        if side not in ("encoder", "decoder") or not rest[:1].isdigit():
            continue
        layer, _, suffix = rest.partition("_")
        tensors[f"model.{side}.layers.{int(layer) - 1}.{HF_LAYER_NAMES[suffix]}"] = \
            np.ascontiguousarray(array.T).squeeze()
    dim = marian["Wemb"].shape[1]
    embedding = np.concatenate([marian["Wemb"], np.zeros((1, dim), np.float32)])
    tensors["model.shared.weight"] = embedding
    for copy in extra_embedding_copies:
        tensors[copy] = embedding.copy()
    tensors["final_logits_bias"] = np.concatenate(
        [marian["decoder_ff_logit_out_b"], np.zeros((1, 1), np.float32)], axis=1)
    if positions:
        for side in ("encoder", "decoder"):
            tensors[f"model.{side}.embed_positions.weight"] = sinusoidal_table(512, dim)
    return tensors


def huggingface_config(vocab_size: int, *, dim: int = 32, ffn: int = 64, heads: int = 2,
                       depth: int = 1) -> dict:
    """config.json as MarianConfig writes it for an OPUS-MT model (vocab includes <pad>)."""
    return {
        "architectures": ["MarianMTModel"], "model_type": "marian",
        "activation_function": "swish", "d_model": dim, "vocab_size": vocab_size,
        "decoder_vocab_size": vocab_size, "encoder_layers": depth, "decoder_layers": depth,
        "encoder_attention_heads": heads, "decoder_attention_heads": heads,
        "encoder_ffn_dim": ffn, "decoder_ffn_dim": ffn, "max_position_embeddings": 512,
        "pad_token_id": vocab_size - 1, "decoder_start_token_id": vocab_size - 1,
        "eos_token_id": 0, "bos_token_id": 0, "forced_eos_token_id": 0,
        "scale_embedding": True, "normalize_before": False, "normalize_embedding": False,
        "static_position_embeddings": True, "share_encoder_decoder_embeddings": True,
        "tie_word_embeddings": True, "bad_words_ids": [[vocab_size - 1]], "num_beams": 6,
        "torch_dtype": "float16", "transformers_version": "4.40.0",
    }


def write_huggingface_folder(checkpoint: MarianCheckpoint, directory: Path, *,
                             dtype: type = np.float32, **tensor_options) -> Path:
    """The checkpoint as a Hugging Face Marian folder with the very same weights."""
    from ctranslate2.converters.marian import load_vocab
    from safetensors.numpy import save_file

    directory.mkdir(parents=True, exist_ok=True)
    marian = dict(np.load(checkpoint.directory / checkpoint.model_file))
    tensors = huggingface_tensors(marian, **tensor_options)
    save_file({name: array.astype(dtype) for name, array in tensors.items()},
              str(directory / "model.safetensors"))
    tokens = load_vocab(str(checkpoint.directory / checkpoint.vocab_file)) + ["<pad>"]
    (directory / "vocab.json").write_text(
        json.dumps({token: index for index, token in enumerate(tokens)}, ensure_ascii=False),
        encoding="utf-8")
    (directory / "config.json").write_text(json.dumps(huggingface_config(len(tokens))),
                                           encoding="utf-8")
    (directory / "tokenizer_config.json").write_text(json.dumps(
        {"source_lang": "eng", "target_lang": "trk", "separate_vocabs": False}),
        encoding="utf-8")
    for name in ("source.spm", "target.spm", "README.md", "LICENSE"):
        (directory / name).write_bytes((checkpoint.directory / name).read_bytes())
    return directory


def round_weights_to_float16(checkpoint: MarianCheckpoint) -> None:
    """Make the release hold what a float16 Hugging Face copy can represent, no more."""
    path = checkpoint.directory / checkpoint.model_file
    arrays = dict(np.load(path))
    for name, array in arrays.items():
        if array.dtype == np.float32:
            arrays[name] = array.astype(np.float16).astype(np.float32)
    np.savez(path, **arrays)

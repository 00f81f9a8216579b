"""Turn a Hugging Face Marian folder back into a Marian checkpoint, without torch.

Hugging Face's copies of the OPUS-MT / Tatoeba-MT models (``Helsinki-NLP/opus-mt-*``) are
the original Marian weights renamed by transformers' ``convert_marian_to_pytorch.py``:
every matrix transposed, every bias and layer-norm vector squeezed, a zero ``<pad>`` row
appended to the embeddings and a zero to ``final_logits_bias``. Undoing that with numpy
lets the build hand the result to the same CTranslate2 ``MarianConverter`` the release zip
uses, so a user with only ``model.safetensors`` needs neither transformers nor torch
(a multi-gigabyte install) to build a package. The checks here exist because a renamed or
mis-shaped tensor would otherwise surface as a cryptic converter error or, worse, a model
that converts and translates nonsense.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from service.errors import InvalidInput

SAFETENSORS_NAME = "model.safetensors"
PAD_TOKEN = "<pad>"
# Marian's name for a layer parameter (after ``encoder_lN_`` / ``decoder_lN_``) and the
# name transformers gives it (after ``model.encoder.layers.{N-1}.``).
_SELF_ATTENTION = {
    "self_Wq": "self_attn.q_proj.weight", "self_bq": "self_attn.q_proj.bias",
    "self_Wk": "self_attn.k_proj.weight", "self_bk": "self_attn.k_proj.bias",
    "self_Wv": "self_attn.v_proj.weight", "self_bv": "self_attn.v_proj.bias",
    "self_Wo": "self_attn.out_proj.weight", "self_bo": "self_attn.out_proj.bias",
    "self_Wo_ln_scale": "self_attn_layer_norm.weight",
    "self_Wo_ln_bias": "self_attn_layer_norm.bias",
}
_FFN = {
    "ffn_W1": "fc1.weight", "ffn_b1": "fc1.bias",
    "ffn_W2": "fc2.weight", "ffn_b2": "fc2.bias",
    "ffn_ffn_ln_scale": "final_layer_norm.weight", "ffn_ffn_ln_bias": "final_layer_norm.bias",
}
_CROSS_ATTENTION = {
    "context_Wq": "encoder_attn.q_proj.weight", "context_bq": "encoder_attn.q_proj.bias",
    "context_Wk": "encoder_attn.k_proj.weight", "context_bk": "encoder_attn.k_proj.bias",
    "context_Wv": "encoder_attn.v_proj.weight", "context_bv": "encoder_attn.v_proj.bias",
    "context_Wo": "encoder_attn.out_proj.weight", "context_bo": "encoder_attn.out_proj.bias",
    "context_Wo_ln_scale": "encoder_attn_layer_norm.weight",
    "context_Wo_ln_bias": "encoder_attn_layer_norm.bias",
}
ENCODER_LAYER = {**_SELF_ATTENTION, **_FFN}
DECODER_LAYER = {**_SELF_ATTENTION, **_CROSS_ATTENTION, **_FFN}
# All copies of the one shared embedding; safetensors files keep one or several of them.
EMBEDDING_NAMES = ("model.shared.weight", "model.encoder.embed_tokens.weight",
                   "model.decoder.embed_tokens.weight", "lm_head.weight")
OUTPUT_BIAS = "final_logits_bias"
# Sinusoidal tables that transformers recomputes; the converter makes the same table.
_IGNORED = re.compile(r"model\.(encoder|decoder)\.embed_positions\.weight")
ACTIVATIONS = {"swish": "swish", "silu": "swish", "relu": "relu", "gelu": "gelu"}


def torch_free_obstacle(root: Path, config: dict) -> str | None:
    """Why this folder needs transformers, or None when numpy alone can convert it."""
    if not (root / SAFETENSORS_NAME).is_file():
        return "it has pytorch_model.bin but no model.safetensors"
    tokenizer = read_json_object(root / "tokenizer_config.json") \
        if (root / "tokenizer_config.json").is_file() else {}
    if config.get("share_encoder_decoder_embeddings") is False \
            or tokenizer.get("separate_vocabs") or (root / "target_vocab.json").is_file():
        return "its source and target vocabularies are separate"
    return None


def write_marian_checkpoint(root: Path, config: dict, destination: Path) -> tuple[Path, Path]:
    """Write ``model.npz`` and ``vocab.yml`` under Marian's names; returns both paths."""
    label = f"{root.name}/{SAFETENSORS_NAME}"
    tokens = vocabulary_tokens(read_json_object(root / "vocab.json"), root.name)
    tensors = _load_safetensors(root / SAFETENSORS_NAME, label)
    dims = _dimensions(config, root.name)
    embedding, bias = _embedding_and_bias(tensors, len(tokens), dims["d_model"], label)
    if tokens[-1] == PAD_TOKEN:
        # transformers appended <pad> (zero row, zero bias); Marian never had it.
        tokens, embedding, bias = tokens[:-1], embedding[:-1], bias[:, :-1]
    arrays = {"Wemb": embedding, "decoder_ff_logit_out_b": bias}
    arrays.update(_layers(tensors, "encoder", dims["encoder_layers"], ENCODER_LAYER, dims, label))
    arrays.update(_layers(tensors, "decoder", dims["decoder_layers"], DECODER_LAYER, dims, label))
    _refuse_unused(tensors, label)
    arrays["special:model.yml"] = _marian_config(config, dims, len(tokens))
    destination.mkdir(parents=True, exist_ok=True)
    npz, vocab = destination / "model.npz", destination / "vocab.yml"
    np.savez(npz, **arrays)
    _write_vocab_yaml(tokens, vocab)
    return npz, vocab


# --------------------------------------------------------------------------- inputs

def read_json_object(path: Path) -> dict:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path.parent.name}/{path.name} is not valid JSON: {exc}",
                           field="source") from exc
    if not isinstance(value, dict):
        raise InvalidInput(f"{path.parent.name}/{path.name} must hold a JSON object",
                           field="source")
    return value


def vocabulary_tokens(vocab: dict, folder: str) -> list[str]:
    """Tokens in id order; ids must be 0..N-1 or rows and tokens would not line up."""
    ids = sorted(vocab.values()) if all(isinstance(i, int) for i in vocab.values()) else None
    if not vocab or ids != list(range(len(vocab))):
        raise InvalidInput(f"{folder}/vocab.json must map {len(vocab)} tokens to the ids "
                           f"0..{len(vocab) - 1}, each once", field="source")
    return [token for token, _ in sorted(vocab.items(), key=lambda item: item[1])]


def _load_safetensors(path: Path, label: str) -> dict[str, np.ndarray]:
    try:
        from safetensors import SafetensorError
        from safetensors.numpy import load_file
    except ImportError as exc:
        raise InvalidInput("reading model.safetensors needs the 'safetensors' package; run: "
                           "pip install safetensors", field="source") from exc
    try:
        tensors = load_file(str(path))
    except (SafetensorError, OSError, ValueError, TypeError) as exc:
        raise InvalidInput(f"{label} is not a readable safetensors file (bfloat16 weights "
                           f"cannot be read without torch): {exc}", field="source") from exc
    # Marian checkpoints are float32; the published HF copies are float16.
    return {name: array.astype(np.float32) for name, array in tensors.items()}


def _dimensions(config: dict, folder: str) -> dict[str, int]:
    names = ("d_model", "encoder_layers", "decoder_layers", "encoder_attention_heads",
             "decoder_attention_heads", "encoder_ffn_dim", "decoder_ffn_dim")
    dims = {}
    for name in names:
        value = config.get(name)
        if not isinstance(value, int) or value <= 0:
            raise InvalidInput(f"{folder}/config.json: {name} is {value!r}; a Marian config "
                               "needs a positive integer", field="source")
        dims[name] = value
    if dims["encoder_attention_heads"] != dims["decoder_attention_heads"]:
        raise InvalidInput(f"{folder}/config.json: encoder_attention_heads "
                           f"{dims['encoder_attention_heads']} differs from "
                           f"decoder_attention_heads {dims['decoder_attention_heads']}; Marian "
                           "uses one head count", field="source")
    return dims


# --------------------------------------------------------------------------- tensors

def _take(tensors: dict[str, np.ndarray], name: str, shape: tuple[int, ...], label: str,
          why: str) -> np.ndarray:
    if name not in tensors:
        raise InvalidInput(f"{label} lacks the tensor {name} (expected shape {shape}, "
                           f"{why})", field="source")
    array = tensors.pop(name)
    if array.shape != shape:
        raise InvalidInput(f"{label}: {name} has shape {tuple(array.shape)}, expected {shape} "
                           f"({why})", field="source")
    return array


def _embedding_and_bias(tensors: dict[str, np.ndarray], vocab_size: int, d_model: int,
                        label: str) -> tuple[np.ndarray, np.ndarray]:
    present = [name for name in EMBEDDING_NAMES if name in tensors]
    if not present:
        raise InvalidInput(f"{label} has no embedding matrix (none of "
                           f"{', '.join(EMBEDDING_NAMES)})", field="source")
    why = f"vocab.json has {vocab_size} tokens, config.json d_model is {d_model}"
    embedding = _take(tensors, present[0], (vocab_size, d_model), label, why)
    for copy in present[1:]:
        if not np.array_equal(_take(tensors, copy, (vocab_size, d_model), label, why),
                              embedding):
            raise InvalidInput(f"{label}: {copy} differs from {present[0]}; only models with "
                               "one shared embedding (tied-embeddings-all, as OPUS-MT "
                               "models are) convert without transformers", field="source")
    if OUTPUT_BIAS in tensors:
        bias = _take(tensors, OUTPUT_BIAS, (1, vocab_size), label, why)
    else:
        bias = np.zeros((1, vocab_size), np.float32)
    return embedding, bias


def _layers(tensors: dict[str, np.ndarray], side: str, count: int, names: dict[str, str],
            dims: dict[str, int], label: str) -> dict[str, np.ndarray]:
    arrays = {}
    d_model, ffn = dims["d_model"], dims[f"{side}_ffn_dim"]
    for index in range(count):
        for marian, hf in names.items():
            hf_name = f"model.{side}.layers.{index}.{hf}"
            shape = _hf_shape(hf, d_model, ffn)
            why = f"config.json d_model {d_model}, {side}_ffn_dim {ffn}"
            array = _take(tensors, hf_name, shape, label, why)
            # Marian stores matrices as (in, out) and vectors as (1, n).
            arrays[f"{side}_l{index + 1}_{marian}"] = \
                array.T.copy() if array.ndim == 2 else array[np.newaxis, :]
    return arrays


def _hf_shape(hf_name: str, d_model: int, ffn: int) -> tuple[int, ...]:
    if hf_name == "fc1.weight":
        return (ffn, d_model)
    if hf_name == "fc2.weight":
        return (d_model, ffn)
    if hf_name == "fc1.bias":
        return (ffn,)
    return (d_model, d_model) if hf_name.endswith("proj.weight") else (d_model,)


def _refuse_unused(tensors: dict[str, np.ndarray], label: str) -> None:
    """A tensor nobody reads means the config and weights disagree (e.g. layer counts)."""
    unused = sorted(name for name in tensors if not _IGNORED.fullmatch(name))
    if unused:
        shown = ", ".join(unused[:6]) + (f" … ({len(unused) - 6} more)" if len(unused) > 6
                                         else "")
        raise InvalidInput(f"{label} has tensors config.json does not account for: {shown}; "
                           "check encoder_layers / decoder_layers", field="source")


# --------------------------------------------------------------------------- Marian files

def _marian_config(config: dict, dims: dict[str, int], vocab_size: int) -> np.ndarray:
    """``special:model.yml`` as the converter reads it: YAML bytes ending in NUL."""
    activation = config.get("activation_function", "swish")
    if activation not in ACTIVATIONS:
        raise InvalidInput(f"config.json activation_function {activation!r} is not one Marian "
                           f"has; expected one of: {', '.join(ACTIVATIONS)}", field="source")
    if config.get("scale_embedding", True) is not True:
        raise InvalidInput("config.json scale_embedding is false; Marian models always scale "
                           "embeddings, so this is not a Marian checkpoint", field="source")
    lines = [
        "type: transformer",
        f"dim-vocabs: [{vocab_size}, {vocab_size}]",
        f"dim-emb: {dims['d_model']}",
        f"enc-depth: {dims['encoder_layers']}",
        f"dec-depth: {dims['decoder_layers']}",
        "tied-embeddings-all: true",
        f"transformer-heads: {dims['encoder_attention_heads']}",
        f"transformer-dim-ffn: {dims['encoder_ffn_dim']}",
        f"transformer-ffn-activation: {ACTIVATIONS[activation]}",
        # transformers' Marian layers are post-norm with no embedding layer norm.
        'transformer-preprocess: ""',
        "transformer-postprocess: dan",
        "transformer-postprocess-emb: d",
        "transformer-decoder-autoreg: self-attention",
        "transformer-no-projection: false",
        "transformer-guided-alignment-layer: last",
        "",
    ]
    return np.frombuffer("\n".join(lines).encode("utf-8") + b"\0", dtype=np.int8).copy()


def _write_vocab_yaml(tokens: list[str], path: Path) -> None:
    """Marian's YAML vocabulary, re-read with the converter's own parser to prove it."""
    from ctranslate2.converters.marian import load_vocab

    lines = []
    for index, token in enumerate(tokens):
        escaped = token.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'"{escaped}": {index}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reread = load_vocab(str(path))
    if reread != tokens:
        bad = next((t for t, r in zip(tokens, reread) if t != r), tokens[-1])
        raise InvalidInput(f"vocab.json token {bad!r} cannot be written as a Marian "
                           "vocabulary entry", field="source")

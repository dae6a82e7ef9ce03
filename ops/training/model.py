"""Decoder-only transformer with an explicit per-layer KV cache.

The same forward serves training (empty past) and the exported ONNX graph (any past length),
so the graph the C# sampler runs is exactly the module that was trained and evaluated.
Everything is written with plain ops that trace to ONNX opset 17 without constant shapes:
positions and the causal mask are derived from the runtime shape of the past keys.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import List, Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class Config:
    vocab_size: int
    d_model: int = 192
    n_layers: int = 4
    n_heads: int = 4
    d_ff: int = 768
    dropout: float = 0.1
    max_positions: int = 1024

    @property
    def head_dim(self) -> int:
        return self.d_model // self.n_heads

    def to_dict(self) -> dict:
        return asdict(self)


class Block(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        self.h, self.dh = cfg.n_heads, cfg.head_dim
        self.ln1 = nn.LayerNorm(cfg.d_model)
        self.qkv = nn.Linear(cfg.d_model, 3 * cfg.d_model)
        self.proj = nn.Linear(cfg.d_model, cfg.d_model)
        self.ln2 = nn.LayerNorm(cfg.d_model)
        self.ff1 = nn.Linear(cfg.d_model, cfg.d_ff)
        self.ff2 = nn.Linear(cfg.d_ff, cfg.d_model)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x, past_k, past_v, mask_bias):
        b, s, d = x.shape
        qkv = self.qkv(self.ln1(x))
        q, k, v = qkv.split(d, dim=2)
        # [b, s, d] -> [b, h, s, dh]; reshape uses -1 for batch/seq so no shape is baked in.
        q = q.reshape(b, s, self.h, self.dh).transpose(1, 2)
        k = k.reshape(b, s, self.h, self.dh).transpose(1, 2)
        v = v.reshape(b, s, self.h, self.dh).transpose(1, 2)
        if past_k is not None:  # training passes None to skip two full-size copies per layer
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        att = torch.matmul(q, k.transpose(2, 3)) * (1.0 / math.sqrt(self.dh))
        att = att + mask_bias
        # No dropout on the attention probabilities: on CPU, sampling a [b, h, s, s] mask costs
        # more than it helps at this scale; residual and embedding dropout remain.
        att = torch.softmax(att, dim=-1)
        y = torch.matmul(att, v).transpose(1, 2).reshape(b, s, d)
        x = x + self.drop(self.proj(y))
        x = x + self.drop(self.ff2(F.gelu(self.ff1(self.ln2(x)))))
        return x, k, v


class Composer(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        self.cfg = cfg
        self.tok = nn.Embedding(cfg.vocab_size, cfg.d_model)
        self.pos = nn.Embedding(cfg.max_positions, cfg.d_model)
        self.drop = nn.Dropout(cfg.dropout)
        self.blocks = nn.ModuleList([Block(cfg) for _ in range(cfg.n_layers)])
        self.ln_f = nn.LayerNorm(cfg.d_model)
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)

    def empty_past(self, batch: int) -> List[Tuple[torch.Tensor, torch.Tensor]]:
        z = torch.zeros(batch, self.cfg.n_heads, 0, self.cfg.head_dim)
        return [(z, z) for _ in range(self.cfg.n_layers)]

    def forward(self, input_ids: torch.Tensor,
                past: Optional[List[Tuple[torch.Tensor, torch.Tensor]]] = None):
        b, s = input_ids.shape
        if past is None:
            past = [(None, None)] * self.cfg.n_layers
            past_len = 0
        else:
            past_len = past[0][0].shape[2]
        q_pos = torch.arange(s, dtype=torch.long, device=input_ids.device) + past_len
        k_pos = torch.arange(s + past_len, dtype=torch.long, device=input_ids.device)
        # Query t (absolute past_len+t) sees keys 0..past_len+t; one [s, past+s] mask shared by
        # every row keeps rows independent.
        allowed = k_pos.unsqueeze(0) <= q_pos.unsqueeze(1)
        mask_bias = torch.where(allowed, torch.zeros((), dtype=torch.float32),
                                torch.full((), -1e9, dtype=torch.float32))
        x = self.drop(self.tok(input_ids) + self.pos(q_pos).unsqueeze(0))
        presents = []
        for blk, (pk, pv) in zip(self.blocks, past):
            x, k, v = blk(x, pk, pv, mask_bias)
            presents.append((k, v))
        x = self.ln_f(x)
        logits = torch.matmul(x, self.tok.weight.t())  # tied input/output embeddings
        return logits, presents


class OnnxWrapper(nn.Module):
    """Flat tensor signature for torch.onnx.export: input_ids, past_key_0, past_value_0, ..."""

    def __init__(self, model: Composer):
        super().__init__()
        self.model = model

    def forward(self, input_ids, *past_flat):
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(len(past_flat) // 2)]
        logits, presents = self.model(input_ids, past)
        out = [logits]
        for k, v in presents:
            out += [k, v]
        return tuple(out)


def count_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())

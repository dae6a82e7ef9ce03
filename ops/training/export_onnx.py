"""ONNX export (opset 17, TorchScript exporter) with a per-layer KV cache, plus its checks.

Can also be run on its own to re-export a saved checkpoint:
    /usr/bin/python3 ops/training/export_onnx.py --ckpt best.pt --out DIR
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import List

import numpy as np
import onnx
import torch

from model import Composer, Config, OnnxWrapper

OPSET = 17


def io_names(n_layers: int):
    inputs = ["input_ids"]
    outputs = ["logits"]
    for i in range(n_layers):
        inputs += [f"past_key_{i}", f"past_value_{i}"]
        outputs += [f"present_key_{i}", f"present_value_{i}"]
    return inputs, outputs


def export(model: Composer, path: str) -> None:
    model.eval()
    cfg = model.cfg
    wrapper = OnnxWrapper(model).eval()
    # Traced with past_seq >= 1 and batch/seq > 1 so no dimension is specialised to 0 or 1.
    b, s, p = 2, 3, 2
    ids = torch.randint(3, cfg.vocab_size, (b, s), dtype=torch.long)
    past = []
    for _ in range(cfg.n_layers):
        past += [torch.randn(b, cfg.n_heads, p, cfg.head_dim), torch.randn(b, cfg.n_heads, p, cfg.head_dim)]
    inputs, outputs = io_names(cfg.n_layers)
    dyn = {"input_ids": {0: "batch", 1: "seq"}, "logits": {0: "batch", 1: "seq"}}
    for i in range(cfg.n_layers):
        for n in (f"past_key_{i}", f"past_value_{i}"):
            dyn[n] = {0: "batch", 2: "past_seq"}
        for n in (f"present_key_{i}", f"present_value_{i}"):
            dyn[n] = {0: "batch", 2: "total_seq"}
    with torch.no_grad():
        torch.onnx.export(wrapper, (ids, *past), path, input_names=inputs, output_names=outputs,
                          dynamic_axes=dyn, opset_version=OPSET, do_constant_folding=True)


def _run_incremental(model: Composer, ids: torch.Tensor, prefill: int) -> torch.Tensor:
    logits, past = model(ids[:, :prefill], model.empty_past(ids.shape[0]))
    outs = [logits]
    for t in range(prefill, ids.shape[1]):
        lg, past = model(ids[:, t:t + 1], past)
        outs.append(lg)
    return torch.cat(outs, dim=1)


def verify(model: Composer, path: str, samples: List[List[int]], tol: float = 1e-4, log=print) -> bool:
    """Checks the graph, its I/O signature, and that cached decoding equals the full forward."""
    ok = True
    model.eval()
    m = onnx.load(path)
    onnx.checker.check_model(m)
    inputs, outputs = io_names(model.cfg.n_layers)
    got_in = [i.name for i in m.graph.input]
    got_out = [o.name for o in m.graph.output]
    if got_in != inputs or got_out != outputs:
        log(f"FAIL: io names {got_in} -> {got_out}")
        ok = False
    for vi in list(m.graph.input) + list(m.graph.output):
        dims = [d.dim_param or d.dim_value for d in vi.type.tensor_type.shape.dim]
        if dims[0] != "batch":
            log(f"FAIL: {vi.name} batch axis not dynamic: {dims}")
            ok = False
        if vi.name.startswith("past_") and dims[2] != "past_seq":
            log(f"FAIL: {vi.name} past axis not dynamic: {dims}")
            ok = False
    if m.opset_import[0].version != OPSET:
        log(f"FAIL: opset {m.opset_import[0].version}")
        ok = False

    with torch.no_grad():
        L = min(len(s) for s in samples)
        ids = torch.tensor([s[:L] for s in samples], dtype=torch.long)
        full, _ = model(ids)
        inc = _run_incremental(model, ids, prefill=4)
        d1 = (full - inc).abs().max().item()
        log(f"  KV cache check: max |full - (prefill 4 + 1-token steps)| = {d1:.2e}")
        inc1 = _run_incremental(model, ids, prefill=1)
        d2 = (full - inc1).abs().max().item()
        log(f"  KV cache check: max |full - (1-token steps from empty past)| = {d2:.2e}")
        # Rows must not influence each other: batch result == each row alone.
        solo = torch.cat([model(ids[i:i + 1])[0] for i in range(ids.shape[0])], dim=0)
        d3 = (full - solo).abs().max().item()
        log(f"  batch independence: max |batched - per-row| = {d3:.2e}")
        if max(d1, d2, d3) > tol:
            log("FAIL: cached/batched decoding differs from the full forward")
            ok = False

    try:  # ONNX Runtime is not a training dependency; use it when it happens to be installed.
        import onnxruntime as ort  # type: ignore
        sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        feed = {"input_ids": ids.numpy()}
        for i in range(model.cfg.n_layers):
            z = np.zeros((ids.shape[0], model.cfg.n_heads, 0, model.cfg.head_dim), np.float32)
            feed[f"past_key_{i}"] = z
            feed[f"past_value_{i}"] = z
        lo = sess.run(["logits"], feed)[0]
        d4 = float(np.abs(lo - full.numpy()).max())
        log(f"  onnxruntime (empty past) vs torch: {d4:.2e}")
        ok = ok and d4 < 1e-3
    except ImportError:
        log("  onnxruntime not installed; graph checked with onnx.checker only")
    return ok


def load_checkpoint(path: str) -> Composer:
    ck = torch.load(path, map_location="cpu")
    model = Composer(Config(**ck["config"]))
    model.load_state_dict(ck["state_dict"])
    return model.eval()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    model = load_checkpoint(a.ckpt)
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, "model.onnx")
    export(model, path)
    rng = np.random.default_rng(0)
    samples = rng.integers(3, model.cfg.vocab_size, size=(2, 24)).tolist()
    return 0 if verify(model, path, samples) else 1


if __name__ == "__main__":
    sys.exit(main())

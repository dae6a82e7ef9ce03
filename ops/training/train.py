"""Trains mureka-compose-1 end to end: parse corpora, n-gram baseline, transformer, ONNX, card.

    /usr/bin/python3 ops/training/train.py --out src/Mureka.Engine/Models/mureka-compose-1 --minutes 25
    /usr/bin/python3 ops/training/train.py --smoke --out /tmp/smoke      # CI, < 2 minutes

Exit code is non-zero when parsing yields nothing, the export check fails, or (full run only) the
transformer does not beat the n-gram baseline.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import shlex
import sys
import time
from typing import List

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
REPO = os.path.dirname(os.path.dirname(HERE))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import abc_parser  # noqa: E402
import export_onnx  # noqa: E402
import leadsheet as ls  # noqa: E402
import model_card  # noqa: E402
import musicxml_parser  # noqa: E402
from model import Composer, Config, count_params  # noqa: E402
from ngram_baseline import best_ngram  # noqa: E402


def log(*a):
    print(*a, flush=True)


def load_corpus(data: str, smoke: bool):
    stats = {}
    raw_n, fail_n = abc_parser.load_nottingham(data, limit_files=1 if smoke else None)
    raw_e, fail_e = musicxml_parser.load_openewld(data, limit=12 if smoke else None)
    pieces = []
    for name, raw, failed in (("nottingham", raw_n, fail_n), ("openewld", raw_e, fail_e)):
        kept = [p for p in (ls.quantise(r) for r in raw) if p is not None]
        unsupported = len(raw) - len(kept)
        stats[name] = {"parsed": len(raw), "parse_failed": failed, "skipped_metre_or_empty": unsupported,
                       "kept": len(kept), "bars": sum(len(p.bars) for p in kept)}
        log(f"{name}: parsed {len(raw)}, failed to parse {failed}, skipped (unsupported metre or "
            f"< 2 bars) {unsupported}, kept {len(kept)} pieces / {stats[name]['bars']} bars")
        pieces += kept
    return pieces, stats


def batches(wins: List[List[int]], max_tokens: int, shuffle: bool, rng: random.Random):
    """Length-bucketed batches so padding stays small; token budget bounds memory and step time."""
    order = sorted(range(len(wins)), key=lambda i: len(wins[i]))
    out, cur, cur_max = [], [], 0
    for i in order:
        L = len(wins[i])
        if cur and max(cur_max, L) * (len(cur) + 1) > max_tokens:
            out.append(cur)
            cur, cur_max = [], 0
        cur.append(i)
        cur_max = max(cur_max, L)
    if cur:
        out.append(cur)
    if shuffle:
        rng.shuffle(out)
    return out


def to_tensor(seqs: List[List[int]]) -> torch.Tensor:
    L = max(len(s) for s in seqs)
    return torch.tensor([s + [ls.PAD] * (L - len(s)) for s in seqs], dtype=torch.long)


def loss_on(model: Composer, ids: torch.Tensor):
    """Sum of next-token NLL over targets at positions >= PREFIX_LEN that are not pad."""
    logits, _ = model(ids[:, :-1])
    tgt = ids[:, 1:].clone()
    tgt[:, : ls.PREFIX_LEN - 1] = ls.PAD  # the prefix tokens are conditioning, not predictions
    nll = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1),
                          ignore_index=ls.PAD, reduction="sum")
    return nll, int((tgt != ls.PAD).sum())


@torch.no_grad()
def evaluate(model: Composer, wins, max_tokens: int) -> float:
    model.eval()
    tot, cnt = 0.0, 0
    for b in batches(wins, max_tokens, False, random.Random(0)):
        nll, n = loss_on(model, to_tensor([wins[i] for i in b]))
        tot += float(nll)
        cnt += n
    model.train()
    return tot / max(cnt, 1)


def augment(seq: List[int], rng: random.Random) -> List[int]:
    if rng.random() < 0.5:
        shifted = ls.shift_octave(seq, rng.choice((-12, 12)))
        if shifted is not None:
            return shifted
    return seq


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.normpath(os.path.join(REPO, "..", "shared", "datasets")),
                    help="corpus root (default: ../shared/datasets relative to the repository)")
    ap.add_argument("--out", required=True, help="directory for model.onnx, vocab.json, model.json, ...")
    ap.add_argument("--minutes", type=float, default=25.0, help="wall-clock training budget")
    ap.add_argument("--smoke", action="store_true", help="tiny model, few steps, small subset (CI)")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch-tokens", type=int, default=6144)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--work", default=os.path.join("/tmp", "mureka-compose-1-train"),
                    help="where checkpoints go (never inside the model directory)")
    args = ap.parse_args()

    t_start = time.time()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    os.makedirs(args.work, exist_ok=True)

    if not os.path.isdir(args.data):
        log(f"corpus directory not found: {args.data}")
        return 2
    pieces, stats = load_corpus(args.data, args.smoke)
    if not pieces:
        log("no pieces parsed")
        return 2
    train_p = [p for p in pieces if not ls.is_heldout(p)]
    held_p = [p for p in pieces if ls.is_heldout(p)]
    if not held_p or not train_p:  # tiny subsets can hash to one side
        held_p, train_p = pieces[:max(1, len(pieces) // 10)], pieces[max(1, len(pieces) // 10):]
    train_w = [w for p in train_p for w in ls.windows(p, stride=8)]
    # Held-out windows do not overlap, so every held-out bar is scored exactly once.
    held_w = [w for p in held_p for w in ls.windows(p, stride=16)]
    n_train_tok = sum(len(w) for w in train_w)
    n_held_tgt = sum(len(w) - ls.PREFIX_LEN for w in held_w)
    corpus_tokens = sum(len(ls.prefix_tokens(p)) + sum(len(ls.bar_tokens(b)) for b in p.bars) + 1 for p in pieces)
    log(f"pieces: {len(train_p)} train / {len(held_p)} held-out; windows {len(train_w)} / {len(held_w)}; "
        f"train window tokens {n_train_tok}; held-out target tokens {n_held_tgt}; corpus tokens {corpus_tokens}")

    # ---- n-gram baseline -------------------------------------------------------------------
    t0 = time.time()
    orders = (3,) if args.smoke else (3, 4, 5)
    ng_order, ng_loss, ng_all = best_ngram(train_w, held_w, len(ls.VOCAB), orders, log=log)
    log(f"n-gram baseline: best n={ng_order}, {ng_loss:.4f} nats/token ({time.time() - t0:.0f}s)")

    # ---- transformer -----------------------------------------------------------------------
    if args.smoke:
        cfg = Config(vocab_size=len(ls.VOCAB), d_model=64, n_layers=2, n_heads=2, d_ff=128)
    else:
        cfg = Config(vocab_size=len(ls.VOCAB))
    model = Composer(cfg)
    n_params = count_params(model)
    log(f"model: {n_params} parameters, {cfg.to_dict()}")
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.98))
    budget = 20.0 if args.smoke else args.minutes * 60.0
    max_steps = 25 if args.smoke else 10 ** 9
    warmup = 10 if args.smoke else 150
    # Each held-out pass costs ~1-2 % of the budget on 2 cores; a handful is enough to pick the best.
    eval_every = 1e9 if args.smoke else max(120.0, budget / 6)
    ckpt = os.path.join(args.work, "best.pt")
    best = (float("inf"), -1)
    step, seen_tokens = 0, 0
    t_train = time.time()
    last_eval = t_train
    done = False
    model.train()
    while not done:
        for b in batches(train_w, args.batch_tokens, True, rng):
            elapsed = time.time() - t_train
            if elapsed >= budget or step >= max_steps:
                done = True
                break
            # Cosine schedule over wall-clock time, since the budget is minutes, not steps.
            frac = min(1.0, elapsed / budget)
            lr = args.lr * min(1.0, (step + 1) / warmup) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac)))
            for g in opt.param_groups:
                g["lr"] = lr
            ids = to_tensor([augment(train_w[i], rng) for i in b])
            nll, n = loss_on(model, ids)
            loss = nll / max(n, 1)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            seen_tokens += n
            if step % 20 == 0:
                log(f"step {step} lr {lr:.2e} train {loss.item():.4f} ({time.time() - t_train:.0f}s, "
                    f"{seen_tokens / (time.time() - t_train):.0f} tok/s)")
            if time.time() - last_eval >= eval_every:
                hl = evaluate(model, held_w, args.batch_tokens)
                log(f"  eval step {step}: held-out {hl:.4f} nats/token (n-gram {ng_loss:.4f})")
                if hl < best[0]:
                    best = (hl, step)
                    torch.save({"config": cfg.to_dict(), "state_dict": model.state_dict()}, ckpt)
                last_eval = time.time()
    train_seconds = time.time() - t_train
    hl = evaluate(model, held_w, args.batch_tokens)
    log(f"final eval step {step}: held-out {hl:.4f} nats/token")
    if hl < best[0]:
        best = (hl, step)
        torch.save({"config": cfg.to_dict(), "state_dict": model.state_dict()}, ckpt)
    model = export_onnx.load_checkpoint(ckpt)
    held_loss = evaluate(model, held_w, args.batch_tokens)
    log(f"best checkpoint (step {best[1]}): held-out {held_loss:.4f} nats/token vs n-gram({ng_order}) {ng_loss:.4f}; "
        f"{step} steps, {seen_tokens} target tokens seen, {train_seconds / 60:.1f} min")

    # ---- export + artefacts ----------------------------------------------------------------
    onnx_path = os.path.join(args.out, "model.onnx")
    export_onnx.export(model, onnx_path)
    samples = [w[:40] for w in held_w if len(w) >= 40][:3] or [held_w[0]]
    ok = export_onnx.verify(model, onnx_path, samples, log=log)

    ls.write_vocab(os.path.join(args.out, "vocab.json"))
    ref_ids = held_w[0][:20]
    with torch.no_grad():
        last = model(torch.tensor([ref_ids], dtype=torch.long))[0][0, -1].tolist()
    with open(os.path.join(args.out, "reference.json"), "w", encoding="utf-8") as f:
        json.dump({"input_ids": ref_ids, "tokens": [ls.VOCAB[i] for i in ref_ids],
                   "last_logits": [float(x) for x in last]}, f)
        f.write("\n")
    meta = {"id": "mureka-compose-1", "version": "1.0.0", "layers": cfg.n_layers, "heads": cfg.n_heads,
            "head_dim": cfg.head_dim, "d_model": cfg.d_model, "vocab_size": cfg.vocab_size,
            "max_positions": cfg.max_positions, "trained_context": ls.MAX_WINDOW_TOKENS,
            "opset": export_onnx.OPSET, "parameters": n_params,
            "heldout_loss": round(held_loss, 4), "ngram_baseline_loss": round(ng_loss, 4),
            "ngram_order": ng_order}
    with open(os.path.join(args.out, "model.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    cmd = "/usr/bin/python3 ops/training/train.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    model_card.write(os.path.join(args.out, "MODEL_CARD.md"), meta=meta, cfg=cfg, stats=stats,
                     split={"train_pieces": len(train_p), "heldout_pieces": len(held_p),
                            "train_windows": len(train_w), "heldout_windows": len(held_w),
                            "train_window_tokens": n_train_tok, "heldout_target_tokens": n_held_tgt,
                            "corpus_tokens": corpus_tokens},
                     ngram_all=ng_all, train={"steps": step, "minutes": train_seconds / 60,
                                              "total_minutes": (time.time() - t_start) / 60,
                                              "best_step": best[1], "target_tokens_seen": seen_tokens,
                                              "batch_tokens": args.batch_tokens, "lr": args.lr,
                                              "threads": args.threads, "torch": torch.__version__,
                                              "cpu": platform.machine()},
                     command=cmd, smoke=args.smoke)
    log(f"wrote {args.out} in {(time.time() - t_start) / 60:.1f} min total")
    if not ok:
        log("FAIL: export verification")
        return 1
    if not args.smoke and held_loss >= ng_loss:
        log("FAIL: transformer does not beat the n-gram baseline")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

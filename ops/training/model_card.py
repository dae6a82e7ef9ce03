"""Writes MODEL_CARD.md from the numbers of an actual training run, so the card cannot drift."""
from __future__ import annotations

import re

import leadsheet as ls


def write(path, meta, cfg, stats, split, ngram_all, train, command, smoke):
    n = stats["nottingham"]
    e = stats["openewld"]
    ng = ", ".join(f"n={k}: {v:.4f}" for k, v in sorted(ngram_all.items()))
    lines = f"""# mureka-compose-1

{"**Smoke-test build (tiny model, few steps, corpus subset) — not for use.**" if smoke else ""}

A small decoder-only transformer that writes lead sheets (melody + chord symbols) token by token.
It is the composer stage of the Mureka engine: the C# host samples it through ONNX Runtime and
the arranger turns the lead sheet into a multi-track score.

## Intended use

- Generating short original melodies with chords in folk-tune and early-popular-song idioms, in
  4/4, 3/4 or 6/8, major or minor, for the engine's arranger.
- Not intended for: lyrics, audio, reproducing specific songs, or metres/styles outside the
  training data. Output is symbolic and key-relative; the host picks the actual key and tempo.

## Architecture

| | |
|---|---|
| type | decoder-only transformer, pre-LayerNorm, GELU MLP, learned positional embeddings |
| layers / heads / d_model / head_dim / d_ff | {cfg.n_layers} / {cfg.n_heads} / {cfg.d_model} / {cfg.head_dim} / {cfg.d_ff} |
| dropout (training) | {cfg.dropout} on embeddings and residual branches (none on attention probabilities) |
| embeddings | input and output embeddings tied |
| max_positions | {cfg.max_positions} (training windows are at most 512 tokens) |
| vocabulary | {cfg.vocab_size} tokens |
| parameters | {meta["parameters"]:,} (fp32, ~{meta["parameters"] * 4 / 1e6:.1f} MB) |
| format | ONNX opset {meta["opset"]}, exported with the TorchScript exporter of PyTorch {train["torch"]} |

### ONNX signature

- inputs: `input_ids` int64 `[batch, seq]`; for each layer i = 0..{cfg.n_layers - 1}: `past_key_i`,
  `past_value_i` float32 `[batch, {cfg.n_heads}, past_seq, {cfg.head_dim}]` (past_seq may be 0 on the first call).
- outputs: `logits` float32 `[batch, seq, {cfg.vocab_size}]`; `present_key_i`, `present_value_i` float32
  `[batch, {cfg.n_heads}, past_seq + seq, {cfg.head_dim}]` (past concatenated with the new keys/values).
- positions are `past_seq + arange(seq)`, computed in the graph; the causal mask lets query t see
  keys 0..past_seq+t. Batch rows are independent.
- `reference.json` holds a held-out prefix and the torch logits of its last position for parity tests.

## Vocabulary (`vocab.json`, ids = list index)

`<pad>` `<bos>` `<eos>`, `meter:4/4|3/4|6/8`, `mode:major|minor`, `style:folk|song|chorale`, `bar`,
`pos:0..15` (onset in 16ths within the bar), `chord:R:Q` (R = root in semitones above the tonic,
Q in {", ".join(ls.QUALITIES)}), `note:-12..24` (melody pitch in semitones from the tonic, tonic
octave starting at MIDI 60+tonic if tonic <= 5, else 48+tonic; outliers folded by octaves),
`dur:1,2,3,4,6,8,12,16` (16ths, nearest; longer notes clipped to 16).

Sequence: `<bos> meter mode style`, then per bar `bar` followed by events in increasing position,
each `pos:k [chord] [note dur]`; a chord holds until the next one; rests are implicit; `<eos>` after
the last bar of a piece. 2/2 is read as 4/4; pairs of 2/4 bars are merged into one 4/4 bar; other
metres are skipped. Pickup bars are dropped and split bars around repeats are re-joined.
Chord kinds are folded to the nearest of the seven qualities (aug/6 -> maj, m6 -> min, 9/11/13 -> 7,
half-diminished and dim7 -> dim, sus2 -> sus4). Church modes fold to major (ionian, mixolydian,
lydian) or minor (dorian, aeolian, phrygian, locrian). Repeats are not expanded.

## Training data

| corpus | source | licence of the files | parsed | parse failures | skipped (metre / too short) | kept pieces | bars |
|---|---|---|---|---|---|---|---|
| Nottingham Music Database, cleaned ABC (`style:folk`) | jukedeck/nottingham-dataset @ 0992bb6 | GPL-3.0 | {n["parsed"]} | {n["parse_failed"]} | {n["skipped_metre_or_empty"]} | {n["kept"]} | {n["bars"]} |
| OpenEWLD lead sheets, filtered to works first performed in 1930 or earlier (`style:song`) | 00sapo/OpenEWLD @ ec03cbd | MIT | {e["parsed"]} | {e["parse_failed"]} | {e["skipped_metre_or_empty"]} | {e["kept"]} | {e["bars"]} |

The JSB chorales corpus (czhuang/JSB-Chorales-dataset @ 9a7f733) was not used; `style:chorale` is
reserved in the vocabulary but never seen in training. Music status: Nottingham tunes are
traditional British/Irish folk (a few carry an arranger's name); the OpenEWLD subset is US public
domain (published 1930 or earlier). The weights are derived from these files; the licences above
are listed as facts, not as legal advice.

- corpus tokens (whole pieces): {split["corpus_tokens"]:,}
- split by piece (SHA-1 of file/tune id + title, ~10 % held out): {split["train_pieces"]} train /
  {split["heldout_pieces"]} held-out pieces
- training windows: up to 16 bars and 512 tokens, starting at bar lines every 8 bars, each with
  the 4-token prefix: {split["train_windows"]} windows, {split["train_window_tokens"]:,} tokens
- held-out windows: same, but every 16 bars (no overlap): {split["heldout_windows"]} windows,
  {split["heldout_target_tokens"]:,} scored target tokens
- augmentation: the representation is key-relative, so transposition would not change any token;
  instead each training window's melody is shifted by an octave (+-12, random, p = 0.5) when it
  stays inside `note:-12..24`.

## Training

- command: `{command}`
- AdamW (betas 0.9/0.98, weight decay 0.05 on matrices), peak lr {train["lr"]}, linear warm-up then cosine
  decay to 10 % over the wall-clock budget, gradient clipping 1.0, length-bucketed batches of at
  most {train["batch_tokens"]} tokens, padding masked out of the loss.
- {train["steps"]} steps, {train["target_tokens_seen"]:,} target tokens seen, {train["minutes"]:.1f} min training
  ({train["total_minutes"]:.1f} min end to end incl. parsing, n-gram baseline and export), CPU
  ({train["cpu"]}, {train["threads"]} threads, OpenBLAS). Best checkpoint by held-out loss: step {train["best_step"]}.

## Evaluation

Loss = mean negative log-likelihood in nats per token over all held-out target tokens, excluding
pad and the 4 prefix tokens (which are conditioning, not predictions); both models see the same
windows and the same history (never crossing a window start).

| model | held-out loss (nats/token) |
|---|---|
| mureka-compose-1 (transformer) | **{meta["heldout_loss"]:.4f}** |
| interpolated Kneser-Ney n-gram, best n = {meta["ngram_order"]} (same training windows) | {meta["ngram_baseline_loss"]:.4f} |

N-gram orders tried: {ng}. The order with the lowest held-out loss is reported.

## Limitations

- Monophonic melody plus one chord symbol per event; no lyrics, dynamics, articulation, inner voices.
- 16th-note grid: triplets and swing are quantised (nearby onsets are nudged apart).
- Positions beyond 512 tokens were never trained; generate long pieces in windows (keep the last
  bars as context) rather than running past 512 tokens.
- Two corpora of limited size ({n["kept"] + e["kept"]} pieces): strongly biased towards British/Irish folk
  dance tunes in major keys and pre-1931 American popular song; minor and 3/4 / 6/8 songs are rarer.
- Key changes inside a piece are written relative to the first key; repeats are not expanded.
- Like any model trained on a small corpus it can reproduce short fragments of training tunes.
"""
    with open(path, "w", encoding="utf-8") as f:
        text = "\n".join(l.rstrip() for l in lines.strip().splitlines()) + "\n"
        f.write(re.sub(r"\n{3,}", "\n\n", text))

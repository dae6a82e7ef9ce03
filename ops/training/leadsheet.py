"""Common lead-sheet model, vocabulary and tokenizer shared by all corpora.

Parsers produce `RawPiece`s (exact rational timings, absolute MIDI pitches); this module
quantises them to the 16th grid, makes everything relative to the tonic and turns them into
token sequences. Keeping the grammar in one place means the C# sampler only has to agree with
this file.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from fractions import Fraction
from typing import List, Optional, Tuple

QUALITIES = ["maj", "min", "7", "maj7", "m7", "dim", "sus4"]
DURATIONS = [1, 2, 3, 4, 6, 8, 12, 16]
NOTE_MIN, NOTE_MAX = -12, 24
METERS = ["4/4", "3/4", "6/8"]
MODES = ["major", "minor"]
STYLES = ["folk", "song", "chorale"]
PREFIX_LEN = 4  # <bos> meter mode style
STEPS_PER_BAR = {"4/4": 16, "3/4": 12, "6/8": 12}


# Longest training window; positions past it are never trained, so samplers stop there.
MAX_WINDOW_TOKENS = 512

def build_vocab() -> List[str]:
    toks = ["<pad>", "<bos>", "<eos>"]
    toks += [f"meter:{m}" for m in METERS]
    toks += [f"mode:{m}" for m in MODES]
    toks += [f"style:{s}" for s in STYLES]
    toks.append("bar")
    toks += [f"pos:{i}" for i in range(16)]
    toks += [f"chord:{r}:{q}" for r in range(12) for q in QUALITIES]
    toks += [f"note:{p}" for p in range(NOTE_MIN, NOTE_MAX + 1)]
    toks += [f"dur:{d}" for d in DURATIONS]
    return toks


VOCAB = build_vocab()
TOK = {t: i for i, t in enumerate(VOCAB)}
PAD, BOS, EOS, BAR = TOK["<pad>"], TOK["<bos>"], TOK["<eos>"], TOK["bar"]
NOTE_IDS = set(TOK[f"note:{p}"] for p in range(NOTE_MIN, NOTE_MAX + 1))


@dataclass
class RawBar:
    length: Fraction  # actual content length in whole notes (short bars = pickups / split bars)
    events: List[Tuple[Fraction, str, object]] = field(default_factory=list)
    # True when the bar line before this bar was a section boundary (||, :|, |:, [1 ...);
    # a lone short bar there is a pickup into the next section and belongs at the bar's end.
    section_start: bool = False


@dataclass
class RawPiece:
    title: str
    source: str  # file name + index, used for the deterministic split
    style: str
    meter: Tuple[int, int]
    tonic_pc: int
    mode: str
    bars: List[RawBar]


@dataclass
class Piece:
    """Quantised, key-relative lead sheet. bars: list of list of (pos, chord_tok|None, note|None)
    where note = (rel_pitch, dur16)."""
    title: str
    source: str
    style: str
    meter: str
    mode: str
    bars: List[List[Tuple[int, Optional[str], Optional[Tuple[int, int]]]]]


def map_meter(meter: Tuple[int, int]) -> Optional[Tuple[str, int]]:
    """Returns (meter token, number of raw bars merged into one) or None if unsupported."""
    n, d = meter
    if (n, d) in ((4, 4), (2, 2)):
        return "4/4", 1
    if (n, d) == (2, 4):
        return "4/4", 2  # two 2/4 bars make one 4/4 bar at the same 16th grid
    if (n, d) == (3, 4):
        return "3/4", 1
    if (n, d) == (6, 8):
        return "6/8", 1
    return None


def nearest_duration(d16: float) -> int:
    if d16 >= 16:
        return 16
    return min(DURATIONS, key=lambda x: (abs(x - d16), x))


def fold_pitch(rel: int) -> int:
    while rel < NOTE_MIN:
        rel += 12
    while rel > NOTE_MAX:
        rel -= 12
    return rel


def reference_midi(tonic_pc: int) -> int:
    return 60 + tonic_pc if tonic_pc <= 5 else 48 + tonic_pc


def _regroup_bars(raw: RawPiece, full: Fraction) -> List[Tuple[Fraction, list]]:
    """Joins split bars (a short bar at a section end + the pickup that opens the next section)
    and places lone pickups at the end of their bar, so every bar starts on a bar line."""
    bars = [b for b in raw.bars if b.length > 0 or b.events]
    out: List[Tuple[Fraction, list]] = []
    i = 0
    while i < len(bars):
        b = bars[i]
        if b.length < full and i + 1 < len(bars) and bars[i + 1].length < full \
                and b.length + bars[i + 1].length == full:
            nb = bars[i + 1]
            ev = list(b.events) + [(o + b.length, k, p) for (o, k, p) in nb.events]
            out.append((Fraction(0), ev))
            i += 2
            continue
        if b.length < full:
            if i == 0:
                i += 1  # anacrusis: drop, so the first kept bar starts on a bar line
                continue
            if b.section_start and i + 1 < len(bars):
                shift = full - b.length
                out.append((Fraction(0), [(o + shift, k, p) for (o, k, p) in b.events]))
                i += 1
                continue
        out.append((Fraction(0), list(b.events)))
        i += 1
    return out


def quantise(raw: RawPiece) -> Optional[Piece]:
    mm = map_meter(raw.meter)
    if mm is None:
        return None
    meter, merge = mm
    raw_full = Fraction(raw.meter[0], raw.meter[1])
    grouped = _regroup_bars(raw, raw_full)
    if merge > 1:
        merged = []
        for j in range(0, len(grouped), merge):
            ev = []
            for k, (_, e) in enumerate(grouped[j:j + merge]):
                ev += [(o + k * raw_full, kk, p) for (o, kk, p) in e]
            merged.append((Fraction(0), ev))
        grouped = merged
    steps = STEPS_PER_BAR[meter]
    ref = reference_midi(raw.tonic_pc)
    bars = []
    for _, events in grouped:
        slots = {}  # pos -> [chord, note]
        last_note_pos = -1
        for off, kind, payload in sorted(events, key=lambda e: (e[0], e[1] != "chord")):
            pos = int(round(float(off * 16)))
            if kind == "chord":
                if pos >= steps:
                    continue
                root, q = payload
                slots.setdefault(pos, [None, None])[0] = f"chord:{(root - raw.tonic_pc) % 12}:{q}"
            else:
                midi, dur = payload
                # Triplets and odd tuplets can round two onsets onto one slot; nudge forward
                # rather than lose the note.
                if pos <= last_note_pos:
                    pos = last_note_pos + 1
                if pos >= steps:
                    continue
                d = nearest_duration(float(dur * 16))
                slots.setdefault(pos, [None, None])[1] = (fold_pitch(midi - ref), d)
                last_note_pos = pos
        bars.append([(p, s[0], s[1]) for p, s in sorted(slots.items())])
    # Trailing empty bars carry no information.
    while bars and not bars[-1]:
        bars.pop()
    if len(bars) < 2:
        return None
    return Piece(raw.title, raw.source, raw.style, meter, raw.mode, bars)


def prefix_tokens(p: Piece) -> List[int]:
    return [BOS, TOK[f"meter:{p.meter}"], TOK[f"mode:{p.mode}"], TOK[f"style:{p.style}"]]


def bar_tokens(bar) -> List[int]:
    out = [BAR]
    for pos, chord, note in bar:
        out.append(TOK[f"pos:{pos}"])
        if chord is not None:
            out.append(TOK[chord])
        if note is not None:
            out.append(TOK[f"note:{note[0]}"])
            out.append(TOK[f"dur:{note[1]}"])
    return out


def windows(p: Piece, max_bars: int = 16, stride: int = 8, max_tokens: int = MAX_WINDOW_TOKENS) -> List[List[int]]:
    """Windows start at bar boundaries; only the one that reaches the piece end gets <eos>."""
    pre = prefix_tokens(p)
    per_bar = [bar_tokens(b) for b in p.bars]
    out = []
    start = 0
    while start < len(per_bar):
        seq = list(pre)
        end = start
        while end < len(per_bar) and end - start < max_bars and len(seq) + len(per_bar[end]) <= max_tokens:
            seq += per_bar[end]
            end += 1
        if end == start:  # a single bar longer than the budget: skip it
            start += 1
            continue
        if end == len(per_bar) and len(seq) < max_tokens:
            seq.append(EOS)
        out.append(seq)
        if end == len(per_bar):
            break
        start += min(stride, end - start)
    return out


def is_heldout(p: Piece, percent: int = 10) -> bool:
    h = hashlib.sha1((p.source + "|" + p.title).encode("utf-8")).digest()
    return int.from_bytes(h[:4], "big") % 100 < percent


def shift_octave(seq: List[int], delta: int) -> Optional[List[int]]:
    """Octave-register augmentation: tokens are key-relative, so transposition is meaningless;
    moving the whole melody by an octave is the only pitch augmentation that changes tokens."""
    out = []
    for t in seq:
        if t in NOTE_IDS:
            p = int(VOCAB[t].split(":")[1]) + delta
            if p < NOTE_MIN or p > NOTE_MAX:
                return None
            out.append(TOK[f"note:{p}"])
        else:
            out.append(t)
    return out


def write_vocab(path: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"tokens": VOCAB}, f, indent=1)
        f.write("\n")


# Names of the qualities for chord-kind strings from both corpora.
def quality_from_abc(q: str) -> str:
    q = q.strip()
    ql = q.lower()
    if ql.startswith("maj7") or ql.startswith("maj9") or q.startswith("M7") or ql.startswith("ma7"):
        return "maj7"
    if ql.startswith("m7b5") or ql.startswith("dim") or ql.startswith("o") or ql.startswith("hdim"):
        return "dim"
    if ql.startswith("sus"):
        return "sus4"
    if ql.startswith("aug") or ql.startswith("+"):
        return "maj"
    if ql.startswith("min7") or ql.startswith("m7") or ql.startswith("m9") or ql.startswith("m11"):
        return "m7"
    if ql.startswith("min") or ql.startswith("m") or ql.startswith("-"):
        return "min"
    if ql.startswith("7") or ql.startswith("9") or ql.startswith("11") or ql.startswith("13"):
        return "7"
    return "maj"


MXL_KIND = {
    "major": "maj", "minor": "min", "augmented": "maj", "diminished": "dim", "dominant": "7",
    "major-seventh": "maj7", "minor-seventh": "m7", "diminished-seventh": "dim",
    "augmented-seventh": "7", "half-diminished": "dim", "major-minor": "min",
    "major-sixth": "maj", "minor-sixth": "min", "dominant-ninth": "7", "major-ninth": "maj7",
    "minor-ninth": "m7", "dominant-11th": "7", "major-11th": "maj7", "minor-11th": "m7",
    "dominant-13th": "7", "major-13th": "maj7", "minor-13th": "m7",
    "suspended-second": "sus4", "suspended-fourth": "sus4", "power": "maj", "none": "maj",
    "pedal": "maj", "other": "maj", "Tristan": "7", "French": "7", "German": "7", "Italian": "7",
    "Neapolitan": "maj",
}

STEP_PC = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}

# Church modes fold onto the two mode tokens; offsets are circle-of-fifths shifts from major.
MODE_INFO = {
    "major": ("major", 0), "ionian": ("major", 0), "mixolydian": ("major", -1),
    "lydian": ("major", 1), "minor": ("minor", -3), "aeolian": ("minor", -3),
    "dorian": ("minor", -2), "phrygian": ("minor", -4), "locrian": ("minor", -5),
}

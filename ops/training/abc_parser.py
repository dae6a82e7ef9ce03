"""Nottingham ABC -> RawPiece.

Only the subset of ABC that the Nottingham Music Database uses is handled. Repeat structure is
not expanded: tunes are read linearly (first and second endings both appear), which keeps bar
alignment simple and costs nothing for a next-token model.
"""
from __future__ import annotations

import glob
import os
import re
from fractions import Fraction
from typing import List, Optional, Tuple

from leadsheet import MODE_INFO, STEP_PC, RawBar, RawPiece, quality_from_abc

SHARP_ORDER = "FCGDAEB"
_MODE_ALIASES = [("maj", "major"), ("ion", "ionian"), ("mix", "mixolydian"), ("lyd", "lydian"),
                 ("min", "minor"), ("aeo", "aeolian"), ("dor", "dorian"), ("phr", "phrygian"),
                 ("loc", "locrian"), ("m", "minor")]


class AbcError(Exception):
    pass


def parse_key(s: str) -> Tuple[int, str, dict]:
    """Returns (tonic pitch class, 'major'|'minor', key signature {letter: alter})."""
    s = s.strip().split("%")[0].strip()
    if not s or s.lower() in ("none", "hp"):
        return 0, "major", {}
    m = re.match(r"([A-Ga-g])([#b]?)\s*([A-Za-z]*)", s)
    if not m:
        raise AbcError(f"bad key {s!r}")
    letter = m.group(1).upper()
    tonic = (STEP_PC[letter] + {"#": 1, "b": -1, "": 0}[m.group(2)]) % 12
    mode_s = m.group(3).lower()
    mode_name = "major"
    for pre, name in _MODE_ALIASES:
        if mode_s.startswith(pre):
            mode_name = name
            break
    token_mode, offset = MODE_INFO[mode_name]
    # Fifths of the major key on this tonic, then shift for the mode.
    major_fifths = {0: 0, 7: 1, 2: 2, 9: 3, 4: 4, 11: 5, 6: 6, 5: -1, 10: -2, 3: -3, 8: -4, 1: -5}[tonic]
    if letter + m.group(2) == "F#":
        major_fifths = 6
    if letter + m.group(2) == "C#":
        major_fifths = 7
    if letter + m.group(2) == "Cb":
        major_fifths = -7
    fifths = major_fifths + offset
    sig = {}
    if fifths > 0:
        for c in SHARP_ORDER[:fifths]:
            sig[c] = 1
    elif fifths < 0:
        for c in SHARP_ORDER[::-1][:-fifths]:
            sig[c] = -1
    return tonic, token_mode, sig


def parse_meter(s: str) -> Optional[Tuple[int, int]]:
    s = s.strip().split("%")[0].strip()
    if s == "C":
        return (4, 4)
    if s == "C|":
        return (2, 2)
    m = re.match(r"(\d+)\s*/\s*(\d+)", s)
    return (int(m.group(1)), int(m.group(2))) if m else None


def parse_length(s: str) -> Fraction:
    m = re.match(r"(\d+)\s*/\s*(\d+)", s.strip())
    if not m:
        raise AbcError(f"bad L: {s!r}")
    return Fraction(int(m.group(1)), int(m.group(2)))


_NOTE_RE = re.compile(r"(\^\^|\^|__|_|=)?([A-Ga-gzxZ])([',]*)(\d*)(/*)(\d*)")


def _len_mult(num: str, slashes: str, den: str) -> Fraction:
    n = int(num) if num else 1
    if not slashes:
        return Fraction(n)
    d = int(den) if den else 2 ** len(slashes)
    return Fraction(n, d)


def _tokenize_body(body: str):
    """Yields elements: ('note', acc, letter, octmarks, mult), ('chordsym', text),
    ('bar', text), ('broken', '>'|'<', count), ('tuplet', p, q, r), ('tie',),
    ('field', name, value), ('stack', [notes], mult)."""
    i, n = 0, len(body)
    while i < n:
        c = body[i]
        if c in " \t\r\n\\)":
            i += 1
        elif c == "%":
            j = body.find("\n", i)
            i = n if j < 0 else j
        elif c == '"':
            j = body.find('"', i + 1)
            if j < 0:
                raise AbcError("unterminated chord symbol")
            yield ("chordsym", body[i + 1:j])
            i = j + 1
        elif c == "!" or c == "+" and body.find("+", i + 1) > i + 1 and body[i + 1].isalpha():
            j = body.find(c, i + 1)
            i = n if j < 0 else j + 1
        elif c == "{":
            j = body.find("}", i)
            i = n if j < 0 else j + 1  # grace notes carry no metrical time
        elif c == "(":
            m = re.match(r"\((\d)(?::(\d*))?(?::(\d*))?", body[i:])
            if m:
                p = int(m.group(1))
                q = int(m.group(2)) if m.group(2) else {2: 3, 3: 2, 4: 3, 6: 2, 8: 3}.get(p, 2)
                r = int(m.group(3)) if m.group(3) else p
                yield ("tuplet", p, q, r)
                i += m.end()
            else:
                i += 1  # slur
        elif c in "><":
            j = i
            while j < n and body[j] == c:
                j += 1
            yield ("broken", c, j - i)
            i = j
        elif c == "-":
            yield ("tie",)
            i += 1
        elif c == "[" and i + 1 < n and body[i + 1].isalpha() and i + 2 < n and body[i + 2] == ":":
            j = body.find("]", i)
            if j < 0:
                raise AbcError("unterminated inline field")
            yield ("field", body[i + 1], body[i + 3:j])
            i = j + 1
        elif c == "[" and i + 1 < n and (body[i + 1].isdigit() or body[i + 1] == "|"):
            j = i + 1
            while j < n and (body[j] in "|:]" or body[j].isdigit() or body[j] in ",-"):
                j += 1
            yield ("bar", body[i:j])
            i = j
        elif c == "[":
            j = body.find("]", i)
            if j < 0:
                raise AbcError("unterminated chord")
            notes = [m for m in _NOTE_RE.finditer(body[i + 1:j]) if m.group(2) in "ABCDEFGabcdefg"]
            m = re.match(r"(\d*)(/*)(\d*)", body[j + 1:])
            i = j + 1 + m.end()
            if notes:
                yield ("stack", notes, _len_mult(m.group(1), m.group(2), m.group(3)))
        elif c in "|:":
            j = i
            while j < n and (body[j] in "|:]" or (body[j].isdigit() and j > i) or (body[j] == "[" and j + 1 < n and body[j + 1].isdigit())):
                j += 1
            if j == i:
                j = i + 1
            yield ("bar", body[i:j])
            i = j
        elif c.isalpha() or c in "^_=":
            m = _NOTE_RE.match(body, i)
            if m:
                yield ("note", m)
                i = m.end()
            else:
                i += 1  # decoration letters (H, T, u, v ...) and other symbols
        else:
            i += 1  # ~ . and anything else decorative


def _midi(m, keysig: dict, bar_acc: dict) -> int:
    acc, letter, octs = m.group(1), m.group(2), m.group(3)
    up = letter.upper()
    octave = 5 if letter.islower() else 4  # C = MIDI 60, c = 72
    octave += octs.count("'") - octs.count(",")
    key = (up, octave)
    if acc:
        alt = {"^^": 2, "^": 1, "=": 0, "_": -1, "__": -2}[acc]
        bar_acc[key] = alt
    else:
        alt = bar_acc.get(key, keysig.get(up, 0))
    return 12 * (octave + 1) + STEP_PC[up] + alt


def parse_chord_symbol(text: str) -> Optional[Tuple[int, str]]:
    t = text.strip()
    if not t or t[0] in "^_<>@":
        return None  # annotation, not a chord
    m = re.match(r"([A-G])([#b]?)(.*)", t)
    if not m:
        return None
    root = (STEP_PC[m.group(1)] + {"#": 1, "b": -1, "": 0}[m.group(2)]) % 12
    return root, quality_from_abc(m.group(3).split("/")[0])


def parse_tune(lines: List[str], source: str) -> RawPiece:
    title, meter, unit, key = "", None, None, None
    body_start = None
    for idx, ln in enumerate(lines):
        m = re.match(r"^([A-Za-z]):(.*)$", ln)
        if not m:
            continue
        f, v = m.group(1), m.group(2)
        if f == "T" and not title:
            title = v.strip()
        elif f == "M":
            meter = parse_meter(v)
        elif f == "L":
            unit = parse_length(v)
        elif f == "K":
            key = parse_key(v)
            body_start = idx + 1
            break
    if key is None or body_start is None:
        raise AbcError("no K: field")
    # Nottingham often writes a second M: right after K:, before any music; the metre in force
    # at the first note is the one that counts.
    tonic, mode, keysig = key
    body_lines = []
    for ln in lines[body_start:]:
        m = re.match(r"^([A-Za-z]):(.*)$", ln)
        if m:
            body_lines.append(f"[{m.group(1)}:{m.group(2).strip()}]")
        else:
            body_lines.append(ln)
    body = "\n".join(body_lines)

    elements = list(_tokenize_body(body))
    # Resolve header-like fields that occur before the first note.
    started = False
    pre_meter = meter
    for e in elements:
        if e[0] in ("note", "stack"):
            started = True
            break
        if e[0] == "field" and e[1] == "M":
            pre_meter = parse_meter(e[2]) or pre_meter
        if e[0] == "field" and e[1] == "L":
            unit = parse_length(e[2])
    meter = pre_meter or (4, 4)
    if unit is None:
        unit = Fraction(1, 16) if Fraction(meter[0], meter[1]) < Fraction(3, 4) else Fraction(1, 8)
    if not started:
        raise AbcError("no notes")

    # Pass 1: a flat list of timed items with durations, applying tuplets and broken rhythm.
    items = []  # dicts: kind note/rest/bar/chords
    tup_left, tup_mult = 0, Fraction(1)
    pending_broken = None
    pending_chords: List[Tuple[int, str]] = []
    notes_seen = False
    cur_meter = meter
    for e in elements:
        kind = e[0]
        if kind == "field":
            f, v = e[1], e[2]
            if f == "K":
                _, _, keysig = parse_key(v)
                items.append({"kind": "keysig", "sig": keysig})
            elif f == "L":
                unit = parse_length(v)
            elif f == "M":
                nm = parse_meter(v)
                if notes_seen and nm and Fraction(*nm) != Fraction(*cur_meter):
                    break  # metre change mid-tune: keep the part before it
                if nm:
                    cur_meter = nm
            continue
        if kind == "chordsym":
            ch = parse_chord_symbol(e[1])
            if ch:
                pending_chords.append(ch)
            continue
        if kind == "tuplet":
            _, p, q, r = e
            tup_left, tup_mult = r, Fraction(q, p)
            continue
        if kind == "tie":
            for it in reversed(items):
                if it["kind"] == "note":
                    it["tie"] = True
                    break
                if it["kind"] in ("rest",):
                    break
            continue
        if kind == "broken":
            _, sym, cnt = e
            last = next((it for it in reversed(items) if it["kind"] in ("note", "rest")), None)
            if last is None:
                continue
            short = Fraction(1, 2 ** cnt)
            long_ = 2 - short
            if sym == ">":
                last["dur"] *= long_
                pending_broken = short
            else:
                last["dur"] *= short
                pending_broken = long_
            continue
        if kind == "bar":
            text = e[1]
            items.append({"kind": "bar", "section": (":" in text or "||" in text or "[" in text
                                                      or "]" in text or any(ch.isdigit() for ch in text))})
            continue
        if kind in ("note", "stack"):
            if kind == "note":
                m = e[1]
                letter = m.group(2)
                mult = _len_mult(m.group(4), m.group(5), m.group(6))
                if letter == "Z":
                    items.append({"kind": "mrest", "bars": int(m.group(4) or 1)})
                    continue
                is_rest = letter in "zx"
                entry = {"kind": "rest" if is_rest else "note", "m": [m], "dur": unit * mult}
            else:
                notes, mult = e[1], e[2]
                first = notes[0]
                inner = _len_mult(first.group(4), first.group(5), first.group(6))
                entry = {"kind": "note", "m": notes, "dur": unit * inner * mult}
            if tup_left > 0:
                entry["dur"] *= tup_mult
                tup_left -= 1
            if pending_broken is not None:
                entry["dur"] *= pending_broken
                pending_broken = None
            entry["chords"] = pending_chords
            pending_chords = []
            items.append(entry)
            notes_seen = True

    # Pass 2: bars with offsets, accidentals, ties.
    bars: List[RawBar] = []
    cur = RawBar(Fraction(0))
    t = Fraction(0)
    bar_acc: dict = {}
    tie_open = None  # (midi, event index in cur bar or previous bar object)
    section_next = False
    full = Fraction(cur_meter[0], cur_meter[1])
    for it in items:
        k = it["kind"]
        if k == "keysig":
            keysig = it["sig"]
            continue
        if k == "bar":
            if t > 0 or cur.events:
                cur.length = t
                bars.append(cur)
                cur = RawBar(Fraction(0), section_start=it["section"] or section_next)
                section_next = False
            else:
                section_next = section_next or it["section"]
                cur.section_start = cur.section_start or it["section"]
            t = Fraction(0)
            bar_acc = {}
            continue
        if k == "mrest":
            continue
        chords = it.get("chords", [])
        dur = it["dur"]
        for ci, ch in enumerate(chords):
            cur.events.append((t + dur * ci / len(chords), "chord", ch))
        if k == "note":
            pitches = [_midi(m, keysig, bar_acc) for m in it["m"]]
            midi = max(pitches)  # melody = top note of a stacked chord
            if tie_open is not None and tie_open[0] == midi:
                bar_obj, idx = tie_open[1], tie_open[2]
                o, kk, (pm, pd) = bar_obj.events[idx]
                bar_obj.events[idx] = (o, kk, (pm, pd + dur))
                if not it.get("tie"):
                    tie_open = None
            else:
                cur.events.append((t, "note", (midi, dur)))
                tie_open = (midi, cur, len(cur.events) - 1) if it.get("tie") else None
        else:
            tie_open = None
        t += dur
    if t > 0 or cur.events:
        cur.length = t
        bars.append(cur)
    if not bars:
        raise AbcError("empty")
    return RawPiece(title=title, source=source, style="folk", meter=cur_meter if cur_meter else meter,
                    tonic_pc=tonic, mode=mode, bars=bars)


def parse_file(path: str) -> Tuple[List[RawPiece], int]:
    with open(path, encoding="latin-1") as f:
        text = f.read()
    tunes, cur = [], None
    for ln in text.splitlines():
        if ln.startswith("X:"):
            if cur:
                tunes.append(cur)
            cur = [ln]
        elif cur is not None:
            cur.append(ln)
    if cur:
        tunes.append(cur)
    pieces, failed = [], 0
    base = os.path.basename(path)
    for lines in tunes:
        xid = lines[0][2:].strip()
        try:
            pieces.append(parse_tune(lines, f"{base}#{xid}"))
        except (AbcError, ValueError, KeyError, ZeroDivisionError, IndexError):
            failed += 1
    return pieces, failed


def load_nottingham(root: str, limit_files: Optional[int] = None) -> Tuple[List[RawPiece], int]:
    files = sorted(glob.glob(os.path.join(root, "nottingham", "ABC_cleaned", "*.abc")))
    if limit_files:
        files = files[:limit_files]
    pieces, failed = [], 0
    for fp in files:
        p, f = parse_file(fp)
        pieces += p
        failed += f
    return pieces, failed

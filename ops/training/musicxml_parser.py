"""OpenEWLD compressed MusicXML (.mxl) -> RawPiece.

Lead sheets have one melody part; only its first voice is read. Key and time changes after the
first are ignored, as are grace notes and the lower notes of <chord/> stacks.
"""
from __future__ import annotations

import glob
import os
import re
import xml.etree.ElementTree as ET
import zipfile
from fractions import Fraction
from typing import List, Optional, Tuple

from leadsheet import MODE_INFO, MXL_KIND, STEP_PC, RawBar, RawPiece


class MxlError(Exception):
    pass


def _strip_ns(root: ET.Element) -> None:
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]


def read_mxl(path: str) -> ET.Element:
    with zipfile.ZipFile(path) as z:
        container = z.read("META-INF/container.xml").decode("utf-8", "replace")
        # Parse rather than regex: titles with apostrophes appear inside single-quoted attributes.
        rootfile = None
        try:
            croot = ET.fromstring(container)
            _strip_ns(croot)
            rf = croot.find(".//rootfile")
            rootfile = rf.get("full-path") if rf is not None else None
        except ET.ParseError:
            pass
        if rootfile not in z.namelist():
            cands = [n for n in z.namelist() if not n.startswith("META-INF") and n.endswith(".xml")]
            if not cands:
                raise MxlError("no rootfile")
            rootfile = cands[0]
        data = z.read(rootfile)
    root = ET.fromstring(data)
    _strip_ns(root)
    return root


def _int(el: Optional[ET.Element], default: int = 0) -> int:
    if el is None or el.text is None:
        return default
    return int(float(el.text.strip()))


def parse_score(root: ET.Element, source: str, title: str) -> RawPiece:
    part = root.find("part")
    if part is None:
        raise MxlError("no part")
    divisions = None
    meter: Optional[Tuple[int, int]] = None
    tonic, mode = None, "major"
    melody_voice = None
    bars: List[RawBar] = []
    tie_open = None
    for meas in part.findall("measure"):
        bar = RawBar(Fraction(0))
        t = Fraction(0)
        t_max = Fraction(0)
        for el in meas:
            tag = el.tag
            if tag == "attributes":
                d = el.find("divisions")
                if d is not None:
                    divisions = _int(d)
                k = el.find("key")
                if k is not None and tonic is None:
                    fifths = _int(k.find("fifths"))
                    mname = (k.findtext("mode") or "major").strip().lower()
                    token_mode, offset = MODE_INFO.get(mname, ("major", 0))
                    # The mode's tonic sits `offset` fifths from the major tonic of this signature.
                    tonic = ((fifths - offset) * 7) % 12
                    mode = token_mode
                tm = el.find("time")
                if tm is not None and meter is None:
                    beats = tm.findtext("beats") or ""
                    if "+" in beats:
                        raise MxlError("composite metre")
                    meter = (int(beats), _int(tm.find("beat-type")))
            elif tag == "harmony":
                rs = el.find("root/root-step")
                if rs is None or rs.text is None:
                    continue
                root_pc = (STEP_PC[rs.text.strip()] + _int(el.find("root/root-alter"))) % 12
                kind = (el.findtext("kind") or "major").strip()
                q = MXL_KIND.get(kind, "maj")
                off = t
                o = el.find("offset")
                if o is not None and divisions:
                    off = t + Fraction(_int(o), divisions * 4)
                bar.events.append((off, "chord", (root_pc, q)))
            elif tag == "backup":
                t -= Fraction(_int(el.find("duration")), divisions * 4)
            elif tag == "forward":
                t += Fraction(_int(el.find("duration")), divisions * 4)
                t_max = max(t_max, t)
            elif tag == "note":
                if el.find("grace") is not None or el.find("cue") is not None:
                    continue
                if divisions is None:
                    raise MxlError("no divisions")
                voice = el.findtext("voice") or "1"
                if melody_voice is None:
                    melody_voice = voice
                dur = Fraction(_int(el.find("duration")), divisions * 4)
                if el.find("chord") is not None:
                    continue  # lower notes of a stack; onset was already taken
                if voice != melody_voice:
                    t += dur
                    continue
                pitch = el.find("pitch")
                ties = [x.get("type") for x in el.findall("tie")]
                if pitch is not None:
                    midi = 12 * (_int(pitch.find("octave")) + 1) + STEP_PC[pitch.findtext("step").strip()] \
                        + _int(pitch.find("alter"))
                    if "stop" in ties and tie_open is not None and tie_open[0] == midi:
                        b, idx = tie_open[1], tie_open[2]
                        o, kk, (pm, pd) = b.events[idx]
                        b.events[idx] = (o, kk, (pm, pd + dur))
                        if "start" not in ties:
                            tie_open = None
                    else:
                        bar.events.append((t, "note", (midi, dur)))
                        tie_open = (midi, bar, len(bar.events) - 1) if "start" in ties else None
                else:
                    tie_open = None
                t += dur
                t_max = max(t_max, t)
        bar.length = t_max
        bars.append(bar)
    if meter is None or tonic is None or divisions is None:
        raise MxlError("missing key/time/divisions")
    return RawPiece(title=title, source=source, style="song", meter=meter, tonic_pc=tonic,
                    mode=mode, bars=bars)


def load_openewld(root: str, limit: Optional[int] = None) -> Tuple[List[RawPiece], int]:
    files = sorted(glob.glob(os.path.join(root, "openewld", "dataset", "**", "*.mxl"), recursive=True))
    if limit:
        files = files[:limit]
    pieces, failed = [], 0
    for fp in files:
        try:
            title = os.path.splitext(os.path.basename(fp))[0].replace("_", " ")
            pieces.append(parse_score(read_mxl(fp), os.path.relpath(fp, root), title))
        except (MxlError, ET.ParseError, zipfile.BadZipFile, KeyError, ValueError, TypeError,
                ZeroDivisionError):
            failed += 1
    return pieces, failed

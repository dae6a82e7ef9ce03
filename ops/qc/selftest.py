#!/usr/bin/python3
"""Proves the meter before it judges the engine: qc.py on synthesized files whose answers are known.

  usage: /usr/bin/python3 ops/qc/selftest.py [--engine]

Each fixture is built here with numpy (a 1 kHz tone at a known level, identical and inverted channels,
a DC offset, a 2 s gap, a click track at a known tempo, a chord progression in a known key, stems that
do and do not sum to their mix) and qc.py must measure it within a stated tolerance and pass or fail
the matching check. With --engine it also renders a short track with stems through the CLI (built in
Release) and checks that qc.py measures it completely; the engine's musical targets are not asserted
here (the per-genre acceptance gate is ops/listening-pack.sh).
"""

import json
import math
import os
import subprocess
import sys
import tempfile
import wave

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
QC = os.path.join(HERE, "qc.py")
RATE = 48000
failures = []


def write_wav(path, left, right=None):
    right = left if right is None else right
    pcm = np.clip(np.stack([left, right], axis=1), -1, 32767 / 32768)
    with wave.open(path, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.round(pcm * 32768)).astype("<i2").tobytes())


def tone(seconds, freq=1000.0, amplitude=0.1):
    t = np.arange(int(round(seconds * RATE))) / RATE
    return amplitude * np.sin(2 * np.pi * freq * t)


def qc(path, *extra, expect_rc=None):
    p = subprocess.run([sys.executable, QC, path, "--json", "-", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode == 2:
        raise SystemExit(f"qc.py could not measure {path}: {p.stderr}")
    record = json.loads(p.stdout)
    if expect_rc is not None:
        expect(f"{os.path.basename(path)}: exit code", p.returncode == expect_rc, f"{p.returncode}, wanted {expect_rc}")
    return record


def expect(name, ok, detail):
    print(f"  {'ok  ' if ok else 'FAIL'} {name}: {detail}")
    if not ok:
        failures.append(name)


def near(name, value, target, tolerance):
    expect(name, value is not None and abs(value - target) <= tolerance, f"{value} (want {target} ±{tolerance})")


def passes(record, check, want=True):
    c = record["checks"][check]
    expect(f"{record['file']}: {check} {'passes' if want else 'fails'}", c["pass"] == want, f"measured {c['measured']}, limit {c['expected']}")


def synthetic(tmp):
    # A 1 kHz tone at -20 dBFS peak on both channels: BS.1770 reads a full-scale 1 kHz sine on one channel
    # as -3.01 LUFS, so on two channels it is 20·log10(A) = -20 LUFS; its true peak is the sample peak.
    a = 10 ** (-20 / 20)
    sine = os.path.join(tmp, "sine.wav")
    write_wav(sine, tone(5, amplitude=a))
    r = qc(sine, "--duration", "5", "--report-only", expect_rc=0)
    m = r["measurements"]
    near("sine: integrated LUFS", m["integrated_lufs"], -20.0, 0.5)
    near("sine: true peak dBTP", m["true_peak_dbtp"], -20.0, 0.5)
    near("sine: L/R correlation (identical channels)", m["correlation"], 1.0, 0.001)
    near("sine: mono fold-down loss dB", m["mono_loss_db"], 0.0, 0.01)
    near("sine: DC offset", max(abs(x) for x in m["dc_offset"]), 0.0, 1e-4)
    near("sine: high-frequency share (all energy at 1 kHz)", m["hf_share_above_8k"], 0.0, 1e-3)
    passes(r, "length")
    passes(r, "lufs", False)
    passes(r, "correlation")
    passes(r, "silence")
    r = qc(sine, "--duration", "5.5", "--report-only")
    passes(r, "length", False)

    # -14 LUFS, peaking at -14 dBFS: every level check passes, so the exit code is 0 without --report-only.
    loud = os.path.join(tmp, "loud.wav")
    write_wav(loud, tone(5, amplitude=10 ** (-14 / 20)))
    r = qc(loud, "--duration", "5", "--loop", expect_rc=0)
    passes(r, "lufs")
    passes(r, "true_peak")

    inverted = os.path.join(tmp, "inverted.wav")
    write_wav(inverted, tone(5, amplitude=a), -tone(5, amplitude=a))
    r = qc(inverted, "--duration", "5", expect_rc=1)
    near("inverted: L/R correlation", r["measurements"]["correlation"], -1.0, 0.001)
    expect("inverted: mono fold-down loss is huge", r["measurements"]["mono_loss_db"] > 40, r["measurements"]["mono_loss_db"])
    passes(r, "correlation", False)
    passes(r, "mono_loss", False)

    # Independent noise on each channel: correlation ~0 and a 3 dB fold-down loss.
    rng = np.random.default_rng(1)
    wide = os.path.join(tmp, "wide.wav")
    write_wav(wide, 0.05 * rng.standard_normal(5 * RATE), 0.05 * rng.standard_normal(5 * RATE))
    r = qc(wide, "--duration", "5", "--report-only")
    near("uncorrelated noise: correlation", r["measurements"]["correlation"], 0.0, 0.02)
    near("uncorrelated noise: mono loss dB", r["measurements"]["mono_loss_db"], 3.01, 0.1)
    expect("white noise: about 2/3 of the power lies above 8 kHz at 48 kHz", 0.6 < r["measurements"]["hf_share_above_8k"] < 0.72,
           r["measurements"]["hf_share_above_8k"])

    dc = os.path.join(tmp, "dc.wav")
    write_wav(dc, tone(5, amplitude=a) + 0.01, tone(5, amplitude=a) - 0.005)
    r = qc(dc, "--duration", "5", "--report-only")
    near("DC file: left offset", r["measurements"]["dc_offset"][0], 0.01, 2e-4)
    near("DC file: right offset", r["measurements"]["dc_offset"][1], -0.005, 2e-4)
    passes(r, "dc_offset", False)

    # A click every 0.5 s for 10 s, none at 4.0-5.5 s; the last click is at 9.5 s.
    clicks = np.zeros(10 * RATE)
    burst = np.exp(-np.arange(int(0.03 * RATE)) / (0.005 * RATE)) * rng.standard_normal(int(0.03 * RATE)) * 0.5
    times = [i * 0.5 for i in range(20) if not 4.0 <= i * 0.5 < 6.0]
    for t in times:
        i = int(t * RATE)
        clicks[i:i + len(burst)] += burst
    gap = os.path.join(tmp, "gap.wav")
    write_wav(gap, clicks)
    r = qc(gap, "--duration", "10", "--report-only")
    # Silent from the end of the 3.5 s click (its decay is under -50 dB within ~25 ms) to the 6.0 s click.
    near("gap: longest internal silence s", r["checks"]["silence"]["measured"], 2.475, 0.05)
    passes(r, "silence", False)
    near("gap: last onset s", r["measurements"]["last_onset_s"], 9.5, 0.05)
    passes(r, "last_onset")

    # Clicks until 5.5 s, then a chord struck at 6 s and held to the end with 4 Hz pumping (±3 dB) and a
    # decaying tail: the last onset is the strike, not the pumping or the tail.
    t = np.arange(4 * RATE) / RATE
    chord = sum(np.sin(2 * np.pi * f * t) for f in (220.0, 277.2, 329.6)) * 0.1
    envelope = np.minimum(1, t / 0.01) * (1 + 0.35 * np.sin(2 * np.pi * 4 * t)) * np.exp(-np.maximum(0, t - 2.5) / 0.3)
    held = clicks.copy()
    held[6 * RATE:] = 0
    held[6 * RATE:] += chord * envelope
    path = os.path.join(tmp, "held.wav")
    write_wav(path, held)
    r = qc(path, "--duration", "10", "--report-only")
    near("held chord with pumping: last onset s", r["measurements"]["last_onset_s"], 6.0, 0.05)

    # 120 bpm: a kick on each beat and a hat between, over a quiet pad (aubio's beat tracker loses
    # its phase in digital silence, and music is never that bare).
    n = int(0.12 * RATE)
    t = np.arange(n) / RATE
    kick = np.sin(2 * np.pi * (60 + 100 * np.exp(-t / 0.02)) * t) * np.exp(-t / 0.05) * 0.6
    hat = rng.standard_normal(n) * np.exp(-t / 0.01) * 0.15
    steady = tone(12, 220, 0.05)
    for i in range(47):
        j = int(i * 0.25 * RATE)
        steady[j:j + n] += kick if i % 2 == 0 else hat
    beat = os.path.join(tmp, "beat.wav")
    write_wav(beat, steady)
    meta = os.path.join(tmp, "beat.json")
    with open(meta, "w") as f:
        json.dump({"bpm": 120, "request": {"duration_ms": 12000}}, f)
    r = qc(beat, "--meta", meta, "--report-only")
    bpm = r["measurements"]["bpm_audio"] or 0.0
    folded = min((bpm * f for f in (1, 0.5, 2)), key=lambda x: abs(x - 120))
    near(f"click track: audio tempo {bpm} bpm, folded to the nearest of half/same/double", folded, 120, 2.4)
    passes(r, "tempo")
    with open(meta, "w") as f:
        json.dump({"bpm": 100, "request": {"duration_ms": 12000}}, f)
    passes(qc(beat, "--meta", meta, "--report-only"), "tempo", False)

    # I-IV-V-I in C major, then i-iv-V-i in A minor, each chord 1 s of summed sines with its bass.
    def chords(progression):
        out = []
        for notes in progression:
            seg = sum(tone(1.0, 440 * 2 ** ((n - 69) / 12), 0.08) for n in notes)
            out.append(seg * np.hanning(len(seg)) ** 0.1)
        return np.concatenate(out * 3)

    c_major = chords([[48, 60, 64, 67], [53, 65, 69, 72], [55, 67, 71, 74], [48, 60, 64, 67]])
    a_minor = chords([[45, 57, 60, 64], [50, 62, 65, 69], [52, 64, 68, 71], [45, 57, 60, 64]])
    for name, signal, key in (("cmajor", c_major, "C major"), ("aminor", a_minor, "A minor")):
        path = os.path.join(tmp, f"{name}.wav")
        write_wav(path, signal)
        meta = os.path.join(tmp, f"{name}.json")
        with open(meta, "w") as f:
            json.dump({"key": key, "request": {"key": key, "duration_ms": 12000}}, f)
        r = qc(path, "--meta", meta, "--report-only")
        expect(f"{name}: chroma key estimate", r["measurements"]["key_audio"] == key, f"{r['measurements']['key_audio']} (want {key})")
        passes(r, "key")
    r = qc(os.path.join(tmp, "aminor.wav"), "--meta", meta, "--key", "D minor", "--report-only")
    passes(r, "key", False)

    # Stems: two halves of a mix sum back to it (16-bit rounding only); a missing stem does not.
    x, y = tone(5, 300, 0.2), tone(5, 700, 0.2)
    mix, s1, s2 = (os.path.join(tmp, n) for n in ("mix.wav", "mix.bass.wav", "mix.melody.wav"))
    write_wav(mix, x + y)
    write_wav(s1, x)
    write_wav(s2, y)
    r = qc(mix, "--duration", "5", "--report-only", "--stems-sum", s1, s2)
    expect("stems: sum residual below -60 dB", r["measurements"]["stems_residual_db"] < -60, r["measurements"]["stems_residual_db"])
    passes(r, "stems_sum")
    r = qc(mix, "--duration", "5", "--report-only", "--stems-sum", s1)
    near("stems: one of two equal stems missing leaves -3 dB", r["measurements"]["stems_residual_db"], -3.0, 0.2)
    passes(r, "stems_sum", False)


def engine(tmp):
    cli = os.path.join(ROOT, "src/Mureka.Cli/bin/Release/net10.0/mureka.dll")
    out = os.path.join(tmp, "engine.wav")
    p = subprocess.run(["dotnet", cli, "render", "--genre", "chiptune", "--duration", "6s", "--seed", "3", "--stems", "--json", "-o", out],
                       stdout=subprocess.PIPE, text=True, check=True)
    meta = os.path.join(tmp, "engine.json")
    with open(meta, "w") as f:
        f.write(p.stdout)
    files = json.loads(p.stdout)["files"]
    r = qc(out, "--meta", meta, "--report-only", "--stems-sum", *files[1:], expect_rc=0)
    m = r["measurements"]
    expect("engine track: every check was measured",
           set(r["checks"]) >= {"length", "lufs", "true_peak", "last_onset", "silence", "correlation", "mono_loss", "dc_offset", "tempo", "key", "stems_sum"},
           sorted(r["checks"]))
    expect("engine track: loudness and peak are finite and plausible",
           -40 < m["integrated_lufs"] < 0 and -40 < m["true_peak_dbtp"] < 3, (m["integrated_lufs"], m["true_peak_dbtp"]))
    expect("engine track: a key was estimated from the stems", m["key_audio"] is not None, m["key_audio"])


def main():
    with tempfile.TemporaryDirectory() as tmp:
        print("qc self-test: synthesized fixtures")
        synthetic(tmp)
        if "--engine" in sys.argv[1:]:
            print("qc self-test: an engine render")
            engine(tmp)
    if failures:
        print(f"qc self-test: {len(failures)} failed: {', '.join(failures)}")
        return 1
    print("qc self-test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

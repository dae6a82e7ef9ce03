using System.Globalization;

namespace Mureka.Spec.Themes;

/// <summary>Reads one line of an ABC tune's body into <see cref="AbcState"/>: notes, rests, bar lines and what to skip.</summary>
internal sealed class AbcLineReader(AbcState state, string line, int number)
{
    // Single-character decorations (ABC 2.1 §4.14); none changes a note's pitch or length.
    private const string Decorations = "~.HLMOPSTuv";

    private int _at;
    private int _lastNote = -1;
    private double _brokenFactor = 1;
    private int _tupletLeft;
    private double _tupletFactor = 1;

    public void Read()
    {
        while (_at < line.Length)
        {
            var c = line[_at];
            switch (c)
            {
                case '%':
                    return;
                case ' ' or '\t' or '`' or 'y' or '\\' or ')':
                    _at++;
                    break;
                case '"':
                    SkipPast('"', "a chord symbol or annotation");
                    break;
                case '!' or '+':
                    SkipPast(c, "a decoration");
                    break;
                case '{':
                    SkipPast('}', "grace notes");
                    break;
                case '(':
                    Tuplet();
                    break;
                case '|' or ':':
                    BarLine();
                    break;
                case '[' when _at + 2 < line.Length && char.IsAsciiLetter(line[_at + 1]) && line[_at + 2] == ':':
                    InlineField();
                    break;
                case '[' when _at + 1 < line.Length && (line[_at + 1] == '|' || char.IsAsciiDigit(line[_at + 1])):
                    BarLine();
                    break;
                case '[':
                    Chord();
                    break;
                case '-':
                    state.TiedIndex = _lastNote >= 0 ? _lastNote : null;
                    _at++;
                    break;
                case '>' or '<':
                    Broken(c);
                    break;
                case 'z' or 'x':
                    _at++;
                    Advance(Length(), rest: true);
                    break;
                case 'Z' or 'X':
                    _at++;
                    var bars = Digits() ?? 1;
                    state.Position16 += bars * state.MeterNumerator * 16.0 / state.MeterDenominator;
                    state.CloseTie();
                    break;
                case '&':
                    throw Unexpected("a voice overlay (&) — give the melody alone");
                default:
                    if (Decorations.Contains(c, StringComparison.Ordinal))
                    {
                        _at++;
                    }
                    else if (c is '^' or '_' or '=' || "ABCDEFGabcdefg".Contains(c, StringComparison.Ordinal))
                    {
                        var pitch = Pitch();
                        AddNote(pitch, Length());
                    }
                    else
                    {
                        throw Unexpected(char.IsControl(c) ? $"a control character (U+{(int)c:X4})" : $"'{c}'");
                    }

                    break;
            }
        }
    }

    private void AddNote(int pitch, double length)
    {
        var duration = length * Factor();
        if (state.TiedIndex is { } tied && state.Notes[tied].Pitch == pitch)
        {
            state.Notes[tied] = state.Notes[tied] with { Duration16 = state.Notes[tied].Duration16 + duration };
            state.TiedIndex = null;
            _lastNote = tied;
        }
        else
        {
            state.TiedIndex = null;
            state.Notes.Add(new DraftNote(state.Position16, duration, pitch));
            _lastNote = state.Notes.Count - 1;
        }

        state.Position16 += duration;
        if (state.Notes.Count > ThemeLimits.MaxNotes * 4)
        {
            throw new ThemeFormatException($"has more than {ThemeLimits.MaxNotes} notes; a theme may have at most {ThemeLimits.MaxNotes}");
        }
    }

    private void Advance(double length, bool rest)
    {
        state.Position16 += length * Factor();
        if (rest)
        {
            state.CloseTie();
            _lastNote = -1;
        }
    }

    /// <summary>The broken-rhythm and tuplet factor for the element now being read.</summary>
    private double Factor()
    {
        var factor = _brokenFactor;
        _brokenFactor = 1;
        if (_tupletLeft > 0)
        {
            factor *= _tupletFactor;
            _tupletLeft--;
        }

        return factor;
    }

    private int Pitch()
    {
        var accidental = (int?)null;
        while (_at < line.Length && line[_at] is '^' or '_' or '=')
        {
            accidental = (accidental ?? 0) + line[_at] switch { '^' => 1, '_' => -1, _ => 0 };
            _at++;
        }

        if (_at >= line.Length || !"ABCDEFGabcdefg".Contains(line[_at], StringComparison.Ordinal))
        {
            throw Unexpected("an accidental without a note");
        }

        var letter = line[_at++];
        var octave = char.IsLower(letter) ? 1 : 0;
        while (_at < line.Length && line[_at] is '\'' or ',')
        {
            octave += line[_at] == '\'' ? 1 : -1;
            _at++;
        }

        var upper = char.ToUpperInvariant(letter);
        if (accidental is { } given)
        {
            state.BarAccidentals[(upper, octave)] = given;
        }

        var alter = state.BarAccidentals.TryGetValue((upper, octave), out var kept) ? kept : state.Signature.AccidentalOf(upper);
        return 60 + (12 * octave) + AbcKeySignature.NaturalOf(upper) + alter;
    }

    /// <summary>A length suffix (2, /2, /, //, 3/2) in sixteenths, from the unit length.</summary>
    private double Length()
    {
        var multiplier = (double)(Digits() ?? 1);
        while (_at < line.Length && line[_at] == '/')
        {
            _at++;
            multiplier /= Digits() ?? 2;
        }

        return multiplier * state.Unit16;
    }

    private int? Digits()
    {
        var start = _at;
        while (_at < line.Length && char.IsAsciiDigit(line[_at]) && _at - start < 4)
        {
            _at++;
        }

        return _at > start ? int.Parse(line.AsSpan(start, _at - start), NumberStyles.None, CultureInfo.InvariantCulture) is var n and > 0 ? n : throw Unexpected("a zero length") : null;
    }

    private void Chord()
    {
        _at++;
        var top = -1;
        double? first = null;
        while (_at < line.Length && line[_at] != ']')
        {
            if (line[_at] is ' ' or '-')
            {
                _at++;
                continue;
            }

            var pitch = Pitch();
            var length = Length();
            first ??= length;
            top = Math.Max(top, pitch);
        }

        if (_at >= line.Length || top < 0)
        {
            throw Unexpected("a chord that is not closed by ] or has no notes");
        }

        _at++;
        var outer = Length() / state.Unit16;
        AddNote(top, (first ?? state.Unit16) * outer);
    }

    private void BarLine()
    {
        // |, ||, |], [|, |:, :|, ::, and first/second endings |1 :|2 [1 — all one bar line: accidentals end here.
        while (_at < line.Length && line[_at] is '|' or ':' or ']' or '[')
        {
            _at++;
        }

        while (_at < line.Length && (char.IsAsciiDigit(line[_at]) || line[_at] is ',' or '-'))
        {
            _at++;
        }

        state.BarAccidentals.Clear();
        state.FirstBarLine ??= state.Position16 > 0 ? state.Position16 : null;
    }

    private void Broken(char c)
    {
        var count = 0;
        while (_at < line.Length && line[_at] == c)
        {
            count++;
            _at++;
        }

        if (_lastNote < 0 || count > 3)
        {
            throw Unexpected("broken rhythm (> or <) without a note before it");
        }

        var shortPart = Math.Pow(0.5, count);
        var previous = state.Notes[_lastNote];
        var previousFactor = c == '>' ? 2 - shortPart : shortPart;
        var change = previous.Duration16 * (previousFactor - 1);
        state.Notes[_lastNote] = previous with { Duration16 = previous.Duration16 * previousFactor };
        state.Position16 += change;
        _brokenFactor = c == '>' ? shortPart : 2 - shortPart;
    }

    private void Tuplet()
    {
        _at++;
        if (_at >= line.Length || !char.IsAsciiDigit(line[_at]))
        {
            return; // a slur
        }

        var p = Digits() ?? 3;
        int? q = null;
        int? r = null;
        if (_at < line.Length && line[_at] == ':')
        {
            _at++;
            q = Digits();
            if (_at < line.Length && line[_at] == ':')
            {
                _at++;
                r = Digits();
            }
        }

        var compound = state.MeterNumerator % 3 == 0 && state.MeterDenominator == 8 && state.MeterNumerator > 3;
        q ??= p switch { 2 or 4 or 8 => 3, 3 or 6 => 2, _ => compound ? 3 : 2 };
        _tupletFactor = q.Value / (double)p;
        _tupletLeft = r ?? p;
    }

    private void InlineField()
    {
        var close = line.IndexOf(']', _at);
        if (close < 0)
        {
            throw Unexpected("an inline field that is not closed by ]");
        }

        state.Field(line[_at + 1], line[(_at + 3)..close], number);
        _at = close + 1;
    }

    private void SkipPast(char end, string what)
    {
        var close = line.IndexOf(end, _at + 1);
        if (close < 0)
        {
            throw Unexpected($"{what} that is not closed");
        }

        _at = close + 1;
    }

    private ThemeFormatException Unexpected(string what) =>
        new($"cannot read ABC at line {number}, column {_at + 1}: {what}");
}

using System.Globalization;

namespace Mureka.Spec.Themes;

/// <summary>
/// Reads a single-voice tune in ABC notation (2.1): the header's <c>M:</c>, <c>L:</c>, <c>Q:</c> and <c>K:</c> fields,
/// then notes with accidentals (kept to the end of the bar), octave marks, lengths, rests, ties, broken rhythm,
/// tuplets and chords (their top note). Chord symbols, annotations, decorations, slurs and grace notes are skipped;
/// repeats are read once, as written. Anything else is refused with its line and column, never guessed at.
/// </summary>
internal static class AbcThemeReader
{
    public static ThemeDraft Read(string text)
    {
        var state = new AbcState();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var inBody = false;
        for (var number = 0; number < lines.Length; number++)
        {
            var line = lines[number];
            if (!inBody)
            {
                if (line.TrimStart().StartsWith('%') || line.Trim().Length == 0)
                {
                    continue;
                }

                if (!IsField(line))
                {
                    throw new ThemeFormatException($"cannot read ABC at line {number + 1}: the header must end with a K: field before the tune");
                }

                state.Field(line[0], line[2..], number + 1);
                inBody = line[0] == 'K';
                continue;
            }

            if (IsField(line))
            {
                state.Field(line[0], line[2..], number + 1);
                continue;
            }

            new AbcLineReader(state, line, number + 1).Read();
        }

        if (!inBody)
        {
            throw new ThemeFormatException("is not ABC notation: no K: field (the key) ends a header");
        }

        state.CloseTie();

        // A first bar shorter than the metre is a pickup: it leads into the first bar line rather than starting a bar.
        var bar = state.MeterNumerator * 16.0 / state.MeterDenominator;
        var pickup = state.FirstBarLine is { } first && first < bar - 1e-9 ? bar - first : 0;
        var notes = state.Notes.Select(n => n with { Start16 = n.Start16 + pickup }).ToList();
        return new ThemeDraft("abc", null, state.MeterNumerator, state.MeterDenominator, state.Signature.Key, state.Bpm, notes);
    }

    private static bool IsField(string line) => line.Length >= 2 && char.IsAsciiLetter(line[0]) && line[1] == ':';
}

/// <summary>Where a tune is while it is read: the fields in force, the position, the bar's accidentals and the notes so far.</summary>
internal sealed class AbcState
{
    private double? _quarterBpm;
    private (double Unit, double Beats)? _tempo;

    public int MeterNumerator { get; private set; } = 4;

    public int MeterDenominator { get; private set; } = 4;

    /// <summary>The unit note length in whole notes; ABC's default depends on the metre until <c>L:</c> sets it.</summary>
    public double? UnitLength { get; private set; }

    public double Unit16 => (UnitLength ?? (MeterNumerator / (double)MeterDenominator < 0.75 ? 1.0 / 16 : 1.0 / 8)) * 16;

    public AbcKeySignature Signature { get; private set; } = AbcKeySignature.Parse("C");

    public double Position16 { get; set; }

    public Dictionary<(char Letter, int Octave), int> BarAccidentals { get; } = [];

    public List<DraftNote> Notes { get; } = [];

    /// <summary>Where the first bar line fell, in sixteenths: before a whole bar, the tune starts with a pickup.</summary>
    public double? FirstBarLine { get; set; }

    /// <summary>The note a tie (<c>-</c>) holds over into the next note of the same pitch.</summary>
    public int? TiedIndex { get; set; }

    public double? Bpm => _quarterBpm ?? (_tempo is { } t ? t.Beats * t.Unit * 4 : null);

    public void Field(char name, string value, int line)
    {
        value = StripComment(value).Trim();
        switch (name)
        {
            case 'M':
                SetMeter(value, line);
                break;
            case 'L':
                UnitLength = Fraction(value, line, "L:");
                break;
            case 'Q':
                SetTempo(value, line);
                break;
            case 'K':
                Signature = AbcKeySignature.Parse(value);
                break;
            case 'V' when Notes.Count > 0:
                throw new ThemeFormatException($"cannot read ABC at line {line}: a second voice (V:) — give the melody's voice alone");
            default:
                // X:, T:, C:, R:, N:, w: and the rest describe the tune; none changes its notes.
                break;
        }
    }

    public void CloseTie() => TiedIndex = null;

    private void SetMeter(string value, int line)
    {
        var (numerator, denominator) = value switch
        {
            "C" => (4, 4),
            "C|" => (2, 2),
            _ => ParseMeter(value, line),
        };
        if (Notes.Count > 0 && (numerator, denominator) != (MeterNumerator, MeterDenominator))
        {
            throw new ThemeFormatException($"cannot read ABC at line {line}: the metre changes within the tune; a theme keeps one metre");
        }

        MeterNumerator = numerator;
        MeterDenominator = denominator;
    }

    private static (int, int) ParseMeter(string value, int line)
    {
        var parts = value.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            && n is > 0 and <= 32 && d is 1 or 2 or 4 or 8 or 16)
        {
            return (n, d);
        }

        throw new ThemeFormatException($"cannot read ABC at line {line}: M:{SpecFields.Truncate(value)} is not a time signature");
    }

    private void SetTempo(string value, int line)
    {
        // Q:1/4=120, Q:3/8=80, Q:"Allegro" 1/4=120, or the old Q:120 (beats of the unit length).
        var text = value;
        while (text.IndexOf('"', StringComparison.Ordinal) is var open and >= 0)
        {
            var close = text.IndexOf('"', open + 1);
            text = close < 0 ? text[..open] : text[..open] + text[(close + 1)..];
        }

        text = text.Trim();
        if (text.Length == 0)
        {
            return;
        }

        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var beatsText = equals >= 0 ? text[(equals + 1)..].Trim() : text;
        if (!double.TryParse(beatsText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var beats) || beats <= 0 || !double.IsFinite(beats))
        {
            throw new ThemeFormatException($"cannot read ABC at line {line}: Q:{SpecFields.Truncate(value)} is not a tempo");
        }

        if (equals < 0)
        {
            _tempo = (UnitLength ?? 1.0 / 8, beats);
            return;
        }

        var unit = text[..equals].Split(' ', StringSplitOptions.RemoveEmptyEntries).Sum(f => Fraction(f, line, "Q:"));
        _quarterBpm = beats * unit * 4;
    }

    private static double Fraction(string value, int line, string field)
    {
        var parts = value.Trim().Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            && n is > 0 and <= 64 && d is > 0 and <= 256)
        {
            return n / (double)d;
        }

        throw new ThemeFormatException($"cannot read ABC at line {line}: {field}{SpecFields.Truncate(value)} is not a note length such as 1/8");
    }

    private static string StripComment(string value)
    {
        var percent = value.IndexOf('%', StringComparison.Ordinal);
        return percent >= 0 ? value[..percent] : value;
    }
}

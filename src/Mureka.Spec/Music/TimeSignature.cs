using System.Text.Json.Serialization;

namespace Mureka.Spec.Music;

/// <summary>The metres the composer was trained on. On the wire it is "3/4".</summary>
[JsonConverter(typeof(TimeSignatureJsonConverter))]
public readonly record struct TimeSignature(int Numerator, int Denominator)
{
    public static readonly TimeSignature FourFour = new(4, 4);
    public static readonly TimeSignature ThreeFour = new(3, 4);
    public static readonly TimeSignature SixEight = new(6, 8);

    public static IReadOnlyList<TimeSignature> Supported { get; } = [FourFour, ThreeFour, SixEight];

    /// <summary>Length of one bar on the composer's sixteenth-note grid.</summary>
    public int SixteenthsPerBar => Numerator * 16 / Denominator;

    /// <summary>Length of one bar in quarter notes (the unit BPM counts).</summary>
    public double QuarterNotesPerBar => Numerator * 4.0 / Denominator;

    /// <summary>Beats a listener counts: dotted quarters in compound metres.</summary>
    public int BeatsPerBar => Denominator == 8 && Numerator % 3 == 0 ? Numerator / 3 : Numerator;

    public override string ToString() => $"{Numerator}/{Denominator}";

    public static bool TryParse(string? text, out TimeSignature meter)
    {
        meter = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Trim().Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var n) || !int.TryParse(parts[1], out var d))
        {
            return false;
        }

        var candidate = new TimeSignature(n, d);
        if (!Supported.Contains(candidate))
        {
            return false;
        }

        meter = candidate;
        return true;
    }
}

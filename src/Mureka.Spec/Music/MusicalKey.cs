using System.Globalization;
using System.Text.Json.Serialization;

namespace Mureka.Spec.Music;

/// <summary>A tonic pitch class (0 = C … 11 = B) and a mode. On the wire it is its name, e.g. "F# minor".</summary>
[JsonConverter(typeof(MusicalKeyJsonConverter))]
public readonly record struct MusicalKey(int TonicPitchClass, Mode Mode)
{
    private static readonly string[] SharpNames = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];
    private static readonly int[] MajorSteps = [0, 2, 4, 5, 7, 9, 11];
    private static readonly int[] MinorSteps = [0, 2, 3, 5, 7, 8, 10];

    /// <summary>Semitone offsets of the seven scale degrees above the tonic (natural minor for minor keys).</summary>
    public IReadOnlyList<int> ScaleSteps => Mode == Mode.Major ? MajorSteps : MinorSteps;

    /// <summary>MIDI note of the tonic nearest middle C, the anchor of the composer's key-relative pitches.</summary>
    public int TonicMidi => TonicPitchClass <= 5 ? 60 + TonicPitchClass : 48 + TonicPitchClass;

    public string Name => $"{SharpNames[TonicPitchClass]} {(Mode == Mode.Major ? "major" : "minor")}";

    public bool ContainsPitchClass(int pitchClass)
    {
        var relative = ((pitchClass - TonicPitchClass) % 12 + 12) % 12;
        return ScaleSteps.Contains(relative);
    }

    public override string ToString() => Name;

    /// <summary>Parses "C", "C major", "A minor", "F#m", "Bb min", "eb-major".</summary>
    public static bool TryParse(string? text, out MusicalKey key)
    {
        key = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim().ToLowerInvariant().Replace('-', ' ').Replace('_', ' ');
        if (s.Length == 0 || s[0] < 'a' || s[0] > 'g')
        {
            return false;
        }

        int pc = s[0] switch { 'c' => 0, 'd' => 2, 'e' => 4, 'f' => 5, 'g' => 7, 'a' => 9, _ => 11 };
        var i = 1;
        if (i < s.Length && (s[i] == '#' || s[i] == '♯'))
        {
            pc++;
            i++;
        }
        else if (i < s.Length && (s[i] == 'b' || s[i] == '♭'))
        {
            pc--;
            i++;
        }

        var rest = s[i..].Trim();
        Mode mode;
        switch (rest)
        {
            case "":
            case "maj":
            case "major":
            case "ionian":
                mode = Mode.Major;
                break;
            case "m":
            case "min":
            case "minor":
            case "aeolian":
                mode = Mode.Minor;
                break;
            default:
                return false;
        }

        key = new MusicalKey(((pc % 12) + 12) % 12, mode);
        return true;
    }

    public static MusicalKey Parse(string text) =>
        TryParse(text, out var key) ? key : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"'{text}' is not a key"));
}

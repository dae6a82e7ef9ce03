using Mureka.Spec.Music;

namespace Mureka.Spec.Themes;

/// <summary>
/// An ABC <c>K:</c> field: the tonic and mode it names, and the accidental it puts on each note letter. Modes other
/// than major and minor are read (Dorian, Mixolydian…) and reported as the major or minor key on the same tonic.
/// </summary>
internal sealed class AbcKeySignature
{
    private const string Letters = "CDEFGAB";
    private static readonly int[] NaturalPitchClass = [0, 2, 4, 5, 7, 9, 11];
    private static readonly int[] LetterFifths = [0, 2, 4, -1, 1, 3, 5];
    private static readonly string SharpOrder = "FCGDAEB";

    private readonly int[] _accidentals = new int[7];

    private AbcKeySignature(MusicalKey key)
    {
        Key = key;
    }

    public MusicalKey Key { get; }

    /// <summary>The signature's accidental (−1, 0 or +1; explicit ones may be ±2) on a note letter (upper case).</summary>
    public int AccidentalOf(char letter) => _accidentals[Letters.IndexOf(letter, StringComparison.Ordinal)];

    public static int NaturalOf(char letter) => NaturalPitchClass[Letters.IndexOf(letter, StringComparison.Ordinal)];

    public static AbcKeySignature Parse(string value)
    {
        var text = value.Trim();
        if (text.Length == 0 || text.StartsWith("none", StringComparison.OrdinalIgnoreCase))
        {
            return new AbcKeySignature(new MusicalKey(0, Mode.Major));
        }

        var letter = char.ToUpperInvariant(text[0]);
        var index = Letters.IndexOf(letter, StringComparison.Ordinal);
        if (index < 0)
        {
            throw new ThemeFormatException($"K: field '{SpecFields.Truncate(value)}' does not name a key (write e.g. K:G, K:Em, K:Bb, K:Ddor)");
        }

        var position = 1;
        var alter = 0;
        if (position < text.Length && text[position] is '#' or 'b')
        {
            alter = text[position] == '#' ? 1 : -1;
            position++;
        }

        var words = text[position..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var modeWord = words.Length > 0 && !IsAccidental(words[0]) && !words[0].Contains('=', StringComparison.Ordinal) ? words[0].ToLowerInvariant() : string.Empty;
        var (fifthsShift, mode) = ModeOf(modeWord, value);
        var tonic = ((NaturalPitchClass[index] + alter) % 12 + 12) % 12;
        var signature = new AbcKeySignature(new MusicalKey(tonic, mode));

        var fifths = LetterFifths[index] + (7 * alter) + fifthsShift;
        for (var i = 0; i < Math.Abs(fifths) && i < 7; i++)
        {
            var sharpened = fifths > 0 ? SharpOrder[i] : SharpOrder[6 - i];
            signature._accidentals[Letters.IndexOf(sharpened, StringComparison.Ordinal)] = fifths > 0 ? 1 : -1;
        }

        // Explicit accidentals after the key (K:D =c ^g) change single letters.
        foreach (var word in words.Where(IsAccidental))
        {
            var target = char.ToUpperInvariant(word[^1]);
            var at = Letters.IndexOf(target, StringComparison.Ordinal);
            if (at >= 0)
            {
                signature._accidentals[at] = word[..^1] switch { "^" => 1, "^^" => 2, "_" => -1, "__" => -2, _ => 0 };
            }
        }

        return signature;
    }

    private static bool IsAccidental(string word) => word.Length >= 2 && word[0] is '^' or '_' or '=' && char.IsAsciiLetter(word[^1]);

    private static (int FifthsShift, Mode Mode) ModeOf(string word, string value)
    {
        var stem = word.Length >= 3 ? word[..3] : word;
        return stem switch
        {
            "" or "maj" or "ion" => (0, Mode.Major),
            "m" or "min" or "aeo" => (-3, Mode.Minor),
            "mix" => (-1, Mode.Major),
            "dor" => (-2, Mode.Minor),
            "phr" => (-4, Mode.Minor),
            "lyd" => (1, Mode.Major),
            "loc" => (-5, Mode.Minor),
            _ when word.StartsWith("clef", StringComparison.Ordinal) => (0, Mode.Major),
            _ => throw new ThemeFormatException($"K: field '{SpecFields.Truncate(value)}' names an unknown mode '{SpecFields.Truncate(word)}'"),
        };
    }
}

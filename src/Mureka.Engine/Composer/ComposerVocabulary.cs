using System.Globalization;
using System.Text.Json;
using Mureka.Engine.Music;
using Mureka.Spec.Music;

namespace Mureka.Engine.Composer;

/// <summary>
/// The composer's token set, read from <c>vocab.json</c> (token names in id order) and indexed by
/// meaning so the grammar and the decoder never compare strings in the sampling loop.
/// </summary>
public sealed class ComposerVocabulary
{
    public const int MaxPosition = 16;

    private readonly Dictionary<string, int> _ids;

    public ComposerVocabulary(IReadOnlyList<string> tokens)
    {
        Tokens = tokens;
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            _ids[tokens[i]] = i;
        }

        Pad = Require("<pad>");
        Bos = Require("<bos>");
        Eos = Require("<eos>");
        Bar = Require("bar");

        Positions = Enumerable.Range(0, MaxPosition).Select(k => Require($"pos:{k}")).ToArray();
        var chords = new Dictionary<int, (int Root, ChordQuality Quality)>();
        var notes = new Dictionary<int, int>();
        var durations = new Dictionary<int, int>();
        var positions = new Dictionary<int, int>();
        for (var k = 0; k < Positions.Length; k++)
        {
            positions[Positions[k]] = k;
        }

        for (var id = 0; id < tokens.Count; id++)
        {
            var parts = tokens[id].Split(':');
            switch (parts[0])
            {
                case "chord" when parts.Length == 3:
                    chords[id] = (int.Parse(parts[1], CultureInfo.InvariantCulture), ParseQuality(parts[2]));
                    break;
                case "note" when parts.Length == 2:
                    notes[id] = int.Parse(parts[1], CultureInfo.InvariantCulture);
                    break;
                case "dur" when parts.Length == 2:
                    durations[id] = int.Parse(parts[1], CultureInfo.InvariantCulture);
                    break;
            }
        }

        ChordByToken = chords;
        NoteByToken = notes;
        DurationByToken = durations;
        PositionByToken = positions;
        if (chords.Count == 0 || notes.Count == 0 || durations.Count == 0)
        {
            throw new InvalidDataException("vocab.json lacks chord, note or duration tokens.");
        }
    }

    public IReadOnlyList<string> Tokens { get; }

    public int Size => Tokens.Count;

    public int Pad { get; }

    public int Bos { get; }

    public int Eos { get; }

    public int Bar { get; }

    public int[] Positions { get; }

    public IReadOnlyDictionary<int, int> PositionByToken { get; }

    public IReadOnlyDictionary<int, (int Root, ChordQuality Quality)> ChordByToken { get; }

    /// <summary>Melody pitch tokens → semitones relative to the tonic.</summary>
    public IReadOnlyDictionary<int, int> NoteByToken { get; }

    /// <summary>Duration tokens → length in sixteenths.</summary>
    public IReadOnlyDictionary<int, int> DurationByToken { get; }

    public int Meter(TimeSignature meter) => Require($"meter:{meter}");

    public int Mode(Mode mode) => Require(mode == Spec.Music.Mode.Major ? "mode:major" : "mode:minor");

    public int Style(string style) => _ids.TryGetValue($"style:{style}", out var id) ? id : Require("style:song");

    public static ComposerVocabulary Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        var tokens = doc.RootElement.GetProperty("tokens").EnumerateArray().Select(t => t.GetString() ?? string.Empty).ToList();
        return new ComposerVocabulary(tokens);
    }

    private int Require(string token) =>
        _ids.TryGetValue(token, out var id) ? id : throw new InvalidDataException($"vocab.json lacks the token '{token}'.");

    private static ChordQuality ParseQuality(string text) => text switch
    {
        "maj" => ChordQuality.Major,
        "min" => ChordQuality.Minor,
        "7" => ChordQuality.Dominant7,
        "maj7" => ChordQuality.Major7,
        "m7" => ChordQuality.Minor7,
        "dim" => ChordQuality.Diminished,
        "sus4" => ChordQuality.Suspended4,
        _ => throw new InvalidDataException($"Unknown chord quality '{text}' in vocab.json."),
    };
}

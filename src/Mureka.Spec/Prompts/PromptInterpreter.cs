using System.Globalization;
using System.Text.RegularExpressions;
using Mureka.Spec.Catalog;
using Mureka.Spec.Music;

namespace Mureka.Spec.Prompts;

/// <summary>
/// Maps the words of a free-text prompt to request fields. It is deliberately literal: it only
/// picks up genre names, moods, tempo, key, metre, length, instruments and a few intensity words,
/// and reports each match so the caller can see what was understood.
/// </summary>
public static partial class PromptInterpreter
{
    public static PromptHints Interpret(string? prompt)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            return new PromptHints();
        }

        var text = " " + Normalise(prompt) + " ";
        var notes = new List<string>();

        var genre = FindGenre(text, notes);
        var mood = FindMood(text, notes);
        var bpm = FindBpm(text, notes);
        var tempoLean = bpm is null ? FindTempoLean(text, notes) : 0;
        var (key, mode) = FindKey(text, notes);
        var meter = FindMeter(text, notes);
        var duration = FindDuration(text, notes);
        var instruments = FindInstruments(text, notes);
        var intensity = FindIntensity(text, notes);
        bool? loop = LoopWords().IsMatch(text) ? true : null;
        if (loop == true)
        {
            notes.Add("\"loop\" → loop on");
        }

        return new PromptHints
        {
            Genre = genre,
            Mood = mood,
            Bpm = bpm,
            TempoLean = tempoLean,
            Key = key,
            Mode = mode,
            Meter = meter,
            DurationMs = duration,
            Instruments = instruments,
            Intensity = intensity,
            Loop = loop,
            Notes = notes,
        };
    }

    private static string Normalise(string prompt) =>
        Whitespace().Replace(prompt.ToLowerInvariant().Replace('_', ' ').Replace('♯', '#').Replace('♭', 'b'), " ").Trim();

    private static bool ContainsPhrase(string text, string phrase) =>
        text.Contains(" " + phrase + " ", StringComparison.Ordinal)
        || text.Contains(" " + phrase + ",", StringComparison.Ordinal)
        || text.Contains(" " + phrase + ".", StringComparison.Ordinal);

    private static string? FindGenre(string text, List<string> notes)
    {
        // Longest phrase first, so "epic trailer" wins over "epic" and "hip hop" over "hop".
        var match = GenreProfiles.All
            .SelectMany(g => g.Aliases.Append(g.Id).Append(g.DisplayName.ToLowerInvariant()).Select(a => (Genre: g, Alias: a)))
            .Where(x => x.Alias.Length > 0 && ContainsPhrase(text, x.Alias))
            .OrderByDescending(x => x.Alias.Length)
            .FirstOrDefault();
        if (match.Genre is null)
        {
            return null;
        }

        notes.Add($"\"{match.Alias}\" → genre {match.Genre.Id}");
        return match.Genre.Id;
    }

    private static string? FindMood(string text, List<string> notes)
    {
        foreach (var mood in Moods.All)
        {
            var word = mood.Words.FirstOrDefault(w => ContainsPhrase(text, w));
            if (word is not null)
            {
                notes.Add($"\"{word}\" → mood {mood.Id}");
                return mood.Id;
            }
        }

        return null;
    }

    private static double? FindBpm(string text, List<string> notes)
    {
        var m = BpmPattern().Match(text);
        if (!m.Success)
        {
            return null;
        }

        var bpm = double.Parse(m.Groups["bpm"].Value, CultureInfo.InvariantCulture);
        notes.Add($"\"{m.Value.Trim()}\" → bpm {bpm.ToString(CultureInfo.InvariantCulture)}");
        return bpm;
    }

    private static int FindTempoLean(string text, List<string> notes)
    {
        foreach (var word in new[] { "slow", "slowly", "downtempo", "ballad" })
        {
            if (ContainsPhrase(text, word))
            {
                notes.Add($"\"{word}\" → slower tempo");
                return -1;
            }
        }

        foreach (var word in new[] { "fast", "quick", "rapid", "uptempo", "up-tempo" })
        {
            if (ContainsPhrase(text, word))
            {
                notes.Add($"\"{word}\" → faster tempo");
                return 1;
            }
        }

        return 0;
    }

    private static (MusicalKey? Key, Mode? Mode) FindKey(string text, List<string> notes)
    {
        var m = KeyPattern().Match(text);
        if (m.Success && MusicalKey.TryParse(m.Groups["key"].Value, out var key))
        {
            notes.Add($"\"{m.Value.Trim()}\" → key {key.Name}");
            return (key, key.Mode);
        }

        if (ContainsPhrase(text, "minor"))
        {
            notes.Add("\"minor\" → minor mode");
            return (null, Mode.Minor);
        }

        if (ContainsPhrase(text, "major"))
        {
            notes.Add("\"major\" → major mode");
            return (null, Mode.Major);
        }

        return (null, null);
    }

    private static TimeSignature? FindMeter(string text, List<string> notes)
    {
        var m = MeterPattern().Match(text);
        if (m.Success && TimeSignature.TryParse(m.Value.Trim(), out var meter))
        {
            notes.Add($"\"{m.Value.Trim()}\" → time signature {meter}");
            return meter;
        }

        return null;
    }

    private static long? FindDuration(string text, List<string> notes)
    {
        var clock = ClockDuration().Match(text);
        if (clock.Success)
        {
            var ms = (long.Parse(clock.Groups["m"].Value, CultureInfo.InvariantCulture) * 60
                + long.Parse(clock.Groups["s"].Value, CultureInfo.InvariantCulture)) * 1000;
            notes.Add($"\"{clock.Value.Trim()}\" → duration {ms} ms");
            return ms;
        }

        var m = UnitDuration().Match(text);
        if (!m.Success)
        {
            return null;
        }

        var amount = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        var unit = m.Groups["unit"].Value;
        var factor = unit.StartsWith('m') ? 60_000 : 1_000;
        var duration = (long)Math.Round(amount * factor);
        notes.Add($"\"{m.Value.Trim()}\" → duration {duration} ms");
        return duration;
    }

    private static List<string> FindInstruments(string text, List<string> notes)
    {
        var found = new List<(int Index, string Name)>();
        foreach (var name in InstrumentCatalog.Names)
        {
            foreach (var spelling in new[] { name, name.Replace('-', ' ') }.Distinct())
            {
                var index = text.IndexOf(" " + spelling, StringComparison.Ordinal);
                if (index >= 0 && ContainsPhrase(text, spelling) && found.All(f => f.Name != name))
                {
                    found.Add((index, name));
                }
            }
        }

        // A longer name ("electric guitar") hides the shorter one it contains ("guitar").
        var names = found
            .Where(f => !found.Any(o => o.Name != f.Name && o.Name.Replace('-', ' ').Contains(f.Name.Replace('-', ' '), StringComparison.Ordinal)))
            .OrderBy(f => f.Index)
            .Select(f => f.Name)
            .Take(SpecLimits.MaxInstruments)
            .ToList();
        if (names.Count > 0)
        {
            notes.Add($"instruments → {string.Join(", ", names)}");
        }

        return names;
    }

    private static int? FindIntensity(string text, List<string> notes)
    {
        foreach (var (word, level) in new[] { ("minimal", 1), ("sparse", 1), ("soft", 1), ("quiet", 1), ("subtle", 1), ("full", 3), ("big", 3), ("massive", 3), ("huge", 3) })
        {
            if (ContainsPhrase(text, word))
            {
                notes.Add($"\"{word}\" → intensity {level}");
                return level;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\b(?<bpm>\d{2,3}(?:\.\d+)?)\s*bpm\b")]
    private static partial Regex BpmPattern();

    // "d minor", "c# major", "eb maj", "in f#m", "key of g": a bare letter alone is too ambiguous ("in a calm mood").
    [GeneratedRegex(@"\b(?<key>[a-g](?:#|b)?\s*(?:major|minor|maj|min)\b|(?<=\bin\s)[a-g](?:#|b)?m\b|(?<=\bkey of\s)[a-g](?:#|b)?(?=[\s,.]))")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"\b(?:4/4|3/4|6/8)\b")]
    private static partial Regex MeterPattern();

    [GeneratedRegex(@"\b(?<m>\d{1,2}):(?<s>[0-5]\d)\b")]
    private static partial Regex ClockDuration();

    [GeneratedRegex(@"\b(?<n>\d+(?:\.\d+)?)\s*-?\s*(?<unit>seconds?|secs?|s|minutes?|mins?)\b")]
    private static partial Regex UnitDuration();

    [GeneratedRegex(@"\b(?:loop|loops|looping|loopable|seamless)\b")]
    private static partial Regex LoopWords();
}

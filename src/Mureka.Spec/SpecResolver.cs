using System.Globalization;
using System.Security.Cryptography;
using Mureka.Spec.Catalog;
using Mureka.Spec.Music;
using Mureka.Spec.Prompts;
using Mureka.Spec.Themes;
using Mureka.Spec.Timing;

namespace Mureka.Spec;

/// <summary>
/// Validates a <see cref="MusicSpec"/> and decides every open field. Typed fields win over the
/// prompt; the prompt wins over genre and mood defaults. Nothing is rendered for an invalid request.
/// </summary>
public static class SpecResolver
{
    private static readonly int[] MajorTonics = [0, 2, 5, 7, 9, 10, 3];
    private static readonly int[] MinorTonics = [9, 2, 4, 0, 7, 11, 5];

    /// <exception cref="RequestValidationException">When any field is invalid; lists every invalid field.</exception>
    public static ResolvedMusicSpec Resolve(MusicSpec request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<FieldError>();

        var model = SpecFields.Model(request.Model ?? MusicModels.Default, errors);
        var hints = SpecFields.Prompt(request.Prompt, errors) ? PromptInterpreter.Interpret(request.Prompt) : new PromptHints();
        var genre = request.Genre is null ? null : SpecFields.Genre(request.Genre, errors);
        var mood = request.Mood is null ? null : SpecFields.Mood(request.Mood, errors);
        if (request.Bpm is { } bpm)
        {
            SpecFields.Bpm(bpm, errors);
        }

        var key = request.Key is null ? null : SpecFields.Key(request.Key, errors);
        var meter = request.TimeSignature is null ? null : SpecFields.TimeSignature(request.TimeSignature, errors);
        if (request.DurationMs is { } durationMs)
        {
            SpecFields.DurationMs(durationMs, errors);
        }

        var instruments = request.Instruments is null ? [] : SpecFields.Instruments(request.Instruments, errors);
        if (request.Intensity is { } intensity)
        {
            SpecFields.Intensity(intensity, errors);
        }

        if (request.Seed is { } seed)
        {
            SpecFields.Seed(seed, errors);
        }

        var format = request.Format is null ? AudioFormat.Wav : SpecFields.Format(request.Format, errors) ?? AudioFormat.Wav;
        if (request.SampleRate is { } sampleRate)
        {
            SpecFields.SampleRate(sampleRate, format, errors);
        }

        if (request.BitDepth is { } bitDepth)
        {
            SpecFields.BitDepth(bitDepth, format, given: true, errors);
        }

        var mix = request.Mix is null ? MixVersion.Full : SpecFields.Mix(request.Mix, errors) ?? MixVersion.Full;
        var theme = request.Theme is null ? null : ThemeReader.Read(request.Theme, errors);
        var themeMeter = theme is null ? null : ThemeFit.Meter(theme, request, errors);
        if (theme is not null)
        {
            ThemeFit.Tempo(theme, request, errors);
        }

        CatalogueFields.Title(request.Title, errors);
        CatalogueFields.Labels(request.Labels, errors);
        if (errors.Count > 0 || model is null)
        {
            throw new RequestValidationException(errors);
        }

        var resolved = Decide(request, model, hints, genre, mood, key ?? theme?.Key, meter ?? themeMeter, instruments, format, theme?.Bpm);
        return resolved with
        {
            Mix = mix,
            Theme = theme,
            Interpretation = theme is null ? resolved.Interpretation : [.. resolved.Interpretation, .. ThemeFit.Notes(theme, resolved)],
        };
    }

    private static ResolvedMusicSpec Decide(
        MusicSpec request,
        string model,
        PromptHints hints,
        GenreProfile? genre,
        MoodProfile? mood,
        MusicalKey? key,
        TimeSignature? meter,
        List<string> instruments,
        AudioFormat format,
        double? themeBpm)
    {
        var notes = new List<string>(hints.Notes);
        if (genre is null && !(hints.Genre is { } hinted && GenreProfiles.TryGet(hinted, out genre)))
        {
            genre = GenreProfiles.Default;
        }

        if (mood is null && !(hints.Mood is { } hintedMood && Moods.TryGet(hintedMood, out mood)))
        {
            mood = Moods.All[0];
        }

        var seed = request.Seed is { } s ? (ulong)s : DrawSeed();

        var bpm = request.Bpm ?? themeBpm ?? hints.Bpm ?? ChooseBpm(genre, mood, hints.TempoLean);
        if (request.Bpm is null && themeBpm is null && hints.Bpm is { } hintedBpm && (hintedBpm < SpecLimits.MinBpm || hintedBpm > SpecLimits.MaxBpm))
        {
            bpm = Math.Clamp(hintedBpm, SpecLimits.MinBpm, SpecLimits.MaxBpm);
            notes.Add($"prompt tempo clamped to {bpm.ToString(CultureInfo.InvariantCulture)} bpm");
        }

        var duration = request.DurationMs ?? hints.DurationMs ?? SpecLimits.DefaultDurationMs;
        if (request.DurationMs is null && (duration < SpecLimits.MinDurationMs || duration > SpecLimits.MaxDurationMs))
        {
            duration = Math.Clamp(duration, SpecLimits.MinDurationMs, SpecLimits.MaxDurationMs);
            notes.Add($"prompt duration clamped to {duration} ms");
        }

        var resolvedMeter = meter ?? hints.Meter ?? genre.DefaultMeter;
        var loop = request.Loop ?? hints.Loop ?? false;
        if (request.Bpm is null && themeBpm is null && hints.Bpm is null)
        {
            // A tempo the caller left open bends (within the genre's range) so whole bars fill the length exactly.
            bpm = TempoFitter.Fit(bpm, genre.MinBpm, genre.MaxBpm, resolvedMeter, (int)duration, loop);
        }

        var resolvedKey = key ?? hints.Key ?? ChooseKey(hints.Mode ?? mood.Mode ?? genre.PreferredMode, seed);

        return new ResolvedMusicSpec
        {
            Model = model,
            Prompt = request.Prompt?.Trim() ?? string.Empty,
            Genre = genre.Id,
            Mood = mood.Id,
            Bpm = Math.Round(bpm, 2),
            Key = resolvedKey,
            TimeSignature = resolvedMeter,
            DurationMs = (int)duration,
            Instruments = instruments.Count > 0 ? instruments : hints.Instruments,
            Intensity = request.Intensity ?? hints.Intensity ?? mood.Intensity,
            Seed = seed,
            Format = format,
            SampleRate = request.SampleRate ?? format.DefaultSampleRate(),
            BitDepth = request.BitDepth ?? SpecLimits.DefaultBitDepth,
            Stems = request.Stems ?? false,
            Score = request.Score ?? false,
            Loop = loop,
            Interpretation = notes,
        };
    }

    private static double ChooseBpm(GenreProfile genre, MoodProfile mood, int lean)
    {
        var position = Math.Clamp(mood.TempoPosition + (0.35 * lean), 0, 1);
        if (mood.Id == "neutral" && lean == 0)
        {
            return genre.DefaultBpm;
        }

        return Math.Round(genre.MinBpm + ((genre.MaxBpm - genre.MinBpm) * position));
    }

    private static MusicalKey ChooseKey(Mode mode, ulong seed)
    {
        var tonics = mode == Mode.Major ? MajorTonics : MinorTonics;
        return new MusicalKey(tonics[(int)(seed % (ulong)tonics.Length)], mode);
    }

    // Seeds stay below 2^53 so they survive a round trip through JSON numbers in any client.
    private static ulong DrawSeed()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes) & (ulong)SpecLimits.MaxSeed;
    }
}

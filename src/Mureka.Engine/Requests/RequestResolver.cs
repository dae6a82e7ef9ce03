using System.Globalization;
using System.Security.Cryptography;
using Mureka.Engine.Arrangement;
using Mureka.Engine.Music;

namespace Mureka.Engine.Requests;

/// <summary>
/// Validates a <see cref="MusicRequest"/> and decides every open field. Typed fields win over the
/// prompt; the prompt wins over genre and mood defaults. Nothing is rendered for an invalid request.
/// </summary>
public static class RequestResolver
{
    private static readonly int[] MajorTonics = [0, 2, 5, 7, 9, 10, 3];
    private static readonly int[] MinorTonics = [9, 2, 4, 0, 7, 11, 5];

    /// <exception cref="RequestValidationException">When any field is invalid; lists every invalid field.</exception>
    public static ResolvedRequest Resolve(MusicRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<FieldError>();

        if (request.Prompt is { Length: > RequestLimits.MaxPromptLength })
        {
            errors.Add(new("prompt", $"must be at most {RequestLimits.MaxPromptLength} characters (got {request.Prompt.Length})"));
        }

        var hints = errors.Count == 0 ? PromptInterpreter.Interpret(request.Prompt) : new PromptHints();

        GenreTemplate? genre = null;
        if (request.Genre is not null && !GenreCatalog.TryGet(request.Genre.Trim().ToLowerInvariant(), out genre))
        {
            errors.Add(new("genre", $"unknown genre '{Truncate(request.Genre)}'; expected one of: {string.Join(", ", GenreCatalog.All.Select(g => g.Id))}"));
        }

        MoodProfile? mood = null;
        if (request.Mood is not null && !Moods.TryGet(request.Mood, out mood))
        {
            errors.Add(new("mood", $"unknown mood '{Truncate(request.Mood)}'; expected one of: {string.Join(", ", Moods.All.Select(m => m.Id))}"));
        }

        if (request.Bpm is { } bpmValue && (!double.IsFinite(bpmValue) || bpmValue < RequestLimits.MinBpm || bpmValue > RequestLimits.MaxBpm))
        {
            errors.Add(new("bpm", $"must be between {RequestLimits.MinBpm} and {RequestLimits.MaxBpm} (got {bpmValue.ToString(CultureInfo.InvariantCulture)})"));
        }

        MusicalKey? key = null;
        if (request.Key is not null)
        {
            if (MusicalKey.TryParse(request.Key, out var parsedKey))
            {
                key = parsedKey;
            }
            else
            {
                errors.Add(new("key", $"'{Truncate(request.Key)}' is not a key; write e.g. \"C major\", \"A minor\", \"F#m\" or \"Bb\""));
            }
        }

        TimeSignature? meter = null;
        if (request.TimeSignature is not null)
        {
            if (TimeSignature.TryParse(request.TimeSignature, out var parsedMeter))
            {
                meter = parsedMeter;
            }
            else
            {
                errors.Add(new("time_signature", $"'{Truncate(request.TimeSignature)}' is not supported; expected one of: {string.Join(", ", TimeSignature.Supported)}"));
            }
        }

        if (request.DurationMs is { } ms && (ms < RequestLimits.MinDurationMs || ms > RequestLimits.MaxDurationMs))
        {
            errors.Add(new("duration_ms", $"must be between {RequestLimits.MinDurationMs} and {RequestLimits.MaxDurationMs} ms (got {ms})"));
        }

        var instruments = ValidateInstruments(request.Instruments, errors);

        if (request.Intensity is { } intensityValue && (intensityValue < RequestLimits.MinIntensity || intensityValue > RequestLimits.MaxIntensity))
        {
            errors.Add(new("intensity", $"must be between {RequestLimits.MinIntensity} and {RequestLimits.MaxIntensity} (got {intensityValue})"));
        }

        if (request.Seed is { } seedValue && (seedValue < 0 || seedValue > RequestLimits.MaxSeed))
        {
            errors.Add(new("seed", $"must be between 0 and {RequestLimits.MaxSeed} (got {seedValue})"));
        }

        var format = AudioFormat.Wav;
        if (request.Format is not null && !TryParseFormat(request.Format, out format))
        {
            errors.Add(new("format", $"unknown format '{Truncate(request.Format)}'; expected one of: wav, flac, mp3, opus"));
        }

        ValidateSampleRate(request.SampleRate, format, errors);
        ValidateBitDepth(request.BitDepth, format, errors);

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        return Decide(request, hints, genre, mood, key, meter, instruments, format);
    }

    private static ResolvedRequest Decide(
        MusicRequest request,
        PromptHints hints,
        GenreTemplate? genre,
        MoodProfile? mood,
        MusicalKey? key,
        TimeSignature? meter,
        List<string> instruments,
        AudioFormat format)
    {
        var notes = new List<string>(hints.Notes);
        if (genre is null && !(hints.Genre is { } hinted && GenreCatalog.TryGet(hinted, out genre)))
        {
            genre = GenreCatalog.Default;
        }

        if (mood is null && !(hints.Mood is { } hintedMood && Moods.TryGet(hintedMood, out mood)))
        {
            mood = Moods.All[0];
        }

        var seed = request.Seed is { } s ? (ulong)s : DrawSeed();

        var bpm = request.Bpm ?? hints.Bpm ?? ChooseBpm(genre, mood, hints.TempoLean);
        if (request.Bpm is null && hints.Bpm is { } hintedBpm && (hintedBpm < RequestLimits.MinBpm || hintedBpm > RequestLimits.MaxBpm))
        {
            bpm = Math.Clamp(hintedBpm, RequestLimits.MinBpm, RequestLimits.MaxBpm);
            notes.Add($"prompt tempo clamped to {bpm.ToString(CultureInfo.InvariantCulture)} bpm");
        }

        var duration = request.DurationMs ?? hints.DurationMs ?? RequestLimits.DefaultDurationMs;
        if (request.DurationMs is null && (duration < RequestLimits.MinDurationMs || duration > RequestLimits.MaxDurationMs))
        {
            duration = Math.Clamp(duration, RequestLimits.MinDurationMs, RequestLimits.MaxDurationMs);
            notes.Add($"prompt duration clamped to {duration} ms");
        }

        var resolvedMeter = meter ?? hints.Meter ?? genre.DefaultMeter;
        var loop = request.Loop ?? hints.Loop ?? false;
        if (request.Bpm is null && hints.Bpm is null)
        {
            // A tempo the caller left open bends (within the genre's range) so whole bars fill the length exactly.
            bpm = TempoFitter.Fit(bpm, genre.MinBpm, genre.MaxBpm, resolvedMeter, (int)duration, loop);
        }

        var resolvedKey = key ?? hints.Key ?? ChooseKey(hints.Mode ?? mood.Mode ?? genre.PreferredMode, seed);

        return new ResolvedRequest
        {
            Prompt = request.Prompt?.Trim() ?? string.Empty,
            Genre = genre.Id,
            Mood = mood.Id,
            Bpm = Math.Round(bpm, 2),
            Key = resolvedKey,
            Meter = resolvedMeter,
            DurationMs = (int)duration,
            Instruments = instruments.Count > 0 ? instruments : hints.Instruments,
            Intensity = request.Intensity ?? hints.Intensity ?? mood.Intensity,
            Seed = seed,
            Format = format,
            SampleRate = request.SampleRate ?? (format == AudioFormat.Opus ? 48_000 : 44_100),
            BitDepth = request.BitDepth ?? 16,
            Stems = request.Stems ?? false,
            Loop = loop,
            Interpretation = notes,
        };
    }

    private static List<string> ValidateInstruments(IReadOnlyList<string>? requested, List<FieldError> errors)
    {
        var names = new List<string>();
        if (requested is null)
        {
            return names;
        }

        if (requested.Count > RequestLimits.MaxInstruments)
        {
            errors.Add(new("instruments", $"at most {RequestLimits.MaxInstruments} instruments (melody, harmony, extra layer); got {requested.Count}"));
            return names;
        }

        for (var i = 0; i < requested.Count; i++)
        {
            if (requested[i] is { } name && InstrumentCatalog.TryGet(name, out var info))
            {
                names.Add(info.Name);
            }
            else
            {
                errors.Add(new($"instruments[{i}]", $"unknown instrument '{Truncate(requested[i] ?? "null")}'; expected one of: {string.Join(", ", InstrumentCatalog.Names)}"));
            }
        }

        return names;
    }

    private static void ValidateSampleRate(int? sampleRate, AudioFormat format, List<FieldError> errors)
    {
        if (sampleRate is not { } rate)
        {
            return;
        }

        if (!RequestLimits.SampleRates.Contains(rate))
        {
            errors.Add(new("sample_rate", $"must be 44100 or 48000 (got {rate})"));
        }
        else if (format == AudioFormat.Opus && rate != 48_000)
        {
            errors.Add(new("sample_rate", "opus is always 48000 Hz; omit sample_rate or pass 48000"));
        }
    }

    private static void ValidateBitDepth(int? bitDepth, AudioFormat format, List<FieldError> errors)
    {
        if (bitDepth is not { } depth)
        {
            return;
        }

        if (!RequestLimits.BitDepths.Contains(depth))
        {
            errors.Add(new("bit_depth", $"must be 16 or 24 (got {depth})"));
        }
        else if (!format.IsLossless())
        {
            errors.Add(new("bit_depth", "applies only to wav and flac; omit it for mp3 and opus"));
        }
    }

    public static bool TryParseFormat(string text, out AudioFormat format)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "wav":
            case "wave":
                format = AudioFormat.Wav;
                return true;
            case "flac":
                format = AudioFormat.Flac;
                return true;
            case "mp3":
                format = AudioFormat.Mp3;
                return true;
            case "opus":
            case "ogg":
                format = AudioFormat.Opus;
                return true;
            default:
                format = AudioFormat.Wav;
                return false;
        }
    }

    private static double ChooseBpm(GenreTemplate genre, MoodProfile mood, int lean)
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
        return BitConverter.ToUInt64(bytes) & (ulong)RequestLimits.MaxSeed;
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

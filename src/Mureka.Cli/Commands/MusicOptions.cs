using System.CommandLine;
using System.Text;
using Mureka.Spec;
using Mureka.Spec.Themes;

namespace Mureka.Cli.Commands;

/// <summary>
/// The musical options that <c>mureka render</c> (local engine) and <c>mureka generate</c> (gateway) share,
/// declared and read in one place so both commands accept exactly the same spelling.
/// </summary>
internal sealed class MusicOptions
{
    private readonly Option<string?> _prompt = new("--prompt", "-p") { Description = "Free-text description, e.g. \"calm lo-fi with piano at 80 bpm\"." };
    private readonly Option<string?> _genre = new("--genre", "-g") { Description = "Genre template id (ambient, lofi-hip-hop, cinematic-orchestral, corporate-pop, rock, house, jazz, acoustic-folk, chiptune, solo-piano, epic-trailer, classical-waltz)." };
    private readonly Option<string?> _mood = new("--mood") { Description = "calm, happy, uplifting, energetic, sad, dark, epic, mysterious, romantic or neutral." };
    private readonly Option<double?> _bpm = new("--bpm") { Description = "Tempo in beats per minute (40–220)." };
    private readonly Option<string?> _key = new("--key", "-k") { Description = "Key, e.g. \"D minor\", \"F#m\", \"Bb\"." };
    private readonly Option<string?> _meter = new("--time-signature", "-t") { Description = "4/4, 3/4 or 6/8." };
    private readonly Option<string?> _duration = new("--duration", "-d") { Description = "Length: 30s, 1m30s, 1:30 or 45000ms (1 s – 5 min). Default 30s." };
    private readonly Option<string[]> _instruments = new("--instrument", "-i") { Description = "Instrument for melody, then harmony, then the extra layer (repeatable or comma separated).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<int?> _intensity = new("--intensity") { Description = "1 (sparse) to 3 (full)." };
    private readonly Option<long?> _seed = new("--seed", "-s") { Description = "Seed; the same request, seed and model give the same audio." };
    private readonly Option<string?> _format;
    private readonly Option<int?> _sampleRate = new("--sample-rate") { Description = "44100 or 48000." };
    private readonly Option<int?> _bitDepth = new("--bit-depth") { Description = "16 or 24 (wav and flac)." };
    private readonly Option<bool> _loop = new("--loop") { Description = "A seamless loop of whole bars." };
    private readonly Option<FileInfo?> _theme = new("--theme") { Description = "A theme to build the piece on: a MIDI file (.mid) or ABC notation (.abc); stated in the a sections, developed in b." };
    private readonly Option<string?> _themeTrack = new("--theme-track") { Description = "The MIDI track that holds the theme's melody, by name (default: the busiest melodic track)." };
    private readonly Option<string?> _mix = new("--mix") { Description = "full (default), underscore (no melody) or drums_and_bass; kept parts sit at their full-mix level." };

    /// <param name="defaultFormat">What decides the format when neither the option nor the file's extension does.</param>
    public MusicOptions(string defaultFormat) =>
        _format = new("--format", "-f") { Description = $"wav, flac, mp3 or opus (default: from the output file's extension, else {defaultFormat})." };

    public IEnumerable<Option> All => [_prompt, _genre, _mood, _bpm, _key, _meter, _duration, _instruments, _intensity, _seed, _format, _sampleRate, _bitDepth, _loop, _mix, _theme, _themeTrack];

    /// <summary>
    /// The request as typed (the engine validates it later); a duration that does not parse and a theme file that cannot
    /// be read are the errors found here.
    /// </summary>
    public MusicSpec Read(ParseResult parse, string outputPath, out IReadOnlyList<FieldError> errors)
    {
        var found = new List<FieldError>();
        errors = found;
        long? durationMs = null;
        if (parse.GetValue(_duration) is { } durationText)
        {
            if (DurationParser.TryParseMilliseconds(durationText, out var ms))
            {
                durationMs = ms;
            }
            else
            {
                found.Add(new FieldError("duration", $"'{durationText}' is not a duration; write e.g. 30s, 1m30s, 1:30 or 45000ms"));
            }
        }

        var theme = parse.GetValue(_theme) is { } themeFile ? ReadTheme(themeFile, parse.GetValue(_themeTrack), found) : null;
        if (theme is null && parse.GetValue(_themeTrack) is not null && parse.GetValue(_theme) is null)
        {
            found.Add(new FieldError("theme-track", "names a track of a --theme file; give --theme too"));
        }

        return new MusicSpec
        {
            Prompt = parse.GetValue(_prompt),
            Genre = parse.GetValue(_genre),
            Mood = parse.GetValue(_mood),
            Bpm = parse.GetValue(_bpm),
            Key = parse.GetValue(_key),
            TimeSignature = parse.GetValue(_meter),
            DurationMs = durationMs,
            Instruments = SplitList(parse.GetValue(_instruments)),
            Intensity = parse.GetValue(_intensity),
            Seed = parse.GetValue(_seed),
            Format = parse.GetValue(_format) ?? FormatFromExtension(outputPath),
            SampleRate = parse.GetValue(_sampleRate),
            BitDepth = parse.GetValue(_bitDepth),
            Loop = parse.GetValue(_loop),
            Mix = parse.GetValue(_mix),
            Theme = theme,
        };
    }

    /// <summary>A MIDI file (recognised by its MThd header) or ABC text; the caps are checked before it is read whole.</summary>
    internal static MusicTheme? ReadTheme(FileInfo file, string? track, List<FieldError> errors)
    {
        try
        {
            if (file.Length > Math.Max(ThemeLimits.MaxMidiBytes, ThemeLimits.MaxAbcChars * 4))
            {
                errors.Add(new FieldError("theme", $"'{file.Name}' is {file.Length} bytes; a theme is at most {ThemeLimits.MaxMidiBytes} bytes of MIDI or {ThemeLimits.MaxAbcChars} characters of ABC"));
                return null;
            }

            var bytes = File.ReadAllBytes(file.FullName);
            if (bytes.AsSpan().StartsWith("MThd"u8))
            {
                return new MusicTheme { Midi = bytes, Track = track };
            }

            return new MusicTheme { Abc = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes), Track = track };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            errors.Add(new FieldError("theme", $"cannot read '{file.Name}' as a MIDI file or ABC text: {e.Message}"));
            return null;
        }
    }

    private static List<string>? SplitList(string[]? values) =>
        values is null || values.Length == 0
            ? null
            : values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    private static string? FormatFromExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".wav" => "wav",
        ".flac" => "flac",
        ".mp3" => "mp3",
        ".opus" or ".ogg" => "opus",
        _ => null,
    };
}

using System.CommandLine;
using System.Text.Json;
using Mureka.Cli.Output;
using Mureka.Engine;
using Mureka.Engine.Composer;
using Mureka.Engine.Encoding;
using Mureka.Engine.Music;
using Mureka.Engine.Requests;
using Mureka.Engine.Serialization;

namespace Mureka.Cli.Commands;

/// <summary><c>mureka render</c>: one track rendered locally, no server involved.</summary>
public static class RenderCommand
{
    public const int ExitInvalidInput = 2;
    public const int ExitFailure = 1;

    public static Command Create()
    {
        var prompt = new Option<string?>("--prompt", "-p") { Description = "Free-text description, e.g. \"calm lo-fi with piano at 80 bpm\"." };
        var genre = new Option<string?>("--genre", "-g") { Description = "Genre template id (ambient, lofi-hip-hop, cinematic-orchestral, corporate-pop, rock, house, jazz, acoustic-folk, chiptune, solo-piano, epic-trailer, classical-waltz)." };
        var mood = new Option<string?>("--mood") { Description = "calm, happy, uplifting, energetic, sad, dark, epic, mysterious, romantic or neutral." };
        var bpm = new Option<double?>("--bpm") { Description = "Tempo in beats per minute (40–220)." };
        var key = new Option<string?>("--key", "-k") { Description = "Key, e.g. \"D minor\", \"F#m\", \"Bb\"." };
        var meter = new Option<string?>("--time-signature", "-t") { Description = "4/4, 3/4 or 6/8." };
        var duration = new Option<string?>("--duration", "-d") { Description = "Length: 30s, 1m30s, 1:30 or 45000ms (1 s – 5 min). Default 30s." };
        var instruments = new Option<string[]>("--instrument", "-i") { Description = "Instrument for melody, then harmony, then the extra layer (repeatable or comma separated).", AllowMultipleArgumentsPerToken = true };
        var intensity = new Option<int?>("--intensity") { Description = "1 (sparse) to 3 (full)." };
        var seed = new Option<long?>("--seed", "-s") { Description = "Seed; the same request, seed and model give the same audio." };
        var format = new Option<string?>("--format", "-f") { Description = "wav, flac, mp3 or opus (default: from the output file's extension, else wav)." };
        var sampleRate = new Option<int?>("--sample-rate") { Description = "44100 or 48000." };
        var bitDepth = new Option<int?>("--bit-depth") { Description = "16 or 24 (wav and flac)." };
        var stems = new Option<bool>("--stems") { Description = "Also write drums, bass, harmony and melody stems beside the output (they sum to the mix)." };
        var loop = new Option<bool>("--loop") { Description = "Render a seamless loop of whole bars." };
        var output = new Option<string>("--output", "-o") { Description = "Output file.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the render metadata as JSON on stdout." };
        var modelDir = new Option<string?>("--model-dir") { Description = "Composer model folder (default: the bundled mureka-compose-1)." };
        var soundFont = new Option<string?>("--soundfont") { Description = "General MIDI soundfont (default: FluidR3_GM)." };
        var threads = new Option<int?>("--threads") { Description = "ONNX Runtime threads for the composer." };

        var command = new Command("render", "Render one track locally to a file.")
        {
            prompt, genre, mood, bpm, key, meter, duration, instruments, intensity, seed, format, sampleRate, bitDepth, stems, loop, output, json, modelDir, soundFont, threads,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var outputPath = parse.GetRequiredValue(output);
            var durationText = parse.GetValue(duration);
            long? durationMs = null;
            if (durationText is not null)
            {
                if (!DurationParser.TryParseMilliseconds(durationText, out var ms))
                {
                    return Fail([new FieldError("duration", $"'{durationText}' is not a duration; write e.g. 30s, 1m30s, 1:30 or 45000ms")]);
                }

                durationMs = ms;
            }

            var request = new MusicRequest
            {
                Prompt = parse.GetValue(prompt),
                Genre = parse.GetValue(genre),
                Mood = parse.GetValue(mood),
                Bpm = parse.GetValue(bpm),
                Key = parse.GetValue(key),
                TimeSignature = parse.GetValue(meter),
                DurationMs = durationMs,
                Instruments = SplitList(parse.GetValue(instruments)),
                Intensity = parse.GetValue(intensity),
                Seed = parse.GetValue(seed),
                Format = parse.GetValue(format) ?? FormatFromExtension(outputPath),
                SampleRate = parse.GetValue(sampleRate),
                BitDepth = parse.GetValue(bitDepth),
                Stems = parse.GetValue(stems),
                Loop = parse.GetValue(loop),
            };

            var options = new RenderRunOptions(outputPath, parse.GetValue(json), parse.GetValue(modelDir), parse.GetValue(soundFont), parse.GetValue(threads));
            return await RunAsync(request, options, cancellationToken);
        });

        return command;
    }

    public static async Task<int> RunAsync(MusicRequest request, RenderRunOptions options, CancellationToken cancellationToken)
    {
        ResolvedRequest resolved;
        try
        {
            resolved = MurekaEngine.Resolve(request);
        }
        catch (RequestValidationException ex)
        {
            return Fail(ex.Errors);
        }

        var outputErrors = OutputPath.Validate(options.OutputPath, "output");
        if (outputErrors.Count > 0)
        {
            return Fail(outputErrors);
        }

        var progress = new ProgressDisplay(Console.Error, !Console.IsErrorRedirected && !options.Json);
        try
        {
            using var engine = MurekaEngine.Create(new EngineOptions
            {
                ModelDirectory = options.ModelDirectory,
                SoundFontPath = options.SoundFont,
                Composer = options.Threads is { } t ? new ComposerRuntimeOptions { IntraOpThreads = Math.Clamp(t, 1, 64) } : new ComposerRuntimeOptions(),
            });
            var result = await engine.RenderAsync(resolved, progress, cancellationToken);

            progress.Report(new RenderProgress(RenderStage.Encoding, 1));
            var written = new List<string>();
            await using (var files = new AtomicFileSet())
            {
                await files.WriteAsync(options.OutputPath, result.WriteAsync, cancellationToken);
                written.Add(Path.GetFullPath(options.OutputPath));
                if (resolved.Stems)
                {
                    foreach (var stem in Enum.GetValues<StemKind>())
                    {
                        var path = StemPath(options.OutputPath, stem);
                        await files.WriteAsync(path, (s, ct) => result.WriteStemAsync(stem, s, ct), cancellationToken);
                        written.Add(Path.GetFullPath(path));
                    }
                }

                files.Commit();
            }

            progress.Finish();
            if (options.Json)
            {
                var payload = new { files = written, metadata = result.Metadata };
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(payload, EngineJson.Options));
            }
            else
            {
                var m = result.Metadata;
                await Console.Out.WriteLineAsync(
                    $"{written[0]}: {m.Genre}, {resolved.Key} (measured {m.Key}), {m.TimeSignature}, {m.Bpm} bpm, {m.DurationMs / 1000:0.###} s, {m.IntegratedLufs:0.0} LUFS, {m.TruePeakDbtp:0.0} dBTP, seed {m.Seed}");
                foreach (var note in resolved.Interpretation)
                {
                    await Console.Out.WriteLineAsync($"  understood: {note}");
                }
            }

            return 0;
        }
        catch (OperationCanceledException)
        {
            progress.Finish();
            await Console.Error.WriteLineAsync("canceled; no file written");
            return 130;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or InvalidDataException or DllNotFoundException or FfmpegException)
        {
            progress.Finish();
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return ExitFailure;
        }
    }

    internal static int Fail(IReadOnlyList<FieldError> errors)
    {
        foreach (var error in errors)
        {
            Console.Error.WriteLine($"error: {error.Field}: {error.Message}");
        }

        return ExitInvalidInput;
    }

    internal static List<string>? SplitList(string[]? values) =>
        values is null || values.Length == 0
            ? null
            : values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    internal static string? FormatFromExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".wav" => "wav",
        ".flac" => "flac",
        ".mp3" => "mp3",
        ".opus" or ".ogg" => "opus",
        _ => null,
    };

    public static string StemPath(string output, StemKind stem)
    {
        var directory = Path.GetDirectoryName(output) ?? string.Empty;
        var name = Path.GetFileNameWithoutExtension(output);
        return Path.Combine(directory, $"{name}.{stem.ToString().ToLowerInvariant()}{Path.GetExtension(output)}");
    }
}

public sealed record RenderRunOptions(string OutputPath, bool Json = false, string? ModelDirectory = null, string? SoundFont = null, int? Threads = null);

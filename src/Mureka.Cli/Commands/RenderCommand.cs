using System.CommandLine;
using System.Text.Json;
using Mureka.Cli.Output;
using Mureka.Engine;
using Mureka.Engine.Composer;
using Mureka.Engine.Encoding;
using Mureka.Engine.Music;
using Mureka.Engine.Serialization;
using Mureka.Spec;

namespace Mureka.Cli.Commands;

/// <summary><c>mureka render</c>: one track rendered locally, no server involved.</summary>
public static class RenderCommand
{
    public const int ExitInvalidInput = 2;
    public const int ExitFailure = 1;

    public static Command Create()
    {
        var music = new MusicOptions(defaultFormat: "wav");
        var stems = new Option<bool>("--stems") { Description = "Also write drums, bass, harmony and melody stems beside the output (they sum to the mix)." };
        var score = new Option<bool>("--score") { Description = "Also write the score it played as a MIDI file beside the output (NAME.mid)." };
        var output = new Option<string>("--output", "-o") { Description = "Output file.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the render metadata as JSON on stdout." };
        var modelDir = new Option<string?>("--model-dir") { Description = "Composer model folder (default: the bundled mureka-compose-1)." };
        var soundFont = new Option<string?>("--soundfont") { Description = "General MIDI soundfont, .sf2 or .sf3 (default: MuseScore General from musescore-general-soundfont)." };
        var threads = new Option<int?>("--threads") { Description = "ONNX Runtime threads for the composer." };
        var layers = new Option<bool>("--layers") { Description = "Render intensities 1-3 of one piece as stackable layers: the output is the full one, NAME.intensity-1 and NAME.intensity-2 beside it share its levels." };

        var command = new Command("render", "Render one track locally to a file.");
        foreach (var option in music.All.Concat([stems, score, output, json, modelDir, soundFont, threads, layers]))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var outputPath = parse.GetRequiredValue(output);
            var request = music.Read(parse, outputPath, out var errors);
            if (errors.Count > 0)
            {
                return Fail(errors);
            }

            var options = new RenderRunOptions(outputPath, parse.GetValue(json), parse.GetValue(modelDir), parse.GetValue(soundFont), parse.GetValue(threads), parse.GetValue(layers));
            return await RunAsync(request with { Stems = parse.GetValue(stems), Score = parse.GetValue(score) }, options, cancellationToken);
        });

        return command;
    }

    public static async Task<int> RunAsync(MusicSpec request, RenderRunOptions options, CancellationToken cancellationToken)
    {
        ResolvedMusicSpec resolved;
        try
        {
            resolved = SpecResolver.Resolve(request);
        }
        catch (RequestValidationException ex)
        {
            return Fail(ex.Errors);
        }

        if (options.Layers && resolved.Mix != MixVersion.Full)
        {
            // The engine layers only the full mix (see MurekaEngine.RenderLayersAsync); say so before loading it.
            return Fail([new FieldError("mix", "--layers renders the full mix; omit --mix or --layers")]);
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
            IReadOnlyList<RenderResult> results = options.Layers
                ? await engine.RenderLayersAsync(resolved, progress, cancellationToken)
                : [await engine.RenderAsync(resolved, progress, cancellationToken)];
            var result = results[^1];

            progress.Report(new RenderProgress(RenderStage.Encoding, 1));
            var written = new List<string>();
            await using (var files = new AtomicFileSet())
            {
                foreach (var rendered in results)
                {
                    var path = rendered == result ? options.OutputPath : LayerPath(options.OutputPath, rendered.Request.Intensity);
                    await files.WriteAsync(path, rendered.WriteAsync, cancellationToken);
                    written.Add(Path.GetFullPath(path));
                    if (resolved.Stems)
                    {
                        // An alt mix has only the stems it keeps.
                        foreach (var stem in rendered.Audio.Stems.Keys.Order())
                        {
                            var stemPath = StemPath(path, stem);
                            await files.WriteAsync(stemPath, (s, ct) => rendered.WriteStemAsync(stem, s, ct), cancellationToken);
                            written.Add(Path.GetFullPath(stemPath));
                        }
                    }

                    if (resolved.Score)
                    {
                        var scorePath = Path.ChangeExtension(path, ".mid");
                        var midi = rendered.ScoreMidi();
                        await files.WriteAsync(scorePath, (s, ct) => s.WriteAsync(midi, ct).AsTask(), cancellationToken);
                        written.Add(Path.GetFullPath(scorePath));
                    }
                }

                files.Commit();
            }

            progress.Finish();
            if (options.Json)
            {
                object payload = options.Layers
                    ? new { files = written, metadata = result.Metadata, layers = results.Select(r => r.Metadata).ToList() }
                    : new { files = written, metadata = result.Metadata };
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
        catch (Exception ex) when (IsRenderFailure(ex))
        {
            return await ReportFailureAsync(ex, progress);
        }
    }

    /// <summary>What a local render can fail with that is the environment's or the caller's doing, not a bug: reported, not thrown.</summary>
    internal static bool IsRenderFailure(Exception ex) =>
        ex is OperationCanceledException or IOException or UnauthorizedAccessException or InvalidOperationException or InvalidDataException or DllNotFoundException or FfmpegException;

    /// <summary>Says why nothing was written: 130 when canceled, else the failure's message.</summary>
    internal static async Task<int> ReportFailureAsync(Exception ex, ProgressDisplay progress)
    {
        progress.Finish();
        if (ex is OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("canceled; no file written");
            return 130;
        }

        await Console.Error.WriteLineAsync($"error: {ex.Message}");
        return ExitFailure;
    }

    internal static int Fail(IReadOnlyList<FieldError> errors)
    {
        foreach (var error in errors)
        {
            Console.Error.WriteLine($"error: {error.Field}: {error.Message}");
        }

        return ExitInvalidInput;
    }

    /// <summary>Where a lower intensity layer goes: beside the output, e.g. <c>theme.intensity-1.wav</c>.</summary>
    public static string LayerPath(string output, int intensity) => Beside(output, $"intensity-{intensity}");

    public static string StemPath(string output, StemKind stem) => Beside(output, stem.ToString().ToLowerInvariant());

    private static string Beside(string output, string tag)
    {
        var directory = Path.GetDirectoryName(output) ?? string.Empty;
        return Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(output)}.{tag}{Path.GetExtension(output)}");
    }
}

public sealed record RenderRunOptions(string OutputPath, bool Json = false, string? ModelDirectory = null, string? SoundFont = null, int? Threads = null, bool Layers = false);

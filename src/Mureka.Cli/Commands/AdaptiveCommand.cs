using System.CommandLine;
using System.Text.Json;
using Mureka.Cli.Output;
using Mureka.Engine;
using Mureka.Engine.Adaptive.Package;
using Mureka.Engine.Encoding;
using Mureka.Spec;
using Mureka.Spec.Adaptive;

namespace Mureka.Cli.Commands;

/// <summary>
/// <c>mureka adaptive</c>: an adaptive set (states, layers, transitions, stingers) rendered locally into its zip, or with
/// <c>--api</c> on a gateway (<see cref="AdaptiveApiRun"/>), from the same options.
/// </summary>
public static class AdaptiveCommand
{
    public static Command Create()
    {
        var spec = new Option<FileInfo?>("--spec") { Description = "The set as JSON, the body POST /v1/adaptive-sets takes; the options below override its fields." };
        var preset = new Option<string?>("--preset") { Description = $"Named states: {string.Join(", ", AdaptivePresets.All.Keys)} (default {AdaptivePresets.Default})." };
        var states = new Option<string[]>("--state") { Description = "A state as NAME[:MOOD[:GENRE]] (repeatable; replaces the preset).", AllowMultipleArgumentsPerToken = true };
        var genre = new Option<string?>("--genre", "-g") { Description = "Genre of every state that names none." };
        var bpm = new Option<double?>("--bpm") { Description = "Tempo of the whole set (40–220)." };
        var key = new Option<string?>("--key", "-k") { Description = "Home key, e.g. \"D minor\"." };
        var meter = new Option<string?>("--time-signature", "-t") { Description = "4/4, 3/4 or 6/8." };
        var bars = new Option<int?>("--bars") { Description = $"Bars per state: a multiple of {AdaptiveLimits.BarsMultiple} from {AdaptiveLimits.MinBars} to {AdaptiveLimits.MaxBars}." };
        var layers = new Option<int?>("--layers") { Description = "Intensity layers per state, 1 to 3 (default 3)." };
        var transitionBars = new Option<int?>("--transition-bars") { Description = "Bars of each transition before the destination enters, 1 to 4." };
        var stingers = new Option<string[]>("--stinger") { Description = $"Stingers to write ({string.Join(", ", AdaptiveStingers.Moods.Keys)}; default all; 'none' for none).", AllowMultipleArgumentsPerToken = true };
        var seed = new Option<long?>("--seed", "-s") { Description = "Seed; the same set, seed and model give the same audio." };
        var sampleRate = new Option<int?>("--sample-rate") { Description = "44100 or 48000." };
        var bitDepth = new Option<int?>("--bit-depth") { Description = "16 or 24." };
        var title = new Option<string?>("--title") { Description = "The set's name (FMOD event and Wwise container names)." };
        var theme = new Option<FileInfo?>("--theme") { Description = "A theme to build every state on: a MIDI file or ABC notation." };
        var themeTrack = new Option<string?>("--theme-track") { Description = "The MIDI track that holds the theme's melody." };
        var output = new Option<string>("--output", "-o") { Description = "The zip to write.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print set.json on stdout." };
        var modelDir = new Option<string?>("--model-dir") { Description = "Composer model folder (default: the bundled mureka-compose-1)." };
        var soundFont = new Option<string?>("--soundfont") { Description = "General MIDI soundfont (default: MuseScore General)." };
        var api = new Option<bool>("--api") { Description = "Render on a MurekaApi gateway (POST /v1/adaptive-sets) instead of this machine; billed per rendered second." };
        var apiUrl = new Option<string?>("--api-url") { Description = $"With --api: gateway REST base URL (default: ${GenerateCommand.ApiUrlVariable}, else {GenerateCommand.DefaultApiUrl})." };
        var apiKey = new Option<string?>("--api-key") { Description = $"With --api: API key (default: ${GenerateCommand.ApiKeyVariable})." };

        var command = new Command("adaptive", "Render an adaptive set for a game locally: looping states with stackable layers, transitions, stingers, WAV cues, set.json, an FMOD script and a WAAPI payload, in one zip.");
        foreach (var option in new Option[] { spec, preset, states, genre, bpm, key, meter, bars, layers, transitionBars, stingers, seed, sampleRate, bitDepth, title, theme, themeTrack, output, json, modelDir, soundFont, api, apiUrl, apiKey })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var errors = new List<FieldError>();
            var request = ReadSpec(parse.GetValue(spec), errors);
            var themeFile = parse.GetValue(theme);
            request = request with
            {
                Preset = parse.GetValue(preset) ?? request.Preset,
                States = parse.GetValue(states) is { Length: > 0 } named ? [.. named.Select(ParseState)] : request.States,
                Genre = parse.GetValue(genre) ?? request.Genre,
                Bpm = parse.GetValue(bpm) ?? request.Bpm,
                Key = parse.GetValue(key) ?? request.Key,
                TimeSignature = parse.GetValue(meter) ?? request.TimeSignature,
                Bars = parse.GetValue(bars) ?? request.Bars,
                Layers = parse.GetValue(layers) ?? request.Layers,
                TransitionBars = parse.GetValue(transitionBars) ?? request.TransitionBars,
                Stingers = parse.GetValue(stingers) is { Length: > 0 } kinds ? [.. kinds.SelectMany(k => k.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Where(k => k != "none")] : request.Stingers,
                Seed = parse.GetValue(seed) ?? request.Seed,
                SampleRate = parse.GetValue(sampleRate) ?? request.SampleRate,
                BitDepth = parse.GetValue(bitDepth) ?? request.BitDepth,
                Title = parse.GetValue(title) ?? request.Title,
                Theme = themeFile is null ? request.Theme : MusicOptions.ReadTheme(themeFile, parse.GetValue(themeTrack), errors),
            };

            // Checked here for both modes, so a bad path is named by this command's option (`output`) either way.
            var outputPath = parse.GetRequiredValue(output);
            errors.AddRange(OutputPath.Validate(outputPath, "output"));
            if (parse.GetValue(api) && errors.Count == 0)
            {
                // The gateway resolves and validates the set (and the plan's bounds); its problems come back field by field.
                var options = new GenerateRunOptions(
                    outputPath,
                    parse.GetValue(apiUrl) ?? Environment.GetEnvironmentVariable(GenerateCommand.ApiUrlVariable) ?? GenerateCommand.DefaultApiUrl,
                    parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable(GenerateCommand.ApiKeyVariable),
                    parse.GetValue(json));
                return await AdaptiveApiRun.RunAsync(request, options, cancellationToken);
            }

            if (errors.Count > 0)
            {
                return RenderCommand.Fail(errors);
            }

            return await RunAsync(request, outputPath, parse.GetValue(json), new EngineOptions { ModelDirectory = parse.GetValue(modelDir), SoundFontPath = parse.GetValue(soundFont) }, cancellationToken);
        });

        return command;
    }

    private static async Task<int> RunAsync(AdaptiveSetSpec request, string outputPath, bool json, EngineOptions engineOptions, CancellationToken cancellationToken)
    {
        ResolvedAdaptiveSet set;
        try
        {
            set = AdaptiveSetResolver.Resolve(request);
        }
        catch (RequestValidationException ex)
        {
            return RenderCommand.Fail(ex.Errors);
        }

        var progress = new ProgressDisplay(Console.Error, !Console.IsErrorRedirected && !json);
        try
        {
            using var engine = MurekaEngine.Create(engineOptions);
            var render = await engine.RenderAdaptiveSetAsync(set, progress, cancellationToken);
            var title = request.Title ?? $"Mureka set {set.Seed}";
            progress.Report(new RenderProgress(RenderStage.Encoding, 1));
            await using (var files = new AtomicFileSet())
            {
                await files.WriteAsync(outputPath, (stream, ct) => AdaptiveSetPackage.WriteZipAsync(render, title, null, stream, ct), cancellationToken);
                files.Commit();
            }

            progress.Finish();
            var sidecar = AdaptiveSidecarBuilder.Build(render, title);
            if (json)
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(sidecar, AdaptiveSetPackage.Json));
            }
            else
            {
                await Console.Out.WriteLineAsync(
                    $"{Path.GetFullPath(outputPath)}: {sidecar.States.Count} states ({string.Join(", ", sidecar.States.Select(s => s.Name))}), {sidecar.Transitions.Count} transitions, {sidecar.Stingers.Count} stingers; " +
                    $"{sidecar.Key}, {sidecar.Bpm} bpm, {sidecar.TimeSignature}; {sidecar.BilledMs / 1000.0:0.###} s of audio; seed {sidecar.Seed}");
            }

            return 0;
        }
        catch (Exception ex) when (RenderCommand.IsRenderFailure(ex))
        {
            return await RenderCommand.ReportFailureAsync(ex, progress);
        }
    }

    private static AdaptiveSetSpec ReadSpec(FileInfo? file, List<FieldError> errors)
    {
        if (file is null)
        {
            return new AdaptiveSetSpec();
        }

        try
        {
            if (file.Length > 1 << 20)
            {
                errors.Add(new FieldError("spec", $"'{file.Name}' is {file.Length} bytes; a set's JSON is at most 1 MiB"));
                return new AdaptiveSetSpec();
            }

            return JsonSerializer.Deserialize<AdaptiveSetSpec>(File.ReadAllBytes(file.FullName), SpecJson.Options) ?? new AdaptiveSetSpec();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            errors.Add(new FieldError("spec", $"cannot read '{file.Name}' as a set's JSON: {e.Message}"));
            return new AdaptiveSetSpec();
        }
    }

    private static AdaptiveStateSpec ParseState(string text)
    {
        var parts = text.Split(':');
        string? Part(int i) => parts.Length > i && parts[i].Length > 0 ? parts[i] : null;
        return new AdaptiveStateSpec { Name = Part(0), Mood = Part(1), Genre = Part(2) };
    }
}

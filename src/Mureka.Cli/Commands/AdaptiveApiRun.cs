using System.Text.Json;
using Mureka.Cli.Output;
using Mureka.Sdk;
using Mureka.Spec;
using Mureka.Spec.Adaptive;

namespace Mureka.Cli.Commands;

/// <summary>
/// <c>mureka adaptive --api</c>: the set rendered by a MurekaApi gateway instead of this machine (created, followed with
/// a progress bar, its zip saved atomically), with the exit codes of <c>mureka generate</c>.
/// </summary>
public static class AdaptiveApiRun
{
    public static Task<int> RunAsync(AdaptiveSetSpec spec, GenerateRunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);

        // The spec's JSON is the REST body: the SDK's request is read from it rather than copied field by field.
        var request = JsonSerializer.Deserialize<AdaptiveSetRequest>(JsonSerializer.SerializeToUtf8Bytes(spec, SpecJson.Options))!;
        return GenerateCommand.RunWithClientAsync(
            async (client, display, ct) =>
            {
                var created = await client.CreateAdaptiveSetAsync(request, ct);
                display.Show(0, "queued");
                var set = await client.WaitForAdaptiveSetAsync(created.Id, new AdaptiveSetProgressDisplay(display), ct);
                if (set.Status != "succeeded")
                {
                    throw new MurekaAdaptiveSetException(set);
                }

                await using (var files = new AtomicFileSet())
                {
                    await files.WriteAsync(options.OutputPath, (stream, c) => client.DownloadAdaptiveSetArchiveAsync(set.Id, stream, c), ct);
                    files.Commit();
                }

                display.Show(1, "done");
                return set;
            },
            set => PrintAsync(set, Path.GetFullPath(options.OutputPath), options.Json),
            options,
            cancellationToken);
    }

    private static async Task PrintAsync(AdaptiveSet set, string path, bool json)
    {
        if (json)
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new { file = path, adaptive_set = set }));
            return;
        }

        var s = set.Set;
        await Console.Out.WriteLineAsync(
            $"{path}: {s.States.Count} states ({string.Join(", ", s.States.Select(x => x.Name))}), {s.Transitions.Count} transitions, {s.Stingers.Count} stingers; " +
            $"{s.Key}, {s.Bpm} bpm, {s.TimeSignature}; {set.RenderedSeconds:0.###} s billed; seed {s.Seed}; adaptive set {set.Id}");
    }

    /// <summary>The set's status and the host's render progress on the bar local renders use: queued 0, rendering 0.1 to 0.9, downloading 0.9.</summary>
    private sealed class AdaptiveSetProgressDisplay(ProgressDisplay display) : IProgress<AdaptiveSet>
    {
        public void Report(AdaptiveSet value) => display.Show(
            value.Status switch
            {
                "queued" => 0,
                "running" => 0.1 + (0.8 * Math.Clamp(value.Progress?.Fraction ?? 0, 0, 1)),
                _ => 0.9,
            },
            value.Status switch
            {
                "running" => value.Progress?.Stage ?? "running",
                "succeeded" => "downloading",
                _ => value.Status,
            });
    }
}

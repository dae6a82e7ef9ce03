using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Mureka.Engine.Encoding;
using Mureka.Engine.Music;
using Mureka.Spec;

namespace Mureka.Engine.Adaptive.Package;

/// <summary>
/// A rendered set as the zip an audio team receives (<see cref="AdaptiveSetLayout"/>): every state's full loop and
/// layers, the transitions and stingers as WAV with their timeline chunks and provenance, <c>set.json</c>, a README,
/// the FMOD Studio script and the WAAPI payload.
/// </summary>
public static class AdaptiveSetPackage
{
    public static JsonSerializerOptions Json { get; } = CreateJson();

    /// <param name="title">The set's name: the README's title, the FMOD event's and the Wwise container's (as a safe name).</param>
    /// <param name="tags">Provenance for every WAV (its seed is each file's own render seed); null writes none.</param>
    public static async Task WriteZipAsync(AdaptiveSetRender render, string title, FileTags? tags, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(render);
        ArgumentNullException.ThrowIfNull(destination);
        var sidecar = AdaptiveSidecarBuilder.Build(render, title);
        var bitDepth = render.Set.BitDepth;
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);

        foreach (var state in render.States)
        {
            var markers = AdaptiveMarkers.State(state);
            var stateTags = TagsFor(tags, state.Full);
            await WavAsync(zip, AdaptiveSetLayout.StateFull(state.State.Name), state.Full.Audio.Mix, bitDepth, stateTags, markers, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < state.Layers.Count; i++)
            {
                await WavAsync(zip, AdaptiveSetLayout.StateLayer(state.State.Name, i + 1), state.Layers[i], bitDepth, stateTags, markers, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var transition in render.Transitions)
        {
            var path = AdaptiveSetLayout.Transition(transition.Transition.From, transition.Transition.To);
            await WavAsync(zip, path, transition.Render.Audio.Mix, bitDepth, TagsFor(tags, transition.Render), AdaptiveMarkers.Transition(transition), cancellationToken).ConfigureAwait(false);
        }

        foreach (var stinger in render.Stingers)
        {
            var path = AdaptiveSetLayout.Stinger(stinger.Stinger.Name);
            await WavAsync(zip, path, stinger.Render.Audio.Mix, bitDepth, TagsFor(tags, stinger.Render), AdaptiveMarkers.Stinger(stinger), cancellationToken).ConfigureAwait(false);
        }

        await TextAsync(zip, AdaptiveSetLayout.Sidecar, JsonSerializer.Serialize(sidecar, Json) + "\n", cancellationToken).ConfigureAwait(false);
        await TextAsync(zip, AdaptiveSetLayout.Readme, AudioTeamReadme.Build(sidecar), cancellationToken).ConfigureAwait(false);
        await TextAsync(zip, AdaptiveSetLayout.FmodScript, FmodScript.Build(sidecar), cancellationToken).ConfigureAwait(false);
        var waapi = WaapiPayload.Build(sidecar, SafeName(title));
        await TextAsync(zip, AdaptiveSetLayout.WaapiPayload, waapi.ToJsonString(Json) + "\n", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A name Wwise and file systems take as is: letters, digits and underscores.</summary>
    public static string SafeName(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var safe = new string([.. title.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]).Trim('_');
        return safe.Length == 0 ? "mureka_set" : safe[..Math.Min(safe.Length, 64)];
    }

    private static FileTags? TagsFor(FileTags? tags, RenderResult render) =>
        tags is null ? null : new FileTags(tags.GenerationId, tags.LicenseId, render.Software) { Seed = render.Request.Seed };

    private static async Task WavAsync(ZipArchive zip, string path, AudioBuffer audio, int bitDepth, FileTags? tags, WavMarkers markers, CancellationToken cancellationToken)
    {
        // WAV barely compresses; storing it keeps the zip fast to write and to read.
        var entry = zip.CreateEntry(path, CompressionLevel.NoCompression);
        await using var stream = entry.Open();
        await AudioEncoder.EncodeAsync(audio, AudioFormat.Wav, bitDepth, tags, markers, stream, cancellationToken).ConfigureAwait(false);
    }

    private static async Task TextAsync(ZipArchive zip, string path, string text, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        await using var stream = entry.Open();
        await stream.WriteAsync(new UTF8Encoding(false).GetBytes(text), cancellationToken).ConfigureAwait(false);
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            Encoder = JavaScriptEncoder.Default,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

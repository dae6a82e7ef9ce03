using System.Runtime.CompilerServices;
using System.Text.Json;
using Mureka.Gateway.Data;
using Mureka.Spec;

namespace Mureka.Gateway.Generations;

/// <summary>A generation as REST returns it (snake_case JSON); the same fields as <c>mureka.api.v1.Generation</c>.</summary>
public sealed record GenerationResource
{
    public required string Id { get; init; }

    public required string Status { get; init; }

    /// <summary>False when a test key created it (never billed, never counted against the quota), as in Stripe's API.</summary>
    public required bool Livemode { get; init; }

    public required ResolvedMusicSpec Resolved { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? Error { get; init; }

    public double? RenderedSeconds { get; init; }

    public IReadOnlyList<AudioObjectResource> Audio { get; init; } = [];

    public JsonElement? Metadata { get; init; }

    // Finished views are cached and immutable, so their resource and its JSON are built once, not per request.
    private static readonly ConditionalWeakTable<GenerationView, GenerationResource> Finished = new();
    private static readonly ConditionalWeakTable<GenerationView, byte[]> FinishedJson = new();

    /// <summary>The wire JSON of a finished generation, serialised once (same options as the MVC formatter).</summary>
    public static byte[] JsonOf(GenerationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Record.IsFinished
            ? FinishedJson.GetValue(view, v => JsonSerializer.SerializeToUtf8Bytes(From(v), GatewayJson.Compact))
            : JsonSerializer.SerializeToUtf8Bytes(From(view), GatewayJson.Compact);
    }

    public static GenerationResource From(GenerationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Record.IsFinished ? Finished.GetValue(view, Build) : Build(view);
    }

    private static GenerationResource Build(GenerationView view)
    {
        var r = view.Record;
        return new GenerationResource
        {
            Id = r.Id.ToString(),
            Status = r.Status,
            Livemode = r.Livemode,
            Resolved = StoredSpec.Read(r.Resolved),
            CreatedAt = Utc(r.CreatedAt),
            StartedAt = r.StartedAt is { } s ? Utc(s) : null,
            FinishedAt = r.FinishedAt is { } f ? Utc(f) : null,
            Error = r.Error,
            RenderedSeconds = r.RenderedMs / 1000.0,
            Audio = view.Audio.Select(a => new AudioObjectResource(a.Name, a.ContentType, a.SizeBytes, UrlFor(r.Id, a.Name))).ToList(),
            Metadata = r.Metadata is null ? null : JsonDocument.Parse(r.Metadata).RootElement.Clone(),
        };
    }

    public static string UrlFor(Guid id, string objectName) =>
        objectName == "mix" ? $"/v1/generations/{id}/audio" : $"/v1/generations/{id}/stems/{objectName}";

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

public sealed record AudioObjectResource(string Name, string ContentType, long SizeBytes, string Url);

public sealed record GenerationPage(IReadOnlyList<GenerationResource> Data, string? NextCursor);

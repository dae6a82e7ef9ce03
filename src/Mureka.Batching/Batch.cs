namespace Mureka.Batching;

/// <summary>Items that run together on one host: same model, same duration bucket.</summary>
public sealed record Batch(Guid Id, string Model, int DurationBucketSeconds, IReadOnlyList<QueuedItem> Items, DateTimeOffset FormedAt);

namespace Mureka.Batching.Internal;

/// <summary>What must match for items to share a batch.</summary>
internal readonly record struct GroupKey(string Model, int DurationBucketSeconds);

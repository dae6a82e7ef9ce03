namespace Mureka.Batching;

/// <summary>The actor's counters at one point of its loop, after it dispatched what it could.</summary>
public readonly record struct BatcherSnapshot(int QueueDepth, int InFlightBatches, int Capacity);

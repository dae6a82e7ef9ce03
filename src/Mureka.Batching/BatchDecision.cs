namespace Mureka.Batching;

/// <summary>
/// What <see cref="BatchQueueState.NextBatch"/> decided. <see cref="WakeAt"/> is the earliest moment the
/// answer could change without any new command (a max-delay expiry or a queue timeout), so the actor
/// sleeps exactly that long; null means only a command can change anything.
/// When a batch is returned, WakeAt is <c>now</c>: ask again, more may be due.
/// </summary>
public readonly record struct BatchDecision(Batch? Batch, DateTimeOffset? WakeAt);

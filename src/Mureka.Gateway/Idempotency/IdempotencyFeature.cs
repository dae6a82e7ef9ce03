namespace Mureka.Gateway.Idempotency;

/// <summary>
/// Set on a request that owns an Idempotency-Key. Handlers that store work stamp it with
/// <see cref="ReservationId"/>, so a retry after a crash finds that work instead of repeating it.
/// </summary>
public sealed record IdempotencyFeature(Guid ReservationId);

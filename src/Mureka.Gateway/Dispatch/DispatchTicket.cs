namespace Mureka.Gateway.Dispatch;

/// <summary>What a dispatcher learns about a stored job: enough to queue it fairly (its plan's priority included), nothing of its content.</summary>
public sealed record DispatchTicket(Guid Id, Guid TenantId, int Priority, string Model, int DurationMs, DateTimeOffset Deadline);

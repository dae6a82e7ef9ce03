namespace Mureka.Gateway.Dispatch;

/// <summary>What a dispatcher learns about a stored job: enough to queue it fairly, nothing of its content.</summary>
public sealed record DispatchTicket(Guid Id, Guid TenantId, string PlanId, string Model, int DurationMs, DateTimeOffset Deadline);

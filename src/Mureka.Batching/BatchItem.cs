namespace Mureka.Batching;

/// <summary>One generation request as the batcher sees it: enough to group, order and expire it, nothing about its content.</summary>
/// <param name="Id">The job id; the gateway keeps the job itself in PostgreSQL.</param>
/// <param name="Tenant">Fairness is enforced between tenants, so this is the unit that must not starve.</param>
/// <param name="Model">Items of different models never share a batch.</param>
/// <param name="Priority">From the tenant's plan; higher runs first.</param>
/// <param name="Duration">Requested audio length; bucketed so a batch pads little.</param>
/// <param name="Deadline">The job's own deadline, if any; the queue deadline is the earlier of this and the model's queue timeout.</param>
public sealed record BatchItem(Guid Id, string Tenant, string Model, int Priority, TimeSpan Duration, DateTimeOffset? Deadline = null);

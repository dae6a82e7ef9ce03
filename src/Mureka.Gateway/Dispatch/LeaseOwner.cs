namespace Mureka.Gateway.Dispatch;

/// <summary>
/// This gateway replica's name on the leases it takes. Unique per process start, so a restarted replica
/// never mistakes its predecessor's leases for its own.
/// </summary>
public sealed class LeaseOwner
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
}

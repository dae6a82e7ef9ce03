namespace Mureka.Gateway.Auth;

/// <summary>
/// Asked before the database is read for a key this replica has not seen valid lately (so may be a sprayer's
/// guess): a permit, which the lookup holds until it ends, or null to answer <see cref="KeyCheck.NotLookedUp"/>
/// without reading it. It may wait (for a free lookup slot); <paramref name="cancellationToken"/> ends the wait.
/// </summary>
public delegate ValueTask<LookupPermit?> LookupAdmission(CancellationToken cancellationToken);

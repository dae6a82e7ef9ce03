namespace Mureka.Gateway.Auth;

/// <summary>
/// One line per refused API key, by its display prefix, under a category of its own: the authentication
/// handler's own category is kept at Warning (appsettings.json), since the framework's base handler logs two
/// lines at Information for every refused or throttled request, while this line is worth keeping and is bounded
/// by the per-address throttle.
/// </summary>
public sealed partial class RefusedKeyLog(ILogger<RefusedKeyLog> logger)
{
    public void Refused(string keyPrefix) => LogRefused(logger, keyPrefix);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused API key {KeyPrefix}")]
    private static partial void LogRefused(ILogger logger, string keyPrefix);
}

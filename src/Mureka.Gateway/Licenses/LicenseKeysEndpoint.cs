using Mureka.Licensing;

namespace Mureka.Gateway.Licenses;

/// <summary>
/// The public keys that verify licence certificates, as a JSON Web Key Set at a well-known URL, anonymous: anyone a
/// file is passed on to can check its certificate. Retired keys stay in the set; a rotation only adds one.
/// </summary>
public static partial class LicenseKeysEndpoint
{
    public const string Path = "/.well-known/mureka-license-keys.json";

    public static IEndpointRouteBuilder MapLicenseKeys(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, async (LicenseSigningKeys keys, HttpContext http, CancellationToken cancellationToken) =>
            {
                var published = await keys.PublishedAsync(cancellationToken);
                // Verifiers may cache the set briefly; a key added by a rotation appears within the cache time.
                http.Response.Headers.CacheControl = "public, max-age=300";
                return TypedResults.Json(new { keys = published.Select(k => new { kty = "EC", crv = "P-256", k.X, k.Y, kid = k.Kid, use = "sig", alg = "ES256" }) }, GatewayJson.Compact);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>Outside Development, says once at startup that the signing keys would be stored unsealed.</summary>
    public static void WarnWhenLicenseKeysUnsealed(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && !app.Services.GetRequiredService<LicenseKeyProtector>().Seals)
        {
            LogUnsealed(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LicenseKeysEndpoint)));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Licence signing keys are stored unsealed: whoever reads the database can sign certificates. Set Licensing:KeyEncryptionKey (32 random bytes, base64).")]
    private static partial void LogUnsealed(ILogger logger);

    /// <exception cref="ArgumentException">A configured key-encryption key that is not base64 of 32 bytes (at startup).</exception>
    public static IServiceCollection AddLicenses(this IServiceCollection services, IConfiguration configuration)
    {
        // Read now, so a malformed key stops the gateway at startup instead of failing the first licence.
        var protector = new LicenseKeyProtector(configuration[LicenseKeyProtector.ConfigurationKey], configuration[LicenseKeyProtector.PreviousConfigurationKey]);
        return services.AddSingleton(protector).AddSingleton<LicenseSigningKeys>().AddSingleton<LicenseIssuer>();
    }
}

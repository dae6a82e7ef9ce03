using Microsoft.Extensions.Options;
using Npgsql;

namespace Mureka.Gateway.Downloads;

/// <summary>
/// Expiring signed download links: the key comes from the database once (every replica signs and verifies with the
/// same one), links last <see cref="GatewayOptions.DownloadLinkLifetime"/> rounded up to a twelfth of it.
/// </summary>
public sealed class DownloadLinks(NpgsqlDataSource dataSource, IOptions<GatewayOptions> options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile byte[]? _key;

    /// <summary>A signer for links made now.</summary>
    public async ValueTask<DownloadLinkSigner> SignerAsync(CancellationToken cancellationToken) =>
        new(await KeyAsync(cancellationToken), ExpiryFor(time.GetUtcNow()));

    /// <returns>The claim of a genuine link (expired or not), or null for anything else.</returns>
    public async ValueTask<DownloadLinkClaim?> ReadAsync(string token, CancellationToken cancellationToken) =>
        DownloadLinkToken.Read(await KeyAsync(cancellationToken), token);

    public bool HasExpired(DownloadLinkClaim claim) => claim.ExpiresAt <= time.GetUtcNow();

    /// <summary>The expiry of links made at <paramref name="now"/>: the lifetime from now, rounded up to a step.</summary>
    public DateTimeOffset ExpiryFor(DateTimeOffset now)
    {
        var lifetime = options.Value.DownloadLinkLifetime;
        var step = Math.Max(TimeSpan.TicksPerSecond, lifetime.Ticks / 12 / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond);
        var end = now.UtcTicks + lifetime.Ticks;
        return new DateTimeOffset((end + step - 1) / step * step, TimeSpan.Zero);
    }

    public void Dispose() => _loading.Dispose();

    private async ValueTask<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } key)
        {
            return key;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_key is null)
            {
                await using var command = dataSource.CreateCommand("select secret from url_signing_keys where id = 1");
                _key = await command.ExecuteScalarAsync(cancellationToken) as byte[]
                    ?? throw new InvalidOperationException("The url_signing_keys table has no key; run the migrations.");
            }

            return _key;
        }
        finally
        {
            _loading.Release();
        }
    }
}

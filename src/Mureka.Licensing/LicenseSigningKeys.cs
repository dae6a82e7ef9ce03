using System.Buffers.Text;
using System.Security.Cryptography;
using Dapper;
using Npgsql;

namespace Mureka.Licensing;

/// <summary>
/// The ES256 (ECDSA P-256) keys that sign licence certificates, kept in PostgreSQL so every replica signs with the
/// same key and publishes the same set. The first key is made on first use; <see cref="RotateAsync"/> retires the
/// signing key (it stays published) and makes a new one. Read at most every <see cref="CacheFor"/>. Private keys are
/// stored sealed by <paramref name="protector"/> when it has a key-encryption key; keys stored before that are sealed
/// the next time they are read with one.
/// </summary>
public sealed class LicenseSigningKeys(NpgsqlDataSource dataSource, TimeProvider time, LicenseKeyProtector protector) : IDisposable
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot? _snapshot;

    /// <summary>The key that signs new certificates.</summary>
    public async Task<SigningKey> SigningAsync(CancellationToken cancellationToken) => (await SnapshotAsync(cancellationToken)).Signing;

    /// <summary>Every key a certificate may name, signing and retired.</summary>
    public async Task<IReadOnlyList<PublicKey>> PublishedAsync(CancellationToken cancellationToken) => (await SnapshotAsync(cancellationToken)).Published;

    /// <summary>Every key as stored now (no cache): for operators.</summary>
    public async Task<IReadOnlyList<KeyStatus>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await ReadAsync(connection, cancellationToken))
            .Select(r => new KeyStatus(r.Kid, new DateTimeOffset(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)), r.RetiredAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null))
            .ToList();
    }

    /// <summary>Retires the signing key and makes a new one; certificates already issued keep verifying.</summary>
    public async Task<string> RotateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition(
            "update license_signing_keys set retired_at = @now where retired_at is null", new { now }, transaction, cancellationToken: cancellationToken));
        var kid = await InsertNewAsync(connection, transaction, protector, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _snapshot = null;
        return kid;
    }

    public void Dispose() => _loading.Dispose();

    private async Task<Snapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        if (_snapshot is { } fresh && fresh.ReadAt + CacheFor > time.GetUtcNow())
        {
            return fresh;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } loaded && loaded.ReadAt + CacheFor > time.GetUtcNow())
            {
                return loaded;
            }

            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var rows = await ReadAsync(connection, cancellationToken);
            if (!rows.Any(r => r.RetiredAt is null))
            {
                // Two replicas may get here at once: the one-signing-key index lets one insert win.
                await InsertNewAsync(connection, null, protector, time.GetUtcNow(), cancellationToken, ignoreConflict: true);
                rows = await ReadAsync(connection, cancellationToken);
            }

            var signing = rows.Single(r => r.RetiredAt is null);
            var (pkcs8, _) = protector.Unprotect(signing.Kid, signing.PrivateKey);

            // Every key is sealed, retired ones too: a retired key still verifies, so it could still sign a certificate
            // that verifies. A retired key no configured key opens is never used here, and stays as it is.
            foreach (var row in rows)
            {
                await ResealAsync(connection, row, cancellationToken);
            }

            var snapshot = new Snapshot(
                new SigningKey(signing.Kid, pkcs8),
                rows.Select(r => new PublicKey(r.Kid, r.PublicX, r.PublicY)).ToList(),
                time.GetUtcNow());
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task ResealAsync(NpgsqlConnection connection, KeyRow row, CancellationToken cancellationToken)
    {
        byte[] pkcs8;
        try
        {
            (pkcs8, var reseal) = protector.Unprotect(row.Kid, row.PrivateKey);
            if (!reseal)
            {
                return;
            }
        }
        catch (CryptographicException) when (row.RetiredAt is not null)
        {
            return;
        }

        // Only this row's stored form is replaced, and only if nobody changed it meanwhile (another replica resealing).
        await connection.ExecuteAsync(new CommandDefinition(
            "update license_signing_keys set private_key = @sealedKey where kid = @kid and private_key = @stored",
            new { sealedKey = protector.Protect(row.Kid, pkcs8), kid = row.Kid, stored = row.PrivateKey },
            cancellationToken: cancellationToken));
    }

    private static async Task<List<KeyRow>> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<KeyRow>(new CommandDefinition(
            "select kid, private_key as PrivateKey, public_x as PublicX, public_y as PublicY, created_at as CreatedAt, retired_at as RetiredAt from license_signing_keys order by created_at",
            cancellationToken: cancellationToken))).ToList();

    private static async Task<string> InsertNewAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, LicenseKeyProtector protector, DateTimeOffset now, CancellationToken cancellationToken, bool ignoreConflict = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        var kid = "lk_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            insert into license_signing_keys (kid, private_key, public_x, public_y, created_at)
            values (@kid, @privateKey, @x, @y, @now){(ignoreConflict ? " on conflict do nothing" : "")}
            """,
            new { kid, privateKey = protector.Protect(kid, key.ExportPkcs8PrivateKey()), x = Base64Url.EncodeToString(point.X), y = Base64Url.EncodeToString(point.Y), now },
            transaction, cancellationToken: cancellationToken));
        return kid;
    }

    private sealed record Snapshot(SigningKey Signing, IReadOnlyList<PublicKey> Published, DateTimeOffset ReadAt);

    private sealed class KeyRow
    {
        public string Kid { get; set; } = "";

        public byte[] PrivateKey { get; set; } = [];

        public string PublicX { get; set; } = "";

        public string PublicY { get; set; } = "";

        public DateTime CreatedAt { get; set; }

        public DateTime? RetiredAt { get; set; }
    }
}

/// <summary>A signing key: its id and its PKCS#8 private key.</summary>
public sealed record SigningKey(string Kid, byte[] Pkcs8);

/// <summary>A published key: its id and its P-256 point (base64url), as a JWK carries them.</summary>
public sealed record PublicKey(string Kid, string X, string Y);

/// <summary>A key as an operator sees it: it signs new certificates until it is retired, and verifies old ones forever.</summary>
public sealed record KeyStatus(string Kid, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt);

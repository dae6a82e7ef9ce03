using Dapper;
using Npgsql;

namespace Mureka.Accounts;

/// <summary>
/// Tenants and API keys in PostgreSQL. The gateway authenticates through <see cref="FindActiveKeyAsync"/>;
/// the CLI's admin commands call the rest, so a key revoked from the command line goes through the
/// same code (and the same NOTIFY) as one revoked anywhere else.
/// </summary>
public sealed class AccountsService(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Gateways LISTEN on this channel and drop cached authentications when it fires.</summary>
    public const string KeysChangedChannel = "mureka_api_keys_changed";

    public async Task<Tenant> CreateTenantAsync(string name, string planId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var tenant = new Tenant(Guid.CreateVersion7(timeProvider.GetUtcNow()), name.Trim(), planId, timeProvider.GetUtcNow(), null);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var planExists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select exists(select 1 from plans where id = @planId)", new { planId }, cancellationToken: cancellationToken));
        if (!planExists)
        {
            throw new ArgumentException($"unknown plan '{planId}'", nameof(planId));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "insert into tenants (id, name, plan_id, created_at) values (@Id, @Name, @PlanId, @CreatedAt)", tenant, cancellationToken: cancellationToken));
        return tenant;
    }

    public async Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<TenantRow>(new CommandDefinition(
            "select id, name, plan_id as PlanId, created_at as CreatedAt, suspended_at as SuspendedAt from tenants order by created_at, id", cancellationToken: cancellationToken));
        return rows.Select(r => new Tenant(r.Id, r.Name, r.PlanId, Utc(r.CreatedAt), Utc(r.SuspendedAt))).ToList();
    }

    public async Task SetSuspendedAsync(Guid tenantId, bool suspended, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            // An operator's decision replaces billing's: a payment suspension the operator confirms is no longer lifted by a paid invoice.
            "update tenants set suspended_at = @at, suspended_reason = null where id = @tenantId",
            new { tenantId, at = suspended ? timeProvider.GetUtcNow() : (DateTimeOffset?)null }, transaction, cancellationToken: cancellationToken));
        await NotifyAsync(connection, transaction, tenantId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<CreatedApiKey> CreateKeyAsync(Guid tenantId, string? name, bool test, CancellationToken cancellationToken = default)
    {
        var key = ApiKeyFormat.Generate(test);
        var info = new ApiKeyInfo(
            Guid.CreateVersion7(timeProvider.GetUtcNow()), tenantId, string.IsNullOrWhiteSpace(name) ? "default" : name.Trim(), test ? ApiKeyEnvironments.Test : ApiKeyEnvironments.Live,
            ApiKeyFormat.DisplayPrefix(key), timeProvider.GetUtcNow(), null, null);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into api_keys (id, tenant_id, name, environment, display_prefix, key_hash, created_at)
            select @Id, @TenantId, @Name, @Environment, @DisplayPrefix, @Hash, @CreatedAt
            where exists (select 1 from tenants where id = @TenantId)
            """,
            new { info.Id, info.TenantId, info.Name, info.Environment, info.DisplayPrefix, Hash = ApiKeyFormat.Hash(key), info.CreatedAt }, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            throw new ArgumentException($"unknown tenant {tenantId}", nameof(tenantId));
        }

        return new CreatedApiKey(info, key);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<KeyInfoRow>(new CommandDefinition(
            """
            select id, tenant_id as TenantId, name, environment, display_prefix as DisplayPrefix, created_at as CreatedAt,
                   last_used_at as LastUsedAt, revoked_at as RevokedAt
            from api_keys where tenant_id = @tenantId order by created_at, id
            """, new { tenantId }, cancellationToken: cancellationToken));
        return rows.Select(r => new ApiKeyInfo(r.Id, r.TenantId, r.Name, r.Environment, r.DisplayPrefix, Utc(r.CreatedAt), Utc(r.LastUsedAt), Utc(r.RevokedAt))).ToList();
    }

    /// <summary>Revokes a key and notifies every gateway in the same transaction.</summary>
    /// <returns>False when no such key exists or it was already revoked.</returns>
    public async Task<bool> RevokeKeyAsync(Guid keyId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "update api_keys set revoked_at = @now where id = @keyId and revoked_at is null",
            new { keyId, now = timeProvider.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
        // NOTIFY is delivered at commit, so no gateway can see the message before the row changed.
        await NotifyAsync(connection, transaction, keyId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed > 0;
    }

    /// <summary>The key's owner when the key exists, is not revoked and its tenant is not suspended.</summary>
    public async Task<ApiKeyPrincipal?> FindActiveKeyAsync(string key, CancellationToken cancellationToken = default)
    {
        var hash = ApiKeyFormat.Hash(key);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            """
            select k.id as KeyId, k.tenant_id as TenantId, t.plan_id as PlanId, k.display_prefix as DisplayPrefix,
                   k.environment as Environment, k.key_hash as KeyHash
            from api_keys k join tenants t on t.id = k.tenant_id
            where k.key_hash = @hash and k.revoked_at is null and t.suspended_at is null
            """, new { hash }, cancellationToken: cancellationToken));
        // The index lookup already matched the hash; the constant-time compare keeps the final decision
        // free of timing differences should the lookup ever become a prefix or range match.
        if (row is null || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(row.KeyHash, hash))
        {
            return null;
        }

        return new ApiKeyPrincipal(row.KeyId, row.TenantId, row.PlanId, row.DisplayPrefix, row.Environment);
    }

    private static Task<int> NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "select pg_notify(@channel, @payload)", new { channel = KeysChangedChannel, payload = id.ToString() }, transaction, cancellationToken: cancellationToken));

    // Npgsql reads timestamptz as a UTC DateTime; Dapper maps into these and the records get DateTimeOffsets.
    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static DateTimeOffset? Utc(DateTime? value) => value is { } v ? Utc(v) : null;

    private sealed class TenantRow
    {
        public Guid Id { get; init; }

        public string Name { get; init; } = "";

        public string PlanId { get; init; } = "";

        public DateTime CreatedAt { get; init; }

        public DateTime? SuspendedAt { get; init; }
    }

    private sealed class KeyInfoRow
    {
        public Guid Id { get; init; }

        public Guid TenantId { get; init; }

        public string Name { get; init; } = "";

        public string Environment { get; init; } = "";

        public string DisplayPrefix { get; init; } = "";

        public DateTime CreatedAt { get; init; }

        public DateTime? LastUsedAt { get; init; }

        public DateTime? RevokedAt { get; init; }
    }

    private sealed class KeyRow
    {
        public Guid KeyId { get; init; }

        public Guid TenantId { get; init; }

        public string PlanId { get; init; } = "";

        public string DisplayPrefix { get; init; } = "";

        public string Environment { get; init; } = "";

        public byte[] KeyHash { get; init; } = [];
    }
}

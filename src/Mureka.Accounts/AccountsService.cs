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

    public async Task<CreatedApiKey> CreateKeyAsync(Guid tenantId, string? name, bool test, CancellationToken cancellationToken = default) =>
        await CreateKeyAsync(tenantId, name, test, ApiKeyScopes.All, maxActiveKeys: null, cancellationToken)
            ?? throw new InvalidOperationException("unreachable: no key limit was given");

    /// <param name="maxActiveKeys">Refuse (null) when the tenant already has this many working keys; null: no limit (operators).</param>
    /// <returns>The key, shown this once; null when <paramref name="maxActiveKeys"/> was reached.</returns>
    /// <exception cref="ArgumentException">No such tenant, or no scopes.</exception>
    public async Task<CreatedApiKey?> CreateKeyAsync(Guid tenantId, string? name, bool test, ApiKeyScopes scopes, int? maxActiveKeys, CancellationToken cancellationToken = default)
    {
        if ((scopes & ApiKeyScopes.All) == ApiKeyScopes.None)
        {
            throw new ArgumentException("a key needs at least one scope", nameof(scopes));
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The tenant row lock serialises concurrent creations, so the limit holds under races.
        var locked = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "select id from tenants where id = @tenantId for update", new { tenantId }, transaction, cancellationToken: cancellationToken));
        if (locked is null)
        {
            throw new ArgumentException($"unknown tenant {tenantId}", nameof(tenantId));
        }

        if (maxActiveKeys is { } max && await CountActiveKeysAsync(connection, transaction, tenantId, cancellationToken) >= max)
        {
            return null;
        }

        var created = await InsertKeyAsync(connection, transaction, tenantId, string.IsNullOrWhiteSpace(name) ? "default" : name.Trim(), test, scopes, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<KeyInfoRow>(new CommandDefinition(
            $"select {KeyInfoColumns} from api_keys where tenant_id = @tenantId order by created_at, id", new { tenantId }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToInfo()).ToList();
    }

    /// <returns>Null when the tenant has no such key.</returns>
    public async Task<ApiKeyInfo?> GetKeyAsync(Guid tenantId, Guid keyId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<KeyInfoRow>(new CommandDefinition(
            $"select {KeyInfoColumns} from api_keys where tenant_id = @tenantId and id = @keyId", new { tenantId, keyId }, cancellationToken: cancellationToken));
        return row?.ToInfo();
    }

    /// <summary>Revokes a key and notifies every gateway in the same transaction.</summary>
    /// <returns>False when no such key exists or it was already revoked.</returns>
    public async Task<bool> RevokeKeyAsync(Guid keyId, CancellationToken cancellationToken = default) =>
        await RevokeAsync(tenantId: null, keyId, cancellationToken) is { Changed: true };

    /// <summary>Revokes one of the tenant's keys (revoking a revoked key changes nothing).</summary>
    /// <returns>The key as it is now, or null when the tenant has no such key.</returns>
    public async Task<ApiKeyInfo?> RevokeKeyAsync(Guid tenantId, Guid keyId, CancellationToken cancellationToken = default) =>
        (await RevokeAsync(tenantId, keyId, cancellationToken))?.Key;

    /// <summary>
    /// Replaces a working key by a new one with the same name, environment and scopes. The old key stops working at
    /// once (<paramref name="oldKeyGrace"/> zero) or after the grace period, so deployments can switch over.
    /// </summary>
    /// <returns>The new key (shown this once) and the old one as it is now; null when the tenant has no such key.</returns>
    /// <exception cref="InvalidOperationException">The key is revoked or expired already.</exception>
    public async Task<RotatedApiKey?> RotateKeyAsync(Guid tenantId, Guid keyId, TimeSpan oldKeyGrace, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<KeyInfoRow>(new CommandDefinition(
            $"select {KeyInfoColumns} from api_keys where tenant_id = @tenantId and id = @keyId for update", new { tenantId, keyId }, transaction, cancellationToken: cancellationToken));
        if (row?.ToInfo() is not { } old)
        {
            return null;
        }

        if (!old.IsActive(now))
        {
            throw new InvalidOperationException("The key is revoked or expired; only a working key can be rotated.");
        }

        var created = await InsertKeyAsync(connection, transaction, tenantId, old.Name, old.Environment == ApiKeyEnvironments.Test, old.Scopes, cancellationToken);
        var oldNow = await connection.QuerySingleAsync<KeyInfoRow>(new CommandDefinition(
            oldKeyGrace <= TimeSpan.Zero
                ? $"update api_keys set revoked_at = @now where id = @keyId returning {KeyInfoColumns}"
                : $"update api_keys set expires_at = least(coalesce(expires_at, 'infinity'), @expiresAt) where id = @keyId returning {KeyInfoColumns}",
            new { keyId, now, expiresAt = now + oldKeyGrace }, transaction, cancellationToken: cancellationToken));
        await NotifyAsync(connection, transaction, keyId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RotatedApiKey(created, oldNow.ToInfo());
    }

    /// <summary>The key's owner when the key exists, is not revoked and its tenant is not suspended.</summary>
    public async Task<ApiKeyPrincipal?> FindActiveKeyAsync(string key, CancellationToken cancellationToken = default)
    {
        var hash = ApiKeyFormat.Hash(key);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            """
            select k.id as KeyId, k.tenant_id as TenantId, t.plan_id as PlanId, k.display_prefix as DisplayPrefix,
                   k.environment as Environment, k.key_hash as KeyHash, k.scopes as Scopes, k.expires_at as ExpiresAt
            from api_keys k join tenants t on t.id = k.tenant_id
            where k.key_hash = @hash and k.revoked_at is null and (k.expires_at is null or k.expires_at > @now) and t.suspended_at is null
            """, new { hash, now = timeProvider.GetUtcNow() }, cancellationToken: cancellationToken));
        // The index lookup already matched the hash; the constant-time compare keeps the final decision
        // free of timing differences should the lookup ever become a prefix or range match.
        if (row is null || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(row.KeyHash, hash))
        {
            return null;
        }

        return new ApiKeyPrincipal(row.KeyId, row.TenantId, row.PlanId, row.DisplayPrefix, row.Environment, ApiKeyScopeNames.FromStored(row.Scopes), Utc(row.ExpiresAt));
    }

    private const string KeyInfoColumns =
        "id, tenant_id as TenantId, name, environment, display_prefix as DisplayPrefix, created_at as CreatedAt, last_used_at as LastUsedAt, revoked_at as RevokedAt, scopes, expires_at as ExpiresAt";

    private static Task<long> CountActiveKeysAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from api_keys where tenant_id = @tenantId and revoked_at is null and (expires_at is null or expires_at > now())",
            new { tenantId }, transaction, cancellationToken: cancellationToken));

    private async Task<CreatedApiKey> InsertKeyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, string name, bool test, ApiKeyScopes scopes, CancellationToken cancellationToken)
    {
        var key = ApiKeyFormat.Generate(test);
        var info = new ApiKeyInfo(
            Guid.CreateVersion7(timeProvider.GetUtcNow()), tenantId, name, test ? ApiKeyEnvironments.Test : ApiKeyEnvironments.Live,
            ApiKeyFormat.DisplayPrefix(key), timeProvider.GetUtcNow(), null, null, scopes);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into api_keys (id, tenant_id, name, environment, display_prefix, key_hash, created_at, scopes)
            values (@Id, @TenantId, @Name, @Environment, @DisplayPrefix, @Hash, @CreatedAt, @Scopes)
            """,
            new { info.Id, info.TenantId, info.Name, info.Environment, info.DisplayPrefix, Hash = ApiKeyFormat.Hash(key), info.CreatedAt, Scopes = ApiKeyScopeNames.ToNames(scopes).ToArray() },
            transaction, cancellationToken: cancellationToken));
        return new CreatedApiKey(info, key);
    }

    private async Task<(ApiKeyInfo Key, bool Changed)?> RevokeAsync(Guid? tenantId, Guid keyId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "update api_keys set revoked_at = @now where id = @keyId and (@tenantId::uuid is null or tenant_id = @tenantId) and revoked_at is null",
            new { keyId, tenantId, now = timeProvider.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
        var row = await connection.QuerySingleOrDefaultAsync<KeyInfoRow>(new CommandDefinition(
            $"select {KeyInfoColumns} from api_keys where id = @keyId and (@tenantId::uuid is null or tenant_id = @tenantId)",
            new { keyId, tenantId }, transaction, cancellationToken: cancellationToken));
        // NOTIFY is delivered at commit, so no gateway can see the message before the row changed.
        await NotifyAsync(connection, transaction, keyId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return row is null ? null : (row.ToInfo(), changed > 0);
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

        public string[] Scopes { get; init; } = [];

        public DateTime? ExpiresAt { get; init; }

        public ApiKeyInfo ToInfo() =>
            new(Id, TenantId, Name, Environment, DisplayPrefix, Utc(CreatedAt), Utc(LastUsedAt), Utc(RevokedAt), ApiKeyScopeNames.FromStored(Scopes), Utc(ExpiresAt));
    }

    private sealed class KeyRow
    {
        public Guid KeyId { get; init; }

        public Guid TenantId { get; init; }

        public string PlanId { get; init; } = "";

        public string DisplayPrefix { get; init; } = "";

        public string Environment { get; init; } = "";

        public byte[] KeyHash { get; init; } = [];

        public string[] Scopes { get; init; } = [];

        public DateTime? ExpiresAt { get; init; }
    }
}

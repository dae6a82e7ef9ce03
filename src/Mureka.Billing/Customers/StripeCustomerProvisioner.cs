using Dapper;
using Npgsql;
using Stripe;

namespace Mureka.Billing.Customers;

/// <summary>Makes sure a tenant has a Stripe customer and remembers its id in <c>tenants.stripe_customer_id</c>.</summary>
public sealed class StripeCustomerProvisioner(NpgsqlDataSource dataSource, IStripeClient client)
{
    private readonly CustomerService _customers = new(client);

    /// <summary>The idempotency key of the tenant's customer creation: a retry after a lost answer gets the same customer.</summary>
    public static string IdempotencyKey(Guid tenantId) => $"mureka-tenant-{tenantId}";

    /// <returns>The customer id, or null when no such tenant exists.</returns>
    public async Task<string?> EnsureAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var t = await connection.QuerySingleOrDefaultAsync<TenantRow>(new CommandDefinition(
            "select name, stripe_customer_id as CustomerId from tenants where id = @tenantId", new { tenantId }, cancellationToken: cancellationToken));
        if (t is null)
        {
            return null;
        }

        if (t.CustomerId is { Length: > 0 } existing)
        {
            return existing;
        }

        var customer = await _customers.CreateAsync(
            new CustomerCreateOptions { Name = t.Name, Metadata = new Dictionary<string, string> { ["tenant_id"] = tenantId.ToString() } },
            new RequestOptions { IdempotencyKey = IdempotencyKey(tenantId) },
            cancellationToken);

        // Another replica may have stored the same customer (same idempotency key) meanwhile; the first write stays.
        return await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            """
            update tenants set stripe_customer_id = coalesce(stripe_customer_id, @customerId) where id = @tenantId
            returning stripe_customer_id
            """, new { tenantId, customerId = customer.Id }, cancellationToken: cancellationToken));
    }

    private sealed class TenantRow
    {
        public string Name { get; init; } = "";

        public string? CustomerId { get; init; }
    }
}

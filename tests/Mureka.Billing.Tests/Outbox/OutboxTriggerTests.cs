using Dapper;
using Mureka.Billing.Tests.Support;

namespace Mureka.Billing.Tests.Outbox;

[Collection(DatabaseCollection.Name)]
public sealed class OutboxTriggerTests(DatabaseFixture fixture)
{
    [Fact]
    public async Task LedgerInsert_Committed_OutboxRowWithDeterministicIdentifier()
    {
        var db = await fixture.CreateDatabaseAsync();
        var tenant = await db.CreateTenantAsync();
        var recordedAt = DateTimeOffset.UtcNow;

        var generation = await db.AddUsageAsync(tenant, 4321, recordedAt);

        var state = await db.OutboxAsync(generation);
        Assert.Equal($"mureka-gen-{generation}", state.Identifier);
        Assert.Equal(4321, state.ValueMs);
        Assert.False(state.Sent);
        Assert.Equal(0, state.Attempts);
    }

    [Fact]
    public async Task LedgerInsert_RolledBack_LeavesNoOutboxRow()
    {
        var db = await fixture.CreateDatabaseAsync();
        var tenant = await db.CreateTenantAsync();
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var generation = Guid.NewGuid();
            await connection.ExecuteAsync(
                """
                insert into generations (id, tenant_id, status, model, request, resolved, created_at, updated_at, deadline_at)
                values (@generation, @tenant, 'succeeded', 'm', '{}', '{}', now(), now(), now())
                """, new { generation, tenant }, transaction);
            await connection.ExecuteAsync(
                "insert into usage_ledger (tenant_id, generation_id, model, rendered_ms, recorded_at) values (@tenant, @generation, 'm', 5, now())",
                new { tenant, generation }, transaction);
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>("select count(*) from billing_outbox", transaction: transaction));
            await transaction.RollbackAsync();
        }

        Assert.Equal(0, await db.ScalarAsync<long>("select count(*) from billing_outbox"));
    }
}

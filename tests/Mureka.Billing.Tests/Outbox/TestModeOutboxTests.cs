using Dapper;
using Mureka.Billing.Tests.Support;
using Npgsql;

namespace Mureka.Billing.Tests.Outbox;

/// <summary>The database's guarantee that test-mode usage is recorded but never billed nor counted against the quota, whoever writes it.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class TestModeOutboxTests(DatabaseFixture fixture)
{
    [Fact]
    public async Task LedgerInsert_TestGeneration_LedgerFlaggedTestNoOutboxRowNoSettledQuota()
    {
        var db = await fixture.CreateDatabaseAsync();
        var tenant = await db.CreateTenantAsync();
        var test = await InsertSucceededAsync(db, tenant, livemode: false);
        var live = await InsertSucceededAsync(db, tenant, livemode: true);

        // The insert says nothing about the mode (as the completion code's does not): the ledger takes it from the generation.
        await InsertLedgerAsync(db, tenant, test, 700);
        await InsertLedgerAsync(db, tenant, live, 300);

        Assert.False(await db.ScalarAsync<bool>("select livemode from usage_ledger where generation_id = @id", new { id = test }));
        Assert.True(await db.ScalarAsync<bool>("select livemode from usage_ledger where generation_id = @id", new { id = live }));
        Assert.Equal(0, await db.ScalarAsync<long>("select count(*) from billing_outbox where identifier = 'mureka-gen-' || @id", new { id = test.ToString() }));
        Assert.Equal(1, await db.ScalarAsync<long>("select count(*) from billing_outbox where identifier = 'mureka-gen-' || @id", new { id = live.ToString() }));
        Assert.Equal(300, await db.ScalarAsync<long>("select rendered_ms from usage_periods where tenant_id = @id", new { id = tenant }));
    }

    [Fact]
    public async Task OutboxInsert_ForTestLedgerRow_Refused()
    {
        var db = await fixture.CreateDatabaseAsync();
        var tenant = await db.CreateTenantAsync();
        var test = await InsertSucceededAsync(db, tenant, livemode: false);
        await InsertLedgerAsync(db, tenant, test, 500);
        var ledgerId = await db.ScalarAsync<long>("select id from usage_ledger where generation_id = @id", new { id = test });

        await using var connection = await db.DataSource.OpenConnectionAsync();
        var e = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            """
            insert into billing_outbox (ledger_id, tenant_id, identifier, value_ms, event_at, next_attempt_at)
            values (@ledgerId, @tenant, 'manual', 500, now(), now())
            """, new { ledgerId, tenant }));

        Assert.Equal(PostgresErrorCodes.CheckViolation, e.SqlState);
        Assert.Equal(0, await db.ScalarAsync<long>("select count(*) from billing_outbox"));
    }

    [Fact]
    public async Task LedgerDelete_TestRow_LeavesLiveSettledUsageAlone()
    {
        var db = await fixture.CreateDatabaseAsync();
        var tenant = await db.CreateTenantAsync();
        var test = await InsertSucceededAsync(db, tenant, livemode: false);
        var live = await InsertSucceededAsync(db, tenant, livemode: true);
        await InsertLedgerAsync(db, tenant, live, 300);
        await InsertLedgerAsync(db, tenant, test, 700);

        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("delete from usage_ledger where generation_id = @test", new { test });
        }

        Assert.Equal(300, await db.ScalarAsync<long>("select rendered_ms from usage_periods where tenant_id = @id", new { id = tenant }));
    }

    private static async Task<Guid> InsertSucceededAsync(BillingDatabase db, Guid tenant, bool livemode)
    {
        var id = Guid.NewGuid();
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            insert into generations (id, tenant_id, status, model, request, resolved, created_at, updated_at, deadline_at, livemode)
            values (@id, @tenant, 'succeeded', 'm', '{}', '{}', now(), now(), now(), @livemode)
            """, new { id, tenant, livemode });
        return id;
    }

    private static async Task InsertLedgerAsync(BillingDatabase db, Guid tenant, Guid generation, long renderedMs)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "insert into usage_ledger (tenant_id, generation_id, model, rendered_ms, recorded_at) values (@tenant, @generation, 'm', @renderedMs, now())",
            new { tenant, generation, renderedMs });
    }
}

using Mureka.Migrations;
using Mureka.Testing;
using Npgsql;

namespace Mureka.Billing.Tests.Support;

/// <summary>One PostgreSQL cluster for the collection; each test gets its own migrated database.</summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    private readonly List<NpgsqlDataSource> _dataSources = [];

    public PostgresServer Postgres { get; private set; } = null!;

    public async Task InitializeAsync() => Postgres = await PostgresServer.StartAsync();

    public async Task<BillingDatabase> CreateDatabaseAsync()
    {
        var connectionString = await Postgres.CreateDatabaseAsync("billing_" + Guid.NewGuid().ToString("N"));
        DatabaseMigrator.Migrate(connectionString);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        lock (_dataSources)
        {
            _dataSources.Add(dataSource);
        }

        return new BillingDatabase(dataSource, connectionString);
    }

    public async Task DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DatabaseCollection : ICollectionFixture<DatabaseFixture>
{
    public const string Name = "database";
}

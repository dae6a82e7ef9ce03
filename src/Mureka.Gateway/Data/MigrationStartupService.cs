using Microsoft.Extensions.Options;
using Mureka.Migrations;

namespace Mureka.Gateway.Data;

/// <summary>Applies migrations before anything else starts when <c>Gateway:MigrateOnStart</c> is set (dev and tests; production runs <c>mureka admin db migrate</c>).</summary>
internal sealed partial class MigrationStartupService(IOptions<GatewayOptions> options, ILogger<MigrationStartupService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart && options.Value.ConnectionString is { } connectionString)
        {
            var applied = DatabaseMigrator.Migrate(connectionString);
            LogApplied(logger, applied.Count);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrations applied: {Count}")]
    private static partial void LogApplied(ILogger logger, int count);
}

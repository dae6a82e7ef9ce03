using Microsoft.Extensions.Options;
using Mureka.Accounts;
using Npgsql;

namespace Mureka.Gateway.Data;

public static class DataExtensions
{
    /// <summary>One pooled <see cref="NpgsqlDataSource"/> for the process, plus the repositories on top of it.</summary>
    public static IServiceCollection AddGatewayData(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
            var connectionString = options.ConnectionString
                ?? throw new InvalidOperationException("No database: set Gateway:ConnectionString, ConnectionStrings:Mureka or MUREKA_DATABASE.");
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            DataSourceDefaults.Apply(connectionString, builder.ConnectionStringBuilder);
            builder.UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>());

            // Names the pool in metrics and traces; the default is the whole connection string.
            builder.Name = $"{builder.ConnectionStringBuilder.Host}/{builder.ConnectionStringBuilder.Database}";
            return builder.Build();
        });
        services.AddSingleton<DatabaseAvailability>();
        services.AddSingleton<MigrationState>();
        services.AddSingleton<GenerationRepository>();
        services.AddSingleton<AccountsService>();
        services.AddHostedService<MigrationStartupService>();
        return services;
    }
}

using System.CommandLine;
using Mureka.Migrations;

namespace Mureka.Cli.Commands.Admin;

/// <summary><c>mureka admin db migrate</c>: applies pending migrations (idempotent).</summary>
internal static class DbCommand
{
    public static Command Create()
    {
        var connection = AdminDatabase.ConnectionOption();
        var migrate = new Command("migrate", "Apply pending schema migrations.") { connection };
        migrate.SetAction(parse =>
        {
            var connectionString = AdminDatabase.Resolve(parse, connection);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                Console.Error.WriteLine($"error: no database; pass --connection or set {AdminDatabase.EnvironmentVariable}");
                return AdminDatabase.ExitUsage;
            }

            try
            {
                var applied = DatabaseMigrator.Migrate(connectionString);
                Console.WriteLine(applied.Count == 0 ? "schema is current" : $"applied: {string.Join(", ", applied)}");
                return 0;
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return new Command("db", "Database schema.") { migrate };
    }
}

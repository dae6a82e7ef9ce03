using System.Reflection;
using DbUp;
using DbUp.Engine.Output;

namespace Mureka.Migrations;

/// <summary>Applies the embedded SQL scripts in name order, each once, each in its own transaction.</summary>
public static class DatabaseMigrator
{
    /// <returns>The names of the scripts applied by this call (empty when the schema was current).</returns>
    public static IReadOnlyList<string> Migrate(string connectionString, Action<string>? log = null)
    {
        var upgrader = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly())
            .WithTransactionPerScript()
            .LogTo(new CallbackLog(log))
            .Build();

        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
        }

        return result.Scripts.Select(s => s.Name).ToList();
    }

    private sealed class CallbackLog(Action<string>? log) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args)
        {
        }

        public void LogDebug(string format, params object[] args)
        {
        }

        public void LogInformation(string format, params object[] args) => log?.Invoke(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public void LogWarning(string format, params object[] args) => log?.Invoke(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public void LogError(string format, params object[] args) => log?.Invoke(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public void LogError(Exception ex, string format, params object[] args) => log?.Invoke(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args) + ": " + ex.Message);
    }
}

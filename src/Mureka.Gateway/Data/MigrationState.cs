namespace Mureka.Gateway.Data;

/// <summary>
/// Whether the schema this build expects is in place. Set by <see cref="MigrationStartupService"/> when it
/// migrates at start; without <c>Gateway:MigrateOnStart</c> migrations are the deployment's job and the
/// schema is taken as current.
/// </summary>
public sealed class MigrationState
{
    private volatile bool _migrated;

    public bool IsMigrated => _migrated;

    internal void MarkMigrated() => _migrated = true;
}

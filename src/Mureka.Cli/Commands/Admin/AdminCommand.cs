using System.CommandLine;

namespace Mureka.Cli.Commands.Admin;

/// <summary><c>mureka admin …</c>: tenants, plans, API keys and migrations, straight against PostgreSQL.</summary>
public static class AdminCommand
{
    public static Command Create() => new("admin", "Administer tenants, API keys and the database.")
    {
        TenantsCommand.Create(),
        KeysCommand.Create(),
        PlansCommand.Create(),
        DbCommand.Create(),
    };
}

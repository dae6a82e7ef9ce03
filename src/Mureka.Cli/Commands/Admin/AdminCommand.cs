using System.CommandLine;

namespace Mureka.Cli.Commands.Admin;

/// <summary><c>mureka admin …</c>: tenants, plans, API keys, migrations, billing and licence keys, straight against PostgreSQL.</summary>
public static class AdminCommand
{
    public static Command Create() => new("admin", "Administer tenants, API keys, the database and billing.")
    {
        TenantsCommand.Create(),
        KeysCommand.Create(),
        PlansCommand.Create(),
        DbCommand.Create(),
        BillingCommand.Create(),
        LicenseKeysCommand.Create(),
    };
}

using System.CommandLine;
using System.Globalization;
using Mureka.Licensing;

namespace Mureka.Cli.Commands.Admin;

/// <summary>
/// <c>mureka admin license-keys list|rotate</c>: the keys that sign licence certificates. A rotation retires the
/// signing key (it stays published, so every certificate it signed keeps verifying) and makes a new one; gateways
/// sign with the new key within a minute.
/// </summary>
internal static class LicenseKeysCommand
{
    public static Command Create()
    {
        var connection = AdminDatabase.ConnectionOption();
        var list = new Command("list", "List the signing keys: the one that signs now, and the retired ones.") { connection };
        list.SetAction(async (parse, cancellationToken) =>
        {
            await using var dataSource = AdminDatabase.Open(parse, connection);
            if (dataSource is null)
            {
                return AdminDatabase.ExitUsage;
            }

            // Listing reads no private key: no key-encryption key is needed.
            using var keys = new LicenseSigningKeys(dataSource, TimeProvider.System, LicenseKeyProtector.None);
            Console.WriteLine("kid                          status   created                    retired");
            foreach (var key in await keys.ListAsync(cancellationToken))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{key.Kid,-27}  {(key.RetiredAt is null ? "signing" : "retired"),-7}  {key.CreatedAt:O}  {key.RetiredAt?.ToString("O", CultureInfo.InvariantCulture) ?? "-"}"));
            }

            return 0;
        });

        var rotateConnection = AdminDatabase.ConnectionOption();
        var rotate = new Command("rotate", "Retire the signing key and make a new one (old certificates keep verifying).") { rotateConnection };
        rotate.SetAction(async (parse, cancellationToken) =>
        {
            await using var dataSource = AdminDatabase.Open(parse, rotateConnection);
            if (dataSource is null)
            {
                return AdminDatabase.ExitUsage;
            }

            LicenseKeyProtector protector;
            try
            {
                // The new key is sealed as the gateways seal theirs: run with the same Licensing__KeyEncryptionKey.
                protector = LicenseKeyProtector.FromEnvironment();
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"mureka: {e.Message}");
                return AdminDatabase.ExitUsage;
            }

            using var keys = new LicenseSigningKeys(dataSource, TimeProvider.System, protector);
            Console.WriteLine(await keys.RotateAsync(cancellationToken));
            if (!protector.Seals)
            {
                Console.Error.WriteLine("mureka: warning: Licensing__KeyEncryptionKey is not set, so the new key is stored unsealed");
            }

            return 0;
        });

        return new Command("license-keys", "The keys that sign licence certificates.") { list, rotate };
    }
}

using System.CommandLine;
using System.Globalization;
using Mureka.Accounts;

namespace Mureka.Cli.Commands.Admin;

/// <summary><c>mureka admin keys create|list|revoke</c>. A key is printed once, at creation; listings show prefixes only.</summary>
internal static class KeysCommand
{
    public static Command Create() => new("keys", "API keys of a tenant.") { CreateKey(), ListKeys(), RevokeKey() };

    private static Command CreateKey()
    {
        var connection = AdminDatabase.ConnectionOption();
        var tenant = new Option<Guid>("--tenant") { Description = "Tenant id.", Required = true };
        var name = new Option<string?>("--name") { Description = "What the key is for (shown in listings)." };
        var test = new Option<bool>("--test") { Description = "Create an mk_test_ key instead of mk_live_." };
        var scopes = new Option<string[]>("--scope")
        {
            Description = "What the key may do (repeat the option): " + string.Join(", ", ApiKeyScopeNames.All) + "; all of them when absent.",
            AllowMultipleArgumentsPerToken = true,
        };
        scopes.AcceptOnlyFromAmong([.. ApiKeyScopeNames.All]);
        var command = new Command("create", "Create a key and print it (the only time it is shown).") { tenant, name, test, scopes, connection };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var dataSource = AdminDatabase.Open(parse, connection);
            if (dataSource is null)
            {
                return AdminDatabase.ExitUsage;
            }

            try
            {
                var asked = parse.GetValue(scopes) is { Length: > 0 } names
                    ? names.Aggregate(ApiKeyScopes.None, (all, n) => all | ApiKeyScopeNames.Parse(n)!.Value)
                    : ApiKeyScopes.All;
                var created = await new AccountsService(dataSource, TimeProvider.System)
                    .CreateKeyAsync(parse.GetRequiredValue(tenant), parse.GetValue(name), parse.GetValue(test), asked, maxActiveKeys: null, cancellationToken);
                Console.WriteLine(created!.Key);
                await Console.Error.WriteLineAsync($"key id {created.Info.Id}; store the key now, it cannot be shown again");
                return 0;
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return AdminDatabase.ExitUsage;
            }
        });
        return command;
    }

    private static Command ListKeys()
    {
        var connection = AdminDatabase.ConnectionOption();
        var tenant = new Option<Guid>("--tenant") { Description = "Tenant id.", Required = true };
        var command = new Command("list", "List a tenant's keys (prefixes only).") { tenant, connection };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var dataSource = AdminDatabase.Open(parse, connection);
            if (dataSource is null)
            {
                return AdminDatabase.ExitUsage;
            }

            foreach (var k in await new AccountsService(dataSource, TimeProvider.System).ListKeysAsync(parse.GetRequiredValue(tenant), cancellationToken))
            {
                var state = k.RevokedAt is { } revoked ? $"revoked {revoked:u}" : k.ExpiresAt is { } expires ? $"expires {expires:u}" : "active";
                var scopes = string.Join(",", ApiKeyScopeNames.ToNames(k.Scopes));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{k.Id}  {k.DisplayPrefix}…  {k.Environment,-4}  {k.CreatedAt:u}  {state}  {scopes}  {k.Name}"));
            }

            return 0;
        });
        return command;
    }

    private static Command RevokeKey()
    {
        var connection = AdminDatabase.ConnectionOption();
        var id = new Option<Guid>("--id") { Description = "Key id (from keys list).", Required = true };
        var command = new Command("revoke", "Revoke a key; gateways refuse it on the next request.") { id, connection };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var dataSource = AdminDatabase.Open(parse, connection);
            if (dataSource is null)
            {
                return AdminDatabase.ExitUsage;
            }

            var revoked = await new AccountsService(dataSource, TimeProvider.System).RevokeKeyAsync(parse.GetRequiredValue(id), cancellationToken);
            Console.WriteLine(revoked ? "revoked" : "no active key with this id");
            return revoked ? 0 : 1;
        });
        return command;
    }
}

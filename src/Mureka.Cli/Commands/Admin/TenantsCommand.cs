using System.CommandLine;
using System.Globalization;
using Mureka.Accounts;
using Mureka.Billing;
using Mureka.Billing.Customers;
using Mureka.Billing.Stripe;
using Stripe;

namespace Mureka.Cli.Commands.Admin;

/// <summary><c>mureka admin tenants create|list|set-plan</c>.</summary>
internal static class TenantsCommand
{
    public static Command Create()
    {
        var connection = AdminDatabase.ConnectionOption();
        var name = new Option<string>("--name") { Description = "Tenant (customer) name.", Required = true };
        var plan = new Option<string>("--plan") { Description = "free, pro or enterprise.", DefaultValueFactory = _ => "pro" };
        var create = new Command("create", "Create a tenant and print its id.") { name, plan, connection };
        create.SetAction(async (parse, cancellationToken) =>
        {
            await using var dataSource = AdminDatabase.Open(parse, connection);
            if (dataSource is null)
            {
                return AdminDatabase.ExitUsage;
            }

            try
            {
                var tenant = await new AccountsService(dataSource, TimeProvider.System).CreateTenantAsync(parse.GetRequiredValue(name), parse.GetRequiredValue(plan), cancellationToken);
                Console.WriteLine(tenant.Id);
                await CreateStripeCustomerAsync(dataSource, tenant.Id, cancellationToken);
                return 0;
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return AdminDatabase.ExitUsage;
            }
        });

        var listConnection = AdminDatabase.ConnectionOption();
        var list = new Command("list", "List tenants.") { listConnection };
        list.SetAction(async (parse, cancellationToken) =>
        {
            await using var dataSource = AdminDatabase.Open(parse, listConnection);
            if (dataSource is null)
            {
                return AdminDatabase.ExitUsage;
            }

            foreach (var t in await new AccountsService(dataSource, TimeProvider.System).ListTenantsAsync(cancellationToken))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t.Id}  {t.PlanId,-10}  {t.CreatedAt:u}  {(t.SuspendedAt is null ? "active" : "suspended")}  {t.Name}"));
            }

            return 0;
        });

        return new Command("tenants", "Customers of the API.") { create, list, SetPlan() };
    }

    private static Command SetPlan()
    {
        var connection = AdminDatabase.ConnectionOption();
        var tenant = new Option<Guid>("--tenant") { Description = "Tenant id.", Required = true };
        var plan = new Option<string>("--plan") { Description = "Plan id (see 'mureka admin plans list').", Required = true };
        var command = new Command("set-plan", "Move a tenant to another plan (takes effect on every gateway at once).") { tenant, plan, connection };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var dataSource = AdminDatabase.Open(parse, connection);
            if (dataSource is null)
            {
                return AdminDatabase.ExitUsage;
            }

            try
            {
                await new PlansService(dataSource).SetPlanAsync(parse.GetRequiredValue(tenant), parse.GetRequiredValue(plan), cancellationToken);
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

    /// <summary>With <c>STRIPE_API_KEY</c> set, the tenant's Stripe customer is created now; otherwise (or if Stripe is away) the billing worker creates it before the first meter event.</summary>
    private static async Task CreateStripeCustomerAsync(Npgsql.NpgsqlDataSource dataSource, Guid tenantId, CancellationToken cancellationToken)
    {
        var options = new StripeOptions { ApiKey = Environment.GetEnvironmentVariable(BillingCommand.ApiKeyVariable), ApiBase = Environment.GetEnvironmentVariable(BillingCommand.ApiBaseVariable) };
        if (StripeClientFactory.Create(options) is not { } stripe)
        {
            return;
        }

        try
        {
            var customer = await new StripeCustomerProvisioner(dataSource, stripe).EnsureAsync(tenantId, cancellationToken);
            await Console.Error.WriteLineAsync($"stripe customer {customer}");
        }
        catch (Exception e) when (e is StripeException or HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"warning: no Stripe customer yet ({StripeFailure.Describe(e)}); the billing worker creates it before billing");
        }
    }
}

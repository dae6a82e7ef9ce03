using System.CommandLine;
using System.Globalization;
using Mureka.Billing;
using Mureka.Billing.Reconciliation;
using Mureka.Billing.Stripe;
using Stripe;

namespace Mureka.Cli.Commands.Admin;

/// <summary>
/// <c>mureka admin billing reconcile --from 2026-11-01 --to 2026-12-01 [--json]</c>: the usage ledger against Stripe's
/// meter event summaries per tenant. Exit 0 when they agree, 1 when any tenant differs, 2 on usage errors. The Stripe
/// key is read from <c>STRIPE_API_KEY</c> only, so it never lands in shell history.
/// </summary>
internal static class BillingCommand
{
    public const string ApiKeyVariable = "STRIPE_API_KEY";
    public const string MeterIdVariable = "STRIPE_METER_ID";
    public const string ApiBaseVariable = "STRIPE_API_BASE";

    public static Command Create() => new("billing", "Stripe billing.") { Reconcile() };

    private static Command Reconcile()
    {
        var connection = AdminDatabase.ConnectionOption();
        var from = new Option<string>("--from") { Description = "Start of the period (UTC, inclusive), e.g. 2026-11-01.", Required = true };
        var to = new Option<string>("--to") { Description = "End of the period (UTC, exclusive), e.g. 2026-12-01.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print every tenant as JSON instead of a table of differences." };
        var meter = new Option<string?>("--meter-id") { Description = $"Stripe meter id (default: ${MeterIdVariable})." };
        var apiBase = new Option<string?>("--api-base") { Description = $"Stripe API base URL (default: ${ApiBaseVariable}, else Stripe's)." };
        var command = new Command("reconcile", "Compare the usage ledger with what Stripe metered for a period; print the differences.") { from, to, json, meter, apiBase, connection };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!TryParseInstant(parse.GetRequiredValue(from), out var start) || !TryParseInstant(parse.GetRequiredValue(to), out var end))
            {
                await Console.Error.WriteLineAsync("error: --from and --to must be UTC dates or times, e.g. 2026-11-01 or 2026-11-01T12:00Z");
                return AdminDatabase.ExitUsage;
            }

            var stripeOptions = new StripeOptions
            {
                ApiKey = Environment.GetEnvironmentVariable(ApiKeyVariable),
                ApiBase = parse.GetValue(apiBase) is { Length: > 0 } b ? b : Environment.GetEnvironmentVariable(ApiBaseVariable),
                MeterId = parse.GetValue(meter) is { Length: > 0 } m ? m : Environment.GetEnvironmentVariable(MeterIdVariable),
            };
            if (StripeClientFactory.Create(stripeOptions) is not { } stripe || string.IsNullOrWhiteSpace(stripeOptions.MeterId))
            {
                await Console.Error.WriteLineAsync($"error: set {ApiKeyVariable} and {MeterIdVariable} (or --meter-id) to reconcile with Stripe");
                return AdminDatabase.ExitUsage;
            }

            await using var dataSource = AdminDatabase.Open(parse, connection);
            if (dataSource is null)
            {
                return AdminDatabase.ExitUsage;
            }

            try
            {
                var lines = await new BillingReconciler(dataSource, stripe, stripeOptions.MeterId).ReconcileAsync(start, end, cancellationToken);
                Console.Write(parse.GetValue(json) ? ReconcileReport.Json(lines, start, end) + Environment.NewLine : ReconcileReport.Table(lines, start, end));
                return lines.Any(l => l.Differs) ? 1 : 0;
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return AdminDatabase.ExitUsage;
            }
            catch (StripeException e)
            {
                await Console.Error.WriteLineAsync($"error: {StripeFailure.Describe(e)}");
                return 3;
            }
        });
        return command;
    }

    private static bool TryParseInstant(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
}

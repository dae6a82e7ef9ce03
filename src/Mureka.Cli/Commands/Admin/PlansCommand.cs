using System.CommandLine;
using System.Globalization;
using Mureka.Accounts;

namespace Mureka.Cli.Commands.Admin;

/// <summary><c>mureka admin plans list|price</c>.</summary>
internal static class PlansCommand
{
    public static Command Create()
    {
        var connection = AdminDatabase.ConnectionOption();
        var list = new Command("list", "List plans, their limits and list prices.") { connection };
        list.SetAction(async (parse, cancellationToken) =>
        {
            await using var dataSource = AdminDatabase.Open(parse, connection);
            if (dataSource is null)
            {
                return AdminDatabase.ExitUsage;
            }

            Console.WriteLine("id          quota_s  max_track_s  concurrent  req/min  priority  overage  price/s        name");
            foreach (var p in await new PlansService(dataSource).ListPlansAsync(cancellationToken))
            {
                var price = p.PricePerSecond is { } perSecond ? $"{perSecond.ToString("0.######", CultureInfo.InvariantCulture)} {p.Currency}" : "-";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{p.Id,-10}  {p.QuotaMs / 1000,7}  {p.MaxDurationMs / 1000,11}  {p.MaxConcurrentJobs,10}  {p.RequestsPerMinute,7}  {p.Priority,8}  {p.OveragePolicy,-7}  {price,-13}  {p.Name}"));
            }

            return 0;
        });

        return new Command("plans", "Plans: quotas, limits and list prices.") { list, Price() };
    }

    /// <summary><c>mureka admin plans price PLAN --currency usd --per-second 0.02</c>, or <c>--clear</c>.</summary>
    private static Command Price()
    {
        var connection = AdminDatabase.ConnectionOption();
        var plan = new Argument<string>("plan") { Description = "The plan id (free, pro, enterprise, …)." };
        var currency = new Option<string?>("--currency") { Description = "ISO 4217 code in lower case, as in the plan's Stripe price (e.g. usd)." };
        var perSecond = new Option<decimal?>("--per-second") { Description = "The list price of one rendered second, at most 6 decimals (e.g. 0.02)." };
        var clear = new Option<bool>("--clear") { Description = "Forget the plan's price: estimates then quote none." };
        var command = new Command("price", "Set the list price estimates quote for a plan; keep it equal to the plan's Stripe price, which invoices.")
        {
            plan, currency, perSecond, clear, connection,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var forget = parse.GetValue(clear);
            var (code, price) = (parse.GetValue(currency), parse.GetValue(perSecond));
            if (forget == (code is not null || price is not null))
            {
                await Console.Error.WriteLineAsync("error: give --currency and --per-second, or --clear");
                return AdminDatabase.ExitUsage;
            }

            await using var dataSource = AdminDatabase.Open(parse, connection);
            if (dataSource is null)
            {
                return AdminDatabase.ExitUsage;
            }

            try
            {
                await new PlansService(dataSource).SetPriceAsync(parse.GetRequiredValue(plan), code, price, cancellationToken);
                Console.WriteLine(forget ? "price cleared" : string.Create(CultureInfo.InvariantCulture, $"{price} {code} per rendered second"));
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
}

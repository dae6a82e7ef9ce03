using Mureka.Gateway.Benchmarks;

// Gateway throughput report: the gateway as shipped (its own process, appsettings.json, Redis rate limits, as
// ops/dev-stack.sh runs it) against a bare Kestrel process, driven by the same closed-loop load on loopback.
//   usage: [seconds per phase]
// `webhooks [events]`: outbox trigger cost per status change and webhook deliveries per second.
// `catalogue [rows]`: every list filter and sort over a tenant with that many tracks (default a million).
if (args.Length > 0 && args[0] == "catalogue")
{
    return await CatalogueReport.RunAsync(Console.Out, args.Length > 1 && int.TryParse(args[1], out var rows) ? rows : 1_000_000);
}

if (args.Length > 0 && args[0] == "webhooks")
{
    return await WebhookReport.RunAsync(Console.Out, args.Length > 1 && int.TryParse(args[1], out var n) ? n : 2000);
}

if (args.Length == 3 && args[0] == BareKestrel.Command)
{
    return await BareKestrel.RunAsync(args[1], args[2]);
}

var seconds = args.Length > 0 && int.TryParse(args[0], out var s) ? s : 10;
return await GatewayReport.RunAsync(Console.Out, TimeSpan.FromSeconds(seconds));

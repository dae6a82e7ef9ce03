using Mureka.Gateway.Benchmarks;

// Gateway throughput report: authenticated GET vs a bare Kestrel endpoint, and accepted POSTs/s.
// Everything runs on loopback on this machine; each phase is bounded in time.
//   usage: [seconds per phase] [redis]   (redis: rate limits in a throwaway redis-server, as across replicas)
// `webhooks [events]`: outbox trigger cost per status change and webhook deliveries per second.
if (args.Length > 0 && args[0] == "webhooks")
{
    return await WebhookReport.RunAsync(Console.Out, args.Length > 1 && int.TryParse(args[1], out var n) ? n : 2000);
}

var seconds = args.Length > 0 && int.TryParse(args[0], out var s) ? s : 10;
var redis = args.Length > 1 && args[1] == "redis";
return await GatewayReport.RunAsync(Console.Out, TimeSpan.FromSeconds(seconds), redis);

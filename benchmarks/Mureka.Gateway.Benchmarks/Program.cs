using Mureka.Gateway.Benchmarks;

// Gateway throughput report: authenticated GET vs a bare Kestrel endpoint, and accepted POSTs/s.
// Everything runs on loopback on this machine; each phase is bounded in time.
//   usage: [seconds per phase] [redis]   (redis: rate limits in a throwaway redis-server, as across replicas)
var seconds = args.Length > 0 && int.TryParse(args[0], out var s) ? s : 10;
var redis = args.Length > 1 && args[1] == "redis";
return await GatewayReport.RunAsync(Console.Out, TimeSpan.FromSeconds(seconds), redis);

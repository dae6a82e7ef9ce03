using Mureka.Gateway.Benchmarks;

// Gateway throughput report: authenticated GET vs a bare Kestrel endpoint, and accepted POSTs/s.
// Everything runs on loopback on this machine; each phase is bounded in time.
var seconds = args.Length > 0 && int.TryParse(args[0], out var s) ? s : 10;
return await GatewayReport.RunAsync(Console.Out, TimeSpan.FromSeconds(seconds));

using Mureka.Batching.Benchmarks;

// Dynamic batching on vs max batch size 1, 1 to 64 concurrent clients, one real host, one gateway.
var seconds = args.Length > 0 && int.TryParse(args[0], out var s) ? s : 12;
return await BatchingReport.RunAsync(Console.Out, TimeSpan.FromSeconds(seconds));

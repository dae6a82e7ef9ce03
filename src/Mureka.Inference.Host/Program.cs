// mureka-host: the gRPC inference host. Everything is wired in HostApp.Build so tests (and the
// gateway's end-to-end tests) start exactly the same server on a loopback port.
using Mureka.Inference.Host;

var app = HostApp.Build(args);
await app.RunAsync();

using Mureka.Gateway;

// Configuration: appsettings.json, environment (Gateway__RestUrl, Gateway__Hosts__0, MUREKA_DATABASE…)
// and command-line arguments (--Gateway:RestUrl=…). Everything else is in GatewayApp.
var app = GatewayApp.Build(args);
await app.RunAsync();

using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Mureka.Contracts.Inference.V1;

namespace Mureka.Gateway.Dispatch;

/// <summary>One inference host: its channel, clients and the info it last reported.</summary>
public sealed class HostClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly TimeProvider _timeProvider;

    /// <param name="secret">Sent as <c>authorization: Bearer …</c> on every call; hosts with caller secrets refuse calls without it.</param>
    public HostClient(string url, string? secret, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        Url = url;
        _channel = GrpcChannel.ForAddress(url, new GrpcChannelOptions
        {
            LoggerFactory = loggerFactory,
            Credentials = Credentials(url, secret),

            // Hosts speak h2c inside the cluster (their network policy admits only gateways); the secret rides in
            // plaintext there, as any bearer token does without TLS.
            UnsafeUseInsecureChannelCallCredentials = true,
            MaxReceiveMessageSize = 8 * 1024 * 1024,
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                ConnectTimeout = TimeSpan.FromSeconds(2),
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                KeepAlivePingDelay = TimeSpan.FromSeconds(30),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            },
        });
        Inference = new InferenceHost.InferenceHostClient(_channel);
        Health = new Health.HealthClient(_channel);
    }

    public string Url { get; }

    private static ChannelCredentials Credentials(string url, string? secret)
    {
        var transport = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        if (string.IsNullOrEmpty(secret))
        {
            return transport;
        }

        var header = "Bearer " + secret;
        return ChannelCredentials.Create(transport, CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", header);
            return Task.CompletedTask;
        }));
    }

    public InferenceHost.InferenceHostClient Inference { get; }

    public Health.HealthClient Health { get; }

    /// <summary>The host's last GetInfo answer; null until it was first reached.</summary>
    public GetInfoResponse? Info { get; private set; }

    /// <summary>Fetches <see cref="Info"/> once (the health Watch calls this when the host first says SERVING).</summary>
    public async Task EnsureInfoAsync(CancellationToken cancellationToken)
    {
        var deadline = _timeProvider.GetUtcNow().UtcDateTime.AddSeconds(2);
        Info ??= await Inference.GetInfoAsync(new GetInfoRequest(), deadline: deadline, cancellationToken: cancellationToken);
    }

    public void Dispose() => _channel.Dispose();
}

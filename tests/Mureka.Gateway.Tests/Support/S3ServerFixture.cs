using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Mureka.Gateway.Storage;
using Mureka.Gateway.Storage.S3;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Support;

/// <summary>One S3-compatible server per test class; tests keep apart by key prefix.</summary>
public sealed class S3ServerFixture : IAsyncLifetime
{
    public S3Server Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await S3Server.StartAsync();

    public Task DisposeAsync() => Server.DisposeAsync().AsTask();

    /// <summary>A store on this server under a prefix of its own; <paramref name="configure"/> adjusts its options.</summary>
    public S3AudioStore Store(Action<S3AudioStoreOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new GatewayOptions();
        options.AudioStore.Kind = AudioStoreKind.S3;
        var s3 = options.AudioStore.S3;
        s3.ServiceUrl = Server.ServiceUrl;
        s3.Bucket = Server.Bucket;
        s3.AccessKey = Server.AccessKey;
        s3.SecretKey = Server.SecretKey;
        s3.Prefix = $"t-{Guid.NewGuid():N}/";
        configure?.Invoke(s3);
        return new S3AudioStore(Options.Create(options), time ?? new FakeTimeProvider(DateTimeOffset.UtcNow));
    }
}

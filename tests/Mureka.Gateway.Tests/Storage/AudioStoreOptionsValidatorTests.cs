using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Mureka.Gateway.Storage;

namespace Mureka.Gateway.Tests.Storage;

/// <summary>The gateway refuses to start with an audio store that would lose audio or fail on first use.</summary>
public sealed class AudioStoreOptionsValidatorTests
{
    [Theory]
    [InlineData("Production", false, true)]
    [InlineData("Staging", false, true)]
    [InlineData("Development", false, false)]
    [InlineData("Production", true, false)]
    public void TemporaryRoot_RefusedOutsideDevelopmentUnlessAllowed(string environment, bool allowed, bool refused)
    {
        var options = new GatewayOptions { AudioRoot = Path.Combine(Path.GetTempPath(), "mureka-audio"), AudioRootMayBeTemporary = allowed };

        var result = Validator(environment).Validate(null, options);

        Assert.Equal(refused, result.Failed);
        if (refused)
        {
            Assert.Contains("Gateway:AudioRoot", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PersistentRoot_AcceptedInProduction() =>
        Assert.True(Validator("Production").Validate(null, new GatewayOptions { AudioRoot = "/var/lib/mureka/audio" }).Succeeded);

    [Theory]
    [InlineData("Bucket", "UPPER_case", "Gateway:AudioStore:S3:Bucket")]
    [InlineData("Bucket", "ab", "Gateway:AudioStore:S3:Bucket")]
    [InlineData("ServiceUrl", "ftp://store", "Gateway:AudioStore:S3:ServiceUrl")]
    [InlineData("ServiceUrl", "not a url", "Gateway:AudioStore:S3:ServiceUrl")]
    [InlineData("AccessKey", "AKIAONLY", "Gateway:AudioStore:S3:AccessKey")]
    [InlineData("Prefix", "/leading", "Gateway:AudioStore:S3:Prefix")]
    [InlineData("Prefix", "bad\u0000prefix", "Gateway:AudioStore:S3:Prefix")]
    public void S3Settings_Invalid_RefusedNamingTheSetting(string setting, string value, string named)
    {
        var options = new GatewayOptions();
        options.AudioStore.Kind = AudioStoreKind.S3;
        var s3 = options.AudioStore.S3;
        s3.Bucket = "mureka-audio";
        typeof(S3AudioStoreOptions).GetProperty(setting)!.SetValue(s3, value);

        var result = Validator("Production").Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(named, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void S3Settings_Valid_Accepted()
    {
        var options = new GatewayOptions();
        options.AudioStore.Kind = AudioStoreKind.S3;
        options.AudioStore.S3.Bucket = "mureka-audio";
        options.AudioStore.S3.ServiceUrl = "http://minio:9000";

        Assert.True(Validator("Production").Validate(null, options).Succeeded);
    }

    private static AudioStoreOptionsValidator Validator(string environment) => new(new Environment(environment));

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "mureka-gateway";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}

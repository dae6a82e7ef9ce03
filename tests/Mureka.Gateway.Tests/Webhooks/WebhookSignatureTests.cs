using System.Diagnostics;
using System.Text;
using Mureka.Webhooks;

namespace Mureka.Gateway.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(1_790_000_000);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"id\":\"evt_1\",\"type\":\"generation.succeeded\",\"data\":{\"generation\":{\"id\":\"x\"}}}");

    [Fact]
    public void Sign_KnownInput_HasTimestampAndLowercaseHexHmac()
    {
        var header = WebhookSignature.Sign(Secret, Body, SentAt);

        Assert.Matches("^t=1790000000,v1=[0-9a-f]{64}$", header);
        Assert.True(WebhookSignature.Verify(Secret, header, Body, SentAt, WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public void Verify_TamperedBody_Fails()
    {
        var header = WebhookSignature.Sign(Secret, Body, SentAt);
        var tampered = (byte[])Body.Clone();
        tampered[^3] ^= 0x01;

        Assert.False(WebhookSignature.Verify(Secret, header, tampered, SentAt, WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public void Verify_WrongSecret_Fails()
    {
        var header = WebhookSignature.Sign(Secret, Body, SentAt);

        Assert.False(WebhookSignature.Verify(Secret + "x", header, Body, SentAt, WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public void Verify_TimestampChangedInHeader_Fails()
    {
        var header = WebhookSignature.Sign(Secret, Body, SentAt).Replace("t=1790000000", "t=1790000001", StringComparison.Ordinal);

        Assert.False(WebhookSignature.Verify(Secret, header, Body, SentAt, WebhookSignature.DefaultTolerance));
    }

    [Theory]
    [InlineData(-301, false)]
    [InlineData(-299, true)]
    [InlineData(299, true)]
    [InlineData(301, false)]
    public void Verify_ReceiverClockOffset_HonoursFiveMinuteTolerance(int offsetSeconds, bool valid)
    {
        var header = WebhookSignature.Sign(Secret, Body, SentAt);

        Assert.Equal(valid, WebhookSignature.Verify(Secret, header, Body, SentAt.AddSeconds(offsetSeconds), WebhookSignature.DefaultTolerance));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=00")]
    [InlineData("t=1790000000")]
    [InlineData("t=abc,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1790000000,t=1790000000,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("garbage")]
    [InlineData("t=1790000000,v1=zz00000000000000000000000000000000000000000000000000000000000000")]
    public void Verify_MalformedHeader_Fails(string? header)
    {
        Assert.False(WebhookSignature.Verify(Secret, header, Body, SentAt, WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public void Verify_SeveralV1OneMatching_Succeeds()
    {
        var valid = WebhookSignature.Sign(Secret, Body, SentAt);
        var other = WebhookSignature.Sign("whsec_old", Body, SentAt);
        var header = $"{other},v0=ignored,{valid.Split(',')[1]}";

        Assert.True(WebhookSignature.Verify(Secret, header, Body, SentAt, WebhookSignature.DefaultTolerance));
    }

    /// <summary>The shell recipe from the README (<c>openssl dgst -sha256 -hmac</c>) gives the same signature.</summary>
    [Fact]
    public async Task Sign_DocumentedOpensslRecipe_ProducesSameHex()
    {
        var header = WebhookSignature.Sign(Secret, Body, SentAt);
        var body = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(body, Body);
            var start = new ProcessStartInfo("/bin/sh")
            {
                ArgumentList = { "-c", "printf '%s.' \"$T\" | cat - \"$BODY\" | openssl dgst -sha256 -hmac \"$SECRET\" | sed 's/^.*= //'" },
                RedirectStandardOutput = true,
                Environment = { ["T"] = "1790000000", ["BODY"] = body, ["SECRET"] = Secret },
            };
            using var openssl = Process.Start(start)!;
            var hex = (await openssl.StandardOutput.ReadToEndAsync()).Trim();
            await openssl.WaitForExitAsync();

            Assert.Equal(0, openssl.ExitCode);
            Assert.Equal(header.Split("v1=")[1], hex);
        }
        finally
        {
            File.Delete(body);
        }
    }
}

using System.Text.Json;
using Mureka.Gateway.Tests.Support;
using Mureka.Sdk.Tests.Support;

namespace Mureka.Sdk.Tests.Cli;

/// <summary>
/// A licence certificate checked offline by the C# helper and by <c>mureka license verify</c> (the real CLI process),
/// which must agree with each other (the TypeScript helper is checked the same way in the SDK's node tests).
/// </summary>
[Collection(StackCollection.Name)]
public sealed class LicenseVerifyTests(StackFixture stack) : SdkTestBase(stack), IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mureka-license-");

    [Fact]
    public async Task Certificate_VerifiedBySdkAndCli_AndBothRefuseAChangedFileOrCertificate()
    {
        using var http = Gateway.Http(ApiKey);
        var id = (await PostGenerationAsync(http, new { genre = "acoustic-folk", duration_ms = 2000, seed = 9, format = "wav" })).GetProperty("id").GetString()!;
        await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);
        var licenseJson = await http.GetStringAsync($"/v1/generations/{id}/license");
        using var anonymous = Gateway.Http(null);
        var keySet = await anonymous.GetStringAsync(MurekaLicenses.KeySetPath);
        var track = Path.Combine(_directory.FullName, "track.wav");
        await File.WriteAllBytesAsync(track, await http.GetByteArrayAsync($"/v1/generations/{id}/audio"));
        var certificateFile = Path.Combine(_directory.FullName, "license.json");
        await File.WriteAllTextAsync(certificateFile, licenseJson);
        var certificate = JsonDocument.Parse(licenseJson).RootElement.GetProperty("certificate").GetString()!;
        var keysFile = Path.Combine(_directory.FullName, "keys.json");
        await File.WriteAllTextAsync(keysFile, keySet);
        var changed = Path.Combine(_directory.FullName, "changed.wav");
        var bytes = await File.ReadAllBytesAsync(track);
        bytes[^10] ^= 1;
        await File.WriteAllBytesAsync(changed, bytes);
        var forgedFile = Path.Combine(_directory.FullName, "forged.jws");
        var parts = certificate.Split('.');
        await File.WriteAllTextAsync(forgedFile, parts[0] + "." + parts[1].Replace(parts[1][^4..], "AAAA", StringComparison.Ordinal) + "." + parts[2]);

        var claims = MurekaLicenses.Verify(certificate, keySet);
        await using var trackStream = File.OpenRead(track);
        var name = claims is { } c ? await MurekaLicenses.FindFileAsync(c, trackStream) : null;
        var cli = await MurekaCli.RunAsync(MurekaCli.WithKey(null), "license", "verify", "--certificate", certificateFile, "--keys", Gateway.RestUrl + MurekaLicenses.KeySetPath, track);
        var cliChangedFile = await MurekaCli.RunAsync(MurekaCli.WithKey(null), "license", "verify", "-c", certificateFile, "--keys", keysFile, changed);
        var cliForged = await MurekaCli.RunAsync(MurekaCli.WithKey(null), "license", "verify", "-c", forgedFile, "--keys", keysFile);
        var cliMissing = await MurekaCli.RunAsync(MurekaCli.WithKey(null), "license", "verify", "-c", Path.Combine(_directory.FullName, "none.jws"), "--keys", keysFile);

        Assert.NotNull(claims);
        Assert.Equal(id, claims.Value.GetProperty("generation_id").GetString());
        Assert.Equal("mix", name);
        Assert.Null(MurekaLicenses.Verify(File.ReadAllText(forgedFile), keySet));
        Assert.Null(MurekaLicenses.Verify("e30.e30.AAAA", keySet));
        Assert.True(cli.ExitCode == 0, cli.Output);
        Assert.Contains($"licensed as 'mix'", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains(claims.Value.GetProperty("license_id").GetString()!, cli.Stdout, StringComparison.Ordinal);
        Assert.True(cliChangedFile.ExitCode == 1, cliChangedFile.Output);
        Assert.Contains("not a file this certificate licenses", cliChangedFile.Stderr, StringComparison.Ordinal);
        Assert.True(cliForged.ExitCode == 1, cliForged.Output);
        Assert.True(cliMissing.ExitCode == 2, cliMissing.Output);
        Assert.Contains("error: certificate:", cliMissing.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}

using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mureka.Gateway.Licenses;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Tests.Problems;
using Mureka.Gateway.Tests.Support;
using Mureka.Licensing;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Licenses;

/// <summary>
/// Licence certificates checked as a buyer's lawyer would: with nothing but the published keys (a JWKS parsed and
/// verified here with .NET's own ECDSA, not the gateway's code), against the file itself.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class LicenseTests(StackFixture stack) : GatewayTestBase(stack)
{
    [Fact]
    public async Task Certificate_VerifiesWithThePublishedKey_AndNamesTheDeliveredFiles()
    {
        var (tenant, key, _) = await Gateway.CreateTenantAsync("pro");
        using var http = Gateway.Http(key);
        var id = await RenderAsync(http, new { genre = "jazz", duration_ms = 3000, seed = 77, stems = true });

        var license = await http.GetFromJsonAsync<JsonElement>($"/v1/generations/{id}/license");
        var again = await http.GetFromJsonAsync<JsonElement>($"/v1/generations/{id}/license");
        var certificate = license.GetProperty("certificate").GetString()!;
        var mix = await http.GetByteArrayAsync($"/v1/generations/{id}/audio");
        var claims = await VerifyAsync(certificate);

        Assert.NotNull(claims);
        Assert.Equal(certificate, again.GetProperty("certificate").GetString());
        Assert.Equal(id, claims.Value.GetProperty("generation_id").GetString());
        Assert.Equal(tenant.ToString(), claims.Value.GetProperty("tenant_id").GetString());
        Assert.Equal("extended", claims.Value.GetProperty("terms").GetProperty("id").GetString());
        Assert.Equal(77, claims.Value.GetProperty("seed").GetInt64());
        Assert.Equal("mureka-compose-1", claims.Value.GetProperty("model").GetProperty("id").GetString());
        Assert.False(string.IsNullOrEmpty(claims.Value.GetProperty("model").GetProperty("version").GetString()));
        Assert.Contains("GPL-3.0", claims.Value.GetProperty("model").GetProperty("provenance").GetRawText(), StringComparison.Ordinal);
        var files = claims.Value.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("sha256").GetString()!);
        Assert.True(files.Count > 1, "the mix and its stems");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(mix)), files["mix"]);
        // One byte changed in the file: its hash no longer matches the certificate.
        mix[mix.Length / 2] ^= 1;
        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData(mix)), files["mix"]);
        Assert.Equal(claims.Value.GetRawText(), license.GetProperty("claims").GetRawText());
    }

    [Theory]
    [InlineData("wav")]
    [InlineData("mp3")]
    public async Task DeliveredFiles_NameTheirGenerationAndLicence_InTheirOwnTags(string format)
    {
        var (_, key, _) = await Gateway.CreateTenantAsync("pro");
        using var http = Gateway.Http(key);
        var id = await RenderAsync(http, new { genre = "ambient", duration_ms = 2000, seed = 11, stems = true, format });
        var licenseId = (await http.GetFromJsonAsync<JsonElement>($"/v1/generations/{id}/license")).GetProperty("license_id").GetString()!;

        foreach (var path in new[] { $"/v1/generations/{id}/audio", $"/v1/generations/{id}/stems/drums" })
        {
            var file = Path.Combine(Path.GetTempPath(), $"mureka-tags-{Guid.NewGuid():N}.{format}");
            try
            {
                await File.WriteAllBytesAsync(file, await http.GetByteArrayAsync(path));
                // ffprobe, an independent reader: what a library's asset system would see.
                var tags = (await FfprobeTags.ReadAsync(file)).Format;

                Assert.Contains(id, tags["comment"], StringComparison.Ordinal);
                Assert.Contains(licenseId, tags["comment"], StringComparison.Ordinal);
                Assert.Contains(licenseId, tags["copyright"], StringComparison.Ordinal);
                Assert.Equal(id.Replace("-", ""), format == "wav" ? tags["originator_reference"] : tags["MUREKA_GENERATION_ID"].Replace("-", ""));
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    [Theory]
    [InlineData("wav", 16, "s16le")]
    [InlineData("flac", 24, "s24le")]
    public async Task EachFilesPcmDigest_IsWhatFfmpegDecodesItTo_AndTheSampleSetIsNamed(string format, int bitDepth, string pcm)
    {
        var (_, key, _) = await Gateway.CreateTenantAsync("pro");
        using var http = Gateway.Http(key);
        var id = await RenderAsync(http, new { genre = "house", duration_ms = 2000, seed = 5, stems = true, format, bit_depth = bitDepth });

        var claims = (await http.GetFromJsonAsync<JsonElement>($"/v1/generations/{id}/license")).GetProperty("claims");
        var files = claims.GetProperty("files").EnumerateArray().ToList();
        foreach (var file in files)
        {
            var name = file.GetProperty("name").GetString()!;
            var bytes = await http.GetByteArrayAsync(name == "mix" ? $"/v1/generations/{id}/audio" : $"/v1/generations/{id}/stems/{name}");
            // ffmpeg, an independent decoder: the file's samples back at the delivered depth, tags and container aside.
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await DecodeAsync(bytes, format, pcm))), file.GetProperty("pcm_sha256").GetString());
        }

        var sampleSet = claims.GetProperty("sample_set");
        Assert.Equal(5, files.Count);
        Assert.Matches("^[0-9a-f]{64}$", sampleSet.GetProperty("sha256").GetString());
        Assert.Matches(@"\.sf[23]$", sampleSet.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Document_StatesTheSignedClaimsForPeople_WithoutScript()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync("enterprise");
        using var http = Gateway.Http(key);
        var id = await RenderAsync(http, new { genre = "ambient", duration_ms = 2000, seed = 9 });

        using var page = await http.GetAsync($"/v1/generations/{id}/license.html");
        var html = await page.Content.ReadAsStringAsync();
        var license = await http.GetFromJsonAsync<JsonElement>($"/v1/generations/{id}/license");
        using var missing = await http.GetAsync($"/v1/generations/{Guid.NewGuid()}/license.html");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains(license.GetProperty("license_id").GetString()!, html, StringComparison.Ordinal);
        Assert.Contains("sync-ready", html, StringComparison.Ordinal);
        foreach (var file in license.GetProperty("claims").GetProperty("files").EnumerateArray())
        {
            Assert.Contains(file.GetProperty("sha256").GetString()!, html, StringComparison.Ordinal);
        }

        // The certificate itself closes the page, whole (base64url needs no escaping).
        Assert.Contains(license.GetProperty("certificate").GetString()!, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        await ProblemAssert.ResponseAsync(missing, HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task ConcurrentFirstRequests_AllAnswerTheOneStoredCertificate()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync("pro");
        using var http = Gateway.Http(key);
        var id = await RenderAsync(http, new { genre = "house", duration_ms = 2000, seed = 3 });
        // The signing key loaded first, so the requests race on the insert itself, as the contract fuzzer's did.
        using (var anonymous = Gateway.Http(null))
        {
            await anonymous.GetStringAsync(LicenseKeysEndpoint.Path);
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            using var response = await http.GetAsync($"/v1/generations/{id}/license");
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Single(answers.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("certificate").GetString()).Distinct());
    }

    [Fact]
    public async Task TamperedCertificate_FailsVerification_AndRotatedKeysStillVerifyOldCertificates()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync("enterprise");
        using var http = Gateway.Http(key);
        var first = await RenderAsync(http, new { genre = "ambient", duration_ms = 2000, seed = 5 });
        var old = (await http.GetFromJsonAsync<JsonElement>($"/v1/generations/{first}/license")).GetProperty("certificate").GetString()!;

        var parts = old.Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("\"sync-ready\"", "\"sync-readx\"", StringComparison.Ordinal);
        var forged = parts[0] + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)) + "." + parts[2];
        var signature = Base64Url.DecodeFromChars(parts[2]);
        signature[0] ^= 1;
        var badSignature = parts[0] + "." + parts[1] + "." + Base64Url.EncodeToString(signature);

        var newKid = await Gateway.Services.GetRequiredService<LicenseSigningKeys>().RotateAsync(CancellationToken.None);
        var second = await RenderAsync(http, new { genre = "ambient", duration_ms = 2000, seed = 6 });
        var fresh = (await http.GetFromJsonAsync<JsonElement>($"/v1/generations/{second}/license")).GetProperty("certificate").GetString()!;

        Assert.NotNull(await VerifyAsync(old));
        Assert.Null(await VerifyAsync(forged));
        Assert.Null(await VerifyAsync(badSignature));
        Assert.NotNull(await VerifyAsync(fresh));
        Assert.Equal(newKid, Header(fresh).GetProperty("kid").GetString());
        Assert.NotEqual(newKid, Header(old).GetProperty("kid").GetString());
        Assert.Equal("sync-ready", (await VerifyAsync(old))!.Value.GetProperty("terms").GetProperty("id").GetString());
    }

    [Fact]
    public async Task TestKeyRender_HasEvaluationTerms_UnfinishedAndUnknownAreRefused()
    {
        var (tenant, key, _) = await Gateway.CreateTenantAsync("pro");
        using var test = Gateway.Http(await Gateway.CreateTestKeyAsync(tenant));
        using var live = Gateway.Http(key);
        var rendered = await RenderAsync(test, new { genre = "rock", duration_ms = 2000 });
        var canceled = (await PostGenerationAsync(live, new { genre = "cinematic-orchestral", duration_ms = 180000 })).GetProperty("id").GetString();
        (await live.PostAsync($"/v1/generations/{canceled}/cancel", null)).Dispose();

        var claims = await VerifyAsync((await test.GetFromJsonAsync<JsonElement>($"/v1/generations/{rendered}/license")).GetProperty("certificate").GetString()!);
        using var unfinished = await live.GetAsync($"/v1/generations/{canceled}/license");
        using var unknown = await live.GetAsync($"/v1/generations/{Guid.NewGuid()}/license");
        using var malformed = await live.GetAsync("/v1/generations/not-an-id/license");

        Assert.Equal("evaluation", claims!.Value.GetProperty("terms").GetProperty("id").GetString());
        Assert.False(claims.Value.GetProperty("livemode").GetBoolean());
        await ProblemAssert.ResponseAsync(unfinished, HttpStatusCode.Conflict, ProblemTypes.Conflict);
        await ProblemAssert.ResponseAsync(unknown, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await ProblemAssert.ResponseAsync(malformed, HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public void Provenance_QuotesTheModelCard()
    {
        foreach (var model in ModelProvenance.Models)
        {
            var card = File.ReadAllText(Path.Combine(Mureka.Testing.RepositoryLayout.Root, "src", "Mureka.Engine", "Models", model, "MODEL_CARD.md"));
            var provenance = ModelProvenance.For(model)!;
            foreach (var source in provenance.TrainingData.Concat(provenance.SampleSets))
            {
                // Each source's repository@commit or package, and its licence's first word, stand in the card.
                Assert.Contains(source.Source.Split(',')[0].Replace("Debian ", "", StringComparison.Ordinal).Split(' ')[0], card, StringComparison.Ordinal);
                Assert.Contains(source.License.Split(' ')[0], card, StringComparison.Ordinal);
            }
        }
    }

    private static async Task<byte[]> DecodeAsync(byte[] file, string format, string pcm)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mureka-pcm-{Guid.NewGuid():N}.{format}");
        try
        {
            await File.WriteAllBytesAsync(path, file);
            return await ToolRun.OutputAsync("ffmpeg", ["-v", "error", "-i", path, "-f", pcm, "-"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task<string> RenderAsync(HttpClient http, object spec)
    {
        var id = (await PostGenerationAsync(http, spec)).GetProperty("id").GetString()!;
        var done = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        return id;
    }

    /// <returns>The verified claims, or null when the certificate does not verify with any published key.</returns>
    private async Task<JsonElement?> VerifyAsync(string certificate)
    {
        using var anonymous = Gateway.Http(null);
        var jwks = await anonymous.GetFromJsonAsync<JsonElement>(LicenseKeysEndpoint.Path);
        var parts = certificate.Split('.');
        var header = Header(certificate);
        if (parts.Length != 3 || header.GetProperty("alg").GetString() != "ES256")
        {
            return null;
        }

        var jwk = jwks.GetProperty("keys").EnumerateArray().SingleOrDefault(k => k.GetProperty("kid").GetString() == header.GetProperty("kid").GetString());
        if (jwk.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(jwk.GetProperty("x").GetString()), Y = Base64Url.DecodeFromChars(jwk.GetProperty("y").GetString()) },
        });
        var valid = ecdsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256);
        return valid ? JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement.Clone() : null;
    }

    private static JsonElement Header(string certificate) =>
        JsonDocument.Parse(Base64Url.DecodeFromChars(certificate.Split('.')[0])).RootElement.Clone();
}

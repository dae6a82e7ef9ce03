using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Mureka.Gateway.Tests.Support;
using Mureka.Licensing;

namespace Mureka.Gateway.Tests.Licenses;

/// <summary>Licence signing keys sealed at rest under a key-encryption key that is not in the database.</summary>
[Collection(StackCollection.Name)]
public sealed class SealedLicenseKeysTests(StackFixture stack) : GatewayTestBase(stack)
{
    private static readonly string Kek = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    protected override void Configure(Dictionary<string, string?> settings) => settings[LicenseKeyProtector.ConfigurationKey] = Kek;

    [Fact]
    public async Task Gateway_WithAKeyEncryptionKey_StoresItsSigningKeySealed_AndStillSigns()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync("pro");
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "jazz", duration_ms = 2000 })).GetProperty("id").GetString()!;
        await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);

        var license = await http.GetFromJsonAsync<JsonElement>($"/v1/generations/{id}/license");
        var stored = await StoredKeysAsync();

        Assert.StartsWith("eyJ", license.GetProperty("certificate").GetString(), StringComparison.Ordinal);
        var (_, privateKey) = Assert.Single(stored);
        Assert.Equal("MKS1"u8.ToArray(), privateKey[..4]);
        // The sealed form is not the key: it does not import as PKCS#8.
        using var ecdsa = ECDsa.Create();
        Assert.ThrowsAny<CryptographicException>(() => ecdsa.ImportPkcs8PrivateKey(privateKey, out _));
    }

    [Fact]
    public async Task KeyStoredUnsealed_IsSealedWhenReadWithAKek_ThenOpensOnlyWithIt_AndAKekChangeReseals()
    {
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("delete from license_signing_keys");
        var time = TimeProvider.System;
        using (var unsealed = new LicenseSigningKeys(Gateway.DataSource, time, LicenseKeyProtector.None))
        {
            // A retired key and the signing key, both stored unsealed.
            await unsealed.RotateAsync(CancellationToken.None);
            await unsealed.RotateAsync(CancellationToken.None);
        }

        var plain = Assert.Single(await StoredKeysAsync()).PrivateKey;
        var first = new LicenseKeyProtector(Kek);
        using (var sealing = new LicenseSigningKeys(Gateway.DataSource, time, first))
        {
            var signing = await sealing.SigningAsync(CancellationToken.None);
            Assert.Equal(plain, signing.Pkcs8);
        }

        var sealedOnce = Assert.Single(await StoredKeysAsync()).PrivateKey;
        // The retired key is sealed too: it still verifies, so in the clear it could still sign.
        var everyKey = await connection.QueryAsync<byte[]>("select private_key from license_signing_keys");
        Assert.Equal(2, everyKey.Count());
        Assert.All(everyKey, k => Assert.Equal("MKS1"u8.ToArray(), k[..4]));
        using (var without = new LicenseSigningKeys(Gateway.DataSource, time, LicenseKeyProtector.None))
        {
            var refused = await Assert.ThrowsAsync<CryptographicException>(() => without.SigningAsync(CancellationToken.None));
            Assert.Contains(LicenseKeyProtector.ConfigurationKey, refused.Message, StringComparison.Ordinal);
        }

        var next = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        using (var changing = new LicenseSigningKeys(Gateway.DataSource, time, new LicenseKeyProtector(next, previous: Kek)))
        {
            Assert.Equal(plain, (await changing.SigningAsync(CancellationToken.None)).Pkcs8);
        }

        var (kid, sealedAgain) = Assert.Single(await StoredKeysAsync());
        Assert.NotEqual(plain, sealedOnce);
        Assert.NotEqual(sealedOnce, sealedAgain);
        Assert.Equal(plain, new LicenseKeyProtector(next).Unprotect(kid, sealedAgain).Pkcs8);
        Assert.Throws<CryptographicException>(() => first.Unprotect(kid, sealedAgain));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    [InlineData("c2VjcmV0LXRoYXQtaXMtZmFyLXRvby1sb25nLXRvLWJlLWEtMjU2LWJpdC1rZXktYXQtYWxs")]
    public void MalformedKek_Refused_WithoutEchoingIt(string value)
    {
        var refused = Assert.Throws<ArgumentException>(() => new LicenseKeyProtector(value));

        Assert.Contains(LicenseKeyProtector.ConfigurationKey, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SealedKey_MovedToAnotherKid_DoesNotOpen()
    {
        var protector = new LicenseKeyProtector(Kek);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pkcs8 = key.ExportPkcs8PrivateKey();

        var sealedKey = protector.Protect("lk_a", pkcs8);

        Assert.Equal(pkcs8, protector.Unprotect("lk_a", sealedKey).Pkcs8);
        Assert.Throws<CryptographicException>(() => protector.Unprotect("lk_b", sealedKey));
    }

    private async Task<List<(string Kid, byte[] PrivateKey)>> StoredKeysAsync()
    {
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(string, byte[])>("select kid, private_key from license_signing_keys where retired_at is null")).ToList();
    }
}

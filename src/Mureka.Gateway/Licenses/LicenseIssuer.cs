using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Mureka.Gateway.Generations;
using Mureka.Licensing;
using Npgsql;

namespace Mureka.Gateway.Licenses;

/// <summary>
/// Issues a succeeded generation's licence certificate: a compact JWS (ES256) whose claims name the files (SHA-256 of
/// each), the terms of the tenant's plan, the model and its provenance, the seed and the times. Issued once and stored,
/// so every later read returns the same certificate, whatever the plan or the signing key has become since.
/// </summary>
public sealed class LicenseIssuer(NpgsqlDataSource dataSource, LicenseSigningKeys keys, TimeProvider time)
{
    public const string TokenType = "mureka-license+jwt";

    /// <param name="planId">The tenant's plan now: its terms go into a certificate issued now.</param>
    public async Task<IssuedLicense> IssueAsync(GenerationView view, string planId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await FindAsync(connection, view.Record.Id, cancellationToken) is { } issued)
        {
            return issued;
        }

        var key = await keys.SigningAsync(cancellationToken);
        var now = time.GetUtcNow();
        var claims = ClaimsFor(view, planId, now);
        var certificate = Sign(claims, key);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into licenses (generation_id, license_id, kid, certificate, issued_at)
            values (@generationId, @licenseId, @kid, @certificate, @now)
            on conflict do nothing
            """,
            new { generationId = view.Record.Id, licenseId = claims.LicenseId, kid = key.Kid, certificate, now },
            cancellationToken: cancellationToken));
        // A concurrent first read may have won the insert (it conflicts on the generation and on the licence id, both
        // its own, hence no conflict target): everyone answers with the stored one.
        return await FindAsync(connection, view.Record.Id, cancellationToken)
            ?? throw new InvalidOperationException($"licence of {view.Record.Id} was neither stored nor found");
    }

    internal static LicenseClaims ClaimsFor(GenerationView view, string planId, DateTimeOffset issuedAt)
    {
        var record = view.Record;
        using var resolved = JsonDocument.Parse(record.Resolved);
        using var metadata = record.Metadata is { } text ? JsonDocument.Parse(text) : null;
        var modelVersion = metadata is not null && metadata.RootElement.TryGetProperty("model_version", out var v) ? v.GetString() : null;
        return new LicenseClaims(
            LicenseId: LicenseIds.For(record.Id),
            GenerationId: record.Id,
            TenantId: record.TenantId,
            Livemode: record.Livemode,
            Terms: LicenseTerms.For(planId, record.Livemode),
            Files: view.Audio.Select(a => new LicensedFile(a.Name, a.ContentType, a.SizeBytes, a.Sha256, a.PcmSha256)).ToList(),
            Model: new LicensedModel(record.Model, modelVersion, ModelProvenance.For(record.Model)),
            Seed: resolved.RootElement.TryGetProperty("seed", out var seed) && seed.TryGetInt64(out var value) ? value : null,
            CreatedAt: new DateTimeOffset(DateTime.SpecifyKind(record.CreatedAt, DateTimeKind.Utc)),
            IssuedAt: issuedAt)
        {
            DerivedFrom = record.ParentId is { } parent ? new LicenseParent(parent, LicenseIds.For(parent)) : null,
            SampleSet = SampleSetOf(metadata),
        };
    }

    private static LicensedSampleSet? SampleSetOf(JsonDocument? metadata) =>
        metadata is not null
        && metadata.RootElement.TryGetProperty("sample_set", out var set) && set.ValueKind == JsonValueKind.Object
        && set.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
        && set.TryGetProperty("sha256", out var sha256) && sha256.ValueKind == JsonValueKind.String
            ? new LicensedSampleSet(name.GetString()!, sha256.GetString()!)
            : null;

    private static string Sign(LicenseClaims claims, SigningKey key)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new JwsHeader("ES256", key.Kid, TokenType), GatewayJson.Compact);
        var payload = JsonSerializer.SerializeToUtf8Bytes(claims, GatewayJson.Compact);
        var signingInput = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(key.Pkcs8, out _);
        // JWS wants the IEEE P1363 form (r || s), which is .NET's default for ECDsa.SignData.
        var signature = ecdsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private static async Task<IssuedLicense?> FindAsync(NpgsqlConnection connection, Guid generationId, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<IssuedLicense>(new CommandDefinition(
            "select license_id as LicenseId, kid as Kid, certificate as Certificate, issued_at as IssuedAt from licenses where generation_id = @generationId",
            new { generationId }, cancellationToken: cancellationToken));

    private sealed record JwsHeader(string Alg, string Kid, string Typ);
}

/// <summary>A stored certificate.</summary>
public sealed record IssuedLicense(string LicenseId, string Kid, string Certificate, DateTime IssuedAt)
{
    /// <summary>The certificate's claims (its middle part), for readers that do not verify it.</summary>
    public JsonElement Claims()
    {
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(Certificate.Split('.')[1]));
        return payload.RootElement.Clone();
    }
}

/// <summary>What a certificate states (its JWS payload, snake_case).</summary>
public sealed record LicenseClaims(
    string LicenseId,
    Guid GenerationId,
    Guid TenantId,
    bool Livemode,
    LicenseTerms Terms,
    IReadOnlyList<LicensedFile> Files,
    LicensedModel Model,
    long? Seed,
    DateTimeOffset CreatedAt,
    DateTimeOffset IssuedAt)
{
    /// <summary>The track a version (cut-down, alternative mix) was made from, under the same terms; absent for an original.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LicenseParent? DerivedFrom { get; init; }

    /// <summary>The sample set this render used (the model card names the one its pack ships); absent for renders that did not report it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LicensedSampleSet? SampleSet { get; init; }
}

/// <summary>A version's parent track and its licence (licence ids follow from generation ids, so it is named even before it is issued).</summary>
public sealed record LicenseParent(Guid GenerationId, string LicenseId);

/// <param name="Sha256">Lowercase hex SHA-256 of the file exactly as delivered.</param>
/// <param name="PcmSha256">Lowercase hex SHA-256 of the PCM it was encoded from (the audio whatever its container or tags); absent for files from before it was kept.</param>
public sealed record LicensedFile(string Name, string ContentType, long SizeBytes, string Sha256, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PcmSha256);

/// <summary>The sample set (soundfont) a render played its instruments from, as the host reported it.</summary>
public sealed record LicensedSampleSet(string Name, string Sha256);

/// <param name="Version">The model version that rendered (null for renders that did not report it).</param>
public sealed record LicensedModel(string Id, string? Version, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ModelProvenance? Provenance);

using System.Net;
using System.Security.Cryptography;
using Mureka.Gateway.Storage;
using Mureka.Gateway.Storage.S3;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Storage;

/// <summary>The S3 store through the real AWS SDK against an S3-compatible server that checks signatures.</summary>
public sealed class S3AudioStoreTests(S3ServerFixture s3) : IClassFixture<S3ServerFixture>
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task SmallObject_CommittedInOnePut_ReadBackWithHashAndContentType()
    {
        using var store = s3.Store();
        var data = RandomBytes(300_000);

        var sha = await WriteAsync(store, "g/c/mix.wav", data, chunk: 64 * 1024);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), sha);
        Assert.Equal(data, await ReadAllAsync(store, "g/c/mix.wav"));
    }

    [Fact]
    public async Task ObjectLargerThanAPart_UploadedInParts_ReadBackWhole()
    {
        using var store = s3.Store(o => o.PartSizeBytes = 5 * MiB);
        var data = RandomBytes((12 * MiB) + 12345);

        var sha = await WriteAsync(store, "g/c/mix.flac", data, chunk: 700_000);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), sha);
        Assert.Equal(data, await ReadAllAsync(store, "g/c/mix.flac"));
    }

    [Fact]
    public async Task WriterDisposedWithoutCommit_NothingVisible()
    {
        using var store = s3.Store(o => o.PartSizeBytes = 5 * MiB);
        await using (var small = await store.CreateAsync("g/c/small.wav", CancellationToken.None))
        {
            await small.WriteAsync(RandomBytes(1000), CancellationToken.None);
        }

        await using (var large = await store.CreateAsync("g/c/large.wav", CancellationToken.None))
        {
            // More than one part: a multipart upload was started, and is abandoned.
            await large.WriteAsync(RandomBytes(6 * MiB), CancellationToken.None);
        }

        Assert.Null(await store.OpenReadAsync("g/c/small.wav", CancellationToken.None));
        Assert.Null(await store.OpenReadAsync("g/c/large.wav", CancellationToken.None));
        Assert.Empty(await ListAsync(store, DateTimeOffset.UtcNow.AddDays(1)));
    }

    [Fact]
    public async Task ReadStream_SeekBackAndForth_ReadsTheRightBytes()
    {
        using var store = s3.Store();
        var data = RandomBytes(200_000);
        await WriteAsync(store, "g/c/mix.wav", data, chunk: data.Length);
        await using var stream = (await store.OpenReadAsync("g/c/mix.wav", CancellationToken.None))!;

        Assert.True(stream.CanSeek);
        Assert.Equal(data.Length, stream.Length);
        stream.Seek(150_000, SeekOrigin.Begin);
        var tail = await ReadExactlyAsync(stream, 1000);
        stream.Position = 10;
        var head = await ReadExactlyAsync(stream, 20);
        stream.Seek(-5, SeekOrigin.End);
        var last = await ReadExactlyAsync(stream, 5);

        Assert.Equal(data[150_000..151_000], tail);
        Assert.Equal(data[10..30], head);
        Assert.Equal(data[^5..], last);
        Assert.Equal(0, await stream.ReadAsync(new byte[10]));
    }

    [Fact]
    public async Task ListOlderThan_CommittedKeysWithoutPrefix_DeleteRemovesThem()
    {
        using var store = s3.Store();
        await WriteAsync(store, "g1/c/mix.wav", RandomBytes(10), chunk: 10);
        await WriteAsync(store, "g2/c/drums.wav", RandomBytes(10), chunk: 10);

        var nothingYetOld = await ListAsync(store, DateTimeOffset.UtcNow.AddMinutes(-10));
        var all = await ListAsync(store, DateTimeOffset.UtcNow.AddMinutes(10));
        await store.DeleteAsync("g1/c/mix.wav", CancellationToken.None);
        await store.DeleteAsync("never/written.wav", CancellationToken.None);

        Assert.Empty(nothingYetOld);
        Assert.Equal(["g1/c/mix.wav", "g2/c/drums.wav"], all.Order(StringComparer.Ordinal));
        Assert.Null(await store.OpenReadAsync("g1/c/mix.wav", CancellationToken.None));
        Assert.Equal(["g2/c/drums.wav"], await ListAsync(store, DateTimeOffset.UtcNow.AddMinutes(10)));
    }

    [Fact]
    public async Task CheckWritable_GoodCredentialsReady_WrongSecretOrBucketNamed()
    {
        using var good = s3.Store();
        using var wrongSecret = s3.Store(o => o.SecretKey = "not-the-secret-0123456789");
        using var wrongBucket = s3.Store(o => o.Bucket = "no-such-bucket");

        Assert.Null(await good.CheckWritableAsync(CancellationToken.None));
        Assert.Contains("SignatureDoesNotMatch", await wrongSecret.CheckWritableAsync(CancellationToken.None));
        Assert.Contains("NoSuchBucket", await wrongBucket.CheckWritableAsync(CancellationToken.None));
    }

    [Fact]
    public async Task DownloadUrl_RedirectMode_PresignedUrlServesTheObjectAndTamperingIsRefused()
    {
        using var streaming = s3.Store();
        using var redirecting = s3.Store(o => o.Downloads = AudioDownloadMode.Redirect);
        var data = RandomBytes(50_000);
        await WriteAsync(redirecting, "g/c/mix.mp3", data, chunk: data.Length);

        var url = await redirecting.GetDownloadUrlAsync("g/c/mix.mp3", CancellationToken.None);
        Assert.Null(await streaming.GetDownloadUrlAsync("g/c/mix.mp3", CancellationToken.None));
        Assert.NotNull(url);
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);
        using var tampered = await http.GetAsync(new Uri(url.AbsoluteUri.Replace("mix.mp3", "drums.mp3", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("audio/mpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(data, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        // The SDK turns the expiry instant into seconds from its own clock reading, so the five minutes may round up.
        var expires = System.Web.HttpUtility.ParseQueryString(url.Query)["X-Amz-Expires"];
        Assert.InRange(int.Parse(expires!, System.Globalization.CultureInfo.InvariantCulture), 299, 301);
    }

    [Fact]
    public async Task DownloadUrl_Expired_Refused()
    {
        using var store = s3.Store(o =>
        {
            o.Downloads = AudioDownloadMode.Redirect;
            // S3 counts whole seconds from a signing time truncated to the second: a 1 s link signed late in its second
            // could expire before a busy machine sends the first request, so it gets 3 s.
            o.PresignedUrlLifetime = TimeSpan.FromSeconds(3);
        }, TimeProvider.System);
        await WriteAsync(store, "g/c/mix.wav", RandomBytes(100), chunk: 100);
        var url = await store.GetDownloadUrlAsync("g/c/mix.wav", CancellationToken.None);
        using var http = new HttpClient();

        // Good at first, then refused once its seconds are up.
        var statuses = new List<HttpStatusCode>();
        await Mureka.Testing.Poll.UntilAsync(
            async () =>
            {
                using var response = await http.GetAsync(url);
                statuses.Add(response.StatusCode);
                return response.StatusCode;
            },
            status => status == HttpStatusCode.Forbidden, TimeSpan.FromSeconds(15), "the presigned URL expiring");

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
    }

    private static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    private static async Task<string> WriteAsync(S3AudioStore store, string key, byte[] data, int chunk)
    {
        await using var writer = await store.CreateAsync(key, CancellationToken.None);
        for (var offset = 0; offset < data.Length; offset += chunk)
        {
            await writer.WriteAsync(data.AsMemory(offset, Math.Min(chunk, data.Length - offset)), CancellationToken.None);
        }

        Assert.Equal(data.Length, writer.Length);
        return await writer.CommitAsync(CancellationToken.None);
    }

    private static async Task<byte[]> ReadAllAsync(S3AudioStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key, CancellationToken.None) ?? throw new InvalidOperationException($"{key} missing");
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }

    private static async Task<List<string>> ListAsync(S3AudioStore store, DateTimeOffset olderThan)
    {
        var keys = new List<string>();
        await foreach (var key in store.ListOlderThanAsync(olderThan, CancellationToken.None))
        {
            keys.Add(key);
        }

        return keys;
    }
}

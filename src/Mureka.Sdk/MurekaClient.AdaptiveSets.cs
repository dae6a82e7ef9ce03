using System.IO.Compression;

namespace Mureka.Sdk;

/// <summary>Adaptive sets: estimate, create, wait and download the zip unpacked into a folder.</summary>
public sealed partial class MurekaClient
{
    /// <summary>What the set would bill (each state once, every transition and stinger) before anything renders.</summary>
    /// <exception cref="MurekaProblemException">The API refused the request (every invalid field is named).</exception>
    public Task<AdaptiveSetEstimate> EstimateAdaptiveSetAsync(AdaptiveSetRequest request, CancellationToken cancellationToken = default) =>
        CallAsync(() => Api.EstimateAdaptiveSetAsync(request, cancellationToken: cancellationToken));

    /// <summary>Creates a set; a 429 or 503 is tried again after its <c>Retry-After</c> under the same <c>Idempotency-Key</c>.</summary>
    /// <exception cref="MurekaProblemException">The API refused the request (validation, plan bounds, capacity after the retries).</exception>
    public Task<AdaptiveSet> CreateAdaptiveSetAsync(AdaptiveSetRequest request, CancellationToken cancellationToken = default) =>
        CreateAdaptiveSetAsync(request, Guid.NewGuid().ToString("N"), cancellationToken);

    /// <summary>As <see cref="CreateAdaptiveSetAsync(AdaptiveSetRequest, CancellationToken)"/> with the caller's own key.</summary>
    public Task<AdaptiveSet> CreateAdaptiveSetAsync(AdaptiveSetRequest request, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        return CreateWithRetriesAsync(() => Api.CreateAdaptiveSetAsync(request, idempotencyKey, cancellationToken), cancellationToken);
    }

    // Sets have no event stream: they are polled, and a render takes seconds, so a poll every 2 s at most is plenty.
    private static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Polls the set until it succeeded, failed or was canceled (from <see cref="MurekaClientOptions.InitialPollInterval"/>,
    /// doubling up to 2 s), reporting every state it reads.
    /// </summary>
    /// <exception cref="TimeoutException">It did not finish within <see cref="MurekaClientOptions.WaitTimeout"/>; it keeps running on the server.</exception>
    public async Task<AdaptiveSet> WaitForAdaptiveSetAsync(Guid id, IProgress<AdaptiveSet>? progress = null, CancellationToken cancellationToken = default)
    {
        var time = _options.TimeProvider;
        var deadline = time.GetUtcNow() + _options.WaitTimeout;
        var interval = _options.InitialPollInterval;
        while (true)
        {
            AdaptiveSet set;
            try
            {
                set = await CallAsync(() => Api.GetAdaptiveSetAsync(id, cancellationToken)).ConfigureAwait(false);
            }
            catch (MurekaProblemException e) when (e.Status is 429 or 503)
            {
                await Task.Delay(e.RetryAfter ?? _options.DefaultRetryAfter, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            progress?.Report(set);
            if (set.Status is "succeeded" or "failed" or "canceled")
            {
                return set;
            }

            if (time.GetUtcNow() + interval > deadline)
            {
                throw new TimeoutException($"Adaptive set {id} did not finish within {_options.WaitTimeout}; it keeps running on the server.");
            }

            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, LongestPoll.Ticks));
        }
    }

    /// <summary>
    /// Downloads a succeeded set's zip and unpacks it into <paramref name="directory"/> (created when missing; files of
    /// the same names are replaced). Entries that would land outside the folder are refused.
    /// </summary>
    /// <returns>The paths written, relative to <paramref name="directory"/>.</returns>
    /// <exception cref="MurekaProblemException">The API refused the download (not finished, past retention).</exception>
    public async Task<IReadOnlyList<string>> DownloadAdaptiveSetAsync(Guid id, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        using var zip = new MemoryStream();
        await DownloadAdaptiveSetArchiveAsync(id, zip, cancellationToken).ConfigureAwait(false);
        zip.Position = 0;
        var root = Path.GetFullPath(directory);
        Directory.CreateDirectory(root);
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
        var written = new List<string>(archive.Entries.Count);
        foreach (var entry in archive.Entries.Where(e => e.Name.Length > 0))
        {
            var target = Path.GetFullPath(Path.Combine(root, entry.FullName));
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new IOException($"the archive entry '{entry.FullName}' would be written outside {root}");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await entry.ExtractToFileAsync(target, overwrite: true, cancellationToken).ConfigureAwait(false);
            written.Add(Path.GetRelativePath(root, target));
        }

        return written;
    }

    /// <summary>Writes a succeeded set's zip, as it is, to <paramref name="destination"/>.</summary>
    /// <exception cref="MurekaProblemException">The API refused the download (not finished, past retention).</exception>
    public async Task DownloadAdaptiveSetArchiveAsync(Guid id, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var file = await CallAsync(() => Api.DownloadAdaptiveSetArchiveAsync(id, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await file.Stream.CopyToAsync(destination, CopyBufferBytes, cancellationToken).ConfigureAwait(false);
        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Create, wait, download and unpack: the finished set, its files in <paramref name="directory"/>.</summary>
    /// <exception cref="MurekaProblemException">The API refused a request.</exception>
    /// <exception cref="MurekaAdaptiveSetException">The set failed or was canceled.</exception>
    public async Task<AdaptiveSet> CreateAdaptiveSetAndDownloadAsync(AdaptiveSetRequest request, string directory, IProgress<AdaptiveSet>? progress = null, CancellationToken cancellationToken = default)
    {
        var created = await CreateAdaptiveSetAsync(request, cancellationToken).ConfigureAwait(false);
        var set = await WaitForAdaptiveSetAsync(created.Id, progress, cancellationToken).ConfigureAwait(false);
        if (set.Status != "succeeded")
        {
            throw new MurekaAdaptiveSetException(set);
        }

        await DownloadAdaptiveSetAsync(set.Id, directory, cancellationToken).ConfigureAwait(false);
        return set;
    }
}

/// <summary>The set finished without its zip: it failed or was canceled (see <see cref="AdaptiveSet"/>.Error).</summary>
public sealed class MurekaAdaptiveSetException : Exception
{
    public MurekaAdaptiveSetException(AdaptiveSet set)
        : base($"Adaptive set {set?.Id} ended {set?.Status}: {set?.Error ?? "no reason given"}")
    {
        AdaptiveSet = set!;
    }

    public MurekaAdaptiveSetException()
        : this("The adaptive set ended without its archive.")
    {
    }

    public MurekaAdaptiveSetException(string message)
        : this(message, null)
    {
    }

    public MurekaAdaptiveSetException(string message, Exception? innerException)
        : base(message, innerException)
    {
        AdaptiveSet = new AdaptiveSet();
    }

    public AdaptiveSet AdaptiveSet { get; }
}

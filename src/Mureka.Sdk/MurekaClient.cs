using System.Net.Http.Headers;

namespace Mureka.Sdk;

/// <summary>
/// The typed helper over the generated <see cref="MurekaApiClient"/>: create a generation, wait for it
/// and download its audio in one call, retrying refused creates after <c>Retry-After</c> and turning every
/// problem+json answer into a <see cref="MurekaProblemException"/>. <see cref="Api"/> is the full generated client.
/// </summary>
public sealed partial class MurekaClient : IDisposable
{
    private const int CopyBufferBytes = 81920;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly MurekaClientOptions _options;

    /// <param name="httpClient">Sends the requests; its <c>BaseAddress</c> and <c>Authorization</c> header must be set.</param>
    public MurekaClient(HttpClient httpClient, MurekaClientOptions? options = null)
        : this(httpClient, ownsHttp: false, options)
    {
    }

    private MurekaClient(HttpClient httpClient, bool ownsHttp, MurekaClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _http = httpClient;
        _ownsHttp = ownsHttp;
        _options = options ?? new MurekaClientOptions();
        Api = new MurekaApiClient(httpClient);
    }

    /// <summary>The generated client: every operation of the REST API.</summary>
    public IMurekaApiClient Api { get; }

    /// <summary>A client for <paramref name="baseUrl"/> (e.g. <c>https://api.example.com</c>) with an API key (<c>mk_live_…</c>).</summary>
    public static MurekaClient Create(Uri baseUrl, string apiKey, MurekaClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        options ??= new MurekaClientOptions();
        var http = new HttpClient(new ReadRetryHandler(new SocketsHttpHandler(), options)) { Timeout = TimeSpan.FromMinutes(5) };
        Configure(http, baseUrl, apiKey);
        return new MurekaClient(http, ownsHttp: true, options);
    }

    /// <summary>Points <paramref name="http"/> at the API with the key (also used by <c>AddMurekaClient</c>).</summary>
    internal static void Configure(HttpClient http, Uri baseUrl, string apiKey)
    {
        // Operation paths are relative ("v1/generations"), so a base path must end in '/' to be kept.
        http.BaseAddress = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    /// <summary>
    /// Every generation of the account, newest first, read a page at a time as the loop asks for more
    /// (<c>await foreach (var g in client.ListAllAsync(status: "succeeded"))</c>).
    /// </summary>
    /// <param name="status">Only generations with this status (queued, running, succeeded, failed, canceled).</param>
    /// <param name="genre">Only generations of this genre id.</param>
    public IAsyncEnumerable<Generation> ListAllAsync(
        int pageSize = 100, string? status = null, string? genre = null, CancellationToken cancellationToken = default) =>
        ListAllAsync(new GenerationQuery { Status = status, Genre = genre }, pageSize, cancellationToken);

    /// <summary>
    /// The catalogue: every generation <paramref name="query"/> selects, in its order, read a page at a time as the
    /// loop asks for more (<c>await foreach (var g in client.ListAllAsync(new GenerationQuery { Genre = "jazz", Sort = "-bpm" }))</c>).
    /// </summary>
    public async IAsyncEnumerable<Generation> ListAllAsync(
        GenerationQuery query, int pageSize = 100, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var labels = query.Labels?.Select(l => $"{l.Key}:{l.Value}").ToList();
        string? cursor = null;
        do
        {
            var page = await CallAsync(() => Api.ListGenerationsAsync(
                pageSize, cursor, query.Status, query.Genre, query.Mood, query.Key, query.Mode, query.MinBpm, query.MaxBpm,
                query.MinDurationMs, query.MaxDurationMs, query.Intensity, query.Loop, query.Stems, query.CreatedAfter, query.CreatedBefore,
                labels, query.Q, query.Sort, query.BatchId, query.ParentId, cancellationToken)).ConfigureAwait(false);
            foreach (var generation in page.Data)
            {
                yield return generation;
            }

            cursor = page.NextCursor;
        }
        while (!string.IsNullOrEmpty(cursor));
    }

    /// <summary>What <paramref name="request"/> would render and cost (seconds, price, quota), before anything renders or is stored.</summary>
    /// <exception cref="MurekaProblemException">The API refused the request (the same validation as a create).</exception>
    public Task<GenerationEstimate> EstimateAsync(GenerationRequest request, CancellationToken cancellationToken = default) =>
        CallAsync(() => Api.EstimateGenerationAsync(request, cancellationToken: cancellationToken));

    /// <summary>
    /// Creates a generation; a 429 or 503 (nothing was stored) is tried again after its <c>Retry-After</c>.
    /// Every attempt carries the same <c>Idempotency-Key</c>, so a retry can never create a second job.
    /// </summary>
    /// <exception cref="MurekaProblemException">The API refused the request (validation, auth, capacity after the retries).</exception>
    public Task<Generation> CreateAsync(GenerationRequest request, CancellationToken cancellationToken = default) =>
        CreateAsync(request, Guid.NewGuid().ToString("N"), cancellationToken);

    /// <summary>As <see cref="CreateAsync(GenerationRequest, CancellationToken)"/> with the caller's own key (e.g. one stored with an order, to survive a process restart).</summary>
    public Task<Generation> CreateAsync(GenerationRequest request, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        return CreateWithRetriesAsync(() => Api.CreateGenerationAsync(idempotencyKey, body: request, cancellationToken: cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Creates <paramref name="n"/> variations (1 to 4) of one request, each a generation of its own with a distinct
    /// seed, sharing a batch id; retried as <see cref="CreateAsync(GenerationRequest, CancellationToken)"/> is.
    /// </summary>
    /// <exception cref="MurekaProblemException">The API refused the request (validation, limits for all of them, capacity after the retries).</exception>
    public Task<GenerationBatch> CreateVariationsAsync(GenerationRequest request, int n, CancellationToken cancellationToken = default) =>
        CreateVariationsAsync(request, n, Guid.NewGuid().ToString("N"), cancellationToken);

    /// <summary>As <see cref="CreateVariationsAsync(GenerationRequest, int, CancellationToken)"/> with the caller's own idempotency key.</summary>
    public Task<GenerationBatch> CreateVariationsAsync(GenerationRequest request, int n, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var body = new VariationsRequest { N = n, Spec = request };
        return CreateWithRetriesAsync(() => Api.CreateVariationsAsync(body, idempotencyKey, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Extends a succeeded track: a new generation that plays it as it was, replaces its ending with new music of the
    /// same material for <c>DurationMs</c> more, and delivers the joined track and the continuation (billed for what it
    /// adds). Retried as <see cref="CreateAsync(GenerationRequest, CancellationToken)"/> is.
    /// </summary>
    /// <exception cref="MurekaProblemException">The API refused it (validation, 404, 409 for a loop or an unfinished track, limits, capacity after the retries).</exception>
    public Task<Generation> ExtendAsync(Guid id, ExtendRequest request, CancellationToken cancellationToken = default) =>
        ExtendAsync(id, request, Guid.NewGuid().ToString("N"), cancellationToken);

    /// <summary>As <see cref="ExtendAsync(Guid, ExtendRequest, CancellationToken)"/> with the caller's own idempotency key.</summary>
    public Task<Generation> ExtendAsync(Guid id, ExtendRequest request, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        return CreateWithRetriesAsync(() => Api.ExtendGenerationAsync(id, request, idempotencyKey, cancellationToken), cancellationToken);
    }

    // A 429 or 503 stored nothing, so the create is sent again (with the same idempotency key) after its Retry-After.
    private async Task<T> CreateWithRetriesAsync<T>(Func<Task<T>> create, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await CallAsync(create).ConfigureAwait(false);
            }
            catch (MurekaProblemException e) when (e.Status is 429 or 503 && attempt < _options.MaxCreateRetries)
            {
                await Task.Delay(e.RetryAfter ?? _options.DefaultRetryAfter, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Follows the generation's server-sent events until it succeeded, failed or was canceled, reporting the host's
    /// render progress as it comes; a broken stream is reopened, and a 429 or 503 is retried after its <c>Retry-After</c>.
    /// </summary>
    /// <exception cref="TimeoutException">It did not finish within <see cref="MurekaClientOptions.WaitTimeout"/>; it keeps running on the server.</exception>
    public async Task<Generation> WaitAsync(Guid id, IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var time = _options.TimeProvider;
        using var timeout = new CancellationTokenSource(_options.WaitTimeout, time);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            while (true)
            {
                try
                {
                    // Read first: a finished generation needs no stream, and progress reports carry the latest state.
                    var generation = await CallAsync(() => Api.GetGenerationAsync(id, waiting.Token)).ConfigureAwait(false);
                    if (generation.IsFinished)
                    {
                        return generation;
                    }

                    await foreach (var update in StreamEventsAsync(id, waiting.Token).ConfigureAwait(false))
                    {
                        if (update.Generation is { } finished)
                        {
                            return finished;
                        }

                        var stage = update.Type == GenerationEvent.Queued ? GenerationStage.Queued : GenerationStage.Running;
                        progress?.Report(new GenerationProgress(stage, generation, RenderFraction: update.Fraction, RenderStep: update.Stage));
                    }
                }
                catch (MurekaProblemException e) when (e.Status is 429 or 503)
                {
                    await Task.Delay(e.RetryAfter ?? _options.DefaultRetryAfter, time, waiting.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or IOException && !waiting.IsCancellationRequested)
                {
                    // The connection broke: the next stream starts again from the current state.
                    await Task.Delay(_options.InitialPollInterval, time, waiting.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Generation {id} did not finish within {_options.WaitTimeout}; it keeps running on the server.");
        }
    }

    /// <summary>Writes the generation's mix to <paramref name="destination"/>.</summary>
    public async Task DownloadAudioAsync(Generation generation, Stream destination, IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(destination);
        var total = generation.Audio.FirstOrDefault(a => a.Name == "mix")?.SizeBytes;
        using var file = await CallAsync(() => Api.DownloadGenerationAudioAsync(generation.Id, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var buffer = new byte[CopyBufferBytes];
        long copied = 0;
        progress?.Report(new GenerationProgress(GenerationStage.Downloading, generation, 0, total));
        int read;
        while ((read = await file.Stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            copied += read;
            progress?.Report(new GenerationProgress(GenerationStage.Downloading, generation, copied, total));
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Create, wait, download: the finished generation, its mix written to <paramref name="destination"/>.</summary>
    /// <exception cref="MurekaProblemException">The API refused a request.</exception>
    /// <exception cref="MurekaGenerationException">The generation failed or was canceled.</exception>
    public Task<Generation> CreateWaitAndDownloadAsync(GenerationRequest request, Stream destination, IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        WaitAndDownloadAsync(() => CreateAsync(request, cancellationToken), destination, progress, cancellationToken);

    /// <summary>
    /// Create, wait, download to a file. The audio goes to a temporary file beside <paramref name="path"/>
    /// that replaces it only when complete, so a failure never leaves a partial or clobbered file.
    /// </summary>
    public Task<Generation> CreateWaitAndDownloadAsync(GenerationRequest request, string path, IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        WaitAndDownloadAsync(() => CreateAsync(request, cancellationToken), path, progress, cancellationToken);

    /// <summary>Extend, wait, download the joined track to a file, as <see cref="CreateWaitAndDownloadAsync(GenerationRequest, string, IProgress{GenerationProgress}?, CancellationToken)"/> does.</summary>
    public Task<Generation> ExtendWaitAndDownloadAsync(Guid id, ExtendRequest request, string path, IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        WaitAndDownloadAsync(() => ExtendAsync(id, request, cancellationToken), path, progress, cancellationToken);

    private async Task<Generation> WaitAndDownloadAsync(Func<Task<Generation>> create, Stream destination, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var created = await create().ConfigureAwait(false);
        progress?.Report(new GenerationProgress(GenerationStage.Queued, created));
        var generation = created.IsFinished ? created : await WaitAsync(created.Id, progress, cancellationToken).ConfigureAwait(false);
        if (generation.Status != GenerationStatus.Succeeded)
        {
            throw new MurekaGenerationException(generation);
        }

        await DownloadAudioAsync(generation, destination, progress, cancellationToken).ConfigureAwait(false);
        progress?.Report(new GenerationProgress(GenerationStage.Done, generation));
        return generation;
    }

    private async Task<Generation> WaitAndDownloadAsync(Func<Task<Generation>> create, string path, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        try
        {
            Generation generation;
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferBytes, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                generation = await WaitAndDownloadAsync(create, file, progress, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, full, overwrite: true);
            return generation;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (MurekaApiException e)
        {
            throw MurekaProblemException.From(e);
        }
    }
}

namespace Mureka.Gateway;

/// <summary>Everything under the <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>HTTP/1.1 endpoint for REST.</summary>
    public string RestUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>HTTP/2-only (h2c) endpoint for gRPC.</summary>
    public string GrpcUrl { get; set; } = "http://127.0.0.1:8081";

    /// <summary>
    /// HTTP/1.1 endpoint for operators: Prometheus <c>/metrics</c>. Empty (the default) serves no metrics; keep it
    /// off the public network (e.g. a pod port that only the scraper reaches).
    /// </summary>
    public string? ManagementUrl { get; set; }

    /// <summary>Npgsql connection string; also read from <c>ConnectionStrings:Mureka</c> or <c>MUREKA_DATABASE</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Sent to every inference host as <c>authorization: Bearer …</c>; must be one of the hosts' <c>Host:CallerSecrets</c>.</summary>
    public string? HostSecret { get; set; }

    /// <summary>Inference host URLs (h2c), e.g. http://127.0.0.1:9090.</summary>
    public IList<string> Hosts { get; } = [];

    /// <summary>Where rendered audio is kept: the filesystem store (under <see cref="AudioRoot"/>) or an S3-compatible one.</summary>
    public Storage.AudioStoreOptions AudioStore { get; set; } = new();

    /// <summary>Root folder of the filesystem audio store.</summary>
    public string AudioRoot { get; set; } = Path.Combine(Path.GetTempPath(), "mureka-audio");

    /// <summary>
    /// Outside Development a root in a temporary folder (the default) stops the gateway from starting, since a reboot
    /// clears it; true accepts it for a throwaway gateway.
    /// </summary>
    public bool AudioRootMayBeTemporary { get; set; }

    /// <summary>Below this much free space on the audio root's disk the gateway reports itself not ready.</summary>
    public long AudioMinFreeBytes { get; set; } = 1L << 30;

    /// <summary>
    /// How long the signed <c>download_url</c> of an audio object works (rounded up to a twelfth of it, so responses
    /// within one step share their links). Between one minute and seven days.
    /// </summary>
    public TimeSpan DownloadLinkLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A generation never waits or runs longer than this after it was accepted.</summary>
    public TimeSpan JobDeadline { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>gRPC deadline of one Generate call (further capped by the jobs' own deadlines).</summary>
    public TimeSpan HostCallDeadline { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>False: accept and store jobs but render nothing (benchmarks of the accept path).</summary>
    public bool DispatchEnabled { get; set; } = true;

    /// <summary>How often the dispatcher looks in the database for queued jobs it was not told about.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a claimed job stays this replica's without a renewal (batching dispatcher). Renewed every
    /// third of it while the job runs; after it expires, any replica queues the job again.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a stopping gateway lets running renders finish; what is still running then goes back to the
    /// queue without spending an attempt. Keep it under the host's shutdown timeout.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often expired audio (past the plan's <c>audio_retention_days</c>) is deleted.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often stored audio without a generation row is looked for.</summary>
    public TimeSpan OrphanSweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Stored audio younger than this is never swept; longer than a render may take from its first byte to its row.</summary>
    public TimeSpan OrphanGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often jobs past their deadline are failed.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts to reach a host while none is available.</summary>
    public TimeSpan MaxHostRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public bool MigrateOnStart { get; set; }

    /// <summary>How long a successful key lookup is reused; revocations also evict through LISTEN/NOTIFY. Zero disables the cache.</summary>
    public TimeSpan AuthCacheTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a key the database refused (unknown, revoked, suspended tenant) is refused again from memory.
    /// Any key change (revoke, suspend, un-suspend, plan) empties this cache through LISTEN/NOTIFY too, so a
    /// re-enabled key works as soon as its notification arrives. Zero disables it.
    /// </summary>
    public TimeSpan RefusedKeyCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most keys each authentication cache (accepted, refused, seen valid) holds; past it, keys are simply looked up.</summary>
    public int AuthCacheCapacity { get; set; } = 50_000;

    /// <summary>
    /// How long a key that was valid may still be looked up when its caller's address is over the
    /// <see cref="Auth.AuthThrottleOptions"/> budget; a key not seen valid within it is answered 429 there until the budget refills.
    /// </summary>
    public TimeSpan SeenValidKeyRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Readiness reads the database at most once per this interval, whatever the number of probes (gRPC
    /// health, <c>/readyz</c>); every probe in between gets the last answer. A database failure met by a
    /// request ends a healthy answer's reuse at once.
    /// </summary>
    public TimeSpan DatabaseCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Mix audio kept per running job for StreamGeneration callers that subscribe late; past it they get the rest
    /// from the stored file when the job finishes.
    /// </summary>
    public long StreamReplayLimitBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Largest accepted request body: room for a theme at its caps (a 64 KiB MIDI file is 86 KiB of base64; 64 Ki
    /// characters of ABC may double when escaped in JSON) beside the rest of a spec.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 192 * 1024;
}

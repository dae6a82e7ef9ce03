namespace Mureka.Gateway.Data;

/// <summary>A row of <c>generations</c> as Dapper reads it (timestamptz arrives as UTC <see cref="DateTime"/>).</summary>
public sealed class GenerationRecord
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public string Status { get; set; } = GenerationStatuses.Queued;

    public string Model { get; set; } = "";

    /// <summary>The caller's spec as JSON (snake_case).</summary>
    public string Request { get; set; } = "{}";

    /// <summary>The resolved spec as JSON (snake_case).</summary>
    public string Resolved { get; set; } = "{}";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public DateTime DeadlineAt { get; set; }

    public string? Error { get; set; }

    public string? Host { get; set; }

    public int Attempts { get; set; }

    public long? RenderedMs { get; set; }

    public string? Metadata { get; set; }

    public bool CancelRequested { get; set; }

    public string? TraceParent { get; set; }

    /// <summary>False when a test key created it: rendered like any other, never billed, never counted against the quota.</summary>
    public bool Livemode { get; set; } = true;

    /// <summary>The gateway replica that claimed the job, while it runs.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>The current claim while the job runs: every change a runner makes is guarded by it, and its audio is stored under it.</summary>
    public Guid? ClaimId { get; set; }

    /// <summary>When the retention sweep deleted the generation's audio, past its plan's retention.</summary>
    public DateTime? AudioExpiredAt { get; set; }

    public bool IsFinished => GenerationStatuses.IsTerminal(Status);

    /// <summary>The customer's title for the track, if any.</summary>
    public string? Title { get; set; }

    /// <summary>The customer's labels as a JSON object of strings (<c>{}</c> when none).</summary>
    public string Labels { get; set; } = "{}";

    /// <summary>Set on every member of one request for several variations; null for a generation made alone.</summary>
    public Guid? BatchId { get; set; }

    /// <summary>What a success bills, as quoted when it was created (<c>GenerationEstimator.BillableMs</c>).</summary>
    public long? EstimatedMs { get; set; }

    /// <summary>The track this one is a version of (a cut-down or an alternative mix); null for an original.</summary>
    public Guid? ParentId { get; set; }

    /// <summary>The resolved tempo (a generated column, read for paging by tempo).</summary>
    public double Bpm { get; set; }

    /// <summary>The resolved length (a generated column, read for paging by length).</summary>
    public long DurationMs { get; set; }

    /// <summary>What the job renders: <see cref="GenerationKinds.Track"/> or <see cref="GenerationKinds.AdaptiveSet"/>.</summary>
    public string Kind { get; set; } = GenerationKinds.Track;

    public bool IsAdaptiveSet => Kind == GenerationKinds.AdaptiveSet;
}

/// <summary>The kinds of job in <c>generations</c> (see migration 0020 for why a set is a row there).</summary>
public static class GenerationKinds
{
    public const string Track = "track";

    public const string AdaptiveSet = "adaptive_set";
}

public sealed class AudioObjectRecord
{
    public Guid GenerationId { get; set; }

    public string Name { get; set; } = "";

    public string ContentType { get; set; } = "";

    public long SizeBytes { get; set; }

    public string Sha256 { get; set; } = "";

    /// <summary>The host's SHA-256 of the PCM the file encodes (<c>AudioObjectInfo.pcm_sha256</c>); null for files stored before hosts sent it.</summary>
    public string? PcmSha256 { get; set; }

    public string StorageKey { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}

public static class GenerationStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Canceled = "canceled";

    public static IReadOnlyList<string> All { get; } = [Queued, Running, Succeeded, Failed, Canceled];

    public static bool IsTerminal(string status) => status is Succeeded or Failed or Canceled;
}

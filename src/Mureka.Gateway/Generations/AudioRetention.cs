using Mureka.Gateway.Data;
using Mureka.Gateway.Limits;

namespace Mureka.Gateway.Generations;

/// <summary>
/// Whether a generation's stored audio may still be served, the same answer for REST and gRPC: audio the sweep
/// deleted is gone, and so is audio past its plan's retention by the clock, before any sweep has run (a finished
/// generation may be served from memory, which the sweep does not touch).
/// </summary>
public sealed class AudioRetention(PlanCatalog plans, TimeProvider time)
{
    /// <summary>When the audio stopped being available, or null while it may be served.</summary>
    public async ValueTask<DateTimeOffset?> ExpiredAtAsync(GenerationView view, AudioObjectRecord? audio, string planId, CancellationToken cancellationToken)
    {
        if (view.Record.AudioExpiredAt is { } swept)
        {
            return new DateTimeOffset(DateTime.SpecifyKind(swept, DateTimeKind.Utc));
        }

        if (audio is null)
        {
            return null;
        }

        var plan = await plans.FindAsync(planId, cancellationToken);
        return plan?.AudioExpiresAt(new DateTimeOffset(audio.CreatedAt, TimeSpan.Zero)) is { } expiresAt && expiresAt <= time.GetUtcNow() ? expiresAt : null;
    }

    /// <summary>What a client is told, in the problem's detail and the gRPC status alike.</summary>
    public static string Explain(DateTimeOffset expiredAt) =>
        $"Its plan keeps audio for a limited number of days; this generation's audio expired at {expiredAt.UtcDateTime:O} and was deleted.";
}

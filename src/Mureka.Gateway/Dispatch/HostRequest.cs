using Grpc.Core;
using Mureka.Contracts.Inference.V1;
using Mureka.Gateway.AdaptiveSets;
using Mureka.Gateway.Data;
using Mureka.Gateway.Generations;
using Mureka.Gateway.Storage;
using Mureka.Licensing;

namespace Mureka.Gateway.Dispatch;

/// <summary>
/// The host call that runs a group of claimed jobs: a batch of tracks goes as one Generate call; an adaptive set goes
/// alone as a RenderAdaptiveSet call. Both answer with the same events, so everything after the start is shared.
/// </summary>
internal sealed class HostRequest
{
    private readonly Func<InferenceHost.InferenceHostClient, DateTime, CancellationToken, AsyncServerStreamingCall<GenerateResponse>> _start;

    private HostRequest(IReadOnlyList<AttemptOutput> items, Func<InferenceHost.InferenceHostClient, DateTime, CancellationToken, AsyncServerStreamingCall<GenerateResponse>> start)
    {
        Items = items;
        _start = start;
    }

    public IReadOnlyList<AttemptOutput> Items { get; }

    /// <param name="jobs">Tracks only, or one adaptive set (<see cref="Calls"/> groups them so).</param>
    public static HostRequest For(string batchId, IReadOnlyList<GenerationRecord> jobs, IAudioStore store)
    {
        if (jobs is [{ IsAdaptiveSet: true } set])
        {
            var resolved = StoredAdaptiveSet.Read(set.Resolved);
            var request = new RenderAdaptiveSetRequest
            {
                BatchId = batchId,
                ItemId = set.Id.ToString(),
                ResolvedSetJson = Spec.Adaptive.ResolvedAdaptiveSetJson.Write(resolved),
                Title = set.Title ?? "",
                Provenance = ProvenanceOf(set),
            };
            return new HostRequest([new AttemptOutput(set, AttemptOutput.MaxBytesFor(resolved), store)], (client, deadline, ct) => client.RenderAdaptiveSet(request, deadline: deadline, cancellationToken: ct));
        }

        var batch = new GenerateRequest { BatchId = batchId };
        var items = new List<AttemptOutput>(jobs.Count);
        foreach (var job in jobs)
        {
            if (job.IsAdaptiveSet)
            {
                throw new ArgumentException("an adaptive set runs alone in its own call", nameof(jobs));
            }

            var spec = StoredSpec.Read(job.Resolved).ToTrackSpec();
            batch.Items.Add(new GenerateItem { ItemId = job.Id.ToString(), Spec = spec, Provenance = ProvenanceOf(job) });
            items.Add(new AttemptOutput(job, AttemptOutput.MaxBytesFor(spec), store));
        }

        return new HostRequest(items, (client, deadline, ct) => client.Generate(batch, deadline: deadline, cancellationToken: ct));
    }

    /// <summary>
    /// The host calls that run <paramref name="jobs"/>: tracks in chunks of at most <paramref name="maxBatch"/>, each
    /// adaptive set alone (the batcher may queue both kinds of one model together).
    /// </summary>
    public static IEnumerable<GenerationRecord[]> Calls(IReadOnlyList<GenerationRecord> jobs, int maxBatch) =>
        jobs.Where(j => !j.IsAdaptiveSet).Chunk(maxBatch).Concat(jobs.Where(j => j.IsAdaptiveSet).Select(j => new[] { j }));

    public AsyncServerStreamingCall<GenerateResponse> Start(InferenceHost.InferenceHostClient client, DateTime deadline, CancellationToken cancellationToken) =>
        _start(client, deadline, cancellationToken);

    /// <summary>The files name their generation and licence in their own tags, so they stay traceable once downloaded.</summary>
    private static FileProvenance ProvenanceOf(GenerationRecord job) =>
        new() { GenerationId = job.Id.ToString(), LicenseId = LicenseIds.For(job.Id) };
}

using Mureka.Contracts.Inference.V1;
using Mureka.Gateway.Data;
using Mureka.Gateway.Storage;
using Mureka.Spec.Adaptive;

namespace Mureka.Gateway.Dispatch;

/// <summary>
/// What one attempt of one job writes: the host's audio objects, checked as they arrive and stored under the
/// attempt's own keys (<c>{generation}/{claim}/{name}</c>). Only names of <see cref="AudioObjectKinds"/> and
/// known content types are accepted, chunks must arrive in order, the whole item stays under a byte cap derived
/// from its spec, and the result must list exactly the objects written with their sizes and SHA-256. Whatever
/// happens, <see cref="DeleteAsync"/> removes everything this attempt wrote and nothing else.
/// </summary>
public sealed class AttemptOutput(GenerationRecord job, long maxBytes, IAudioStore store) : IAsyncDisposable
{
    private readonly Dictionary<string, (IAudioWriter Writer, string Key)> _open = new(StringComparer.Ordinal);
    private readonly List<AudioObjectRecord> _committed = [];
    private readonly Guid _claim = job.ClaimId ?? throw new ArgumentException("a running job has a claim", nameof(job));
    private long _bytes;

    public GenerationRecord Job { get; } = job;

    /// <summary>
    /// The most bytes an item with <paramref name="spec"/> can legitimately produce: its PCM size (stereo, with a
    /// second of slack) for the mix, each stem and an extension's continuation, plus room for headers. Compressed
    /// formats stay well below it.
    /// </summary>
    public static long MaxBytesFor(TrackSpec spec)
    {
        var objects = (spec.Stems ? AudioObjectKinds.Names.Count : 1) + (spec.Extends is null ? 0 : 1);
        return objects * PcmBytes(spec.DurationMs, spec.SampleRate, spec.BitDepth);
    }

    /// <summary>
    /// The most bytes an adaptive set's zip can legitimately hold: every state's full loop and each of its layers, every
    /// transition and stinger, each as PCM with room for headers, plus room for the text files.
    /// </summary>
    public static long MaxBytesFor(ResolvedAdaptiveSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var files = set.States.Select(s => (Spec: s.Spec, Copies: 1 + set.Layers))
            .Concat(set.Transitions.Select(t => (t.Spec, Copies: 1)))
            .Concat(set.Stingers.Select(s => (s.Spec, Copies: 1)));
        return files.Sum(f => f.Copies * PcmBytes(f.Spec.DurationMs, f.Spec.SampleRate, f.Spec.BitDepth)) + (1 << 20);
    }

    private static long PcmBytes(int durationMs, int sampleRate, int bitDepth)
    {
        var bytesPerSample = Math.Clamp(bitDepth / 8, 2, 4);
        var frames = (durationMs / 1000.0 + 1) * Math.Max(sampleRate, 8000);
        return (long)Math.Ceiling(frames * 2 * bytesPerSample) + (1 << 20);
    }

    /// <summary>Settled: completed, requeued, failed or dropped; later events for the item are ignored.</summary>
    public bool Done { get; set; }

    /// <summary>The host sent something for this item: it was tried, so a failure from here on spends its attempt.</summary>
    public bool Started { get; set; }

    /// <summary>The host's output for this item was refused: counted against the host.</summary>
    public bool Refused { get; set; }

    public IReadOnlyList<AudioObjectRecord> Committed => _committed;

    /// <summary>Appends a chunk's data; a last chunk is then committed with <see cref="CommitAsync"/>.</summary>
    /// <exception cref="HostOutputException">The chunk breaks the rules above; nothing of it was written.</exception>
    public async Task WriteAsync(AudioChunk chunk, CancellationToken cancellationToken)
    {
        if (!_open.TryGetValue(chunk.Object, out var open))
        {
            open = await OpenAsync(chunk, cancellationToken);
        }

        if (chunk.Offset != open.Writer.Length)
        {
            throw new HostOutputException($"chunk of '{chunk.Object}' at offset {chunk.Offset}, expected {open.Writer.Length}");
        }

        _bytes += chunk.Data.Length;
        if (_bytes > maxBytes)
        {
            throw new HostOutputException($"the item's audio exceeds {maxBytes} bytes, more than its spec can produce");
        }

        await open.Writer.WriteAsync(chunk.Data.Memory, cancellationToken);
    }

    /// <summary>Makes an object whose last chunk was written visible under its key.</summary>
    public async Task CommitAsync(AudioChunk last, CancellationToken cancellationToken)
    {
        var open = _open[last.Object];
        var sha256 = await open.Writer.CommitAsync(cancellationToken);
        _open.Remove(last.Object);
        _committed.Add(new AudioObjectRecord
        {
            GenerationId = Job.Id, Name = last.Object, ContentType = last.ContentType, SizeBytes = open.Writer.Length, Sha256 = sha256, StorageKey = open.Key,
        });
        await open.Writer.DisposeAsync();
    }

    /// <summary>Checks the host's result against what was written.</summary>
    /// <exception cref="HostOutputException">An object is missing, unfinished, unlisted, or its size or hash differs.</exception>
    public void Verify(ItemResult result)
    {
        if (_open.Count > 0)
        {
            throw new HostOutputException($"the result arrived before '{_open.Keys.First()}' was complete");
        }

        var required = Job.IsAdaptiveSet ? AudioObjectKinds.Archive : AudioObjectKinds.Mix;
        if (!_committed.Any(o => o.Name == required))
        {
            throw new HostOutputException($"the result has no {required}");
        }

        var listed = result.Objects.ToDictionary(o => o.Object, StringComparer.Ordinal);
        foreach (var written in _committed)
        {
            if (!listed.Remove(written.Name, out var info))
            {
                throw new HostOutputException($"the result does not list '{written.Name}'");
            }

            if (info.SizeBytes != written.SizeBytes || !string.Equals(info.Sha256, written.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new HostOutputException($"'{written.Name}' arrived as {written.SizeBytes} bytes with SHA-256 {written.Sha256}; the host reported {info.SizeBytes} bytes with {Printable(info.Sha256)}");
            }

            // The PCM digest cannot be re-derived here without decoding (and lossy files never decode back to it), so the
            // host's word is taken, in its one valid shape; a host from before digests sends none.
            if (info.PcmSha256.Length > 0 && !IsSha256Hex(info.PcmSha256))
            {
                throw new HostOutputException($"'{written.Name}' has a PCM digest that is not a SHA-256: {Printable(info.PcmSha256)}");
            }

            written.PcmSha256 = info.PcmSha256.Length > 0 ? info.PcmSha256 : null;
        }

        if (listed.Count > 0)
        {
            throw new HostOutputException($"the result lists '{Printable(listed.Keys.First())}', which never arrived");
        }
    }

    /// <summary>Removes every object this attempt wrote, committed or not.</summary>
    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        await DisposeAsync();
        foreach (var o in _committed)
        {
            await store.DeleteAsync(o.StorageKey, cancellationToken);
        }

        _committed.Clear();
    }

    /// <summary>Discards unfinished writes (never visible under their keys).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var (writer, _) in _open.Values)
        {
            await writer.DisposeAsync();
        }

        _open.Clear();
    }

    private async Task<(IAudioWriter Writer, string Key)> OpenAsync(AudioChunk chunk, CancellationToken cancellationToken)
    {
        if (!AudioObjectKinds.Names.Contains(chunk.Object))
        {
            throw new HostOutputException($"unknown audio object '{Printable(chunk.Object)}'");
        }

        if (!AudioObjectKinds.TryGetExtension(chunk.ContentType, out var extension) || !AudioObjectKinds.Fits(chunk.Object, chunk.ContentType))
        {
            throw new HostOutputException($"unknown content type '{Printable(chunk.ContentType)}' for '{chunk.Object}'");
        }

        if (Job.IsAdaptiveSet != (chunk.Object == AudioObjectKinds.Archive))
        {
            // A set is delivered as its archive alone, and a track never as one.
            throw new HostOutputException($"'{chunk.Object}' is not an object of a {Job.Kind}");
        }

        if (_committed.Any(o => o.Name == chunk.Object))
        {
            throw new HostOutputException($"'{chunk.Object}' was sent twice");
        }

        var key = StorageExtensions.KeyFor(Job.Id, _claim, chunk.Object, extension);
        var open = (await store.CreateAsync(key, cancellationToken), key);
        _open[chunk.Object] = open;
        return open;
    }

    /// <summary>Host strings end up in errors shown to customers: cut and stripped of control characters.</summary>
    private static bool IsSha256Hex(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigitLower);

    private static string Printable(string value)
    {
        var cut = value.Length > 64 ? value[..64] + "…" : value;
        return new string(cut.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}

using Mureka.Engine.Mixing.Internal;
using Mureka.Engine.Music;

namespace Mureka.Engine.Mixing;

/// <summary>
/// <see cref="ScoreMixer"/> for a piece (not a loop) whose tracks are still rendering: the same chain — channel
/// strips, stems and sends, impacts, reverb, lo-fi colour, mono-safety and bus compression — run window by window,
/// every filter and delay line carrying its state, with the whole-piece measurements taken beforehand
/// (<see cref="MixDecisions"/>). Given the decisions the one-pass mix would take, the result is the same floats.
/// </summary>
internal sealed class MixStream
{
    private readonly TrackStrip[] strips;
    private readonly int[] stemOf;
    private readonly AudioBuffer[] stems;
    private readonly AudioBuffer[] sends;
    private readonly int drums;
    private readonly IReadOnlyList<long> impactStarts;
    private readonly float[]? boom;
    private readonly SendReverbStream reverb;
    private readonly LofiStream? lofi;
    private readonly float sideGain;
    private readonly CompressorStream compressor;
    private int mixed;

    /// <param name="tracks">Each score track with its full-length dry buffers, final up to the frame passed to <see cref="Advance"/>.</param>
    public MixStream(Score score, IReadOnlyList<(ScoreTrack Track, float[] Left, float[] Right)> tracks, int sampleRate, int frames, MixProfile profile, MixOptions options, MixDecisions decisions)
    {
        if (options.Loop)
        {
            throw new ArgumentException("A loop is mixed in one pass: its tails wrap onto its start.", nameof(options));
        }

        var kinds = Enum.GetValues<StemKind>();
        var duckShape = profile.Pumps ? SidechainEnvelope.Shape(score, sampleRate, frames, loop: false) : null;
        strips = [.. tracks.Select((t, i) => new TrackStrip(t.Track, t.Left, t.Right, sampleRate, profile, decisions.Strips[i], duckShape))];
        stemOf = [.. tracks.Select(t => Array.IndexOf(kinds, t.Track.Stem))];
        stems = [.. kinds.Select(_ => new AudioBuffer(sampleRate, frames))];
        sends = [.. kinds.Select(_ => new AudioBuffer(sampleRate, frames))];
        drums = Array.IndexOf(kinds, StemKind.Drums);
        impactStarts = profile.SectionImpacts ? SectionImpacts.Starts(score, sampleRate, frames) : [];
        boom = profile.SectionImpacts ? SectionImpacts.Boom(sampleRate, decisions.ImpactPeak) : null;
        reverb = new SendReverbStream(profile.Reverb, sends);
        lofi = profile.Lofi is { } colour ? new LofiStream(colour, options.Seed, stems, stems[drums], decisions.NoiseReference) : null;
        sideGain = decisions.SideGain;
        compressor = new CompressorStream(stems, profile.Compression, decisions.CompressorMeanPower);
        Stems = kinds.Select((kind, k) => (kind, stems[k])).ToDictionary(x => x.kind, x => x.Item2);
    }

    /// <summary>The mix (the sum of the compressed stems), final up to <see cref="Ready"/>.</summary>
    public AudioBuffer Mix => compressor.Mix;

    /// <summary>The compressed stems, final up to <see cref="Ready"/>.</summary>
    public IReadOnlyDictionary<StemKind, AudioBuffer> Stems { get; }

    public int Ready => compressor.Ready;

    /// <summary>Mixes the tracks, rendered up to <paramref name="rendered"/>; returns the new <see cref="Ready"/>.</summary>
    public int Advance(int rendered, CancellationToken cancellationToken)
    {
        var from = mixed;
        var length = rendered - from;
        if (length > 0)
        {
            var outputs = strips.Select(_ => (Left: new float[length], Right: new float[length])).ToArray();
            Parallel.For(0, strips.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                strips[i].Process(from, outputs[i].Left, outputs[i].Right));

            for (var i = 0; i < strips.Length; i++)
            {
                Add(stems[stemOf[i]], outputs[i], from, 1f);
                Add(sends[stemOf[i]], outputs[i], from, strips[i].SendGain);
            }

            if (boom is not null)
            {
                SectionImpacts.AddRange(stems[drums], impactStarts, boom, from, rendered);
                SectionImpacts.AddRange(sends[drums], impactStarts, boom, from, rendered);
            }

            cancellationToken.ThrowIfCancellationRequested();
            reverb.AddTo(stems, from, rendered);
            lofi?.Process(from, rendered);
            StereoGuard.Narrow(stems, sideGain, from, rendered);
            mixed = rendered;
        }

        return compressor.Advance(mixed);
    }

    private static void Add(AudioBuffer into, (float[] Left, float[] Right) strip, int from, float gain)
    {
        if (gain == 0)
        {
            return;
        }

        for (var i = 0; i < strip.Left.Length; i++)
        {
            into.Left[from + i] += strip.Left[i] * gain;
            into.Right[from + i] += strip.Right[i] * gain;
        }
    }
}

using Mureka.Engine.Mixing.Internal;
using Mureka.Engine.Music;
using Mureka.Engine.Rendering;

namespace Mureka.Engine.Mixing;

/// <summary>
/// The mix stage between rendering and mastering. Each dry track goes through its role's channel strip (in
/// parallel), then is summed into its stem with a post-fader send; each stem's send runs through an identical
/// reverb; genre colour, a mono-safety guard and the bus compressor follow, the last two as one linear change per
/// stem so the stems still sum to the mix. Deterministic: the same score, tracks, profile and seed give the same floats.
/// </summary>
public static class ScoreMixer
{
    private const double ImpactPeakOverDrumsRms = 6.0;

    public static IReadOnlyDictionary<StemKind, AudioBuffer> Mix(Score score, RenderedTracks tracks, MixProfile profile, MixOptions options, CancellationToken cancellationToken = default) =>
        MixWithBus(score, tracks, profile, options, cancellationToken).Stems;

    /// <summary>Mixes the tracks and returns the bus decisions taken on them, for <see cref="MixLayer"/>.</summary>
    public static (IReadOnlyDictionary<StemKind, AudioBuffer> Stems, MixBus Bus) MixWithBus(Score score, RenderedTracks tracks, MixProfile profile, MixOptions options, CancellationToken cancellationToken = default)
    {
        var (stems, bus, _) = Run(score, tracks, profile, options, shared: null, busAdditions: true, cancellationToken);
        return (stems, bus);
    }

    /// <summary>
    /// Mixes the tracks and also returns the whole-piece measurements the mix took on them (track levels and placement,
    /// the impact and noise references, the mono-safety narrowing, the bus compressor's level), for <see cref="MixStream"/>.
    /// </summary>
    internal static (IReadOnlyDictionary<StemKind, AudioBuffer> Stems, MixDecisions Decisions) Decide(Score score, RenderedTracks tracks, MixProfile profile, MixOptions options, CancellationToken cancellationToken = default)
    {
        var (stems, _, decisions) = Run(score, tracks, profile, options, shared: null, busAdditions: true, cancellationToken);
        return (stems, decisions);
    }

    /// <summary>
    /// Mixes a subset of a full arrangement's tracks (a lower intensity layer) with the full mix's bus decisions —
    /// its score's sidechain and impacts, mono-safety narrowing, noise floor and bus-compressor curve — so every
    /// part sounds exactly as it does inside the full mix. <paramref name="fullScore"/> is the full arrangement.
    /// </summary>
    /// <param name="busAdditions">
    /// Whether the bus's own additions (section impacts, vinyl surface noise) play in this mix: yes for a mix that stands
    /// alone; for layers that are stacked, in exactly one of them, or the stack would carry them several times over.
    /// </param>
    public static IReadOnlyDictionary<StemKind, AudioBuffer> MixLayer(Score fullScore, RenderedTracks tracks, MixProfile profile, MixOptions options, MixBus bus, bool busAdditions = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bus);
        return Run(fullScore, tracks, profile, options, bus, busAdditions, cancellationToken).Stems;
    }

    private static (IReadOnlyDictionary<StemKind, AudioBuffer> Stems, MixBus Bus, MixDecisions Decisions) Run(Score score, RenderedTracks tracks, MixProfile profile, MixOptions options, MixBus? shared, bool busAdditions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        if (tracks.Tracks.Count == 0)
        {
            throw new ArgumentException("At least one track is required.", nameof(tracks));
        }

        var sampleRate = tracks.Tracks[0].Audio.SampleRate;
        var frames = tracks.Tracks[0].Audio.Frames;
        var loop = options.Loop;
        var measure = options.MeasureFrames is { } window ? Math.Clamp(window, 1, frames) : frames;

        var duckShape = profile.Pumps ? SidechainEnvelope.Shape(score, sampleRate, frames, loop) : null;
        var strips = tracks.Tracks.Select(t => t.Audio.Clone()).ToArray();
        var levels = new StripLevel[strips.Length];
        Parallel.For(0, strips.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var track = tracks.Tracks[i].Track;
            var kind = TrackRoles.RoleOf(track);
            levels[i] = TrackChain.Process(strips[i], track, kind, profile.For(kind), profile, duckShape, loop, measure);
        });

        var kinds = Enum.GetValues<StemKind>();
        var stems = kinds.Select(_ => new AudioBuffer(sampleRate, frames)).ToArray();
        var sends = kinds.Select(_ => new AudioBuffer(sampleRate, frames)).ToArray();
        for (var i = 0; i < strips.Length; i++)
        {
            var track = tracks.Tracks[i].Track;
            var k = Array.IndexOf(kinds, track.Stem);
            var send = TrackChain.SendGain(track, profile);
            Accumulate(stems[k], strips[i], 1f);
            Accumulate(sends[k], strips[i], send);
        }

        var impactPeak = 0f;
        if (profile.SectionImpacts && busAdditions)
        {
            var drums = Array.IndexOf(kinds, StemKind.Drums);
            impactPeak = shared?.ImpactPeak ?? (float)(ImpactPeakOverDrumsRms * Rms(stems[drums].Head(measure)));
            SectionImpacts.Add(stems[drums], score, impactPeak, loop);
            SectionImpacts.Add(sends[drums], score, impactPeak, loop);
        }

        cancellationToken.ThrowIfCancellationRequested();
        // All four stems' sends through one vectorised pass of identical networks.
        var wet = new SendReverb(profile.Reverb).Process(sends, loop);
        for (var k = 0; k < stems.Length; k++)
        {
            Accumulate(stems[k], wet[k], 1f);
        }

        var noiseReference = 0.0;
        if (profile.Lofi is { } lofi)
        {
            noiseReference = ApplyLofi(stems, kinds, lofi, options, shared?.NoiseReference, measure, busAdditions);
        }

        var sideGain = shared?.SideGain ?? StereoGuard.SideGainFor(stems, measure);
        StereoGuard.Narrow(stems, sideGain);
        var meanPower = 0.0;
        var curve = shared?.CompressorCurve;
        if (curve is null)
        {
            var sum = Sum(stems, sampleRate, frames);
            meanPower = BusCompressor.MeanPower(sum, measure);
            curve = BusCompressor.GainCurve(sum, profile.Compression, loop, meanPower);
        }

        var result = new Dictionary<StemKind, AudioBuffer>(kinds.Length);
        for (var k = 0; k < kinds.Length; k++)
        {
            Multiply(stems[k], curve);
            result[kinds[k]] = stems[k];
        }

        return (result, new MixBus(impactPeak, noiseReference, sideGain, curve), new MixDecisions(levels, impactPeak, noiseReference, sideGain, meanPower));
    }

    /// <returns>The RMS the vinyl noise was set against (the shared one for a layer).</returns>
    private static double ApplyLofi(AudioBuffer[] stems, StemKind[] kinds, LofiColour lofi, MixOptions options, double? sharedReference, int measure, bool surfaceNoise)
    {
        var processor = new LofiProcessor(lofi, options.Seed);
        var sampleRate = stems[0].SampleRate;
        var lowPass = LofiProcessor.LowPass(lofi, sampleRate);
        var warm = sampleRate / 2;
        Parallel.For(0, stems.Length, k =>
        {
            lowPass.ProcessStereo(stems[k].Left, stems[k].Right, options.Loop, warm);
            processor.WowAndFlutter(stems[k], options.Loop);
        });

        // The record's surface noise rides on the drum stem, the part a producer would print it with.
        var reference = sharedReference ?? Rms(Sum(stems, sampleRate, stems[0].Frames).Head(measure));
        if (surfaceNoise)
        {
            processor.AddVinylNoise(stems[Array.IndexOf(kinds, StemKind.Drums)], reference, options.Loop);
        }

        return reference;
    }

    private static AudioBuffer Sum(AudioBuffer[] buffers, int sampleRate, int frames)
    {
        var sum = new AudioBuffer(sampleRate, frames);
        foreach (var buffer in buffers)
        {
            Accumulate(sum, buffer, 1f);
        }

        return sum;
    }

    internal static void Accumulate(AudioBuffer into, AudioBuffer from, float gain)
    {
        if (gain == 0)
        {
            return;
        }

        var (il, ir, fl, fr) = (into.Left, into.Right, from.Left, from.Right);
        for (var i = 0; i < il.Length; i++)
        {
            il[i] += fl[i] * gain;
            ir[i] += fr[i] * gain;
        }
    }

    private static void Multiply(AudioBuffer audio, float[] curve)
    {
        var (left, right) = (audio.Left, audio.Right);
        for (var i = 0; i < left.Length; i++)
        {
            left[i] *= curve[i];
            right[i] *= curve[i];
        }
    }

    private static double Rms(AudioBuffer audio)
    {
        var sum = 0.0;
        for (var i = 0; i < audio.Frames; i++)
        {
            sum += ((double)audio.Left[i] * audio.Left[i]) + ((double)audio.Right[i] * audio.Right[i]);
        }

        return audio.Frames == 0 ? 0 : Math.Sqrt(sum / (2.0 * audio.Frames));
    }
}

using Mureka.Engine.Mastering.Internal;
using Mureka.Engine.Music;

namespace Mureka.Engine.Mastering;

/// <summary>
/// Brings the sum of the stems to a loudness target under a true-peak ceiling with one gain curve, applied to the mix
/// and to every stem alike so the mastered stems still sum to the mastered mix. Never changes the length.
/// </summary>
public sealed class AudioMaster
{
    // Aim under the ceiling so 16-bit quantisation and inter-sample effects of the gain curve cannot cross it.
    internal const double CeilingMarginDb = 0.3;
    private const double LoudnessToleranceLu = 0.1;
    private const int MaxPasses = 6;
    private const double MaxMakeUpDb = 40;
    private const double FadeInSeconds = 0.005;
    private const float FadeInThreshold = 1e-3f;

    public MasteredAudio Master(IReadOnlyDictionary<StemKind, AudioBuffer> stems, MasteringOptions options) =>
        MasterWithCurve(stems, options).Audio;

    /// <summary>Masters the stems and also returns the gain curve it chose, for <see cref="ApplyCurve"/>.</summary>
    public (MasteredAudio Audio, float[] Curve) MasterWithCurve(IReadOnlyDictionary<StemKind, AudioBuffer> stems, MasteringOptions options)
    {
        ArgumentNullException.ThrowIfNull(stems);
        ArgumentNullException.ThrowIfNull(options);
        var (sampleRate, frames) = ValidateStems(stems);
        var mix = GainApplier.Sum(stems.OrderBy(s => s.Key).Select(s => s.Value), sampleRate, frames);
        var gain = ComputeGainCurve(mix, options);
        return (Scale(stems, GainApplier.Apply(mix, gain.Curve), gain.Curve, gain.Lufs, gain.TruePeakDbtp), gain.Curve);
    }

    /// <summary>
    /// Applies a gain curve chosen for another mix of the same piece (the full arrangement), so a subset of its
    /// parts (a lower intensity layer) keeps exactly the level it has inside the whole: the layers stack and
    /// crossfade without jumps. The result is measured, not targeted: a sparser layer is quieter.
    /// </summary>
    public MasteredAudio ApplyCurve(IReadOnlyDictionary<StemKind, AudioBuffer> stems, float[] curve)
    {
        ArgumentNullException.ThrowIfNull(stems);
        ArgumentNullException.ThrowIfNull(curve);
        var (sampleRate, frames) = ValidateStems(stems);
        if (curve.Length != frames)
        {
            throw new ArgumentException($"The gain curve has {curve.Length} frames; the stems have {frames}.", nameof(curve));
        }

        var mix = GainApplier.Apply(GainApplier.Sum(stems.OrderBy(s => s.Key).Select(s => s.Value), sampleRate, frames), curve);
        return Scale(stems, mix, curve, LoudnessMeter.IntegratedLufs(mix), TruePeakMeter.TruePeakDbtp(mix));
    }

    /// <summary>
    /// As <see cref="ApplyCurve"/> for an alternative mix (a subset of the parts delivered as a track of its own), held
    /// under the true-peak ceiling. Leaving a part out can uncover a peak that the full master's limiter only held
    /// down inside the whole; a look-ahead limiter at unity gain takes just those peaks down, so everywhere else every
    /// part keeps exactly its full-mix level.
    /// </summary>
    public MasteredAudio ApplyCurveUnderCeiling(IReadOnlyDictionary<StemKind, AudioBuffer> stems, float[] curve, MasteringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var first = ApplyCurve(stems, curve);
        var allowedDbtp = options.TruePeakCeilingDbtp - CeilingMarginDb / 2;
        if (first.TruePeakDbtp <= allowedDbtp)
        {
            return first;
        }

        var ceiling = DbToLinear(options.TruePeakCeilingDbtp - CeilingMarginDb);
        var safety = LookAheadLimiter.Compute(TruePeakOversampler.PeakEnvelope(first.Mix), 1.0, ceiling, first.Mix.SampleRate, options.Loop);
        var held = new float[curve.Length];
        for (var i = 0; i < held.Length; i++)
        {
            held[i] = curve[i] * safety[i];
        }

        var limited = ApplyCurve(stems, held);
        if (limited.TruePeakDbtp <= allowedDbtp)
        {
            return limited;
        }

        // The limiter's own gain changes can leave a little inter-sample overshoot, as in the full master: a flat trim.
        var trim = (float)DbToLinear(options.TruePeakCeilingDbtp - CeilingMarginDb - limited.TruePeakDbtp);
        for (var i = 0; i < held.Length; i++)
        {
            held[i] *= trim;
        }

        return ApplyCurve(stems, held);
    }

    private static MasteredAudio Scale(IReadOnlyDictionary<StemKind, AudioBuffer> stems, AudioBuffer masteredMix, float[] curve, double lufs, double truePeakDbtp)
    {
        var ordered = stems.OrderBy(s => s.Key).ToList();
        var masteredStems = new Dictionary<StemKind, AudioBuffer>(ordered.Count);
        foreach (var (kind, buffer) in ordered)
        {
            masteredStems[kind] = GainApplier.Apply(buffer, curve);
        }

        return new MasteredAudio(masteredMix, masteredStems, lufs, truePeakDbtp);
    }

    /// <summary>
    /// The make-up gain (linear) the master settles on for <paramref name="mix"/>, limiting included, and the mix's mean
    /// power before and after that master: what a windowed master (<see cref="MasterStream"/>) starts from and steers
    /// by, taken before its first window from a quick pre-render of the piece.
    /// </summary>
    internal static LoudnessPlan PlanLoudness(AudioBuffer mix, MasteringOptions options)
    {
        var (curve, _, _, makeUpDb) = ComputeGainCurve(mix, options);
        return new LoudnessPlan(
            DbToLinear(makeUpDb),
            LoudnessMeter.MeanPower(mix),
            LoudnessMeter.MeanPower(GainApplier.Apply(mix, curve)));
    }

    /// <summary>Whether a non-looping piece starting on <paramref name="left"/>/<paramref name="right"/> needs the short fade-in (it starts on a sound, not on silence).</summary>
    internal static bool NeedsFadeIn(float left, float right, MasteringOptions options) =>
        !options.Loop && (MathF.Abs(left) > FadeInThreshold || MathF.Abs(right) > FadeInThreshold);

    internal static int FadeInFrames(int sampleRate) => (int)Math.Round(FadeInSeconds * sampleRate);

    private static (float[] Curve, double Lufs, double TruePeakDbtp, double MakeUpDb) ComputeGainCurve(AudioBuffer mix, MasteringOptions options)
    {
        var frames = mix.Frames;
        var peakEnvelope = TruePeakOversampler.PeakEnvelope(mix);
        var inputLufs = LoudnessMeter.IntegratedLufs(mix);
        var fadeIn = NeedsFadeIn(mix.Left.FirstOrDefault(), mix.Right.FirstOrDefault(), options);

        var ceilingDb = options.TruePeakCeilingDbtp - CeilingMarginDb;
        var makeUpDb = double.IsFinite(inputLufs) ? Math.Min(MaxMakeUpDb, options.TargetLufs - inputLufs) : 0.0;
        float[] curve = [];
        var lufs = double.NegativeInfinity;
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            curve = LookAheadLimiter.Compute(peakEnvelope, DbToLinear(makeUpDb), DbToLinear(ceilingDb), mix.SampleRate, options.Loop);
            ApplyFades(curve, options, mix.SampleRate, fadeIn);
            lufs = LoudnessMeter.IntegratedLufs(GainApplier.Apply(mix, curve));
            if (!double.IsFinite(lufs) || Math.Abs(lufs - options.TargetLufs) <= LoudnessToleranceLu)
            {
                break;
            }

            // Limiting eats part of every increase, so the step is repeated until the meter agrees.
            makeUpDb = Math.Min(MaxMakeUpDb, makeUpDb + options.TargetLufs - lufs);
        }

        var truePeak = TruePeakMeter.TruePeakDbtp(GainApplier.Apply(mix, curve));
        if (truePeak > options.TruePeakCeilingDbtp - CeilingMarginDb / 2)
        {
            // The gain curve's own modulation can add a little inter-sample overshoot; trim it with a flat scale.
            var trim = (float)DbToLinear(options.TruePeakCeilingDbtp - CeilingMarginDb - truePeak);
            for (var i = 0; i < frames; i++)
            {
                curve[i] *= trim;
            }

            var trimmed = GainApplier.Apply(mix, curve);
            lufs = LoudnessMeter.IntegratedLufs(trimmed);
            truePeak = TruePeakMeter.TruePeakDbtp(trimmed);
        }

        return (curve, lufs, truePeak, makeUpDb);
    }

    private static void ApplyFades(float[] curve, MasteringOptions options, int sampleRate, bool fadeIn)
    {
        if (options.Loop)
        {
            return;
        }

        if (fadeIn)
        {
            Fades.FadeIn(curve, FadeInFrames(sampleRate));
        }

        if (options.FadeOutSeconds > 0)
        {
            Fades.FadeOut(curve, (int)Math.Round(options.FadeOutSeconds * sampleRate));
        }
    }

    private static (int SampleRate, int Frames) ValidateStems(IReadOnlyDictionary<StemKind, AudioBuffer> stems)
    {
        if (stems.Count == 0)
        {
            throw new ArgumentException("At least one stem is required.", nameof(stems));
        }

        var first = stems.Values.First();
        foreach (var stem in stems.Values)
        {
            if (stem.SampleRate != first.SampleRate || stem.Frames != first.Frames)
            {
                throw new ArgumentException("All stems must share one sample rate and length.", nameof(stems));
            }
        }

        return (first.SampleRate, first.Frames);
    }

    internal static double DbToLinear(double db) => Math.Pow(10.0, db / 20.0);
}

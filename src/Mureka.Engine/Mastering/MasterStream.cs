using Mureka.Engine.Mastering.Internal;
using Mureka.Engine.Music;

namespace Mureka.Engine.Mastering;

/// <summary>
/// A causal master for a mix that arrives window by window: a make-up gain decided before the first window and steered
/// as the piece is heard (<see cref="LoudnessServo"/>), the look-ahead limiter against the true-peak envelope
/// (<see cref="LimiterStream"/>), and the fades. A frame is final
/// once the mix is known a few milliseconds past it (<see cref="Latency"/>). Unlike <see cref="AudioMaster"/> it cannot
/// measure the finished master and trim it, so it aims a little lower under the ceiling.
/// </summary>
internal sealed class MasterStream
{
    /// <summary>Extra room under the ceiling for the gain curve's own inter-sample overshoot, which nothing trims afterwards.</summary>
    public const double StreamMarginDb = 0.2;

    private readonly AudioBuffer mix;
    private readonly MasteringOptions options;
    private readonly LimiterStream limiter;
    private readonly LoudnessServo servo;
    private readonly float[] gains;
    private int scheduled;
    private readonly float[] envelope;
    private readonly int fadeOutFrames;
    private int enveloped;
    private int fadeInFrames = -1;

    /// <param name="mix">The whole mix's buffer, filled in as the windows are mixed.</param>
    /// <param name="plan">The pre-render's loudness (<see cref="AudioMaster.PlanLoudness"/>).</param>
    /// <param name="steeredFrames">The frames from the start whose loudness the gain is steered by; 0 keeps the plan's gain.</param>
    public MasterStream(AudioBuffer mix, LoudnessPlan plan, int steeredFrames, MasteringOptions options)
    {
        this.mix = mix;
        this.options = options;
        var ceiling = AudioMaster.DbToLinear(options.TruePeakCeilingDbtp - AudioMaster.CeilingMarginDb - StreamMarginDb);
        gains = new float[mix.Frames];
        servo = new LoudnessServo(plan, Math.Clamp(steeredFrames, 0, mix.Frames), mix.SampleRate);
        limiter = new LimiterStream(gains, ceiling, mix.SampleRate);
        envelope = new float[mix.Frames];
        Curve = new float[mix.Frames];
        Mastered = new AudioBuffer(mix.SampleRate, mix.Frames);
        fadeOutFrames = options.Loop ? 0 : Math.Min(mix.Frames, (int)Math.Round(options.FadeOutSeconds * mix.SampleRate));
    }

    /// <summary>Frames of output that lag the input at most.</summary>
    public int Latency => TruePeakOversampler.FutureFrames + limiter.LookAheadFrames;

    /// <summary>The gain applied to every frame, final up to <see cref="Ready"/>.</summary>
    public float[] Curve { get; }

    /// <summary>The mastered mix, final up to <see cref="Ready"/>.</summary>
    public AudioBuffer Mastered { get; }

    public int Ready => limiter.Done;

    /// <summary>Masters every frame that the mix, known up to <paramref name="mixed"/>, now decides; returns the new <see cref="Ready"/>.</summary>
    public int Advance(int mixed)
    {
        var frames = mix.Frames;
        if (mixed > 0 && fadeInFrames < 0)
        {
            fadeInFrames = AudioMaster.NeedsFadeIn(mix.Left[0], mix.Right[0], options) ? Math.Min(frames, AudioMaster.FadeInFrames(mix.SampleRate)) : 0;
        }

        var known = mixed >= frames ? frames : Math.Max(enveloped, mixed - TruePeakOversampler.FutureFrames);
        TruePeakOversampler.PeakEnvelope(mix, enveloped, known, envelope);
        enveloped = known;

        // The gain of every frame the limiter may now read, from what the frames mastered before this window showed.
        servo.Schedule(gains, scheduled, known);
        scheduled = Math.Max(scheduled, known);
        var from = limiter.Done;
        limiter.Advance(envelope, known, Curve);
        var to = limiter.Done;
        var fadeOutStart = frames - fadeOutFrames;
        for (var i = from; i < to; i++)
        {
            servo.Observe(mix.Left[i], mix.Right[i], gains[i], mix.Left[i] * Curve[i], mix.Right[i] * Curve[i]);
            if (i < fadeInFrames)
            {
                Curve[i] *= Fades.FadeInAt(i, fadeInFrames);
            }

            if (i >= fadeOutStart)
            {
                Curve[i] *= Fades.FadeOutAt(i - fadeOutStart, fadeOutFrames);
            }

            Mastered.Left[i] = mix.Left[i] * Curve[i];
            Mastered.Right[i] = mix.Right[i] * Curve[i];
        }

        return to;
    }
}

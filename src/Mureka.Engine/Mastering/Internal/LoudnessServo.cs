namespace Mureka.Engine.Mastering.Internal;

/// <summary>
/// Steers a windowed master's make-up gain while the piece renders, so the finished file lands on the loudness the
/// one-pass master would give it. The pre-render it starts from (<see cref="LoudnessPlan"/>) is at half the rate, and
/// only a stand-in of sampled bars, so its loudness misses the piece's by up to 0.7 LU. The servo
/// keeps the pre-render's mastered power per frame as the target for the steered span, and after every window solves
/// for the gain that makes what is already mastered plus what is still to come meet it: the rest is predicted from
/// the pre-render, corrected by how the piece has measured against it so far, and the limiter's loss is the one measured on the mastered frames. Both corrections start from
/// the pre-render and move to the piece as it is heard. The gain moves slowly (a quarter dB a second at most, within
/// 3 dB of the start), far below what an ear follows, decides only frames not yet limited, so the master stays causal,
/// and holds once all but the last 2 % of the expected energy is heard. Past the steered span (the bars a piece's mix
/// measures, which end before its last bar) the gain holds, so the extension of a piece, which steers over the same
/// bars, masters everything before its join as its parent did.
/// </summary>
internal sealed class LoudnessServo
{
    private const double RangeDb = 3;
    private const double SlopeDbPerSecond = 0.25;

    /// <summary>How much of the pre-render the corrections weigh, in seconds of the piece: they trust the piece once it has played about this long.</summary>
    private const double PriorSeconds = 20;

    /// <summary>The share of the energy left when steering stops: so little that any miss left would need a jump.</summary>
    private const double SettledShare = 0.02;

    private readonly LoudnessPlan plan;
    private readonly int span;
    private readonly double prior;
    private readonly double lowest;
    private readonly double highest;
    private readonly double step;
    private readonly KWeightedPower input;
    private readonly KWeightedPower output;
    private double inputEnergy;
    private double unlimitedEnergy;
    private double outputEnergy;
    private int observed;
    private double gain;

    /// <param name="span">The frames steered; the gain holds after them.</param>
    public LoudnessServo(LoudnessPlan plan, int span, int sampleRate)
    {
        this.plan = plan;
        this.span = span;
        prior = PriorSeconds * sampleRate;
        gain = plan.MakeUpGain;
        lowest = plan.MakeUpGain * AudioMaster.DbToLinear(-RangeDb);
        highest = plan.MakeUpGain * AudioMaster.DbToLinear(RangeDb);
        step = AudioMaster.DbToLinear(SlopeDbPerSecond / sampleRate);
        input = new KWeightedPower(sampleRate);
        output = new KWeightedPower(sampleRate);
    }

    /// <summary>Writes the gain of frames <paramref name="from"/> to <paramref name="to"/> (not yet limited), moving toward what the frames heard so far ask for.</summary>
    public void Schedule(Span<float> gains, int from, int to)
    {
        var target = Target();
        for (var i = from; i < to; i++)
        {
            if (i < span)
            {
                gain = target > gain ? Math.Min(target, gain * step) : Math.Max(target, gain / step);
            }

            gains[i] = (float)gain;
        }
    }

    /// <summary>Takes in one mastered frame (in order): the mix, the gain scheduled for it, and the limiter's output before any fade.</summary>
    public void Observe(float mixLeft, float mixRight, float scheduled, float outLeft, float outRight)
    {
        if (observed >= span)
        {
            return;
        }

        var power = input.Next(mixLeft, mixRight);
        inputEnergy += power;
        unlimitedEnergy += power * scheduled * scheduled;
        outputEnergy += output.Next(outLeft, outRight);
        observed++;
    }

    private double Target()
    {
        if (observed >= span || plan.InputPower <= 0 || plan.OutputPower <= 0)
        {
            return gain;
        }

        // How loud the piece's mix runs against the pre-render's over the same stretch, and how much the limiter
        // leaves of the gain, each starting from the pre-render's and moving to what the piece has shown.
        var heard = (double)observed / span;
        if (heard >= 1 - SettledShare)
        {
            return gain;
        }

        var expected = heard * span * plan.InputPower;
        var loudness = (inputEnergy + (prior * plan.InputPower)) / (expected + (prior * plan.InputPower));
        var startLoss = plan.OutputPower / (plan.MakeUpGain * plan.MakeUpGain * plan.InputPower);
        var loss = (outputEnergy + (prior * plan.OutputPower)) / (unlimitedEnergy + (prior * plan.OutputPower / startLoss));
        var needed = (span * plan.OutputPower) - outputEnergy;
        if (needed <= 0)
        {
            return lowest;
        }

        var wanted = Math.Sqrt(needed / ((1 - heard) * span * loudness * plan.InputPower * loss));
        return Math.Clamp(wanted, lowest, highest);
    }
}

using Mureka.Engine.Music;

namespace Mureka.Engine.Mixing.Internal;

/// <summary>
/// The lo-fi colour of <see cref="ScoreMixer"/> (not looping) stretch by stretch: each stem's low-pass carries its
/// state, wow and flutter read the undelayed stem from a full-length copy (only earlier frames), and the vinyl noise
/// is drawn on from where the last stretch stopped, all exactly as in one pass.
/// </summary>
internal sealed class LofiStream
{
    private readonly IReadOnlyList<AudioBuffer> stems;
    private readonly AudioBuffer noiseTarget;
    private readonly LofiProcessor processor;
    private readonly FilterCascade lowPass;
    private readonly FilterCascade.StereoState[] lowPassStates;
    private readonly AudioBuffer[] undelayed;
    private readonly LofiProcessor.Wow wow;
    private readonly LofiProcessor.Hiss hiss;
    private readonly FilterCascade band;
    private readonly double[] bandLeft;
    private readonly double[] bandRight;
    private readonly float noiseLevel;

    /// <param name="noiseTarget">The stem the record's surface noise rides on.</param>
    public LofiStream(LofiColour colour, ulong seed, IReadOnlyList<AudioBuffer> stems, AudioBuffer noiseTarget, double noiseReference)
    {
        var sampleRate = stems[0].SampleRate;
        var frames = stems[0].Frames;
        this.stems = stems;
        this.noiseTarget = noiseTarget;
        processor = new LofiProcessor(colour, seed);
        lowPass = LofiProcessor.LowPass(colour, sampleRate);
        lowPassStates = [.. stems.Select(_ => lowPass.NewStereoState())];
        undelayed = [.. stems.Select(_ => new AudioBuffer(sampleRate, frames))];
        wow = processor.WowFor(sampleRate, frames, loop: false);
        hiss = processor.NewHiss(sampleRate);
        band = LofiProcessor.HissBand(sampleRate);
        bandLeft = band.NewState();
        bandRight = band.NewState();
        noiseLevel = processor.NoiseLevel(noiseReference);
    }

    /// <summary>Colours frames [from, to) of every stem in place.</summary>
    public void Process(int from, int to)
    {
        var length = to - from;
        for (var k = 0; k < stems.Count; k++)
        {
            var left = stems[k].Left.AsSpan(from, length);
            var right = stems[k].Right.AsSpan(from, length);
            lowPass.ProcessStereo(left, right, lowPassStates[k]);
            left.CopyTo(undelayed[k].Left.AsSpan(from));
            right.CopyTo(undelayed[k].Right.AsSpan(from));
            processor.Shift(undelayed[k].Left, stems[k].Left, wow, from, to, loop: false);
            processor.Shift(undelayed[k].Right, stems[k].Right, wow, from, to, loop: false);
        }

        var (hissLeft, hissRight) = (new float[length], new float[length]);
        hiss.Fill(hissLeft, hissRight);
        band.Process(hissLeft, bandLeft);
        band.Process(hissRight, bandRight);
        LofiProcessor.AddNoise(noiseTarget.Left.AsSpan(from, length), noiseTarget.Right.AsSpan(from, length), hissLeft, hissRight, noiseLevel);
    }
}

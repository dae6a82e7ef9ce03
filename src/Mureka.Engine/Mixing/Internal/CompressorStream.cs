using Mureka.Engine.Music;

namespace Mureka.Engine.Mixing.Internal;

/// <summary>
/// The bus compressor (<see cref="BusCompressor"/>, not looping) on stems that fill in stretch by stretch: the detector
/// runs block by block as blocks complete, and a frame's gain is applied once both blocks it blends between are known
/// (up to half a block behind the input), so the curve is the same as in one pass. The compressed stems are summed
/// into <see cref="Mix"/> as they are done.
/// </summary>
internal sealed class CompressorStream
{
    private readonly IReadOnlyList<AudioBuffer> stems;
    private readonly BusCompressor.Detector? detector;
    private readonly float[] blockGain;
    private readonly int frames;
    private int knownBlocks;

    public CompressorStream(IReadOnlyList<AudioBuffer> stems, BusCompression settings, double meanPower)
    {
        this.stems = stems;
        frames = stems[0].Frames;
        blockGain = new float[(frames + BusCompressor.Block - 1) / BusCompressor.Block];
        detector = meanPower > 0 ? new BusCompressor.Detector(settings, meanPower, stems[0].SampleRate) : null;
        Mix = new AudioBuffer(stems[0].SampleRate, frames);
    }

    /// <summary>The sum of the compressed stems, final up to <see cref="Ready"/>.</summary>
    public AudioBuffer Mix { get; }

    public int Ready { get; private set; }

    /// <summary>Compresses what the stems, final up to <paramref name="mixed"/>, now allow; returns the new <see cref="Ready"/>.</summary>
    public int Advance(int mixed)
    {
        var block = BusCompressor.Block;
        var sumLeft = new float[block];
        var sumRight = new float[block];
        while (knownBlocks < blockGain.Length)
        {
            var start = knownBlocks * block;
            var end = Math.Min(frames, start + block);
            if (end > mixed)
            {
                break;
            }

            // The same float sums, in the same stem order, as the one-pass compressor's mix.
            Array.Clear(sumLeft);
            Array.Clear(sumRight);
            foreach (var stem in stems)
            {
                for (var i = start; i < end; i++)
                {
                    sumLeft[i - start] += stem.Left[i];
                    sumRight[i - start] += stem.Right[i];
                }
            }

            blockGain[knownBlocks++] = detector?.Next(BusCompressor.BlockPower(sumLeft, sumRight, 0, end - start)) ?? 1f;
        }

        var known = BusCompressor.FramesKnown(knownBlocks, blockGain.Length, frames);
        for (var i = Ready; i < known; i++)
        {
            var gain = detector is null ? 1f : BusCompressor.At(blockGain, blockGain.Length, i, loop: false);
            float left = 0, right = 0;
            foreach (var stem in stems)
            {
                stem.Left[i] *= gain;
                stem.Right[i] *= gain;
                left += stem.Left[i];
                right += stem.Right[i];
            }

            Mix.Left[i] = left;
            Mix.Right[i] = right;
        }

        Ready = Math.Max(Ready, known);
        return Ready;
    }
}

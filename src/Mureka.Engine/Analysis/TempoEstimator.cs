using Mureka.Engine.Music;

namespace Mureka.Engine.Analysis;

/// <summary>
/// Estimates tempo from the audio itself: an onset-strength envelope (half-wave rectified
/// energy flux in ~11.6 ms hops) autocorrelated over 40–220 BPM, with a mild preference for
/// the 80–160 BPM octave so half/double-time ambiguity resolves the way listeners count.
/// </summary>
public static class TempoEstimator
{
    private const double HopSeconds = 512.0 / 44_100;

    public static double? EstimateBpm(AudioBuffer audio, double minBpm = 40, double maxBpm = 220)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var hop = Math.Max(1, (int)Math.Round(HopSeconds * audio.SampleRate));
        var frames = audio.Frames / hop;
        if (frames < 64)
        {
            return null;
        }

        var onset = OnsetEnvelope(audio, hop, frames);
        var hopSeconds = (double)hop / audio.SampleRate;
        var minLag = (int)Math.Floor(60.0 / (maxBpm * hopSeconds));
        var maxLag = Math.Min(frames / 2, (int)Math.Ceiling(60.0 / (minBpm * hopSeconds)));
        var bestLag = 0;
        var bestScore = 0.0;
        for (var lag = Math.Max(1, minLag); lag <= maxLag; lag++)
        {
            double sum = 0;
            for (var i = lag; i < frames; i++)
            {
                sum += onset[i] * onset[i - lag];
            }

            var bpm = 60.0 / (lag * hopSeconds);
            var weight = Math.Exp(-0.5 * Math.Pow(Math.Log2(bpm / 115.0) / 0.9, 2));
            var score = sum / (frames - lag) * weight;
            if (score > bestScore)
            {
                bestScore = score;
                bestLag = lag;
            }
        }

        if (bestLag == 0)
        {
            return null;
        }

        // Refine the integer lag with a parabola through its neighbours.
        var refined = (double)bestLag;
        if (bestLag > minLag && bestLag < maxLag)
        {
            double Score(int lag)
            {
                double s = 0;
                for (var i = lag; i < frames; i++)
                {
                    s += onset[i] * onset[i - lag];
                }

                return s / (frames - lag);
            }

            var a = Score(bestLag - 1);
            var b = Score(bestLag);
            var c = Score(bestLag + 1);
            var denominator = a - (2 * b) + c;
            if (denominator < 0)
            {
                refined += 0.5 * (a - c) / denominator;
            }
        }

        return Math.Round(60.0 / (refined * hopSeconds), 1);
    }

    private static double[] OnsetEnvelope(AudioBuffer audio, int hop, int frames)
    {
        var energy = new double[frames];
        for (var f = 0; f < frames; f++)
        {
            double e = 0;
            var start = f * hop;
            for (var i = start; i < start + hop; i++)
            {
                var m = audio.Left[i] + audio.Right[i];
                e += m * m;
            }

            energy[f] = Math.Log(1e-9 + e);
        }

        var onset = new double[frames];
        for (var f = 1; f < frames; f++)
        {
            onset[f] = Math.Max(0, energy[f] - energy[f - 1]);
        }

        var mean = onset.Average();
        for (var f = 0; f < frames; f++)
        {
            onset[f] -= mean;
        }

        return onset;
    }
}

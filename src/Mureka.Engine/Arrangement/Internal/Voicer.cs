using Mureka.Engine.Music;

namespace Mureka.Engine.Arrangement.Internal;

/// <summary>
/// Chooses close-position voicings inside a register, each as near as possible to the previous one
/// (voice leading) while staying near the register's centre so the part does not drift.
/// </summary>
internal sealed class Voicer(int lowestPitch, int highestPitch)
{
    private int[]? _previous;

    public int[] Next(IReadOnlyList<int> pitchClasses)
    {
        var tones = pitchClasses.Distinct().ToArray();
        var centre = (lowestPitch + highestPitch) / 2.0;
        int[]? best = null;
        var bestCost = double.MaxValue;
        for (var rotation = 0; rotation < tones.Length; rotation++)
        {
            for (var octave = 0; octave < 3; octave++)
            {
                var candidate = Stack(tones, rotation, lowestPitch + (12 * octave));
                if (candidate is null)
                {
                    continue;
                }

                var cost = Cost(candidate, centre);
                if (cost < bestCost)
                {
                    bestCost = cost;
                    best = candidate;
                }
            }
        }

        // A register too narrow for any full voicing still gets the tones, folded in.
        best ??= [.. tones.Select(pc => Fold(lowestPitch + ((pc - lowestPitch) % 12 + 12) % 12, lowestPitch, highestPitch)).Order()];
        _previous = best;
        return best;
    }

    /// <summary>Root, fifth and octave from the lowest root at or above the register's bottom.</summary>
    public static int[] Power(int rootPitchClass, int lowestPitch)
    {
        var root = lowestPitch + ((rootPitchClass - lowestPitch) % 12 + 12) % 12;
        return [root, root + 7, root + 12];
    }

    /// <summary>Jazz harmony: triads gain their 7th (dominant on V); the voicing drops the root the bass plays.</summary>
    public static IReadOnlyList<int> JazzShell(ChordSpan chord)
    {
        var quality = chord.Quality switch
        {
            ChordQuality.Major when chord.RootDegree == 7 => ChordQuality.Dominant7,
            ChordQuality.Major => ChordQuality.Major7,
            ChordQuality.Minor => ChordQuality.Minor7,
            _ => chord.Quality,
        };
        var intervals = quality.Intervals();
        var rootless = intervals.Count >= 4 ? intervals.Skip(1) : intervals;
        return [.. rootless.Select(i => (chord.RootPitchClass + i) % 12)];
    }

    public static int Fold(int pitch, int lowest, int highest)
    {
        while (pitch < lowest)
        {
            pitch += 12;
        }

        while (pitch > highest && pitch - 12 >= lowest)
        {
            pitch -= 12;
        }

        return pitch;
    }

    private int[]? Stack(int[] tones, int rotation, int floor)
    {
        var result = new int[tones.Length];
        var pitch = floor + ((tones[rotation] - floor) % 12 + 12) % 12;
        result[0] = pitch;
        for (var i = 1; i < tones.Length; i++)
        {
            var pc = tones[(rotation + i) % tones.Length];
            var next = pitch + 1;
            next += ((pc - next) % 12 + 12) % 12;
            result[i] = next;
            pitch = next;
        }

        return result[^1] <= highestPitch ? result : null;
    }

    private double Cost(int[] candidate, double centre)
    {
        var mean = candidate.Average();
        var drift = Math.Abs(mean - centre);
        if (_previous is null)
        {
            return drift;
        }

        var movement = candidate.Length == _previous.Length
            ? candidate.Zip(_previous, (a, b) => Math.Abs(a - b)).Sum()
            : Math.Abs(mean - _previous.Average()) * candidate.Length;
        return movement + (0.5 * drift);
    }
}

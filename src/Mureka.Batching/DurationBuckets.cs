using System.Numerics;

namespace Mureka.Batching;

/// <summary>
/// Rounds a duration up to a bucket so that items in one batch have similar lengths: a batch runs as
/// long as its longest item, so mixing 10 s and 200 s items wastes most of the work. Buckets are
/// <c>perOctave</c> equal steps per doubling (1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, … for 4),
/// which bounds padding at 1/perOctave while keeping few enough buckets for batches to fill.
/// </summary>
public static class DurationBuckets
{
    public static int BucketSeconds(TimeSpan duration, int perOctave)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perOctave, 1);
        var seconds = (long)Math.Ceiling(Math.Max(0, duration.TotalSeconds));
        seconds = Math.Clamp(seconds, 1, int.MaxValue / 2);
        if (seconds <= perOctave)
        {
            return (int)seconds;
        }

        var octaveStart = 1L << BitOperations.Log2((ulong)(seconds - 1));
        var step = Math.Max(1, octaveStart / perOctave);
        return (int)((seconds + step - 1) / step * step);
    }
}

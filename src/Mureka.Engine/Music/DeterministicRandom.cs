namespace Mureka.Engine.Music;

/// <summary>
/// SplitMix64: tiny, fast and fully specified, so a seed means the same stream on every runtime
/// and platform (System.Random makes no such promise across versions).
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _state;

    public DeterministicRandom(ulong seed, ulong stream = 0)
    {
        _state = seed ^ (stream * 0xD1B54A32D192ED03UL);
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer in [minInclusive, maxInclusive].</summary>
    public int NextInt(int minInclusive, int maxInclusive)
    {
        var span = (ulong)(maxInclusive - minInclusive + 1);
        return minInclusive + (int)(NextUInt64() % span);
    }

    /// <summary>A seed for an independent stream named by <paramref name="name"/> (FNV-1a; string.GetHashCode is randomised per process).</summary>
    public static ulong Derive(ulong seed, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var hash = 14695981039346656037UL;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return new DeterministicRandom(seed ^ hash).NextUInt64();
    }

    /// <summary>An integer in [0, maxExclusive).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)(NextDouble() * maxExclusive);
    }
}

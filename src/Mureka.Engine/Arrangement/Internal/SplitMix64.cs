namespace Mureka.Engine.Arrangement.Internal;

/// <summary>
/// A tiny deterministic PRNG (Steele, Lea and Flood's SplitMix64). Output depends only on the seed,
/// never on the runtime, so the same request arranges to the same score everywhere.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>An integer in [minInclusive, maxInclusive].</summary>
    public int NextInt(int minInclusive, int maxInclusive)
    {
        var span = (ulong)(maxInclusive - minInclusive + 1);
        return minInclusive + (int)(NextUInt64() % span);
    }

    /// <summary>A seed for an independent stream named by <paramref name="name"/> (FNV-1a; string.GetHashCode is randomised per process).</summary>
    public static ulong Derive(ulong seed, string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        var mixer = new SplitMix64(seed ^ hash);
        return mixer.NextUInt64();
    }
}

using Mureka.Engine.Music;

namespace Mureka.Engine.Composer.Internal;

/// <summary>
/// Temperature, top-k and nucleus sampling over the tokens the grammar allows. Works in double
/// precision and breaks ties by token id, so the pick depends only on the logits and the RNG.
/// </summary>
internal sealed class TokenSampler
{
    private readonly double[] _probabilities;
    private readonly int[] _order;

    public TokenSampler(int vocabSize)
    {
        _probabilities = new double[vocabSize];
        _order = new int[vocabSize];
    }

    public int Sample(ReadOnlySpan<float> logits, ReadOnlySpan<bool> allowed, SamplingOptions options, DeterministicRandom random)
    {
        var count = 0;
        var max = double.NegativeInfinity;
        for (var id = 0; id < logits.Length; id++)
        {
            if (!allowed[id])
            {
                continue;
            }

            _order[count++] = id;
            max = Math.Max(max, logits[id]);
        }

        if (count == 0)
        {
            throw new InvalidOperationException("The grammar allowed no token.");
        }

        if (count == 1)
        {
            random.NextDouble();
            return _order[0];
        }

        var temperature = Math.Max(options.Temperature, 1e-3);
        var total = 0.0;
        for (var i = 0; i < count; i++)
        {
            var id = _order[i];
            var p = Math.Exp((logits[id] - max) / temperature);
            _probabilities[id] = p;
            total += p;
        }

        var candidates = _order.AsSpan(0, count);
        var probabilities = _probabilities;
        candidates.Sort((a, b) =>
        {
            var byProbability = probabilities[b].CompareTo(probabilities[a]);
            return byProbability != 0 ? byProbability : a.CompareTo(b);
        });

        var keep = options.TopK > 0 ? Math.Min(options.TopK, count) : count;
        if (options.TopP is > 0 and < 1)
        {
            var cumulative = 0.0;
            for (var i = 0; i < keep; i++)
            {
                cumulative += probabilities[candidates[i]] / total;
                if (cumulative >= options.TopP)
                {
                    keep = i + 1;
                    break;
                }
            }
        }

        var kept = 0.0;
        for (var i = 0; i < keep; i++)
        {
            kept += probabilities[candidates[i]];
        }

        var target = random.NextDouble() * kept;
        var running = 0.0;
        for (var i = 0; i < keep; i++)
        {
            running += probabilities[candidates[i]];
            if (target < running)
            {
                return candidates[i];
            }
        }

        return candidates[keep - 1];
    }
}

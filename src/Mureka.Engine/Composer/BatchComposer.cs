using Microsoft.ML.OnnxRuntime;
using Mureka.Engine.Composer.Internal;
using Mureka.Engine.Composer.Themes;
using Mureka.Engine.Internal;
using Mureka.Engine.Music;

namespace Mureka.Engine.Composer;

/// <summary>
/// Writes many lead sheets in one batched decode: every row advances one token per model call,
/// with a per-layer KV cache so each step only feeds the newest token. A row's tokens depend only
/// on its own request and seed, never on the other rows in the batch. A request with a customer's theme is not sampled:
/// its sheet is built on the theme (<see cref="ThemeComposer"/>).
/// </summary>
public sealed class BatchComposer
{
    private const int PrefixLength = 5;
    private readonly ComposerModel _model;

    public BatchComposer(ComposerModel model)
    {
        _model = model;
    }

    public ComposerModel Model => _model;

    /// <summary>Composes every request; large inputs are split into batches of the configured maximum size.</summary>
    public IReadOnlyList<Composition> Compose(IReadOnlyList<CompositionRequest> requests, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Any(r => r.Theme is not null))
        {
            return ComposeWithThemes(requests, progress, cancellationToken);
        }

        var results = new List<Composition>(requests.Count);
        var batchSize = Math.Max(1, _model.Options.MaxBatchSize);
        for (var start = 0; start < requests.Count; start += batchSize)
        {
            var chunk = requests.Skip(start).Take(batchSize).ToList();
            var done = start;
            var chunkProgress = progress is null
                ? null
                : new InlineProgress<double>(p => progress.Report((done + (p * chunk.Count)) / requests.Count));
            results.AddRange(ComposeBatch(chunk, chunkProgress, cancellationToken));
        }

        return results;
    }

    private List<Composition> ComposeWithThemes(IReadOnlyList<CompositionRequest> requests, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var sampled = requests.Where(r => r.Theme is null).ToList();
        using var sampledResults = Compose(sampled, progress, cancellationToken).GetEnumerator();
        var results = new List<Composition>(requests.Count);
        foreach (var request in requests)
        {
            if (request.Theme is { } theme)
            {
                results.Add(new Composition(ThemeComposer.Compose(theme, request.Meter, request.Mode, request.Seed), []));
            }
            else
            {
                sampledResults.MoveNext();
                results.Add(sampledResults.Current);
            }
        }

        progress?.Report(1);
        return results;
    }

    private List<Composition> ComposeBatch(List<CompositionRequest> requests, InlineProgress<double>? progress, CancellationToken cancellationToken)
    {
        foreach (var request in requests)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.Bars);
        }

        var vocab = _model.Vocabulary;
        var info = _model.Info;
        var rows = requests.Count;
        var grammars = requests.Select(r => new TokenGrammar(vocab, r.Meter, r.Mode, r.Bars)).ToArray();
        var randoms = requests.Select(r => new DeterministicRandom(r.Seed, stream: 1)).ToArray();
        var tokens = requests.Select(r => new List<int>(r.Bars * 24)).ToArray();
        var sampler = new TokenSampler(vocab.Size);
        var allowed = new bool[vocab.Size];

        var prefix = new long[rows * PrefixLength];
        for (var row = 0; row < rows; row++)
        {
            int[] head = [vocab.Bos, vocab.Meter(requests[row].Meter), vocab.Mode(requests[row].Mode), vocab.Style(requests[row].Style), vocab.Bar];
            for (var i = 0; i < PrefixLength; i++)
            {
                prefix[(row * PrefixLength) + i] = head[i];
            }
        }

        var past = new List<OrtValue>(info.Layers * 2);
        for (var i = 0; i < info.Layers * 2; i++)
        {
            past.Add(OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), [rows, info.Heads, 0, info.HeadDim]));
        }

        var inputIds = prefix;
        var inputLength = PrefixLength;
        var sequenceLength = 0;
        var step = new long[rows];
        var totalBars = requests.Sum(r => r.Bars);
        using var runOptions = new RunOptions();
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var ids = OrtValue.CreateTensorValueFromMemory(inputIds, [rows, inputLength]);
                var inputs = new List<OrtValue>(1 + past.Count) { ids };
                inputs.AddRange(past);
                var outputs = _model.Session.Run(runOptions, _model.InputNames, inputs, _model.OutputNames);
                sequenceLength += inputLength;

                var logits = outputs[0].GetTensorDataAsSpan<float>();
                var allDone = true;
                for (var row = 0; row < rows; row++)
                {
                    var grammar = grammars[row];
                    if (grammar.IsDone)
                    {
                        step[row] = vocab.Pad;
                        continue;
                    }

                    var offset = ((row * inputLength) + inputLength - 1) * vocab.Size;
                    grammar.AllowedNext(allowed);
                    var token = sampler.Sample(logits.Slice(offset, vocab.Size), allowed, requests[row].Sampling, randoms[row]);
                    grammar.Accept(token);
                    tokens[row].Add(token);
                    step[row] = token;
                    allDone &= grammar.IsDone;
                }

                foreach (var value in past)
                {
                    value.Dispose();
                }

                past.Clear();
                for (var i = 1; i < outputs.Count; i++)
                {
                    past.Add(outputs[i]);
                }

                outputs[0].Dispose();
                progress?.Report(Math.Min(1.0, grammars.Sum(g => g.BarsStarted) / (double)totalBars));
                if (allDone)
                {
                    break;
                }

                if (sequenceLength + 1 >= info.ContextLimit)
                {
                    foreach (var grammar in grammars)
                    {
                        grammar.ForceDone();
                    }

                    break;
                }

                inputIds = step;
                inputLength = 1;
            }
        }
        finally
        {
            foreach (var value in past)
            {
                value.Dispose();
            }
        }

        return requests
            .Select((r, row) => new Composition(LeadSheetDecoder.Decode(vocab, [vocab.Bar, .. tokens[row]], r.Meter, r.Mode, r.Bars), tokens[row]))
            .ToList();
    }
}

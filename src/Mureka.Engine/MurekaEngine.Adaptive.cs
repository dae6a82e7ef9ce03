using Mureka.Engine.Adaptive;
using Mureka.Engine.Arrangement;
using Mureka.Engine.Composer;
using Mureka.Engine.Internal;
using Mureka.Engine.Music;
using Mureka.Spec;
using Mureka.Spec.Adaptive;
using Mureka.Spec.Themes;
using Mureka.Spec.Timing;

namespace Mureka.Engine;

/// <summary>Adaptive sets: the states, transitions and stingers of one piece of game music.</summary>
public sealed partial class MurekaEngine
{
    /// <summary>
    /// Renders a set. One theme (the customer's, or the opening phrase of a sheet composed from the set's seed) is the
    /// source of everything: each state's lead sheet, each transition's and each stinger's is built on it. A state is
    /// one render of its full arrangement, split into its layers (<see cref="AdaptiveStateRender"/>); transitions and
    /// stingers render as short pieces whose final hit lands on a bar line. Renders share the engine's render workers.
    /// </summary>
    public async Task<AdaptiveSetRender> RenderAdaptiveSetAsync(ResolvedAdaptiveSet set, IProgress<RenderProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        progress?.Report(new RenderProgress(RenderStage.Composing, 0));
        var theme = set.Theme ?? await Task.Run(() => ComposeSetTheme(set, cancellationToken), cancellationToken).ConfigureAwait(false);
        var states = set.States.Select(s => s with { Spec = s.Spec with { Theme = theme } }).ToList();
        var pieces = set.Transitions.Select(t => t.Spec with { Theme = theme })
            .Concat(set.Stingers.Select(s => s.Spec with { Theme = theme }))
            .ToList();

        var compositions = await Task.Run(() => _composer.Compose([.. states.Select(s => ToComposition(s.Spec))], null, cancellationToken), cancellationToken).ConfigureAwait(false);
        var totalMs = Math.Max(1, set.BilledMilliseconds);
        var doneMs = 0L;
        void Advance(long ms)
        {
            var done = Interlocked.Add(ref doneMs, ms);
            progress?.Report(new RenderProgress(RenderStage.Rendering, Math.Min(0.99, 0.05 + (0.94 * done / totalMs))));
        }

        // One failure (or the caller's cancel) stops every render of the set, not just the ones awaited first.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stateTasks = states.Select((state, i) => RenderStateAsync(state, compositions[i].LeadSheet, set.Layers, Advance, failed.Token)).ToList();
        var batch = StartBatch([.. pieces.Select(p => new BatchItem(p, null, failed.Token))], failed.Token);
        var pieceTasks = batch.Items.Select(async (task, i) =>
        {
            var result = await task.ConfigureAwait(false);
            Advance(RenderedLength.Milliseconds(pieces[i]));
            return result;
        }).ToList();

        RenderResult[] pieceRenders;
        AdaptiveStateRender[] stateRenders;
        try
        {
            stateRenders = await Task.WhenAll(stateTasks).ConfigureAwait(false);
            pieceRenders = await Task.WhenAll(pieceTasks).ConfigureAwait(false);
        }
        catch
        {
            await failed.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(stateTasks.Cast<Task>().Concat(pieceTasks).Append(batch.Completion)).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        var transitions = set.Transitions.Select((t, i) => new AdaptiveTransitionRender(t, pieceRenders[i], HitFrame(pieceRenders[i]))).ToList();
        var stingers = set.Stingers.Select((s, i) => new AdaptiveStingerRender(s, pieceRenders[transitions.Count + i], HitFrame(pieceRenders[transitions.Count + i]))).ToList();
        progress?.Report(new RenderProgress(RenderStage.Done, 1));
        return new AdaptiveSetRender(set, theme, stateRenders, transitions, stingers, Model.Info.Id, ModelVersion);
    }

    private ResolvedTheme ComposeSetTheme(ResolvedAdaptiveSet set, CancellationToken cancellationToken)
    {
        var first = set.States[0].Spec;
        var style = GenreCatalog.TryGet(first.Genre, out var genre) ? genre.ComposerStyle : "song";
        var request = new CompositionRequest(set.TimeSignature, set.Key.Mode, style, SetTheme.Bars, DeterministicRandom.Derive(set.Seed, "adaptive/theme"));
        var sheet = _composer.Compose([request], null, cancellationToken)[0].LeadSheet;
        return SetTheme.FromLeadSheet(sheet, set.Key, set.Bpm);
    }

    private async Task<AdaptiveStateRender> RenderStateAsync(ResolvedAdaptiveState state, LeadSheet leadSheet, int layers, Action<long> advance, CancellationToken cancellationToken)
    {
        await _renderSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var render = await Task.Run(() => RenderState(state, leadSheet, layers, cancellationToken), cancellationToken).ConfigureAwait(false);
            advance(RenderedLength.Milliseconds(state.Spec));
            return render;
        }
        finally
        {
            _renderSlots.Release();
        }
    }

    /// <summary>
    /// The state's layers from one layered render: with three layers, the parts of intensity 1, then those intensity 2
    /// adds, then those 3 adds; with fewer, the lowest layer starts at a higher intensity. The bus's own additions
    /// (section impacts, surface noise) ride in the first layer with drums, or in layer 1 when none has drums.
    /// </summary>
    private AdaptiveStateRender RenderState(ResolvedAdaptiveState state, LeadSheet leadSheet, int layers, CancellationToken cancellationToken)
    {
        var layered = RenderLayered(state.Spec, leadSheet, null, cancellationToken);
        var intensities = layered.Scores.Skip(layered.Scores.Count - layers).ToList();
        var audio = new List<AudioBuffer>(layers);
        var parts = new List<IReadOnlyList<string>>(layers);
        var below = new HashSet<string>(StringComparer.Ordinal);
        var entries = intensities.Select(score =>
        {
            var entering = score.Tracks.Where(t => !below.Contains(t.Name)).ToList();
            below.UnionWith(entering.Select(t => t.Name));
            return entering;
        }).ToList();
        var additions = entries.FindIndex(parts => parts.Any(t => t.Stem == StemKind.Drums));
        additions = additions >= 0 ? additions : Math.Max(0, entries.FindIndex(parts => parts.Count > 0));
        var full = layered.Full.Audio.Mix;
        foreach (var (entering, index) in entries.Select((e, i) => (e, i)))
        {
            // An intensity that adds no part (a sparse genre at a short length) leaves its layer silent, of the same
            // length, so the set keeps the layers it promised and they still stack to the full mix.
            audio.Add(entering.Count == 0 ? new AudioBuffer(full.SampleRate, full.Frames) : layered.MixParts(entering, index == additions).Mix);
            parts.Add([.. entering.Select(t => t.Name)]);
        }

        return new AdaptiveStateRender(state, layered.Full, audio, parts);
    }

    /// <summary>Where a short piece's final hit lands: the bar line after its body bars (<see cref="PieceLength"/>).</summary>
    private static long HitFrame(RenderResult piece)
    {
        var length = PieceLength.Of(piece.Request.Bpm, piece.Request.TimeSignature, piece.Request.DurationMs);
        return (long)Math.Round(length.FinalHitSeconds * piece.Request.SampleRate);
    }
}

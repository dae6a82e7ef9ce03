using Mureka.Engine.Adaptive;
using Mureka.Engine.Adaptive.Package;
using Mureka.Engine.Music;
using Mureka.Engine.Tests.TestSupport;
using Mureka.Spec.Adaptive;
using Mureka.Spec.Music;
using Mureka.Testing;

namespace Mureka.Engine.Tests.Adaptive;

/// <summary>What a game plays from a set: loops that wrap cleanly, layers that stack, transitions that join, one key and tempo.</summary>
[Collection(EngineCollection.Name)]
public sealed class AdaptiveSetAudioTests(SharedEngine shared)
{
    [Fact]
    public async Task Layers_EqualLength_DisjointParts_StackToTheFullMixBelowMinus60Db()
    {
        var set = await RenderedSet.GetAsync(shared.Engine);

        Assert.Equal(4, set.States.Count);
        foreach (var state in set.States)
        {
            var full = state.Full.Audio.Mix;
            Assert.Equal(3, state.Layers.Count);
            Assert.All(state.Layers, layer => Assert.Equal(full.Frames, layer.Frames));
            Assert.All(state.LayerParts, parts => Assert.NotEmpty(parts));
            var allParts = state.LayerParts.SelectMany(p => p).ToList();
            Assert.Equal(allParts.Count, allParts.Distinct().Count());
            Assert.Equal(state.Full.Score.Tracks.Select(t => t.Name).Order(), allParts.Order());
            Assert.True(Rms(state.Layers[0]) > 0.01, $"{state.State.Name}: layer 1 is (nearly) silent");

            var stacked = new AudioBuffer(full.SampleRate, full.Frames);
            foreach (var layer in state.Layers)
            {
                for (var i = 0; i < full.Frames; i++)
                {
                    stacked.Left[i] += layer.Left[i];
                    stacked.Right[i] += layer.Right[i];
                }
            }

            var residualDb = 20 * Math.Log10(Rms(Difference(stacked, full)) / Rms(full));
            Assert.True(residualDb < -60, $"{state.State.Name}: layers 1+2+3 differ from the full mix by {residualDb:0.0} dB");
        }
    }

    [Fact]
    public async Task IntensityAddingNoPart_LeavesASilentLayerOfTheSameLength_StillStacking()
    {
        // Chiptune at 90 bpm: a short state's middle intensity adds no part to the lowest.
        var spec = new AdaptiveSetSpec
        {
            Genre = "chiptune",
            Bpm = 90,
            Bars = 4,
            Seed = 0,
            States = [new AdaptiveStateSpec { Name = "calm" }, new AdaptiveStateSpec { Name = "chase" }],
            Transitions = [],
            Stingers = [],
        };

        var set = await shared.Engine.RenderAdaptiveSetAsync(AdaptiveSetResolver.Resolve(spec));

        var silent = set.States.SelectMany(s => s.Layers.Select((layer, i) => (s, layer, i))).Where(x => x.s.LayerParts[x.i].Count == 0).ToList();
        Assert.NotEmpty(silent);
        foreach (var state in set.States)
        {
            var full = state.Full.Audio.Mix;
            Assert.Equal(3, state.Layers.Count);
            Assert.All(state.Layers, layer => Assert.Equal(full.Frames, layer.Frames));
            var stacked = new AudioBuffer(full.SampleRate, full.Frames);
            foreach (var layer in state.Layers)
            {
                for (var i = 0; i < full.Frames; i++)
                {
                    stacked.Left[i] += layer.Left[i];
                    stacked.Right[i] += layer.Right[i];
                }
            }

            Assert.True(20 * Math.Log10(Rms(Difference(stacked, full)) / Rms(full)) < -60, $"{state.State.Name}: the layers do not stack to the full mix");
        }

        Assert.All(silent, x => Assert.Equal(0, Rms(x.layer)));
    }

    [Fact]
    public async Task EveryState_LoopsWithoutAClick()
    {
        var set = await RenderedSet.GetAsync(shared.Engine);

        foreach (var state in set.States)
        {
            var mix = state.Full.Audio.Mix;
            Assert.Equal((int)Math.Round(state.State.Bars * state.Full.Score.BarSeconds * mix.SampleRate), mix.Frames);
            foreach (var channel in new[] { mix.Left, mix.Right })
            {
                var typical = SampleSteps.Percentile999(channel);
                var wrap = Math.Abs(channel[0] - channel[^1]);
                Assert.True(wrap <= typical, $"{state.State.Name}: jump at the loop point {wrap:0.0000} exceeds the 99.9th percentile step {typical:0.0000}");
            }
        }
    }

    /// <summary>
    /// Plays every transition as the sidecar tells a player to: the source from its start to its last exit point before
    /// the end of its second bar, fading out over the join fade while the transition starts; at the transition's exit the
    /// destination enters at its entry with the join fade-in while the transition rings on.
    /// </summary>
    [Fact]
    public async Task EveryTransition_PlayedFromAnExitPointIntoTheDestinationsEntry_HasNoClick()
    {
        var set = await RenderedSet.GetAsync(shared.Engine);
        var sidecar = AdaptiveSidecarBuilder.Build(set, "test");

        Assert.Equal(12, set.Transitions.Count);
        foreach (var transition in sidecar.Transitions)
        {
            var source = set.States.Single(s => s.State.Name == transition.From).Full.Audio.Mix;
            var destination = set.States.Single(s => s.State.Name == transition.To).Full.Audio.Mix;
            var segment = set.Transitions.Single(t => t.Transition.From == transition.From && t.Transition.To == transition.To).Render.Audio.Mix;
            var exit = (int)transition.ExitPoints[1];
            var fadeOut = sidecar.Joins.SourceFadeOutMs * source.SampleRate / 1000;
            var fadeIn = sidecar.Joins.DestinationFadeInMs * source.SampleRate / 1000;
            var entry = exit + (int)transition.ExitFrame;
            var timeline = new AudioBuffer(source.SampleRate, entry + destination.Frames);
            for (var i = 0; i < exit + fadeOut; i++)
            {
                var gain = i < exit ? 1f : 1f - ((i - exit + 1f) / fadeOut);
                Add(timeline, i, source, i % source.Frames, gain);
            }

            for (var i = 0; i < segment.Frames; i++)
            {
                Add(timeline, exit + i, segment, i, 1f);
            }

            for (var i = 0; i < destination.Frames; i++)
            {
                Add(timeline, entry + i, destination, i, i < fadeIn ? (i + 1f) / fadeIn : 1f);
            }

            foreach (var (channel, name) in new[] { (timeline.Left, "left"), (timeline.Right, "right") })
            {
                var typical = SampleSteps.Percentile999(channel);
                foreach (var join in new[] { exit, exit + fadeOut, entry })
                {
                    var step = Math.Abs(channel[join] - channel[join - 1]);
                    Assert.True(step <= typical, $"{transition.From} → {transition.To} ({name}): step {step:0.0000} at frame {join} exceeds the 99.9th percentile {typical:0.0000}");
                }
            }
        }
    }

    [Fact]
    public async Task States_HeardByAnIndependentMeter_InTheSetsKeyAndTempo()
    {
        var set = await RenderedSet.GetAsync(shared.Engine);
        using var dir = new TempDirectory();

        // Each loop is heard as a game plays it: three times round.
        var heard = await Task.WhenAll(set.States.Select(async state =>
        {
            var path = dir.File($"{state.State.Name}.wav");
            await AudioFiles.WriteAsync(Repeat(state.Full.Audio.Mix, 3), path);
            return (state.State.Name, Measured: await QcMeter.MeasureAsync(path));
        }));

        var report = string.Join("; ", heard.Select(h => $"{h.Name}: {h.Measured.Bpm} bpm, {h.Measured.Key}"));
        Assert.All(heard, h => Assert.True(QcMeter.SameTempo(h.Measured.Bpm, set.Set.Bpm, 0.04), $"the set is at {set.Set.Bpm} bpm; heard {report}"));
        // A chroma key finder confuses a minor key with its relative major and, where a loop dwells on the dominant
        // before it wraps, with the dominant's major; those are the same key signature's neighbours, and any other
        // answer (a different tonic, the parallel mode) fails.
        var key = set.Set.Key;
        string[] neighbours = [key.Name, Relative(key).Name, (key with { TonicPitchClass = (key.TonicPitchClass + 7) % 12, Mode = Mode.Major }).Name];
        Assert.All(heard, h => Assert.True(neighbours.Contains(h.Measured.Key), $"the set is in {key.Name}; heard {report}"));
        Assert.True(heard.Count(h => h.Measured.Key == key.Name) * 2 >= heard.Length, $"the set's own key is heard in fewer than half its states: {report}");
    }

    [Fact]
    public async Task Cancel_StopsTheWholeSet()
    {
        var set = Mureka.Spec.Adaptive.AdaptiveSetResolver.Resolve(new() { Preset = "stealth", Bars = 16, Bpm = 90, Seed = 21 });
        using var cancel = new CancellationTokenSource();
        var progress = new Progress<RenderProgress>(p =>
        {
            if (p.Stage == RenderStage.Rendering)
            {
                cancel.Cancel();
            }
        });

        var render = shared.Engine.RenderAdaptiveSetAsync(set, progress, cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => render);
    }

    private static MusicalKey Relative(MusicalKey key) => key.Mode == Mode.Minor
        ? new MusicalKey((key.TonicPitchClass + 3) % 12, Mode.Major)
        : new MusicalKey((key.TonicPitchClass + 9) % 12, Mode.Minor);

    private static AudioBuffer Repeat(AudioBuffer loop, int times)
    {
        var repeated = new AudioBuffer(loop.SampleRate, loop.Frames * times);
        for (var i = 0; i < times; i++)
        {
            loop.Left.CopyTo(repeated.Left, i * loop.Frames);
            loop.Right.CopyTo(repeated.Right, i * loop.Frames);
        }

        return repeated;
    }

    private static void Add(AudioBuffer into, int at, AudioBuffer from, int frame, float gain)
    {
        into.Left[at] += gain * from.Left[frame];
        into.Right[at] += gain * from.Right[frame];
    }

    private static AudioBuffer Difference(AudioBuffer a, AudioBuffer b)
    {
        var difference = new AudioBuffer(a.SampleRate, a.Frames);
        for (var i = 0; i < a.Frames; i++)
        {
            difference.Left[i] = a.Left[i] - b.Left[i];
            difference.Right[i] = a.Right[i] - b.Right[i];
        }

        return difference;
    }

    private static double Rms(AudioBuffer audio) =>
        Math.Sqrt((audio.Left.Sum(s => (double)s * s) + audio.Right.Sum(s => (double)s * s)) / (2.0 * audio.Frames));
}

using Mureka.Engine.Music;
using Mureka.Engine.Tests.TestSupport;
using Mureka.Spec;
using Mureka.Spec.Music;
using Mureka.Spec.Timing;

namespace Mureka.Engine.Tests.Engine;

/// <summary>
/// An extension continues a piece: the same score up to the bar before the join, the same audio there within the
/// mastering gain, exact in length, and a join without a click or a loudness step (ffmpeg's ebur128 as the meter).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ExtensionTests(SharedEngine shared)
{
    [Theory]
    [InlineData("jazz", 30_000, 30_000)]
    [InlineData("cinematic-orchestral", 30_000, 30_000)]
    [InlineData("house", 45_000, 20_000)]
    public async Task Extension_PlaysTheParent_ThenContinues_WithoutAClickOrALoudnessStep(string genre, int parentMs, int addedMs)
    {
        var parent = SpecResolver.Resolve(new MusicSpec { Genre = genre, DurationMs = parentMs, Seed = 21 });
        var child = Extend(parent, addedMs);

        var results = await shared.Engine.RenderBatchAsync([parent, child]);
        var (before, after) = (results[0], results[1]);

        // Exact in length; the join is where the parent's ending bar was.
        Assert.Equal((long)Math.Round((parentMs + addedMs) * (double)after.Audio.Mix.SampleRate / 1000.0), after.Audio.Mix.Frames);
        var continuation = after.Metadata.Continuation!;
        Assert.Equal(PieceLength.Of(parent.Bpm, parent.TimeSignature, parentMs).BodyBars, continuation.JoinBar);
        Assert.Equal(addedMs, continuation.AddedMs);
        Assert.Equal(addedMs, RenderedLength.BilledMilliseconds(child));

        // The score: every note that starts before the last bar ahead of the join is the parent's.
        // (Humanisation may pull the downbeat of that bar a few ticks early; it leads into different music.)
        var cut = ((continuation.JoinBar - 1) * before.Score.TicksPerBar) - (before.Score.TicksPerQuarter / 8);
        foreach (var track in before.Score.Tracks)
        {
            var theirs = track.Notes.Where(n => n.StartTick < cut).ToList();
            var ours = after.Score.Tracks.Single(t => t.Name == track.Name).Notes.Where(n => n.StartTick < cut).ToList();
            Assert.True(theirs.SequenceEqual(ours), $"{genre}: the {track.Name} part differs before the join (cut at {cut}): parent [{string.Join(", ", theirs.TakeLast(4))}] extension [{string.Join(", ", ours.TakeLast(4))}]");
        }

        // The audio up to there: the parent's, within the mastering gain. The whole is mastered again as one piece, so
        // its loudness gain (and the gain riding of the mastering curve) differ slightly; matched second by second, what
        // is left is the difference in content.
        var compare = (int)Math.Round((continuation.JoinBar - 1) * before.Score.BarSeconds * before.Audio.Mix.SampleRate);
        var window = before.Audio.Mix.SampleRate;
        var residualDb = ResidualAfterGainDb(before.Audio.Mix, after.Audio.Mix, compare, window);
        Assert.True(residualDb < -40, $"{genre}: before the join the extension differs from the parent by {residualDb:0.0} dB after matching the gain second by second (whole-piece gain: {ResidualAfterGainDb(before.Audio.Mix, after.Audio.Mix, compare, compare):0.0} dB)");

        // No click at the join: the step there is within the track's 99.9th percentile of adjacent-sample steps.
        var join = (int)continuation.JoinFrame;
        foreach (var channel in new[] { after.Audio.Mix.Left, after.Audio.Mix.Right })
        {
            var typical = SampleSteps.Percentile999(channel);
            var step = Math.Abs(channel[join] - channel[join - 1]);
            Assert.True(step <= typical, $"{genre}: step at the join {step:0.0000} exceeds the 99.9th percentile {typical:0.0000}");
        }

        // No loudness step: ffmpeg's momentary loudness, averaged over 2 s either side of the join, within 1 LU.
        using var file = new TempFile(".wav");
        await AudioFiles.WriteAsync(after.Audio.Mix, file.Path);
        var momentary = await Ffmpeg.MomentaryLoudnessAsync(file.Path);
        var joinSeconds = continuation.JoinMs / 1000.0;
        var ahead = momentary.Where(m => m.Seconds > joinSeconds - 2 && m.Seconds <= joinSeconds).Average(m => m.Lufs);
        var behind = momentary.Where(m => m.Seconds > joinSeconds + 0.4 && m.Seconds <= joinSeconds + 2.4).Average(m => m.Lufs);
        Assert.True(Math.Abs(ahead - behind) <= 1.0, $"{genre}: momentary loudness {ahead:0.0} LUFS before the join, {behind:0.0} after");

        // Same key and tempo on both sides, and the sections continue after the parent's.
        Assert.Equal((parent.Key, parent.Bpm), (after.Score.Key, after.Score.Bpm));
        Assert.Equal(before.Metadata.Sections.SkipLast(1).Select(s => (s.Name, s.StartBar)), after.Metadata.Sections.Take(before.Metadata.Sections.Count - 1).Select(s => (s.Name, s.StartBar)));
    }

    [Fact]
    public async Task ExtensionOfAnExtension_KeepsEveryEarlierPart()
    {
        var parent = SpecResolver.Resolve(new MusicSpec { Genre = "acoustic-folk", DurationMs = 20_000, Seed = 8 });
        var once = Extend(parent, 20_000);
        var twice = Extend(once, 20_000);

        var scores = shared.Engine.ComposeScores([once, twice]);

        Assert.Equal([20_000, 40_000], twice.Extends!.DurationsMs);
        var cut = (PieceLength.Of(once.Bpm, once.TimeSignature, once.DurationMs).BodyBars - 1) * scores[0].TicksPerBar;
        foreach (var track in scores[0].Tracks)
        {
            Assert.Equal(track.Notes.Where(n => n.StartTick < cut), scores[1].Tracks.Single(t => t.Name == track.Name).Notes.Where(n => n.StartTick < cut));
        }

        var rendered = await shared.Engine.RenderAsync(twice);
        Assert.Equal(20_000, rendered.Metadata.Continuation!.AddedMs);
    }

    [Fact]
    public void ContinuationAtAHigherIntensity_BringsPartsInOnlyAfterTheJoin()
    {
        var parent = SpecResolver.Resolve(new MusicSpec { Genre = "cinematic-orchestral", DurationMs = 30_000, Seed = 3, Intensity = 1 });
        var louder = Extend(parent, 30_000) is var child ? child with { Intensity = 3, Extends = child.Extends! with { Intensities = [1, 3] } } : null!;

        var scores = shared.Engine.ComposeScores([parent, louder]);

        var joinTick = PieceLength.Of(parent.Bpm, parent.TimeSignature, parent.DurationMs).BodyBars * scores[0].TicksPerBar;
        var added = scores[1].Tracks.Where(t => scores[0].Tracks.All(p => p.Name != t.Name)).ToList();
        Assert.NotEmpty(added);
        Assert.All(added.SelectMany(t => t.Notes), n => Assert.True(n.StartTick >= joinTick - scores[0].TicksPerBar, $"a new part plays at tick {n.StartTick}, before the join at {joinTick}"));
    }

    /// <summary>The request an extension by <paramref name="addedMs"/> resolves to (as the gateway builds it).</summary>
    private static ResolvedMusicSpec Extend(ResolvedMusicSpec parent, int addedMs) => parent with
    {
        DurationMs = parent.DurationMs + addedMs,
        Extends = new PieceExtension
        {
            DurationsMs = [.. parent.Extends?.DurationsMs ?? [], parent.DurationMs],
            Intensities = [.. parent.Extends?.Intensities ?? [parent.Intensity], parent.Intensity],
        },
    };

    /// <summary>
    /// The energy left when <paramref name="b"/> is scaled onto <paramref name="a"/> by its best gain in each window of
    /// <paramref name="window"/> frames, relative to <paramref name="a"/>'s energy, in dB.
    /// </summary>
    private static double ResidualAfterGainDb(AudioBuffer a, AudioBuffer b, int frames, int window)
    {
        double residual = 0, energy = 0;
        for (var start = 0; start < frames; start += window)
        {
            var end = Math.Min(frames, start + window);
            double ab = 0, bb = 0;
            foreach (var (x, y) in new[] { (a.Left, b.Left), (a.Right, b.Right) })
            {
                for (var i = start; i < end; i++)
                {
                    ab += x[i] * (double)y[i];
                    bb += y[i] * (double)y[i];
                    energy += x[i] * (double)x[i];
                }
            }

            var gain = bb == 0 ? 1 : ab / bb;
            foreach (var (x, y) in new[] { (a.Left, b.Left), (a.Right, b.Right) })
            {
                for (var i = start; i < end; i++)
                {
                    var d = x[i] - (gain * y[i]);
                    residual += d * d;
                }
            }
        }

        return 10 * Math.Log10(residual / energy);
    }
}

using Mureka.Engine.Arrangement;
using Mureka.Engine.Music;
using Mureka.Engine.Tests.TestSupport;
using Mureka.Spec;
using Mureka.Spec.Music;

namespace Mureka.Engine.Tests.Engine;

[Collection(EngineCollection.Name)]
public sealed class MurekaEngineScoreTests(SharedEngine shared)
{
    [Fact]
    public void ComposeScores_ManyRequests_MelodyInKeyAndTempoAndMetreHonoured()
    {
        var keys = new[] { "C major", "A minor", "F# minor", "Eb major", "B minor", "D major" };
        var meters = new[] { "4/4", "3/4", "6/8" };
        var genres = GenreCatalog.All.Select(g => g.Id).ToArray();
        var requests = Enumerable.Range(0, 24).Select(i => SpecResolver.Resolve(new MusicSpec
        {
            Genre = genres[i % genres.Length],
            Key = keys[i % keys.Length],
            TimeSignature = meters[i % meters.Length],
            Bpm = 70 + (i * 5),
            DurationMs = 20_000,
            Seed = (long)i,
        })).ToList();

        var scores = shared.Engine.ComposeScores(requests);

        for (var i = 0; i < requests.Count; i++)
        {
            var (request, score) = (requests[i], scores[i]);
            Assert.Equal(request.Bpm, score.Bpm);
            Assert.Equal(request.TimeSignature, score.Meter);
            Assert.Equal(request.Key, score.Key);
            var melody = score.Tracks.Where(t => t.Stem == StemKind.Melody && !t.IsPercussion).SelectMany(t => t.Notes).ToList();
            Assert.NotEmpty(melody);
            var inScale = melody.Count(n => request.Key.ContainsPitchClass(n.Pitch % 12)) / (double)melody.Count;
            Assert.True(inScale >= 0.95, $"{request.Genre} in {request.Key}: only {inScale:P0} of melody notes in scale");
            Assert.All(score.Tracks.SelectMany(t => t.Notes), n => Assert.InRange(n.StartTick, 0, score.TotalTicks - 1));
        }
    }

    [Fact]
    public async Task Render_Metadata_ReportsMeasuredValues()
    {
        var request = SpecResolver.Resolve(new MusicSpec { Genre = "house", Bpm = 124, Key = "A minor", DurationMs = 20_000, Seed = 17 });

        var result = await shared.Engine.RenderAsync(request);

        var m = result.Metadata;
        Assert.Equal(124, m.Bpm);
        Assert.NotNull(m.MeasuredBpm);
        var ratio = m.MeasuredBpm!.Value / 124;
        Assert.True(Math.Abs(ratio - 1) < 0.03 || Math.Abs(ratio - 2) < 0.06 || Math.Abs(ratio - 0.5) < 0.015, $"measured {m.MeasuredBpm} bpm");
        Assert.Equal(TimeSignature.FourFour, m.TimeSignature);
        Assert.Equal(20_000, m.DurationMs);
        Assert.Equal(17UL, m.Seed);
        Assert.NotEmpty(m.Sections);
        Assert.Equal(0, m.Sections[0].StartFrame);
        Assert.True(m.TruePeakDbtp <= -1.0);
        var detected = new MusicalKey(m.Key.TonicPitchClass, m.Key.Mode);
        var shared7 = Enumerable.Range(0, 12).Count(pc => detected.ContainsPitchClass(pc) && request.Key.ContainsPitchClass(pc));
        Assert.True(shared7 >= 6, $"detected key {m.Key} is far from {request.Key}");
    }
}

using Mureka.Engine.Music;
using Mureka.Engine.Tests.TestSupport;
using Mureka.Spec;
using Mureka.Spec.Themes;
using Mureka.Testing;

namespace Mureka.Engine.Tests.Composer;

[Collection(EngineCollection.Name)]
public sealed class ThemeComposerTests(SharedEngine shared)
{
    public static TheoryData<string, string, int, bool> Pieces => new()
    {
        { ThemeFixtures.DMinorAbc, "cinematic-orchestral", 30_000, false },
        { ThemeFixtures.DMinorAbc, "lofi-hip-hop", 60_000, false },
        { ThemeFixtures.DMinorAbc, "house", 90_000, false },
        { ThemeFixtures.GMajorWaltzAbc, "jazz", 45_000, false },
        { ThemeFixtures.GMajorWaltzAbc, "ambient", 30_000, true },
    };

    [Theory]
    [MemberData(nameof(Pieces))]
    public void EveryASection_StatesTheTheme(string abc, string genre, int durationMs, bool loop)
    {
        var request = SpecResolver.Resolve(new MusicSpec { Theme = new MusicTheme { Abc = abc }, Genre = genre, DurationMs = durationMs, Loop = loop, Seed = 5 });
        var theme = request.Theme!.Notes.Select(n => n.Pitch).ToList();

        var score = shared.Engine.ComposeScores([request])[0];

        var statements = score.Sections.Where(s => s.Name == "a").ToList();
        Assert.NotEmpty(statements);
        foreach (var section in statements)
        {
            var melody = MelodyIn(score, section);
            var match = ThemeIntervals.BestMatch(theme, melody);
            Assert.True(match >= 0.9, $"{genre}: section a at bar {section.StartBar} states {match:P0} of the theme's intervals ({string.Join(' ', melody)})");
        }

        foreach (var section in score.Sections.Where(s => s.Name == "b"))
        {
            Assert.True(ThemeIntervals.BestMatch(theme, MelodyIn(score, section)) < 0.9, $"{genre}: section b at bar {section.StartBar} repeats the theme instead of developing it");
        }
    }

    [Fact]
    public void KeyAndTempo_FollowTheTheme_AndAnOverrideTransposesItsIntervalsExactly()
    {
        var own = SpecResolver.Resolve(new MusicSpec { Theme = new MusicTheme { Abc = ThemeFixtures.DMinorAbc }, Genre = "cinematic-orchestral", DurationMs = 30_000, Seed = 9 });
        var moved = own.ToRequest() with { Theme = new MusicTheme { Abc = ThemeFixtures.DMinorAbc }, Key = "F# minor", Bpm = 84 };
        var transposed = SpecResolver.Resolve(moved);

        var scores = shared.Engine.ComposeScores([own, transposed]);

        Assert.Equal("D minor", scores[0].Key.Name);
        Assert.Equal(100, scores[0].Bpm);
        Assert.Equal("F# minor", scores[1].Key.Name);
        Assert.Equal(84, scores[1].Bpm);
        var a0 = MelodyIn(scores[0], scores[0].Sections.First(s => s.Name == "a"));
        var a1 = MelodyIn(scores[1], scores[1].Sections.First(s => s.Name == "a"));
        Assert.Equal(a0.Zip(a0.Skip(1), (x, y) => y - x), a1.Zip(a1.Skip(1), (x, y) => y - x));
    }

    [Fact]
    public void Development_IsSeeded()
    {
        MusicSpec Spec(long seed) => new() { Theme = new MusicTheme { Abc = ThemeFixtures.DMinorAbc }, Genre = "cinematic-orchestral", DurationMs = 60_000, Seed = seed };
        var requests = new[] { Spec(1), Spec(1), Spec(2), Spec(3) }.Select(SpecResolver.Resolve).ToList();

        var scores = shared.Engine.ComposeScores(requests);

        var developments = scores.Select(s => string.Join(' ', MelodyIn(s, s.Sections.First(x => x.Name == "b")))).ToList();
        Assert.Equal(developments[0], developments[1]);
        Assert.True(developments.Skip(1).Distinct().Count() >= 2, "different seeds should develop the theme differently");
    }

    private static List<int> MelodyIn(Score score, ScoreSection section)
    {
        var from = section.StartBar * score.TicksPerBar;
        var to = (section.StartBar + section.BarCount) * score.TicksPerBar;

        // Humanisation may pull a downbeat note a few ticks before its bar line.
        var slack = score.TicksPerQuarter / 8;
        return score.Tracks.Where(t => t.Name == "melody")
            .SelectMany(t => t.Notes)
            .Where(n => n.StartTick >= from - slack && n.StartTick < to - slack)
            .OrderBy(n => n.StartTick)
            .Select(n => n.Pitch)
            .ToList();
    }
}

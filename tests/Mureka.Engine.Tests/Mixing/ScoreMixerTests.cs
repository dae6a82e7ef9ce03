using Mureka.Engine.Mixing;
using Mureka.Engine.Music;
using Mureka.Engine.Rendering;
using Mureka.Engine.Tests.TestSupport;

namespace Mureka.Engine.Tests.Mixing;

public sealed class ScoreMixerTests
{
    private const int Rate = 44_100;
    private const double Bpm = 120;

    [Fact]
    public void Mix_HouseProfile_DucksBassOnKickHits()
    {
        var kicks = Enumerable.Range(0, 8).Select(b => new ScoreNote(b * TestScores.TicksPerQuarter, 120, 36, 110)).ToList();
        var score = ScoreWith(
            new ScoreTrack("drums", StemKind.Drums, 0, true, kicks),
            new ScoreTrack("bass", StemKind.Bass, 38, false, [new ScoreNote(0, TestScores.TicksPerQuarter * 8, 36, 100)], ReverbSend: 0));
        var frames = TestScores.FramesFor(score, Rate);
        var bass = AudioFiles.Sine(Rate, (double)frames / Rate, 110, 0.3);
        var tracks = Tracks(score, new AudioBuffer(Rate, frames), bass);

        var stems = ScoreMixer.Mix(score, tracks, MixProfiles.For("house"), new MixOptions(1, Loop: false));

        var beat = (int)(Rate * 60 / Bpm);
        double ducked = 0, open = 0;
        for (var b = 1; b < 7; b++)
        {
            ducked += AudioFiles.Rms(stems[StemKind.Bass].Left.AsSpan((b * beat) + (Rate / 100), Rate / 50));
            open += AudioFiles.Rms(stems[StemKind.Bass].Left.AsSpan((b * beat) + (beat * 7 / 10), Rate / 50));
        }

        var depthDb = 20 * Math.Log10(open / ducked);
        Assert.True(depthDb >= 6, $"bass ducks only {depthDb:0.0} dB under the kick");
    }

    [Fact]
    public void Mix_CorporatePopProfile_BassDoesNotDuck()
    {
        var kicks = Enumerable.Range(0, 8).Select(b => new ScoreNote(b * TestScores.TicksPerQuarter, 120, 36, 110)).ToList();
        var score = ScoreWith(
            new ScoreTrack("drums", StemKind.Drums, 0, true, kicks),
            new ScoreTrack("bass", StemKind.Bass, 33, false, [new ScoreNote(0, TestScores.TicksPerQuarter * 8, 36, 100)], ReverbSend: 0));
        var frames = TestScores.FramesFor(score, Rate);
        var tracks = Tracks(score, new AudioBuffer(Rate, frames), AudioFiles.Sine(Rate, (double)frames / Rate, 110, 0.3));

        var stems = ScoreMixer.Mix(score, tracks, MixProfiles.For("corporate-pop"), new MixOptions(1, Loop: false));

        var beat = (int)(Rate * 60 / Bpm);
        var ducked = AudioFiles.Rms(stems[StemKind.Bass].Left.AsSpan((3 * beat) + (Rate / 100), Rate / 50));
        var open = AudioFiles.Rms(stems[StemKind.Bass].Left.AsSpan((3 * beat) + (beat * 7 / 10), Rate / 50));
        Assert.InRange(20 * Math.Log10(open / ducked), -1.0, 1.0);
    }

    [Fact]
    public void Mix_AntiPhasePadWithDcOffset_MixMonoSafeAndDcFree()
    {
        var score = ScoreWith(
            new ScoreTrack("pad", StemKind.Harmony, 89, false, [new ScoreNote(0, TestScores.TicksPerQuarter * 8, 60, 80)], Pan: 100, ReverbSend: 100),
            new ScoreTrack("melody", StemKind.Melody, 81, false, [new ScoreNote(0, TestScores.TicksPerQuarter * 8, 72, 80)], ReverbSend: 60));
        var frames = TestScores.FramesFor(score, Rate);
        var seconds = (double)frames / Rate;
        var pad = AudioFiles.Sine(Rate, seconds, 330, 0.4, right: false);
        var antiPhase = AudioFiles.Sine(Rate, seconds, 330, 0.4, left: false, phase: Math.PI);
        var lead = AudioFiles.Sine(Rate, seconds, 880, 0.05, right: false);
        for (var i = 0; i < frames; i++)
        {
            pad.Right[i] = antiPhase.Right[i] + 0.2f;
            pad.Left[i] += 0.2f;
        }

        var stems = ScoreMixer.Mix(score, Tracks(score, pad, lead), MixProfiles.For("ambient"), new MixOptions(1, Loop: false));
        var mix = AudioFiles.Mix(stems);

        Assert.True(Math.Abs(mix.Left.Average()) <= 1e-3 && Math.Abs(mix.Right.Average()) <= 1e-3, "DC left in the mix");
        var (correlation, monoLossDb) = StereoMeasures.Of(mix.Left, mix.Right);
        Assert.True(correlation >= 0.2, $"L/R correlation {correlation:0.00}");
        Assert.True(monoLossDb <= 3, $"mono fold-down loses {monoLossDb:0.0} dB");
    }

    [Fact]
    public void Mix_SameInputTwice_IdenticalStems()
    {
        var score = TestScores.FivePart(4);
        var frames = TestScores.FramesFor(score, Rate);
        var seconds = (double)frames / Rate;
        var audio = score.Tracks.Select((t, i) => AudioFiles.Sine(Rate, seconds, 110 * (i + 1), 0.2)).ToArray();

        var first = ScoreMixer.Mix(score, Tracks(score, audio), MixProfiles.For("lofi-hip-hop"), new MixOptions(42, Loop: true));
        var second = ScoreMixer.Mix(score, Tracks(score, audio), MixProfiles.For("lofi-hip-hop"), new MixOptions(42, Loop: true));

        foreach (var stem in Enum.GetValues<StemKind>())
        {
            Assert.Equal(first[stem].Left, second[stem].Left);
            Assert.Equal(first[stem].Right, second[stem].Right);
        }
    }

    [Fact]
    public void RoleOf_UnknownNames_FallBackByStem()
    {
        Assert.Equal(MixRole.Pad, TrackRoles.RoleOf(new ScoreTrack("strings", StemKind.Harmony, 48, false, [])));
        Assert.Equal(MixRole.Harmony, TrackRoles.RoleOf(new ScoreTrack("mystery-keys", StemKind.Harmony, 4, false, [])));
        Assert.Equal(MixRole.Counter, TrackRoles.RoleOf(new ScoreTrack("new-line", StemKind.Melody, 71, false, [])));
        Assert.Equal(MixRole.Percussion, TrackRoles.RoleOf(new ScoreTrack("gong", StemKind.Drums, 47, false, [])));
    }

    [Fact]
    public void For_EveryCatalogGenre_HasItsOwnProfile()
    {
        foreach (var genre in Mureka.Engine.Arrangement.GenreCatalog.All)
        {
            Assert.Equal(genre.Id, MixProfiles.For(genre.Id).GenreId);
        }
    }

    private static Score ScoreWith(params ScoreTrack[] tracks) => TestScores.Create(2, Bpm, tracks);

    private static RenderedTracks Tracks(Score score, params AudioBuffer[] audio) =>
        new(score.Tracks.Select((t, i) => new RenderedTrack(t, audio[i].Clone())).ToList());
}

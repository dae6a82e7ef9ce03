using Mureka.Engine.Tests.TestSupport;
using Mureka.Spec;
using Mureka.Testing;

namespace Mureka.Engine.Tests.Encoding;

/// <summary>The cue, smpl and acid chunks engines read, checked with a reader written against the RIFF layouts, not our writer.</summary>
[Collection(EngineCollection.Name)]
public sealed class WavTimelineTests(SharedEngine shared)
{
    [Fact]
    public async Task Loop_SmplLoopIsTheWholeFile_AcidTempoAndBeats_CuesAtEntryBarsAndExit()
    {
        // Arrange: 8 s at 140 bpm in 4/4 renders 5 whole bars.
        var request = SpecResolver.Resolve(new MusicSpec { Genre = "chiptune", Bpm = 140, DurationMs = 8000, Loop = true, Seed = 6, Stems = true });
        var result = await shared.Engine.RenderAsync(request);
        using var mix = new MemoryStream();
        using var drums = new MemoryStream();

        // Act
        await result.WriteAsync(mix);
        await result.WriteStemAsync(Music.StemKind.Drums, drums);
        var timeline = WavTimeline.Read(mix.ToArray());

        // Assert
        var frames = result.Audio.Mix.Frames;
        Assert.Equal(frames, timeline.DataFrames);
        Assert.Equal(((uint)0, (uint)(frames - 1), 0u, 0u), timeline.Loop);
        Assert.Equal((uint)Math.Round(1e9 / 44_100), timeline.SamplePeriodNs);
        var acid = Assert.NotNull(timeline.Acid);
        Assert.Equal((5u * 4, 4, 4, 140f), (acid.Beats, acid.Numerator, acid.Denominator, acid.Tempo));
        Assert.Equal(0x04u, acid.Flags & 0x05);
        var barFrames = 4 * 60.0 / 140 * 44_100;
        Assert.Equal(["Entry", .. Enumerable.Range(1, 5).Select(b => $"Bar {b}"), "Exit"], timeline.Cues.Select(c => c.Label).Where(l => l is "Entry" or "Exit" || l!.StartsWith("Bar", StringComparison.Ordinal)));
        foreach (var cue in timeline.Cues.Where(c => c.Label!.StartsWith("Bar ", StringComparison.Ordinal)))
        {
            Assert.Equal(Math.Round((int.Parse(cue.Label![4..], System.Globalization.CultureInfo.InvariantCulture) - 1) * barFrames), cue.SampleOffset);
        }

        Assert.Equal((uint)frames, timeline.Cues.Single(c => c.Label == "Exit").SampleOffset);
        Assert.Equal(timeline.Cues, WavTimeline.Read(drums.ToArray()).Cues);

        // libsndfile, the reader many engines and tools are built on, sees the same loop, tempo and labels.
        using var file = new TempFile(".wav");
        await File.WriteAllBytesAsync(file.Path, mix.ToArray());
        var info = await SndfileInfo.ReadAsync(file.Path);
        Assert.Matches($@"Start :\s+0\s+End :\s+{frames - 1}\b", info);
        Assert.Matches(@"Tempo\s+:\s+140\.0", info);
        Assert.Contains("labl : 1 : Entry", info, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Piece_NoLoop_OneShotAcid_SectionCuesWhereTheMetadataPutsThem_FileStillPlaysAsBefore()
    {
        // Arrange
        var request = SpecResolver.Resolve(new MusicSpec { Genre = "cinematic-orchestral", DurationMs = 30_000, Seed = 14 });
        var result = await shared.Engine.RenderAsync(request);
        using var file = new TempFile(".wav");

        // Act
        await using (var stream = File.Create(file.Path))
        {
            await result.WriteAsync(stream);
        }

        var timeline = WavTimeline.Read(await File.ReadAllBytesAsync(file.Path));
        var probe = await Ffmpeg.ProbeAsync(file.Path);

        // Assert
        Assert.Null(timeline.Loop);
        Assert.Equal(0x01u, Assert.NotNull(timeline.Acid).Flags & 0x05);
        foreach (var section in result.Metadata.Sections)
        {
            Assert.Contains(timeline.Cues, c => c.Label == section.Name && c.SampleOffset == section.StartFrame);
        }

        Assert.Equal(30.0, probe.DurationSeconds, 3);
        Assert.Equal(result.Audio.Mix.Frames, timeline.DataFrames);
    }
}

using Mureka.Engine.Arrangement;
using Mureka.Engine.Music;
using Mureka.Spec.Music;
using Mureka.Spec.Timing;

namespace Mureka.Engine.Tests.Arrangement;

public sealed class ArrangerTests
{
    public static TheoryData<string, string> GenresByMeter => ArrangementTestData.GenresByMeter();

    [Theory]
    [MemberData(nameof(GenresByMeter))]
    public void Arrange_EveryGenreAndMeter_ProducesValidScore(string genre, string meterText)
    {
        // Arrange
        var meter = ParseMeter(meterText);
        var request = ArrangementTestData.Request(genre, meter, bpm: 100);
        var sheet = ArrangementTestData.LeadSheet(meter, request.Key.Mode, Arranger.ComposedBarsNeeded(request));

        // Act
        var score = new Arranger().Arrange(sheet, request);

        // Assert
        Assert.Equal(100, score.Bpm);
        Assert.Equal(meter, score.Meter);
        Assert.Equal(request.Key, score.Key);
        Assert.Equal(480, score.TicksPerQuarter);
        Assert.Equal(Arranger.TotalBars(request), score.BarCount);
        Assert.Contains(score.Tracks, t => t.Stem == StemKind.Melody && t.Notes.Count > 0);
        Assert.Contains(score.Tracks, t => t.Stem == StemKind.Harmony && t.Notes.Count > 0);
        Assert.Equal(score.Tracks.Count, score.Tracks.Select(t => t.Name).Distinct().Count());
        // The final chord may hold past the last barline, but never past the requested duration.
        var requestEnd = Math.Max(score.TotalTicks, (long)(request.DurationMs / 1000.0 / score.SecondsPerTick));
        foreach (var note in score.Tracks.SelectMany(t => t.Notes))
        {
            Assert.InRange(note.StartTick, 0, score.TotalTicks - 1);
            Assert.InRange(note.DurationTicks, 1, requestEnd - note.StartTick);
            Assert.InRange(note.Pitch, 0, 127);
            Assert.InRange(note.Velocity, 1, 127);
        }
    }

    [Theory]
    [MemberData(nameof(GenresByMeter))]
    public void Arrange_EveryGenreAndMeter_KeepsMelodyInScaleAndRange(string genre, string meterText)
    {
        // Arrange
        var meter = ParseMeter(meterText);
        var request = ArrangementTestData.Request(genre, meter);
        var sheet = ArrangementTestData.LeadSheet(meter, request.Key.Mode);

        // Act
        var score = new Arranger().Arrange(sheet, request);

        // Assert
        var melody = ArrangementTestData.NotesOf(score, t => t.Stem == StemKind.Melody).ToList();
        var inScale = melody.Count(n => request.Key.ContainsPitchClass(n.Pitch % 12));
        Assert.True(inScale >= melody.Count * 0.95, $"{inScale} of {melody.Count} melody notes in {request.Key}");
        Assert.All(score.Tracks.Single(t => t.Name == "melody").Notes, n => Assert.InRange(n.Pitch, 55, 91));
        Assert.All(ArrangementTestData.NotesOf(score, t => t.Stem == StemKind.Bass), n => Assert.InRange(n.Pitch, 28, 55));
    }

    [Theory]
    [MemberData(nameof(GenresByMeter))]
    public void Arrange_EveryGenreAndMeter_HasNoOverlappingSamePitchNotes(string genre, string meterText)
    {
        // Arrange
        var meter = ParseMeter(meterText);
        var request = ArrangementTestData.Request(genre, meter, loop: true, durationMs: 20_000);
        var sheet = ArrangementTestData.LeadSheet(meter, request.Key.Mode, 4);

        // Act
        var score = new Arranger().Arrange(sheet, request);

        // Assert
        foreach (var track in score.Tracks)
        {
            foreach (var samePitch in track.Notes.GroupBy(n => n.Pitch))
            {
                var ordered = samePitch.OrderBy(n => n.StartTick).ToList();
                for (var i = 1; i < ordered.Count; i++)
                {
                    Assert.True(
                        ordered[i - 1].StartTick + ordered[i - 1].DurationTicks <= ordered[i].StartTick,
                        $"{track.Name}: pitch {samePitch.Key} overlaps at tick {ordered[i].StartTick}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(GenresByMeter))]
    public void Arrange_EveryGenreAndMeter_PutsDrumsOnTheSwungSixteenthGrid(string genre, string meterText)
    {
        // Arrange
        var meter = ParseMeter(meterText);
        var request = ArrangementTestData.Request(genre, meter);
        var sheet = ArrangementTestData.LeadSheet(meter, request.Key.Mode);
        Assert.True(GenreCatalog.TryGet(genre, out var template));
        const int ticksPerSixteenth = 120;

        // Act
        var score = new Arranger().Arrange(sheet, request);

        // Assert
        foreach (var note in ArrangementTestData.NotesOf(score, t => t.IsPercussion))
        {
            var position = (int)(note.StartTick % score.TicksPerBar / ticksPerSixteenth);
            // Played, not sequenced: each hit may lean off the swung grid by the kit's small seeded jitter.
            var nearest = Enumerable.Range(-1, 3)
                .Select(p => position + p)
                .Select(p => (note.StartTick - (note.StartTick % score.TicksPerBar)) + (p * ticksPerSixteenth) + template.Swing.OffsetTicks(((p % 16) + 16) % 16, ticksPerSixteenth, meter))
                .Min(grid => Math.Abs(grid - note.StartTick));
            Assert.True(nearest <= 4, $"hit at tick {note.StartTick} is {nearest} ticks off the swung grid");
        }
    }

    [Theory]
    [InlineData("house")]
    [InlineData("jazz")]
    [InlineData("cinematic-orchestral")]
    [InlineData("solo-piano")]
    public void Arrange_HigherIntensity_HasAtLeastAsManyTracksAndNotes(string genre)
    {
        // Arrange
        var sheet = ArrangementTestData.LeadSheet(TimeSignature.FourFour, Mode.Minor);
        var arranger = new Arranger();

        // Act
        var sparse = arranger.Arrange(sheet, ArrangementTestData.Request(genre, intensity: 1));
        var full = arranger.Arrange(sheet, ArrangementTestData.Request(genre, intensity: 3));

        // Assert
        Assert.True(full.Tracks.Count > sparse.Tracks.Count, $"{full.Tracks.Count} vs {sparse.Tracks.Count} tracks");
        Assert.True(full.Tracks.Sum(t => t.Notes.Count) >= sparse.Tracks.Sum(t => t.Notes.Count));
    }

    [Fact]
    public void Arrange_HigherIntensity_KeepsTheSparseLayersIdentical()
    {
        // Arrange
        var sheet = ArrangementTestData.LeadSheet(TimeSignature.FourFour, Mode.Minor);
        var arranger = new Arranger();

        // Act
        var sparse = arranger.Arrange(sheet, ArrangementTestData.Request("house", intensity: 1));
        var full = arranger.Arrange(sheet, ArrangementTestData.Request("house", intensity: 3));

        // Assert
        foreach (var track in sparse.Tracks)
        {
            Assert.Equal(track.Notes, full.Tracks.Single(t => t.Name == track.Name).Notes);
        }
    }

    [Fact]
    public void Arrange_InstrumentOverride_ChangesMelodyAndHarmonyPrograms()
    {
        // Arrange
        var sheet = ArrangementTestData.LeadSheet(TimeSignature.FourFour, Mode.Minor);
        var request = ArrangementTestData.Request("rock", instruments: ["Flute", "electric piano", "cello"]);

        // Act
        var score = new Arranger().Arrange(sheet, request);

        // Assert
        Assert.Equal(73, score.Tracks.Single(t => t.Name == "melody").Program);
        Assert.Equal(4, score.Tracks.Single(t => t.Name == "harmony").Program);
        Assert.Contains(score.Tracks, t => t.Program == 42);
    }

    [Fact]
    public void Arrange_BassInstrumentRequested_ChangesOnlyTheBassProgram()
    {
        // Arrange
        var sheet = ArrangementTestData.LeadSheet(TimeSignature.FourFour, Mode.Minor);
        var request = ArrangementTestData.Request("rock", instruments: ["synth bass"]);

        // Act
        var score = new Arranger().Arrange(sheet, request);

        // Assert
        Assert.Equal(38, score.Tracks.Single(t => t.Stem == StemKind.Bass).Program);
        Assert.Equal(29, score.Tracks.Single(t => t.Name == "melody").Program);
    }

    [Fact]
    public void Arrange_SameSeed_IsDeterministic()
    {
        // Arrange
        var sheet = ArrangementTestData.LeadSheet(TimeSignature.ThreeFour, Mode.Major);
        var request = ArrangementTestData.Request("jazz", TimeSignature.ThreeFour, key: new MusicalKey(7, Mode.Major));

        // Act
        var first = new Arranger().Arrange(sheet, request);
        var second = new Arranger().Arrange(sheet, request);

        // Assert
        Assert.Equal(first.Tracks.Count, second.Tracks.Count);
        for (var i = 0; i < first.Tracks.Count; i++)
        {
            Assert.Equal(first.Tracks[i].Notes, second.Tracks[i].Notes);
        }
    }

    [Fact]
    public void Arrange_DifferentSeed_ChangesTheGrooveButNotTheMelodyPitches()
    {
        // Arrange
        var sheet = ArrangementTestData.LeadSheet(TimeSignature.FourFour, Mode.Minor);

        // Act
        var first = new Arranger().Arrange(sheet, ArrangementTestData.Request("house", seed: 1));
        var second = new Arranger().Arrange(sheet, ArrangementTestData.Request("house", seed: 2));

        // Assert
        static IEnumerable<(long Sixteenth, int Pitch)> Grid(Score score, string track) =>
            score.Tracks.Where(t => t.Name == track).SelectMany(t => t.Notes).Select(n => ((n.StartTick + 30) / 120, n.Pitch)).Distinct();
        Assert.NotEqual(Grid(first, "drums").Concat(Grid(first, "hats")), Grid(second, "drums").Concat(Grid(second, "hats")));
        Assert.Equal(
            first.Tracks.Single(t => t.Name == "melody").Notes.Select(n => n.Pitch),
            second.Tracks.Single(t => t.Name == "melody").Notes.Select(n => n.Pitch));
    }

    [Fact]
    public void Arrange_MelodyPitches_KeepTheLeadSheetPitchClasses()
    {
        // Arrange
        var key = new MusicalKey(9, Mode.Minor);
        var sheet = ArrangementTestData.LeadSheet(TimeSignature.FourFour, Mode.Minor, 4);
        var request = ArrangementTestData.Request("solo-piano", key: key, loop: true, durationMs: 4 * 4 * 60_000 / 110);

        // Act
        var score = new Arranger().Arrange(sheet, request);

        // Assert
        var expected = sheet.Bars.SelectMany(b => b.Notes).Select(n => ((key.TonicMidi + n.RelativePitch) % 12 + 12) % 12);
        var actual = score.Tracks.Single(t => t.Name == "melody").Notes.Select(n => n.Pitch % 12);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Arrange_NonLoop_EndsOnATonicHitThatIsNotHeld()
    {
        // Arrange
        var key = new MusicalKey(5, Mode.Major);
        var request = ArrangementTestData.Request("corporate-pop", key: key);
        var sheet = ArrangementTestData.LeadSheet(TimeSignature.FourFour, Mode.Major);
        var ending = PieceLength.Of(request.Bpm, request.TimeSignature, request.DurationMs);

        // Act
        var score = new Arranger().Arrange(sheet, request);

        // Assert
        var hitTick = (score.TotalTicks - score.TicksPerBar) + (ending.EndingEighths * score.TicksPerQuarter / 2);
        var finalHarmony = score.Tracks.Single(t => t.Name == "harmony").Notes.Where(n => n.StartTick >= hitTick - 24).ToList();
        Assert.NotEmpty(finalHarmony);
        Assert.All(finalHarmony, n => Assert.True(n.Pitch % 12 is 5 or 9 or 0, $"pitch {n.Pitch} is not in F major's tonic triad"));
        var ringOutTicks = (long)(TempoFitter.MaxRingOutSeconds / score.SecondsPerTick);
        Assert.All(score.Tracks.SelectMany(t => t.Notes), n => Assert.True(n.StartTick + n.DurationTicks <= hitTick + ringOutTicks, $"a note is held past the ring-out: {n}"));
        Assert.Equal("ending", score.Sections[^1].Name);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Arrange_Sections_CoverEveryBarInOrder(bool loop)
    {
        // Arrange
        var request = ArrangementTestData.Request("rock", durationMs: 75_000, loop: loop);
        var sheet = ArrangementTestData.LeadSheet(TimeSignature.FourFour, Mode.Minor, Arranger.ComposedBarsNeeded(request));

        // Act
        var score = new Arranger().Arrange(sheet, request);

        // Assert
        var next = 0;
        foreach (var section in score.Sections)
        {
            Assert.Equal(next, section.StartBar);
            Assert.True(section.BarCount > 0);
            next += section.BarCount;
        }

        Assert.Equal(score.BarCount, next);
        Assert.Equal(!loop, score.Sections.Any(s => s.Name is "intro" or "outro"));
    }

    [Fact]
    public void Arrange_EmptyLeadSheet_StillProducesHarmony()
    {
        // Arrange
        var request = ArrangementTestData.Request("ambient", intensity: 1);
        var sheet = new LeadSheet(TimeSignature.FourFour, Mode.Minor, []);

        // Act
        var score = new Arranger().Arrange(sheet, request);

        // Assert
        Assert.Contains(score.Tracks, t => t.Stem == StemKind.Harmony && t.Notes.Count > 0);
    }

    private static TimeSignature ParseMeter(string text) =>
        TimeSignature.TryParse(text, out var meter) ? meter : throw new ArgumentException(text, nameof(text));

    [Theory]
    [InlineData("rock")]
    [InlineData("corporate-pop")]
    [InlineData("lofi-hip-hop")]
    public void Arrange_DifferentSeeds_PlayTheGenresBassDifferently(string genre)
    {
        // Arrange
        var sheet = ArrangementTestData.LeadSheet(TimeSignature.FourFour, Mode.Minor);

        // Act
        var lines = Enumerable.Range(1, 8)
            .Select(seed => new Arranger().Arrange(sheet, ArrangementTestData.Request(genre, seed: (ulong)seed)))
            .Select(score => string.Join(",", score.Tracks.Single(t => t.Name == "bass").Notes.Select(n => $"{(n.StartTick + 30) / 120}:{n.Pitch}")))
            .ToList();

        // Assert
        Assert.True(lines.Distinct().Count() >= 3, $"{genre}: only {lines.Distinct().Count()} distinct bass lines over 8 seeds");
    }
}

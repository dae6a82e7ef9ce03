using Mureka.Engine.Arrangement;
using Mureka.Engine.Music;
using Mureka.Spec;
using Mureka.Spec.Catalog;
using Mureka.Spec.Music;

namespace Mureka.Engine.Tests.Arrangement;

/// <summary>Requests and synthetic in-scale lead sheets for arranger tests.</summary>
internal static class ArrangementTestData
{
    public static IEnumerable<TimeSignature> Meters => TimeSignature.Supported;

    public static TheoryData<string, string> GenresByMeter()
    {
        var data = new TheoryData<string, string>();
        foreach (var genre in GenreCatalog.All)
        {
            foreach (var meter in Meters)
            {
                data.Add(genre.Id, meter.ToString());
            }
        }

        return data;
    }

    public static ResolvedMusicSpec Request(
        string genre = "corporate-pop",
        TimeSignature? meter = null,
        double bpm = 110,
        int durationMs = 30_000,
        int intensity = 3,
        ulong seed = 42,
        bool loop = false,
        MusicalKey? key = null,
        IReadOnlyList<string>? instruments = null) => new()
        {
            Prompt = "test",
            Genre = genre,
            Mood = "neutral",
            Bpm = bpm,
            Key = key ?? new MusicalKey(2, Mode.Minor),
            Model = MusicModels.Default,
            TimeSignature = meter ?? TimeSignature.FourFour,
            DurationMs = durationMs,
            Instruments = instruments ?? [],
            Intensity = intensity,
            Seed = seed,
            Format = AudioFormat.Wav,
            SampleRate = 44_100,
            BitDepth = 16,
            Stems = false,
            Loop = loop,
        };

    /// <summary>
    /// A lead sheet in the key's scale: a I–vi–IV–V style progression (one bar without a chord, one with a
    /// mid-bar change) and a stepwise melody of quarters and eighths, with a tie over one bar line.
    /// </summary>
    public static LeadSheet LeadSheet(TimeSignature meter, Mode mode, int barCount = 8)
    {
        var steps = mode == Mode.Major ? new[] { 0, 2, 4, 5, 7, 9, 11 } : [0, 2, 3, 5, 7, 8, 10];
        (int Root, ChordQuality Quality)[] progression = mode == Mode.Major
            ? [(0, ChordQuality.Major), (9, ChordQuality.Minor), (5, ChordQuality.Major7), (7, ChordQuality.Dominant7)]
            : [(0, ChordQuality.Minor), (8, ChordQuality.Major), (3, ChordQuality.Major), (7, ChordQuality.Minor7)];
        var length = meter.SixteenthsPerBar;
        var bars = new List<LeadBar>();
        var degree = 2;
        for (var b = 0; b < barCount; b++)
        {
            var chords = new List<LeadChord>();
            if (b % 4 != 2)
            {
                var (root, quality) = progression[b % progression.Length];
                chords.Add(new LeadChord(0, root, quality));
            }

            if (b % 4 == 3)
            {
                chords.Add(new LeadChord(length / 2, 7, ChordQuality.Suspended4));
            }

            var notes = new List<LeadNote>();
            var position = 0;
            var index = 0;
            while (position < length)
            {
                var duration = index % 3 == 2 ? 2 : 4;
                duration = Math.Min(duration, length - position);
                var octave = Math.DivRem(degree, 7, out var step);
                if (step < 0)
                {
                    step += 7;
                    octave--;
                }

                // The last note of bar 1 is tied into the next bar.
                var written = b == 1 && position + duration >= length ? duration + 4 : duration;
                notes.Add(new LeadNote(position, steps[step] + (12 * octave), written));
                position += duration;
                index++;
                degree += (b + index) % 3 == 0 ? -2 : 1;
                degree = Math.Clamp(degree, -3, 11);
            }

            bars.Add(new LeadBar(chords, notes));
        }

        return new LeadSheet(meter, mode, bars);
    }

    public static IEnumerable<ScoreNote> NotesOf(Score score, Func<ScoreTrack, bool> which) =>
        score.Tracks.Where(which).SelectMany(t => t.Notes);
}

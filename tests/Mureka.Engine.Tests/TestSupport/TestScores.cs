using Mureka.Engine.Music;
using Mureka.Spec.Music;

namespace Mureka.Engine.Tests.TestSupport;

/// <summary>Small hand-written scores: piano chords, a pad, a bass line, a melody and a drum groove in C major, 4/4.</summary>
public static class TestScores
{
    public const int TicksPerQuarter = 480;

    private static readonly int[][] ChordProgression =
    [
        [60, 64, 67], // C
        [57, 60, 64], // Am
        [53, 57, 60], // F
        [55, 59, 62], // G
    ];

    private static readonly int[] MelodyPattern = [72, 74, 76, 79, 76, 74, 72, 67];

    public static Score FivePart(int bars, double bpm = 120) =>
        Create(bars, bpm, [Piano(bars), Pad(bars), Bass(bars), Melody(bars), Drums(bars)]);

    public static Score PianoOnly(int bars, double bpm = 120) => Create(bars, bpm, [Piano(bars)]);

    public static Score Create(int bars, double bpm, IReadOnlyList<ScoreTrack> tracks) =>
        new(TicksPerQuarter, bpm, TimeSignature.FourFour, new MusicalKey(0, Mode.Major), bars, tracks,
            [new ScoreSection("A", 0, bars)]);

    /// <summary>Frames of a whole number of bars at the given rate.</summary>
    public static int FramesFor(Score score, int sampleRate) =>
        (int)Math.Round(score.TickToSeconds(score.TotalTicks) * sampleRate);

    private static long Bar => TicksPerQuarter * 4L;

    private static ScoreTrack Piano(int bars)
    {
        var notes = new List<ScoreNote>();
        for (var bar = 0; bar < bars; bar++)
        {
            var chord = ChordProgression[bar % ChordProgression.Length];
            for (var beat = 0; beat < 4; beat += 2)
            {
                foreach (var pitch in chord)
                {
                    notes.Add(new ScoreNote(bar * Bar + beat * TicksPerQuarter, TicksPerQuarter * 2, pitch, 80));
                }
            }
        }

        return new ScoreTrack("Piano", StemKind.Harmony, 0, false, notes, Volume: 100, Pan: 50, ReverbSend: 50);
    }

    private static ScoreTrack Pad(int bars)
    {
        var notes = new List<ScoreNote>();
        for (var bar = 0; bar < bars; bar++)
        {
            foreach (var pitch in ChordProgression[bar % ChordProgression.Length])
            {
                notes.Add(new ScoreNote(bar * Bar, Bar, pitch - 12, 60));
            }
        }

        return new ScoreTrack("Strings", StemKind.Harmony, 48, false, notes, Volume: 80, Pan: 80, ReverbSend: 70, ChorusSend: 30);
    }

    private static ScoreTrack Bass(int bars)
    {
        var notes = new List<ScoreNote>();
        for (var bar = 0; bar < bars; bar++)
        {
            var root = ChordProgression[bar % ChordProgression.Length][0] - 24;
            for (var beat = 0; beat < 4; beat++)
            {
                var pitch = beat == 2 ? root + 7 : root;
                notes.Add(new ScoreNote(bar * Bar + beat * TicksPerQuarter, TicksPerQuarter - 40, pitch, 100));
            }
        }

        return new ScoreTrack("Bass", StemKind.Bass, 33, false, notes, Volume: 110, ReverbSend: 10);
    }

    private static ScoreTrack Melody(int bars)
    {
        var notes = new List<ScoreNote>();
        var eighth = TicksPerQuarter / 2;
        for (var bar = 0; bar < bars; bar++)
        {
            for (var step = 0; step < MelodyPattern.Length; step++)
            {
                var pitch = MelodyPattern[(step + bar * 3) % MelodyPattern.Length];
                notes.Add(new ScoreNote(bar * Bar + step * eighth, eighth, pitch, 90));
            }
        }

        return new ScoreTrack("Flute", StemKind.Melody, 73, false, notes, Volume: 95, Pan: 70, ReverbSend: 60);
    }

    private static ScoreTrack Drums(int bars)
    {
        const int kick = 36, snare = 38, closedHat = 42;
        var notes = new List<ScoreNote>();
        var eighth = TicksPerQuarter / 2;
        for (var bar = 0; bar < bars; bar++)
        {
            var start = bar * Bar;
            for (var step = 0; step < 8; step++)
            {
                notes.Add(new ScoreNote(start + step * eighth, eighth, closedHat, step % 2 == 0 ? 90 : 60));
            }

            notes.Add(new ScoreNote(start, eighth, kick, 110));
            notes.Add(new ScoreNote(start + 2 * TicksPerQuarter + eighth, eighth, kick, 90));
            notes.Add(new ScoreNote(start + TicksPerQuarter, eighth, snare, 100));
            notes.Add(new ScoreNote(start + 3 * TicksPerQuarter, eighth, snare, 100));
        }

        return new ScoreTrack("Drums", StemKind.Drums, 0, true, notes, Volume: 110, ReverbSend: 20);
    }
}

using Mureka.Spec.Music;

namespace Mureka.Engine.Music;

/// <summary>The four stems a render is split into; they sum to the mix.</summary>
public enum StemKind
{
    Drums,
    Bass,
    Harmony,
    Melody,
}

/// <summary>A sounding note in absolute time (ticks) and absolute MIDI pitch.</summary>
public sealed record ScoreNote(long StartTick, long DurationTicks, int Pitch, int Velocity);

/// <summary>One instrument part. Percussion tracks play General MIDI drum-kit notes on the drum channel.</summary>
public sealed record ScoreTrack(
    string Name,
    StemKind Stem,
    int Program,
    bool IsPercussion,
    IReadOnlyList<ScoreNote> Notes,
    int Volume = 100,
    int Pan = 64,
    int ReverbSend = 40,
    int ChorusSend = 0,
    int DrumKit = 0);

public sealed record ScoreSection(string Name, int StartBar, int BarCount);

/// <summary>A fully arranged piece: constant tempo and metre, tracks grouped by stem.</summary>
public sealed record Score(
    int TicksPerQuarter,
    double Bpm,
    TimeSignature Meter,
    MusicalKey Key,
    int BarCount,
    IReadOnlyList<ScoreTrack> Tracks,
    IReadOnlyList<ScoreSection> Sections)
{
    public long TicksPerBar => (long)Math.Round(TicksPerQuarter * Meter.QuarterNotesPerBar);

    public long TotalTicks => TicksPerBar * BarCount;

    public double SecondsPerTick => 60.0 / (Bpm * TicksPerQuarter);

    public double TickToSeconds(long tick) => tick * SecondsPerTick;

    public double BarSeconds => TicksPerBar * SecondsPerTick;
}

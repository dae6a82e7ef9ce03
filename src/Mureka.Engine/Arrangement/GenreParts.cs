using Mureka.Engine.Music;
using Mureka.Spec.Music;

namespace Mureka.Engine.Arrangement;

/// <summary>How one part sounds: General MIDI program, velocity range, mixer volume, pan and sends.</summary>
public sealed record PartVoice(
    int Program,
    int VelocityLow,
    int VelocityHigh,
    int Volume = 100,
    int Pan = 64,
    int ReverbSend = 40,
    int ChorusSend = 0);

/// <summary>The lead line; the composer's melody is moved by whole octaves into [LowestPitch, HighestPitch].</summary>
public sealed record MelodyPart(PartVoice Voice, int LowestPitch = 60, int HighestPitch = 84, int Layer = 1);

/// <summary>The main chord part, voice-led inside [LowestPitch, HighestPitch].</summary>
public sealed record HarmonyPart(PartVoice Voice, HarmonyStyle Style, int LowestPitch = 52, int HighestPitch = 74, int Layer = 1);

/// <summary>The bass line (Bass stem); its notes stay within MIDI 28–55.</summary>
public sealed record BassPart(PartVoice Voice, BassStyle Style, int Layer = 2);

/// <summary>An additional layer (counter-line, doubling, pad, arpeggio or pitched percussion), usually on intensity 3.</summary>
public sealed record ExtraPart(string Name, PartVoice Voice, ExtraStyle Style, int Layer = 3, int LowestPitch = 60, int HighestPitch = 84);

/// <summary>
/// One drum-kit note's pattern over a bar on the sixteenth grid: 'X' accent, 'x' normal, 'o' ghost, '.' rest.
/// A pattern shorter than the bar repeats. Layer 2 lines form the light groove, layer 3 lines fill it out.
/// </summary>
public sealed record DrumLine(int Note, string Pattern, int Layer = 2);

/// <summary>A groove written for one metre.</summary>
public sealed record DrumGroove(TimeSignature Meter, IReadOnlyList<DrumLine> Lines);

/// <summary>The drum part: a GM drum kit, grooves per metre and what marks section changes.</summary>
public sealed record DrumPart
{
    /// <summary>GM drum-kit program: 0 standard, 8 room, 16 power, 24 electronic, 25 TR-808, 40 brush, 48 orchestra.</summary>
    public int Kit { get; init; }

    /// <summary>Grooves for the metres this genre specialises; others use a generic groove built from the fallback notes.</summary>
    public IReadOnlyList<DrumGroove> Grooves { get; init; } = [];

    public int VelocityLow { get; init; } = 60;

    public int VelocityHigh { get; init; } = 110;

    public int Volume { get; init; } = 100;

    public int ReverbSend { get; init; } = 30;

    /// <summary>Notes struck together on the downbeat of each new section (crash, kick, big hits).</summary>
    public IReadOnlyList<int> SectionHits { get; init; } = [49, 36];

    /// <summary>Notes cycled through in sixteenths over the last beat before a new section (intensity 3); empty for no fills.</summary>
    public IReadOnlyList<int> FillNotes { get; init; } = [38, 38, 45, 43];

    public int FallbackKick { get; init; } = 36;

    public int FallbackSnare { get; init; } = 38;

    public int FallbackHat { get; init; } = 42;

    /// <summary>Layer of the generic groove's backbeat line (kick and hats are layer 2).</summary>
    public int FallbackSnareLayer { get; init; } = 2;
}

/// <summary>
/// Swing: sixteenth positions that are the second of each pair of <see cref="Unit16"/>-long steps are
/// delayed by <see cref="Amount"/> of a step (1/3 ≈ triplet feel). Compound metres (6/8) are never swung.
/// </summary>
public readonly record struct SwingFeel(int Unit16, double Amount)
{
    public static SwingFeel None => new(2, 0);

    /// <summary>Ticks a note at this sixteenth position of the bar is delayed by.</summary>
    public int OffsetTicks(int position16, int ticksPerSixteenth, TimeSignature meter)
    {
        if (Amount <= 0 || Unit16 <= 0 || meter.Denominator == 8 || position16 % Unit16 != 0 || (position16 / Unit16) % 2 == 0)
        {
            return 0;
        }

        return (int)Math.Round(Amount * Unit16 * ticksPerSixteenth);
    }
}

namespace Mureka.Engine.Arrangement;

/// <summary>How a chord part turns chord symbols into notes.</summary>
public enum HarmonyStyle
{
    /// <summary>Each chord held for its whole span, tied across bars while it lasts.</summary>
    SustainedPad,

    /// <summary>Block chords struck on every beat.</summary>
    BlockBeats,

    /// <summary>Block chords pulsing in eighths, accented on the beats.</summary>
    EighthPulse,

    /// <summary>Chord tones up and down in eighths.</summary>
    Arpeggio,

    /// <summary>Chord tones up and down in sixteenths (chiptune, trance).</summary>
    FastArpeggio,

    /// <summary>Alberti-style low–high–middle–high figure in eighths.</summary>
    BrokenChord,

    /// <summary>Short chords on the off-beat eighths (house, ska).</summary>
    OffbeatStabs,

    /// <summary>The "pah-pah" of oom-pah-pah: chords on the weak beats, the bass takes the "oom".</summary>
    Waltz,

    /// <summary>Rootless 3rd–5th–7th voicings in a Charleston comping rhythm; triads gain their 7th.</summary>
    JazzShell,

    /// <summary>Root–fifth–octave chugging in eighths.</summary>
    PowerChords,

    /// <summary>Guitar strumming pattern with down and up strokes.</summary>
    Strum,
}

/// <summary>How the bass part outlines the chords.</summary>
public enum BassStyle
{
    RootWhole,
    RootFifth,
    Walking,
    OctavePump,

    /// <summary>Root on every off-beat eighth, between the kicks (house "pumping").</summary>
    OffbeatPump,
    RootEighths,
    Arpeggiated,

    /// <summary>The "oom" of oom-pah-pah: root, then fifth on alternate bars, on the downbeat.</summary>
    Waltz,

    /// <summary>Piano left hand: root–fifth–octave broken figure in eighths.</summary>
    LeftHand,

    /// <summary>Laid-back root with anticipations (lo-fi, soul).</summary>
    Syncopated,
}

/// <summary>What an extra layer plays.</summary>
public enum ExtraStyle
{
    /// <summary>Sustained chords (Harmony stem).</summary>
    Pad,

    /// <summary>Chord arpeggio in sixteenths (Harmony stem).</summary>
    Arpeggio,

    /// <summary>A slow counter-line on the chords' 3rds and 7ths, voice-led (Harmony stem).</summary>
    GuideTones,

    /// <summary>The melody an octave higher (Melody stem, "b" sections only).</summary>
    MelodyOctaveUp,

    /// <summary>The melody an octave lower (Melody stem, "b" sections only).</summary>
    MelodyOctaveDown,

    /// <summary>The melody a diatonic third lower (Melody stem, "b" sections only).</summary>
    MelodyThirdBelow,

    /// <summary>Low chord roots on the beats with a pickup, for pitched drums such as taiko (Drums stem).</summary>
    RootPulse,
}

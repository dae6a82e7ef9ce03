namespace Mureka.Engine.Mixing;

/// <summary>How one role is treated in a genre's mix.</summary>
/// <param name="LevelLu">Loudness target relative to the genre's reference: 0 is as loud as the lead is meant to be.</param>
/// <param name="HighPassHz">Cut below this so only the bass and kick own the low end (12 dB/octave; 0 turns it off).</param>
/// <param name="LowShelfDb">Shelf at 250 Hz: negative clears low-mid mud.</param>
/// <param name="PresenceDb">Broad peak at 3 kHz: brings a part forward without raising it.</param>
/// <param name="AirDb">Shelf at 9 kHz: the "air" the old General MIDI samples lacked.</param>
/// <param name="Width">Side (L−R) gain before the mono-safety limit: 0 mono, 1 as rendered.</param>
/// <param name="PanScale">How much of the template's pan is applied (0 keeps the part centred).</param>
/// <param name="DuckDepth">Sidechain depth on each kick (0..1 of the level), for genres that pump.</param>
public sealed record RoleSettings(
    double LevelLu,
    double HighPassHz,
    double LowShelfDb = 0,
    double PresenceDb = 0,
    double AirDb = 0,
    double Width = 0.8,
    double PanScale = 1.0,
    double DuckDepth = 0);

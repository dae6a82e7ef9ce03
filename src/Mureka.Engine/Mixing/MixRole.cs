namespace Mureka.Engine.Mixing;

/// <summary>What a track does in the arrangement; the mix treats parts by role, not by instrument.</summary>
public enum MixRole
{
    /// <summary>The tune ("melody").</summary>
    Lead,

    /// <summary>The bass line.</summary>
    Bass,

    /// <summary>The drum kit.</summary>
    Drums,

    /// <summary>The main chord part ("harmony").</summary>
    Harmony,

    /// <summary>Sustained beds: pads, strings, organ, choir.</summary>
    Pad,

    /// <summary>Broken chords and ostinatos: arps, harp, banjo, shimmer.</summary>
    Arpeggio,

    /// <summary>Counter-lines and guide tones: horns, vibraphone.</summary>
    Counter,

    /// <summary>Octave or third doublings of the tune: glockenspiel, flute, pulse harmony.</summary>
    Doubling,

    /// <summary>Pitched percussion on the drum stem: timpani, taiko.</summary>
    Percussion,

    /// <summary>Hats, shakers and the kit's fuller lines, kept under the kick and backbeat.</summary>
    KitDetail,
}

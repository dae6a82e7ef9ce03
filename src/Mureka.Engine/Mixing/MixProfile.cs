namespace Mureka.Engine.Mixing;

/// <summary>Everything the mix stage does for one genre: role treatments, reverb, bus compression and colour.</summary>
public sealed record MixProfile
{
    public required string GenreId { get; init; }

    public required IReadOnlyDictionary<MixRole, RoleSettings> Roles { get; init; }

    public required ReverbSettings Reverb { get; init; }

    public required BusCompression Compression { get; init; }

    /// <summary>Scales the template's per-part reverb send (0..127) into the send bus.</summary>
    public double SendScale { get; init; } = 1.0;

    /// <summary>Tilt added to every role's air shelf: positive for bright genres, negative for dark ones.</summary>
    public double BrightnessDb { get; init; }

    /// <summary>Lo-fi colour on every stem, or null.</summary>
    public LofiColour? Lofi { get; init; }

    /// <summary>Sub-boom impacts on the drum stem at the start and at every section change (trailer hits).</summary>
    public bool SectionImpacts { get; init; }

    public RoleSettings For(MixRole role) => Roles[role];

    /// <summary>True when any role ducks under the kick.</summary>
    public bool Pumps => Roles.Values.Any(r => r.DuckDepth > 0);
}

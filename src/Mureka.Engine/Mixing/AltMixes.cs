using Mureka.Engine.Music;
using Mureka.Spec;

namespace Mureka.Engine.Mixing;

/// <summary>
/// The parts each <see cref="MixVersion"/> keeps. An alt mix is a subset of the full mix's stems, never a mix of
/// its own: taken from the full mix and mastered with the full master's gain curve, every kept part sits at exactly
/// its full-mix level, so an editor can cut between the versions mid-cue without a jump.
/// </summary>
public static class AltMixes
{
    private static readonly StemKind[] Underscore = [StemKind.Drums, StemKind.Bass, StemKind.Harmony];
    private static readonly StemKind[] DrumsAndBass = [StemKind.Drums, StemKind.Bass];

    public static IReadOnlyList<StemKind> StemsOf(MixVersion mix) => mix switch
    {
        MixVersion.Full => Enum.GetValues<StemKind>(),
        MixVersion.Underscore => Underscore,
        MixVersion.DrumsAndBass => DrumsAndBass,
        _ => throw new ArgumentOutOfRangeException(nameof(mix), mix, "not a mix version"),
    };

    /// <summary>The full mix's stems that <paramref name="mix"/> keeps (the same buffers, not copies).</summary>
    public static IReadOnlyDictionary<StemKind, AudioBuffer> Keep(IReadOnlyDictionary<StemKind, AudioBuffer> fullStems, MixVersion mix)
    {
        ArgumentNullException.ThrowIfNull(fullStems);
        return StemsOf(mix).ToDictionary(kind => kind, kind => fullStems[kind]);
    }
}

namespace Mureka.Spec;

public static class MixVersionExtensions
{
    /// <summary>Every mix, in the order error messages and documentation list them.</summary>
    public static IReadOnlyList<MixVersion> All { get; } = Enum.GetValues<MixVersion>();

    /// <summary>The spelling requests, responses and stored specs use.</summary>
    public static string Name(this MixVersion mix) => mix switch
    {
        MixVersion.Full => "full",
        MixVersion.Underscore => "underscore",
        MixVersion.DrumsAndBass => "drums_and_bass",
        _ => throw new ArgumentOutOfRangeException(nameof(mix)),
    };

    /// <summary>Reads a wire name, ignoring case and surrounding space like the other named fields.</summary>
    public static bool TryParse(string text, out MixVersion mix)
    {
        ArgumentNullException.ThrowIfNull(text);
        var name = text.Trim().ToLowerInvariant();
        foreach (var candidate in All)
        {
            if (candidate.Name() == name)
            {
                mix = candidate;
                return true;
            }
        }

        mix = MixVersion.Full;
        return false;
    }
}

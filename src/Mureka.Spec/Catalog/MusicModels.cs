namespace Mureka.Spec.Catalog;

/// <summary>The models a spec may name. The gateway lists these when no host has reported its own.</summary>
public static class MusicModels
{
    /// <summary>The built-in composer; also the name of its model pack folder.</summary>
    public const string Default = "mureka-compose-1";

    public static IReadOnlyList<string> All { get; } = [Default];
}

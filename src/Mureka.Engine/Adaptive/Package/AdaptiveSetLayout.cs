namespace Mureka.Engine.Adaptive.Package;

/// <summary>Where each file of a set lives inside its archive; the sidecar names files by these paths.</summary>
public static class AdaptiveSetLayout
{
    public const string Sidecar = "set.json";

    public const string Readme = "README.md";

    public const string FmodScript = "fmod/mureka_adaptive_set.js";

    public const string WaapiPayload = "wwise/waapi_object_set.json";

    public static string StateFull(string state) => $"states/{state}/{state}_full.wav";

    public static string StateLayer(string state, int index) => $"states/{state}/{state}_layer{index}.wav";

    public static string Transition(string from, string to) => $"transitions/{from}_to_{to}.wav";

    public static string Stinger(string name) => $"stingers/{name}.wav";
}

namespace Mureka.Engine.Rendering.Internal;

/// <summary>FluidSynth prints warnings to stderr by default; the engine reports its own errors instead.</summary>
internal static class LogSilencer
{
    private static int silenced;

    public static void Silence()
    {
        if (Interlocked.Exchange(ref silenced, 1) != 0)
        {
            return;
        }

        for (var level = 0; level < FluidSynthNative.LogLevelCount; level++)
        {
            FluidSynthNative.SetLogFunction(level, IntPtr.Zero, IntPtr.Zero);
        }
    }
}

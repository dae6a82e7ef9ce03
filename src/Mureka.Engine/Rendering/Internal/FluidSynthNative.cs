using System.Reflection;
using System.Runtime.InteropServices;

namespace Mureka.Engine.Rendering.Internal;

/// <summary>The slice of the FluidSynth 2.x C API the renderer needs.</summary>
internal static partial class FluidSynthNative
{
    private const string LibraryName = "fluidsynth";

    // Debian ships only the versioned soname (no -dev symlink at runtime), so probe the names in order.
    private static readonly string[] CandidateLibraryNames =
    [
        "libfluidsynth.so.3",
        "libfluidsynth.so",
        "libfluidsynth.3.dylib",
        "libfluidsynth.dylib",
        "libfluidsynth-3.dll",
        "fluidsynth",
    ];

    public const int Ok = 0;
    public const int Failed = -1;
    public const int DrumBank = 128;
    public const int ChannelTypeDrum = 1;
    public const int LogLevelCount = 5;

    public const int ControllerVolume = 7;
    public const int ControllerPan = 10;
    public const int ControllerExpression = 11;
    public const int ControllerReverbSend = 91;
    public const int ControllerChorusSend = 93;

    private static int resolverInstalled;

    /// <summary>Installs the library-name resolver once per process; safe to call from any thread.</summary>
    public static void EnsureResolver()
    {
        if (Interlocked.Exchange(ref resolverInstalled, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(FluidSynthNative).Assembly, Resolve);
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName)
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in CandidateLibraryNames)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        throw new DllNotFoundException(
            "FluidSynth is not installed: libfluidsynth.so.3 was not found. Install it with 'apt-get install libfluidsynth3'.");
    }

    [LibraryImport(LibraryName, EntryPoint = "new_fluid_settings")]
    public static partial IntPtr NewSettings();

    [LibraryImport(LibraryName, EntryPoint = "delete_fluid_settings")]
    public static partial void DeleteSettings(IntPtr settings);

    [LibraryImport(LibraryName, EntryPoint = "fluid_settings_setnum", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SettingsSetNum(IntPtr settings, string name, double value);

    [LibraryImport(LibraryName, EntryPoint = "fluid_settings_setint", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SettingsSetInt(IntPtr settings, string name, int value);

    [LibraryImport(LibraryName, EntryPoint = "fluid_settings_setstr", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SettingsSetStr(IntPtr settings, string name, string value);

    [LibraryImport(LibraryName, EntryPoint = "new_fluid_synth")]
    public static partial IntPtr NewSynth(IntPtr settings);

    [LibraryImport(LibraryName, EntryPoint = "delete_fluid_synth")]
    public static partial void DeleteSynth(IntPtr synth);

    [LibraryImport(LibraryName, EntryPoint = "fluid_synth_sfload", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SoundFontLoad(IntPtr synth, string fileName, int resetPresets);

    [LibraryImport(LibraryName, EntryPoint = "fluid_synth_program_select")]
    public static partial int ProgramSelect(IntPtr synth, int channel, int soundFontId, int bank, int preset);

    [LibraryImport(LibraryName, EntryPoint = "fluid_synth_set_channel_type")]
    public static partial int SetChannelType(IntPtr synth, int channel, int type);

    [LibraryImport(LibraryName, EntryPoint = "fluid_synth_cc")]
    public static partial int ControlChange(IntPtr synth, int channel, int controller, int value);

    [LibraryImport(LibraryName, EntryPoint = "fluid_synth_noteon")]
    public static partial int NoteOn(IntPtr synth, int channel, int key, int velocity);

    [LibraryImport(LibraryName, EntryPoint = "fluid_synth_noteoff")]
    public static partial int NoteOff(IntPtr synth, int channel, int key);

    [LibraryImport(LibraryName, EntryPoint = "fluid_synth_all_notes_off")]
    public static partial int AllNotesOff(IntPtr synth, int channel);

    [LibraryImport(LibraryName, EntryPoint = "fluid_synth_write_float")]
    public static unsafe partial int WriteFloat(
        IntPtr synth, int length, float* left, int leftOffset, int leftIncrement, float* right, int rightOffset, int rightIncrement);

    /// <summary>Renders dry audio per audio group (MIDI channel k → out[2k], out[2k + 1]), adding to the buffers.</summary>
    [LibraryImport(LibraryName, EntryPoint = "fluid_synth_process")]
    public static unsafe partial int Process(IntPtr synth, int length, int fxCount, float** fx, int outCount, float** outputs);

    /// <summary>A null callback turns a level off entirely (FluidSynth 2.x).</summary>
    [LibraryImport(LibraryName, EntryPoint = "fluid_set_log_function")]
    public static partial IntPtr SetLogFunction(int level, IntPtr function, IntPtr data);
}

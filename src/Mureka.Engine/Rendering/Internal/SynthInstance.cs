namespace Mureka.Engine.Rendering.Internal;

/// <summary>One FluidSynth synth with its settings and a loaded soundfont; owned by a single thread.</summary>
internal sealed class SynthInstance : IDisposable
{
    // Moderate headroom: the mixer sets every track's level from its measured loudness afterwards anyway.
    private const double Gain = 0.5;
    private const int Polyphony = 256;

    /// <summary>Stereo outputs of a synth: one per MIDI channel.</summary>
    public const int AudioGroups = 16;

    private IntPtr settings;
    private IntPtr synth;

    private SynthInstance(IntPtr settings, IntPtr synth, int soundFontId)
    {
        this.settings = settings;
        this.synth = synth;
        SoundFontId = soundFontId;
    }

    public int SoundFontId { get; }

    public IntPtr Handle => synth != IntPtr.Zero ? synth : throw new ObjectDisposedException(nameof(SynthInstance));

    public static SynthInstance Create(string soundFontPath, int sampleRate, bool reverb, bool chorus)
    {
        FluidSynthNative.EnsureResolver();
        LogSilencer.Silence();

        var settings = FluidSynthNative.NewSettings();
        if (settings == IntPtr.Zero)
        {
            throw new InvalidOperationException("FluidSynth could not allocate its settings.");
        }

        var synth = IntPtr.Zero;
        try
        {
            FluidSynthNative.SettingsSetNum(settings, "synth.sample-rate", sampleRate);
            FluidSynthNative.SettingsSetNum(settings, "synth.gain", Gain);
            FluidSynthNative.SettingsSetInt(settings, "synth.polyphony", Polyphony);
            // One synth is only ever touched by one thread, and extra FluidSynth threads would fight the parallel stems for cores.
            FluidSynthNative.SettingsSetInt(settings, "synth.threadsafe-api", 0);
            FluidSynthNative.SettingsSetInt(settings, "synth.cpu-cores", 1);
            FluidSynthNative.SettingsSetInt(settings, "synth.lock-memory", 0);
            // Samples load when a preset is selected: a fresh synth then costs ~0.04 s instead of ~0.12 s with a large sf3.
            FluidSynthNative.SettingsSetInt(settings, "synth.dynamic-sample-loading", 1);
            FluidSynthNative.SettingsSetInt(settings, "synth.reverb.active", reverb ? 1 : 0);
            FluidSynthNative.SettingsSetInt(settings, "synth.chorus.active", chorus ? 1 : 0);
            FluidSynthNative.SettingsSetInt(settings, "synth.midi-channels", 16);
            // One stereo output per MIDI channel, so each track of a render job comes out dry and on its own for the mixer.
            FluidSynthNative.SettingsSetInt(settings, "synth.audio-channels", AudioGroups);
            FluidSynthNative.SettingsSetInt(settings, "synth.audio-groups", AudioGroups);

            synth = FluidSynthNative.NewSynth(settings);
            if (synth == IntPtr.Zero)
            {
                throw new InvalidOperationException("FluidSynth could not create a synthesizer.");
            }

            var soundFontId = FluidSynthNative.SoundFontLoad(synth, soundFontPath, 1);
            if (soundFontId == FluidSynthNative.Failed)
            {
                throw new InvalidOperationException($"FluidSynth could not load the soundfont '{soundFontPath}'; is it a valid .sf2 file?");
            }

            return new SynthInstance(settings, synth, soundFontId);
        }
        catch
        {
            if (synth != IntPtr.Zero)
            {
                FluidSynthNative.DeleteSynth(synth);
            }

            FluidSynthNative.DeleteSettings(settings);
            throw;
        }
    }

    public void Dispose()
    {
        if (synth != IntPtr.Zero)
        {
            FluidSynthNative.DeleteSynth(synth);
            synth = IntPtr.Zero;
        }

        if (settings != IntPtr.Zero)
        {
            FluidSynthNative.DeleteSettings(settings);
            settings = IntPtr.Zero;
        }
    }
}

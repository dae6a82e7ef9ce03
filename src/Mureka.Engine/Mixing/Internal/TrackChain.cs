using Mureka.Engine.Mastering.Internal;
using Mureka.Engine.Music;

namespace Mureka.Engine.Mixing.Internal;

/// <summary>
/// One track's channel strip, in the order a mix engineer patches it: DC block and high-pass, EQ, width and pan,
/// fader (from measured loudness), then the sidechain duck. Works in place on the dry render.
/// </summary>
internal static class TrackChain
{
    /// <summary>Every chain starts with at least this high-pass: it is the DC blocker for parts that keep their lows.</summary>
    public const double DcBlockHz = 15;

    public const double LowShelfHz = 250;
    public const double PresenceHz = 3000;
    public const double PresenceQ = 0.8;
    public const double AirHz = 9000;

    /// <summary>Loudness the lead is set to before mastering; the other roles are offsets from it.</summary>
    public const double ReferenceLufs = -20;

    private const double FilterWarmUpSeconds = 0.5;

    /// <param name="measureFrames">The frames, from the start, the track's level is measured over.</param>
    /// <returns>The placement and fader gain measured on this track, for <see cref="TrackStrip"/>.</returns>
    public static StripLevel Process(AudioBuffer audio, ScoreTrack track, MixRole kind, RoleSettings role, MixProfile profile, float[]? duckShape, bool loop, int measureFrames)
    {
        var equaliser = Equaliser(role, kind, profile, audio.SampleRate);
        var warm = (int)(FilterWarmUpSeconds * audio.SampleRate);
        equaliser.ProcessStereo(audio.Left, audio.Right, loop, warm);

        var placement = StereoPlacer.Measure(audio.Left, audio.Right, role.Width);
        StereoPlacer.Apply(audio.Left, audio.Right, placement, PanOf(track, role));

        var gain = TrackLeveler.GainFor(audio.Head(measureFrames), ReferenceLufs + role.LevelLu);
        Scale(audio, gain);

        if (duckShape is not null && role.DuckDepth > 0)
        {
            SidechainEnvelope.Apply(audio, duckShape, role.DuckDepth);
        }

        return new StripLevel(placement, gain);
    }

    /// <summary>The bass keeps its own top: brightening it only adds string and fret noise.</summary>
    public static FilterCascade Equaliser(RoleSettings role, MixRole kind, MixProfile profile, int sampleRate) =>
        Equaliser(role, kind == MixRole.Bass ? 0 : profile.BrightnessDb, sampleRate);

    /// <summary>How much of the track goes to its stem's reverb send, post-fader.</summary>
    public static float SendGain(ScoreTrack track, MixProfile profile) => (float)(Math.Clamp(track.ReverbSend, 0, 127) / 127.0 * profile.SendScale);

    public static double PanOf(ScoreTrack track, RoleSettings role) => (track.Pan - 64) / 64.0 * role.PanScale;

    public static FilterCascade Equaliser(RoleSettings role, double brightnessDb, int sampleRate)
    {
        var sections = new List<Biquad>
        {
            FilterDesign.HighPass(Math.Max(DcBlockHz, role.HighPassHz), sampleRate),
        };
        if (role.LowShelfDb != 0)
        {
            sections.Add(FilterDesign.LowShelf(LowShelfHz, sampleRate, role.LowShelfDb));
        }

        if (role.PresenceDb != 0)
        {
            sections.Add(FilterDesign.Peak(PresenceHz, sampleRate, PresenceQ, role.PresenceDb));
        }

        var air = role.AirDb + brightnessDb;
        if (air != 0)
        {
            sections.Add(FilterDesign.HighShelf(AirHz, sampleRate, air));
        }

        return new FilterCascade(sections);
    }

    public static void Scale(AudioBuffer audio, float gain) => Scale(audio.Left, audio.Right, gain);

    public static void Scale(Span<float> left, Span<float> right, float gain)
    {
        for (var i = 0; i < left.Length; i++)
        {
            left[i] *= gain;
            right[i] *= gain;
        }
    }
}

/// <summary>What a channel strip measured on its whole track: the stereo placement and the fader gain.</summary>
internal readonly record struct StripLevel(Placement Placement, float Gain);

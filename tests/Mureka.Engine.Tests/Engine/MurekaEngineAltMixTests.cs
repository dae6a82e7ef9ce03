using Mureka.Engine.Mastering;
using Mureka.Engine.Music;
using Mureka.Engine.Tests.TestSupport;
using Mureka.Spec;

namespace Mureka.Engine.Tests.Engine;

/// <summary>
/// Alt mixes a library editor cuts between mid-cue: the underscore and the drums-and-bass version are the full mix with
/// parts left out, every kept part at exactly its full-mix level.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class MurekaEngineAltMixTests(SharedEngine shared)
{
    // Float rounding of one extra addition before the gain curve; a level change of 0.01 dB would be ~1e-3 on a loud sample.
    private const float Tolerance = 1e-5f;

    [Fact]
    public async Task Render_Underscore_IsTheFullMixMinusItsMelody()
    {
        // Arrange
        var full = SpecResolver.Resolve(new MusicSpec { Genre = "corporate-pop", DurationMs = 5_000, Seed = 31, Stems = true });

        // Act
        var fullResult = await shared.Engine.RenderAsync(full);
        var underscore = await shared.Engine.RenderAsync(full with { Mix = MixVersion.Underscore });

        // Assert: underscore + the full render's melody stem = the full mix, sample by sample.
        var melody = fullResult.Audio.Stems[StemKind.Melody];
        Assert.True(AudioFiles.Rms(melody.Left) > 1e-3, "the melody stem is silent; the comparison would prove nothing");
        Assert.Equal(fullResult.Audio.Mix.Frames, underscore.Audio.Mix.Frames);
        Assert.True(MaxDifference(underscore.Audio.Mix.Left, melody.Left, fullResult.Audio.Mix.Left) <= Tolerance);
        Assert.True(MaxDifference(underscore.Audio.Mix.Right, melody.Right, fullResult.Audio.Mix.Right) <= Tolerance);
        foreach (var kept in new[] { StemKind.Drums, StemKind.Bass, StemKind.Harmony })
        {
            Assert.Equal(fullResult.Audio.Stems[kept].Left, underscore.Audio.Stems[kept].Left);
            Assert.Equal(fullResult.Audio.Stems[kept].Right, underscore.Audio.Stems[kept].Right);
        }
    }

    [Fact]
    public async Task Render_AltMixes_DeliverOnlyTheirStemsAndAreQuieterByWhatTheyLeaveOut()
    {
        // Arrange
        var full = SpecResolver.Resolve(new MusicSpec { Genre = "house", DurationMs = 5_000, Seed = 8, Stems = true });

        // Act
        var fullResult = await shared.Engine.RenderAsync(full);
        var underscore = await shared.Engine.RenderAsync(full with { Mix = MixVersion.Underscore });
        var drumsAndBass = await shared.Engine.RenderAsync(full with { Mix = MixVersion.DrumsAndBass });

        // Assert
        Assert.Equal(["drums", "bass", "harmony", "melody"], fullResult.Metadata.Stems);
        Assert.Equal(["drums", "bass", "harmony"], underscore.Metadata.Stems);
        Assert.Equal(["drums", "bass"], drumsAndBass.Metadata.Stems);
        Assert.Equal([StemKind.Drums, StemKind.Bass, StemKind.Harmony], underscore.Audio.Stems.Keys.Order());
        Assert.Equal(MixVersion.Underscore, underscore.Metadata.Request.Mix);

        var (fullEnergy, underscoreEnergy, drumsAndBassEnergy) = (Energy(fullResult.Audio.Mix), Energy(underscore.Audio.Mix), Energy(drumsAndBass.Audio.Mix));
        Assert.True(drumsAndBassEnergy < underscoreEnergy && underscoreEnergy < fullEnergy, $"energy: drums_and_bass {drumsAndBassEnergy}, underscore {underscoreEnergy}, full {fullEnergy}");
        Assert.True(underscore.Metadata.IntegratedLufs < fullResult.Metadata.IntegratedLufs);
        Assert.True(drumsAndBass.Metadata.TruePeakDbtp <= -1.0, $"true peak {drumsAndBass.Metadata.TruePeakDbtp}");
        Assert.True(underscore.Metadata.TruePeakDbtp <= -1.0, $"true peak {underscore.Metadata.TruePeakDbtp}");
    }

    [Fact]
    public async Task Render_AltMixUncoveringPeaksTheFullLimiterHeld_UnderTheCeiling_EverywhereElseAtFullMixLevel()
    {
        // Arrange: without its melody and harmony this lo-fi piece's drums and bass peak over -1 dBTP under the full master's curve.
        var full = SpecResolver.Resolve(new MusicSpec { Genre = "lofi-hip-hop", DurationMs = 20_000, Seed = 42, Stems = true });

        // Act
        var fullResult = await shared.Engine.RenderAsync(full);
        var drumsAndBass = await shared.Engine.RenderAsync(full with { Mix = MixVersion.DrumsAndBass });

        // Assert: under the ceiling, and level within 0.3 dB of the full mix's own drums and bass (only the uncovered peaks are held down).
        var drums = fullResult.Audio.Stems[StemKind.Drums].Left;
        var bass = fullResult.Audio.Stems[StemKind.Bass].Left;
        var unheld = drums.Zip(bass, (d, b) => d + b).ToArray();
        var levelDb = 20 * Math.Log10(AudioFiles.Rms(drumsAndBass.Audio.Mix.Left) / AudioFiles.Rms(unheld));
        Assert.True(TruePeakMeter.TruePeakDbtp(new AudioBuffer(drumsAndBass.Audio.Mix.SampleRate, unheld, unheld)) > -1.0, "the case no longer needs holding; the test would prove nothing");
        Assert.True(drumsAndBass.Metadata.TruePeakDbtp <= -1.0, $"true peak {drumsAndBass.Metadata.TruePeakDbtp}");
        Assert.InRange(levelDb, -0.3, 0.0);
    }

    [Fact]
    public async Task Render_AltMixOfALoop_KeepsTheLoopsLength()
    {
        // Arrange
        var loop = SpecResolver.Resolve(new MusicSpec { Genre = "chiptune", DurationMs = 4_000, Seed = 2, Loop = true });

        // Act
        var full = await shared.Engine.RenderAsync(loop);
        var drumsAndBass = await shared.Engine.RenderAsync(loop with { Mix = MixVersion.DrumsAndBass });

        // Assert
        Assert.Equal(full.Metadata.Loop, drumsAndBass.Metadata.Loop);
        Assert.Equal(full.Audio.Mix.Frames, drumsAndBass.Audio.Mix.Frames);
    }

    [Fact]
    public async Task RenderLayers_AltMix_IsRefused()
    {
        // Arrange
        var request = SpecResolver.Resolve(new MusicSpec { DurationMs = 2_000, Seed = 1, Mix = "underscore" });

        // Act + Assert
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => shared.Engine.RenderLayersAsync(request));
        Assert.Contains("underscore", ex.Message, StringComparison.Ordinal);
    }

    private static float MaxDifference(float[] altMix, float[] melody, float[] fullMix)
    {
        var max = 0f;
        for (var i = 0; i < fullMix.Length; i++)
        {
            max = MathF.Max(max, MathF.Abs(altMix[i] + melody[i] - fullMix[i]));
        }

        return max;
    }

    private static double Energy(AudioBuffer audio) =>
        (Math.Pow(AudioFiles.Rms(audio.Left), 2) + Math.Pow(AudioFiles.Rms(audio.Right), 2)) / 2;
}

using Mureka.Engine.Mastering.Internal;
using Mureka.Engine.Mixing;
using Mureka.Engine.Music;
using Mureka.Engine.Rendering;
using Mureka.Engine.Tests.TestSupport;

namespace Mureka.Engine.Tests.Streaming;

/// <summary>The windowed synth, mix and limiter give the same floats as their one-pass versions, whatever the windows.</summary>
public sealed class MixStreamTests(SharedRenderer shared) : IClassFixture<SharedRenderer>
{
    private const int SampleRate = 44_100;

    [Theory]
    [InlineData("house")]
    [InlineData("lofi-hip-hop")]
    [InlineData("epic-trailer")]
    public void Advance_InUnevenWindows_SameFloatsAsOnePassWithTheSameDecisions(string genre)
    {
        var score = TestScores.FivePart(6, bpm: 124) with { Sections = [new("A", 0, 3), new("B", 3, 3)] };
        var frames = TestScores.FramesFor(score, SampleRate);
        var profile = MixProfiles.For(genre);
        var options = new MixOptions(9, Loop: false) { MeasureFrames = frames / 2 };
        var tracks = shared.Renderer.RenderTracks(score, new RenderOptions(SampleRate, frames, Loop: false));
        var (expected, decisions) = ScoreMixer.Decide(score, tracks, profile, options);

        using var streams = shared.Renderer.Stream(score, SampleRate, frames, CancellationToken.None);
        var mixer = new MixStream(score, streams.Tracks, SampleRate, frames, profile, options, decisions);
        foreach (var end in UnevenEnds(frames))
        {
            streams.RenderTo(end, CancellationToken.None);
            Assert.InRange(mixer.Advance(end, CancellationToken.None), Math.Max(0, end - 48), end);
        }

        for (var t = 0; t < score.Tracks.Count; t++)
        {
            Assert.Equal(tracks.Tracks[t].Audio.Left, streams.Tracks[t].Left);
        }

        foreach (var (kind, stem) in expected)
        {
            Assert.Equal(stem.Left, mixer.Stems[kind].Left);
            Assert.Equal(stem.Right, mixer.Stems[kind].Right);
        }

        var sum = GainApplier.Sum(expected.OrderBy(s => s.Key).Select(s => s.Value), SampleRate, frames);
        Assert.Equal(sum.Left, mixer.Mix.Left);
    }

    [Fact]
    public void LimiterStream_InUnevenSteps_SameCurveAsOnePassLimiter()
    {
        var random = new Random(3);
        var envelope = new float[50_000];
        for (var i = 0; i < envelope.Length; i++)
        {
            envelope[i] = (float)(random.NextDouble() * (i % 7_000 < 300 ? 2.0 : 0.5));
        }

        // A gain a float holds exactly: the streaming limiter keeps one per frame.
        var expected = LookAheadLimiter.Compute(envelope, 1.5, 0.8, SampleRate, circular: false);
        var limiter = new LimiterStream(Enumerable.Repeat(1.5f, envelope.Length).ToArray(), 0.8, SampleRate);
        var curve = new float[envelope.Length];
        foreach (var known in UnevenEnds(envelope.Length))
        {
            limiter.Advance(envelope, known, curve);
            Assert.True(limiter.Done <= known);
        }

        Assert.Equal(envelope.Length, limiter.Done);
        Assert.Equal(expected, curve);
    }

    /// <summary>Window ends of every size from a frame to a few seconds, ending on the last frame.</summary>
    private static IEnumerable<int> UnevenEnds(int frames)
    {
        int[] steps = [1, 17, 4_000, 31, 33, 60_000, 100, 20_000];
        var end = 0;
        for (var i = 0; end < frames; i++)
        {
            end = Math.Min(frames, end + steps[i % steps.Length]);
            yield return end;
        }
    }
}

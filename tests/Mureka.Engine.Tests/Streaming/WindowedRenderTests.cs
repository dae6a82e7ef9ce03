using Mureka.Engine.Encoding;
using Mureka.Engine.Streaming;
using Mureka.Engine.Tests.TestSupport;
using Mureka.Spec;

namespace Mureka.Engine.Tests.Streaming;

/// <summary>A batch item with a mix stream: the mix is encoded window by window as it renders, and handed out as it goes.</summary>
[Collection(EngineCollection.Name)]
public sealed class WindowedRenderTests(SharedEngine shared)
{
    private static readonly FileTags Tags = new("gen_stream", "lic_stream", "mureka-compose-1 test");

    public static TheoryData<string> Formats => new(Enum.GetValues<AudioFormat>().Select(f => f.ToString().ToLowerInvariant()));

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task StartBatch_MixStream_StreamedBytesAreTheWholeFileOfTheResult(string format)
    {
        var request = Resolve("corporate-pop", 50_000, 5, format);
        var sink = new RecordingSink();

        var result = await RenderAsync(request, sink);

        Assert.True(result.MixStreamed);
        Assert.True(sink.Writes > 1, "the file came in one piece");
        using var whole = new MemoryStream();
        await result.WriteAsync(whole, Tags);
        Assert.Equal(whole.ToArray(), sink.Bytes());
    }

    [Theory]
    [InlineData("jazz", 49_000)]
    [InlineData("acoustic-folk", 60_500)]
    [InlineData("epic-trailer", 52_000)]
    [InlineData("ambient", 180_001)]
    [InlineData("cinematic-orchestral", 180_001)]
    [InlineData("jazz", 60_001)]
    public async Task StartBatch_MixStream_LoudnessWithinHalfLuOfOnePassMaster(string genre, int durationMs)
    {
        var request = Resolve(genre, durationMs, 3, "wav");
        using var dir = new TempDirectory();
        var sink = new RecordingSink();

        var windowed = await RenderAsync(request, sink);
        var onePass = await shared.Engine.RenderOnePassAsync(request);

        var windowedPath = dir.File("windowed.wav");
        await File.WriteAllBytesAsync(windowedPath, sink.Bytes());
        var onePassPath = dir.File("one-pass.wav");
        await using (var file = File.Create(onePassPath))
        {
            await onePass.WriteAsync(file);
        }

        var (lufs, truePeak) = await Ffmpeg.MeasureLoudnessAsync(windowedPath);
        var (reference, _) = await Ffmpeg.MeasureLoudnessAsync(onePassPath);
        Assert.InRange(lufs, reference - 0.5, reference + 0.5);
        Assert.InRange(lufs, -15.0, -13.0);
        Assert.True(truePeak <= -1.0, $"true peak {truePeak} dBTP");
        Assert.Equal(onePass.Audio.Mix.Frames, windowed.Audio.Mix.Frames);
        Assert.InRange(windowed.Metadata.IntegratedLufs, lufs - 0.2, lufs + 0.2);
    }

    [Fact]
    public async Task StartBatch_MixStream_SameSeedSameBytesAloneAndInAConcurrentBatch()
    {
        var request = Resolve("jazz", 50_000, 11, "flac");
        var alone = new RecordingSink();
        await RenderAsync(request, alone);

        var sinks = Enumerable.Range(0, 3).Select(_ => new RecordingSink()).ToList();
        var others = new[] { Resolve("rock", 50_000, 12, "flac"), request, Resolve("house", 50_000, 13, "mp3") };
        var batch = shared.Engine.StartBatch([.. others.Select((r, i) => new BatchItem(r) { MixStream = new MixStreamTarget(sinks[i], Tags) })]);
        await Task.WhenAll(batch.Items);
        await batch.Completion;

        Assert.Equal(alone.Bytes(), sinks[1].Bytes());
        Assert.NotEqual(sinks[0].Bytes(), sinks[1].Bytes());
    }

    /// <summary>
    /// Streaming is a way of delivering, not a different render: with nobody listening (the CLI, a host that sends
    /// files whole) the same request and seed give the same audio as the stream.
    /// </summary>
    [Fact]
    public async Task RenderAsync_WithoutAStream_SameAudioAsTheStreamedRender()
    {
        var request = Resolve("jazz", 50_000, 11, "wav");
        var streamed = await RenderAsync(request, new RecordingSink());

        var plain = await shared.Engine.RenderAsync(request);

        Assert.False(plain.MixStreamed);
        Assert.True(streamed.MixStreamed);
        Assert.Equal(streamed.PcmSha256(), plain.PcmSha256());
    }

    [Fact]
    public async Task StartBatch_CancelAfterFirstWindow_StopsWithinOneWindow()
    {
        var request = Resolve("jazz", 60_000, 4, "wav");
        using var cancel = new CancellationTokenSource();
        var writesAtCancel = 0;
        var sink = new RecordingSink(count =>
        {
            // The header, then the first window's samples: cancel as the first audio leaves.
            if (count == 2)
            {
                writesAtCancel = count;
                cancel.Cancel();
            }
        });

        var batch = shared.Engine.StartBatch([new BatchItem(request, CancellationToken: cancel.Token) { MixStream = new MixStreamTarget(sink, Tags) }]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.Items[0]);
        await batch.Completion;
        Assert.Equal(2, writesAtCancel);
        Assert.InRange(sink.Writes, 2, 3);
    }

    [Fact]
    public async Task StartBatch_MixStream_FirstAudioLeavesBeforeHalfTheRender()
    {
        var request = Resolve("jazz", 60_000, 6, "wav");
        var progress = new List<RenderProgress>();
        var progressAtFirstAudio = (RenderProgress?)null;
        var sink = new RecordingSink(count =>
        {
            if (count == 2)
            {
                lock (progress)
                {
                    progressAtFirstAudio = progress[^1];
                }
            }
        });
        var reporter = new InlineReporter(p =>
        {
            lock (progress)
            {
                progress.Add(p);
            }
        });

        var batch = shared.Engine.StartBatch([new BatchItem(request, reporter) { MixStream = new MixStreamTarget(sink, Tags) }]);
        await batch.Items[0];
        await batch.Completion;

        // The render stage runs from 0.3 to 1: the first window's audio leaves before it is half done.
        Assert.NotNull(progressAtFirstAudio);
        Assert.True(progressAtFirstAudio.Value.Fraction < 0.65, $"first audio at {progressAtFirstAudio}");
        Assert.Contains(progress, p => p.Stage == RenderStage.Rendering && p.Fraction > 0.9);
        Assert.True(sink.Writes > 4, $"{sink.Writes} pieces");
    }

    /// <summary>A piece up to 48 s renders in one pass: the one-pass master, handed out whole once it is encoded.</summary>
    [Fact]
    public async Task StartBatch_PieceUpTo48Seconds_RendersInOnePassAndLeavesTheEncodingToTheCaller()
    {
        var request = Resolve("solo-piano", 48_000, 7, "wav");
        var sink = new RecordingSink();

        var result = await RenderAsync(request, sink);
        var onePass = await shared.Engine.RenderOnePassAsync(request);

        Assert.False(result.MixStreamed);
        Assert.Equal(0, sink.Writes);
        Assert.Equal(onePass.PcmSha256(), result.PcmSha256());
    }

    /// <summary>The path depends on the request alone; an extension takes its first piece's, so its kept part renders as there.</summary>
    [Theory]
    [InlineData(48_000, 0, false)]
    [InlineData(48_001, 0, true)]
    [InlineData(30_000, 150_000, false)]
    [InlineData(60_000, 30_000, true)]
    public void Supports_LongerThan48SecondsOrExtendingSuch(int firstMs, int addedMs, bool windowed)
    {
        var first = Resolve("jazz", firstMs, 1, "wav");
        var request = addedMs == 0 ? first : first with
        {
            DurationMs = firstMs + addedMs,
            Extends = new PieceExtension { DurationsMs = [firstMs], Intensities = [first.Intensity, first.Intensity] },
        };

        Assert.Equal(windowed, WindowedRender.Supports(request));
        Assert.False(WindowedRender.Supports(SpecResolver.Resolve(new MusicSpec { Genre = "jazz", DurationMs = 60_000, Loop = true })));
    }

    [Fact]
    public async Task StartBatch_LoopWithMixStream_RendersInOnePassAndLeavesTheEncodingToTheCaller()
    {
        var request = SpecResolver.Resolve(new MusicSpec { Genre = "chiptune", DurationMs = 4_000, Seed = 2, Loop = true });
        var sink = new RecordingSink();

        var result = await RenderAsync(request, sink);

        Assert.False(result.MixStreamed);
        Assert.Equal(0, sink.Writes);
    }

    private async Task<RenderResult> RenderAsync(ResolvedMusicSpec request, RecordingSink sink)
    {
        var batch = shared.Engine.StartBatch([new BatchItem(request) { MixStream = new MixStreamTarget(sink, Tags) }]);
        var result = await batch.Items[0];
        await batch.Completion;
        return result;
    }

    private static ResolvedMusicSpec Resolve(string genre, int durationMs, long seed, string format) =>
        SpecResolver.Resolve(new MusicSpec { Genre = genre, DurationMs = durationMs, Seed = seed, Format = format });

    private sealed class InlineReporter(Action<RenderProgress> report) : IProgress<RenderProgress>
    {
        public void Report(RenderProgress value) => report(value);
    }
}

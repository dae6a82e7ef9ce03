using System.Diagnostics;
using System.Globalization;
using Mureka.Engine.Composer;
using Mureka.Engine.Encoding;
using Mureka.Spec;

namespace Mureka.Engine.Benchmarks;

/// <summary>
/// Time to the first encoded bytes and to the finished item for one track at a time, rendered window by window (the
/// mix handed out as it renders) and in one pass (encoded after the render), through <see cref="MurekaEngine.StartBatch"/>
/// as a host runs it. The two take turns run by run; medians of the runs are shown, with the loudness and true peak
/// each way gives.
/// </summary>
internal static class StreamReport
{
    private const int Runs = 5;
    private static readonly int[] Lengths = [15, 30, 60, 180];

    /// <param name="saveTo">A folder to write each length's windowed and one-pass files into (for an outside meter), or null.</param>
    public static async Task<int> RunAsync(TextWriter output, string genre, string format, string? saveTo, CancellationToken cancellationToken)
    {
        var threads = Math.Min(2, Environment.ProcessorCount);
        if (saveTo is not null)
        {
            Directory.CreateDirectory(saveTo);
        }

        using var engine = MurekaEngine.Create(new EngineOptions { Composer = new ComposerRuntimeOptions { IntraOpThreads = threads } });
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores; one {genre} {format} track at a time, median of {Runs} (seconds from start)"));
        output.WriteLine("  length   windowed: first   done   LUFS    dBTP  |  one pass: first   done   LUFS    dBTP");
        await TimeAsync(engine, Track(genre, format, 15), windowed: true, cancellationToken);
        foreach (var seconds in Lengths)
        {
            var request = Track(genre, format, seconds);
            var windowed = new List<Timing>();
            var whole = new List<Timing>();
            for (var r = 0; r < Runs; r++)
            {
                windowed.Add(await TimeAsync(engine, request, windowed: true, cancellationToken));
                whole.Add(await TimeAsync(engine, request, windowed: false, cancellationToken));
            }

            var (w, o) = (Median(windowed), Median(whole));
            if (saveTo is not null)
            {
                await SaveAsync(engine, request, Path.Combine(saveTo, $"{genre}-{seconds}s"), cancellationToken);
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {seconds,4} s   {w.First,15:0.000}  {w.Done,6:0.000}  {w.Lufs,6:0.00}  {w.TruePeak,6:0.00}  |  {o.First,15:0.000}  {o.Done,6:0.000}  {o.Lufs,6:0.00}  {o.TruePeak,6:0.00}"));
        }

        return 0;
    }

    private static async Task SaveAsync(MurekaEngine engine, ResolvedMusicSpec request, string stem, CancellationToken cancellationToken)
    {
        var sink = new FileSink(File.Create($"{stem}-windowed.{request.Format.ToString().ToLowerInvariant()}"));
        using (sink.File)
        {
            var batch = engine.StartBatch([new BatchItem(request) { MixStream = new MixStreamTarget(sink, null) }], cancellationToken);
            await batch.Items[0];
            await batch.Completion;
        }

        var onePass = await engine.RenderOnePassAsync(request, cancellationToken);
        await using var file = File.Create($"{stem}-one-pass.{request.Format.ToString().ToLowerInvariant()}");
        await onePass.WriteAsync(file, cancellationToken);
    }

    private static Timing Median(List<Timing> runs) =>
        new(runs.Select(r => r.First).Order().ElementAt(runs.Count / 2), runs.Select(r => r.Done).Order().ElementAt(runs.Count / 2), runs[0].Lufs, runs[0].TruePeak);

    private static async Task<Timing> TimeAsync(MurekaEngine engine, ResolvedMusicSpec request, bool windowed, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var sink = new FirstBytes(clock);
        var item = new BatchItem(request) { MixStream = windowed ? new MixStreamTarget(sink, null) : null };
        var batch = engine.StartBatch([item], cancellationToken);
        var result = await batch.Items[0];
        if (!result.MixStreamed)
        {
            await result.WriteAsync(new SinkStream(sink), cancellationToken);
        }

        var done = clock.Elapsed.TotalSeconds;
        await batch.Completion;
        return new Timing(sink.First ?? double.NaN, done, result.Audio.IntegratedLufs, result.Audio.TruePeakDbtp);
    }

    private static ResolvedMusicSpec Track(string genre, string format, int seconds) => SpecResolver.Resolve(new MusicSpec
    {
        Genre = genre,
        DurationMs = seconds * 1000,
        Seed = 42,
        Format = format,
    });

    private sealed record Timing(double First, double Done, double Lufs, double TruePeak);

    private sealed class FileSink(FileStream file) : IEncodedSink
    {
        public FileStream File => file;

        public void Write(ReadOnlySpan<byte> bytes) => file.Write(bytes);
    }

    private sealed class FirstBytes(Stopwatch clock) : IEncodedSink
    {
        public double? First { get; private set; }

        public void Write(ReadOnlySpan<byte> bytes) => First ??= clock.Elapsed.TotalSeconds;
    }

    /// <summary>The one-pass encoder writes to a stream: its first write is the first bytes.</summary>
    private sealed class SinkStream(IEncodedSink sink) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => sink.Write(buffer.AsSpan(offset, count));
    }
}

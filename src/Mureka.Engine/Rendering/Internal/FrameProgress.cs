namespace Mureka.Engine.Rendering.Internal;

/// <summary>Thread-safe frame counter shared by the parallel stem renders; reports in coarse steps to keep callbacks cheap.</summary>
internal sealed class FrameProgress
{
    private const int Steps = 100;

    private readonly IProgress<double>? sink;
    private readonly long totalFrames;
    private long renderedFrames;
    private int lastStep = -1;

    public FrameProgress(IProgress<double>? sink, long totalFrames)
    {
        this.sink = sink;
        this.totalFrames = Math.Max(1, totalFrames);
    }

    public void Advance(int frames)
    {
        if (sink is null)
        {
            return;
        }

        var done = Interlocked.Add(ref renderedFrames, frames);
        var step = (int)(Math.Min(done, totalFrames) * Steps / totalFrames);
        var previous = Volatile.Read(ref lastStep);
        if (step > previous && Interlocked.CompareExchange(ref lastStep, step, previous) == previous)
        {
            sink.Report((double)step / Steps);
        }
    }

    public void Complete()
    {
        if (sink is not null && Interlocked.Exchange(ref lastStep, Steps) != Steps)
        {
            sink.Report(1.0);
        }
    }
}

using Mureka.Engine;

namespace Mureka.Cli.Output;

/// <summary>A one-line progress bar on stderr; silent when stderr is not a terminal so logs stay clean.</summary>
public sealed class ProgressDisplay : IProgress<RenderProgress>
{
    private const int Width = 30;
    private readonly TextWriter _writer;
    private readonly bool _enabled;
    private readonly Lock _gate = new();
    private int _lastPercent = -1;
    private RenderStage _lastStage = (RenderStage)(-1);

    public ProgressDisplay(TextWriter writer, bool enabled)
    {
        _writer = writer;
        _enabled = enabled;
    }

    public void Report(RenderProgress value)
    {
        if (!_enabled)
        {
            return;
        }

        var percent = (int)Math.Round(Math.Clamp(value.Fraction, 0, 1) * 100);
        lock (_gate)
        {
            if (percent == _lastPercent && value.Stage == _lastStage)
            {
                return;
            }

            _lastPercent = percent;
            _lastStage = value.Stage;
            var filled = percent * Width / 100;
            _writer.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}% {value.Stage.ToString().ToLowerInvariant(),-10}");
            _writer.Flush();
        }
    }

    public void Finish()
    {
        if (_enabled && _lastPercent >= 0)
        {
            _writer.WriteLine();
        }
    }
}

using Mureka.Engine;

namespace Mureka.Cli.Output;

/// <summary>A one-line progress bar on stderr (local renders and remote generations); silent when stderr is not a terminal so logs stay clean.</summary>
public sealed class ProgressDisplay : IProgress<RenderProgress>
{
    private const int Width = 30;
    private readonly TextWriter _writer;
    private readonly bool _enabled;
    private readonly Lock _gate = new();
    private int _lastPercent = -1;
    private string? _lastLabel;

    public ProgressDisplay(TextWriter writer, bool enabled)
    {
        _writer = writer;
        _enabled = enabled;
    }

    public void Report(RenderProgress value) => Show(value.Fraction, value.Stage.ToString().ToLowerInvariant());

    /// <summary>Draws the bar at <paramref name="fraction"/> (0–1) with a short label; redraws only when either changed.</summary>
    public void Show(double fraction, string label)
    {
        if (!_enabled)
        {
            return;
        }

        var percent = (int)Math.Round(Math.Clamp(fraction, 0, 1) * 100);
        lock (_gate)
        {
            if (percent == _lastPercent && label == _lastLabel)
            {
                return;
            }

            _lastPercent = percent;
            _lastLabel = label;
            var filled = percent * Width / 100;
            _writer.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}% {label,-11}");
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

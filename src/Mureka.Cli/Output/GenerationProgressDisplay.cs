using Mureka.Sdk;

namespace Mureka.Cli.Output;

/// <summary>Shows the SDK's create/wait/download progress on the same bar as local renders.</summary>
public sealed class GenerationProgressDisplay(ProgressDisplay display) : IProgress<GenerationProgress>
{
    public void Report(GenerationProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        display.Show(value.Fraction, value.Stage.ToString().ToLowerInvariant());
    }
}

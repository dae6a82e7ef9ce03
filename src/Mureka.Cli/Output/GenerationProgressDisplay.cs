using Mureka.Sdk;

namespace Mureka.Cli.Output;

/// <summary>Shows the SDK's create/wait/download progress, the host's render progress included, on the same bar as local renders.</summary>
public sealed class GenerationProgressDisplay(ProgressDisplay display) : IProgress<GenerationProgress>
{
    public void Report(GenerationProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // While the host renders, its own step ("composing", "rendering", …) says more than "running".
        display.Show(value.Fraction, value.RenderStep ?? value.Stage.ToString().ToLowerInvariant());
    }
}

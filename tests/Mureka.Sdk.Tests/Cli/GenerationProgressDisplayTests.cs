using Mureka.Cli.Output;

namespace Mureka.Sdk.Tests.Cli;

public sealed class GenerationProgressDisplayTests
{
    [Fact]
    public void Report_WhileRendering_TheBarFollowsTheHostsFractionAndNamesItsStep()
    {
        using var output = new StringWriter();
        var display = new GenerationProgressDisplay(new ProgressDisplay(output, enabled: true));

        display.Report(new GenerationProgress(GenerationStage.Queued, new Generation()));
        display.Report(new GenerationProgress(GenerationStage.Running, new Generation(), RenderFraction: 0.5, RenderStep: "rendering"));

        Assert.Contains("  0% queued", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(" 50% rendering", output.ToString(), StringComparison.Ordinal);
    }
}

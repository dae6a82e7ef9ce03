using Mureka.Cli.Output;

namespace Mureka.Sdk.Tests.Cli;

public sealed class GenerationProgressDisplayTests
{
    [Fact]
    public void Report_StagesOfAGeneration_DrawsTheBarFromQueuedToDone()
    {
        using var writer = new StringWriter();
        var display = new GenerationProgressDisplay(new ProgressDisplay(writer, enabled: true));
        var generation = new Generation { Status = GenerationStatus.Queued };

        display.Report(new GenerationProgress(GenerationStage.Queued, generation));
        display.Report(new GenerationProgress(GenerationStage.Running, generation));
        display.Report(new GenerationProgress(GenerationStage.Downloading, generation, 50, 100));
        display.Report(new GenerationProgress(GenerationStage.Done, generation));

        var frames = writer.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, frames.Length);
        Assert.StartsWith("[..............................]   0% queued", frames[0], StringComparison.Ordinal);
        Assert.Contains(" 10% running", frames[1], StringComparison.Ordinal);
        Assert.Contains(" 95% downloading", frames[2], StringComparison.Ordinal);
        Assert.StartsWith("[##############################] 100% done", frames[3], StringComparison.Ordinal);
    }
}
